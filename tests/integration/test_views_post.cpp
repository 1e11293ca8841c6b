// The research views by POST: a JSON body carries queries too long for a URL, with the
// answer a GET gives, and a body that cannot be used is refused naming what is wrong.
#include "views_support.hpp"

namespace vnsearch::test::views {
namespace {

/// POST `body` to `path` as `type`, whatever the answer.
httplib::Result post_raw(const std::string& path, const std::string& body,
                         const std::string& type = "application/json") {
    httplib::Client c("127.0.0.1", fixture().server->port());
    c.set_read_timeout(30, 0);
    return c.Post(path.c_str(), body, type.c_str());
}

/// POST `body` as JSON to `path`, checking the status.
json post(const std::string& path, const json& body, int expected_status = 200) {
    auto res = post_raw(path, body.dump());
    REQUIRE(res);
    INFO(path << " <- " << body.dump().substr(0, 200) << " -> " << res->status << " "
              << res->body.substr(0, 600));
    REQUIRE(res->status == expected_status);
    return json::parse(res->body);
}

/// `text` OR'ed with itself until it is longer than a GET's q may be: the same results.
std::string long_query(const std::string& text) {
    std::string q = "(" + text + ")";
    while (q.size() <= 1000)
        q += " OR (" + text + ")";
    return q;
}

/// `j` without its echo of the query, which differs between a long text and a short one.
json without_q(json j) {
    j.erase("q");
    if (j.contains("series"))
        for (json& s : j["series"])
            s.erase("q");
    return j;
}

/// The error message of a refused request, checked for its status and code.
std::string refusal(const httplib::Result& res, int status, const std::string& code) {
    REQUIRE(res);
    INFO(res->status << " " << res->body);
    REQUIRE(res->status == status);
    const json j = json::parse(res->body);
    CHECK(j["error"]["code"] == code);
    return j["error"]["message"];
}

} // namespace

TEST_CASE("a view takes a query too long for a URL in a JSON body", "[views][post]") {
    const std::string a = "VNPT", b = "\"hạ tầng\"";
    const std::string la = long_query(a), lb = long_query(b);
    REQUIRE(la.size() > 1000);
    // A GET refuses it, naming q.
    CHECK_THAT(refusal(fetch("/api/terms?q=" + encode(la)), 400, "bad_parameter"),
               Catch::Contains("'q'"));

    const json timeline = post("/api/timeline", {{"q", la}, {"interval", "year"}});
    CHECK(timeline["q"] == la);
    CHECK(without_q(timeline) == without_q(get("/api/timeline?interval=year&q=" + encode(a))));
    CHECK(timeline["total"] > 0);

    const json terms = post("/api/terms", {{"q", lb}, {"limit", 20}, {"carrier", {"Viettel"}}});
    CHECK(terms == get("/api/terms?limit=20&carrier=Viettel&q=" + encode(b)));
    CHECK(!terms["terms"].empty());

    const json cmp = post("/api/compare", {{"q", {la, lb}}, {"normalize", "all"}});
    CHECK(cmp["series"][0]["q"] == la);
    CHECK(without_q(cmp) ==
          without_q(get("/api/compare?normalize=all&q=" + encode(a) + "&q=" + encode(b))));

    const json history = post("/api/agreements", {{"province", "Gia Lai"}});
    CHECK(history == get("/api/agreements?province=" + encode("Gia Lai")));
    CHECK(!history["agreements"].empty());
}

TEST_CASE("a view's body that cannot be used is refused with a message naming the problem",
          "[views][post]") {
    CHECK_THAT(refusal(post_raw("/api/terms", "{\"q\": \"viettel\""), 400, "bad_parameter"),
               Catch::Contains("JSON object"));
    CHECK_THAT(refusal(post_raw("/api/timeline", "[\"viettel\"]"), 400, "bad_parameter"),
               Catch::Contains("JSON object"));
    CHECK_THAT(refusal(post_raw("/api/terms", R"({"limit": 0})"), 400, "bad_parameter"),
               Catch::Contains("'limit'"));
    CHECK_THAT(
        refusal(post_raw("/api/timeline", R"({"interval": "decade"})"), 400, "bad_parameter"),
        Catch::Contains("'interval'"));
    CHECK_THAT(refusal(post_raw("/api/compare", R"({"q": [["a", "b"]]})"), 400, "bad_parameter"),
               Catch::Contains("'q'"));
    CHECK_THAT(refusal(post_raw("/api/compare", R"({"q": "only one"})"), 400, "bad_parameter"),
               Catch::Contains("'q'"));
    CHECK_THAT(refusal(post_raw("/api/agreements", R"({"q": "viettel"})"), 400, "bad_parameter"),
               Catch::Contains("'q'"));
    CHECK_THAT(refusal(post_raw("/api/terms?limit=5", R"({"q": "viettel"})"), 400, "bad_parameter"),
               Catch::Contains("'limit'"));
    CHECK_THAT(
        refusal(post_raw("/api/terms", R"({"q": {"text": "viettel"}})"), 400, "bad_parameter"),
        Catch::Contains("'q'"));
    const std::string too_long(16 * 1024 + 1, 'a');
    CHECK_THAT(refusal(post_raw("/api/terms", json{{"q", too_long}}.dump()), 400, "bad_parameter"),
               Catch::Contains("'q'"));
    // Refused from the headers, before the body is read.
    CHECK_THAT(refusal(post_raw("/api/terms", "q=viettel", "application/x-www-form-urlencoded"),
                       415, "unsupported_media_type"),
               Catch::Contains("application/json"));
    const std::string huge = json{{"q", std::string(70 * 1024, 'a')}}.dump();
    CHECK_THAT(refusal(post_raw("/api/compare", huge), 413, "payload_too_large"),
               Catch::Contains("bytes"));
}

TEST_CASE("the views say they take POST, and other paths still refuse it", "[views][post]") {
    httplib::Client c("127.0.0.1", fixture().server->port());
    for (const char* path : {"/api/timeline", "/api/compare", "/api/terms", "/api/agreements"}) {
        auto res = c.Delete(path);
        REQUIRE(res);
        CHECK(res->status == 405);
        CHECK(res->get_header_value("Allow") == "GET, HEAD, POST");
    }
    auto feed = post_raw("/api/feed", "{}");
    REQUIRE(feed);
    CHECK(feed->status == 405);
    CHECK(feed->get_header_value("Allow") == "GET, HEAD");
}

} // namespace vnsearch::test::views
