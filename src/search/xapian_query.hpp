#pragma once
/// A parsed query and a request's filters as Xapian queries, for searches through Xapian's
/// own matcher (distributed.hpp), with the meaning the in-memory engine gives them.

#include "search/engine.hpp"

#include <optional>
#include <xapian.h>

namespace vnsearch::detail {

/// What a document must match, and what ranks it: the query's tree, with its boosts (words
/// side by side, stop words) as optional clauses (AND_MAYBE); MatchAll without text.
Xapian::Query text_query(const ParsedQuery& parsed);

/// The facets of FilterSet::fails' bits: 0 province, 1 former province, 2 carrier, 3 year,
/// 4 pillar, 6 kind, 7 source. Whether `f` selects values of facet `bit`.
bool selects(const Filters& f, unsigned bit);

/// The filters of `f` as filter terms and value ranges, with FilterSet's semantics (the
/// values of one facet OR'ed, the facets AND'ed, the year the facet record's), leaving out
/// facet `except`'s own (multi-select counts; the year range always holds). MatchAll when
/// nothing is left. `names` gives the provinces, former provinces and carriers codes
/// stand for.
Xapian::Query filter_query(const Filters& f, const Snapshot& names,
                           std::optional<unsigned> except = std::nullopt);

/// `text` filtered by `filters` (text alone when filters is MatchAll).
Xapian::Query filtered(const Xapian::Query& text, const Xapian::Query& filters);

} // namespace vnsearch::detail
