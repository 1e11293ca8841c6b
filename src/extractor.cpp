#include "vnsearch/extractor.hpp"

#include "vnsearch/utf8.hpp"
#include "vnsearch/vietnamese.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <map>
#include <unicode/uchar.h>

namespace vnsearch {
namespace {

// How much each kind of evidence weighs when choosing the partner province. A mention in
// the headline or in "UBND tỉnh X" names the partner; "tại X" names the venue.
constexpr double weight_title = 4.0;
constexpr double weight_admin_prefix = 2.0; // "tỉnh X", "thành phố X", "TP. X"
constexpr double weight_committee = 2.0;    // "UBND tỉnh X", "Ủy ban nhân dân tỉnh X"
constexpr double weight_branch = 1.5;       // "VNPT X", "Viettel X": a local branch
constexpr double weight_first_sentence = 1.0;
constexpr double penalty_venue = 1.5; // "tại X"
constexpr double weight_town = 0.4;
constexpr double min_province_score = 1.0;

// A pillar counts when its terms weigh at least this much (a name weighs 3, content 1).
constexpr int pillar_threshold = 4;

// Headlines are short lines; a longer line or one ending in a full stop is the story.
constexpr std::size_t max_title_words = 40;
constexpr std::size_t min_title_words = 4;
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

bool is_iso_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!is_digit(s[i]))
            return false;
    const int month = (s[5] - '0') * 10 + (s[6] - '0');
    const int day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

std::string two_digits(int v) {
    std::string s = std::to_string(v);
    if (s.size() < 2)
        s.insert(s.begin(), '0');
    return s;
}

int to_int(std::string_view s) {
    int v = 0;
    for (char c : s) {
        if (!is_digit(c))
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

std::size_t word_count(std::string_view s) {
    std::size_t n = 0;
    bool in_word = false;
    for (char c : s) {
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

/// A line of a crawled page, with its byte span in the text.
struct Line {
    std::size_t begin;
    std::size_t end;
    std::string_view text; // trimmed
};

std::vector<Line> lines_of(std::string_view text) {
    std::vector<Line> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos)
            nl = text.size();
        out.push_back({start, nl, trim(text.substr(start, nl - start))});
        start = nl + 1;
    }
    return out;
}

/// Menu bars of news sites: many short items separated by runs of spaces or bars.
bool looks_like_menu(std::string_view line) {
    if (line.find("Trang chủ") != std::string_view::npos)
        return true;
    std::size_t gaps = 0;
    for (std::size_t i = 0; i + 1 < line.size(); ++i)
        if ((line[i] == ' ' && line[i + 1] == ' ') || line[i] == '|')
            ++gaps, ++i;
    return gaps >= 3;
}

/// "14/03/2024 09:42 GMT+7", "05/11/2021 - 20:14", "Thứ Ba, 14/03/2024".
bool looks_like_timestamp(std::string_view line) {
    std::size_t digits = 0;
    for (char c : line)
        digits += is_digit(c);
    return word_count(line) <= 6 && digits >= 6 && line.find('/') != std::string_view::npos;
}

/// An author's name on its own line: two to four capitalized words, nothing else.
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
    const std::string folded = fold_diacritics(to_lower_nfc(line));
    return folded.rfind("anh:", 0) == 0 || folded.find(" anh:") != std::string::npos ||
           folded.find("- anh ") != std::string::npos || folded.rfind("anh minh hoa", 0) == 0;
}

/// The first sentence of `text`, cut at a word boundary when it is long.
std::string first_sentence(std::string_view text) {
    std::size_t end = text.size();
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if ((text[i] == '.' || text[i] == '!' || text[i] == '?') &&
            (text[i + 1] == ' ' || text[i + 1] == '\n')) {
            end = i;
            break;
        }
        if (text[i] == '\n') {
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

/// Byte offsets where sentences start: after . ! ? followed by a space, and at line starts.
std::vector<std::uint32_t> sentence_starts(std::string_view text) {
    std::vector<std::uint32_t> starts{0};
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n' || ((c == '.' || c == '!' || c == '?') && text[i + 1] == ' '))
            starts.push_back(static_cast<std::uint32_t>(i + 1));
    }
    return starts;
}

std::size_t sentence_of(const std::vector<std::uint32_t>& starts, std::uint32_t offset) {
    return static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), offset) -
                                    starts.begin()) -
           1;
}

