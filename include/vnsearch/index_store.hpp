#pragma once
/// Where an index lives on disk: a folder of shards with a stub file that lets Xapian
/// (and delve, quest) open them all as one database.

#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
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

/// How an index shares its documents out between its shards.
enum class ShardLayout {
    by_id,  ///< shard-0 ... shard-N-1, a document's by a hash of its id
    by_year ///< a shard a year (year-2024), the document's facet year; `undated` for none
};

/// Options for opening an index to write.
struct StoreOptions {
    bool rebuild = false; ///< start a new, empty index (the old one stays readable until the
                          ///< first commit replaces it)
    unsigned shards = 2;  ///< shard count of a new index by id; an existing index keeps its own
    /// The layout of a new or rebuilt index; unset: by_id for a new index, the index's own
    /// for a rebuild. An update keeps the index's layout, and refuses another.
    std::optional<ShardLayout> layout;
};

/// The writable shards of one index folder: PATH/XAPIANDB lists PATH/shard-N (or
/// PATH/year-YYYY and PATH/undated). A lock file (PATH/vnsearch.lock) keeps a second writer
/// out for the whole run. Shards may be used from several threads, one thread a shard at a
/// time; the store itself is safe to call from any thread.
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
    /// The same for the shards `which` alone.
    void compact(const std::vector<unsigned>& which);

    /// Commits every shard and points the stub at the current shard folders (after a
    /// rebuild, the moment the new index replaces the old one).
    void publish();

    unsigned shard_count() const;
    /// Shard `i`; the reference stays valid while shards are added.
    Xapian::WritableDatabase& shard(unsigned i);
    /// Shard `i`'s folder, for a reader of its own.
    std::filesystem::path shard_path(unsigned i) const;
    ShardLayout layout() const noexcept { return m_layout; }

    /// Throws DiskFull (saying what could not be done) when the index's file system has
    /// less than `bytes` free. Checked before writing, because Xapian may end the process
    /// when the disk fills in the middle of a commit.
    void ensure_space(std::uintmax_t bytes, const std::string& what) const;
    /// What the shards take on disk.
    std::uintmax_t bytes_on_disk() const;

    /// By id: the shard a document id belongs to, stable for the life of the index.
    unsigned shard_of(std::string_view id) const noexcept;
    /// By year: the shard of `year`'s documents (0: undated), made when the index has none
    /// yet. A new shard gets its period, then what `set_shard_setup` asks, in its first
    /// commit, and joins the stub at once unless the index is being rebuilt.
    unsigned shard_of_year(int year);
    /// By year: the year shard `i` holds, 0 for the undated one.
    int year_of_shard(unsigned i) const;
    /// What every shard made from now on is given before its first commit (the schema's
    /// metadata, the positions store).
    void set_shard_setup(std::function<void(Xapian::WritableDatabase&)> setup);
    /// The shard holding document `id` and its docid there, if any. For one thread at a
    /// time, with no shard being written by another.
    std::optional<std::pair<unsigned, Xapian::docid>> find(std::string_view id);

    const std::filesystem::path& path() const noexcept { return m_dir; }

    /// True when the shards were created empty by this store (a new index or a rebuild):
    /// no document id can be in them yet except those this run added.
    bool started_empty() const noexcept { return m_started_empty; }

private:
    Xapian::WritableDatabase open_shard(const std::filesystem::path& p) const;
    void remove_unlisted() const;

    std::filesystem::path m_dir;
    ShardLayout m_layout = ShardLayout::by_id;
    mutable std::mutex m_mutex; ///< guards the three lists below as shards are added
    std::vector<std::filesystem::path> m_paths;
    std::deque<Xapian::WritableDatabase> m_shards;
    std::vector<int> m_years; ///< by year: each shard's year, 0 undated
    std::function<void(Xapian::WritableDatabase&)> m_setup;
    int m_lock_fd = -1;
    bool m_started_empty = false;
    bool m_published = false; ///< the stub lists m_paths (not a rebuild waiting to publish)
};

/// Whether `name` is the name of a shard folder (shard-0, year-2024, undated, and their
/// compacted generations shard-0.1 ...).
bool is_shard_folder(std::string_view name);

/// The year a by-year shard folder holds (year-2024.1 -> 2024, undated -> 0); nullopt for a
/// folder of an index by id.
std::optional<int> shard_folder_year(std::string_view name);

/// Opens one or more index folders for searching, as one database.
/// Throws std::runtime_error naming the path when one cannot be opened.
Xapian::Database open_index(const std::vector<std::filesystem::path>& dirs);

/// Throws std::runtime_error, naming `where` and saying to rebuild, when `shard` holds
/// documents written with another index schema than this vnsearch's (schema::version).
void require_current_schema(const Xapian::Database& shard, const std::string& where);

/// The shard folders of an index folder (from its stub file), in order.
std::vector<std::filesystem::path> shard_paths(const std::filesystem::path& dir);

} // namespace vnsearch
