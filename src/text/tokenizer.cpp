#include "vnsearch/tokenizer.hpp"

#include "text/vietnamese.hpp"
#include "vnsearch/utf8.hpp"

#include <algorithm>
#include <array>
#include <unicode/uchar.h>

namespace vnsearch {
namespace {

enum class CharClass : std::uint8_t { space, letter, digit, joiner, dash, other };

/// A combining mark: it belongs to the letter before it.
bool is_mark_slow(char32_t cp) {
    if (cp >= 0x300 && cp < 0x370)
        return true;
    const auto type = u_charType(static_cast<UChar32>(cp));
    return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

CharClass classify_slow(char32_t cp) {
    if (cp < 0x80) {
        if (cp >= '0' && cp <= '9')
            return CharClass::digit;
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
            return CharClass::letter;
        switch (cp) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            return CharClass::space;
        case '-':
            return CharClass::dash;
        case '.':
        case ',':
        case '/':
        case '@':
        case '_':
        case ':':
            return CharClass::joiner;
        default:
            return CharClass::other;
        }
    }
    if (cp == 0x2013 || cp == 0x2014 || cp == 0x2212)
        return CharClass::dash;
    if (cp >= 0x300 && cp < 0x370)
        return CharClass::letter; // combining marks of NFD text belong to their letter
    if (u_isalnum(static_cast<UChar32>(cp)))
        return CharClass::letter;
    if (is_mark_slow(cp))
        return CharClass::letter;
    if (u_isUWhiteSpace(static_cast<UChar32>(cp)))
        return CharClass::space;
    return CharClass::other;
}

/// Classes of the code points Vietnamese text is made of, computed once through ICU.
struct ClassTable {
    static constexpr char32_t size = 0x2100;
    std::array<CharClass, size> cls{};
    std::array<bool, size> lower{};
    std::array<bool, size> mark{};
    ClassTable() {
        for (char32_t cp = 0; cp < size; ++cp) {
            cls[cp] = classify_slow(cp);
            lower[cp] = u_islower(static_cast<UChar32>(cp)) != 0;
            mark[cp] = is_mark_slow(cp);
        }
    }
};

const ClassTable& class_table() {
    static const ClassTable table;
    return table;
}

CharClass classify(const ClassTable& table, char32_t cp) {
    return cp < ClassTable::size ? table.cls[cp] : classify_slow(cp);
}

bool is_lower(const ClassTable& table, char32_t cp) {
    return cp < ClassTable::size ? table.lower[cp] : u_islower(static_cast<UChar32>(cp)) != 0;
}

bool is_alnum(CharClass c) {
    return c == CharClass::letter || c == CharClass::digit;
}

bool is_mark(const ClassTable& table, char32_t cp) {
    return cp < ClassTable::size ? table.mark[cp] : is_mark_slow(cp);
}

/// A code point with its class and byte span, so the scanner can look ahead cheaply.
struct Unit {
    char32_t cp;
    CharClass cls;
    std::uint32_t begin;
    std::uint32_t end;
};

/// The code points of `text` into `units` (cleared first; its capacity is reused).
void units_of(const ClassTable& table, std::string_view text, std::vector<Unit>& units) {
    units.clear();
    units.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const auto begin = static_cast<std::uint32_t>(pos);
        const char32_t cp = next_code_point(text, pos);
        CharClass cls = classify(table, cp);
        // A mark with no letter or digit before it (first, or after a space or punctuation)
        // has nothing to mark: as a word it would have no letters and fold to nothing. It
        // is passed over like a space.
        if (cp >= 0x300 && cls == CharClass::letter && is_mark(table, cp) &&
            (units.empty() || !is_alnum(units.back().cls)))
            cls = CharClass::space;
        units.push_back({cp, cls, begin, static_cast<std::uint32_t>(pos)});
    }
}

/// A maximal run of letters or digits inside a chunk.
struct Run {
    std::size_t first; // unit index
    std::size_t last;  // one past
    bool has_letter = false;
    bool has_digit = false;
    bool has_lower = false;
    char32_t joiner_before = 0;
};

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i])
            return false;
    }
    return true;
}

bool is_year(std::string_view digits) {
    return digits.size() == 4 && (digits.substr(0, 2) == "19" || digits.substr(0, 2) == "20");
}

int small_number(std::string_view digits) {
    if (digits.empty() || digits.size() > 2)
        return -1;
    int v = 0;
    for (char c : digits)
        v = v * 10 + (c - '0');
    return v;
}

std::string strip_leading_zeros(std::string_view digits) {
    std::size_t i = 0;
    while (i + 1 < digits.size() && digits[i] == '0')
        ++i;
    return std::string(digits.substr(i));
}

