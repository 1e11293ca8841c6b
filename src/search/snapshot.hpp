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
std::shared_ptr<Snapshot> build_snapshot(Xapian::Database& db, const std::string& key,
                                         const Knowledge& k);

/// Reads what a snapshot holds of `db` but its documents: the names of the facets' values,
/// the vocabulary, the completions and the last update. It reads no document, so it serves
/// shards on other hosts (distributed.hpp), where reading every document would not.
std::shared_ptr<Snapshot> build_word_snapshot(Xapian::Database& db, const std::string& key,
                                              const Knowledge& k);

/// Up to `limit` completions of the last words of `text` from `s`'s candidates.
std::vector<Suggestion> complete(std::string_view text, const Snapshot& s, std::size_t limit);

/// What spelling reads of an index revision's words.
Vocabulary vocabulary_of(const Snapshot& s);

} // namespace vnsearch::detail
