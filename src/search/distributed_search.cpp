// A search through Xapian's own matcher, in steps: the query and its filters as Xapian
// queries, the facets from a ValueCountMatchSpy over every match, the page (or an export)
// from the filtered query, the snippets and did-you-mean.

#include "search/distributed.hpp"
#include "search/facets.hpp"
#include "search/filters.hpp"
#include "search/highlight.hpp"
#include "vnsearch/schema.hpp"

#include <algorithm>
#include <cmath>

namespace vnsearch {

using detail::Snapshot;
using Clock = std::chrono::steady_clock;

namespace {

/// What a document must match and what ranks it: the query's tree, its boosts (words side by
/// side, stop words) adding weight where they hold.
Xapian::Query text_query(const ParsedQuery& parsed) {
    if (!parsed.has_text)
        return Xapian::Query::MatchAll;
    Xapian::Query must = parsed.tree.to_xapian();
    if (parsed.boosts.empty())
        return must;
    std::vector<Xapian::Query> boosts;
    for (const QueryNode& b : parsed.boosts)
        boosts.push_back(b.to_xapian());
    return {Xapian::Query::OP_AND_MAYBE, must,
            Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end())};
}

/// The filter terms of one facet's selected values, OR'ed; MatchAll when none is selected.
Xapian::Query any_term(std::string_view prefix, const std::vector<std::string>& values) {
    if (values.empty())
        return Xapian::Query::MatchAll;
    std::vector<Xapian::Query> terms;
    for (const std::string& v : values)
        terms.emplace_back(std::string(prefix) + v);
    return {Xapian::Query::OP_OR, terms.begin(), terms.end()};
}

/// Slugs of the names that `codes` stand for in `names`, counted from `first`.
std::vector<std::string> slugs(const std::vector<int>& codes, const std::vector<std::string>& names,
                               int first) {
    std::vector<std::string> out;
    for (int c : codes)
        if (c >= first && c - first < static_cast<int>(names.size()))
            out.push_back(slug(names[static_cast<std::size_t>(c - first)]));
        else
            out.emplace_back("\x01none"); // a code the index does not have admits nothing
    return out;
}

template <std::size_t N>
std::vector<std::string> ids(const std::vector<int>& indexes,
                             const std::array<std::string_view, N>& all) {
    std::vector<std::string> out;
    for (int i : indexes)
        out.emplace_back(i >= 0 && i < static_cast<int>(N) ? all[static_cast<std::size_t>(i)]
                                                           : std::string_view("\x01none"));
    return out;
}

Xapian::Query year_is(int year) {
    const std::string v = Xapian::sortable_serialise(year);
    return {Xapian::Query::OP_VALUE_RANGE, schema::slot_year, v, v};
}

/// The filters as a Xapian query over the filter terms and value slots, with the semantics of
/// FilterSet (values of one facet OR'ed, facets AND'ed; the year is the facet record's).
Xapian::Query filter_query(const Filters& f, const Snapshot& names) {
    std::vector<Xapian::Query> parts;
    auto add = [&](Xapian::Query q) {
        if (q.get_type() != Xapian::Query::LEAF_MATCH_ALL)
            parts.push_back(std::move(q));
    };
    add(any_term(schema::province, slugs(f.provinces, names.provinces, 1)));
    add(any_term(schema::former, slugs(f.formers, names.formers, 1)));
    add(any_term(schema::carrier, slugs(f.carriers, names.carriers, 0)));
    add(any_term(schema::pillar, ids(f.pillars, pillar_ids)));
    add(any_term(schema::kind, ids(f.kinds, kind_ids)));
    if (!f.years.empty()) {
        std::vector<Xapian::Query> years;
        for (int y : f.years)
            years.push_back(year_is(y));
        add({Xapian::Query::OP_OR, years.begin(), years.end()});
    }
    if (f.year_from)
        add({Xapian::Query::OP_VALUE_GE, schema::slot_year,
             Xapian::sortable_serialise(*f.year_from)});
    if (f.year_to)
        add({Xapian::Query::OP_VALUE_LE, schema::slot_year,
             Xapian::sortable_serialise(*f.year_to)});
    if (!f.sources.empty()) {
        std::vector<Xapian::Query> outlets;
        for (const std::string& s : f.sources)
            outlets.emplace_back(Xapian::Query::OP_VALUE_RANGE, schema::slot_outlet, s, s);
        add({Xapian::Query::OP_OR, outlets.begin(), outlets.end()});
    }
    if (parts.empty())
        return Xapian::Query::MatchAll;
    return {Xapian::Query::OP_AND, parts.begin(), parts.end()};
}

/// The groups a ValueCountMatchSpy on slot_facet_key saw, their outlets coded into
/// `names.outlets` (sorted, as the in-memory snapshot codes them).
std::vector<detail::FacetGroup> facet_groups(const Xapian::ValueCountMatchSpy& spy,
                                             const Filters& f, Snapshot& names) {
    std::vector<std::pair<schema::FacetRecord, std::string>> keys;
    std::vector<Xapian::doccount> counts;
    for (auto v = spy.values_begin(); v != spy.values_end(); ++v) {
        keys.push_back(schema::unpack_facet_key(*v));
        counts.push_back(v.get_termfreq());
        if (!keys.back().second.empty())
            names.outlets.push_back(keys.back().second);
    }
    names.outlets.insert(names.outlets.end(), f.sources.begin(), f.sources.end());
    std::sort(names.outlets.begin(), names.outlets.end());
    names.outlets.erase(std::unique(names.outlets.begin(), names.outlets.end()),
                        names.outlets.end());
    std::vector<detail::FacetGroup> groups;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        detail::FacetGroup g{{keys[i].first}, counts[i]};
        if (!keys[i].second.empty())
            g.row.outlet = static_cast<std::uint16_t>(
                std::lower_bound(names.outlets.begin(), names.outlets.end(), keys[i].second) -
                names.outlets.begin() + 1);
        groups.push_back(g);
    }
    return groups;
}

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

