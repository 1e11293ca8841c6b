#include "search/highlight.hpp"

#include "text/vietnamese.hpp"
#include "vnsearch/tokenizer.hpp"

#include <algorithm>
#include <cctype>

namespace vnsearch {

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out.push_back(c);
        }
    }
    return out;
}

namespace {

/// A text is tokenized a piece at a time, each piece ending at the first line break past
/// this many bytes, so that a window found early leaves the rest of a long text unread.
constexpr std::size_t piece_bytes = 1024;

} // namespace

namespace {
// How much of a text a snippet is looked for in (a news story is a few kilobytes).
constexpr std::size_t max_scanned_bytes = 256u << 10;
} // namespace

namespace {

/// `text` cut at a character boundary at most `bytes` in.
std::string_view cut_at(std::string_view text, std::size_t bytes) {
    if (text.size() <= bytes)
        return text;
    std::size_t cut = bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return text.substr(0, cut);
}

/// Looks for the best window of a text, a piece at a time, and writes it with its matches
/// marked.
class SnippetMaker {
public:
    SnippetMaker(std::string_view text, const HighlightSpec& spec, const Knowledge& knowledge,
                 std::size_t max_bytes)
        : m_text(text), m_spec(spec), m_knowledge(knowledge), m_max_bytes(max_bytes) {
        // The most distinct things a window can mark: every word (by its folded form) and
        // every name. A window marking them all ends the search.
        std::unordered_set<std::string> words(spec.folded_terms.begin(), spec.folded_terms.end());
        for (const std::string& w : spec.exact_terms)
            words.insert(fold_diacritics(w));
        m_everything = words.size() + spec.entities.size();
    }

    std::string make() {
        // Windows start at a marked word (or at the opening) and hold the words that end
        // within max_bytes of it. The best marks the most distinct things, then the most
        // matches, the earliest winning; the first that marks everything is taken at once.
        while (!m_settled && m_done < m_text.size()) {
            read_piece();
            score_windows();
        }
        if (m_toks.empty())
            return html_escape(m_text.substr(0, std::min(m_text.size(), m_max_bytes)));
        return write_window();
    }

private:
    const Token& tok(std::size_t i) const { return m_all[m_toks[i]]; }
    const std::string& folded(std::size_t i) const { return m_all[m_key[i]].folded; }

    bool wanted_entity(const Mention& m, std::uint32_t flag) const {
        return std::any_of(m_spec.entities.begin(), m_spec.entities.end(), [&](std::uint32_t e) {
            if ((e & 0x80000000u) != flag)
                return false;
            if (flag != 0)
                return (e & 0x7FFFFFFFu) == m.payload;
            // A place: the same current (or former) province, whatever the spelling.
            const PlaceRef a = PlaceRef::unpack(e), b = PlaceRef::unpack(m.payload);
            return a.kind == PlaceRef::former_name ? b.former == a.former
                                                   : b.province == a.province;
        });
    }

    /// A wanted name's words are marked, and count as one thing: its first word's form.
    /// `main_of` maps the piece's tokens (which mentions index) to main tokens.
    void mark_mentions(const std::vector<Mention>& mentions, std::uint32_t flag,
                       const std::vector<std::size_t>& main_of) {
        for (const Mention& m : mentions) {
            if (!wanted_entity(m, flag))
                continue;
            for (std::size_t i = main_of[m.first]; i <= main_of[m.last] && i < m_toks.size(); ++i) {
                m_marked[i] = true;
                m_key[i] = m_toks[main_of[m.first]];
            }
        }
    }

    /// Tokenizes the next piece of the text and marks its matches.
    void read_piece() {
        std::size_t end = std::min(m_text.size(), m_done + piece_bytes);
        if (end < m_text.size()) {
            const std::size_t line = m_text.find('\n', end);
            end = line == std::string_view::npos ? m_text.size() : line + 1;
        }
        const std::string_view piece = m_text.substr(m_done, end - m_done);
        std::vector<Token> part = tokenize(piece);
        const std::size_t first_all = m_all.size();
        std::vector<std::size_t> main_of(part.size(), 0); // part index -> main index
        for (std::size_t i = 0; i < part.size(); ++i) {
            main_of[i] = m_toks.size();
            if (part[i].part)
                continue;
            const bool hit =
                m_spec.folded_terms.count(part[i].folded) || m_spec.exact_terms.count(part[i].norm);
            m_toks.push_back(first_all + i);
            m_marked.push_back(hit);
            m_key.push_back(first_all + i);
        }
        if (!m_spec.entities.empty()) {
            mark_mentions(m_knowledge.places.find(piece, part, FindOptions{false}), 0, main_of);
            mark_mentions(m_knowledge.carrier_names.find(piece, part, FindOptions{false}),
                          0x80000000u, main_of);
        }
        for (Token& t : part) {
            t.begin += static_cast<std::uint32_t>(m_done);
            t.end += static_cast<std::uint32_t>(m_done);
            m_all.push_back(std::move(t));
        }
        m_done = end;
    }

