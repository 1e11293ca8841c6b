#pragma once
/// Splitting text into lines, and the one-item-a-line lists the index keeps in its metadata.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch::util {

/// Calls `f(line, offset)` for every piece of `text` between '\n's, the last one included
/// (empty when `text` ends with '\n'); `offset` is where the line begins in `text`. The
/// lines keep any '\r'.
template <class F>
void for_each_line(std::string_view text, F&& f) {
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos)
            nl = text.size();
        f(text.substr(start, nl - start), start);
        start = nl + 1;
    }
}

/// A list as one item a line, each ended by '\n' (how the index stores its names).
inline std::string join_lines(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items)
        out += item + "\n";
    return out;
}

/// The list join_lines() wrote: "" is an empty list.
inline std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> out;
    for_each_line(text, [&](std::string_view line, std::size_t) { out.emplace_back(line); });
    if (!out.empty() && out.back().empty())
        out.pop_back(); // after the last '\n', or all of an empty text
    return out;
}

} // namespace vnsearch::util
