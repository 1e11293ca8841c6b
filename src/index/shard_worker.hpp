#pragma once
/// One of the indexer's workers: owns some shards and indexes the articles routed to them,
/// committing each shard's documents with their positions in batches.

#include "extract/corrections.hpp"
#include "extract/extractor.hpp"
#include "index/document_builder.hpp"
#include "index/input.hpp"
#include "positions/positions.hpp"
#include "vnsearch/index_store.hpp"
#include "vnsearch/indexing.hpp"

#include <cstddef>
#include <filesystem>
#include <vector>
#include <xapian.h>

namespace vnsearch {

class ShardWorker {
public:
    ShardWorker(IndexStore& store, std::vector<unsigned> shards, const Extractor& extractor,
                const DocumentBuilder& builder, const Corrections& corrections,
                const IndexRunOptions& options, IndexProgress& progress);

    /// Extracts and adds (or replaces) one article; an unchanged one is only counted.
    void handle(InputArticle&& in);

    /// Commits what is pending in every shard of the worker, with the synonyms, the update
    /// time and, when pruning, without the documents whose files under `prune_roots` are gone.
    void finish(const std::vector<std::filesystem::path>& prune_roots, const Knowledge& knowledge);

private:
    /// Commits shard `s`: the documents of the batch, their positions and how many changes
    /// the shard has had since it was last compacted, together.
    void commit(unsigned s);
    std::size_t batch_size(Xapian::WritableDatabase& db) const;
    void prune(Xapian::WritableDatabase& db, const std::vector<std::filesystem::path>& roots);

    IndexStore& m_store;
    std::vector<unsigned> m_shards;
    const Extractor& m_extractor;
    const DocumentBuilder& m_builder;
    const Corrections& m_corrections;
    const IndexRunOptions& m_options;
    IndexProgress& m_progress;
    std::vector<std::size_t> m_pending;       ///< by shard: changed documents not committed
    std::vector<std::size_t> m_pending_bytes; ///< by shard: their input's size
    std::vector<PositionsBatch> m_positions;  ///< by shard: positions not yet written
};

} // namespace vnsearch