    /// Scores the windows that now lie wholly in the text read.
    void score_windows() {
        for (; m_next_start < m_toks.size(); ++m_next_start) {
            const std::size_t start = m_next_start;
            const std::uint32_t from = tok(start).begin;
            if (m_done < m_text.size() && from + m_max_bytes > m_done)
                break; // its window may reach into the next piece
            if (start > 0 && !m_marked[start])
                continue;
            std::vector<std::size_t> distinct;
            long count = 0;
            for (std::size_t i = start; i < m_toks.size() && tok(i).end - from <= m_max_bytes;
                 ++i) {
                if (!m_marked[i])
                    continue;
                ++count;
                if (std::none_of(distinct.begin(), distinct.end(),
                                 [&](std::size_t d) { return folded(d) == folded(i); }))
                    distinct.push_back(i);
            }
            const long score = static_cast<long>(distinct.size()) * 100 + count;
            if (score > m_best_score) {
                m_best_score = score;
                m_best_start = start;
            }
            if (distinct.size() >= m_everything) {
                m_settled = true;
                break;
            }
        }
    }

    /// The best window, from a little before its first match, with its matches marked.
    std::string write_window() const {
        // Start a little before the first match, at a word boundary, on the same line.
        std::size_t first = m_best_start;
        while (
            first > 0 && tok(m_best_start).begin - tok(first - 1).begin < m_max_bytes / 4 &&
            m_text.substr(tok(first - 1).end, tok(first).begin - tok(first - 1).end).find('\n') ==
                std::string_view::npos)
            --first;
        std::size_t last = first;
        while (last + 1 < m_toks.size() && tok(last + 1).end - tok(first).begin <= m_max_bytes)
            ++last;
        const std::size_t begin = first == 0 ? 0 : tok(first).begin;
        std::size_t end = tok(last).end;
        bool more = true; // an ellipsis at the end
        if (last + 1 == m_toks.size() && m_done == m_text.size()) {
            // The text's last word: its closing punctuation too, rather than an ellipsis.
            constexpr std::size_t closing_bytes = 16;
            std::string_view rest = m_text.substr(end);
            while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.back())))
                rest.remove_suffix(1);
            if (rest.size() <= closing_bytes) {
                end += rest.size();
                more = false;
            }
        }
        std::string out;
        if (begin > 0)
            out += "… ";
        out += marked_html(first, last, begin, end);
        if (more)
            out += " …";
        // Line breaks of the crawl read better as spaces in a one-paragraph snippet.
        std::replace(out.begin(), out.end(), '\n', ' ');
        return out;
    }

    /// The text from `begin` to `end` (tokens `first` to `last`), escaped, runs of marked
    /// words joined by spaces or hyphens in one <mark>.
    std::string marked_html(std::size_t first, std::size_t last, std::size_t begin,
                            std::size_t end) const {
        std::string out;
        std::size_t pos = begin;
        for (std::size_t i = first; i <= last; ++i) {
            if (!m_marked[i])
                continue;
            std::size_t j = i;
            while (
                j + 1 <= last && m_marked[j + 1] &&
                m_text.substr(tok(j).end, tok(j + 1).begin - tok(j).end).find_first_not_of(" -") ==
                    std::string_view::npos)
                ++j;
            out += html_escape(m_text.substr(pos, tok(i).begin - pos));
            out += "<mark>";
            out += html_escape(m_text.substr(tok(i).begin, tok(j).end - tok(i).begin));
            out += "</mark>";
            pos = tok(j).end;
            i = j;
        }
        out += html_escape(m_text.substr(pos, end - pos));
        return out;
    }

    std::string_view m_text;
    const HighlightSpec& m_spec;
    const Knowledge& m_knowledge;
    std::size_t m_max_bytes;
    std::size_t m_everything = 0;
    std::vector<Token> m_all;
    std::vector<std::size_t> m_toks; ///< the main tokens (no parts), as indexes into m_all
    std::vector<bool> m_marked;      ///< by main token
    std::vector<std::size_t> m_key;  ///< by main token: the token whose folded form counts
    std::size_t m_best_start = 0;
    long m_best_score = -1;
    std::size_t m_next_start = 0;
    bool m_settled = false;
    std::size_t m_done = 0; ///< bytes tokenized
};

} // namespace

std::string make_snippet(std::string_view text, const HighlightSpec& spec,
                         const Knowledge& knowledge, std::size_t max_bytes) {
    // A window is looked for in the text's first bytes only: one long document must not
    // make each query that matches it slow (the match is nearly always early on).
    text = cut_at(text, max_scanned_bytes);
    if (spec.folded_terms.empty() && spec.exact_terms.empty() && spec.entities.empty())
        text = cut_at(text, 4 * max_bytes); // the opening: the rest need not be read
    return SnippetMaker(text, spec, knowledge, max_bytes).make();
}

} // namespace vnsearch
