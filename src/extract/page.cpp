#include "extract/page.hpp"

#include "extract/page_lines.hpp"
#include "text/vietnamese.hpp"
#include "vnsearch/utf8.hpp"

#include <algorithm>
#include <array>
#include <unicode/uchar.h>

namespace vnsearch::extract {
namespace {

/// Reads "date 2024-03-14" (or "date 2021-04", "date 2021") at the top of a crawl; returns
/// the date and where the article starts after it, or nothing.
struct DateLine {
    PartialDate date;
    std::size_t rest = 0;
};
std::optional<DateLine> read_date_line(std::string_view text) {
    const std::size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos || text.compare(start, 5, "date ") != 0)
        return std::nullopt;
    std::size_t end = start + 5;
    while (end < text.size() && (is_digit(text[end]) || text[end] == '-'))
        ++end;
    const auto date = PartialDate::parse(text.substr(start + 5, end - start - 5));
    if (!date || (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\r' &&
                  text[end] != '\n'))
        return std::nullopt;
    const std::size_t rest = text.find_first_not_of(" \t\r\n", end);
    return DateLine{*date, rest == std::string_view::npos ? text.size() : rest};
}

/// Abbreviations after which a full stop ends no sentence: "TP. Hồ Chí Minh", "P.Đồng Hới".
bool abbreviation_before(std::string_view text, std::size_t dot) {
    std::size_t start = dot;
    while (start > 0 && text[start - 1] != ' ' && text[start - 1] != '\n' &&
           text[start - 1] != '(' && text[start - 1] != '.')
        --start;
    const std::string word = fold_diacritics(to_lower_nfc(text.substr(start, dot - start)));
    static constexpr std::array<std::string_view, 16> abbreviations = {
        "tp", "p",  "q",  "tx",  "tt", "ts", "ths", "pgs",
        "gs", "bs", "ks", "nxb", "st", "mr", "ms",  "ong"};
    if (std::find(abbreviations.begin(), abbreviations.end(), word) != abbreviations.end())
        return true;
    // One capital letter: an initial ("Nguyễn V. A").
    std::size_t pos = 0;
    const std::string_view w = text.substr(start, dot - start);
    if (!w.empty()) {
        const char32_t cp = next_code_point(w, pos);
        if (pos == w.size() && u_isupper(static_cast<UChar32>(cp)))
            return true;
    }
    return false;
}

/// Sentences of the text: lines, cut after . ! ? and a space (not after an abbreviation).
std::vector<Sentence> split_sentences(std::string_view text) {
    std::vector<Sentence> out;
    auto push = [&](std::size_t b, std::size_t e) {
        while (b < e && (text[b] == ' ' || text[b] == '\t' || text[b] == '\r'))
            ++b;
        while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r'))
            --e;
        if (e > b)
            out.push_back({static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e)});
    };
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') {
            push(start, i);
            start = i + 1;
        } else if ((c == '.' || c == '!' || c == '?') && i + 1 < text.size() &&
                   (text[i + 1] == ' ' || text[i + 1] == '"' || text[i + 1] == '\n') &&
                   !(c == '.' && abbreviation_before(text, i))) {
            std::size_t end = i + 1;
            if (end < text.size() && text[end] == '"')
                ++end; // a closing quote belongs to its sentence
            if (end < text.size() && text[end] != ' ' && text[end] != '\n')
                continue;
            push(start, end);
            start = end;
        }
    }
    push(start, text.size());
    return out;
}

/// The time stamps of the page's lines: the article's own (with a clock time) and the
/// portal's date of the day.
std::vector<Stamp> read_stamps(const std::vector<Line>& lines, const Page& page) {
    std::vector<Stamp> stamps;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view l = lines[i].text;
        if (!looks_like_timestamp(l))
            continue;
        for (const Token& t : tokenize(l)) {
            if (t.kind != TokenKind::date || t.part)
                continue;
            const auto slash1 = t.norm.find('/');
            const auto slash2 = t.norm.find('/', slash1 + 1);
            if (slash2 == std::string::npos)
                continue;
            PartialDate d;
            d.day = std::stoi(t.norm.substr(0, slash1));
            d.month = std::stoi(t.norm.substr(slash1 + 1, slash2 - slash1 - 1));
            d.year = std::stoi(t.norm.substr(slash2 + 1));
            if (!PartialDate::parse(d.iso()))
                continue;
            stamps.push_back({d, lines[i].begin, lines[i].end, has_clock(l),
                              page.title_in_text && lines[i].end <= page.title_begin});
            break;
        }
    }
    return stamps;
}

} // namespace

std::size_t Page::sentence_at(std::uint32_t offset) const {
    const auto it =
        std::upper_bound(sentences.begin(), sentences.end(), offset,
                         [](std::uint32_t o, const Sentence& s) { return o < s.begin; });
    return it == sentences.begin() ? 0 : static_cast<std::size_t>(it - sentences.begin()) - 1;
}

Page read_page(const RawArticle& raw) {
    Page page;
    std::string_view text = raw.text;
    if (const auto line = read_date_line(text)) {
        page.date_line = line->date;
        text = text.substr(line->rest);
    }
    page.text = std::string(text);
    text = page.text;

    const std::vector<Line> lines = lines_of(text);
    const Layout layout = lay_out(lines);
    if (!raw.title.empty()) {
        page.title = std::string(trim(raw.title));
    } else if (layout.title != nullptr) {
        page.title = std::string(layout.title->text);
        page.title_in_text = true;
        page.title_begin = static_cast<std::uint32_t>(layout.title->text.data() - text.data());
        page.title_end = page.title_begin + static_cast<std::uint32_t>(layout.title->text.size());
    } else {
        const std::size_t from =
            layout.story_line < lines.size() ? lines[layout.story_line].begin : 0;
        page.title = first_sentence(text.substr(from));
    }

    page.stamps = read_stamps(lines, page);

    page.tokens = tokenize(text);
    page.norm_hashes.reserve(page.tokens.size());
    for (const Token& t : page.tokens)
        page.norm_hashes.push_back(Phrases::hash(t.norm));
    page.sentences = split_sentences(text);
    std::size_t t = 0;
    std::size_t line = 0;
    for (Sentence& s : page.sentences) {
        while (t < page.tokens.size() && page.tokens[t].begin < s.begin)
            ++t;
        s.first_token = static_cast<std::uint32_t>(t);
        while (t < page.tokens.size() && page.tokens[t].begin < s.end)
            ++t;
        s.end_token = static_cast<std::uint32_t>(t);
        while (line + 1 < lines.size() && lines[line].end < s.begin)
            ++line;
        s.chrome = layout.chrome[line] && !(page.title_in_text && s.begin == page.title_begin);
    }
    page.story = page.sentences.size();
    for (std::size_t i = 0; i < page.sentences.size(); ++i) {
        const Sentence& s = page.sentences[i];
        if (!s.chrome &&
            !(page.title_in_text && s.begin >= page.title_begin && s.end <= page.title_end) &&
            (layout.story_line >= lines.size() || s.begin >= lines[layout.story_line].begin)) {
            page.story = i;
            break;
        }
    }
    return page;
}

} // namespace vnsearch::extract
