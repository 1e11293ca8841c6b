#pragma once
/// An indexing run: read inputs, extract, build documents, write shards in parallel.

#include "vnsearch/index_store.hpp"
#include "vnsearch/knowledge.hpp"
#include "vnsearch/schema.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace vnsearch {

/// Something wrong with one input: a skipped file or record, or a repaired one.
struct InputIssue {
    std::string path;
    std::size_t line = 0; ///< 1-based line of a JSON Lines file, 0 for a whole file
    std::string reason;   ///< empty, binary, too_large, unreadable, invalid_json,
                          ///< missing_text, invalid_utf8 (repaired, still indexed),
                          ///< unsupported, duplicate_id, bad_name (not valid UTF-8),
                          ///< truncated (indexed in part, still indexed)
    std::string message;  ///< for people: says what is wrong and where
    bool skipped = true;  ///< false when the article was still indexed (repaired)
};

/// Counters an indexing run updates as it goes (read them from another thread).
struct IndexProgress {
    std::atomic<std::size_t> files_total{0};
    std::atomic<std::size_t> files_done{0};
    std::atomic<std::size_t> bytes_total{0}; ///< sizes of the input files
    std::atomic<std::size_t> bytes_done{0};
    std::atomic<std::size_t> articles{0};
    std::atomic<std::size_t> added{0};
    std::atomic<std::size_t> replaced{0};
    std::atomic<std::size_t> unchanged{0};
    std::atomic<std::size_t> removed{0};
    std::atomic<std::size_t> skipped{0};
};

/// What a run is asked to do.
struct IndexRunOptions {
    std::filesystem::path db;
    std::vector<std::filesystem::path> inputs;
    bool rebuild = false;
    bool prune = false;
    unsigned threads = 1;
    unsigned shards = 2; ///< for a new index by id
    /// For a new or rebuilt index: by document id (`shards` of them) or a shard a year;
    /// unset keeps a rebuilt index's layout (by id for a new one).
    std::optional<ShardLayout> layout;
    /// Changes per shard between commits; 0: 200, or a 250th of the shard once it is larger
    /// (a commit rewrites the last block of every term it touches, so bigger shards need
    /// bigger batches to write each block once for many documents).
    std::size_t batch = 0;
    bool compact = true; ///< compact the shards after a run that changed 10% or more of them
    /// Whether body positions also go to Xapian's own table (an index keeps one choice).
    XapianPositions xapian_positions = XapianPositions::omitted;
    std::ostream* extract_only = nullptr; ///< print records as JSON Lines, write no index
    /// A corrections file (id, field, value, note): it replaces the set the index keeps and
    /// is applied over extraction from now on. Without it, the kept set applies.
    std::optional<std::filesystem::path> corrections;
};

/// What a run did.
struct IndexReport {
    std::size_t added = 0, replaced = 0, unchanged = 0, removed = 0;
    std::map<std::string, std::size_t> skipped; ///< by reason
    std::size_t repaired = 0;                   ///< indexed after repairing invalid UTF-8
    std::size_t corrected = 0; ///< stored documents filed anew under changed corrections
    std::size_t truncated = 0; ///< articles searchable only up to schema::max_indexed_text_bytes
    std::vector<InputIssue> issues;
    double seconds = 0;
    double compact_seconds = 0; ///< part of `seconds` spent compacting (0: not compacted)
    std::size_t bytes = 0;
    std::size_t documents = 0; ///< in the index after the run

    std::size_t skipped_total() const;
    nlohmann::json to_json() const;
};

/// Runs one indexing pass. Throws IndexLocked or std::runtime_error on fatal errors
/// (nothing committed is lost: each shard commits whole batches).
IndexReport run_index(const IndexRunOptions& options,
                      const std::shared_ptr<const Knowledge>& knowledge, IndexProgress& progress);

} // namespace vnsearch
