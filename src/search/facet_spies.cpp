#include "search/facet_spies.hpp"

#include "search/facets.hpp"
#include "search/xapian_query.hpp"
#include "vnsearch/schema.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace vnsearch::detail {
namespace {

/// Each facet's slot, by FilterSet::fails' bit (5, the year range, has none).
constexpr std::array<std::pair<unsigned, Xapian::valueno>, 7> facet_slots = {{
    {0, schema::slot_province},
    {1, schema::slot_former},
    {2, schema::slot_carriers},
    {3, schema::slot_year},
    {4, schema::slot_pillars},
    {6, schema::slot_kind},
    {7, schema::slot_outlet},
}};

Xapian::valueno slot_of(unsigned bit) {
    return std::find_if(facet_slots.begin(), facet_slots.end(),
                        [&](const auto& s) { return s.first == bit; })
        ->second;
}

/// The byte a code or a set of bits is stored as.
std::size_t code_of(const std::string& value) {
    return value.size() == 1 ? static_cast<unsigned char>(value[0]) : 0;
}

/// Adds `n` documents holding `value` in facet `bit`'s slot to `counts`.
void add_value(FacetCounts& counts, unsigned bit, const std::string& value, std::size_t n,
               const std::vector<std::string>& outlets) {
    const std::size_t code = code_of(value);
    auto add_at = [n](auto& list, std::size_t i) {
        if (i < list.size())
            list[i] += n;
    };
    switch (bit) {
    case 0:
        return add_at(counts.provinces, code);
    case 1:
        return add_at(counts.formers, code);
    case 2:
        return add_at(counts.carrier_sets, code);
    case 3: {
        const double year = Xapian::sortable_unserialise(value);
        if (year >= 1 && year < static_cast<double>(counts.years.size()))
            add_at(counts.years, static_cast<std::size_t>(std::lround(year)));
        return;
    }
    case 4:
        return add_at(counts.pillar_sets, code);
    case 6:
        return add_at(counts.kinds, code);
    default: {
        const auto at = std::lower_bound(outlets.begin(), outlets.end(), value);
        if (at != outlets.end() && *at == value)
            add_at(counts.outlets, static_cast<std::size_t>(at - outlets.begin()) + 1);
    }
    }
}

} // namespace

FacetSpies::FacetSpies(Xapian::Enquire& every, const Filters& f) {
    for (const auto& [bit, slot] : facet_slots)
        if (!selects(f, bit)) {
            m_spies.emplace_back(bit, std::make_unique<Xapian::ValueCountMatchSpy>(slot));
            every.add_matchspy(m_spies.back().second.get());
        }
}

void FacetSpies::count_selected(Xapian::Database& db, Xapian::Database& year_db,
                                const Xapian::Query& text, const Filters& f,
                                const Snapshot& names) {
    for (const auto& [bit, slot] : facet_slots) {
        if (!selects(f, bit))
            continue;
        Xapian::Database& over = bit == 3 ? year_db : db;
        Xapian::Enquire own(over);
        own.set_query(filtered(text, filter_query(f, names, bit)));
        own.set_weighting_scheme(Xapian::BoolWeight());
        m_spies.emplace_back(bit, std::make_unique<Xapian::ValueCountMatchSpy>(slot_of(bit)));
        own.add_matchspy(m_spies.back().second.get());
        (void)own.get_mset(0, 0, over.get_doccount());
    }
}

void FacetSpies::fill(const Snapshot& words, SearchResponse& res) const {
    // The outlets counted, and those selected, coded in sorted order as the facet pass
    // codes them.
    Snapshot names;
    names.provinces = words.provinces;
    names.formers = words.formers;
    names.carriers = words.carriers;
    names.outlets = res.filters.sources;
    for (const auto& [bit, spy] : m_spies)
        if (bit == 7)
            for (auto v = spy->values_begin(); v != spy->values_end(); ++v)
                names.outlets.push_back(*v);
    std::sort(names.outlets.begin(), names.outlets.end());
    names.outlets.erase(std::unique(names.outlets.begin(), names.outlets.end()),
                        names.outlets.end());
    FacetCounts counts(names);
    for (const auto& [bit, spy] : m_spies)
        for (auto v = spy->values_begin(); v != spy->values_end(); ++v)
            add_value(counts, bit, *v, v.get_termfreq(), names.outlets);
    counts.fill(names, res);
}

} // namespace vnsearch::detail