/// res.total and res.facets from the facet keys `spy` counted, the names of their codes
/// from `words`.
void tally(const Xapian::ValueCountMatchSpy& spy, const Snapshot& words, SearchResponse& res) {
    Snapshot names;
    names.provinces = words.provinces;
    names.formers = words.formers;
    names.carriers = words.carriers;
    const std::vector<detail::FacetGroup> groups = facet_groups(spy, res.filters, names);
    detail::count_facet_groups(groups, detail::FilterSet(res.filters, names), names, res);
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

SearchResponse SearchEngine::Distributed::search(const SearchRequest& req) {
    const auto start = Clock::now();
    SearchResponse res;
    std::vector<std::string> missing;
    on_shards(
        [&](Xapian::Database& db, const Snapshot& w) {
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
    on_shards([&](Xapian::Database& db, const Snapshot& w) { run(req, db, w, &emit); }, missing);
}

SearchResponse
SearchEngine::Distributed::run(const SearchRequest& req, Xapian::Database& db,
                               const Snapshot& words,
                               const std::function<bool(const ArticleRecord&)>* export_to) {
    SearchResponse res;
    // 1. The query, and its field filters with the request's.
    const ParsedQuery parsed = m_parser.parse(req.q);
    res.query_errors = parsed.errors;
    res.filters = req.filters;
    detail::merge(res.filters, parsed.filters);
    const Xapian::Query text = text_query(parsed);
    const Xapian::Query filters = filter_query(res.filters, words);
    const bool filtered = filters.get_type() != Xapian::Query::LEAF_MATCH_ALL;
    const int per_page = std::clamp(req.per_page, 1, 100);
    const auto first = static_cast<Xapian::doccount>(std::max(req.page, 1) - 1) *
                       static_cast<Xapian::doccount>(per_page);

    // 2. Every match's facets, counted by the shards themselves (the match runs to the end),
    // give the exact multi-select counts and the total. Without filters, a match by
    // relevance gives the page too.
    Xapian::Enquire every(db);
    every.set_query(text);
    Xapian::ValueCountMatchSpy spy(schema::slot_facet_key);
    every.add_matchspy(&spy);
    Xapian::MSet mset;
    // A spy on a match sorted by value counted more documents than match over remote shards
    // (59 for 54 in the test, Xapian 1.4.22): only a match by relevance gives the page and
    // the counts at once.
    const bool by_relevance = parsed.has_text && req.sort == SortOrder::relevance;
    if (filtered || export_to || !by_relevance) {
        every.set_weighting_scheme(Xapian::BoolWeight());
        (void)every.get_mset(0, 0, db.get_doccount());
    } else {
        set_order(every, req, parsed.has_text);
        mset = every.get_mset(first, static_cast<Xapian::doccount>(per_page), db.get_doccount());
    }
    tally(spy, words, res);
    res.strict_total = res.total;

    // 3. The page, or every result for an export, from the query under the filters.
    Xapian::Enquire page(db);
    page.set_query(Xapian::Query(Xapian::Query::OP_FILTER, text, filters));
    set_order(page, req, parsed.has_text);
    if (export_to) {
        export_all(page, *export_to);
        return res;
    }
    const bool counted_page = !filtered && by_relevance;
    if (!counted_page && first < res.total)
        mset = page.get_mset(first, static_cast<Xapian::doccount>(per_page));
    if (counted_page || first < res.total)
        add_hits(mset, parsed, req.snippets, *m_knowledge, res);

    // 4. Did you mean, from the vocabulary of the shards as a whole.
    if (parsed.has_text)
        res.suggestion = m_speller.suggest(req.q, detail::vocabulary_of(words), res.total < 3);
    return res;
}

} // namespace vnsearch
