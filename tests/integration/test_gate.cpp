// vnsearch-server's gate over real sockets: hostile framing, pipelining, ranges, the log,
// connection caps, the request deadline, and slow clients beside a normal one.
#include "support.hpp"

#include <arpa/inet.h>
#include <atomic>
#include <catch2/catch.hpp>
#include <cerrno>
#include <httplib.h>
#include <map>
#include <memory>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace vnsearch::test;
namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

/// One index of the sample articles, and two servers over it: one as started by default,
/// one with short deadlines and small connection caps.
struct Fixture {
    TempDir dir;
    std::unique_ptr<ServerProcess> usual;
    std::unique_ptr<ServerProcess> strict;
    Fixture() {
        const RunResult r = run({indexer_path(), "--quiet", "--db", (dir / "db").string(),
                                 (source_root() / "corpus" / "articles").string()});
        if (r.exit_code != 0)
            throw std::runtime_error("indexing failed: " + r.err);
        usual = std::make_unique<ServerProcess>(std::vector<fs::path>{dir / "db"});
        strict = std::make_unique<ServerProcess>(
            std::vector<fs::path>{dir / "db"},
            std::vector<std::string>{"--request-timeout", "2", "--idle-timeout", "2",
                                     "--max-connections", "24", "--max-connections-per-client",
                                     "8"});
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

struct Answer {
    int status = 0;
    std::map<std::string, std::string> headers; ///< names in lower case
    std::string body;
};

/// The first answer in `buffer`, removed from it; nothing while it is incomplete.
std::optional<Answer> take_answer(std::string& buffer) {
    const std::size_t end = buffer.find("\r\n\r\n");
    if (end == std::string::npos)
        return std::nullopt;
    Answer a;
    a.status = std::stoi(buffer.substr(9, 3));
    for (std::size_t pos = buffer.find("\r\n") + 2; pos < end;) {
        const std::size_t eol = buffer.find("\r\n", pos);
        const std::string line = buffer.substr(pos, eol - pos);
        std::string name = line.substr(0, line.find(':'));
        for (char& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        a.headers[name] = line.substr(line.find(':') + 2);
        pos = eol + 2;
    }
    std::size_t used = end + 4;
    if (a.headers.count("content-length")) {
        const std::size_t n = std::stoul(a.headers["content-length"]);
        if (buffer.size() < used + n)
            return std::nullopt;
        a.body = buffer.substr(used, n);
        used += n;
    } else if (a.headers["transfer-encoding"] == "chunked") {
        for (;;) {
            const std::size_t eol = buffer.find("\r\n", used);
            if (eol == std::string::npos)
                return std::nullopt;
            const std::size_t n = std::stoul(buffer.substr(used, eol - used), nullptr, 16);
            if (buffer.size() < eol + 2 + n + 2)
                return std::nullopt;
            a.body += buffer.substr(eol + 2, n);
            used = eol + 2 + n + 2;
            if (n == 0)
                break;
        }
    }
    buffer.erase(0, used);
    return a;
}

/// A client connection from one of the loopback addresses (127.0.0.0/8), so that tests
/// can stand for several clients.
class Raw {
public:
    explicit Raw(int port, const char* source = "127.0.0.1") {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in from{};
        from.sin_family = AF_INET;
        inet_pton(AF_INET, source, &from.sin_addr);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(static_cast<std::uint16_t>(port));
        inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
        if (::bind(m_fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
            ::connect(m_fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0)
            throw std::runtime_error("cannot connect from " + std::string(source));
    }
    ~Raw() { ::close(m_fd); }
    Raw(const Raw&) = delete;
    Raw& operator=(const Raw&) = delete;

    /// Sends it all; false once the server has closed the connection.
    bool send(const std::string& bytes) {
        for (std::size_t at = 0; at < bytes.size();) {
            const ssize_t n = ::send(m_fd, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
            if (n <= 0)
                return false;
            at += static_cast<std::size_t>(n);
        }
        return true;
    }

    /// Up to `count` final answers (100 Continue is skipped) within `wait`.
    std::vector<Answer> answers(std::size_t count, std::chrono::milliseconds wait = 5000ms) {
        std::vector<Answer> out;
        const auto deadline = std::chrono::steady_clock::now() + wait;
        while (out.size() < count) {
            if (auto a = take_answer(m_buffer)) {
                if (a->status != 100)
                    out.push_back(std::move(*a));
                continue;
            }
            if (!receive(deadline))
                break;
        }
        return out;
    }

    /// Whether the server closes the connection (with nothing more sent) within `wait`.
    bool closed(std::chrono::milliseconds wait = 3000ms) {
        const std::size_t before = m_buffer.size();
        while (receive(std::chrono::steady_clock::now() + wait)) {
        }
        return m_eof && m_buffer.size() == before;
    }

private:
    bool receive(std::chrono::steady_clock::time_point deadline) {
        if (m_eof)
            return false;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd p{m_fd, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0)
            return false;
        char chunk[65536];
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (n <= 0) {
            m_eof = true;
            return false;
        }
        m_buffer.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    int m_fd = -1;
    std::string m_buffer;
    bool m_eof = false;
};

const std::string host = "Host: x\r\n";
const std::string get_health = "GET /healthz HTTP/1.1\r\n" + host;
const std::string post_search =
    "POST /api/search HTTP/1.1\r\n" + host + "Content-Type: application/json\r\n";

/// The error code of a gate's answer.
std::string code_of(const Answer& a) {
    return json::parse(a.body)["error"]["code"];
}

} // namespace

TEST_CASE("hostile framing is refused with its status, and nothing after it is answered") {
    const struct {
        const char* what;
        std::string request;
        int status;
    } cases[] = {
        {"a space before a colon", get_health + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
         400},
        {"Transfer-Encoding and Content-Length",
         post_search + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", 400},
        {"a chunked body on a GET", get_health + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
         413},
        {"a chunked POST", post_search + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
         411},
        {"an unknown transfer coding", post_search + "Transfer-Encoding: gzip\r\n\r\n", 501},
        {"two Content-Lengths", post_search + "Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}",
         400},
        {"a Content-Length not a number", post_search + "Content-Length: 2x\r\n\r\n{}", 400},
        {"a body on a GET", get_health + "Content-Length: 35\r\n\r\n", 413},
        {"a POST without a length", post_search + "\r\n", 411},
        {"a POST body over 64 KB", post_search + "Content-Length: 65537\r\n\r\n", 413},
        {"a Content-Encoding",
         post_search + "Content-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}", 415},
        {"no Host", "GET /healthz HTTP/1.1\r\n\r\n", 400},
        {"a folded line", get_health + "X-A: 1\r\n 2\r\n\r\n", 400},
        {"lines ending in LF alone", "GET /healthz HTTP/1.1\nHost: x\n\n", 400},
        {"HTTP/2.0", "GET /healthz HTTP/2.0\r\n" + host + "\r\n", 505},
        {"%0A in the path", "GET /healthz%0AGET%20/forged HTTP/1.1\r\n" + host + "\r\n", 400},
        {"a NUL in the path", "GET /app.js%00.html HTTP/1.1\r\n" + host + "\r\n", 400},
        {"a request line over 8 KB",
         "GET /api/search?q=" + std::string(9000, 'a') + " HTTP/1.1\r\n" + host + "\r\n", 414},
        {"a header block over 16 KB", get_health + "X-Big: " + std::string(17000, 'b') + "\r\n\r\n",
         431},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        Raw raw(fixture().usual->port());
        // The next request follows in the same write: answering it would mean the gate read
        // the refused request's leftovers as a request.
        raw.send(c.request + get_health + "\r\n");
        const auto got = raw.answers(2, 3000ms);
        REQUIRE(got.size() == 1);
        CHECK(got[0].status == c.status);
        CHECK(got[0].headers.at("connection") == "close");
        CHECK_FALSE(code_of(got[0]).empty());
        CHECK(raw.closed());
    }
}

TEST_CASE("more than 100 header fields get 431 as the API page says") {
    std::string request = get_health;
    for (int i = 0; i < 100; ++i)
        request += "X-" + std::to_string(i) + ": 1\r\n";
    Raw raw(fixture().usual->port());
    raw.send(request + "\r\n");
    const auto got = raw.answers(1);
    REQUIRE(got.size() == 1);
    CHECK(got[0].status == 431);
    CHECK(code_of(got[0]) == "headers_too_large");
}

TEST_CASE("pipelined requests are all answered, in order") {
    for (const int count : {2, 100}) {
        INFO(count << " requests in one write");
        std::string requests;
        for (int i = 0; i < count; ++i)
            requests +=
                "GET /api/suggest?q=p" + std::to_string(i) + " HTTP/1.1\r\n" + host + "\r\n";
        Raw raw(fixture().usual->port());
        raw.send(requests);
        const auto got = raw.answers(static_cast<std::size_t>(count), 10000ms);
        REQUIRE(got.size() == static_cast<std::size_t>(count));
        for (std::size_t i = 0; i < got.size(); ++i) {
            const std::string query = json::parse(got[i].body)["query"];
            CHECK(got[i].status == 200);
            CHECK(query == std::string("p").append(std::to_string(i)));
        }
        CHECK_FALSE(raw.closed(200ms)); // kept alive for the next one
    }
}

TEST_CASE("a body within the limit reaches the server behind, and the connection goes on") {
    Raw raw(fixture().usual->port());
    raw.send(post_search + "Content-Length: 2\r\nExpect: 100-continue\r\n\r\n");
    raw.send("{}" + get_health + "\r\n");
    const auto got = raw.answers(2);
    REQUIRE(got.size() == 2);
    // Answered by the routes (which add their own headers), not refused by the gate.
    CHECK(got[0].headers.count("x-frame-options") == 1);
    CHECK(got[0].status != 411);
    CHECK(got[0].status != 413);
    CHECK(got[1].status == 200);
}

TEST_CASE("HTTP/1.0 and Connection: close end the connection after the answer") {
    for (const std::string& request :
         {std::string("GET /healthz HTTP/1.0\r\n\r\n"), get_health + "Connection: close\r\n\r\n"}) {
        Raw raw(fixture().usual->port());
        raw.send(request + get_health + "\r\n");
        const auto got = raw.answers(2, 2000ms);
        REQUIRE(got.size() == 1);
        CHECK(got[0].status == 200);
        CHECK(got[0].headers.at("connection") == "close");
        CHECK(raw.closed());
    }
}

TEST_CASE("a Range is ignored on API answers and at most one range is served of a file") {
    httplib::Client c("127.0.0.1", fixture().usual->port());
    const auto whole = c.Get("/api/search?q=VNPT");
    REQUIRE(whole);
    const json expected = json::parse(whole->body);
    std::string many = "bytes=0-";
    for (int i = 0; i < 300; ++i)
        many += ",0-";
    for (const std::string& range : {std::string("bytes=0-9"), many}) {
        auto r = c.Get("/api/search?q=VNPT", {{"Range", range}});
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK_FALSE(r->has_header("Content-Range"));
        CHECK(json::parse(r->body)["hits"] == expected["hits"]);
    }
    const auto file = c.Get("/app.js");
    REQUIRE(file);
    auto one = c.Get("/app.js", {{"Range", "bytes=0-9"}});
    REQUIRE(one);
    CHECK(one->status == 206);
    CHECK(one->body == file->body.substr(0, 10));
    auto all = c.Get("/app.js", {{"Range", many}});
    REQUIRE(all);
    CHECK(all->status == 200);
    CHECK(all->body == file->body);
}

TEST_CASE("a path cannot forge a log line nor be served under another file's type") {
    Raw forged(fixture().usual->port());
    forged.send("GET /x%0Aforged%20line HTTP/1.1\r\n" + host + "\r\n");
    REQUIRE(forged.answers(1).at(0).status == 400);
    httplib::Client c("127.0.0.1", fixture().usual->port());
    auto spaced = c.Get("/api/no%20such%5C");
    REQUIRE(spaced);
    CHECK(spaced->status == 404);
    auto js = c.Get("/app.js");
    REQUIRE(js);
    CHECK_THAT(js->get_header_value("Content-Type"), Catch::Contains("javascript"));
    bool logged = false;
    for (int i = 0; i < 100 && !logged; ++i) {
        logged = fixture().usual->log().find("GET /api/no\\x20such\\\\ 404") != std::string::npos;
        if (!logged)
            std::this_thread::sleep_for(20ms);
    }
    CHECK(logged);
    const std::string log = fixture().usual->log();
    CHECK(log.find("\nforged") == std::string::npos);
}

TEST_CASE("beyond the per-client and total caps a connection gets 503 and is closed") {
    // Caps as the strict server's, but deadlines long enough that no held connection is
    // closed for idling while a loaded machine opens the others.
    const ServerProcess capped(std::vector<fs::path>{fixture().dir / "db"},
                               std::vector<std::string>{"--request-timeout", "60", "--idle-timeout",
                                                        "60", "--max-connections", "24",
                                                        "--max-connections-per-client", "8"});
    const int port = capped.port();
    std::vector<std::unique_ptr<Raw>> held;
    for (int i = 0; i < 8; ++i)
        held.push_back(std::make_unique<Raw>(port, "127.0.0.2"));
    {
        Raw ninth(port, "127.0.0.2");
        ninth.send(get_health + "\r\n");
        const auto got = ninth.answers(1);
        REQUIRE(got.size() == 1);
        CHECK(got[0].status == 503);
        CHECK(got[0].headers.count("retry-after") == 1);
        CHECK(code_of(got[0]) == "too_many_connections");
        CHECK(ninth.closed());
    }
    {
        Raw other(port, "127.0.0.3"); // another address still gets in
        other.send(get_health + "\r\n");
        REQUIRE(other.answers(1).at(0).status == 200);
    }
    for (const char* source : {"127.0.0.3", "127.0.0.4"})
        for (int i = 0; i < 8; ++i)
            held.push_back(std::make_unique<Raw>(port, source));
    Raw over(port, "127.0.0.5"); // the 25th with --max-connections 24
    over.send(get_health + "\r\n");
    const auto got = over.answers(1);
    REQUIRE(got.size() == 1);
    CHECK(got[0].status == 503);
    held.clear();
    std::this_thread::sleep_for(200ms);
    Raw after(port, "127.0.0.5");
    after.send(get_health + "\r\n");
    CHECK(after.answers(1).at(0).status == 200);
}

TEST_CASE("a request not received whole within --request-timeout gets 408 and is closed") {
    Raw slow(fixture().strict->port());
    const std::string head = get_health + "X-Slow: " + std::string(30, 'a');
    std::size_t sent = 0;
    std::vector<Answer> got;
    // A byte every half second: the 2 s deadline cuts it off long before it is done.
    while (sent < head.size() && got.empty()) {
        if (!slow.send(head.substr(sent++, 1)))
            break;
        got = slow.answers(1, 500ms);
    }
    REQUIRE(got.size() == 1);
    CHECK(got[0].status == 408);
    CHECK(code_of(got[0]) == "request_timeout");
    CHECK(sent < head.size());
    CHECK(slow.closed());
}

TEST_CASE("an idle connection is closed after --idle-timeout") {
    Raw idle(fixture().strict->port());
    CHECK(idle.closed(6000ms));
}

TEST_CASE("with 16 or 200 connections sending headers a byte at a time, a normal client is "
          "answered within a second") {
    const int port = fixture().usual->port();
    for (const int count : {16, 200}) {
        INFO(count << " slow connections");
        std::vector<std::unique_ptr<Raw>> slow;
        // 50 a loopback address, under the per-client cap of 64.
        for (int i = 0; i < count; ++i) {
            const std::string source = "127.0.0." + std::to_string(2 + i / 50);
            slow.push_back(std::make_unique<Raw>(port, source.c_str()));
        }
        const std::string head = get_health + "X-Slow: " + std::string(100, 'a');
        std::atomic<bool> done{false};
        std::atomic<int> cut{0};
        std::thread dribble([&] {
            for (std::size_t at = 0; !done && at < head.size(); ++at) {
                for (auto& s : slow)
                    cut += s->send(head.substr(at, 1)) ? 0 : 1;
                std::this_thread::sleep_for(250ms);
            }
        });
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(5, 0);
        for (int i = 0; i < 6; ++i) {
            const auto start = std::chrono::steady_clock::now();
            const auto r = c.Get(("/api/search?q=VNPT&page=" + std::to_string(1 + i)).c_str());
            const auto took = std::chrono::steady_clock::now() - start;
            REQUIRE(r);
            CHECK(r->status == 200);
            CHECK(took < 1s);
            std::this_thread::sleep_for(200ms);
        }
        done = true;
        dribble.join();
        CHECK(cut == 0); // they were all still open: the server held them and answered
    }
}
