#pragma once
/// The indexer's writers. Worker threads extract articles and write each into its shard:
/// by id, a worker owns its shards; by year, any worker may write any shard, one at a time,
/// through the shard's lane, which holds the shard's batch of uncommitted changes.

#include "extract/corrections.hpp"
#include "extract/extractor.hpp"
#include "index/document_builder.hpp"
#include "index/input.hpp"
#include "positions/positions.hpp"
#include "vnsearch/index_store.hpp"
#include "vnsearch/indexing.hpp"

#include <cstddef>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>
#include <xapian.h>

namespace vnsearch {

/// One shard's changes since its last commit: the documents' count and input size, and
/// their positions, which go into the same commit. Used under its mutex.
struct ShardLane {
    std::mutex mutex;
    std::size_t pending = 0;
    std::size_t pending_bytes = 0;
    PositionsBatch positions;
};

/// A lane for each shard of a store, added as the store adds shards.
class ShardLanes {
public:
    ShardLane& operator[](unsigned shard);

private:
    std::mutex m_mutex;
    std::deque<ShardLane> m_lanes;
};

/// Commits shard `s`: the documents of its lane's batch, their positions and how many
/// changes the shard has had since it was last compacted, together. Call under the lane's
/// mutex.
void commit_lane(IndexStore& store, unsigned s, ShardLane& lane);

/// Commits what is pending in every shard, with the synonyms, the update time and, when
/// pruning, without the documents whose files under `prune_roots` are gone. After the
/// workers have stopped.
void finish_shards(IndexStore& store, ShardLanes& lanes, const IndexRunOptions& options,
                   IndexProgress& progress, const std::vector<std::filesystem::path>& prune_roots,
                   const Knowledge& knowledge);

class ShardWorker {
public:
    ShardWorker(IndexStore& store, ShardLanes& lanes, const Extractor& extractor,
                const DocumentBuilder& builder, const Corrections& corrections,
                const IndexRunOptions& options, IndexProgress& progress);

    /// Extracts and adds (or replaces) one article; an unchanged one is only counted. By
    /// year, an article whose year changed leaves its old shard first.
    void handle(InputArticle&& in);

private:
    /// A document of the index before this run.
    struct Stored {
        unsigned shard = 0;
        Xapian::docid docid = 0;
        std::string hash; ///< its input's content hash
    };
    std::optional<Stored> look_up(const std::string& id);
    /// Deletes a stored document whose new version goes to another shard, and commits its
    /// shard before the new version is written: a kill between leaves the article out
    /// (the next run adds it), never in two shards.
    void remove_moved(const Stored& stored);
    void write(unsigned s, const Extraction& e, Xapian::docid replacing, std::size_t bytes);
    std::size_t batch_size(Xapian::WritableDatabase& db) const;

    IndexStore& m_store;
    ShardLanes& m_lanes;
    const Extractor& m_extractor;
    const DocumentBuilder& m_builder;
    const Corrections& m_corrections;
    const IndexRunOptions& m_options;
    IndexProgress& m_progress;
    /// By year: this worker's readers of the shards the run started with, where the ids of
    /// the index before the run are looked up (each id is read once a run, so writes of
    /// other workers never touch the ids this worker looks for).
    std::vector<Xapian::Database> m_readers;
};

} // namespace vnsearch
