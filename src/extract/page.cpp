#include "extract/page.hpp"

#include "text/vietnamese.hpp"
#include "util/lines.hpp"
#include "vnsearch/utf8.hpp"

#include <algorithm>
#include <array>
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

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

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

/// A line of the page with its byte span in the text.
struct Line {
    std::uint32_t begin;
    std::uint32_t end;
    std::string_view text; // trimmed
};

std::vector<Line> lines_of(std::string_view text) {
    std::vector<Line> out;
    util::for_each_line(text, [&](std::string_view line, std::size_t start) {
        out.push_back({static_cast<std::uint32_t>(start),
                       static_cast<std::uint32_t>(start + line.size()), trim(line)});
    });
    return out;
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

/// A time stamp, or the portal's date: "14/03/2024 09:42 GMT+7", "Thứ Ba, 14/03/2024".
bool looks_like_timestamp(std::string_view line) {
    if (line.size() > max_stamp_bytes)
        return false;
    std::size_t digits = 0;
    for (const char c : line)
        digits += is_digit(c);
    return word_count(line) <= 8 && digits >= 6 &&
           (line.find('/') != std::string_view::npos || line.find('-') != std::string_view::npos);
}

/// "06:00", "9:52": a clock time.
bool has_clock(std::string_view line) {
    for (std::size_t i = 1; i + 2 < line.size(); ++i)
        if (line[i] == ':' && is_digit(line[i - 1]) && is_digit(line[i + 1]) &&
            is_digit(line[i + 2]))
            return true;
    return false;
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

/// The first sentence of `text`, cut at a word boundary when it is long.
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

    // The headline: the longest short line near the top before the story starts (menus
    // and section names are shorter), unless the JSON gave one.
    const std::vector<Line> lines = lines_of(text);
    std::size_t story_line = lines.size();
    const Line* title = nullptr;
    std::vector<bool> chrome(lines.size(), false);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view l = lines[i].text;
        if (l.empty())
            continue;
        const std::size_t words = word_count(l);
        const bool sentence_end = l.back() == '.' || l.back() == ':' || l.back() == ';';
        if (chrome_line(l)) {
            chrome[i] = true;
            continue;
        }
        if (story_line == lines.size() &&
            (words >= min_story_line_words && (sentence_end || words > max_title_words))) {
            story_line = i;
        }
        if (story_line == lines.size() && i < title_search_lines && words >= min_title_words &&
            words <= max_title_words && !sentence_end &&
            (title == nullptr || words > word_count(title->text)))
            title = &lines[i];
        if (story_line == lines.size() && !sentence_end && words < min_title_words)
            chrome[i] = true; // a section name, a short menu
    }
    bool related = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        related = related || starts_related_list(lines[i].text);
        chrome[i] = chrome[i] || related;
    }
    if (!raw.title.empty()) {
        page.title = std::string(trim(raw.title));
    } else if (title != nullptr) {
        page.title = std::string(title->text);
        page.title_in_text = true;
        page.title_begin = static_cast<std::uint32_t>(title->text.data() - text.data());
        page.title_end = page.title_begin + static_cast<std::uint32_t>(title->text.size());
    } else {
        const std::size_t from = story_line < lines.size() ? lines[story_line].begin : 0;
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
        s.chrome = chrome[line] && !(page.title_in_text && s.begin == page.title_begin);
    }
    page.story = page.sentences.size();
    for (std::size_t i = 0; i < page.sentences.size(); ++i) {
        const Sentence& s = page.sentences[i];
        if (!s.chrome &&
            !(page.title_in_text && s.begin >= page.title_begin && s.end <= page.title_end) &&
            (story_line >= lines.size() || s.begin >= lines[story_line].begin)) {
            page.story = i;
            break;
        }
    }
    return page;
}

std::uint64_t Phrases::hash(std::string_view norm) noexcept {
    return std::hash<std::string_view>{}(norm);
}

