#pragma once
/// What one revision of the index gives every query to read: the facet column, the groups
/// of near-duplicates, the vocabulary and the completions (detail::Snapshot).

#include "search/engine.hpp"

#include <memory>
#include <string>
#include <vector>
#include <xapian.h>

namespace vnsearch::detail {

/// Names the revision `shards` are at, as the key of its snapshot.
std::string revision_key(const std::vector<Xapian::Database>& shards);

/// Reads everything a snapshot holds of `db`'s revision `key`.
std::shared_ptr<const Snapshot> build_snapshot(Xapian::Database& db, const std::string& key,
                                               const Knowledge& k);

/// What spelling reads of an index revision's words.
Vocabulary vocabulary_of(const Snapshot& s);

} // namespace vnsearch::detail
