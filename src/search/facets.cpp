#include "search/facets.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace vnsearch::detail {
namespace {

std::vector<FacetCount> facet_list(const std::vector<std::string>& names,
                                   const std::vector<std::size_t>& counts, std::size_t offset,
                                   const std::vector<int>& selected) {
    std::vector<FacetCount> out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const int code = static_cast<int>(i + offset);
        const bool sel = std::find(selected.begin(), selected.end(), code) != selected.end();
        if ((code < static_cast<int>(counts.size()) &&
             counts[static_cast<std::size_t>(code)] > 0) ||
            sel)
            out.push_back({names[i],
                           code < static_cast<int>(counts.size())
                               ? counts[static_cast<std::size_t>(code)]
                               : 0,
                           sel});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
    return out;
}

/// The years with results, and those selected, the most results first.
std::vector<FacetCount> year_list(const std::vector<std::size_t>& year_counts,
                                  const std::vector<int>& selected) {
    std::vector<FacetCount> years;
    for (std::size_t y = year_counts.size(); y-- > 1;)
        if (year_counts[y] > 0)
            years.push_back({std::to_string(y), year_counts[y],
                             std::find(selected.begin(), selected.end(), static_cast<int>(y)) !=
                                 selected.end()});
    for (int y : selected)
        if (y <= 0 || y >= static_cast<int>(year_counts.size()) ||
            year_counts[static_cast<std::size_t>(y)] == 0)
            years.push_back({std::to_string(y), 0, true});
    std::stable_sort(years.begin(), years.end(),
                     [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
    return years;
}

/// The outlets with results, and those selected (by name: one the index does not hold
/// is listed with 0).
std::vector<FacetCount> source_list(const std::vector<std::string>& names,
                                    const std::vector<std::size_t>& counts,
                                    const std::vector<std::string>& selected) {
    std::vector<FacetCount> out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const bool sel = std::find(selected.begin(), selected.end(), names[i]) != selected.end();
        if (counts[i + 1] > 0 || sel)
            out.push_back({names[i], counts[i + 1], sel});
    }
    for (const std::string& name : selected)
        if (!std::binary_search(names.begin(), names.end(), name))
            out.push_back({name, 0, true});
    std::stable_sort(out.begin(), out.end(),
                     [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
    return out;
}

/// One near-duplicate group's share of the facet counts: for each facet, the values of its
/// matched members that pass every filter but that facet's own, each value once (a carrier
/// or pillar once however many members name it).
class GroupCounts {
public:
    void add(const FacetRow& r, unsigned fails) {
        const auto passes_but = [fails](unsigned bit) { return (fails & ~(1u << bit)) == 0; };
        if (passes_but(0))
            insert(m_provinces, r.province);
        if (passes_but(1))
            insert(m_formers, r.former);
        if (passes_but(2)) {
            m_carriers |= r.carriers;
            m_sets |= 1u;
        }
        if (passes_but(3))
            insert(m_years, r.year);
        if (passes_but(4)) {
            m_pillars |= r.pillars;
            m_sets |= 2u;
        }
        if (passes_but(6))
            insert(m_kinds, r.kind);
        if (passes_but(7))
            insert(m_outlets, r.outlet);
    }

    void count_into(FacetCounts& c) const {
        for (const std::uint16_t v : m_provinces)
            if (v != 0 && v < c.provinces.size())
                ++c.provinces[v];
        for (const std::uint16_t v : m_formers)
            if (v != 0 && v < c.formers.size())
                ++c.formers[v];
        if (m_sets & 1u)
            ++c.carrier_sets[m_carriers];
        for (const std::uint16_t y : m_years)
            if (y != 0)
                ++c.years[std::min<std::size_t>(y, c.years.size() - 1)];
        if (m_sets & 2u)
            ++c.pillar_sets[m_pillars];
        for (const std::uint16_t k : m_kinds)
            if (k < c.kinds.size())
                ++c.kinds[k];
        for (const std::uint16_t v : m_outlets)
            if (v != 0 && v < c.outlets.size())
                ++c.outlets[v];
    }

private:
    static void insert(std::vector<std::uint16_t>& values, std::uint16_t v) {
        if (std::find(values.begin(), values.end(), v) == values.end())
            values.push_back(v);
    }

    std::vector<std::uint16_t> m_provinces, m_formers, m_years, m_kinds, m_outlets;
    std::uint8_t m_carriers = 0, m_pillars = 0;
    unsigned m_sets = 0; ///< 1: some member counts for the carriers, 2: for the pillars
};

/// Counts a group of near-duplicates once: a result when one of its matched members passes
/// every filter (the first such in the group's order stands for it), and for a facet's
/// value when a matched member passing the other filters has it, which is what choosing
/// that value would give.
void count_group(const std::vector<Xapian::docid>& members, const FilterSet& filters,
                 const Snapshot& s, FacetPass& pass, FacetCounts& counts) {
    GroupCounts group;
    bool admitted = false;
    for (const Xapian::docid m : members) {
        if (!(pass.flags[m] & matched_bit))
            continue;
        const FacetRow& r = s.facets[m];
        const unsigned fails = filters.fails(r);
        if (fails == 0 && !admitted) {
            admitted = true;
            ++pass.total;
            pass.flags[m] |= admitted_bit;
        }
        group.add(r, fails);
    }
    group.count_into(counts);
}

} // namespace

FacetCounts::FacetCounts(const Snapshot& s)
    : provinces(s.provinces.size() + 1, 0), formers(s.formers.size() + 1, 0),
      carriers(schema::max_carriers, 0), pillars(8, 0), years(10000, 0),
      outlets(s.outlets.size() + 1, 0) {}

void FacetCounts::add(const FacetRow& r, unsigned fails, std::size_t n) {
    if ((fails & ~(1u << 0)) == 0 && r.province != 0 && r.province < provinces.size())
        provinces[r.province] += n;
    if ((fails & ~(1u << 1)) == 0 && r.former != 0 && r.former < formers.size())
        formers[r.former] += n;
    if ((fails & ~(1u << 2)) == 0)
        carrier_sets[r.carriers] += n;
    if ((fails & ~(1u << 3)) == 0 && r.year != 0)
        years[std::min<std::size_t>(r.year, years.size() - 1)] += n;
    if ((fails & ~(1u << 4)) == 0)
        pillar_sets[r.pillars] += n;
    if ((fails & ~(1u << 6)) == 0 && r.kind < kinds.size())
        kinds[r.kind] += n;
    if ((fails & ~(1u << 7)) == 0 && r.outlet != 0 && r.outlet < outlets.size())
        outlets[r.outlet] += n;
}

void FacetCounts::fill(const Snapshot& s, SearchResponse& res) {
    for (unsigned set = 1; set < 256; ++set)
        for (unsigned bit = 0; bit < 8; ++bit) { // a byte: max_carriers, pillar_ids
            if (set >> bit & 1u) {
                carriers[bit] += carrier_sets[set];
                pillars[bit] += pillar_sets[set];
            }
        }
    const FacetCounts& counts = *this;
    const Filters& f = res.filters;

    res.facets["province"] = facet_list(s.provinces, counts.provinces, 1, f.provinces);
    res.facets["former_province"] = facet_list(s.formers, counts.formers, 1, f.formers);
    res.facets["carrier"] = facet_list(s.carriers, counts.carriers, 0, f.carriers);
    res.facets["year"] = year_list(counts.years, f.years);
    const std::vector<std::string> pillar_names(pillar_ids.begin(), pillar_ids.end());
    res.facets["pillar"] = facet_list(pillar_names, counts.pillars, 0, f.pillars);
    const std::vector<std::string> kind_names(kind_ids.begin(), kind_ids.end());
    const std::vector<std::size_t> kind_counts(counts.kinds.begin() + 1, counts.kinds.end());
    res.facets["kind"] = facet_list(kind_names, kind_counts, 0, f.kinds);
    res.facets["source"] = source_list(s.outlets, counts.outlets, f.sources);
}

FacetPass count_facets(const std::vector<Xapian::docid>& matched, const FilterSet& filters,
                       const Snapshot& s, SearchResponse& res) {
    FacetCounts counts(s);
    FacetPass pass;
    pass.flags.assign(s.last_docid + 1, 0);
    if (!s.members.empty())
        for (const Xapian::docid d : matched)
            if (s.grouped[d])
                pass.flags[d] |= matched_bit;
    for (const Xapian::docid d : matched) {
        if (s.grouped[d]) {
            std::uint8_t& group = pass.flags[s.cluster[d]];
            if (!(group & group_seen_bit)) {
                group |= group_seen_bit;
                count_group(s.members.at(s.cluster[d]), filters, s, pass, counts);
            }
            continue;
        }
        const FacetRow& r = s.facets[d];
        const unsigned fails = filters.fails(r);
        if (fails == 0) {
            ++pass.total;
            pass.flags[d] |= admitted_bit;
        }
        counts.add(r, fails);
    }
    res.total = pass.total;
    counts.fill(s, res);
    return pass;
}

} // namespace vnsearch::detail