Phrases::Phrases(std::initializer_list<std::string_view> phrases) {
    for (const std::string_view p : phrases) {
        Phrase phrase;
        for (const Token& t : tokenize(p))
            if (!t.part) {
                phrase.hashes.push_back(hash(t.norm));
                phrase.norms.push_back(t.norm);
            }
        if (!phrase.norms.empty())
            m_phrases.push_back(std::move(phrase));
    }
    std::stable_sort(m_phrases.begin(), m_phrases.end(), [](const Phrase& a, const Phrase& b) {
        return a.norms.size() > b.norms.size();
    });
    for (std::uint32_t i = 0; i < m_phrases.size(); ++i) {
        const std::uint64_t h = m_phrases[i].hashes.front();
        m_by_first.emplace_back(h, i);
        m_first_bits[(h >> 6) & 15] |= std::uint64_t{1} << (h & 63);
    }
    std::stable_sort(m_by_first.begin(), m_by_first.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
}

std::size_t Phrases::match(const Page& page, std::size_t i) const {
    const std::uint64_t first = page.norm_hashes[i];
    if (!(m_first_bits[(first >> 6) & 15] >> (first & 63) & 1))
        return 0;
    auto it = std::lower_bound(m_by_first.begin(), m_by_first.end(), first,
                               [](const auto& e, std::uint64_t h) { return e.first < h; });
    const std::vector<Token>& tokens = page.tokens;
    for (; it != m_by_first.end() && it->first == first; ++it) { // longest first
        const Phrase& phrase = m_phrases[it->second];
        std::size_t at = i;
        std::size_t k = 0;
        while (k < phrase.hashes.size() && at < tokens.size() &&
               page.norm_hashes[at] == phrase.hashes[k] && tokens[at].norm == phrase.norms[k]) {
            ++k;
            do
                ++at;
            while (at < tokens.size() && tokens[at].part);
        }
        if (k == phrase.hashes.size())
            return k;
    }
    return 0;
}

std::size_t Phrases::find(const Page& page, std::size_t from, std::size_t to) const {
    for (std::size_t i = from; i < to; ++i)
        if (!page.tokens[i].part && match(page, i) > 0)
            return i;
    return to;
}

namespace {

/// Whether the phrase of these hashes and norms starts at main token `i`.
bool phrase_at(const Page& page, std::size_t i, const std::vector<std::uint64_t>& hashes,
               const std::vector<std::string>& norms) {
    const std::vector<Token>& tokens = page.tokens;
    std::size_t at = i;
    for (std::size_t k = 0; k < hashes.size(); ++k) {
        if (at >= tokens.size() || page.norm_hashes[at] != hashes[k] || tokens[at].norm != norms[k])
            return false;
        do
            ++at;
        while (at < tokens.size() && tokens[at].part);
    }
    return true;
}

} // namespace

PhraseTable::PhraseTable(std::initializer_list<std::initializer_list<std::string_view>> lists) {
    std::uint32_t list = 0;
    for (const auto& phrases : lists) {
        for (const std::string_view p : phrases) {
            Phrase phrase;
            phrase.list = list;
            for (const Token& t : tokenize(p))
                if (!t.part) {
                    phrase.hashes.push_back(Phrases::hash(t.norm));
                    phrase.norms.push_back(t.norm);
                }
            if (!phrase.norms.empty())
                m_phrases.push_back(std::move(phrase));
        }
        ++list;
    }
    for (std::uint32_t i = 0; i < m_phrases.size(); ++i) {
        const std::uint64_t h = m_phrases[i].hashes.front();
        m_by_first.emplace_back(h, i);
        m_first_bits[(h >> 6) & 15] |= std::uint64_t{1} << (h & 63);
    }
    std::sort(m_by_first.begin(), m_by_first.end());
}

std::vector<std::uint32_t> PhraseTable::scan(const Page& page) const {
    std::vector<std::uint32_t> out(page.sentences.size(), 0);
    for (std::size_t s = 0; s < page.sentences.size(); ++s) {
        const Sentence& sentence = page.sentences[s];
        for (std::size_t i = sentence.first_token; i < sentence.end_token; ++i) {
            const std::uint64_t h = page.norm_hashes[i];
            if (page.tokens[i].part || !(m_first_bits[(h >> 6) & 15] >> (h & 63) & 1))
                continue;
            auto it = std::lower_bound(m_by_first.begin(), m_by_first.end(), h,
                                       [](const auto& e, std::uint64_t v) { return e.first < v; });
            for (; it != m_by_first.end() && it->first == h; ++it) {
                const Phrase& p = m_phrases[it->second];
                if (!(out[s] >> p.list & 1) && phrase_at(page, i, p.hashes, p.norms))
                    out[s] |= 1u << p.list;
            }
        }
    }
    return out;
}

const Token* previous_main(const std::vector<Token>& tokens, std::size_t i, std::size_t back) {
    while (i > 0) {
        --i;
        if (!tokens[i].part && --back == 0)
            return &tokens[i];
    }
    return nullptr;
}

const Token* next_main(const std::vector<Token>& tokens, std::size_t i, std::size_t ahead) {
    while (++i < tokens.size())
        if (!tokens[i].part && --ahead == 0)
            return &tokens[i];
    return nullptr;
}

} // namespace vnsearch::extract