class Scanner {
public:
    // The code points of one text, per thread: tokenizing a long text allocates them
    // once, not once per call.
    explicit Scanner(std::string_view text) : m_text(text), m_units(thread_units()) {
        units_of(m_table, text, m_units);
    }
    ~Scanner() {
        if (m_units.capacity() > kept_units)
            std::vector<Unit>().swap(m_units); // an unusually long text: give the memory back
    }
    Scanner(const Scanner&) = delete;
    Scanner& operator=(const Scanner&) = delete;

    std::vector<Token> run() {
        m_tokens.reserve(m_units.size() / 3 + 8);
        std::size_t i = 0;
        bool pending_break = false;
        while (i < m_units.size()) {
            const CharClass cls = m_units[i].cls;
            if (is_alnum(cls)) {
                m_break = pending_break;
                pending_break = false;
                i = scan_chunk(i);
                continue;
            }
            // A line break ends a headline or a caption as surely as a full stop.
            if (cls == CharClass::other || cls == CharClass::joiner || m_units[i].cp == '\n')
                pending_break = true;
            ++i;
        }
        merge_spaced_year_ranges();
        assign_positions();
        return std::move(m_tokens);
    }

private:
    std::string_view slice(std::size_t first, std::size_t last) const {
        const std::uint32_t b = m_units[first].begin;
        const std::uint32_t e = m_units[last - 1].end;
        return m_text.substr(b, e - b);
    }

    void emit(TokenKind kind, std::size_t first, std::size_t last, WordForms forms,
              bool part = false) {
        Token t;
        t.kind = kind;
        t.begin = m_units[first].begin;
        t.end = m_units[last - 1].end;
        t.part = part;
        t.after_break = part ? false : m_break;
        t.norm = std::move(forms.norm);
        t.folded = std::move(forms.folded);
        m_tokens.push_back(std::move(t));
        if (!part)
            m_break = false;
    }

    /// Scans what has no space in it and starts at unit `i`: a word, number, code,
    /// date, address. Returns the index after it.
    std::size_t scan_chunk(std::size_t i) {
        if (const std::size_t url_end = scan_url(i); url_end != i)
            return url_end;

        std::vector<Run>& runs = m_runs;
        runs.clear();
        std::size_t k = i;
        char32_t joiner = 0;
        while (true) {
            Run r{k, k};
            r.joiner_before = joiner;
            while (k < m_units.size() && is_alnum(m_units[k].cls)) {
                if (m_units[k].cls == CharClass::digit) {
                    r.has_digit = true;
                } else {
                    r.has_letter = true;
                    if (is_lower(m_table, m_units[k].cp))
                        r.has_lower = true;
                }
                ++k;
            }
            r.last = k;
            runs.push_back(r);
            // A joiner continues the chunk only when an alphanumeric follows directly.
            if (k + 1 < m_units.size() &&
                (m_units[k].cls == CharClass::joiner || m_units[k].cls == CharClass::dash) &&
                is_alnum(m_units[k + 1].cls)) {
                joiner = m_units[k].cp;
                ++k;
                continue;
            }
            break;
        }
        const std::size_t end = k;
        if (runs.size() == 1) {
            emit_single_run(runs[0]);
            return end;
        }
        if (std::any_of(runs.begin() + 1, runs.end(),
                        [](const Run& r) { return r.joiner_before == '@'; })) {
            if (emit_email(runs, end))
                return end;
        }
        emit_composite(runs, end);
        return end;
    }

    std::size_t scan_url(std::size_t i) {
        const std::string_view rest = m_text.substr(m_units[i].begin);
        if (!starts_with_ci(rest, "http://") && !starts_with_ci(rest, "https://") &&
            !starts_with_ci(rest, "www."))
            return i;
        std::size_t k = i;
        while (k < m_units.size() && m_units[k].cls != CharClass::space) {
            const char32_t cp = m_units[k].cp;
            if (cp == '<' || cp == '>' || cp == '"' || cp == '\'' || cp == 0x201C || cp == 0x201D)
                break;
            ++k;
        }
        while (k > i) {
            const char32_t cp = m_units[k - 1].cp;
            if (cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == '!' || cp == '?' ||
                cp == ')' || cp == ']' || cp == '}')
                --k;
            else
                break;
        }
        emit(TokenKind::url, i, k, normalize_token(slice(i, k)));
        return k;
    }

