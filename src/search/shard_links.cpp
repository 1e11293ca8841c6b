#include "search/shard_links.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace vnsearch::detail {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view tcp_scheme = "tcp://";

/// HOST:PORT (IPv6 hosts in brackets) as an address named `name`.
ShardAddress host_and_port(const std::string& text, const std::string& name) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
        throw std::invalid_argument("'" + name + "' is not HOST:PORT");
    std::string host = text.substr(0, colon);
    if (host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    const std::string digits = text.substr(colon + 1);
    if (host.empty() || digits.size() > 5 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw std::invalid_argument("'" + name + "' is not HOST:PORT");
    const unsigned long port = std::stoul(digits);
    if (port == 0 || port > 65535)
        throw std::invalid_argument("'" + name + "': the port must be 1 to 65535");
    ShardAddress a;
    a.name = name;
    a.host = std::move(host);
    a.port = static_cast<unsigned>(port);
    return a;
}

/// The shards an index folder's stub file lists; the folder itself when it is a shard.
std::vector<ShardAddress> shards_of_folder(const fs::path& dir) {
    if (!fs::exists(dir / "XAPIANDB")) {
        if (!fs::exists(dir / "iamglass"))
            throw std::runtime_error(dir.string() + " is neither an index folder nor a shard");
        ShardAddress a;
        a.name = dir.string();
        a.path = dir;
        return {a};
    }
    std::ifstream in(dir / "XAPIANDB");
    std::vector<ShardAddress> out;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        std::istringstream words(line);
        std::string kind, where;
        if (!(words >> kind) || kind.front() == '#')
            continue;
        words >> where;
        const std::string place = (dir / "XAPIANDB").string() + ":" + std::to_string(number);
        if ((kind == "auto" || kind == "glass") && !where.empty()) {
            ShardAddress a;
            a.path = fs::path(where).is_absolute() ? fs::path(where) : dir / where;
            a.name = a.path.string();
            out.push_back(std::move(a));
        } else if (kind == "remote" && !where.empty() && where.front() != ':') {
            out.push_back(host_and_port(where, std::string(tcp_scheme) + where));
        } else {
            std::string what = place;
            what += ": a shard line is 'auto FOLDER', 'glass FOLDER' or 'remote HOST:PORT', not '";
            what += line;
            what += "'";
            throw std::runtime_error(what);
        }
    }
    return out;
}

} // namespace

std::optional<ShardAddress> parse_tcp_address(const std::string& text) {
    if (text.compare(0, tcp_scheme.size(), tcp_scheme) != 0)
        return std::nullopt;
    return host_and_port(text.substr(tcp_scheme.size()), text);
}

std::vector<ShardAddress> resolve_shards(const std::vector<std::string>& dbs) {
    std::vector<ShardAddress> out;
    for (const std::string& db : dbs) {
        if (auto tcp = parse_tcp_address(db)) {
            out.push_back(std::move(*tcp));
            continue;
        }
        for (ShardAddress& a : shards_of_folder(db))
            out.push_back(std::move(a));
    }
    return out;
}

bool names_remote_shard(const std::vector<std::string>& dbs) {
    for (const std::string& db : dbs) {
        if (db.compare(0, tcp_scheme.size(), tcp_scheme) == 0)
            return true;
        std::ifstream in(fs::path(db) / "XAPIANDB");
        std::string kind, rest;
        while (in >> kind && std::getline(in, rest))
            if (kind == "remote")
                return true;
    }
    return false;
}

ShardLinks::ShardLinks(std::vector<ShardAddress> shards, LinkTimeouts timeouts)
    : m_timeouts(timeouts) {
    for (ShardAddress& a : shards)
        m_links.push_back({std::move(a), std::nullopt, {}, {}});
}

