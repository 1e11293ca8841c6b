#pragma once
/// The shards of a distributed search (distributed.hpp): where each one is, a folder of this
/// machine or a `xapian-tcpsrv` on another host, and one thread's connections to them, with
/// what happens when a shard stops answering.

#include <chrono>
#include <filesystem>
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

    bool remote() const noexcept { return !host.empty(); }
};

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
    /// How many shards database() holds.
    std::size_t answering() const;
    /// The shards database() leaves out, by name, each with why.
    std::vector<std::string> missing() const;
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
