// Completions for the search box: lexicon words, provinces and carriers the index holds,
// completing the longest tail of the query that has some.

#include "search/engine.hpp"
#include "search/snapshot.hpp"
#include "text/vietnamese.hpp"
#include "vnsearch/tokenizer.hpp"
#include "vnsearch/utf8.hpp"

#include <algorithm>

namespace vnsearch {

using detail::Snapshot;

std::vector<Suggestion> SearchEngine::Impl::suggest(std::string_view text, std::size_t limit) {
    detail::Worker& w = worker();
    return detail::complete(text, *snapshot_for(w), limit);
}

std::vector<Suggestion> detail::complete(std::string_view text, const Snapshot& s,
                                         std::size_t limit) {
    const Snapshot* snap = &s;
    std::vector<Suggestion> out;
    // What users type may be any bytes; the tokenizer reads only valid UTF-8.
    const std::string decoded = decode_utf8(text).text;
    const std::string_view q = decoded;
    const std::vector<Token> tokens = tokenize(q);
    std::vector<const Token*> words;
    for (const Token& t : tokens)
        if (!t.part)
            words.push_back(&t);
    if (words.empty())
        return out;
    const bool open_end = q.back() != ' ';
    // Try the longest tail of the query first: "hop tac chuyen d" completes "chuyen d".
    for (std::size_t n = std::min<std::size_t>(words.size(), 4); n >= 1 && out.size() < limit;
         --n) {
        const std::size_t first = words.size() - n;
        std::string key;
        for (std::size_t i = first; i < words.size(); ++i)
            key += (key.empty() ? "" : " ") + words[i]->folded;
        if (!open_end)
            key += ' ';
        const std::string head(q.substr(0, words[first]->begin));
        std::vector<const Snapshot::Candidate*> found;
        auto it = std::lower_bound(
            snap->candidates.begin(), snap->candidates.end(), key,
            [](const Snapshot::Candidate& c, const std::string& k) { return c.key < k; });
        const std::string typed = to_lower_nfc(q.substr(words[first]->begin));
        for (; it != snap->candidates.end() && it->key.compare(0, key.size(), key) == 0; ++it)
            if (to_lower_nfc(it->display) != typed) // nothing to complete or restore
                found.push_back(&*it);
        std::stable_sort(found.begin(), found.end(),
                         [](auto* a, auto* b) { return a->weight > b->weight; });
        for (const auto* c : found) {
            if (out.size() >= limit)
                break;
            const bool dup = std::any_of(out.begin(), out.end(),
                                         [&](const Suggestion& x) { return x.text == c->display; });
            if (!dup)
                out.push_back({c->display, head + c->display, c->kind});
        }
    }
    return out;
}

} // namespace vnsearch