void ShardLinks::connect(Link& link) {
    try {
        if (link.address.remote())
            link.db = Xapian::Remote::open(link.address.host, link.address.port,
                                           static_cast<unsigned>(m_timeouts.request.count()),
                                           static_cast<unsigned>(m_timeouts.connect.count()));
        else
            link.db = Xapian::Database(link.address.path.string());
        link.error.clear();
        m_stale = true;
    } catch (const Xapian::Error& e) {
        lose(link, e.get_msg().empty() ? e.get_type() : e.get_msg());
    }
}

void ShardLinks::lose(Link& link, const std::string& why) {
    link.db.reset();
    link.error = why;
    link.retry_at = Clock::now() + m_timeouts.retry;
    m_stale = true;
}

Xapian::Database& ShardLinks::database() {
    const auto now = Clock::now();
    for (Link& link : m_links)
        if (!link.db && now >= link.retry_at)
            connect(link);
    if (m_stale) {
        m_combined = Xapian::Database();
        for (const Link& link : m_links)
            if (link.db)
                m_combined.add_database(*link.db);
        m_stale = false;
    }
    return m_combined;
}

Xapian::Database ShardLinks::subset(const ShardFilter& keep) const {
    Xapian::Database out;
    for (const Link& link : m_links)
        if (link.db && keep(link.address.year))
            out.add_database(*link.db);
    return out;
}

std::size_t ShardLinks::answering(const ShardFilter& keep) const {
    return static_cast<std::size_t>(
        std::count_if(m_links.begin(), m_links.end(), [&](const Link& l) {
            return l.db.has_value() && (!keep || keep(l.address.year));
        }));
}

std::vector<std::string> ShardLinks::missing(const ShardFilter& keep) const {
    std::vector<std::string> out;
    for (const Link& link : m_links)
        if (!link.db && (!keep || keep(link.address.year)))
            out.push_back(link.address.name + " (" + link.error + ")");
    return out;
}

YearScope YearScope::of(const Filters& f) {
    return {f.years, f.year_from.value_or(0), f.year_to.value_or(9999)};
}

bool YearScope::in_range(std::optional<int> year) const {
    return !year || (*year >= from && *year <= to);
}

bool YearScope::selected(std::optional<int> year) const {
    return in_range(year) &&
           (!year || years.empty() || std::find(years.begin(), years.end(), *year) != years.end());
}

std::size_t ShardLinks::drop_silent() {
    // A failure in the middle of a match may leave the other shards' answers unread on their
    // connections: every remote shard is connected anew, and those that do not answer then
    // are left out.
    std::size_t dropped = 0;
    for (Link& link : m_links) {
        if (!link.db || !link.address.remote())
            continue;
        link.db.reset();
        connect(link);
        if (!link.db)
            ++dropped;
    }
    m_stale = true;
    return dropped;
}

void ShardLinks::reopen() {
    for (Link& link : m_links) {
        if (!link.db)
            continue;
        try {
            if (link.db->reopen())
                m_stale = true;
        } catch (const Xapian::Error& e) {
            lose(link, e.get_msg().empty() ? e.get_type() : e.get_msg());
        }
    }
}

std::string ShardLinks::revision_key() {
    std::string key;
    for (Link& link : m_links) {
        if (!link.db) {
            key += "-;";
            continue;
        }
        try {
            // The counts change with every commit that adds or removes documents; the
            // revision, where the backend tells it, with every other commit too.
            for (const auto n :
                 {std::uint64_t{link.db->get_doccount()}, std::uint64_t{link.db->get_lastdocid()},
                  std::uint64_t{link.db->get_total_length()}}) {
                key += std::to_string(n);
                key += ':';
            }
            try {
                key += std::to_string(link.db->get_revision());
            } catch (const Xapian::InvalidOperationError&) {
            } catch (const Xapian::UnimplementedError&) {
            }
            key += ";";
        } catch (const Xapian::Error& e) {
            lose(link, e.get_msg().empty() ? e.get_type() : e.get_msg());
            key += "-;";
        }
    }
    return key;
}

} // namespace vnsearch::detail
