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

} // namespace

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
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory() && name.rfind("shard-", 0) == 0 &&
            std::find(m_paths.begin(), m_paths.end(), entry.path()) == m_paths.end())
            fs::remove_all(entry.path(), ec);
    }
    const bool fresh = m_paths.empty();
    if (fresh || options.rebuild) {
        m_started_empty = true;
        // A new index gets new folder names, so the old one stays whole until the stub
        // switches to the new shards.
        std::vector<fs::path> old = m_paths;
        m_paths.clear();
        for (unsigned i = 0; i < std::max(1u, options.shards); ++i) {
            fs::path p = dir / ("shard-" + std::to_string(i));
            while (std::find(old.begin(), old.end(), p) != old.end() || fs::exists(p))
                p = next_generation(p);
            m_paths.push_back(p);
        }
    }
    try {
        for (const fs::path& p : m_paths)
            m_shards.emplace_back(p.string(), Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    } catch (const Xapian::DatabaseLockError&) {
        throw IndexLocked("index " + dir.string() +
                          " is locked: another Xapian writer has it open; wait for it to finish");
    } catch (const Xapian::Error& e) {
        throw std::runtime_error("cannot open index " + dir.string() + ": " + e.get_description());
    }
    // A new index is visible at once; a rebuilt one only when publish() or compact() switch
    // the stub, so readers keep the old index until the new one is complete.
    if (fresh)
        publish();
}

void IndexStore::publish() {
    for (Xapian::WritableDatabase& db : m_shards)
        db.commit();
    const std::vector<fs::path> before = shard_paths(m_dir);
    write_stub(m_dir, m_paths);
    if (before == m_paths)
        return;
    // Shards the stub no longer lists (the index before a rebuild or a compaction) go, once
    // a reader that read the old stub a moment ago has had time to open them: a reader
    // holding them open keeps reading them after they are removed.
    std::this_thread::sleep_for(reader_grace);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(m_dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory() && name.rfind("shard-", 0) == 0 &&
            std::find(m_paths.begin(), m_paths.end(), entry.path()) == m_paths.end())
            fs::remove_all(entry.path(), ec);
    }
}

IndexStore::~IndexStore() {
    m_shards.clear();
    if (m_lock_fd >= 0)
        ::close(m_lock_fd);
}

void IndexStore::compact() {
    // The copies go to names no live shard has: after a rebuild the new shards may be
    // shard-0 while the stub readers follow still lists shard-0.1, which shard-0 would
    // otherwise compact into.
    const std::vector<fs::path> live = shard_paths(m_dir);
    std::vector<fs::path> compacted;
    for (std::size_t i = 0; i < m_shards.size(); ++i) {
        m_shards[i].commit();
        fs::path out = next_generation(m_paths[i]);
        while (std::find(live.begin(), live.end(), out) != live.end() ||
               std::find(m_paths.begin(), m_paths.end(), out) != m_paths.end() ||
               std::find(compacted.begin(), compacted.end(), out) != compacted.end())
            out = next_generation(out);
        std::error_code ec;
        fs::remove_all(out, ec); // left by a compaction a kill stopped
        compacted.push_back(out);
    }
    // Shards are independent databases: compact them side by side, one thread each up to
    // the number of cores.
    const std::size_t lanes =
        std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, m_shards.size());
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> failures(lanes);
    std::vector<std::thread> pool;
    for (std::size_t lane = 0; lane < lanes; ++lane)
        pool.emplace_back([&, lane] {
            try {
                for (std::size_t i = next++; i < m_paths.size(); i = next++)
                    Xapian::Database(m_paths[i].string())
                        .compact(compacted[i].string(), Xapian::DBCOMPACT_NO_RENUMBER);
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
    m_shards.clear(); // releases Xapian's write locks on the old folders
    m_paths = compacted;
    for (const fs::path& p : m_paths)
        m_shards.emplace_back(p.string(), Xapian::DB_OPEN);
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
    return fnv1a32(id) % static_cast<std::uint32_t>(m_shards.size());
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
