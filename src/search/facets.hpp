#pragma once
/// Facet counts: one pass over the facet column gives the exact multi-select counts of every
/// facet, the total and the documents a request admits.

#include "search/engine.hpp"
#include "search/filters.hpp"

#include <cstdint>
#include <vector>

namespace vnsearch::detail {

/// Flags of the facet pass, a byte a document.
inline constexpr std::uint8_t admitted_bit = 1;   ///< the document is a result
inline constexpr std::uint8_t group_seen_bit = 2; ///< its near-duplicate group is counted
inline constexpr std::uint8_t ranked_bit = 4;     ///< already in the order (ranking.cpp)

/// What the facet pass found: the results and their flags by docid.
struct FacetPass {
    std::size_t total = 0;
    std::vector<std::uint8_t> flags;
};

/// Counts `matched` (ascending) under `filters` into res.facets: the representative of
/// each duplicate group (its smallest matched docid: the first met) only, and each facet
/// under every filter but its own (multi-select).
FacetPass count_facets(const std::vector<Xapian::docid>& matched, const FilterSet& filters,
                       const Snapshot& s, SearchResponse& res);

/// Documents that share their facets and outlet: what one value of a ValueCountMatchSpy on
/// schema::slot_facet_key stands for.
struct FacetGroup {
    FacetRow row;
    std::size_t documents = 0;
};

/// The same counts as count_facets() from groups of matches instead of the matches one by
/// one (near-duplicates are not folded: the groups do not say which documents they hold).
/// Returns the total the filters admit.
std::size_t count_facet_groups(const std::vector<FacetGroup>& groups, const FilterSet& filters,
                               const Snapshot& s, SearchResponse& res);

} // namespace vnsearch::detail
