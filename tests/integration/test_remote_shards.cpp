// Remote shards: three shards of the sample corpus served by Xapian's own xapian-tcpsrv on
// loopback and one local shard, searched by one vnsearch-server, answer every judged query
// as one local database does; a killed or frozen shard gives an answer within the timeout
// that names it.

#include "support.hpp"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <csignal>
#include <httplib.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace vnsearch::test;
using nlohmann::json;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

const char* const tcpsrv = "/usr/bin/xapian-tcpsrv";
const char* const setsid = "/usr/bin/setsid";

/// A port of 127.0.0.1 free a moment ago.
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

bool accepts(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
}

/// xapian-tcpsrv serving one shard, in a process group of its own, so that the processes
/// it forks for each connection are stopped or killed with it.
class ShardServer {
public:
    ShardServer(const fs::path& shard, const fs::path& logs)
        : m_port(free_port()), m_child({setsid, tcpsrv, "--port", std::to_string(m_port),
                                        "--interface", "127.0.0.1", shard.string()},
                                       logs / ("tcpsrv-" + std::to_string(m_port) + ".out"),
                                       logs / ("tcpsrv-" + std::to_string(m_port) + ".err")) {
        for (int i = 0; i < 200 && !accepts(m_port); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        REQUIRE(accepts(m_port));
    }
    ~ShardServer() { kill(); }
    ShardServer(const ShardServer&) = delete;
    ShardServer& operator=(const ShardServer&) = delete;

    std::string address() const { return "tcp://127.0.0.1:" + std::to_string(m_port); }
    void kill() {
        if (m_child.pid() > 0) {
            ::kill(-m_child.pid(), SIGCONT);
            ::kill(-m_child.pid(), SIGKILL);
            m_child.wait();
        }
    }
    void freeze() { ::kill(-m_child.pid(), SIGSTOP); }

private:
    int m_port;
    Child m_child;
};

/// The sample corpus in four shards with Xapian's positions, three of them served by
/// xapian-tcpsrv.
struct Cluster {
    TempDir dir;
    std::vector<fs::path> shards;
    std::vector<std::unique_ptr<ShardServer>> remote;

    Cluster() {
        const RunResult r =
            run({indexer_path(), "--quiet", "--shards", "4", "--xapian-positions", "--db",
                 (dir / "db").string(), (source_root() / "corpus" / "articles").string()});
        REQUIRE(r.exit_code == 0);
        std::istringstream stub(read_file(dir / "db" / "XAPIANDB"));
        std::string kind, name;
        while (stub >> kind >> name)
            shards.push_back(dir / "db" / name);
        REQUIRE(shards.size() == 4);
        for (int i = 0; i < 3; ++i)
            remote.push_back(std::make_unique<ShardServer>(shards[i], dir.path()));
    }

    /// The three remote shards and the local one, as --db values.
    std::vector<fs::path> dbs() const {
        std::vector<fs::path> out;
        for (const auto& s : remote)
            out.emplace_back(s->address());
        out.push_back(shards[3]);
        return out;
    }
};

json get(int port, const std::string& path, int expected = 200) {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(30, 0);
    auto res = c.Get(path.c_str());
    REQUIRE(res);
    INFO(path << " -> " << res->status << " " << res->body.substr(0, 400));
    REQUIRE(res->status == expected);
    return json::parse(res->body);
}

/// POST /api/search with `fields` as its JSON body (a judged query may pass the 1,000 bytes
/// a GET takes).
json post(int port, const json& fields) {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(30, 0);
    auto res = c.Post("/api/search", fields.dump(), "application/json");
    REQUIRE(res);
    INFO(fields.dump() << " -> " << res->status << " " << res->body.substr(0, 400));
    REQUIRE(res->status == 200);
    return json::parse(res->body);
}

std::string encode(const std::string& s) {
    return httplib::detail::encode_query_param(s);
}

/// Hits in order of score; hits of one score, in any order (their order follows docids,
/// which differ between the layouts). A run of one score that reaches the end of the page
/// may continue past it, so its members are left out.
std::vector<std::set<std::string>> by_score(const json& hits) {
    std::vector<std::set<std::string>> runs;
    double last = -1;
    for (const json& h : hits) {
        const double score = h["score"].get<double>();
        if (runs.empty() || std::abs(score - last) > 1e-9)
            runs.emplace_back();
        runs.back().insert(h["id"].get<std::string>());
        last = score;
    }
    if (!runs.empty() && hits.size() == 20)
        runs.pop_back();
    return runs;
}

/// The queries of bench/judged.tsv (third field; # starts a comment line).
std::vector<std::string> judged_queries() {
    std::vector<std::string> out;
    std::istringstream in(read_file(source_root() / "bench" / "judged.tsv"));
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        const std::size_t a = line.find('\t');
        const std::size_t b = line.find('\t', a + 1);
        const std::size_t c = line.find('\t', b + 1);
        if (c != std::string::npos)
            out.push_back(line.substr(b + 1, c - b - 1));
    }
    return out;
}

} // namespace

