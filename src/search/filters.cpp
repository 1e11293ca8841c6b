#include "search/filters.hpp"

#include <algorithm>
#include <unordered_set>

namespace vnsearch::detail {

std::size_t results_up_to(const std::vector<Xapian::docid>& matched, const FilterSet& filters,
                          const Snapshot& s, std::size_t enough) {
    std::size_t n = 0;
    std::unordered_set<Xapian::docid> groups_seen;
    for (const Xapian::docid d : matched) {
        if (n >= enough)
            break;
        if (!s.grouped[d]) {
            n += filters.fails(s.facets[d]) == 0;
            continue;
        }
        // A group is one result when one of its matched members passes, as the facet pass
        // counts it.
        if (!groups_seen.insert(s.cluster[d]).second)
            continue;
        const auto& members = s.members.at(s.cluster[d]);
        n += std::any_of(members.begin(), members.end(), [&](Xapian::docid m) {
            return std::binary_search(matched.begin(), matched.end(), m) &&
                   filters.fails(s.facets[m]) == 0;
        });
    }
    return n;
}

void merge(Filters& into, const Filters& from) {
    auto add = [](std::vector<int>& a, const std::vector<int>& b) {
        for (int v : b)
            if (std::find(a.begin(), a.end(), v) == a.end())
                a.push_back(v);
    };
    add(into.provinces, from.provinces);
    add(into.formers, from.formers);
    add(into.carriers, from.carriers);
    add(into.years, from.years);
    add(into.pillars, from.pillars);
    add(into.kinds, from.kinds);
    for (const std::string& v : from.sources)
        if (std::find(into.sources.begin(), into.sources.end(), v) == into.sources.end())
            into.sources.push_back(v);
    if (from.year_from)
        into.year_from = from.year_from;
    if (from.year_to)
        into.year_to = from.year_to;
}

std::string filters_key(const Filters& f) {
    std::string key;
    auto list = [&](char tag, const std::vector<int>& v) {
        key += '\n';
        key += tag;
        for (int x : v)
            key += ' ' + std::to_string(x);
    };
    list('p', f.provinces);
    list('o', f.formers);
    list('c', f.carriers);
    list('y', f.years);
    list('t', f.pillars);
    list('k', f.kinds);
    key += "\ns";
    for (const std::string& v : f.sources)
        key += ' ' + std::to_string(v.size()) + ':' + v;
    key += "\nr " + std::to_string(f.year_from.value_or(-1)) + ' ' +
           std::to_string(f.year_to.value_or(-1));
    return key;
}

} // namespace vnsearch::detail