    void emit_single_run(const Run& r) {
        const std::string_view s = slice(r.first, r.last);
        if (r.has_digit && !r.has_letter) {
            emit(is_year(s) ? TokenKind::year : TokenKind::number, r.first, r.last,
                 {std::string(s), std::string(s)});
        } else if (r.has_digit) {
            emit(TokenKind::code, r.first, r.last, normalize_token(s));
        } else {
            emit(TokenKind::word, r.first, r.last, normalize_word(s));
        }
    }

    bool emit_email(const std::vector<Run>& runs, std::size_t end) {
        int ats = 0;
        std::size_t dots_after_at = 0;
        for (std::size_t r = 1; r < runs.size(); ++r) {
            if (runs[r].joiner_before == '@')
                ++ats;
            else if (ats == 1 && runs[r].joiner_before == '.')
                ++dots_after_at;
        }
        if (ats != 1 || dots_after_at == 0)
            return false;
        emit(TokenKind::email, runs.front().first, end,
             normalize_token(slice(runs.front().first, end)));
        return true;
    }

    void emit_composite(const std::vector<Run>& runs, std::size_t end) {
        const bool digits_only =
            std::all_of(runs.begin(), runs.end(), [](const Run& r) { return !r.has_letter; });
        if (digits_only) {
            emit_numeric(runs, end);
            return;
        }
        // Letters joined without digits or capitals are ordinary words glued by punctuation
        // ("Rịa-Vũng", "đổi.Sau"): keep them as separate words.
        const bool code_like = std::any_of(runs.begin(), runs.end(), [](const Run& r) {
            return r.has_digit || (!r.has_lower && r.last - r.first >= 2);
        });
        if (!code_like) {
            for (const Run& r : runs) {
                if (r.joiner_before != 0 && r.joiner_before != '-' && r.joiner_before != '/' &&
                    r.joiner_before != 0x2013 && r.joiner_before != 0x2014)
                    m_break = true;
                emit_single_run(r);
            }
            return;
        }
        emit(TokenKind::code, runs.front().first, end,
             normalize_token(slice(runs.front().first, end)));
        emit_parts(runs);
    }

    void emit_parts(const std::vector<Run>& runs) {
        for (const Run& r : runs) {
            const std::string_view s = slice(r.first, r.last);
            TokenKind kind = TokenKind::word;
            WordForms forms;
            if (r.has_digit && !r.has_letter) {
                kind = is_year(s) ? TokenKind::year : TokenKind::number;
                forms = {std::string(s), std::string(s)};
            } else if (r.has_digit) {
                kind = TokenKind::code;
                forms = normalize_token(s);
            } else {
                forms = normalize_word(s);
            }
            emit(kind, r.first, r.last, std::move(forms), true);
        }
    }

    void emit_numeric(const std::vector<Run>& runs, std::size_t end) {
        std::vector<std::string_view> groups;
        groups.reserve(runs.size());
        for (const Run& r : runs)
            groups.push_back(slice(r.first, r.last));
        auto joined_by = [&](char32_t a, char32_t b = 0) {
            return std::all_of(runs.begin() + 1, runs.end(), [&](const Run& r) {
                return r.joiner_before == a || (b != 0 && r.joiner_before == b);
            });
        };
        const std::string_view whole = slice(runs.front().first, end);
        const int day = small_number(groups[0]);
        const int month = groups.size() >= 2 ? small_number(groups[1]) : -1;
        const bool day_month = day >= 1 && day <= 31 && month >= 1 && month <= 12;

        // 2025-2030: a period of years.
        if (groups.size() == 2 && joined_by('-', 0x2013) && is_year(groups[0]) &&
            is_year(groups[1])) {
            std::string norm = std::string(groups[0]) + "-" + std::string(groups[1]);
            emit(TokenKind::year_range, runs.front().first, end, {norm, norm});
            emit_parts(runs);
            return;
        }
        // 14/03/2024, 14-3-2024, 14.3.2024, 14/3 and 14.3 (day first, as Vietnamese writes it).
        const bool full_date = groups.size() == 3 && is_year(groups[2]);
        const bool short_date = groups.size() == 2 && groups[1].size() != 3;
        if (day_month && (full_date || short_date) &&
            (joined_by('/') || joined_by('-') || joined_by('.'))) {
            std::string norm = strip_leading_zeros(groups[0]);
            norm.append("/").append(strip_leading_zeros(groups[1]));
            if (full_date)
                norm.append("/").append(groups[2]);
            emit(TokenKind::date, runs.front().first, end, {norm, norm});
            emit_parts(runs);
            return;
        }
        // 2024-03-14: ISO dates from metadata and date lines.
        if (groups.size() == 3 && is_year(groups[0]) && joined_by('-')) {
            const int m = small_number(groups[1]);
            const int d = small_number(groups[2]);
            if (m >= 1 && m <= 12 && d >= 1 && d <= 31) {
                std::string norm = strip_leading_zeros(groups[2]);
                norm.append("/")
                    .append(strip_leading_zeros(groups[1]))
                    .append("/")
                    .append(groups[0]);
                emit(TokenKind::date, runs.front().first, end, {norm, norm});
                emit_parts(runs);
                return;
            }
        }
        // 1.250 / 1.250.000 / 1,5 / 98,5: Vietnamese thousands dots and decimal comma.
        if (joined_by('.', ',')) {
            std::string folded;
            const bool thousands =
                joined_by('.') && std::all_of(groups.begin() + 1, groups.end(),
                                              [](std::string_view g) { return g.size() == 3; });
            for (std::size_t g = 0; g < groups.size(); ++g) {
                if (g > 0 && !thousands)
                    folded += static_cast<char>(runs[g].joiner_before);
                folded += groups[g];
            }
            emit(TokenKind::number, runs.front().first, end, {std::string(whole), folded});
            return;
        }
        emit(TokenKind::code, runs.front().first, end, normalize_token(whole));
        emit_parts(runs);
    }

