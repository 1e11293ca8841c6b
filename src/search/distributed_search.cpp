// A search through Xapian's own matcher, in steps: the query and its filters as Xapian
// queries, the facets from a ValueCountMatchSpy over every match, the page (or an export)
// from the filtered query, the snippets and did-you-mean.

#include "search/distributed.hpp"
#include "search/facet_spies.hpp"
#include "search/filters.hpp"
#include "search/highlight.hpp"
#include "search/xapian_query.hpp"
#include "vnsearch/schema.hpp"

#include <algorithm>
#include <cmath>

namespace vnsearch {

using detail::Snapshot;
using Clock = std::chrono::steady_clock;

namespace {

/// Orders `e` as the request asks: by relevance (browsing: newest first), or by date.
void set_order(Xapian::Enquire& e, const SearchRequest& req, bool has_text) {
    if (req.sort == SortOrder::date_asc)
        e.set_sort_by_value_then_relevance(schema::slot_date, false);
    else if (req.sort == SortOrder::date_desc || !has_text)
        e.set_sort_by_value_then_relevance(schema::slot_date, true);
}

/// Asks every shard for the documents of `mset` at once rather than one by one. Xapian 1.4's
/// MSet::fetch() reads past its items when the MSet does not start at the first result
/// (a crash, seen with 1.4.22), so later pages read their documents one by one.
void prefetch(const Xapian::MSet& mset) {
    if (mset.get_firstitem() == 0)
        mset.fetch();
}

HighlightSpec highlight_of(const ParsedQuery& parsed) {
    HighlightSpec spec;
    spec.folded_terms.insert(parsed.highlight_terms.begin(), parsed.highlight_terms.end());
    spec.exact_terms.insert(parsed.highlight_exact.begin(), parsed.highlight_exact.end());
    spec.entities = parsed.highlight_entities;
    return spec;
}

/// The hits of `mset`: records from the shards, snippets marking the query.
void add_hits(const Xapian::MSet& mset, const ParsedQuery& parsed, bool snippets,
              const Knowledge& knowledge, SearchResponse& res) {
    prefetch(mset);
    const HighlightSpec spec = highlight_of(parsed);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        auto record = record_from_data(it.get_document().get_data());
        if (!record)
            continue;
        SearchHit& hit = res.hits.emplace_back();
        hit.record = std::move(*record);
        hit.score = std::round(it.get_weight() * 1000.0) / 1000.0;
        if (snippets)
            hit.snippet = make_snippet(hit.record.text, spec, knowledge);
        hit.record.text.clear();
    }
}

/// Hands `emit` every result of `page` in order while it returns true.
void export_all(const Xapian::Enquire& page,
                const std::function<bool(const ArticleRecord&)>& emit) {
    constexpr Xapian::doccount chunk = 500;
    for (Xapian::doccount at = 0;; at += chunk) {
        const Xapian::MSet mset = page.get_mset(at, chunk);
        prefetch(mset);
        for (auto it = mset.begin(); it != mset.end(); ++it)
            if (auto rec = record_from_data(it.get_document().get_data()); rec && !emit(*rec))
                return;
        if (mset.size() < chunk)
            return;
    }
}

} // namespace

detail::YearScope SearchEngine::Distributed::year_scope(const SearchRequest& req) const {
    Filters filters = req.filters;
    detail::merge(filters, m_parser.parse(req.q).filters);
    return detail::YearScope::of(filters);
}

SearchResponse SearchEngine::Distributed::search(const SearchRequest& req) {
    const auto start = Clock::now();
    SearchResponse res;
    std::vector<std::string> missing;
    on_shards(
        year_scope(req),
        [&](const ShardDatabases& db, const Snapshot& w) {
            res = run(req, db, w, nullptr);
            // Nothing holds every word: a misspelt word corrected may find what was meant,
            // and is then searched instead (as the in-memory engine does).
            if (res.total > 0 || req.exact || req.q.empty())
                return;
            std::optional<QueryCorrection> fix = m_speller.correct(req.q, detail::vocabulary_of(w));
            if (!fix)
                return;
            SearchRequest fixed = req;
            fixed.q = fix->to;
            SearchResponse again = run(fixed, db, w, nullptr);
            if (again.total == 0)
                return;
            again.corrected = std::move(fix);
            again.query_errors = res.query_errors;
            res = std::move(again);
        },
        missing);
    res.missing_shards = std::move(missing);
    res.took_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return res;
}

void SearchEngine::Distributed::export_records(
    const SearchRequest& req, const std::function<bool(const ArticleRecord&)>& emit) {
    std::vector<std::string> missing;
    on_shards(
        year_scope(req),
        [&](const ShardDatabases& dbs, const Snapshot& w) { run(req, dbs, w, &emit); }, missing);
}

SearchResponse
SearchEngine::Distributed::run(const SearchRequest& req, const ShardDatabases& dbs,
                               const Snapshot& words,
                               const std::function<bool(const ArticleRecord&)>* export_to) {
    SearchResponse res;
    // 1. The query, and its field filters with the request's.
    const ParsedQuery parsed = m_parser.parse(req.q);
    res.query_errors = parsed.errors;
    res.filters = req.filters;
    detail::merge(res.filters, parsed.filters);
    const Xapian::Query text = detail::text_query(parsed);
    const Xapian::Query wanted = detail::filtered(text, detail::filter_query(res.filters, words));
    // The shards of the years the request selects: by year, the others hold none of its
    // results (the year facet's counts alone need those of the other years in its range).
    Xapian::Database& db = dbs.selected;
    Xapian::Enquire page(db);
    page.set_query(wanted);
    set_order(page, req, parsed.has_text);
    if (export_to) {
        export_all(page, *export_to);
        return res;
    }

    // 2. The match under every filter, run to its end, gives the exact total and, through
    // Xapian's spies, the counts of the facets the request selects nothing of; each other
    // facet is counted on a match under the other filters (multi-select). A match by
    // relevance gives the page too. (A spy on a match sorted by value counted more documents
    // than match over remote shards: 59 for 54 in the test, Xapian 1.4.22.)
    const bool by_relevance = parsed.has_text && req.sort == SortOrder::relevance;
    const auto per_page = static_cast<Xapian::doccount>(std::clamp(req.per_page, 1, 100));
    const auto first = static_cast<Xapian::doccount>(std::max(req.page, 1) - 1) * per_page;
    Xapian::Enquire every(db);
    every.set_query(wanted);
    if (!by_relevance)
        every.set_weighting_scheme(Xapian::BoolWeight());
    detail::FacetSpies spies(every, res.filters);
    Xapian::MSet mset =
        every.get_mset(by_relevance ? first : 0, by_relevance ? per_page : 0, db.get_doccount());
    res.total = mset.get_matches_estimated();
    res.strict_total = res.total;
    spies.count_selected(db, dbs.in_range, text, res.filters, words);
    spies.fill(words, res);

    // 3. The page, its records and snippets.
    if (!by_relevance && first < res.total)
        mset = page.get_mset(first, per_page);
    if (first < res.total)
        add_hits(mset, parsed, req.snippets, *m_knowledge, res);

    // 4. Did you mean, from the vocabulary of the shards as a whole.
    if (parsed.has_text)
        res.suggestion = m_speller.suggest(req.q, detail::vocabulary_of(words), res.total < 3);
    return res;
}

} // namespace vnsearch
