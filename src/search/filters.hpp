#pragma once
/// A request's filters as the facet pass reads them, and what depends on them alone.

#include "search/engine.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace vnsearch::detail {

/// The facets one document fails under `f` (bit per facet_names index).
struct FilterSet {
    std::uint64_t provinces[4] = {0, 0, 0, 0};
    std::uint64_t formers[4] = {0, 0, 0, 0};
    std::uint8_t carriers = 0;
    std::uint8_t pillars = 0;
    std::uint8_t kinds = 0; ///< bit k: kind code k (1 + index into kind_ids)
    std::vector<int> years;
    int year_from = 0;
    int year_to = 9999;
    std::vector<std::uint64_t> outlets; ///< bit per outlet code of the snapshot
    bool any_province = false, any_former = false, any_outlet = false;

    /// Outlets are named in `f` and coded in `s`: one the index does not hold admits nothing.
    FilterSet(const Filters& f, const Snapshot& s) {
        for (int p : f.provinces)
            if (p > 0 && p < 256) {
                provinces[p / 64] |= 1ull << (p % 64);
                any_province = true;
            }
        for (int p : f.formers)
            if (p > 0 && p < 256) {
                formers[p / 64] |= 1ull << (p % 64);
                any_former = true;
            }
        for (int c : f.carriers)
            if (c >= 0 && c < static_cast<int>(schema::max_carriers))
                carriers |= static_cast<std::uint8_t>(1u << c);
        for (int p : f.pillars)
            if (p >= 0 && p < 8)
                pillars |= static_cast<std::uint8_t>(1u << p);
        for (int k : f.kinds)
            if (k >= 0 && k < static_cast<int>(kind_ids.size()))
                kinds |= static_cast<std::uint8_t>(1u << (k + 1));
        outlets.assign(s.outlets.size() / 64 + 1, 0);
        for (const std::string& name : f.sources) {
            any_outlet = true;
            const auto at = std::lower_bound(s.outlets.begin(), s.outlets.end(), name);
            if (at != s.outlets.end() && *at == name) {
                const auto code = static_cast<std::size_t>(at - s.outlets.begin()) + 1;
                outlets[code / 64] |= 1ull << (code % 64);
            }
        }
        years = f.years;
        year_from = f.year_from.value_or(0);
        year_to = f.year_to.value_or(9999);
    }

    /// Bit i set: the document fails facet i's filter (facet_names order, the kind's at bit 6
    /// and the source's at bit 7). Bit 5: fails the year range.
    unsigned fails(const FacetRow& r) const {
        unsigned bits = 0;
        if (any_province && !(provinces[r.province / 64] >> (r.province % 64) & 1))
            bits |= 1u << 0;
        if (any_former && !(formers[r.former / 64] >> (r.former % 64) & 1))
            bits |= 1u << 1;
        if (carriers != 0 && (r.carriers & carriers) == 0)
            bits |= 1u << 2;
        if (!years.empty() && std::find(years.begin(), years.end(), r.year) == years.end())
            bits |= 1u << 3;
        if (pillars != 0 && (r.pillars & pillars) == 0)
            bits |= 1u << 4;
        if (r.year < year_from || r.year > year_to)
            bits |= 1u << 5;
        if (kinds != 0 && !(kinds >> r.kind & 1u))
            bits |= 1u << 6;
        if (any_outlet &&
            !(r.outlet / 64 < outlets.size() && outlets[r.outlet / 64] >> (r.outlet % 64) & 1))
            bits |= 1u << 7;
        return bits;
    }
};

/// How many results `matched` (ascending) gives under `filters`, near-duplicates folded as
/// the facet pass folds them (a group is one result when a matched member passes), counting no
/// further than `enough`: a broad query stops after a few documents.
std::size_t results_up_to(const std::vector<Xapian::docid>& matched, const FilterSet& filters,
                          const Snapshot& s, std::size_t enough);

/// Adds the filters of `from` (a query's field filters) to `into` (the request's).
void merge(Filters& into, const Filters& from);

/// A key for the filters, in a fixed order.
std::string filters_key(const Filters& f);

} // namespace vnsearch::detail
