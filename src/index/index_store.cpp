#include "vnsearch/index_store.hpp"

#include "vnsearch/schema.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace vnsearch {
namespace fs = std::filesystem;
namespace {

constexpr const char* stub_name = "XAPIANDB";
// How long replaced shards stay after the stub stops listing them.
constexpr auto reader_grace = std::chrono::milliseconds(1000);

std::uint32_t fnv1a32(std::string_view s) {
    std::uint32_t h = 2166136261u;
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 16777619u;
    }
    return h;
}

void write_stub(const fs::path& dir, const std::vector<fs::path>& shards) {
    const fs::path tmp = dir / "XAPIANDB.tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        for (const fs::path& p : shards)
            out << "auto " << p.filename().string() << "\n";
        out.flush();
        if (!out)
            throw std::runtime_error("cannot write " + tmp.string());
    }
    fs::rename(tmp, dir / stub_name); // atomic: readers never see half a stub
}

/// The folder a compacted copy of `shard` goes to: shard-0 -> shard-0.1 -> shard-0.2.
fs::path next_generation(const fs::path& shard) {
    const std::string name = shard.filename().string();
    const std::size_t dot = name.find('.');
    const unsigned gen =
        dot == std::string::npos ? 0 : static_cast<unsigned>(std::stoul(name.substr(dot + 1)));
    return shard.parent_path() / (name.substr(0, dot) + "." + std::to_string(gen + 1));
}

/// `p`, or its first generation that neither exists nor is in `taken`.
fs::path free_name(fs::path p, const std::vector<fs::path>& taken) {
    while (std::find(taken.begin(), taken.end(), p) != taken.end() || fs::exists(p))
        p = next_generation(p);
    return p;
}

std::string year_folder(int year) {
    return year > 0 ? "year-" + std::to_string(year) : std::string("undated");
}

std::string period_text(int year) {
    return year > 0 ? std::to_string(year) : std::string("undated");
}

} // namespace

bool is_shard_folder(std::string_view name) {
    const std::string_view base = name.substr(0, name.find('.'));
    return base.rfind("shard-", 0) == 0 || base.rfind("year-", 0) == 0 || base == "undated";
}

std::optional<int> shard_folder_year(std::string_view name) {
    const std::string_view base = name.substr(0, name.find('.'));
    if (base == "undated")
        return 0;
    if (base.rfind("year-", 0) != 0 || base.size() == 5 ||
        base.find_first_not_of("0123456789", 5) != std::string_view::npos || base.size() > 9)
        return std::nullopt;
    return std::stoi(std::string(base.substr(5)));
}

std::vector<fs::path> shard_paths(const fs::path& dir) {
    std::ifstream in(dir / stub_name);
    std::vector<fs::path> out;
    std::string kind, rel;
    while (in >> kind >> rel)
        out.push_back(dir / rel);
    return out;
}

