#pragma once
/// The lines of a crawled page: which are the portal's chrome (menus, time stamps, captions,
/// bylines, the list of related stories), which is the headline, and where the story starts.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch::extract {

/// A line of the page with its byte span in the text.
struct Line {
    std::uint32_t begin;
    std::uint32_t end;
    std::string_view text; // trimmed
};

/// The page's lines, each trimmed, with their spans.
std::vector<Line> lines_of(std::string_view text);

/// Where the headline, the chrome and the story are among a page's lines.
struct Layout {
    std::size_t story_line = 0;  ///< the story's first line; lines.size() when none is found
    const Line* title = nullptr; ///< the headline line, if one is found
    std::vector<bool> chrome;    ///< by line
};

/// The headline: the longest short line near the top before the story starts (menus and
/// section names are shorter); chrome lines, and all from a list of related stories on.
Layout lay_out(const std::vector<Line>& lines);

/// A time stamp, or the portal's date: "14/03/2024 09:42 GMT+7", "Thứ Ba, 14/03/2024".
bool looks_like_timestamp(std::string_view line);
/// "06:00", "9:52": a clock time.
bool has_clock(std::string_view line);
/// The first sentence of `text`, cut at a word boundary when it is long.
std::string first_sentence(std::string_view text);

std::string_view trim(std::string_view s);
inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

} // namespace vnsearch::extract
