// A search as a pipeline of named steps (SearchEngine::Impl::run), the answer cache in
// front of it, and the engine's other answers: facets, documents, statistics.

#include "search/engine.hpp"
#include "search/facets.hpp"
#include "search/filters.hpp"
#include "search/page.hpp"
#include "search/ranking.hpp"
#include "search/snapshot.hpp"

#include <algorithm>
#include <chrono>

namespace vnsearch {

using detail::FilterSet;
using detail::Snapshot;
using Clock = std::chrono::steady_clock;

namespace {

/// Everything that decides an answer, as a cache key.
std::string answer_key(const std::string& snapshot, const SearchRequest& r) {
    std::string key = snapshot;
    key += '\n';
    key += r.q;
    key += detail::filters_key(r.filters);
    key += "\ns " + std::to_string(static_cast<int>(r.sort)) + ' ' + std::to_string(r.page) + ' ' +
           std::to_string(r.per_page) + ' ' + (r.snippets ? '1' : '0') + ' ' +
           (r.exact ? '1' : '0') + ' ' + std::to_string(static_cast<int>(r.relax));
    return key;
}

std::size_t answer_bytes(const SearchResponse& r) {
    std::size_t n = 1024;
    for (const SearchHit& h : r.hits)
        n += 512 + h.snippet.size() + h.record.title.size();
    for (const auto& [name, values] : r.facets)
        n += values.size() * 64;
    return n;
}

} // namespace

SearchResponse SearchEngine::Impl::search(const SearchRequest& req) {
    // The same request on the same revision gets the same answer: repeated requests (a
    // page reloaded, a link shared, a popular query) are served from memory.
    const auto start = Clock::now();
    SearchResponse res = with_current_revision<SearchResponse>(
        [&](detail::Worker& w, const std::shared_ptr<const Snapshot>& snap) {
            const std::string key = answer_key(snap->key, req);
            if (const auto cached = m_answers.find(key))
                return *cached;
            SearchResponse fresh = run(req, nullptr, w, snap);
            m_answers.insert(key, std::make_shared<const SearchResponse>(fresh),
                             answer_bytes(fresh));
            return fresh;
        });
    res.took_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return res;
}

SearchResponse SearchEngine::Impl::run(const SearchRequest& req,
                                       const std::function<bool(const ArticleRecord&)>* export_to,
                                       detail::Worker& w,
                                       const std::shared_ptr<const Snapshot>& snap) {
    const auto start = Clock::now();
    const Snapshot& s = *snap;
    SearchResponse res;
    detail::Selection sel = select(req, w, snap, res);
    const ParsedQuery& parsed = sel.parsed;
    const std::shared_ptr<const detail::MatchList>& list = sel.list;
    const FilterSet filters(res.filters, s);
    const std::size_t total = sel.total;

    // 4. The admitted documents in the requested order. Browsing lists are newest first
    // already and text matches best first: unless another order or an export wants them
    // all, the list stops at the end of the requested page.
    const int per_page = std::clamp(req.per_page, 1, 100);
    const auto first =
        static_cast<std::size_t>(std::max(req.page, 1) - 1) * static_cast<std::size_t>(per_page);
    const bool resort =
        req.sort == SortOrder::date_asc || (parsed.has_text && req.sort == SortOrder::date_desc);
    const std::size_t wanted =
        resort || export_to ? total : std::min(total, first + static_cast<std::size_t>(per_page));
    std::vector<std::pair<Xapian::docid, float>> order =
        order_results(*list, parsed, w, s, sel.flags, wanted);
    if (resort)
        detail::sort_by_date(order, s, req.sort == SortOrder::date_asc);
    if (export_to) {
        export_in_order(order, *export_to, w);
        return res;
    }

    // 5. The requested page.
    if (first < total) {
        const std::size_t end = std::min(order.size(), first + static_cast<std::size_t>(per_page));
        res.hits = detail::page_hits(
            {order, *list, filters, parsed, w, s, *m_knowledge, req.snippets}, first, end);
    }

    // 6. Did you mean: names as they are written, diacritics restored from the index's own
    // words, and when little was found, misspelt words corrected.
    if (parsed.has_text) {
        const std::string& searched = res.corrected ? res.corrected->to : req.q;
        res.suggestion =
            m_speller.suggest(searched, detail::vocabulary_of(s), total < 3 && !res.corrected);
    }
    res.took_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return res;
}

detail::Selection SearchEngine::Impl::select(const SearchRequest& req, detail::Worker& w,
                                             const std::shared_ptr<const Snapshot>& snap,
                                             SearchResponse& res) {
    detail::Selection sel;
    // 1. The query, and its field filters with the request's.
    sel.parsed = m_parser.parse(req.q);
    res.query_errors = sel.parsed.errors;
    res.filters = req.filters;
    detail::merge(res.filters, sel.parsed.filters);
    const FilterSet filters(res.filters, *snap);

    // 2. Every document the text matches, ranked. Fetching them all keeps each weight
    // exact (no pruning) so pages never overlap, and gives the facet pass its input. When
    // few hold every word, those holding most of them too (text_matches).
    sel.list = sel.parsed.has_text ? text_matches(req, w, snap, sel.parsed, res)
                                   : std::shared_ptr<const detail::MatchList>(snap, &snap->all);

    // 3. One pass over the facet column: exact multi-select counts, the total, the results.
    detail::FacetPass pass = detail::count_facets(sel.list->matched, filters, *snap, res);
    sel.total = pass.total;
    sel.flags = std::move(pass.flags);
    // A relaxed answer says so only where something shown lacks a word.
    res.relaxed = res.relaxed && res.total > res.strict_total;
    if (!res.relaxed)
        res.strict_total = res.total;
    return sel;
}

std::optional<ArticleRecord> SearchEngine::Impl::document(const std::string& id) {
    return with_current_revision<std::optional<ArticleRecord>>(
        [&](detail::Worker& w, const std::shared_ptr<const Snapshot>&) {
            const std::string term = std::string(schema::id) + id;
            Xapian::PostingIterator p = w.db.postlist_begin(term);
            if (p == w.db.postlist_end(term))
                return std::optional<ArticleRecord>{};
            const Xapian::Document doc = w.db.get_document(*p);
            auto record = record_from_data(doc.get_data());
            if (record) // a text past the analysed part (schema::slot_rest_of_text)
                record->text += doc.get_value(schema::slot_rest_of_text);
            return record;
        });
}

IndexStats SearchEngine::Impl::stats() {
    detail::Worker& w = worker();
    const auto snap = snapshot_for(w);
    IndexStats st;
    st.documents = snap->documents;
    st.shards = w.shards.size();
    Xapian::rev sum = 0;
    for (const Xapian::Database& shard : w.shards)
        sum += shard.get_revision();
    st.revision = std::to_string(sum);
    st.last_update = snap->last_update;
    return st;
}

std::vector<std::string> SearchEngine::Impl::province_names() {
    detail::Worker& w = worker();
    return snapshot_for(w)->provinces;
}

} // namespace vnsearch
