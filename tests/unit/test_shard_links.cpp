// Where the shards of a search over remote shards are: tcp:// addresses and stub files.

#include "search/shard_links.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

using vnsearch::detail::names_remote_shard;
using vnsearch::detail::parse_tcp_address;
using vnsearch::detail::resolve_shards;
namespace fs = std::filesystem;

namespace {

/// A folder holding a stub file with `lines`, removed afterwards.
struct StubFolder {
    fs::path dir;
    explicit StubFolder(const std::string& lines) {
        static int made = 0;
        dir = fs::temp_directory_path() /
              ("vnsearch-stub-" + std::to_string(::getpid()) + "-" + std::to_string(++made));
        fs::create_directories(dir);
        std::ofstream(dir / "XAPIANDB") << lines;
    }
    ~StubFolder() { fs::remove_all(dir); }
    StubFolder(const StubFolder&) = delete;
    StubFolder& operator=(const StubFolder&) = delete;
};

} // namespace

TEST_CASE("a tcp:// address gives its host and port") {
    const auto a = parse_tcp_address("tcp://shard-a.lab:7020");
    REQUIRE(a);
    CHECK(a->host == "shard-a.lab");
    CHECK(a->port == 7020);
    CHECK(a->name == "tcp://shard-a.lab:7020");
    CHECK(a->remote());
    const auto v6 = parse_tcp_address("tcp://[::1]:7021");
    REQUIRE(v6);
    CHECK(v6->host == "::1");
    CHECK_FALSE(parse_tcp_address("/srv/index"));
    for (const char* bad : {"tcp://host", "tcp://host:", "tcp://:80", "tcp://host:0",
                            "tcp://host:65536", "tcp://host:80x"}) {
        INFO(bad);
        CHECK_THROWS_AS(parse_tcp_address(bad), std::invalid_argument);
    }
}

TEST_CASE("a stub file's remote lines are shards on other hosts, its other lines folders") {
    const StubFolder stub("auto shard-0.2\n# a comment\n\nremote 10.0.0.12:7020\nglass /srv/s1\n");
    const auto shards = resolve_shards({stub.dir.string(), "tcp://10.0.0.13:7020"});
    REQUIRE(shards.size() == 4);
    CHECK(shards[0].path == stub.dir / "shard-0.2");
    CHECK_FALSE(shards[0].remote());
    CHECK(shards[1].name == "tcp://10.0.0.12:7020");
    CHECK(shards[1].port == 7020);
    CHECK(shards[2].path == "/srv/s1");
    CHECK(shards[3].host == "10.0.0.13");
    CHECK(names_remote_shard({stub.dir.string()}));
    CHECK(names_remote_shard({"tcp://h:1"}));
}

TEST_CASE("a stub line that names no shard is an error naming the file and the line") {
    const StubFolder stub("auto shard-0.2\nremote :xapian-progsrv /srv/x\n");
    try {
        (void)resolve_shards({stub.dir.string()});
        FAIL("no error");
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        CHECK(what.find((stub.dir / "XAPIANDB").string() + ":2") != std::string::npos);
    }
    const StubFolder local("auto shard-0.2\nauto shard-1.2\n");
    CHECK_FALSE(names_remote_shard({local.dir.string()}));
}
