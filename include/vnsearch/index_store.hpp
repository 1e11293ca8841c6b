#pragma once
/// Where an index lives on disk: a folder of shards with a stub file that lets Xapian
/// (and delve, quest) open them all as one database.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>
#include <xapian.h>

namespace vnsearch {

/// Another writer holds the index.
class IndexLocked : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The index was written with another schema or list of usual spellings: rebuild it.
class IndexIncompatible : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The disk has no room for what the run must write; nothing committed is lost.
class DiskFull : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Options for opening an index to write.
struct StoreOptions {
    bool rebuild = false; ///< start a new, empty index (the old one stays readable until the
                          ///< first commit replaces it)
    unsigned shards = 2;  ///< shard count of a new index; an existing index keeps its own
};

/// The writable shards of one index folder: PATH/XAPIANDB lists PATH/shard-N. A lock
/// file (PATH/vnsearch.lock) keeps a second writer out for the whole run.
class IndexStore {
public:
    /// Opens or creates the index at `dir`. Throws IndexLocked when another writer has it,
    /// std::runtime_error (naming the path) when it cannot be created or opened.
    IndexStore(const std::filesystem::path& dir, StoreOptions options);
    ~IndexStore();
    IndexStore(const IndexStore&) = delete;
    IndexStore& operator=(const IndexStore&) = delete;

    /// Rewrites every shard compactly (full blocks: smaller and faster to search) into a
    /// new folder, then switches the stub to the new folders in one rename and removes the
    /// old ones. Readers keep the revision they have open. The shards stay writable.
    void compact();

    /// Commits every shard and points the stub at the current shard folders (after a
    /// rebuild, the moment the new index replaces the old one).
    void publish();

    unsigned shard_count() const noexcept { return static_cast<unsigned>(m_shards.size()); }
    Xapian::WritableDatabase& shard(unsigned i) { return m_shards.at(i); }

    /// Throws DiskFull (saying what could not be done) when the index's file system has
    /// less than `bytes` free. Checked before writing, because Xapian may end the process
    /// when the disk fills in the middle of a commit.
    void ensure_space(std::uintmax_t bytes, const std::string& what) const;
    /// What the shards take on disk.
    std::uintmax_t bytes_on_disk() const;

    /// The shard a document id belongs to: stable for the life of the index.
    unsigned shard_of(std::string_view id) const noexcept;

    const std::filesystem::path& path() const noexcept { return m_dir; }

    /// True when the shards were created empty by this store (a new index or a rebuild):
    /// no document id can be in them yet except those this run added.
    bool started_empty() const noexcept { return m_started_empty; }

private:
    std::filesystem::path m_dir;
    std::vector<std::filesystem::path> m_paths;
    std::vector<Xapian::WritableDatabase> m_shards;
    int m_lock_fd = -1;
    bool m_started_empty = false;
};

/// Opens one or more index folders for searching, as one database.
/// Throws std::runtime_error naming the path when one cannot be opened.
Xapian::Database open_index(const std::vector<std::filesystem::path>& dirs);

/// Throws std::runtime_error, naming `where` and saying to rebuild, when `shard` holds
/// documents written with another index schema than this vnsearch's (schema::version).
void require_current_schema(const Xapian::Database& shard, const std::string& where);

/// The shard folders of an index folder (from its stub file), in order.
std::vector<std::filesystem::path> shard_paths(const std::filesystem::path& dir);

} // namespace vnsearch
