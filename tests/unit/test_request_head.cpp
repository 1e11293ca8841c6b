// The gate's reading of request heads (server/request_head.hpp), the request it passes on,
// its log lines and its worker queue.
#include "backend.hpp"
#include "request_head.hpp"
#include "request_log.hpp"
#include "worker_pool.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

using namespace vnsearch::server;

namespace {

RequestLimits limits() {
    RequestLimits l;
    l.body_routes = {{"POST", "/api/search"}, {"POST", "/api/export"}};
    return l;
}

const std::string get = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
const std::string post =
    "POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";

/// A request and the status the gate answers it with (0: accepted, passed on).
struct Case {
    const char* what;
    std::string request;
    int status;
};

int status_of(const std::string& request) {
    const HeadResult r = read_head(request, limits());
    if (r.kind == HeadResult::Kind::incomplete)
        return -1;
    return r.kind == HeadResult::Kind::refused ? r.refusal.status : 0;
}

} // namespace

TEST_CASE("each framing the gate refuses gets its status, and the usual requests pass") {
    const Case cases[] = {
        {"a plain GET", get + "\r\n", 0},
        {"HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n", 0},
        {"blank lines before the request", "\r\n\r\n" + get + "\r\n", 0},
        {"a POST with its length", post + "Content-Length: 2\r\n\r\n{}", 0},
        {"a GET with a zero length", get + "Content-Length: 0\r\n\r\n", 0},
        {"a tab or a line feed escaped in the query",
         "GET /api/search?q=a%09b%0Ac HTTP/1.1\r\n"
         "Host: x\r\n\r\n",
         0},
        {"Expect: 100-continue", post + "Expect: 100-Continue\r\nContent-Length: 2\r\n\r\n", 0},
        {"a space before a colon", get + "Transfer-Encoding : chunked\r\n\r\n", 400},
        {"Transfer-Encoding with Content-Length",
         post + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", 400},
        {"chunked on a GET", get + "Transfer-Encoding: chunked\r\n\r\n", 413},
        {"chunked on a POST", post + "Transfer-Encoding: chunked\r\n\r\n", 411},
        {"gzip as transfer coding", post + "Transfer-Encoding: gzip\r\n\r\n", 501},
        {"chunked, not last", post + "Transfer-Encoding: chunked, gzip\r\n\r\n", 501},
        {"two lengths", post + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n", 400},
        {"two equal lengths", post + "Content-Length: 2\r\nContent-Length: 2\r\n\r\n", 400},
        {"a list of lengths", post + "Content-Length: 2, 2\r\n\r\n", 400},
        {"an empty length", post + "Content-Length:\r\n\r\n", 400},
        {"a negative length", post + "Content-Length: -1\r\n\r\n", 400},
        {"a length past 64 bits", post + "Content-Length: 99999999999999999999999\r\n\r\n", 400},
        {"a body on a GET", get + "Content-Length: 1\r\n\r\n", 413},
        {"a body on a HEAD", "HEAD /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n",
         413},
        {"a POST to a route that takes no body",
         "POST /api/facets HTTP/1.1\r\nHost: x\r\n"
         "Content-Length: 2\r\n\r\n",
         405},
        {"a PUT", "PUT /api/search HTTP/1.1\r\nHost: x\r\n\r\n", 405},
        {"a POST of another type",
         "POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
         "Content-Length: 2\r\n\r\n",
         415},
        {"a POST without a type",
         "POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n", 415},
        {"a POST without a length", post + "\r\n", 411},
        {"a POST over the limit", post + "Content-Length: 65537\r\n\r\n", 413},
        {"a Content-Encoding", post + "Content-Encoding: gzip\r\nContent-Length: 2\r\n\r\n", 415},
        {"another Expect", get + "Expect: 200-ok\r\n\r\n", 417},
        {"no Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n", 400},
        {"two Hosts", get + "Host: y\r\n\r\n", 400},
        {"a folded line", get + "X-A: 1\r\n\t2\r\n\r\n", 400},
        {"a line without a colon", get + "X-A\r\n\r\n", 400},
        {"a bare LF in the headers", get + "X-A: 1\n\r\n", 400},
        {"a bare CR in a value", get + "X-A: 1\r2\r\n\r\n", 400},
        {"a bare LF ending the request line", "GET / HTTP/1.1\nHost: x\r\n\r\n", 400},
        {"a NUL in a value", get + std::string("X-A: a\0b\r\n\r\n", 13), 400},
        {"two spaces in the request line", "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400},
        {"a lower-case version", "GET / http/1.1\r\nHost: x\r\n\r\n", 400},
        {"HTTP/2.0", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505},
        {"an absolute target", "GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n", 400},
        {"a raw control byte in the target", "GET /a\x01 HTTP/1.1\r\nHost: x\r\n\r\n", 400},
        {"%0A in the path", "GET /a%0Ab HTTP/1.1\r\nHost: x\r\n\r\n", 400},
        {"%00 in the path", "GET /app.js%00.html HTTP/1.1\r\nHost: x\r\n\r\n", 400},
        {"%7f in the path", "GET /a%7f HTTP/1.1\r\nHost: x\r\n\r\n", 400},
        {"%00 in the query", "GET /api/search?q=a%00 HTTP/1.1\r\nHost: x\r\n\r\n", 400},
        {"%1B in the query", "GET /api/search?q=a%1B HTTP/1.1\r\nHost: x\r\n\r\n", 400},
        {"a request line over 8 KB", "GET /" + std::string(8200, 'a') + " HTTP/1.1\r\n", 414},
        {"a request line over 8 KB, unfinished", "GET /" + std::string(8200, 'a'), 414},
        {"headers over 16 KB", get + "X-A: " + std::string(16400, 'a') + "\r\n\r\n", 431},
        {"headers over 16 KB, unfinished", get + "X-A: " + std::string(16400, 'a'), 431},
        {"an unfinished head", get, -1},
        {"an unfinished request line", "GET /healthz HT", -1},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        CHECK(status_of(c.request) == c.status);
    }
}

TEST_CASE("a head is read with its length, its path decoded, and whether it keeps the "
          "connection") {
    const std::string request = "POST /api/%73earch?q=x HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                "application/json\r\nContent-Length: "
                                "2\r\nConnection: Keep-Alive, Close\r\n\r\n{}GET /next";
    const HeadResult r = read_head(request, limits());
    REQUIRE(r.kind == HeadResult::Kind::complete);
    CHECK(r.head.method == "POST");
    CHECK(r.head.target == "/api/%73earch?q=x");
    CHECK(r.head.path == "/api/search");
    CHECK(r.head.body_bytes == 2);
    CHECK(request.substr(r.head.head_bytes, 2) == "{}");
    CHECK_FALSE(r.head.keep_alive);
    CHECK(read_head(get + "\r\n", limits()).head.keep_alive);
    CHECK_FALSE(
        read_head("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", limits()).head.keep_alive);
}

TEST_CASE("more than 100 header fields get 431") {
    std::string request = get;
    for (int i = 0; i < 99; ++i)
        request += "X-" + std::to_string(i) + ": 1\r\n";
    CHECK(status_of(request + "\r\n") == 0); // Host and 99 more: 100
    CHECK(status_of(request + "X-Last: 1\r\n\r\n") == 431);
}

TEST_CASE("the request passed on drops hop-by-hop fields and Range where answers are whole") {
    const RequestLimits l = limits();
    auto passed = [&](const std::string& request) {
        const HeadResult r = read_head(request, l);
        REQUIRE(r.kind == HeadResult::Kind::complete);
        return backend_request(r.head, l);
    };
    const std::string api =
        passed("GET /api/search?q=a HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\nIf-Range: x\r\n"
               "Connection: keep-alive\r\nKeep-Alive: 5\r\nAccept: */*\r\n\r\n");
    CHECK(api == "GET /api/search?q=a HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n");
    CHECK(passed("GET /app.js HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\n\r\n")
              .find("Range: bytes=0-9\r\n") != std::string::npos);
    CHECK(passed("GET /app.js HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9,0-\r\n\r\n").find("Range") ==
          std::string::npos);
    CHECK(
        passed("GET /%61pi/search HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\n\r\n").find("Range") ==
        std::string::npos);
    CHECK(passed(post + "Expect: 100-continue\r\nContent-Length: 2\r\n\r\n").find("Expect") ==
          std::string::npos);
}

TEST_CASE("the end of an answer is found from its length, its last chunk, or its method") {
    AnswerHead a;
    REQUIRE(parse_answer_head("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n"
                              "Keep-Alive: timeout=5\r\nX-A: b\r\n\r\n",
                              "GET", a));
    CHECK(a.status == 200);
    CHECK(a.fields == "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n");
    CHECK(a.closes);
    CHECK_FALSE(a.body.done());
    a.body.feed("1234");
    CHECK_FALSE(a.body.done());
    a.body.feed("5");
    CHECK(a.body.done());

    REQUIRE(parse_answer_head("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", "HEAD", a));
    CHECK(a.body.done()); // a HEAD answer has no body, whatever its length says
    CHECK_FALSE(a.closes);

    REQUIRE(parse_answer_head("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "GET", a));
    // Fed in pieces cut anywhere, even inside a size line or the CRLF after the data.
    const std::string chunks = "5;x=y\r\nab\r\nc\r\n10\r\n0123456789abcdef\r\n0\r\nT: 1\r\n\r\n";
    for (std::size_t i = 0; i + 1 < chunks.size(); ++i) {
        a.body.feed(chunks.substr(i, 1));
        INFO("after " << i + 1 << " bytes");
        REQUIRE_FALSE(a.body.done());
    }
    a.body.feed(chunks.substr(chunks.size() - 1));
    CHECK(a.body.done());

    REQUIRE(parse_answer_head("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n", "GET", a));
    CHECK_FALSE(a.body.framed()); // it ends when the server closes
    CHECK(a.closes);
    CHECK_FALSE(parse_answer_head("HTTP/1.0 200 OK\r\n\r\n", "GET", a));
}

TEST_CASE("a refusal is the API's JSON error, closing the connection") {
    const std::string answer =
        refusal_answer({503, "too_many_connections", "too \"many\"", 1, {}}, false);
    CHECK(answer.rfind("HTTP/1.1 503 Service Unavailable\r\n", 0) == 0);
    CHECK(answer.find("\r\nRetry-After: 1\r\n") != std::string::npos);
    CHECK(answer.find("\r\nConnection: close\r\n") != std::string::npos);
    const std::string body = answer.substr(answer.find("\r\n\r\n") + 4);
    CHECK(answer.find("Content-Length: " + std::to_string(body.size()) + "\r\n") !=
          std::string::npos);
    const auto j = nlohmann::json::parse(body);
    CHECK(j["error"]["code"] == "too_many_connections");
    CHECK(j["error"]["message"] == "too \"many\"");
    const std::string head_only = refusal_answer({400, "bad_request", "x", 0, {}}, true);
    CHECK(head_only.substr(head_only.size() - 4) == "\r\n\r\n");
    CHECK(head_only.find("Retry-After") == std::string::npos);
    CHECK(head_only.find("Allow") == std::string::npos);
    // A method the path does not take is told which it does.
    const HeadResult put = read_head("PUT /api/export HTTP/1.1\r\nHost: x\r\n\r\n", limits());
    REQUIRE(put.kind == HeadResult::Kind::refused);
    CHECK(refusal_answer(put.refusal, false).find("\r\nAllow: GET, HEAD, POST\r\n") !=
          std::string::npos);
    const HeadResult post = read_head("POST /healthz HTTP/1.1\r\nHost: x\r\n\r\n", limits());
    REQUIRE(post.kind == HeadResult::Kind::refused);
    CHECK(refusal_answer(post.refusal, false).find("\r\nAllow: GET, HEAD\r\n") !=
          std::string::npos);
}

TEST_CASE("a log line cannot be ended or forged from a request") {
    CHECK(escape_for_log("/a\nGET /forged 200") == "/a\\x0AGET\\x20/forged\\x20200");
    CHECK(escape_for_log("/a\\x0A") == "/a\\\\x0A");
    CHECK(escape_for_log(std::string("/a\0b\x7f", 5)) == "/a\\x00b\\x7F");
    CHECK(escape_for_log("/tìm-kiếm") == "/tìm-kiếm");
}

TEST_CASE("a full worker queue refuses a task at once") {
    std::mutex m;
    std::condition_variable cv;
    bool started = false;
    bool release = false;
    std::atomic<int> ran{0};
    {
        WorkerPool pool(1, 2);
        REQUIRE(pool.try_submit([&] {
            std::unique_lock lock(m);
            started = true;
            cv.notify_all();
            cv.wait(lock, [&] { return release; });
            ++ran;
        }));
        {
            std::unique_lock lock(m);
            cv.wait(lock, [&] { return started; });
        }
        // The one worker is busy: two tasks may wait, the third is refused.
        CHECK(pool.try_submit([&] { ++ran; }));
        CHECK(pool.try_submit([&] { ++ran; }));
        CHECK_FALSE(pool.try_submit([&] { ++ran; }));
        {
            std::lock_guard lock(m);
            release = true;
        }
        cv.notify_all();
        while (ran < 3)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        CHECK(pool.try_submit([&] { ++ran; }));
    }
    CHECK(ran >= 3);
}
