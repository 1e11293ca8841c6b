// Characteristic terms: the words and compound words the results of a search hold more
// often than the whole index does, scored by Dunning's log-likelihood ratio over document
// frequencies.

#include "positions/positions.hpp"
#include "search/compounds.hpp"
#include "search/engine.hpp"
#include "search/facets.hpp"
#include "text/vietnamese.hpp"
#include "util/fnv1a.hpp"
#include "vnsearch/knowledge.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <unordered_map>
#include <unordered_set>

namespace vnsearch {

using detail::SampledCompound;
using detail::Snapshot;

namespace {

/// Results read at most: every result below this, else the first this many by a fixed
/// order. Reading each document's terms is what this view spends its time on, and a
/// thousand documents already rank the common terms of a set reliably.
constexpr std::size_t max_sample = 1000;

/// A term must be held by this many documents of the sample to be listed: one document's
/// rare word says nothing about the set.
constexpr std::size_t min_count = 2;

/// Compound words scored exactly for one request at most: a quarter of the terms listed,
/// and at least this many; the best by the score estimated from a sample of the index
/// (compound_estimate).
constexpr std::size_t min_compounds_counted = 8;

/// A compound is scored exactly only if its estimated score reaches this share of the score of the
/// last word that would be listed: below it, it would not be listed (the estimate errs by
/// less than that for a compound a sample shows often enough to matter).
constexpr double estimate_margin = 0.5;

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

/// G² signed: negative for a term the sample holds less often than the index does, which
/// is not characteristic of it.
double signed_score(double k, double n, double K, double N) {
    const double g = log_likelihood(k, n, K, N);
    return k / n > K / N ? g : -g;
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

/// `docs` (ascending) if no more than max_sample, else the first max_sample by a hash of
/// their docid (a fixed order that follows neither date nor relevance), ascending.
std::vector<Xapian::docid> first_by_hash(std::vector<Xapian::docid> docs) {
    if (docs.size() <= max_sample)
        return docs;
    auto rank = [](Xapian::docid d) { return util::fnv1a_word(util::fnv1a_offset, d); };
    std::nth_element(docs.begin(), docs.begin() + max_sample, docs.end(),
                     [&](Xapian::docid a, Xapian::docid b) { return rank(a) < rank(b); });
    docs.resize(max_sample);
    std::sort(docs.begin(), docs.end());
    return docs;
}

/// The results to read: all of them, or the first max_sample by the fixed order.
std::vector<Xapian::docid> sample_of(const detail::Selection& sel) {
    std::vector<Xapian::docid> docs;
    docs.reserve(sel.total);
    for (const Xapian::docid d : sel.list->matched)
        if (sel.flags[d] & detail::admitted_bit)
            docs.push_back(d);
    return first_by_hash(std::move(docs));
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

/// A listed term and its folded syllables (one for a word).
struct TermItem {
    CharacteristicTerm term;
    std::vector<std::string> folded;
};

/// What scoring a request's terms reads.
struct TermContext {
    const Snapshot& snapshot;
    const StopWords& stopwords;
    const std::unordered_set<std::string>& own; ///< the query's words, folded
    const Lexicon& lexicon;
    const detail::CompoundSyllables& lexicon_syllables;
    const detail::CompoundTable& compounds;     ///< of every document of the index
    const detail::CompoundSample& index_sample; ///< compounds of a sample of the index
    double n = 0;                               ///< documents sampled
    double N = 0;                               ///< documents of the index
    std::size_t limit = 0;                      ///< terms listed
};

/// How many of the sampled documents hold each listable term.
std::unordered_map<std::string, std::size_t> held_terms(const Xapian::Database& db,
                                                        const std::vector<Xapian::docid>& docs) {
    std::unordered_map<std::string, std::size_t> held;
    held.reserve(1u << 14); // the distinct words of a thousand articles
    for (const Xapian::docid d : docs)
        for (auto t = db.termlist_begin(d); t != db.termlist_end(d); ++t)
            if (listable(*t))
                ++held[*t];
    return held;
}

/// The characteristic words: held by min_count sampled documents or more, more often than
/// by the index, neither stop words nor the query's own.
std::vector<TermItem> scored_words(const std::unordered_map<std::string, std::size_t>& held,
                                   const TermContext& c) {
    std::vector<TermItem> out;
    for (const auto& [term, count] : held) {
        const auto freq = c.snapshot.folded_freq.find(term);
        if (count < min_count || freq == c.snapshot.folded_freq.end() || c.own.count(term))
            continue;
        const auto k = static_cast<double>(count), K = static_cast<double>(freq->second);
        if (k / c.n <= K / c.N) // under-represented terms are not characteristic
            continue;
        const auto shown = c.snapshot.accented.find(term);
        const std::string& display =
            shown == c.snapshot.accented.end() ? term : shown->second.first;
        if (c.stopwords.contains(display) || c.stopwords.contains(term))
            continue;
        TermItem item;
        item.term.term = display;
        item.term.count = count;
        item.term.index_count = freq->second;
        item.term.score = log_likelihood(k, c.n, K, c.N);
        item.folded.push_back(term);
        out.push_back(std::move(item));
    }
    return out;
}

/// The syllables of `accented` (a lexicon entry), split at its spaces.
std::vector<std::string> split_words(const std::string& accented) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < accented.size()) {
        const std::size_t end = std::min(accented.find(' ', start), accented.size());
        out.push_back(accented.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

/// Whether a compound says nothing a reader did not type or would not skip: each of its
/// syllables is a stop word or one of the query's words.
bool says_nothing(const SampledCompound& compound, const std::string& accented,
                  const TermContext& c) {
    const std::vector<std::string> shown = split_words(accented);
    for (std::size_t i = 0; i < compound.syllables.size(); ++i) {
        const bool stop = c.stopwords.contains(compound.syllables[i]) ||
                          (i < shown.size() && c.stopwords.contains(shown[i]));
        if (!stop && !c.own.count(compound.syllables[i]))
            return false;
    }
    return true;
}

/// A compound's score estimated, to choose which to score exactly: its count in the index
/// taken from the index's sample (half a document when the sample lacks it), scaled to the whole
/// index, and at most its rarest syllable's.
double compound_estimate(const SampledCompound& compound, const TermContext& c) {
    double most = c.N;
    for (const std::string& s : compound.syllables) {
        const auto freq = c.snapshot.folded_freq.find(s);
        most = std::min(most, freq == c.snapshot.folded_freq.end() ? 0.0 : freq->second);
    }
    const std::uint32_t seen =
        compound.id < c.index_sample.counts.size() ? c.index_sample.counts[compound.id] : 0;
    const double in_sample = seen == 0 ? 0.5 : seen;
    const double documents = std::max<double>(1, c.index_sample.documents);
    return signed_score(static_cast<double>(compound.count), c.n,
                        std::min(most, in_sample * c.N / documents), c.N);
}

/// The least score worth counting a compound for: estimate_margin of the limit-th best of
/// the words' scores and the compounds' estimates together (0 when there are fewer).
double counting_threshold(std::vector<double> scores, std::size_t limit) {
    if (scores.size() < limit)
        return 0;
    std::nth_element(scores.begin(), scores.begin() + static_cast<long>(limit - 1), scores.end(),
                     std::greater<>());
    return estimate_margin * scores[limit - 1];
}

/// The compounds worth scoring exactly: held by min_count sampled documents
/// or more, saying something, estimated to reach the counting threshold; the best
/// limit / 4 (at least min_compounds_counted) by their estimate.
std::vector<TermItem> compound_candidates(std::vector<SampledCompound> sampled,
                                          const TermContext& c, std::vector<double> scores) {
    std::vector<std::pair<double, TermItem>> ranked;
    for (SampledCompound& compound : sampled) {
        const std::string* accented = c.lexicon.accented(compound.folded);
        if (compound.count < min_count || !accented || says_nothing(compound, *accented, c))
            continue;
        CharacteristicTerm t{*accented, compound.count, compound.index_count, 0,
                             TermKind::compound};
        ranked.emplace_back(compound_estimate(compound, c),
                            TermItem{std::move(t), std::move(compound.syllables)});
        scores.push_back(ranked.back().first);
    }
    const double threshold = counting_threshold(std::move(scores), c.limit);
    std::erase_if(ranked, [&](const auto& r) { return r.first < threshold; });
    const std::size_t kept = std::min(std::max(min_compounds_counted, c.limit / 4), ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<long>(kept), ranked.end(),
                      [](const auto& a, const auto& b) {
                          return a.first != b.first ? a.first > b.first
                                                    : a.second.term.term < b.second.term.term;
                      });
    std::vector<TermItem> out;
    for (std::size_t i = 0; i < kept; ++i)
        out.push_back(std::move(ranked[i].second));
    return out;
}

/// The characteristic compounds of `sample`: the candidates (beside the scores of `words`),
/// scored on their count in the index.
std::vector<TermItem> scored_compounds(const std::vector<Xapian::docid>& sample,
                                       const std::unordered_map<std::string, std::size_t>& held,
                                       const std::vector<TermItem>& words, const TermContext& c) {
    // A compound's documents hold each of its syllables: only the syllables held by
    // min_count sampled documents can make a compound that is.
    std::unordered_set<std::string> syllables;
    for (const auto& [term, count] : held)
        if (count >= min_count && c.lexicon_syllables.any.count(term))
            syllables.insert(term);
    std::vector<double> scores;
    scores.reserve(words.size());
    for (const TermItem& w : words)
        scores.push_back(w.term.score);
    std::vector<TermItem> candidates = compound_candidates(
        detail::compounds_in(c.compounds, sample, syllables), c, std::move(scores));
    std::vector<TermItem> out;
    for (TermItem& candidate : candidates) {
        CharacteristicTerm& t = candidate.term;
        const auto k = static_cast<double>(t.count), K = static_cast<double>(t.index_count);
        if (k / c.n <= K / c.N) // under-represented, as for words
            continue;
        t.score = log_likelihood(k, c.n, K, c.N);
        out.push_back(std::move(candidate));
    }
    return out;
}

/// Whether `part`'s syllables stand side by side in `whole`'s.
bool inside(const std::vector<std::string>& part, const std::vector<std::string>& whole) {
    return part.size() < whole.size() &&
           std::search(whole.begin(), whole.end(), part.begin(), part.end()) != whole.end();
}

/// Whether listed compound `by` accounts for every sampled document holding `t`.
bool explains(const TermItem& by, const TermItem& t) {
    return by.term.kind == TermKind::compound && t.term.count <= by.term.count &&
           inside(t.folded, by.folded);
}

/// The best `limit` terms, highest score first; a term that a listed compound explains (its
/// syllables are part of the compound, and every sampled document holding it holds the
/// compound) gives its place to the next.
std::vector<CharacteristicTerm> best_terms(std::vector<TermItem> all, std::size_t limit) {
    std::sort(all.begin(), all.end(), [](const TermItem& a, const TermItem& b) {
        return a.term.score != b.term.score ? a.term.score > b.term.score
                                            : a.term.term < b.term.term;
    });
    std::vector<const TermItem*> listed;
    for (const TermItem& t : all) {
        if (listed.size() == limit)
            break;
        if (std::any_of(listed.begin(), listed.end(),
                        [&](const TermItem* by) { return explains(*by, t); }))
            continue;
        std::erase_if(listed, [&](const TermItem* other) { return explains(t, *other); });
        listed.push_back(&t);
    }
    std::vector<CharacteristicTerm> out;
    out.reserve(listed.size());
    for (const TermItem* t : listed)
        out.push_back(t->term);
    return out;
}

} // namespace

std::shared_ptr<const detail::CompoundSample>
SearchEngine::Impl::compound_sample(const Snapshot& s) {
    const std::string key = s.key + "\nCOMPOUND SAMPLE";
    if (auto cached = m_compound_samples.find(key))
        return cached;
    const std::vector<Xapian::docid> docs = first_by_hash(s.collection.all);
    auto sample = std::make_shared<detail::CompoundSample>();
    sample->documents = docs.size();
    sample->counts = detail::compound_counts(*s.compounds, docs);
    m_compound_samples.insert(key, sample, sample->bytes());
    return sample;
}

CharacteristicTerms SearchEngine::Impl::terms(const SearchRequest& request, std::size_t limit) {
    return with_current_revision<CharacteristicTerms>(
        [&](detail::Worker& w, const std::shared_ptr<const Snapshot>& snap) {
            SearchResponse res;
            const detail::Selection sel = select(request, w, snap, res);
            const std::vector<Xapian::docid> sample = sample_of(sel);
            const std::unordered_map<std::string, std::size_t> held = held_terms(w.db, sample);
            const std::unordered_set<std::string> own = query_words(sel.parsed);
            const TermContext c{*snap,
                                m_knowledge->stopwords,
                                own,
                                *m_knowledge->lexicon,
                                m_compound_syllables,
                                *snap->compounds,
                                *compound_sample(*snap),
                                static_cast<double>(sample.size()),
                                static_cast<double>(snap->documents),
                                limit};
            std::vector<TermItem> all = scored_words(held, c);
            for (TermItem& compound : scored_compounds(sample, held, all, c))
                all.push_back(std::move(compound));
            CharacteristicTerms out;
            out.total = sel.total;
            out.sample = sample.size();
            out.terms = best_terms(std::move(all), limit);
            return out;
        });
}

} // namespace vnsearch