TEST_CASE("remote shards answer every judged query as one local database does",
          "[remote][server]") {
    Cluster cluster;
    ServerProcess spread(cluster.dbs());
    ServerProcess whole({cluster.dir / "db"}, {"--xapian-matcher"});
    const std::vector<std::string> queries = judged_queries();
    REQUIRE(queries.size() >= 100);
    std::size_t with_results = 0;
    for (const std::string& q : queries) {
        const json plain = {{"q", q}, {"per_page", "20"}};
        json by_date = plain;
        by_date["sort"] = "date_desc";
        json filtered = plain;
        filtered["carrier"] = "VNPT";
        filtered["year"] = "2025";
        const std::vector<json> variants = {plain, by_date, filtered};
        for (std::size_t v = 0; v < variants.size(); ++v) {
            const json& fields = variants[v];
            const json a = post(spread.port(), fields);
            const json b = post(whole.port(), fields);
            INFO(fields.dump());
            CHECK(a["partial"] == false);
            CHECK(a["total"] == b["total"]);
            CHECK(a["facets"] == b["facets"]);
            CHECK(by_score(a["hits"]) == by_score(b["hits"]));
            if (v == 0 && a["total"].get<int>() > 0)
                ++with_results;
        }
    }
    CHECK(with_results >= queries.size() * 9 / 10);
}

TEST_CASE("over remote shards, a facet value's count is the number of results its filter "
          "gives",
          "[remote][server]") {
    Cluster cluster;
    ServerProcess spread(cluster.dbs());
    const json all = get(spread.port(), "/api/facets");
    REQUIRE(all["total"] == sample_articles());
    const std::map<std::string, std::string> parameter = {
        {"province", "province"}, {"former_province", "former_province"},
        {"carrier", "carrier"},   {"year", "year"},
        {"pillar", "pillar"},     {"kind", "kind"}};
    for (const auto& [facet, name] : parameter) {
        const json& values = all["facets"][facet];
        REQUIRE(!values.empty());
        for (std::size_t i = 0; i < std::min<std::size_t>(values.size(), 3); ++i) {
            const std::string value = values[i]["value"].get<std::string>();
            const auto count = values[i]["count"].get<std::size_t>();
            INFO(facet << "=" << value);
            // Every page of the filtered results: their ids come from Xapian's own filter,
            // the total from the facet counts, so the two must agree.
            std::set<std::string> ids;
            for (int page = 1;; ++page) {
                const json r =
                    get(spread.port(), "/api/search?per_page=100&page=" + std::to_string(page) +
                                           "&" + name + "=" + encode(value));
                CHECK(r["total"] == count);
                for (const json& h : r["hits"])
                    ids.insert(h["id"].get<std::string>());
                if (r["hits"].size() < 100)
                    break;
            }
            CHECK(ids.size() == count);
        }
    }
}

TEST_CASE("a killed or frozen remote shard gives an answer within the timeout that names it",
          "[remote][server]") {
    Cluster cluster;
    ServerProcess spread(cluster.dbs(), {"--shard-timeout", "1000", "--connect-timeout", "500"});
    ServerProcess strict(cluster.dbs(), {"--shard-timeout", "1000", "--no-partial"});
    std::vector<fs::path> remote_only;
    for (const auto& s : cluster.remote)
        remote_only.emplace_back(s->address());
    ServerProcess only_remote(remote_only, {"--shard-timeout", "1000"});
    const std::string path = "/api/search?q=" + encode("chuyển đổi số");
    const json full = get(spread.port(), path);
    REQUIRE(full["total"].get<int>() > 0);
    (void)get(strict.port(), path);

    cluster.remote[1]->kill();
    const auto start = Clock::now();
    const json killed = get(spread.port(), path);
    CHECK(Clock::now() - start < std::chrono::milliseconds(1000));
    CHECK(killed["partial"] == true);
    REQUIRE(killed["missing_shards"].size() == 1);
    CHECK(killed["missing_shards"][0].get<std::string>().find(cluster.remote[1]->address()) == 0);
    CHECK(killed["total"].get<int>() < full["total"].get<int>());
    (void)get(strict.port(), path, 503);

    cluster.remote[2]->freeze();
    for (int i = 0; i < 3; ++i) { // each answer, also from threads that had not met it yet
        const auto t0 = Clock::now();
        const json frozen = get(spread.port(), "/api/search?q=" + encode("hạ tầng số"));
        CHECK(Clock::now() - t0 < std::chrono::milliseconds(1500));
        CHECK(frozen["partial"] == true);
        CHECK(frozen["missing_shards"].size() == 2);
        CHECK(frozen["total"].get<int>() > 0); // from the shards that answer
    }
    const json stats = get(spread.port(), "/api/stats");
    CHECK(stats["shards"] == 4);
    CHECK(stats["missing_shards"].size() == 2);

    cluster.remote[2]->kill();
    cluster.remote[0]->kill();
    const json alone = get(spread.port(), path);
    CHECK(alone["missing_shards"].size() == 3);
    // No shard answers at all: 503, naming them.
    const json none = get(only_remote.port(), path, 503);
    CHECK(none["error"]["message"].get<std::string>().find(cluster.remote[0]->address()) !=
          std::string::npos);
}

