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

std::string make_snippet(std::string_view text, const HighlightSpec& spec,
                         const Knowledge& knowledge, std::size_t max_bytes) {
    // A window is looked for in the text's first bytes only: one long document must not
    // make each query that matches it slow (the match is nearly always early on).
    if (text.size() > max_scanned_bytes) {
        std::size_t cut = max_scanned_bytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut;
        text = text.substr(0, cut);
    }
    if (spec.folded_terms.empty() && spec.exact_terms.empty() && spec.entities.empty() &&
        text.size() > 4 * max_bytes) {
        // Nothing to mark: the snippet is the opening, and the rest need not be read.
        std::size_t cut = 4 * max_bytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut;
        text = text.substr(0, cut);
    }
    // The most distinct things a window can mark: every word (by its folded form) and
    // every name. A window marking them all ends the search.
    std::unordered_set<std::string> words(spec.folded_terms.begin(), spec.folded_terms.end());
    for (const std::string& w : spec.exact_terms)
        words.insert(fold_diacritics(w));
    const std::size_t everything = words.size() + spec.entities.size();

    std::vector<Token> all;
    std::vector<std::size_t> toks; // the main tokens (no parts), as indexes into `all`
    std::vector<bool> marked;      // by main token
    std::vector<std::size_t> key;  // by main token: the token whose folded form counts
    auto folded = [&](std::size_t i) -> const std::string& { return all[key[i]].folded; };
    auto wanted_entity = [&](const Mention& m, std::uint32_t flag) {
        return std::any_of(spec.entities.begin(), spec.entities.end(), [&](std::uint32_t e) {
            if ((e & 0x80000000u) != flag)
                return false;
            if (flag != 0)
                return (e & 0x7FFFFFFFu) == m.payload;
            // A place: the same current (or former) province, whatever the spelling.
            const PlaceRef a = PlaceRef::unpack(e), b = PlaceRef::unpack(m.payload);
            return a.kind == PlaceRef::former_name ? b.former == a.former
                                                   : b.province == a.province;
        });
    };

    // A wanted name's words are marked, and count as one thing: its first word's form.
    // `main_of` maps the piece's tokens (which mentions index) to main tokens.
    auto mark_mentions = [&](const std::vector<Mention>& mentions, std::uint32_t flag,
                             const std::vector<std::size_t>& main_of) {
        for (const Mention& m : mentions) {
            if (!wanted_entity(m, flag))
                continue;
            for (std::size_t i = main_of[m.first]; i <= main_of[m.last] && i < toks.size(); ++i) {
                marked[i] = true;
                key[i] = toks[main_of[m.first]];
            }
        }
    };

    // Windows start at a marked word (or at the opening) and hold the words that end
    // within max_bytes of it. The best marks the most distinct things, then the most
    // matches, the earliest winning; the first that marks everything is taken at once.
    std::size_t best_start = 0;
    long best_score = -1;
    std::size_t next_start = 0;
    bool settled = false;
    std::size_t done = 0; // bytes tokenized
    while (!settled && done < text.size()) {
        std::size_t end = std::min(text.size(), done + piece_bytes);
        if (end < text.size()) {
            const std::size_t line = text.find('\n', end);
            end = line == std::string_view::npos ? text.size() : line + 1;
        }
        const std::string_view piece = text.substr(done, end - done);
        std::vector<Token> part = tokenize(piece);
        const std::size_t first_all = all.size();
        std::vector<std::size_t> main_of(part.size(), 0); // part index -> main index
        for (std::size_t i = 0; i < part.size(); ++i) {
            main_of[i] = toks.size();
            if (part[i].part)
                continue;
            const bool hit =
                spec.folded_terms.count(part[i].folded) || spec.exact_terms.count(part[i].norm);
            toks.push_back(first_all + i);
            marked.push_back(hit);
            key.push_back(first_all + i);
        }
        if (!spec.entities.empty()) {
            mark_mentions(knowledge.places.find(piece, part, FindOptions{false}), 0, main_of);
            mark_mentions(knowledge.carrier_names.find(piece, part, FindOptions{false}),
                          0x80000000u, main_of);
        }
        for (Token& t : part) {
            t.begin += static_cast<std::uint32_t>(done);
            t.end += static_cast<std::uint32_t>(done);
            all.push_back(std::move(t));
        }
        done = end;

        // Score the windows that now lie wholly in the text read.
        for (; next_start < toks.size(); ++next_start) {
            const std::size_t start = next_start;
            const std::uint32_t from = all[toks[start]].begin;
            if (done < text.size() && from + max_bytes > done)
                break; // its window may reach into the next piece
            if (start > 0 && !marked[start])
                continue;
            std::vector<std::size_t> distinct;
            long count = 0;
            for (std::size_t i = start; i < toks.size() && all[toks[i]].end - from <= max_bytes;
                 ++i) {
                if (!marked[i])
                    continue;
                ++count;
                if (std::none_of(distinct.begin(), distinct.end(),
                                 [&](std::size_t d) { return folded(d) == folded(i); }))
                    distinct.push_back(i);
            }
            const long score = static_cast<long>(distinct.size()) * 100 + count;
            if (score > best_score) {
                best_score = score;
                best_start = start;
            }
            if (distinct.size() >= everything) {
                settled = true;
                break;
            }
        }
    }
    if (toks.empty())
        return html_escape(text.substr(0, std::min(text.size(), max_bytes)));
    auto tok = [&](std::size_t i) -> const Token& { return all[toks[i]]; };
    // Start a little before the first match, at a word boundary, on the same line.
    std::size_t first = best_start;
    while (first > 0 && tok(best_start).begin - tok(first - 1).begin < max_bytes / 4 &&
           text.substr(tok(first - 1).end, tok(first).begin - tok(first - 1).end).find('\n') ==
               std::string_view::npos)
        --first;
    std::size_t last = first;
    while (last + 1 < toks.size() && tok(last + 1).end - tok(first).begin <= max_bytes)
        ++last;
    const std::size_t begin = first == 0 ? 0 : tok(first).begin;
    std::size_t end = tok(last).end;
    bool more = true; // an ellipsis at the end
    if (last + 1 == toks.size() && done == text.size()) {
        // The text's last word: its closing punctuation too, rather than an ellipsis.
        constexpr std::size_t closing_bytes = 16;
        std::string_view rest = text.substr(end);
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
    std::size_t pos = begin;
    for (std::size_t i = first; i <= last; ++i) {
        if (!marked[i])
            continue;
        std::size_t j = i;
        while (j + 1 <= last && marked[j + 1] &&
               text.substr(tok(j).end, tok(j + 1).begin - tok(j).end).find_first_not_of(" -") ==
                   std::string_view::npos)
            ++j;
        out += html_escape(text.substr(pos, tok(i).begin - pos));
        out += "<mark>";
        out += html_escape(text.substr(tok(i).begin, tok(j).end - tok(i).begin));
        out += "</mark>";
        pos = tok(j).end;
        i = j;
    }
    out += html_escape(text.substr(pos, end - pos));
    if (more)
        out += " …";
    // Line breaks of the crawl read better as spaces in a one-paragraph snippet.
    std::replace(out.begin(), out.end(), '\n', ' ');
    return out;
}

} // namespace vnsearch
