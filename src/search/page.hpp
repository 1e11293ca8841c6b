#pragma once
/// A page of results: records read shard by shard, snippets, the words each lacks and the
/// near-duplicates it stands for.

#include "search/engine.hpp"
#include "search/filters.hpp"

#include <cstddef>
#include <utility>
#include <vector>

namespace vnsearch::detail {

/// What a page is made from.
struct PageSource {
    const std::vector<std::pair<Xapian::docid, float>>& order; ///< the results in order
    const MatchList& list;                                     ///< the matches they come from
    const FilterSet& filters;
    const ParsedQuery& parsed; ///< what the snippets mark
    const Worker& worker;
    const Snapshot& snapshot;
    const Knowledge& knowledge;
    bool snippets = true;
};

/// The hits of order[first, end).
std::vector<SearchHit> page_hits(const PageSource& from, std::size_t first, std::size_t end);

} // namespace vnsearch::detail