IndexStore::IndexStore(const fs::path& dir, StoreOptions options) : m_dir(dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir))
        throw std::runtime_error("cannot create index folder " + dir.string() +
                                 (ec ? ": " + ec.message() : ": not a folder"));
    m_lock_fd = ::open((dir / "vnsearch.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_lock_fd < 0)
        throw std::runtime_error("cannot create the lock file " + (dir / "vnsearch.lock").string() +
                                 ": " + std::strerror(errno));
    if (::flock(m_lock_fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(m_lock_fd);
        m_lock_fd = -1;
        throw IndexLocked(
            "index " + dir.string() +
            " is locked: another vnsearch-index is writing it; wait for it to finish");
    }
    m_paths = shard_paths(dir);
    // Folders the stub does not list are left over from a run that stopped mid-compaction.
    remove_unlisted();
    const bool fresh = m_paths.empty();
    const bool by_year_now =
        !fresh && shard_folder_year(m_paths.front().filename().string()).has_value();
    const ShardLayout existing = by_year_now ? ShardLayout::by_year : ShardLayout::by_id;
    if (!fresh && !options.rebuild && options.layout && *options.layout != existing)
        throw IndexIncompatible(
            "index " + dir.string() + " is sharded " +
            (existing == ShardLayout::by_year ? "by year" : "by document id") +
            "; to share it out another way, run again with --rebuild and --shard-by");
    m_layout = fresh || options.rebuild
                   ? options.layout.value_or(fresh ? ShardLayout::by_id : existing)
                   : existing;
    if (fresh || options.rebuild) {
        m_started_empty = true;
        // A new index gets new folder names, so the old one stays whole until the stub
        // switches to the new shards. An index by year starts with its undated shard, the
        // others come with their years' documents.
        const std::vector<fs::path> old = m_paths;
        m_paths.clear();
        const unsigned count = m_layout == ShardLayout::by_year ? 1 : std::max(1u, options.shards);
        for (unsigned i = 0; i < count; ++i) {
            const std::string name =
                m_layout == ShardLayout::by_year ? year_folder(0) : "shard-" + std::to_string(i);
            m_paths.push_back(free_name(dir / name, old));
        }
    }
    for (const fs::path& p : m_paths) {
        m_shards.push_back(open_shard(p));
        m_years.push_back(shard_folder_year(p.filename().string()).value_or(0));
    }
    if (m_layout == ShardLayout::by_year && m_started_empty) {
        m_shards.front().set_metadata(std::string(schema::meta_period), period_text(0));
        m_shards.front().commit();
    }
    // A new index is visible at once; a rebuilt one only when publish() or compact() switch
    // the stub, so readers keep the old index until the new one is complete.
    m_published = !m_started_empty;
    if (fresh)
        publish();
}

Xapian::WritableDatabase IndexStore::open_shard(const fs::path& p) const {
    try {
        return Xapian::WritableDatabase(p.string(),
                                        Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    } catch (const Xapian::DatabaseLockError&) {
        throw IndexLocked("index " + m_dir.string() +
                          " is locked: another Xapian writer has it open; wait for it to finish");
    } catch (const Xapian::Error& e) {
        throw std::runtime_error("cannot open index " + m_dir.string() + ": " +
                                 e.get_description());
    }
}

/// Removes the shard folders the stub and this store do not list: what a rebuild or a
/// compaction left behind (readers had a moment to open them), or what a kill did.
void IndexStore::remove_unlisted() const {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(m_dir, ec)) {
        if (entry.is_directory() && is_shard_folder(entry.path().filename().string()) &&
            std::find(m_paths.begin(), m_paths.end(), entry.path()) == m_paths.end())
            fs::remove_all(entry.path(), ec);
    }
}

unsigned IndexStore::shard_count() const {
    std::lock_guard lock(m_mutex);
    return static_cast<unsigned>(m_shards.size());
}

Xapian::WritableDatabase& IndexStore::shard(unsigned i) {
    std::lock_guard lock(m_mutex);
    return m_shards.at(i);
}

fs::path IndexStore::shard_path(unsigned i) const {
    std::lock_guard lock(m_mutex);
    return m_paths.at(i);
}

void IndexStore::set_shard_setup(std::function<void(Xapian::WritableDatabase&)> setup) {
    std::lock_guard lock(m_mutex);
    m_setup = std::move(setup);
}

int IndexStore::year_of_shard(unsigned i) const {
    std::lock_guard lock(m_mutex);
    return m_years.at(i);
}

unsigned IndexStore::shard_of_year(int year) {
    year = std::clamp(year, 0, 9999);
    std::lock_guard lock(m_mutex);
    const auto at = std::find(m_years.begin(), m_years.end(), year);
    if (at != m_years.end())
        return static_cast<unsigned>(at - m_years.begin());
    const fs::path p = free_name(m_dir / year_folder(year), m_paths);
    Xapian::WritableDatabase db = open_shard(p);
    db.set_metadata(std::string(schema::meta_period), period_text(year));
    if (m_setup)
        m_setup(db);
    db.commit();
    m_paths.push_back(p);
    m_shards.push_back(db);
    m_years.push_back(year);
    // Listed at once, empty: readers search it from its first commit of documents on.
    if (m_published)
        write_stub(m_dir, m_paths);
    return static_cast<unsigned>(m_shards.size() - 1);
}

std::optional<std::pair<unsigned, Xapian::docid>> IndexStore::find(std::string_view id) {
    const std::string term = std::string(schema::id) + std::string(id);
    auto look = [&](unsigned s) -> std::optional<std::pair<unsigned, Xapian::docid>> {
        Xapian::WritableDatabase& db = shard(s);
        const Xapian::PostingIterator p = db.postlist_begin(term);
        if (p == db.postlist_end(term))
            return std::nullopt;
        return std::make_pair(s, *p);
    };
    if (m_layout == ShardLayout::by_id)
        return look(shard_of(id));
    for (unsigned s = 0, n = shard_count(); s < n; ++s)
        if (auto found = look(s))
            return found;
    return std::nullopt;
}

void IndexStore::publish() {
    std::lock_guard lock(m_mutex);
    for (Xapian::WritableDatabase& db : m_shards)
        db.commit();
    const std::vector<fs::path> before = shard_paths(m_dir);
    write_stub(m_dir, m_paths);
    m_published = true;
    if (before == m_paths)
        return;
    // Shards the stub no longer lists (the index before a rebuild or a compaction) go, once
    // a reader that read the old stub a moment ago has had time to open them: a reader
    // holding them open keeps reading them after they are removed.
    std::this_thread::sleep_for(reader_grace);
    remove_unlisted();
}

IndexStore::~IndexStore() {
    m_shards.clear();
    if (m_lock_fd >= 0)
        ::close(m_lock_fd);
}

void IndexStore::compact() {
    std::vector<unsigned> all(shard_count());
    for (unsigned i = 0; i < all.size(); ++i)
        all[i] = i;
    compact(all);
}

void IndexStore::compact(const std::vector<unsigned>& which) {
    if (which.empty())
        return;
    std::unique_lock lock(m_mutex);
    // The copies go to names no live shard has: after a rebuild the new shards may be
    // shard-0 while the stub readers follow still lists shard-0.1, which shard-0 would
    // otherwise compact into.
    std::vector<fs::path> taken = shard_paths(m_dir);
    taken.insert(taken.end(), m_paths.begin(), m_paths.end());
    std::vector<fs::path> compacted;
    for (const unsigned i : which) {
        m_shards.at(i).commit();
        fs::path out = next_generation(m_paths[i]);
        while (std::find(taken.begin(), taken.end(), out) != taken.end())
            out = next_generation(out);
        std::error_code ec;
        fs::remove_all(out, ec); // left by a compaction a kill stopped
        taken.push_back(out);
        compacted.push_back(out);
    }
    // Shards are independent databases: compact them side by side, one thread each up to
    // the number of cores.
    const std::size_t lanes =
        std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, which.size());
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> failures(lanes);
    std::vector<std::thread> pool;
    for (std::size_t lane = 0; lane < lanes; ++lane)
        pool.emplace_back([&, lane] {
            try {
                for (std::size_t k = next++; k < which.size(); k = next++)
                    Xapian::Database(m_paths[which[k]].string())
                        .compact(compacted[k].string(), Xapian::DBCOMPACT_NO_RENUMBER);
            } catch (...) {
                failures[lane] = std::current_exception();
            }
        });
    for (std::thread& t : pool)
        t.join();
    for (const std::exception_ptr& f : failures)
        if (f) {
            // The stub still lists the old shards; the half-written copies go.
            for (const fs::path& p : compacted) {
                std::error_code ec;
                fs::remove_all(p, ec);
            }
            std::rethrow_exception(f);
        }
    for (std::size_t k = 0; k < which.size(); ++k) {
        m_shards[which[k]] = Xapian::WritableDatabase(); // releases Xapian's write lock
        m_paths[which[k]] = compacted[k];
        m_shards[which[k]] = Xapian::WritableDatabase(compacted[k].string(), Xapian::DB_OPEN);
    }
    lock.unlock();
    publish();
}

void IndexStore::ensure_space(std::uintmax_t bytes, const std::string& what) const {
    std::error_code ec;
    const fs::space_info space = fs::space(m_dir, ec);
    if (ec || space.available >= bytes)
        return; // a file system that cannot tell is not refused
    throw DiskFull("not enough free disk space in " + m_dir.string() + " to " + what + ": " +
                   std::to_string(space.available >> 20) + " MB free, about " +
                   std::to_string(bytes >> 20) +
                   " MB needed; free some space and run again (the last committed index is "
                   "whole and searchable)");
}

std::uintmax_t IndexStore::bytes_on_disk() const {
    std::uintmax_t total = 0;
    std::error_code ec;
    for (const fs::path& p : m_paths)
        for (auto it = fs::recursive_directory_iterator(p, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
            if (it->is_regular_file(ec))
                total += it->file_size(ec);
    return total;
}

unsigned IndexStore::shard_of(std::string_view id) const noexcept {
    // By id, the shards are all made when the store opens and never added to.
    return fnv1a32(id) % static_cast<std::uint32_t>(m_paths.size());
}

void require_current_schema(const Xapian::Database& shard, const std::string& where) {
    if (shard.get_doccount() == 0)
        return;
    const std::string version = shard.get_metadata(std::string(schema::meta_version));
    if (version != schema::version)
        throw std::runtime_error("index " + where + " was written with index schema " +
                                 (version.empty() ? "0" : version) +
                                 " and this vnsearch reads "
                                 "schema " +
                                 std::string(schema::version) +
                                 "; rebuild it with vnsearch-index --rebuild");
}

Xapian::Database open_index(const std::vector<fs::path>& dirs) {
    Xapian::Database db;
    for (const fs::path& dir : dirs) {
        if (!fs::exists(dir / stub_name))
            throw std::runtime_error("no vnsearch index at " + dir.string() +
                                     " (build one with: vnsearch-index --db " + dir.string() +
                                     " FOLDER)");
        try {
            db.add_database(Xapian::Database(dir.string()));
        } catch (const Xapian::Error& e) {
            throw std::runtime_error("cannot open index " + dir.string() + ": " +
                                     e.get_description());
        }
    }
    return db;
}

} // namespace vnsearch
