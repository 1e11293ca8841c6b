#include "vnsearch/tokenizer.hpp"

#include "text/char_class.hpp"
#include "text/numbers.hpp"
#include "text/vietnamese.hpp"
#include "vnsearch/utf8.hpp"

#include <algorithm>
#include <array>
#include <unicode/uchar.h>

namespace vnsearch {
namespace {

using namespace text;

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
        std::vector<char32_t> joiners;
        groups.reserve(runs.size());
        joiners.reserve(runs.size());
        for (const Run& r : runs) {
            groups.push_back(slice(r.first, r.last));
            joiners.push_back(r.joiner_before);
        }
        NumericReading n = read_numeric(groups, joiners, slice(runs.front().first, end));
        emit(n.kind, runs.front().first, end, std::move(n.forms));
        if (n.parts)
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