/// The main (non-part) token before token `i`, or nullptr.
const Token* previous_main(const std::vector<Token>& tokens, std::size_t i, std::size_t back = 1) {
    while (i > 0) {
        --i;
        if (!tokens[i].part && --back == 0)
            return &tokens[i];
    }
    return nullptr;
}

bool is(const Token* t, std::string_view folded) {
    return t != nullptr && t->folded == folded;
}

/// Titles that introduce a signatory: "Chủ tịch UBND tỉnh", "Phó Tổng Giám đốc Viettel".
constexpr std::array<std::string_view, 12> title_openers = {
    "chu tich",  "pho chu tich", "tong giam doc", "pho tong giam doc",
    "giam doc",  "pho giam doc", "bi thu",        "pho bi thu",
    "bo truong", "thu truong",   "truong ban",    "chanh van phong"};

struct Located {
    std::string_view text;
    std::size_t title_begin = 0; // byte span of the headline in text, if any
    std::size_t title_end = 0;
    bool has_title_line = false;
};

} // namespace

Extractor::Extractor(std::shared_ptr<const Knowledge> knowledge)
    : m_knowledge(std::move(knowledge)) {
    assert(m_knowledge != nullptr);
}

Extraction Extractor::analyse(const RawArticle& raw) const {
    const Knowledge& k = *m_knowledge;
    Extraction out;
    ArticleRecord& r = out.record;
    r.id = raw.id;
    r.url = raw.url;
    r.site = raw.site;
    r.path = raw.path;

    // The crawled "date YYYY-MM-DD" first line; the story may go on after the date.
    std::string_view text = raw.text;
    {
        const std::size_t nl = text.find('\n');
        const std::string_view first = trim(text.substr(0, nl));
        if (first.rfind("date ", 0) == 0 && is_iso_date(first.substr(5, 10))) {
            r.date = std::string(first.substr(5, 10));
            r.date_rule = "date_line";
            const std::size_t after = static_cast<std::size_t>(first.data() - text.data()) + 15;
            text = text.substr(std::min(after, text.size()));
            text = text.substr(std::min(text.find_first_not_of(" \t\r\n"), text.size()));
        }
    }
    if (r.date.empty() &&
        is_iso_date(raw.published.substr(0, std::min<std::size_t>(10, raw.published.size())))) {
        r.date = raw.published.substr(0, 10);
        r.date_rule = "published";
    }
    r.text = std::string(text);
    text = r.text;

    // Headline: the first line that is neither page chrome nor the story itself.
    Located loc{text};
    if (!raw.title.empty()) {
        r.title = std::string(trim(raw.title));
    } else {
        for (const Line& line : lines_of(text)) {
            const std::string_view l = line.text;
            if (l.empty() || looks_like_menu(l) || looks_like_timestamp(l) || looks_like_caption(l))
                continue;
            const std::size_t words = word_count(l);
            const bool sentence_end = l.back() == '.' || l.back() == ':' || l.back() == ';';
            if (words >= min_title_words && words <= max_title_words && !sentence_end) {
                r.title = std::string(l);
                loc.title_begin = static_cast<std::size_t>(l.data() - text.data());
                loc.title_end = loc.title_begin + l.size();
                loc.has_title_line = true;
                break;
            }
            if (looks_like_byline(l))
                continue;
            break; // the story starts: no headline line
        }
        if (r.title.empty())
            r.title = first_sentence(text);
    }

    out.tokens = tokenize(text);
    const std::vector<Token>& tokens = out.tokens;
    const std::vector<std::uint32_t> sentences = sentence_starts(text);
    auto in_title = [&](const Token& t) {
        return loc.has_title_line && t.begin >= loc.title_begin && t.end <= loc.title_end;
    };
    // The first sentence of the story proper (after the headline, chrome and bylines).
    std::size_t story_sentence = 0;
    for (const Token& t : tokens) {
        if (t.begin >= loc.title_end && t.kind == TokenKind::word && !t.part &&
            word_count(text.substr(t.begin, text.find('\n', t.begin) - t.begin)) >
                max_title_words / 4) {
            story_sentence = sentence_of(sentences, t.begin);
            break;
        }
    }

    // Carriers: every alias, weighted by where it stands.
    out.carriers = k.carrier_names.find(text, tokens);
    const std::vector<Mention>& carrier_mentions = out.carriers;
    std::vector<std::size_t> signing_sentences;
    for (std::size_t i = 0; i < tokens.size(); ++i)
        if (!tokens[i].part && (tokens[i].folded == "ky" || tokens[i].folded == "thoa"))
            signing_sentences.push_back(sentence_of(sentences, tokens[i].begin));
    auto is_signing = [&](std::size_t s) {
        return std::find(signing_sentences.begin(), signing_sentences.end(), s) !=
               signing_sentences.end();
    };
    std::vector<double> carrier_score(k.carriers.size(), 0.0);
    std::vector<int> carrier_count(k.carriers.size(), 0);
    std::vector<std::uint32_t> branch_after; // token index right after a carrier mention
    for (const Mention& m : carrier_mentions) {
        const Token& t = tokens[m.first];
        double w = 1.0;
        if (in_title(t))
            w += 3.0;
        if (is_signing(sentence_of(sentences, t.begin)))
            w += 1.0;
        carrier_score[m.payload] += w;
        ++carrier_count[m.payload];
        branch_after.push_back(m.last + 1);
    }
    if (!raw.title.empty()) {
        const auto title_tokens = tokenize(raw.title);
        for (const Mention& m : k.carrier_names.find(raw.title, title_tokens))
            carrier_score[m.payload] += 3.0;
    }
    const double best_carrier =
        carrier_score.empty() ? 0.0 : *std::max_element(carrier_score.begin(), carrier_score.end());
    for (std::size_t c = 0; c < k.carriers.size(); ++c)
        if (carrier_score[c] >= 2.0 && carrier_score[c] >= 0.25 * best_carrier)
            r.carriers.push_back(k.carriers[c]);

    // Partner province.
    out.places = k.places.find(text, tokens);
    const std::vector<Mention>& place_mentions = out.places;
    std::map<int, double> province_score;
    std::map<int, double> current_name_score;
    std::map<std::pair<int, int>, double> former_score;
    std::map<int, std::uint32_t> first_seen;
    for (const Mention& m : place_mentions) {
        const PlaceRef ref = PlaceRef::unpack(m.payload);
        const Token& t = tokens[m.first];
        double w = ref.kind == PlaceRef::town ? weight_town : 1.0;
        if (in_title(t))
            w += weight_title;
        const Token* p1 = previous_main(tokens, m.first, 1);
        const Token* p2 = previous_main(tokens, m.first, 2);
        const Token* p3 = previous_main(tokens, m.first, 3);
        const bool tinh = is(p1, "tinh");
        const bool thanh_pho = (is(p2, "thanh") && is(p1, "pho")) || is(p1, "tp");
        if (tinh || thanh_pho)
            w += weight_admin_prefix;
        if ((tinh && is(p2, "ubnd")) || (tinh && is(p2, "dan") && is(p3, "nhan")) ||
            (thanh_pho && (is(p3, "ubnd") || is(p2, "ubnd"))))
            w += weight_committee;
        if (is(p1, "tai") || ((tinh || thanh_pho) && (is(p2, "tai") || is(p3, "tai"))))
            w -= penalty_venue;
        if (std::find(branch_after.begin(), branch_after.end(), m.first) != branch_after.end())
            w += weight_branch;
        if (sentence_of(sentences, t.begin) == story_sentence)
            w += weight_first_sentence;
        province_score[ref.province] += w;
        first_seen.try_emplace(ref.province, m.first);
        if (ref.kind == PlaceRef::current_name)
            current_name_score[ref.province] += w;
        else if (ref.kind == PlaceRef::former_name)
            former_score[{ref.province, ref.former}] += w;
    }
    if (!raw.title.empty()) {
        const auto title_tokens = tokenize(raw.title);
        for (const Mention& m : k.places.find(raw.title, title_tokens)) {
            const PlaceRef ref = PlaceRef::unpack(m.payload);
            province_score[ref.province] += weight_title;
            first_seen.try_emplace(ref.province, 0);
            if (ref.kind == PlaceRef::former_name)
                former_score[{ref.province, ref.former}] += weight_title;
            else if (ref.kind == PlaceRef::current_name)
                current_name_score[ref.province] += weight_title;
        }
    }
    int best_province = 0;
    double best_score = min_province_score - 1e-9;
    for (const auto& [code, score] : province_score) {
        if (score > best_score + 1e-9 ||
            (std::abs(score - best_score) <= 1e-9 && best_province != 0 &&
             first_seen[code] < first_seen[best_province])) {
            best_province = code;
            best_score = score;
        }
    }

    // Dates: the date line or published field, else the text.
    std::string first_period;
    int period_from = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (t.kind == TokenKind::year_range && !t.part) {
            const Token* p1 = previous_main(tokens, i, 1);
            const Token* p2 = previous_main(tokens, i, 2);
            const bool named = is(p1, "doan") && is(p2, "giai");
            if (first_period.empty() || (named && r.period.empty())) {
                first_period = t.norm;
                if (named)
                    r.period = t.norm;
            }
        }
        if (r.vision == 0 && t.kind == TokenKind::year && !t.part) {
            for (std::size_t back = 1; back <= 4; ++back) {
                const Token* p = previous_main(tokens, i, back);
                const Token* q = previous_main(tokens, i, back + 1);
                if (is(p, "nhin") && is(q, "tam")) {
                    r.vision = to_int(t.norm);
                    break;
                }
            }
        }
    }
    if (r.period.empty())
        r.period = first_period;
    if (!r.period.empty())
        period_from = to_int(std::string_view(r.period).substr(0, 4));

    if (r.date.empty()) {
        // A full date near the top (a time stamp, the opening sentence) dates the story;
        // one further down may date a decree it cites.
        const std::size_t near_top = std::max<std::size_t>(loc.title_end, 0) + 400;
        const Token* full = nullptr;
        const Token* day_month = nullptr;
        for (const Token& t : tokens) {
            if (t.kind != TokenKind::date || t.part)
                continue;
            const bool has_year = std::count(t.norm.begin(), t.norm.end(), '/') == 2;
            if (has_year && full == nullptr && t.begin < near_top)
                full = &t;
            if (!has_year && day_month == nullptr && t.begin < near_top)
                day_month = &t;
        }
        auto set_date = [&](int day, int month, int year, const char* rule) {
            r.date = std::to_string(year) + "-" + two_digits(month) + "-" + two_digits(day);
            r.date_rule = rule;
        };
        auto parts = [](const std::string& norm) {
            std::vector<int> v;
            std::size_t start = 0;
            while (start <= norm.size()) {
                std::size_t slash = norm.find('/', start);
                if (slash == std::string::npos)
                    slash = norm.size();
                v.push_back(to_int(std::string_view(norm).substr(start, slash - start)));
                start = slash + 1;
            }
            return v;
        };
        if (full != nullptr) {
            const auto v = parts(full->norm);
            set_date(v[0], v[1], v[2], "text_full_date");
        } else if (day_month != nullptr && period_from != 0) {
            const auto v = parts(day_month->norm);
            set_date(v[0], v[1], period_from, "text_day_month_period");
        } else if (period_from != 0) {
            r.year = period_from;
            r.date_rule = "period_year";
        } else {
            r.date_rule = "none";
        }
    }
    if (!r.date.empty())
        r.year = to_int(std::string_view(r.date).substr(0, 4));

    if (best_province != 0) {
        r.province = k.provinces[static_cast<std::size_t>(best_province - 1)];
        // The old name counts when the article speaks of the partner by it more than by
        // today's name, and was written before the merger took effect.
        const bool after_merger = !r.date.empty() && r.date >= "2025-07-01";
        double best_former = 0.0;
        for (const auto& [key, score] : former_score) {
            if (key.first == best_province && score > best_former) {
                best_former = score;
                if (score > current_name_score[best_province] &&
                    !(after_merger && current_name_score[best_province] > 0))
                    r.former_province =
                        k.former_provinces[static_cast<std::size_t>(key.second - 1)];
            }
        }
    }

    // Pillars: weights of their terms, above a threshold so a passing word does not count.
    std::array<int, pillar_ids.size()> pillar_weight{};
    for (const Mention& m : k.pillar_terms.find(text, tokens, FindOptions{false}))
        pillar_weight[m.payload >> 8] += static_cast<int>(m.payload & 0xFF);
    for (std::size_t p = 0; p < pillar_ids.size(); ++p)
        if (pillar_weight[p] >= pillar_threshold)
            r.pillars.emplace_back(pillar_ids[p]);

    // Signatories: "ông/bà <Name>, <title>".
    for (std::size_t i = 0; i < tokens.size() && r.signatories.size() < 12; ++i) {
        const Token& t = tokens[i];
        if (t.part || (t.folded != "ong" && t.folded != "ba"))
            continue;
        std::size_t j = i + 1;
        std::size_t name_end = 0;
        std::size_t syllables = 0;
        while (j < tokens.size() && syllables < 4 && tokens[j].kind == TokenKind::word &&
               !tokens[j].part && (syllables == 0 || !tokens[j].after_break) &&
               starts_upper(text.substr(tokens[j].begin, tokens[j].end - tokens[j].begin))) {
            name_end = tokens[j].end;
            ++syllables;
            ++j;
        }
        if (syllables < 2)
            continue;
        std::size_t pos = name_end;
        while (pos < text.size() && (text[pos] == ',' || text[pos] == ' '))
            ++pos;
        std::size_t stop = pos;
        while (stop < text.size() &&
               std::string_view(",;.()\n\"").find(text[stop]) == std::string_view::npos)
            ++stop;
        std::string title(trim(text.substr(pos, stop - pos)));
        for (const char* cut :
             {" và ông ", " và bà ", " ký ", " cho biết", " phát biểu", " nhấn mạnh"})
            if (const std::size_t c = title.find(cut); c != std::string::npos)
                title.resize(c);
        const std::string folded_title = fold_diacritics(to_lower_nfc(title));
        const bool titled =
            std::any_of(title_openers.begin(), title_openers.end(),
                        [&](std::string_view o) { return folded_title.rfind(o, 0) == 0; });
        if (!titled || title.size() > 160)
            continue;
        const std::string name(text.substr(tokens[i + 1].begin, name_end - tokens[i + 1].begin));
        const bool seen = std::any_of(r.signatories.begin(), r.signatories.end(),
                                      [&](const Signatory& s) { return s.name == name; });
        if (!seen)
            r.signatories.push_back({name, title});
        i = j - 1;
    }
    return out;
}

} // namespace vnsearch
