#pragma once
/// Exact multi-select facet counts through Xapian's own ValueCountMatchSpy, a facet a value
/// slot (schema::slot_province ...), which xapian-tcpsrv runs on the shard hosts as it is.

#include "search/engine.hpp"

#include <memory>
#include <utility>
#include <vector>
#include <xapian.h>

namespace vnsearch::detail {

class FacetSpies {
public:
    /// Spies on the facets `f` selects nothing of, attached to `every`: the match of the
    /// query under every filter, which the caller runs to its end (check_at_least).
    FacetSpies(Xapian::Enquire& every, const Filters& f);
    FacetSpies(const FacetSpies&) = delete;
    FacetSpies& operator=(const FacetSpies&) = delete;

    /// Counts each facet `f` selects values of on a match of `text` under every filter but
    /// that facet's own, run here: over `db`, and the year's over `year_db` (the shards of
    /// every year in the range, where `db` may hold only the selected years').
    void count_selected(Xapian::Database& db, Xapian::Database& year_db, const Xapian::Query& text,
                        const Filters& f, const Snapshot& names);
    /// res.facets from the counts, the codes named from `words`.
    void fill(const Snapshot& words, SearchResponse& res) const;

private:
    /// A spy, and the facet it counts (FilterSet::fails' bit).
    std::vector<std::pair<unsigned, std::unique_ptr<Xapian::ValueCountMatchSpy>>> m_spies;
};

} // namespace vnsearch::detail
