#pragma once
/// Facet counts: one pass over the facet column gives the exact multi-select counts of every
/// facet, the total and the documents a request admits.

#include "search/engine.hpp"
#include "search/filters.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace vnsearch::detail {

/// Flags of the facet pass, a byte a document.
inline constexpr std::uint8_t admitted_bit = 1;   ///< the document is a result
inline constexpr std::uint8_t group_seen_bit = 2; ///< its near-duplicate group is counted
inline constexpr std::uint8_t ranked_bit = 4;     ///< already in the order (ranking.cpp)
inline constexpr std::uint8_t matched_bit = 8;    ///< a member of a group, matched

/// What the facet pass found: the results and their flags by docid.
struct FacetPass {
    std::size_t total = 0;
    std::vector<std::uint8_t> flags;
};

/// Counts `matched` (ascending) under `filters` into res.facets: each facet under every
/// filter but its own (multi-select), and each group of near-duplicates once: a result when
/// one of its matched members passes every filter (the first in the group's order is the
/// result), and for each value its matched members passing the other filters have.
FacetPass count_facets(const std::vector<Xapian::docid>& matched, const FilterSet& filters,
                       const Snapshot& s, SearchResponse& res);

/// The counts of every facet's values, by code (carriers and pillars by set, a byte of bits,
/// until fill()): from the facet pass, or from Xapian's match spies (distributed_search.cpp).
struct FacetCounts {
    std::vector<std::size_t> provinces, formers, carriers, pillars, years, outlets;
    std::array<std::size_t, 256> carrier_sets{}, pillar_sets{};
    std::array<std::size_t, kind_ids.size() + 1> kinds{};

    /// Sized for the codes of `s`'s names.
    explicit FacetCounts(const Snapshot& s);
    /// Counts `n` documents of record `r` that fail the facets `fails` (FilterSet::fails): a
    /// facet's own filter does not narrow its counts (multi-select).
    void add(const FacetRow& r, unsigned fails, std::size_t n = 1);
    /// res.facets from the counts, the values named from `s`, the selected ones marked.
    void fill(const Snapshot& s, SearchResponse& res);
};

} // namespace vnsearch::detail
