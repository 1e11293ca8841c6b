// Characteristic terms: the words the results of a search hold more often than the whole
// index does, scored by Dunning's log-likelihood ratio over document frequencies.

#include "search/engine.hpp"
#include "search/facets.hpp"
#include "text/vietnamese.hpp"
#include "util/fnv1a.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace vnsearch {

using detail::Snapshot;

namespace {

/// Results read at most: every result below this, else the first this many by a fixed
/// order. Reading each document's terms is what this view spends its time on, and a
/// thousand documents already rank the common terms of a set reliably.
constexpr std::size_t max_sample = 1000;

/// A term must be held by this many documents of the sample to be listed: one document's
/// rare word says nothing about the set.
constexpr std::size_t min_count = 2;

/// x ln(x / e), with 0 ln 0 = 0.
double part(double observed, double expected) {
    return observed > 0 ? observed * std::log(observed / expected) : 0.0;
}

/// G² of a term held by `k` of the `n` sampled results and `K` of the index's `N`
/// documents: 2 Σ O ln(O/E) over the 2×2 table of (sample, index) × (with, without).
double log_likelihood(double k, double n, double K, double N) {
    const double with = k + K, without = (n - k) + (N - K), all = n + N;
    return 2 * (part(k, n * with / all) + part(n - k, n * without / all) + part(K, N * with / all) +
                part(N - K, N * without / all));
}

/// Whether a term of the index is a word a reader would want listed: not a prefixed term
/// (ids, filters, spellings), a number, a code or an address.
bool listable(const std::string& term) {
    if (term.size() < 2 || (term[0] >= 'A' && term[0] <= 'Z'))
        return false;
    return std::none_of(term.begin(), term.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '/' || c == '@' || c == ':' || c == '-' ||
               c == '_';
    });
}

/// The results to read: all of them, or the first max_sample by a hash of their docid (a
/// fixed order that follows neither date nor relevance).
std::vector<Xapian::docid> sample_of(const detail::Selection& sel) {
    std::vector<Xapian::docid> docs;
    docs.reserve(sel.total);
    for (const Xapian::docid d : sel.list->matched)
        if (sel.flags[d] & detail::admitted_bit)
            docs.push_back(d);
    if (docs.size() <= max_sample)
        return docs;
    auto rank = [](Xapian::docid d) { return util::fnv1a_word(util::fnv1a_offset, d); };
    std::nth_element(docs.begin(), docs.begin() + max_sample, docs.end(),
                     [&](Xapian::docid a, Xapian::docid b) { return rank(a) < rank(b); });
    docs.resize(max_sample);
    std::sort(docs.begin(), docs.end());
    return docs;
}

/// The query's own words, folded: a set found by a word holds it by definition.
std::unordered_set<std::string> query_words(const ParsedQuery& parsed) {
    std::unordered_set<std::string> out(parsed.highlight_terms.begin(),
                                        parsed.highlight_terms.end());
    for (const std::string& word : parsed.words) {
        const std::string folded = fold_diacritics(word);
        std::size_t start = 0;
        while (start <= folded.size()) {
            std::size_t end = folded.find_first_of(" _", start);
            if (end == std::string::npos)
                end = folded.size();
            if (end > start)
                out.insert(folded.substr(start, end - start));
            start = end + 1;
        }
    }
    return out;
}

} // namespace

CharacteristicTerms SearchEngine::Impl::terms(const SearchRequest& request, std::size_t limit) {
    return with_current_revision<CharacteristicTerms>(
        [&](detail::Worker& w, const std::shared_ptr<const Snapshot>& snap) {
            const Snapshot& s = *snap;
            SearchResponse res;
            const detail::Selection sel = select(request, w, snap, res);
            const std::vector<Xapian::docid> sample = sample_of(sel);
            std::unordered_map<std::string, std::size_t> held;
            held.reserve(1u << 14); // the distinct words of a thousand articles
            for (const Xapian::docid d : sample)
                for (auto t = w.db.termlist_begin(d); t != w.db.termlist_end(d); ++t)
                    if (listable(*t))
                        ++held[*t];
            const std::unordered_set<std::string> own = query_words(sel.parsed);
            const auto n = static_cast<double>(sample.size());
            const auto N = static_cast<double>(s.documents);
            CharacteristicTerms out;
            out.total = sel.total;
            out.sample = sample.size();
            for (const auto& [term, count] : held) {
                const auto freq = s.folded_freq.find(term);
                if (count < min_count || freq == s.folded_freq.end() || own.count(term))
                    continue;
                const auto k = static_cast<double>(count), K = static_cast<double>(freq->second);
                if (k / n <= K / N) // under-represented terms are not characteristic
                    continue;
                const auto shown = s.accented.find(term);
                const std::string& display = shown == s.accented.end() ? term : shown->second.first;
                if (m_knowledge->stopwords.contains(display) ||
                    m_knowledge->stopwords.contains(term))
                    continue;
                out.terms.push_back({display, count, freq->second, log_likelihood(k, n, K, N)});
            }
            const std::size_t kept = std::min(limit, out.terms.size());
            std::partial_sort(out.terms.begin(), out.terms.begin() + static_cast<long>(kept),
                              out.terms.end(), [](const auto& a, const auto& b) {
                                  return a.score != b.score ? a.score > b.score : a.term < b.term;
                              });
            out.terms.resize(kept);
            return out;
        });
}

} // namespace vnsearch
