#include "vnsearch/highlight.hpp"

#include "vnsearch/tokenizer.hpp"

#include <algorithm>

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

std::string make_snippet(std::string_view text, const HighlightSpec& spec,
                         const Knowledge& knowledge, std::size_t max_bytes) {
    if (spec.folded_terms.empty() && spec.exact_terms.empty() && spec.entities.empty() &&
        text.size() > 4 * max_bytes) {
        // Nothing to mark: the snippet is the opening, and the rest need not be read.
        std::size_t cut = 4 * max_bytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut;
        text = text.substr(0, cut);
    }
    const std::vector<Token> all = tokenize(text);
    std::vector<const Token*> toks;
    for (const Token& t : all)
        if (!t.part)
            toks.push_back(&t);
    std::vector<bool> marked(toks.size(), false);
    std::vector<std::string_view> key(toks.size()); // what counts as "distinct" for scoring
    for (std::size_t i = 0; i < toks.size(); ++i) {
        if (spec.folded_terms.count(toks[i]->folded) || spec.exact_terms.count(toks[i]->norm)) {
            marked[i] = true;
            key[i] = toks[i]->folded;
        }
    }
    if (!spec.entities.empty()) {
        // Mentions index into `all`; map them onto main-token positions.
        std::vector<std::size_t> main_index(all.size(), 0);
        for (std::size_t i = 0, m = 0; i < all.size(); ++i) {
            main_index[i] = m;
            if (!all[i].part)
                ++m;
        }
        auto mark_mentions = [&](const std::vector<Mention>& mentions, std::uint32_t flag) {
            for (const Mention& m : mentions) {
                const bool wanted =
                    std::any_of(spec.entities.begin(), spec.entities.end(), [&](std::uint32_t e) {
                        if ((e & 0x80000000u) != flag)
                            return false;
                        if (flag != 0)
                            return (e & 0x7FFFFFFFu) == m.payload;
                        // A place: the same current (or former) province, whatever the spelling.
                        const PlaceRef a = PlaceRef::unpack(e), b = PlaceRef::unpack(m.payload);
                        return a.kind == PlaceRef::former_name ? b.former == a.former
                                                               : b.province == a.province;
                    });
                if (!wanted)
                    continue;
                for (std::size_t i = main_index[m.first];
                     i <= main_index[m.last] && i < toks.size(); ++i) {
                    marked[i] = true;
                    key[i] = toks[main_index[m.first]]->folded;
                }
            }
        };
        mark_mentions(knowledge.places.find(text, all, FindOptions{false}), 0);
        mark_mentions(knowledge.carrier_names.find(text, all, FindOptions{false}), 0x80000000u);
    }

    // The window with the most distinct matched words, then the most matches; earliest wins.
    std::size_t best_start = 0;
    long best_score = -1;
    for (std::size_t start = 0; start < toks.size(); ++start) {
        if (start > 0 && !marked[start])
            continue;
        std::vector<std::string_view> distinct;
        long count = 0;
        for (std::size_t i = start;
             i < toks.size() && toks[i]->end - toks[start]->begin <= max_bytes; ++i) {
            if (!marked[i])
                continue;
            ++count;
            if (std::find(distinct.begin(), distinct.end(), key[i]) == distinct.end())
                distinct.push_back(key[i]);
        }
        const long score = static_cast<long>(distinct.size()) * 100 + count;
        if (score > best_score) {
            best_score = score;
            best_start = start;
        }
    }
    if (toks.empty())
        return html_escape(text.substr(0, std::min(text.size(), max_bytes)));

    // Start a little before the first match, at a word boundary, on the same line.
    std::size_t first = best_start;
    while (
        first > 0 && toks[best_start]->begin - toks[first - 1]->begin < max_bytes / 4 &&
        text.substr(toks[first - 1]->end, toks[first]->begin - toks[first - 1]->end).find('\n') ==
            std::string_view::npos)
        --first;
    std::size_t last = first;
    while (last + 1 < toks.size() && toks[last + 1]->end - toks[first]->begin <= max_bytes)
        ++last;
    const std::size_t begin = first == 0 ? 0 : toks[first]->begin;
    const std::size_t end = toks[last]->end;

    std::string out;
    if (begin > 0)
        out += "… ";
    std::size_t pos = begin;
    for (std::size_t i = first; i <= last; ++i) {
        if (!marked[i])
            continue;
        std::size_t j = i;
        while (
            j + 1 <= last && marked[j + 1] &&
            text.substr(toks[j]->end, toks[j + 1]->begin - toks[j]->end).find_first_not_of(" -") ==
                std::string_view::npos)
            ++j;
        out += html_escape(text.substr(pos, toks[i]->begin - pos));
        out += "<mark>";
        out += html_escape(text.substr(toks[i]->begin, toks[j]->end - toks[i]->begin));
        out += "</mark>";
        pos = toks[j]->end;
        i = j;
    }
    out += html_escape(text.substr(pos, end - pos));
    if (end < text.size())
        out += " …";
    // Line breaks of the crawl read better as spaces in a one-paragraph snippet.
    std::replace(out.begin(), out.end(), '\n', ' ');
    return out;
}

} // namespace vnsearch