TEST_CASE("over an index by year, a year filter searches its years' shards alone",
          "[remote][server]") {
    TempDir dir;
    const std::string corpus = (source_root() / "corpus" / "articles").string();
    for (const auto& [db, layout] : {std::pair{"years", "year"}, std::pair{"ids", "id"}})
        REQUIRE(run({indexer_path(), "--quiet", "--xapian-positions", "--shard-by", layout, "--db",
                     (dir / db).string(), corpus})
                    .exit_code == 0);
    ServerProcess years({dir / "years"}, {"--xapian-matcher"});
    ServerProcess ids({dir / "ids"}, {"--xapian-matcher"});

    // The same results, facets and totals as the index by id. Scores come from the shards
    // searched, so a year filter's results are compared as a set.
    std::vector<std::string> queries = judged_queries();
    queries.resize(40);
    for (const std::string& q : queries) {
        const json plain = {{"q", q}, {"per_page", "100"}};
        json one_year = plain;
        one_year["year"] = "2025";
        json range = plain;
        range["year_from"] = "2021";
        range["year_to"] = "2023";
        for (const json& fields : {plain, one_year, range}) {
            INFO(fields.dump());
            const json a = post(years.port(), fields);
            const json b = post(ids.port(), fields);
            CHECK(a["total"] == b["total"]);
            CHECK(a["facets"] == b["facets"]);
            std::set<std::string> a_ids, b_ids;
            for (const json& h : a["hits"])
                a_ids.insert(h["id"].get<std::string>());
            for (const json& h : b["hits"])
                b_ids.insert(h["id"].get<std::string>());
            CHECK(a_ids == b_ids);
            if (fields.size() == 2)
                CHECK(by_score(a["hits"]) == by_score(b["hits"]));
        }
    }

    // Each year's shard served by xapian-tcpsrv: with 2021's shard gone, a range without
    // 2021 asks none of what is missing; a selected year gives all its results, and says
    // that the year facet's counts lack 2021's.
    std::vector<std::unique_ptr<ShardServer>> shard_servers;
    std::vector<fs::path> addresses;
    std::size_t of_2021 = 0;
    std::istringstream stub(read_file(dir / "years" / "XAPIANDB"));
    std::string kind, name;
    while (stub >> kind >> name) {
        if (name.rfind("year-2021", 0) == 0)
            of_2021 = shard_servers.size();
        shard_servers.push_back(std::make_unique<ShardServer>(dir / "years" / name, dir.path()));
        addresses.emplace_back(shard_servers.back()->address());
    }
    REQUIRE(shard_servers.size() >= 5);
    ServerProcess spread(addresses, {"--shard-timeout", "1000", "--connect-timeout", "500"});
    const std::string q = "q=" + encode("chuyển đổi số");
    const json in_range = get(ids.port(), "/api/search?" + q + "&year_from=2024&year_to=2025");
    const json selected = get(ids.port(), "/api/search?" + q + "&year=2025");
    REQUIRE(in_range["total"].get<int>() > 0);
    shard_servers[of_2021]->kill();
    const json a = get(spread.port(), "/api/search?" + q + "&year_from=2024&year_to=2025");
    CHECK(a["partial"] == false);
    CHECK(a["total"] == in_range["total"]);
    CHECK(a["facets"] == in_range["facets"]);
    const json b = get(spread.port(), "/api/search?" + q + "&year=2025");
    CHECK(b["total"] == selected["total"]);
    CHECK(b["partial"] == true);
    REQUIRE(b["missing_shards"].size() == 1);
    CHECK(b["missing_shards"][0].get<std::string>().find(addresses[of_2021].string()) == 0);
    const json c = get(spread.port(), "/api/search?" + q);
    CHECK(c["partial"] == true);
}