    /// "2021 – 2025" and "2024 - 2028": two years around a dash with spaces make a range.
    void merge_spaced_year_ranges() {
        const bool any = std::adjacent_find(
                             m_tokens.begin(), m_tokens.end(), [](const Token& a, const Token& b) {
                                 return a.kind == TokenKind::year && b.kind == TokenKind::year &&
                                        !a.part && !b.part;
                             }) != m_tokens.end();
        if (!any)
            return; // the common case: nothing to merge, nothing to copy
        std::vector<Token> out;
        out.reserve(m_tokens.size());
        for (std::size_t t = 0; t < m_tokens.size(); ++t) {
            Token& cur = m_tokens[t];
            if (cur.kind == TokenKind::year && !cur.part && t + 1 < m_tokens.size() &&
                m_tokens[t + 1].kind == TokenKind::year && !m_tokens[t + 1].part &&
                dash_between(cur.end, m_tokens[t + 1].begin)) {
                Token range;
                range.kind = TokenKind::year_range;
                range.begin = cur.begin;
                range.end = m_tokens[t + 1].end;
                range.after_break = cur.after_break;
                range.norm = cur.norm + "-" + m_tokens[t + 1].norm;
                range.folded = range.norm;
                Token first = std::move(cur);
                Token second = std::move(m_tokens[t + 1]);
                first.part = second.part = true;
                first.after_break = second.after_break = false;
                out.push_back(std::move(range));
                out.push_back(std::move(first));
                out.push_back(std::move(second));
                ++t;
                continue;
            }
            out.push_back(std::move(cur));
        }
        m_tokens = std::move(out);
    }

    bool dash_between(std::uint32_t from, std::uint32_t to) const {
        int dashes = 0;
        for (std::size_t pos = from; pos < to;) {
            const char32_t cp = next_code_point(m_text, pos);
            const CharClass c = classify(m_table, cp);
            if (c == CharClass::dash)
                ++dashes;
            else if (c != CharClass::space)
                return false;
        }
        return dashes == 1;
    }

    void assign_positions() {
        std::uint32_t next = 0;
        for (std::size_t t = 0; t < m_tokens.size(); ++t) {
            Token& tok = m_tokens[t];
            const bool has_parts = t + 1 < m_tokens.size() && m_tokens[t + 1].part && !tok.part;
            tok.position = next;
            if (!has_parts)
                ++next;
        }
    }

    static constexpr std::size_t kept_units = 1 << 16; // 1 MB of units: texts of 64 KB
    static std::vector<Unit>& thread_units() {
        thread_local std::vector<Unit> units;
        return units;
    }

    const ClassTable& m_table = class_table();
    std::string_view m_text;
    std::vector<Unit>& m_units;
    std::vector<Token> m_tokens;
    std::vector<Run> m_runs; // reused by every chunk
    bool m_break = false;
};

} // namespace

std::string_view kind_name(TokenKind kind) noexcept {
    switch (kind) {
    case TokenKind::word:
        return "word";
    case TokenKind::number:
        return "number";
    case TokenKind::year:
        return "year";
    case TokenKind::year_range:
        return "year_range";
    case TokenKind::date:
        return "date";
    case TokenKind::code:
        return "code";
    case TokenKind::email:
        return "email";
    case TokenKind::url:
        return "url";
    }
    return "?";
}

std::vector<Token> tokenize(std::string_view text) {
    return Scanner(text).run();
}

} // namespace vnsearch
