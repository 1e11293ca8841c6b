// vnsearch-server run as a real program on an ephemeral loopback port, over an index of
// the sample corpus (plus one hostile document), checked through HTTP.
#include "support.hpp"
#include "vnsearch/schema.hpp"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <fstream>
#include <httplib.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <set>
#include <sys/socket.h>
#include <sys/time.h>
#include <thread>
#include <unistd.h>

using namespace vnsearch::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// One index and one server for all the cases in this file.
struct Fixture : IndexedServer {
    Fixture() : IndexedServer({source_root() / "tests" / "data" / "fixtures"}) {}
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

/// Articles in the index: the sample corpus and the test fixtures.
std::size_t indexed_articles() {
    std::size_t n = 0;
    for (const char* dir : {"corpus/articles", "tests/data/fixtures"})
        for (const auto& e : fs::directory_iterator(source_root() / dir))
            n += e.path().extension() == ".txt";
    return n;
}

httplib::Client client() {
    httplib::Client c("127.0.0.1", fixture().server->port());
    c.set_read_timeout(30, 0);
    return c;
}

std::string encode(const std::string& s) {
    std::string out;
    const char* hex = "0123456789ABCDEF";
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

json get(const std::string& path, int expected_status = 200) {
    auto res = client().Get(path.c_str());
    REQUIRE(res);
    INFO(path << " -> " << res->status << " " << res->body);
    REQUIRE(res->status == expected_status);
    return json::parse(res->body);
}

json search(const std::string& query_string) {
    return get("/api/search?" + query_string);
}

json search_q(const std::string& q, const std::string& more = "") {
    return search("q=" + encode(q) + (more.empty() ? "" : "&" + more));
}

/// POSTs a JSON body to `path`; checks the status.
json post(const std::string& path, const json& body, int expected_status = 200) {
    auto res = client().Post(path.c_str(), body.dump(), "application/json");
    REQUIRE(res);
    INFO(path << " -> " << res->status << " " << res->body.substr(0, 500));
    REQUIRE(res->status == expected_status);
    return json::parse(res->body);
}

/// A connection of its own to the server, for requests written byte by byte.
class RawConnection {
public:
    RawConnection() : m_fd(::socket(AF_INET, SOCK_STREAM, 0)) {
        REQUIRE(m_fd >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(fixture().server->port()));
        ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
        REQUIRE(::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        timeval timeout{10, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    }
    ~RawConnection() { ::close(m_fd); }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    /// Sends `request`; false when the server has closed the connection.
    bool send(const std::string& request) {
        return ::send(m_fd, request.data(), request.size(), MSG_NOSIGNAL) ==
               static_cast<ssize_t>(request.size());
    }
    /// One whole answer (its length given or chunked); empty when the connection closes
    /// first. `closed` says whether it did.
    std::string answer() {
        std::string out;
        while (true) {
            const std::size_t end = out.find("\r\n\r\n");
            if (end != std::string::npos) {
                const std::string head = out.substr(0, end);
                if (head.find("Transfer-Encoding: chunked") != std::string::npos) {
                    if (out.find("\r\n0\r\n\r\n", end) != std::string::npos)
                        return out;
                } else {
                    const std::size_t at = head.find("Content-Length: ");
                    const std::size_t length =
                        at == std::string::npos ? 0 : std::stoul(head.substr(at + 16));
                    if (out.size() >= end + 4 + length)
                        return out;
                }
            }
            char buffer[4096];
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                closed = true;
                return n == 0 && out.empty() ? std::string() : out;
            }
            out.append(buffer, static_cast<std::size_t>(n));
        }
    }
    bool closed = false;
    int fd() const { return m_fd; }

private:
    int m_fd;
};

std::vector<std::string> ids(const json& r) {
    std::vector<std::string> out;
    for (const auto& h : r["hits"])
        out.push_back(h["id"]);
    return out;
}

std::size_t facet_count(const json& r, const std::string& facet, const std::string& value) {
    for (const auto& f : r["facets"][facet])
        if (f["value"] == value)
            return f["count"];
    return 0;
}

} // namespace

TEST_CASE(
    "a query without diacritics finds what the accented query finds, accented ranking first") {
    const json plain = search_q("chuyen doi so");
    const json accented = search_q("chuyển đổi số");
    CHECK(plain["total"] == accented["total"]);
    CHECK(plain["total"].get<int>() > 100);
    CHECK(plain["suggestion"] == "chuyển đổi số");
    CHECK(accented["suggestion"].is_null());
}

TEST_CASE("diacritics typed narrow the ranking: the exact word ranks above words that fold alike") {
    // "Kon Tum" typed exactly ranks the articles that go by Kon Tum first.
    const std::size_t kon_tum = labelled("former_province", "Kon Tum");
    REQUIRE(kon_tum >= 2);
    const json r = search_q("Kon Tum");
    REQUIRE(r["hits"].size() >= kon_tum);
    for (std::size_t i = 0; i < kon_tum; ++i) {
        INFO("hit " << i << ": " << r["hits"][i]["id"]);
        CHECK(r["hits"][i]["former_province"] == "Kon Tum");
    }
}

TEST_CASE("an accented word ranks the documents that write it so first, usual spelling or not") {
    // Three articles on Tà Xùa, alike but for "ban": bản (village, twice: the usual
    // spelling, stored as the folded term alone), bán (sell, three times with the title)
    // and ban (an unaccented article, five times). More of a spelling that only folds alike
    // must not outrank the spelling typed. (title:Xùa keeps the three apart from the corpus
    // without words side by side, which would rank on their own.)
    std::ifstream usual(source_root() / "data" / "usual_forms.txt");
    std::string line;
    bool ban_is_usual = false;
    while (std::getline(usual, line))
        ban_is_usual = ban_is_usual || line == "bản";
    REQUIRE(ban_is_usual);
    const json village = search_q("bản title:Xùa");
    CHECK(village["total"] == 3);
    REQUIRE(!village["hits"].empty());
    CHECK(village["hits"][0]["id"] == "accent-ban-village");
    const json sell = search_q("bán title:Xùa");
    REQUIRE(!sell["hits"].empty());
    CHECK(sell["hits"][0]["id"] == "accent-ban-sell");
    CHECK(search_q("ban title:xua")["total"] == 3);
}

TEST_CASE("old and new tone placement and NFD input are the same word") {
    CHECK(ids(search_q("Hoà Bình")) == ids(search_q("Hòa Bình")));
    CHECK(search_q("thoả thuận")["total"] == search_q("thỏa thuận")["total"]);
    const std::string nfd = "chuye\xCC\x82\xCC\x89n \xC4\x91o\xCC\x82\xCC\x89i so\xCC\x82\xCC\x81";
    CHECK(ids(search_q(nfd)) == ids(search_q("chuyển đổi số")));
}

TEST_CASE("a name typed in full ranks the article naming that person first") {
    const json r = search_q("Lê Văn Hùng");
    REQUIRE(!r["hits"].empty());
    CHECK(r["hits"][0]["id"] == "a021");
    // The other Văn Hùng comes after.
    const auto list = ids(r);
    const auto other = std::find(list.begin(), list.end(), "a048");
    CHECK(other != list.begin());
}

TEST_CASE("a multi-syllable word ranks the phrase above its syllables scattered") {
    const json r = search_q("hạ tầng số");
    REQUIRE(!r["hits"].empty());
    CHECK_THAT(r["hits"][0]["snippet"].get<std::string>(),
               Catch::Contains("<mark>hạ tầng số</mark>"));
}

TEST_CASE("spellings of a province or a carrier find the same articles") {
    const auto kontum = ids(search_q("Kontum"));
    CHECK(std::find(kontum.begin(), kontum.end(), "a062") != kontum.end());
    CHECK(std::find(kontum.begin(), kontum.end(), "a071") != kontum.end());
    const auto hcm = ids(search_q("Thành phố Hồ Chí Minh", "per_page=20"));
    CHECK(std::find(hcm.begin(), hcm.end(), "a113") != hcm.end()); // written "TP.HCM"
    const json longname = search_q("Tập đoàn Công nghiệp - Viễn thông Quân đội");
    const json shortname = search_q("Viettel");
    CHECK(longname["total"] == shortname["total"]);
    const auto lids = ids(search_q("Viettel", "per_page=100"));
    CHECK(std::find(lids.begin(), lids.end(), "a124") != lids.end()); // only the long name in it
}

TEST_CASE("an old province name is found under today's province") {
    const json r = search("province=" + encode("Quảng Trị") + "&per_page=50");
    const auto list = ids(r);
    CHECK(std::find(list.begin(), list.end(), "a038") !=
          list.end()); // a 2021 article on Quảng Bình
    CHECK(facet_count(r, "former_province", "Quảng Bình") >= 1);
}

TEST_CASE("a name filter takes every spelling the search box takes, codes included") {
    const json typed = search_q("TP.HCM", "per_page=100");
    const json canonical = search("province=" + encode("TP. Hồ Chí Minh") + "&per_page=1");
    for (const char* spelling : {"TP.HCM", "tp.hcm", "TPHCM", "Thành phố Hồ Chí Minh", "Sài Gòn"}) {
        INFO(spelling);
        const json by_parameter = search("province=" + encode(spelling) + "&per_page=1");
        CHECK(by_parameter["total"] == canonical["total"]);
        CHECK(by_parameter["query"]["province"] == json::array({"TP. Hồ Chí Minh"}));
        const json in_query = search_q(std::string("province:\"") + spelling + "\"", "per_page=1");
        CHECK(in_query["query"]["not_understood"].empty());
        CHECK(in_query["total"] == canonical["total"]);
    }
    CHECK(canonical["total"].get<int>() >= 3);
    CHECK(typed["total"].get<int>() >= 3);
    // An old name written as a code filters on the former province.
    const json brvt = search("province=BR-VT&per_page=10");
    CHECK(brvt["query"]["former_province"] == json::array({"Bà Rịa - Vũng Tàu"}));
    REQUIRE(!brvt["hits"].empty());
    for (const auto& h : brvt["hits"])
        CHECK(h["former_province"] == "Bà Rịa - Vũng Tàu");
    const auto brvt_ids = ids(brvt);
    CHECK(std::find(brvt_ids.begin(), brvt_ids.end(), "a095") != brvt_ids.end());
    CHECK(search("carrier=VNPT-IT&per_page=1")["query"]["carrier"] == json::array({"VNPT"}));
    CHECK(search_q("province:BR-VT")["query"]["not_understood"].empty());
}

TEST_CASE("power syntax: phrases, OR, NOT, exclusions and field filters") {
    CHECK(search_q("\"hạ tầng số\"")["total"].get<int>() <
          search_q("hạ tầng số")["total"].get<int>());
    const int viettel = search_q("carrier:Viettel")["total"];
    const int vnpt = search_q("carrier:VNPT")["total"];
    const int either = search_q("carrier:Viettel carrier:VNPT")["total"];
    CHECK(either <= viettel + vnpt);
    CHECK(either >= std::max(viettel, vnpt));
    const json ranged = search_q("year:2021..2022", "per_page=100");
    for (const auto& h : ranged["hits"])
        CHECK((h["year"] == 2021 || h["year"] == 2022));
    const int with = search_q("chuyển đổi số")["total"];
    const int without = search_q("chuyển đổi số -Viettel")["total"];
    CHECK(without < with);
    CHECK(search_q("Kontum OR Kon Tum")["total"].get<int>() >= 2);
    CHECK(search_q("chuyển đổi số NOT Viettel")["total"] == without);
    const json titled = search_q("title:Kontum");
    REQUIRE(titled["total"] == 1);
    CHECK(titled["hits"][0]["id"] == "a071");
    const json pillar = search_q("pillar:society", "per_page=100");
    for (const auto& h : pillar["hits"])
        CHECK(std::find(h["pillars"].begin(), h["pillars"].end(), "society") != h["pillars"].end());
}

TEST_CASE("each facet count equals the hits that filter gives alone") {
    const json all = get("/api/facets");
    for (const char* facet : {"province", "carrier", "year", "pillar", "former_province"}) {
        for (const auto& v : all["facets"][facet]) {
            const json r = search(std::string(facet) + "=" + encode(v["value"].get<std::string>()) +
                                  "&per_page=1");
            INFO(facet << "=" << v["value"]);
            CHECK(r["total"] == v["count"]);
        }
    }
}

TEST_CASE("multi-select counts: a second province adds its results and keeps the counts") {
    const json one = search("q=" + encode("chuyển đổi số") + "&province=" + encode("Gia Lai"));
    const json two = search("q=" + encode("chuyển đổi số") + "&province=" + encode("Gia Lai") +
                            "&province=" + encode("Đắk Lắk") + "&carrier=Viettel");
    const json viettel_only = search("q=" + encode("chuyển đổi số") + "&carrier=Viettel");
    const std::size_t a = facet_count(viettel_only, "province", "Gia Lai");
    const std::size_t b = facet_count(viettel_only, "province", "Đắk Lắk");
    CHECK(two["total"] == a + b);
    // The province facet ignores its own selection, so its counts do not change.
    CHECK(facet_count(two, "province", "Gia Lai") == a);
    CHECK(facet_count(two, "province", "Đắk Lắk") == b);
    // Other facets apply both provinces.
    std::size_t carrier_sum = 0;
    for (const auto& v : two["facets"]["carrier"])
        if (v["value"] == "Viettel")
            carrier_sum = v["count"];
    CHECK(carrier_sum == two["total"]);
    CHECK(one["total"].get<int>() >= 1);
}

TEST_CASE("pages cover the results with no overlap and no gap") {
    const json first = search_q("chuyển đổi số", "per_page=7");
    const int total = first["total"];
    std::set<std::string> seen;
    std::vector<std::string> by7, by100;
    std::vector<double> scores;
    for (int page = 1; (page - 1) * 7 < total; ++page) {
        const json r = search_q("chuyển đổi số", "per_page=7&page=" + std::to_string(page));
        for (const auto& h : r["hits"]) {
            CHECK(seen.insert(h["id"].get<std::string>()).second);
            by7.push_back(h["id"]);
            scores.push_back(h["score"]);
        }
    }
    CHECK(static_cast<int>(by7.size()) == total);
    // The same order whatever the page size: the boosts re-rank the best matches the same
    // way however far a request reads, and the weights never rise down the list.
    for (int page = 1; (page - 1) * 100 < total; ++page)
        for (const auto& id :
             ids(search_q("chuyển đổi số", "per_page=100&page=" + std::to_string(page))))
            by100.push_back(id);
    CHECK(by7 == by100);
    CHECK(std::is_sorted(scores.rbegin(), scores.rend()));
    CHECK(search_q("chuyển đổi số", "per_page=7&page=999")["hits"].empty());
}

TEST_CASE("sorting by date orders the hits by date") {
    for (const char* sort : {"date_desc", "date_asc"}) {
        const json r = search(std::string("sort=") + sort + "&per_page=100");
        std::string prev;
        for (const auto& h : r["hits"]) {
            const std::string d = h["published"].is_null() ? "" : h["published"].get<std::string>();
            if (!prev.empty() && !d.empty())
                CHECK((std::string(sort) == "date_desc" ? d <= prev : d >= prev));
            if (!d.empty())
                prev = d;
        }
    }
}

TEST_CASE("near-duplicate articles collapse into one hit with a count of copies") {
    const json r = search("per_page=100");
    bool found = false;
    for (const auto& h : r["hits"])
        if (h["id"] == "a029") {
            found = true;
            CHECK(h["copies"] == 2);
            CHECK(h["duplicates"] == json::array({"a030"}));
        }
    CHECK(found);
    CHECK(r["total"] == indexed_articles() - 5);
}

TEST_CASE("export gives every matching record: CSV with a BOM and a header, JSON Lines") {
    const std::string filter = "q=" + encode("chuyển đổi số") + "&carrier=VNPT";
    const int total = search(filter)["total"];
    auto csv = client().Get(("/api/export?" + filter + "&format=csv").c_str());
    REQUIRE(csv);
    REQUIRE(csv->status == 200);
    CHECK(csv->body.rfind("\xEF\xBB\xBFid,title,published,signed,year,kind,province", 0) == 0);
    CHECK(csv->get_header_value("Content-Disposition").find("attachment") != std::string::npos);
    // Rows end in CRLF; titles are quoted when they hold commas, never line breaks.
    std::size_t rows = 0;
    for (std::size_t p = 0; (p = csv->body.find("\r\n", p)) != std::string::npos; p += 2)
        ++rows;
    CHECK(rows == static_cast<std::size_t>(total) + 1);
    auto jsonl = client().Get(("/api/export?" + filter + "&format=jsonl").c_str());
    REQUIRE(jsonl);
    CHECK(std::count(jsonl->body.begin(), jsonl->body.end(), '\n') == total);
}

TEST_CASE("a document's text comes back escaped in snippets") {
    const json r = search_q("thẻ kiểm tra");
    REQUIRE(!r["hits"].empty());
    const std::string snippet = r["hits"][0]["snippet"];
    CHECK(snippet.find("<script") == std::string::npos);
    CHECK(snippet.find("<img") == std::string::npos);
    CHECK(snippet.find("&lt;script&gt;") != std::string::npos);
    const json doc = get("/api/documents/xss-probe");
    CHECK(doc["text"].get<std::string>().find("<script>") !=
          std::string::npos); // raw, for textContent
}

TEST_CASE("documents, facets, suggestions and stats answer as documented") {
    const json doc = get("/api/documents/a001");
    CHECK(doc["province"] == "Tuyên Quang");
    CHECK(!doc["text"].get<std::string>().empty());
    get("/api/documents/nope", 404);
    const json s = get("/api/suggest?q=" + encode("chuyen d"));
    bool found = false;
    for (const auto& x : s["suggestions"])
        found = found || x["text"] == "chuyển đổi số";
    CHECK(found);
    const json t = get("/api/suggest?q=" + encode("thai ng"));
    REQUIRE(!t["suggestions"].empty());
    CHECK(t["suggestions"][0]["text"] == "Thái Nguyên");
    const json stats = get("/api/stats");
    CHECK(stats["documents"] == indexed_articles());
    CHECK(stats["revision"].is_number_unsigned());
    CHECK(stats["revision"].get<std::uint64_t>() >= 1);
    // The search page takes its carriers and pillars from here (server/web/state.js).
    CHECK(stats["carriers"] == json::array({"VNPT", "Viettel", "MobiFone", "FPT", "CMC"}));
    CHECK(stats["pillars"] == json::array({"infrastructure", "government", "economy", "society"}));
    CHECK(get("/healthz")["status"] == "ok");
    auto openapi = client().Get("/api/openapi.json");
    REQUIRE(openapi);
    CHECK(openapi->status == 200);
    CHECK(json::parse(openapi->body).contains("paths"));
}

TEST_CASE("bad requests get JSON errors with the right status and never a stack trace") {
    const json page = get("/api/search?page=0", 400);
    CHECK(page["error"]["code"] == "bad_parameter");
    CHECK_THAT(page["error"]["message"].get<std::string>(), Catch::Contains("page"));
    CHECK_THAT(get("/api/search?per_page=1000", 400)["error"]["message"].get<std::string>(),
               Catch::Contains("per_page"));
    CHECK_THAT(get("/api/search?sort=random", 400)["error"]["message"].get<std::string>(),
               Catch::Contains("sort"));
    CHECK_THAT(get("/api/search?province=Atlantis", 400)["error"]["message"].get<std::string>(),
               Catch::Contains("province"));
    CHECK_THAT(get("/api/search?provice=Hu%E1%BA%BF", 400)["error"]["message"].get<std::string>(),
               Catch::Contains("provice"));
    CHECK(get("/api/nothing-here", 404)["error"]["code"] == "not_found");

    auto post = client().Post("/api/facets", "{}", "application/json");
    REQUIRE(post);
    CHECK(post->status == 405);
    CHECK(post->get_header_value("Allow") == "GET, HEAD");
    CHECK(json::parse(post->body)["error"]["code"] == "method_not_allowed");
    auto put = client().Put("/api/search", "{}", "application/json");
    REQUIRE(put);
    CHECK(put->status == 405);
    CHECK(put->get_header_value("Allow") == "GET, HEAD, POST");

    httplib::Headers gz{{"Content-Encoding", "gzip"}};
    auto encoded = client().Get("/api/search", gz);
    REQUIRE(encoded);
    CHECK(encoded->status == 415);

    httplib::Headers body{{"Content-Length", "5"}};
    auto with_body = client().Get("/api/search", body);
    REQUIRE(with_body);
    CHECK(with_body->status == 413);

    auto long_uri = client().Get(("/api/search?q=" + std::string(20000, 'a')).c_str());
    REQUIRE(long_uri);
    CHECK(long_uri->status == 414);

    httplib::Headers big{{"X-Big", std::string(20000, 'b')}};
    auto big_header = client().Get("/api/search", big);
    CHECK((!big_header || big_header->status == 431 || big_header->status == 400));
    // The server is still there.
    CHECK(get("/healthz")["status"] == "ok");
}

TEST_CASE("the server binds to the loopback address by default") {
    httplib::Client c("127.0.0.1", fixture().server->port());
    auto r = c.Get("/healthz");
    REQUIRE(r);
    CHECK(r->status == 200);
    // The log line is written once the answer has gone out: give it a moment.
    bool logged = false;
    for (int i = 0; i < 100 && !logged; ++i) {
        logged = fixture().server->log().find("GET /healthz 200") != std::string::npos;
        if (!logged)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(logged);
}

TEST_CASE("a bad server command line fails with a message naming the option") {
    const std::string db = (fixture().dir / "db").string();
    for (const char* option : {"--postings-mb", "--threads", "--port"}) {
        INFO(option);
        const RunResult r = run({server_path(), "--db", db, option, "0x"});
        CHECK(r.exit_code != 0);
        CHECK_THAT(r.err + r.out, Catch::Contains(option));
    }
    const RunResult too_little = run({server_path(), "--db", db, "--postings-mb", "1"});
    CHECK(too_little.exit_code != 0);
    CHECK_THAT(too_little.err + too_little.out, Catch::Contains("--postings-mb"));
}

TEST_CASE("a newly committed index is picked up without a restart") {
    TempDir dir;
    const fs::path db = dir / "db";
    write_file(dir / "in" / "one.txt",
               "date 2024-01-01\nGia Lai và VNPT ký kết\nNội dung về chuyển đổi số.\n");
    REQUIRE(
        run({indexer_path(), "--quiet", "--db", db.string(), (dir / "in").string()}).exit_code ==
        0);
    ServerProcess server({db});
    httplib::Client c("127.0.0.1", server.port());
    auto before = json::parse(c.Get("/api/stats")->body);
    CHECK(before["documents"] == 1);
    // Asked twice before the update: the second answer comes from the answer cache, which
    // must not outlive the revision it was made from.
    const std::string both = "/api/search?q=" + encode("ký kết");
    CHECK(json::parse(c.Get(both.c_str())->body)["total"] == 1);
    CHECK(json::parse(c.Get(both.c_str())->body)["total"] == 1);
    write_file(dir / "in" / "two.txt",
               "date 2024-01-02\nĐắk Lắk và Viettel ký kết\nNội dung về hạ tầng số.\n");
    REQUIRE(
        run({indexer_path(), "--quiet", "--db", db.string(), (dir / "in").string()}).exit_code ==
        0);
    json after;
    for (int i = 0; i < 50; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        after = json::parse(c.Get("/api/stats")->body);
        if (after["documents"] == 2)
            break;
    }
    CHECK(after["documents"] == 2);
    CHECK(json::parse(c.Get("/api/search?q=Viettel")->body)["total"] == 1);
    CHECK(json::parse(c.Get(both.c_str())->body)["total"] == 2);
}

TEST_CASE("a huge article is searchable in its first part and shown whole") {
    // Past max_indexed_text_bytes an article is kept, not analysed: a word only after the
    // limit finds nothing, the opening finds the article, and the document view gives the
    // whole text (held apart from the data a hit reads).
    TempDir dir;
    std::string text = "date 2024-03-14\nQuảng Trị và VNPT ký kết hợp tác chuyển đổi số\n";
    const std::string filler = "Hai bên phối hợp xây dựng hạ tầng số cho người dân trong tỉnh.\n";
    while (text.size() < vnsearch::schema::max_indexed_text_bytes + (64u << 10))
        text += filler;
    text += "Cuối bài có một từ hiếm: zyxwvutsrq.\n";
    write_file(dir / "in" / "huge.txt", text);
    const RunResult indexed =
        run({indexer_path(), "--db", (dir / "db").string(), (dir / "in").string()});
    REQUIRE(indexed.exit_code == 0);
    CHECK_THAT(indexed.err, Catch::Contains("huge.txt") && Catch::Contains("searchable"));
    ServerProcess server({dir / "db"});
    httplib::Client c("127.0.0.1", server.port());
    auto total = [&](const std::string& q) {
        const auto r = c.Get(("/api/search?q=" + q).c_str());
        REQUIRE(r);
        return json::parse(r->body)["total"].get<int>();
    };
    CHECK(total("quang+tri+vnpt") == 1);
    CHECK(total("zyxwvutsrq") == 0);
    const auto doc = c.Get("/api/documents/huge");
    REQUIRE(doc);
    REQUIRE(doc->status == 200);
    const std::string whole = json::parse(doc->body)["text"];
    CHECK(whole.size() + std::string("date 2024-03-14\n").size() == text.size());
    CHECK_THAT(whole, Catch::EndsWith("zyxwvutsrq.\n"));
}

TEST_CASE("an id holding a slash is fetched, and a cell a spreadsheet would run is text") {
    TempDir dir;
    const json article = {{"id", "vnexpress/2024/ky-ket"},
                          {"title", "=HYPERLINK(\"http://x\",\"Gia Lai\")"},
                          {"url", "@SUM(1+1)"},
                          {"text", "Gia Lai và VNPT ký kết thỏa thuận hợp tác chuyển đổi số."}};
    write_file(dir / "in" / "crawl.jsonl", article.dump() + "\n");
    REQUIRE(run({indexer_path(), "--quiet", "--db", (dir / "db").string(), (dir / "in").string()})
                .exit_code == 0);
    ServerProcess server({dir / "db"});
    httplib::Client c("127.0.0.1", server.port());
    const auto doc = c.Get("/api/documents/vnexpress%2F2024%2Fky-ket");
    REQUIRE(doc);
    CHECK(doc->status == 200);
    CHECK(json::parse(doc->body)["id"] == "vnexpress/2024/ky-ket");
    CHECK(c.Get("/api/documents/vnexpress%2F2024")->status == 404);

    const auto csv = c.Get("/api/export?q=VNPT&format=csv");
    REQUIRE(csv);
    REQUIRE(csv->status == 200);
    const std::string row = csv->body.substr(csv->body.find("\r\n") + 2);
    CHECK_THAT(row, Catch::StartsWith("vnexpress/2024/ky-ket,\"'=HYPERLINK(\"\"http://x\"\","));
    CHECK_THAT(row, Catch::EndsWith(",'@SUM(1+1)\r\n"));
    CHECK(row.find(",=") == std::string::npos);
    CHECK(row.find(",@") == std::string::npos);
}

// ------------------------------------------------------------------ no dead ends

namespace {

/// The first hit's id, with the whole answer in the message when there is none.
std::string top(const json& r) {
    INFO(r.dump().substr(0, 2000));
    REQUIRE(!r["hits"].empty());
    return r["hits"][0]["id"];
}

bool lacks(const json& hit, const std::string& clause) {
    for (const auto& m : hit["missing"])
        if (m == clause)
            return true;
    return false;
}

/// A researcher's boolean query of more than a kilobyte: the province in two spellings,
/// MobiFone by both its names, and thirty-odd topics OR'ed.
std::string long_boolean_query() {
    const std::vector<std::string> topics = {"chuyển đổi số",
                                             "hạ tầng số",
                                             "chính quyền số",
                                             "kinh tế số",
                                             "xã hội số",
                                             "công dân số",
                                             "dịch vụ công trực tuyến",
                                             "trung tâm điều hành thông minh",
                                             "điện toán đám mây",
                                             "trung tâm dữ liệu",
                                             "an toàn thông tin",
                                             "thanh toán không dùng tiền mặt",
                                             "thương mại điện tử",
                                             "kỹ năng số",
                                             "giáo dục thông minh",
                                             "y tế số",
                                             "du lịch thông minh",
                                             "nông nghiệp thông minh",
                                             "đô thị thông minh",
                                             "cáp quang",
                                             "phủ sóng 5G",
                                             "trí tuệ nhân tạo",
                                             "chữ ký số",
                                             "hóa đơn điện tử",
                                             "cơ sở dữ liệu",
                                             "nền tảng số",
                                             "ứng dụng công nghệ thông tin",
                                             "hạ tầng viễn thông",
                                             "chính phủ số",
                                             "chính quyền điện tử",
                                             "bệnh án điện tử",
                                             "học bạ điện tử",
                                             "camera giám sát",
                                             "giám sát an ninh mạng"};
    std::string q = "(Kontum OR \"Kon Tum\") (MobiFone OR \"Tổng công ty Viễn thông MobiFone\") (";
    for (std::size_t i = 0; i < topics.size(); ++i)
        q += (i ? " OR \"" : "\"") + topics[i] + "\"";
    return q + ") -\"xổ số\" -\"cá cược\"";
}

} // namespace

TEST_CASE("a query naming one carrier more than the article finds the article, saying what "
          "it lacks") {
    const json r = search_q("Kon Tum MobiFone VNPT");
    CHECK(r["relaxed"] == true);
    CHECK(r["strict_total"] == 0);
    CHECK(top(r) == "a071");
    CHECK(r["hits"][0]["missing"] == json::array({"VNPT"}));
    // Exact totals and counts for what is shown.
    const json all = search_q("Kon Tum MobiFone VNPT", "per_page=100");
    CHECK(all["total"] == all["hits"].size());
    for (const auto& f : all["facets"]["carrier"]) {
        std::size_t holding = 0;
        for (const auto& h : all["hits"])
            for (const auto& c : h["carriers"])
                holding += c == f["value"];
        CHECK(f["count"] == holding);
    }
}

TEST_CASE("a query with a second year, or wording the article does not use, finds it") {
    const json years = search_q("Kontum MobiFone 2022 2023");
    CHECK(years["relaxed"] == true);
    CHECK(top(years) == "a071");
    CHECK(years["hits"][0]["missing"] == json::array({"2023"}));
    // Cao Bằng and MobiFone agreements say "Trung tâm điều hành thông minh" otherwise (IOC):
    // they come first, each lacking those words.
    const json wording = search_q("Cao Bằng MobiFone trung tâm điều hành thông minh");
    const auto first_two = ids(wording);
    REQUIRE(first_two.size() >= 2);
    CHECK(std::find(first_two.begin(), first_two.begin() + 2, "a036") != first_two.begin() + 2);
    for (int i = 0; i < 2; ++i) {
        const json& hit = wording["hits"][i];
        CHECK(hit["province"] == "Cao Bằng");
        CHECK(std::find(hit["carriers"].begin(), hit["carriers"].end(), "MobiFone") !=
              hit["carriers"].end());
        CHECK(lacks(hit, "trung tâm điều hành"));
    }
    // A province a result lacks weighs more than a carrier: the Bắc Ninh-Viettel agreement
    // lacking VNPT ranks before any result lacking Bắc Ninh.
    const json carriers = search_q("Bắc Ninh hợp tác chuyển đổi số Viettel VNPT", "per_page=20");
    const auto list = ids(carriers);
    const auto bac_ninh_viettel = std::find(list.begin(), list.end(), "a068");
    REQUIRE(bac_ninh_viettel != list.end());
    for (auto it = list.begin(); it != bac_ninh_viettel; ++it)
        CHECK_FALSE(lacks(carriers["hits"][it - list.begin()], "Bắc Ninh"));
}

TEST_CASE("a query written as a sentence finds the agreement it describes") {
    const json r = search_q(
        "Tổng công ty Viễn thông MobiFone ký kết thỏa thuận hợp tác với UBND tỉnh Kon Tum");
    CHECK(r["relaxed"] == true);
    CHECK(top(r) == "a071");
    for (const auto& h : r["hits"])
        for (const char* stop : {"với", "và"})
            CHECK_FALSE(lacks(h, stop));
}

TEST_CASE("results holding every word come first, phrases and +words stay required") {
    const json r = search_q("Bắc Ninh hợp tác chuyển đổi số Viettel VNPT", "per_page=20");
    REQUIRE(r["strict_total"].get<int>() >= 1);
    for (std::size_t i = 0; i < r["hits"].size(); ++i)
        CHECK(r["hits"][i]["missing"].empty() == (i < r["strict_total"].get<std::size_t>()));
    for (const auto& h : search_q("+VNPT Kon Tum MobiFone")["hits"])
        CHECK_FALSE(lacks(h, "VNPT"));
    CHECK(search_q("\"Kon Tum\" MobiFone VNPT", "relax=never")["total"] == 0);
    const json never = search_q("Kon Tum MobiFone VNPT", "relax=never");
    CHECK(never["total"] == 0);
    CHECK(never["relaxed"] == false);
    CHECK(never["query"]["relax"] == "never");
    CHECK(get("/api/search?relax=sometimes", 400)["error"]["message"].get<std::string>().find(
              "relax") != std::string::npos);
}

TEST_CASE("a relaxed answer keeps its counts under relax=always, filter by filter") {
    // The page's statistics ask one carrier at a time with the mode of the list they go with.
    const std::string q = "Kon Tum MobiFone VNPT";
    const json all = search_q(q, "relax=always&per_page=1");
    REQUIRE(all["relaxed"] == true);
    for (const auto& f : all["facets"]["carrier"]) {
        INFO(f["value"]);
        const json one =
            search_q(q, "relax=always&per_page=1&carrier=" + encode(f["value"].get<std::string>()));
        CHECK(one["total"] == f["count"]);
    }
}

TEST_CASE("a mistyped carrier is corrected and searched, with a way to search as typed") {
    const json r = search_q("VNTP Gia Lai");
    REQUIRE(r["corrected"].is_object());
    CHECK(r["corrected"]["from"] == "VNTP Gia Lai");
    CHECK(r["corrected"]["to"] == "VNPT Gia Lai");
    CHECK(r["corrected"]["words"] == json::array({{{"from", "VNTP"}, {"to", "VNPT"}}}));
    CHECK(top(r) == "a105");
    const json typed = search_q("VNTP Gia Lai", "exact=1");
    CHECK(typed["corrected"].is_null());
    CHECK(typed["query"]["exact"] == true);
    for (const auto& h : typed["hits"])
        CHECK(lacks(h, "VNTP"));
    CHECK(get("/api/search?exact=maybe", 400)["error"]["message"].get<std::string>().find(
              "exact") != std::string::npos);
}

TEST_CASE("a mistyped name, a province without its marks and keyboard slips find the article") {
    const json viettel = search_q("Viettle Dak Lak");
    CHECK(viettel["corrected"]["to"] == "Viettel Dak Lak");
    CHECK(top(viettel) == "a107");
    // Did you mean writes the names as they are written.
    CHECK(viettel["suggestion"] == "Viettel Đắk Lắk");
    CHECK(search_q("dak lak")["suggestion"] == "Đắk Lắk");
    CHECK(search_q("Đắc Lắc VNPT")["suggestion"] == "Đắk Lắk VNPT");
    CHECK(top(search_q("Gia Lia VNPT")) == "a105");
    for (const char* typed : {"chuyeenr ddooir soos Kontum", "chuye6n3 d9o6i3 so61 Kontum"}) {
        INFO(typed);
        const json r = search_q(typed);
        CHECK(r["corrected"]["to"] == "chuyển đổi số Kontum");
        CHECK(top(r) == "a071");
    }
    // What is found as typed is searched as typed.
    CHECK(search_q("Viettel Đắk Lắk")["corrected"].is_null());
}

TEST_CASE("POST takes the same fields as GET in a JSON body, and queries of kilobytes") {
    const json by_get = search("q=" + encode("chuyển đổi số") + "&province=" + encode("Gia Lai") +
                               "&province=" + encode("Đắk Lắk") + "&per_page=5&page=2");
    const json by_post = post("/api/search", {{"q", "chuyển đổi số"},
                                              {"province", {"Gia Lai", "Đắk Lắk"}},
                                              {"per_page", 5},
                                              {"page", "2"}});
    CHECK(ids(by_post) == ids(by_get));
    CHECK(by_post["total"] == by_get["total"]);
    CHECK(by_post["facets"] == by_get["facets"]);

    const std::string q = long_boolean_query();
    REQUIRE(q.size() > 1000);
    const json r = post("/api/search", {{"q", q}});
    CHECK(top(r) == "a071");
    CHECK(r["query"]["q"] == q);
    // The same query is too long for a GET's q, which says how to send it.
    const json refused = get("/api/search?q=" + encode(q), 400);
    CHECK_THAT(refused["error"]["message"].get<std::string>(), Catch::Contains("POST"));

    // Export by POST gives every result of the same search.
    const json counted = post("/api/search", {{"q", q}, {"per_page", 1}});
    auto exported = client().Post("/api/export", json{{"q", q}, {"format", "jsonl"}}.dump(),
                                  "application/json");
    REQUIRE(exported);
    CHECK(exported->status == 200);
    CHECK(std::count(exported->body.begin(), exported->body.end(), '\n') == counted["total"]);
}

TEST_CASE("POST bodies are refused before they are read when they cannot be taken") {
    // Fields it does not know, of the wrong type, or in the URL; a body that is not JSON.
    CHECK_THAT(post("/api/search", {{"qq", "x"}}, 400)["error"]["message"].get<std::string>(),
               Catch::Contains("qq"));
    post("/api/search", {{"q", {{"nested", 1}}}}, 400);
    post("/api/search", {{"province", {{"Gia Lai"}}}}, 400);
    post("/api/search", {{"per_page", 1000}}, 400);
    auto in_url = client().Post("/api/search?q=x", "{}", "application/json");
    REQUIRE(in_url);
    CHECK(in_url->status == 400);
    auto not_json = client().Post("/api/search", "q=x", "application/json");
    REQUIRE(not_json);
    CHECK(not_json->status == 400);
    auto form = client().Post("/api/search", "q=x", "application/x-www-form-urlencoded");
    REQUIRE(form);
    CHECK(form->status == 415);
    // q up to 16 KB; the body up to 64 KB.
    post("/api/search", {{"q", std::string(16 * 1024 + 1, 'a')}}, 400);
    CHECK(post("/api/search", {{"q", std::string(16 * 1024, 'a')}})["total"] == 0);

    // Declared larger than 64 KB, chunked, without a length, encoded, or not JSON: answered
    // from the headers alone (no body is sent), then the connection is closed: a request
    // sent after the answer gets none.
    const std::string post_head = "POST /api/search HTTP/1.1\r\nHost: x\r\n";
    const std::string json_type = "Content-Type: application/json\r\n";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {json_type + "Content-Length: 65537\r\n", "413"},
        {json_type + "Transfer-Encoding: chunked\r\n", "411"},
        {json_type, "411"},
        {json_type + "Content-Length: 10\r\nContent-Encoding: gzip\r\n", "415"},
        {"Content-Type: text/plain\r\nContent-Length: 10\r\n", "415"},
        // Told before the body is sent, not after a 100 Continue.
        {json_type + "Content-Length: 65537\r\nExpect: 100-continue\r\n", "413"},
    };
    const std::string health = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    for (const auto& [headers, status] : cases) {
        INFO(headers);
        RawConnection c;
        REQUIRE(c.send(post_head + headers + "\r\n"));
        const std::string answer = c.answer();
        CHECK(answer.rfind("HTTP/1.1 " + status, 0) == 0);
        CHECK(answer.find("\"error\"") != std::string::npos);
        CHECK(answer.find("Connection: close") != std::string::npos);
        c.send(health);
        CHECK(c.answer().empty());
        CHECK(c.closed);
    }
    // A body that can be taken is asked for (100 Continue), then answered.
    {
        RawConnection c;
        const std::string body = R"({"q": "Kontum", "per_page": 1})";
        REQUIRE(c.send(post_head + json_type + "Content-Length: " + std::to_string(body.size()) +
                       "\r\nExpect: 100-continue\r\n\r\n"));
        char buffer[64] = {};
        CHECK(std::string(buffer, static_cast<std::size_t>(::recv(c.fd(), buffer, 25, 0)))
                  .rfind("HTTP/1.1 100 Continue", 0) == 0);
        REQUIRE(c.send(body));
        const std::string answer = c.answer();
        CHECK(answer.find("HTTP/1.1 200") != std::string::npos);
        CHECK(answer.find("\"a071\"") != std::string::npos);
    }
    // An answered request keeps its connection: the next one is answered too.
    RawConnection kept;
    REQUIRE(kept.send(health));
    CHECK(kept.answer().rfind("HTTP/1.1 200", 0) == 0);
    REQUIRE(kept.send(health));
    CHECK(kept.answer().rfind("HTTP/1.1 200", 0) == 0);
    CHECK_FALSE(kept.closed);
    // A body of 64 KB exactly is read and answered, the connection kept.
    std::string body = json{{"q", "Kontum"}, {"per_page", 1}}.dump();
    body.insert(body.size() - 1, std::string(64 * 1024 - body.size(), ' '));
    REQUIRE(body.size() == 64 * 1024);
    auto big = client().Post("/api/search", body, "application/json");
    REQUIRE(big);
    CHECK(big->status == 200);
    // The server is still there.
    CHECK(get("/healthz")["status"] == "ok");
}
