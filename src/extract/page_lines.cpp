#include "extract/page_lines.hpp"

#include "text/vietnamese.hpp"
#include "util/lines.hpp"
#include "vnsearch/utf8.hpp"

#include <unicode/uchar.h>

namespace vnsearch::extract {
namespace {

// Headlines are short lines; a longer line, or one ending as a sentence does, is the story.
constexpr std::size_t min_title_words = 4;
constexpr std::size_t max_title_words = 40;
// A line of the story proper is longer than chrome and headlines usually are.
constexpr std::size_t min_story_line_words = 11;
// How many lines from the top the headline is looked for in.
constexpr std::size_t title_search_lines = 12;
// A time stamp line is short: "Thứ Sáu, 11/03/2022 06:00 (GMT+7)".
constexpr std::size_t max_stamp_bytes = 80;
// A headline made from the opening sentence is cut near this many bytes.
constexpr std::size_t shortened_title_bytes = 160;

std::size_t word_count(std::string_view s) {
    std::size_t n = 0;
    bool in_word = false;
    for (const char c : s) {
        const bool space = c == ' ' || c == '\t';
        if (!space && !in_word)
            ++n;
        in_word = !space;
    }
    return n;
}

bool starts_upper(std::string_view s) {
    if (s.empty())
        return false;
    std::size_t pos = 0;
    return u_isupper(static_cast<UChar32>(next_code_point(s, pos))) != 0;
}

/// Menu bars of news sites: many short items separated by runs of spaces or bars.
bool looks_like_menu(std::string_view line) {
    if (line.find("Trang chủ") != std::string_view::npos)
        return true;
    std::size_t gaps = 0;
    for (std::size_t i = 0; i + 1 < line.size(); ++i)
        if ((line[i] == ' ' && line[i + 1] == ' ') || line[i] == '|' || line[i] == '>')
            ++gaps, ++i;
    return gaps >= 3;
}

/// An author's name on its own line: one to four capitalized words, nothing else.
bool looks_like_byline(std::string_view line) {
    const std::size_t words = word_count(line);
    if (words < 1 || words > 4 || line.back() == '.' || line.back() == ':')
        return false;
    std::size_t pos = 0;
    bool word_start = true;
    while (pos < line.size()) {
        const std::size_t at = pos;
        const char32_t cp = next_code_point(line, pos);
        if (cp == ' ') {
            word_start = true;
            continue;
        }
        if (word_start && !starts_upper(line.substr(at)))
            return false;
        if (!u_isalpha(static_cast<UChar32>(cp)) && cp != '.' && !(cp >= 0x300 && cp < 0x370))
            return false;
        word_start = false;
    }
    return true;
}

bool looks_like_caption(std::string_view line) {
    // A cheap test first, true of every form below in NFC or NFD: "Ảnh:", "(ảnh:",
    // "- Ảnh 2", "Ảnh minh họa".
    if (line.find("nh:") == std::string_view::npos && line.find("NH:") == std::string_view::npos &&
        line.find("- ") == std::string_view::npos && line.find(" minh ") == std::string_view::npos)
        return false;
    const std::string folded = fold_diacritics(to_lower_nfc(line));
    return folded.rfind("anh:", 0) == 0 || folded.find(" anh:") != std::string::npos ||
           folded.find("- anh ") != std::string::npos || folded.rfind("anh minh hoa", 0) == 0 ||
           folded.find("(anh:") != std::string::npos;
}

/// The heading of a list of other stories, after which nothing belongs to this one.
bool starts_related_list(std::string_view line) {
    if (line.size() > 40)
        return false; // a heading, not a sentence
    const std::string folded = fold_diacritics(to_lower_nfc(line));
    for (const std::string_view h : {"tin lien quan", "tin cung chuyen muc", "bai viet lien quan",
                                     "tin khac", "xem them", "cac tin khac", "tin moi nhat"})
        if (folded.rfind(h, 0) == 0 && folded.size() <= h.size() + 3)
            return true;
    return false;
}

bool chrome_line(std::string_view l) {
    return looks_like_menu(l) || looks_like_timestamp(l) || looks_like_caption(l) ||
           looks_like_byline(l);
}

} // namespace

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

std::vector<Line> lines_of(std::string_view text) {
    std::vector<Line> out;
    util::for_each_line(text, [&](std::string_view line, std::size_t start) {
        out.push_back({static_cast<std::uint32_t>(start),
                       static_cast<std::uint32_t>(start + line.size()), trim(line)});
    });
    return out;
}

bool looks_like_timestamp(std::string_view line) {
    if (line.size() > max_stamp_bytes)
        return false;
    std::size_t digits = 0;
    for (const char c : line)
        digits += is_digit(c);
    return word_count(line) <= 8 && digits >= 6 &&
           (line.find('/') != std::string_view::npos || line.find('-') != std::string_view::npos);
}

bool has_clock(std::string_view line) {
    for (std::size_t i = 1; i + 2 < line.size(); ++i)
        if (line[i] == ':' && is_digit(line[i - 1]) && is_digit(line[i + 1]) &&
            is_digit(line[i + 2]))
            return true;
    return false;
}

std::string first_sentence(std::string_view text) {
    std::size_t end = text.size();
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (((text[i] == '.' || text[i] == '!' || text[i] == '?') &&
             (text[i + 1] == ' ' || text[i + 1] == '\n')) ||
            text[i] == '\n') {
            end = i;
            break;
        }
    }
    std::string_view s = trim(text.substr(0, end));
    if (s.size() <= shortened_title_bytes)
        return std::string(s);
    std::size_t cut = s.rfind(' ', shortened_title_bytes);
    if (cut == std::string_view::npos || cut < shortened_title_bytes / 2)
        cut = shortened_title_bytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
        --cut; // never split a UTF-8 sequence
    return std::string(trim(s.substr(0, cut))) + "…";
}

Layout lay_out(const std::vector<Line>& lines) {
    Layout layout{lines.size(), nullptr, std::vector<bool>(lines.size(), false)};
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view l = lines[i].text;
        if (l.empty())
            continue;
        const std::size_t words = word_count(l);
        const bool sentence_end = l.back() == '.' || l.back() == ':' || l.back() == ';';
        if (chrome_line(l)) {
            layout.chrome[i] = true;
            continue;
        }
        if (layout.story_line == lines.size() &&
            (words >= min_story_line_words && (sentence_end || words > max_title_words))) {
            layout.story_line = i;
        }
        if (layout.story_line == lines.size() && i < title_search_lines &&
            words >= min_title_words && words <= max_title_words && !sentence_end &&
            (layout.title == nullptr || words > word_count(layout.title->text)))
            layout.title = &lines[i];
        if (layout.story_line == lines.size() && !sentence_end && words < min_title_words)
            layout.chrome[i] = true; // a section name, a short menu
    }
    bool related = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        related = related || starts_related_list(lines[i].text);
        layout.chrome[i] = layout.chrome[i] || related;
    }
    return layout;
}

} // namespace vnsearch::extract
