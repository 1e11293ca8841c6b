#pragma once
/// The shards of a distributed search (distributed.hpp): where each one is, a folder of this
/// machine or a `xapian-tcpsrv` on another host, and one thread's connections to them, with
/// what happens when a shard stops answering.

#include "vnsearch/query.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>
#include <xapian.h>

namespace vnsearch::detail {

/// One shard: a Glass database in a folder here, or one that `xapian-tcpsrv` serves.
struct ShardAddress {
    std::string name; ///< how answers name it: tcp://HOST:PORT, or the folder
    std::string host; ///< empty for a folder
    unsigned port = 0;
    std::filesystem::path path; ///< a folder's path
    /// The year a shard of an index by year holds (0: its undated documents), read from its
    /// metadata at start; none for a shard of an index by id.
    std::optional<int> year;

    bool remote() const noexcept { return !host.empty(); }
};

/// The shards a search needs, by the years they hold: those its year range admits and, for
/// all but the year facet's own counts, of those the ones its selected years name.
struct YearScope {
    std::vector<int> years; ///< the selected years; empty: every year
    int from = 0;
    int to = 9999;

    static YearScope of(const Filters& f);
    /// Whether the scope leaves some year out.
    bool narrows() const noexcept { return !years.empty() || from > 0 || to < 9999; }
    /// Whether a shard holding `year` (none: any year) may hold a document in the range.
    bool in_range(std::optional<int> year) const;
    /// ... and one of the selected years.
    bool selected(std::optional<int> year) const;
};

/// Which shards a step takes, by the year they hold.
using ShardFilter = std::function<bool(std::optional<int>)>;

/// Reads "tcp://HOST:PORT" (HOST a name, an IPv4 address or a bracketed IPv6 one); nullopt
/// when `text` does not start with tcp://. Throws std::invalid_argument, naming `text`, for
/// a tcp:// address without a valid port.
std::optional<ShardAddress> parse_tcp_address(const std::string& text);

/// The shards `dbs` name, in order: each a tcp:// address, or an index folder whose stub file
/// lists its shards (`auto` and `glass` lines: folders; `remote HOST:PORT` lines: shards
/// served by xapian-tcpsrv, as Xapian's own stub files write them). Throws
/// std::runtime_error naming the folder and the line for a line it cannot use.
std::vector<ShardAddress> resolve_shards(const std::vector<std::string>& dbs);

/// Whether `dbs` name a shard on another host (so only Xapian's matcher can search them).
bool names_remote_shard(const std::vector<std::string>& dbs);

/// How long a shard may take before it is counted as missing.
struct LinkTimeouts {
    std::chrono::milliseconds request{5000}; ///< any one exchange with a shard
    std::chrono::milliseconds connect{2000}; ///< opening a connection
    std::chrono::milliseconds retry{2000};   ///< before a missing shard is tried again
};

/// One thread's handles on every shard (Xapian's objects are not shared between threads),
/// and which of them answer.
class ShardLinks {
public:
    ShardLinks(std::vector<ShardAddress> shards, LinkTimeouts timeouts);

    /// The shards that answer, as one database; shards missing since their retry time are
    /// connected again first. Empty (no sub-databases) when none answers.
    Xapian::Database& database();
    /// The shards of database() that `keep` takes, as one database.
    Xapian::Database subset(const ShardFilter& keep) const;
    /// How many shards database() holds (of those `keep` takes, when given).
    std::size_t answering(const ShardFilter& keep = {}) const;
    /// The shards database() leaves out (of those `keep` takes, when given), by name, each
    /// with why.
    std::vector<std::string> missing(const ShardFilter& keep = {}) const;
    /// After a Xapian::NetworkError: connects every remote shard anew (a failed match may
    /// leave answers unread on the others' connections) and leaves out those that do not
    /// answer. Returns how many were left out.
    std::size_t drop_silent();
    /// Moves every shard to its newest revision.
    void reopen();
    /// Every shard's revision and uuid, as the key of a revision of the whole.
    std::string revision_key();

private:
    struct Link {
        ShardAddress address;
        std::optional<Xapian::Database> db;
        std::chrono::steady_clock::time_point retry_at{};
        std::string error; ///< why the shard is missing
    };
    void connect(Link& link);
    void lose(Link& link, const std::string& why);

    std::vector<Link> m_links;
    LinkTimeouts m_timeouts;
    Xapian::Database m_combined;
    bool m_stale = true; ///< m_combined no longer lists the connected shards
};

} // namespace vnsearch::detail
