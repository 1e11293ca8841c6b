#include "search/page.hpp"

#include "index/docids.hpp"
#include "search/highlight.hpp"
#include "vnsearch/schema.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace vnsearch::detail {
namespace {

/// A document's id, from its unique-id term: cheaper than parsing its record.
std::string id_of(const Xapian::Database& db, Xapian::docid d) {
    const std::string prefix(schema::id);
    Xapian::TermIterator t = db.termlist_begin(d);
    t.skip_to(prefix);
    if (t == db.termlist_end(d) || (*t).compare(0, prefix.size(), prefix) != 0)
        return {};
    return (*t).substr(prefix.size());
}
/// The records of order[first, end) with their snippets (a snippet tokenizes the whole text:
/// most of a page's time), made shard by shard, each shard on a thread of its own.
std::vector<std::optional<SearchHit>> read_hits(const PageSource& from, std::size_t first,
                                                std::size_t end) {
    const ParsedQuery& parsed = from.parsed;
    HighlightSpec spec;
    spec.folded_terms.insert(parsed.highlight_terms.begin(), parsed.highlight_terms.end());
    spec.exact_terms.insert(parsed.highlight_exact.begin(), parsed.highlight_exact.end());
    spec.entities = parsed.highlight_entities;
    const Worker& w = from.worker;
    const auto shards = static_cast<Xapian::docid>(w.shards.size());
    std::vector<std::optional<SearchHit>> built(end - first);
    for_each_shard(shards, [&](std::size_t k) {
        for (std::size_t i = first; i < end; ++i) {
            const Xapian::docid d = from.order[i].first;
            if (shard_of(d, shards) != k)
                continue;
            auto record =
                record_from_data(w.shards[k].get_document(local_docid(d, shards)).get_data());
            if (!record)
                continue;
            SearchHit& hit = built[i - first].emplace();
            hit.record = std::move(*record);
            hit.score = std::round(from.order[i].second * 1000.0) / 1000.0;
            if (from.snippets)
                hit.snippet = make_snippet(hit.record.text, spec, from.knowledge);
            hit.record.text.clear();
        }
    });
    return built;
}

/// Sets what `hit` (docid `d`) lacks of a relaxed query, and the near-duplicates among the
/// results it stands for.
void describe_hit(const PageSource& from, Xapian::docid d, SearchHit& hit) {
    const MatchList& list = from.list;
    const auto& matched = list.matched;
    const Snapshot& s = from.snapshot;
    if (!list.missing.empty()) {
        const auto at = std::lower_bound(matched.begin(), matched.end(), d);
        hit.missing =
            list.missing_sets[list.missing[static_cast<std::size_t>(at - matched.begin())]];
    }
    if (const auto m = s.members.find(s.cluster[d]); m != s.members.end()) {
        for (const Xapian::docid other : m->second) {
            if (other == d || !std::binary_search(matched.begin(), matched.end(), other) ||
                from.filters.fails(s.facets[other]) != 0)
                continue;
            if (std::string other_id = id_of(from.worker.db, other); !other_id.empty())
                hit.duplicates.push_back(std::move(other_id));
        }
        hit.copies = 1 + hit.duplicates.size();
    }
}

} // namespace

std::vector<SearchHit> page_hits(const PageSource& from, std::size_t first, std::size_t end) {
    std::vector<std::optional<SearchHit>> built = read_hits(from, first, end);
    std::vector<SearchHit> hits;
    for (std::size_t i = first; i < end; ++i) {
        if (!built[i - first])
            continue;
        SearchHit& hit = *built[i - first];
        describe_hit(from, from.order[i].first, hit);
        hits.push_back(std::move(hit));
    }
    return hits;
}

} // namespace vnsearch::detail
