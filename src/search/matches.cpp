// A query's matches: every document its text matches with its BM25 weight, every word
// required or (relax.hpp) most of them, and a misspelt query corrected when nothing matches;
// cached for every request with the same text.

#include "search/engine.hpp"
#include "search/filters.hpp"
#include "search/ranking.hpp"
#include "search/snapshot.hpp"

#include <bit>
#include <limits>

namespace vnsearch {

using detail::FilterSet;
using detail::Snapshot;

namespace {

/// The cache key of a query's matches: whatever could change them or their weights.
std::string list_key(const std::string& snapshot, const ParsedQuery& parsed) {
    std::string key = snapshot + '\n' + parsed.tree.describe();
    for (const QueryNode& b : parsed.boosts)
        key += '\n' + b.describe();
    for (const auto& [folded, norm] : parsed.usual_exact)
        key += "\nusual " + norm;
    return key;
}

} // namespace

std::shared_ptr<const detail::MatchList>
SearchEngine::Impl::matches(detail::Worker& w, const std::shared_ptr<const Snapshot>& snap,
                            const ParsedQuery& parsed) {
    const std::string key = list_key(snap->key, parsed);
    if (auto cached = m_matches.find(key))
        return cached;
    // Every match with its exact BM25 weight (no pruning, so one fixed order: pages never
    // overlap), and the best few ready for the boosts to re-rank. The list serves every
    // request with this text: other filters, pages, orders, the chart's per-carrier counts.
    Matcher matcher(w.db, w.shards, snap->collection, snap->key, m_matcher_caches);
    Scored all = matcher.evaluate(parsed.tree);
    auto fresh = std::make_shared<detail::MatchList>();
    detail::fill_list(*fresh, matcher, parsed, std::move(all.docs), all.weights, {});
    m_matches.insert(key, fresh, fresh->bytes());
    return fresh;
}

std::shared_ptr<const detail::MatchList>
SearchEngine::Impl::relaxed_matches(detail::Worker& w, const std::shared_ptr<const Snapshot>& snap,
                                    const ParsedQuery& parsed, const Filters& filters) {
    // Documents failing two filters or more count nowhere, not even in a facet's counts
    // (each ignores its own filter only): they are left out before weighing.
    const FilterSet set(filters, *snap);
    const bool filtered = set.any_province || set.any_former || set.any_outlet ||
                          set.carriers != 0 || set.pillars != 0 || !set.years.empty() ||
                          set.year_from > 0 || set.year_to < 9999;
    const std::string key =
        list_key(snap->key, parsed) + "\nrelaxed" + (filtered ? detail::filters_key(filters) : "");
    if (auto cached = m_matches.find(key))
        return cached;
    const Snapshot& s = *snap;
    const std::function<bool(Xapian::docid)> keep = [&](Xapian::docid d) {
        const unsigned fails = set.fails(s.facets[d]);
        return (fails & (1u << 5)) == 0 && std::popcount(fails) <= 1;
    };
    Matcher matcher(w.db, w.shards, s.collection, s.key, m_matcher_caches);
    RelaxedMatches relaxed = vnsearch::relaxed_matches(matcher, parsed, s.collection.documents,
                                                       filtered ? &keep : nullptr);
    auto fresh = std::make_shared<detail::MatchList>();
    detail::fill_list(*fresh, matcher, parsed, std::move(relaxed.docs), relaxed.weights,
                      std::move(relaxed.coverage));
    fresh->missing = std::move(relaxed.missing);
    fresh->missing_sets = std::move(relaxed.missing_sets);
    m_matches.insert(key, fresh, fresh->bytes());
    return fresh;
}

std::shared_ptr<const detail::MatchList>
SearchEngine::Impl::text_matches(const SearchRequest& req, detail::Worker& w,
                                 const std::shared_ptr<const Snapshot>& snap, ParsedQuery& parsed,
                                 SearchResponse& res) {
    const FilterSet filters(res.filters, *snap);
    const Snapshot& s = *snap;
    const bool may_relax = req.relax != RelaxMode::never;
    const std::size_t enough = req.relax == RelaxMode::always
                                   ? std::numeric_limits<std::size_t>::max()
                               : may_relax ? relax_below
                                           : 1;
    std::shared_ptr<const detail::MatchList> strict = matches(w, snap, parsed);
    std::size_t held = detail::results_up_to(strict->matched, filters, s, enough);
    // Nothing holds every word: a misspelt word corrected may find what was meant (strictly,
    // or relaxed), and is then searched instead.
    if (held == 0 && !req.exact) {
        if (std::optional<QueryCorrection> fix =
                m_speller.correct(req.q, detail::vocabulary_of(s))) {
            ParsedQuery fixed = m_parser.parse(fix->to);
            std::shared_ptr<const detail::MatchList> fixed_strict = matches(w, snap, fixed);
            const std::size_t fixed_held =
                detail::results_up_to(fixed_strict->matched, filters, s, enough);
            std::shared_ptr<const detail::MatchList> fixed_relaxed;
            if (fixed_held == 0 && may_relax && relaxable(fixed)) {
                fixed_relaxed = relaxed_matches(w, snap, fixed, res.filters);
                if (detail::results_up_to(fixed_relaxed->matched, filters, s, 1) == 0)
                    fixed_relaxed.reset();
            }
            if (fixed_held > 0 || fixed_relaxed) {
                res.corrected = std::move(fix);
                parsed = std::move(fixed);
                strict = std::move(fixed_strict);
                held = fixed_held;
                if (fixed_relaxed) {
                    res.relaxed = true;
                    res.strict_total = 0;
                    return fixed_relaxed;
                }
            }
        }
    }
    if (!may_relax || held >= enough || !relaxable(parsed))
        return strict;
    res.relaxed = true;
    res.strict_total = held;
    return relaxed_matches(w, snap, parsed, res.filters);
}

} // namespace vnsearch
