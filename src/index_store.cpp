#include "vnsearch/index_store.hpp"

#include <fstream>
#include <sstream>

namespace vnsearch {
namespace fs = std::filesystem;
namespace {

constexpr const char* stub_name = "XAPIANDB";

std::uint32_t fnv1a32(std::string_view s) {
    std::uint32_t h = 2166136261u;
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 16777619u;
    }
    return h;
}

void write_stub(const fs::path& dir, unsigned shards) {
    const fs::path tmp = dir / "XAPIANDB.tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        for (unsigned i = 0; i < shards; ++i)
            out << "auto shard-" << i << "\n";
        if (!out)
            throw std::runtime_error("cannot write " + tmp.string());
    }
    fs::rename(tmp, dir / stub_name); // atomic: readers never see half a stub
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
    if (ec)
        throw std::runtime_error("cannot create index folder " + dir.string() + ": " +
                                 ec.message());
    std::vector<fs::path> shards = shard_paths(dir);
    if (shards.empty() || options.rebuild) {
        const unsigned n = shards.empty() || options.rebuild ? std::max(1u, options.shards) : 0;
        shards.clear();
        for (unsigned i = 0; i < n; ++i)
            shards.push_back(dir / ("shard-" + std::to_string(i)));
    }
    const int flags = options.rebuild ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN;
    try {
        for (const fs::path& p : shards)
            m_shards.emplace_back(p.string(), flags | Xapian::DB_BACKEND_GLASS);
    } catch (const Xapian::DatabaseLockError&) {
        throw IndexLocked(
            "index " + dir.string() +
            " is locked: another vnsearch-index is writing it; wait for it to finish");
    } catch (const Xapian::Error& e) {
        throw std::runtime_error("cannot open index " + dir.string() + ": " + e.get_description());
    }
    write_stub(dir, static_cast<unsigned>(shards.size()));
}

unsigned IndexStore::shard_of(std::string_view id) const noexcept {
    return fnv1a32(id) % static_cast<std::uint32_t>(m_shards.size());
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
