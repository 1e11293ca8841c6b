#pragma once
/// What a shard keeps about itself beside its documents, in its metadata: the schema and
/// the knowledge it was written with, how much it changed since its last compaction, and
/// the corrections a researcher made.

#include "extract/corrections.hpp"
#include "index/document_builder.hpp"
#include "vnsearch/index_store.hpp"
#include "vnsearch/indexing.hpp"
#include "vnsearch/knowledge.hpp"
#include "vnsearch/schema.hpp"

#include <cstddef>
#include <functional>
#include <xapian.h>

namespace vnsearch {

/// Changes a shard has had since its last compaction (kept in its metadata, committed with
/// the changes, so a run a kill stops still counts them).
std::size_t uncompacted(const Xapian::Database& db);
void add_uncompacted(Xapian::WritableDatabase& db, std::size_t changes);

/// An index this run did not create must have been written with the same schema and the
/// same list of usual spellings, or its documents would not agree with the new ones: throws
/// IndexIncompatible saying why.
void check_compatible(IndexStore& store, const Knowledge& k, XapianPositions xapian_positions);

/// Records in a shard the schema and the knowledge it is written with.
void write_metadata(Xapian::WritableDatabase& db, const Knowledge& k,
                    XapianPositions xapian_positions);

/// The corrections the index keeps (the same in every shard).
Corrections kept_corrections(IndexStore& store);

/// Files anew the stored documents whose corrections changed from `before` to `after`, and
/// drops from `after` (reporting each line) the ids no document of the index has. Returns
/// how many documents were filed anew.
std::size_t refile_corrected(IndexStore& store, const DocumentBuilder& builder,
                             const Corrections& before, Corrections& after,
                             const std::function<void(InputIssue&&)>& on_issue);

} // namespace vnsearch
