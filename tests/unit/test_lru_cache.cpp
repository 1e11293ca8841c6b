#include "util/lru_cache.hpp"

#include <catch2/catch.hpp>
#include <memory>
#include <string>

using vnsearch::LruCache;

namespace {

std::shared_ptr<const std::string> value(const char* s) {
    return std::make_shared<const std::string>(s);
}

} // namespace

TEST_CASE("a cache past its budget drops the least recently used values first") {
    LruCache<std::string> cache(30);
    cache.insert("a", value("first"), 10);
    cache.insert("b", value("second"), 10);
    cache.insert("c", value("third"), 10);
    REQUIRE(cache.find("a")); // now the most recent: "b" is the oldest
    cache.insert("d", value("fourth"), 10);
    CHECK(cache.find("a"));
    CHECK_FALSE(cache.find("b"));
    CHECK(cache.find("c"));
    CHECK(*cache.find("d") == "fourth");
}

TEST_CASE("a cache keeps the newest value even when it alone passes the budget") {
    LruCache<std::string> cache(10);
    cache.insert("a", value("small"), 5);
    cache.insert("b", value("large"), 50);
    CHECK_FALSE(cache.find("a"));
    CHECK(cache.find("b"));
}
