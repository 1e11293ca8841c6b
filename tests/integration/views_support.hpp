#pragma once
// What the tests of the research views share: one index of the sample corpus and the dated
// fixtures (tests/data/views), one server over it, and requests to it.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace vnsearch::test::views {

namespace fs = std::filesystem;
using nlohmann::json;

/// The index and the server every views test reads (built at the first test that asks).
struct Fixture : IndexedServer {
    Fixture() : IndexedServer({source_root() / "tests" / "data" / "views"}) {}
};

inline Fixture& fixture() {
    static Fixture f;
    return f;
}

/// `s` percent-encoded for a query string.
inline std::string encode(const std::string& s) {
    std::string out;
    const char* hex = "0123456789ABCDEF";
    for (const unsigned char c : s)
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
            out.push_back(static_cast<char>(c));
        else
            out += {'%', hex[c >> 4], hex[c & 15]};
    return out;
}

/// GET `path` from the server, whatever its status.
inline httplib::Result fetch(const std::string& path) {
    httplib::Client c("127.0.0.1", fixture().server->port());
    c.set_read_timeout(30, 0);
    return c.Get(path.c_str());
}

/// GET `path` as JSON, checking its status.
inline json get(const std::string& path, int expected_status = 200) {
    auto res = fetch(path);
    REQUIRE(res);
    INFO(path << " -> " << res->status << " " << res->body.substr(0, 600));
    REQUIRE(res->status == expected_status);
    return json::parse(res->body);
}

/// The fixtures' dated articles (tests/data/views/dated.jsonl).
inline std::vector<json> dated_fixtures() {
    std::vector<json> out;
    std::istringstream in(read_file(source_root() / "tests" / "data" / "views" / "dated.jsonl"));
    std::string line;
    while (std::getline(in, line))
        out.push_back(json::parse(line));
    return out;
}

} // namespace vnsearch::test::views
