// The research views (/api/timeline, /api/compare, /api/terms, /api/agreements, /api/feed)
// through the real server, over the sample corpus and dated fixtures around a new year.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <httplib.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

using namespace vnsearch::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Fixture {
    TempDir dir;
    std::unique_ptr<ServerProcess> server;
    Fixture() {
        const RunResult r = run({indexer_path(), "--quiet", "--db", (dir / "db").string(),
                                 (source_root() / "corpus" / "articles").string(),
                                 (source_root() / "tests" / "data" / "views").string()});
        if (r.exit_code != 0)
            throw std::runtime_error("indexing failed: " + r.err);
        server = std::make_unique<ServerProcess>(std::vector<fs::path>{dir / "db"});
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

std::string encode(const std::string& s) {
    std::string out;
    const char* hex = "0123456789ABCDEF";
    for (const unsigned char c : s)
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
            out.push_back(static_cast<char>(c));
        else
            out += {'%', hex[c >> 4], hex[c & 15]};
    return out;
}

httplib::Result fetch(const std::string& path) {
    httplib::Client c("127.0.0.1", fixture().server->port());
    c.set_read_timeout(30, 0);
    return c.Get(path.c_str());
}

json get(const std::string& path, int expected_status = 200) {
    auto res = fetch(path);
    REQUIRE(res);
    INFO(path << " -> " << res->status << " " << res->body.substr(0, 600));
    REQUIRE(res->status == expected_status);
    return json::parse(res->body);
}

/// The rows of a TSV file with a header, as maps from column to cell.
std::vector<std::map<std::string, std::string>> read_tsv(const fs::path& file) {
    std::istringstream in(read_file(file));
    auto cells = [](const std::string& row) {
        std::vector<std::string> out;
        std::istringstream fields(row);
        std::string f;
        while (std::getline(fields, f, '\t'))
            out.push_back(f);
        return out;
    };
    std::string line;
    std::getline(in, line);
    const auto header = cells(line);
    std::vector<std::map<std::string, std::string>> rows;
    while (std::getline(in, line)) {
        const auto row = cells(line);
        auto& m = rows.emplace_back();
        for (std::size_t i = 0; i < header.size(); ++i)
            m[header[i]] = i < row.size() ? row[i] : "";
    }
    return rows;
}

/// The fixtures' dated articles (tests/data/views/dated.jsonl).
std::vector<json> dated_fixtures() {
    std::vector<json> out;
    std::istringstream in(read_file(source_root() / "tests" / "data" / "views" / "dated.jsonl"));
    std::string line;
    while (std::getline(in, line))
        out.push_back(json::parse(line));
    return out;
}

std::chrono::sys_days day_of(const std::string& iso) {
    using namespace std::chrono;
    return sys_days(year_month_day(year(std::stoi(iso.substr(0, 4))),
                                   month(static_cast<unsigned>(std::stoi(iso.substr(5, 2)))),
                                   day(static_cast<unsigned>(std::stoi(iso.substr(8, 2))))));
}

/// What every timeline must satisfy whatever the search; `own_range` when its buckets are
/// its own (a comparison's run over every series' range).
void check_timeline(const json& t, std::size_t search_total, bool own_range = true) {
    std::size_t sum = t["undated"].get<std::size_t>();
    for (const auto& b : t["buckets"]) {
        sum += b["count"].get<std::size_t>();
        const double total = b["total"], count = b["count"];
        CHECK(b["share"].get<double>() == Approx(total == 0 ? 0.0 : count / total));
        CHECK(count <= total);
    }
    CHECK(sum == search_total);
    CHECK(t["total"] == search_total);
    if (own_range && !t["buckets"].empty()) {
        CHECK(t["buckets"].front()["count"] > 0);
        CHECK(t["buckets"].back()["count"] > 0);
    }
}

} // namespace

TEST_CASE("timeline counts and undated results add up to the search's total", "[views]") {
    for (const std::string& query : std::vector<std::string>{
             "q=" + encode("chuyển đổi số"), "q=viettel&province=" + encode("Gia Lai"),
             "carrier=VNPT&year_from=2020", "q=" + encode("giao thừa"),
             "q=" + encode("VNPT Gia Lai")})
        for (const char* interval : {"day", "week", "month", "year"})
            for (const char* normalize : {"filters", "all"}) {
                INFO(query << " " << interval << " " << normalize);
                const json s = get("/api/search?" + query);
                const json t = get("/api/timeline?" + query + "&interval=" + interval +
                                   "&normalize=" + normalize);
                CHECK(t["interval"] == interval);
                CHECK(t["normalize"] == normalize);
                check_timeline(t, s["total"]);
            }
}

TEST_CASE("month and week buckets run across a new year without gaps, weeks from Monday",
          "[views]") {
    // The fixtures that say "giao thừa", dated as the index read them (a date the reader
    // does not take is none).
    std::vector<std::string> dates;
    std::size_t none = 0;
    for (const json& a : dated_fixtures()) {
        if (a["text"].get<std::string>().find("giao thừa") == std::string::npos)
            continue;
        const json doc = get("/api/documents/" + a["id"].get<std::string>());
        if (doc["published"].is_null())
            ++none;
        else
            dates.push_back(doc["published"]);
    }
    std::sort(dates.begin(), dates.end());
    const std::string q = "/api/timeline?q=" + encode("\"giao thừa\"");
    const json month = get(q + "&interval=month");
    REQUIRE(month["total"] == dates.size() + none);
    REQUIRE(dates.size() >= 4);
    CHECK(dates.front().substr(0, 4) < dates.back().substr(0, 4)); // across a new year
    std::size_t monthly = 0;
    for (const auto& b : month["buckets"]) {
        const std::string start = b["start"];
        CHECK(start.substr(8) == "01");
        std::size_t n = 0;
        for (const std::string& d : dates)
            n += d.size() >= 7 && d.substr(0, 7) == start.substr(0, 7);
        CHECK(b["count"] == n);
        monthly += n;
    }
    CHECK(month["buckets"].front()["start"] == dates.front().substr(0, 7) + "-01");
    CHECK(month["undated"] == dates.size() + none - monthly);

    const json week = get(q + "&interval=week");
    std::size_t partial = none;
    for (const std::string& d : dates)
        partial += d.size() < 10;
    CHECK(week["undated"] == partial);
    std::optional<std::chrono::sys_days> previous;
    for (const auto& b : week["buckets"]) {
        const auto start = day_of(b["start"]);
        CHECK(std::chrono::weekday(start) == std::chrono::Monday);
        if (previous)
            CHECK((start - *previous).count() == 7);
        previous = start;
        std::size_t n = 0;
        for (const std::string& d : dates)
            n += d.size() == 10 && day_of(d) >= start && day_of(d) < start + std::chrono::days(7);
        CHECK(b["count"] == n);
    }
}

TEST_CASE("compare: each text's total is its search's, A shares all of itself with A OR B",
          "[views]") {
    const std::string a = "giao thừa", b = "Viettel";
    const json cmp =
        get("/api/compare?interval=year&q=" + encode(a) + "&q=" + encode(a + " OR " + b));
    REQUIRE(cmp["series"].size() == 2);
    const json sa = get("/api/search?q=" + encode(a));
    const json sb = get("/api/search?q=" + encode(a + " OR " + b));
    CHECK(cmp["series"][0]["total"] == sa["total"]);
    CHECK(cmp["series"][1]["total"] == sb["total"]);
    REQUIRE(cmp["overlap"].size() == 1);
    CHECK(cmp["overlap"][0]["shared"] == sa["total"]);
    const auto& b0 = cmp["series"][0]["buckets"];
    const auto& b1 = cmp["series"][1]["buckets"];
    REQUIRE(b0.size() == b1.size());
    for (std::size_t i = 0; i < b0.size(); ++i)
        CHECK(b0[i]["start"] == b1[i]["start"]);
    check_timeline(cmp["series"][0], sa["total"], false);
    check_timeline(cmp["series"][1], sb["total"], false);
}

TEST_CASE("a carrier's results are characterised by the carrier's own name", "[views]") {
    for (const std::string& carrier : std::vector<std::string>{"Viettel", "VNPT", "MobiFone"}) {
        const json t = get("/api/terms?limit=10&carrier=" + carrier);
        CHECK(t["score"] == "log-likelihood");
        CHECK(t["total"] == get("/api/search?carrier=" + carrier)["total"]);
        CHECK(t["sample"] == t["total"]);
        std::vector<std::string> top;
        for (const auto& x : t["terms"]) {
            top.push_back(x["term"]);
            CHECK(x["count"] <= x["index_count"]);
            CHECK(x["count"] <= t["sample"]);
            CHECK(x["score"] > 0);
        }
        INFO(carrier << ": " << json(top).dump());
        std::string lower;
        for (const char c : carrier)
            lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        CHECK(std::find(top.begin(), top.end(), lower) != top.end());
    }
    // The query's own words are left out: they characterise the set by definition.
    for (const auto& x : get("/api/terms?q=" + encode("pháo hoa"))["terms"])
        CHECK((x["term"] != "pháo" && x["term"] != "hoa"));
}

TEST_CASE("a province's agreement history is the labelled agreements, renewals linked", "[views]") {
    const std::string province = "Gia Lai";
    // The expected groups: labelled agreements of the province, a duplicate with the
    // article it copies.
    std::map<std::string, std::set<std::string>> groups; // first id -> ids
    std::map<std::string, std::map<std::string, std::string>> first_row;
    for (const auto& row : read_tsv(source_root() / "corpus" / "labels.tsv")) {
        if (row.at("kind") != "agreement" || row.at("province") != province)
            continue;
        const std::string root =
            row.at("duplicate_of").empty() ? row.at("id") : row.at("duplicate_of");
        groups[root].insert(row.at("id"));
        first_row.emplace(root, row);
    }
    REQUIRE(groups.size() >= 2);
    const json h = get("/api/agreements?province=" + encode(province));
    const auto& list = h["agreements"];
    REQUIRE(list.size() == groups.size());
    std::map<std::string, std::size_t> last_of_pair;
    std::string previous;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& a = list[i];
        std::set<std::string> got;
        for (const auto& x : a["articles"])
            got.insert(x["id"]);
        REQUIRE(groups.count(*got.begin()) + groups.count(*got.rbegin()) >= 1);
        const std::string root = groups.count(*got.begin()) ? *got.begin() : *got.rbegin();
        INFO(root);
        CHECK(got == groups[root]);
        const auto& row = first_row[root];
        std::string carriers;
        for (const auto& c : a["carriers"])
            carriers += (carriers.empty() ? "" : ",") + c.get<std::string>();
        CHECK(carriers == row.at("carriers"));
        CHECK(a["signed"] == row.at("signed"));
        CHECK(a["province"] == province);
        CHECK(a["signed"].get<std::string>() >= previous);
        previous = a["signed"];
        const auto pair = last_of_pair.find(carriers);
        if (pair == last_of_pair.end())
            CHECK(a["renews"].is_null());
        else {
            CHECK(a["renews"] == pair->second);
            CHECK(list[pair->second]["renewed_by"] == i);
        }
        last_of_pair[carriers] = i;
    }
    // A former name leads to the province it belongs to today, as the search filters do.
    const json former = get("/api/agreements?province=" + encode("Bình Định"));
    for (const auto& a : former["agreements"])
        CHECK(a["province"] == province);
}

namespace {

/// Whether `xml` is well-formed as far as a feed needs: one root, tags balanced and
/// matched, attribute values quoted, `&` only in the five entities or a character reference.
/// Fills `texts` with each element's text by name (entities left as written).
bool well_formed(const std::string& xml, std::multimap<std::string, std::string>& texts) {
    std::vector<std::string> open;
    std::size_t i = 0, roots = 0;
    while (i < xml.size()) {
        if (xml[i] == '&') {
            const std::size_t end = xml.find(';', i);
            if (end == std::string::npos)
                return false;
            const std::string name = xml.substr(i + 1, end - i - 1);
            static const std::set<std::string> known = {"amp", "lt", "gt", "quot", "apos"};
            if (!known.count(name) && (name.empty() || name[0] != '#'))
                return false;
            i = end + 1;
            continue;
        }
        if (xml[i] != '<') {
            ++i;
            continue;
        }
        if (xml.compare(i, 2, "<?") == 0) {
            i = xml.find("?>", i);
            if (i == std::string::npos)
                return false;
            i += 2;
            continue;
        }
        const std::size_t end = xml.find('>', i);
        if (end == std::string::npos)
            return false;
        const std::string tag = xml.substr(i + 1, end - i - 1);
        if (std::count(tag.begin(), tag.end(), '"') % 2 != 0 || tag.find('<') != std::string::npos)
            return false;
        if (tag[0] == '/') {
            if (open.empty() || open.back() != tag.substr(1))
                return false;
            open.pop_back();
        } else {
            const std::string name = tag.substr(0, tag.find_first_of(" /"));
            if (open.empty() && roots++ > 0)
                return false;
            if (tag.back() != '/') {
                open.push_back(name);
                const std::size_t close = xml.find('<', end);
                texts.emplace(name, xml.substr(end + 1, close - end - 1));
            }
        }
        i = end + 1;
    }
    return open.empty() && roots == 1;
}

} // namespace

TEST_CASE("the Atom feed is well-formed XML holding the newest results in order", "[views]") {
    const std::string q = "q=" + encode("\"giao thừa\"");
    auto res = fetch("/api/feed?" + q);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/atom+xml; charset=utf-8");
    std::multimap<std::string, std::string> texts;
    REQUIRE(well_formed(res->body, texts));
    CHECK(res->body.find("<feed xmlns=\"http://www.w3.org/2005/Atom\">") != std::string::npos);
    CHECK(texts.count("updated") == texts.count("entry") + 1);
    // The titles carry & and < : escaped, never raw.
    CHECK(res->body.find("&amp; &lt;Tết&gt;") != std::string::npos);
    CHECK(res->body.find("\xEF\xBF\xBF") == std::string::npos); // U+FFFF: not an XML character
    if (fs::exists("/usr/bin/xmllint")) { // libxml2-utils, when the machine has it
        TempDir dir;
        write_file(dir / "feed.xml", res->body);
        const RunResult lint = run({"/usr/bin/xmllint", "--noout", (dir / "feed.xml").string()});
        INFO(lint.err);
        CHECK(lint.exit_code == 0);
    }
    const json newest = get("/api/search?sort=date_desc&per_page=20&" + q);
    std::vector<std::string> ids;
    for (auto [it, end] = texts.equal_range("id"); it != end; ++it)
        ids.push_back(it->second);
    REQUIRE(ids.size() == newest["hits"].size() + 1); // the feed's own id first
    for (std::size_t i = 0; i < newest["hits"].size(); ++i)
        CHECK(ids[i + 1] == "urn:vnsearch:document:" + newest["hits"][i]["id"].get<std::string>());
    std::vector<std::string> published;
    for (auto [it, end] = texts.equal_range("published"); it != end; ++it)
        published.push_back(it->second);
    CHECK(std::is_sorted(published.rbegin(), published.rend()));

    auto few = fetch("/api/feed?per_page=3");
    REQUIRE(few);
    std::multimap<std::string, std::string> few_texts;
    REQUIRE(well_formed(few->body, few_texts));
    CHECK(few_texts.count("entry") == 3);
}

TEST_CASE("bad view parameters get 400 naming the parameter", "[views]") {
    const std::pair<const char*, const char*> cases[] = {
        {"/api/timeline?interval=hour", "interval"},
        {"/api/timeline?normalize=some", "normalize"},
        {"/api/timeline?q=a&q=b", "q"},
        {"/api/timeline?bucket=month", "bucket"},
        {"/api/compare?q=viettel", "q"},
        {"/api/compare?q=a&q=b&q=c&q=d&q=e&q=f", "q"},
        {"/api/compare?q=a&q=b&interval=1", "interval"},
        {"/api/terms?limit=0", "limit"},
        {"/api/terms?limit=201", "limit"},
        {"/api/agreements", "province"},
        {"/api/agreements?q=viettel", "q"},
        {"/api/agreements?province=Atlantis", "province"},
        {"/api/feed?per_page=101", "per_page"},
        {"/api/feed?carrier=Nokia", "carrier"},
    };
    for (const auto& [path, parameter] : cases) {
        const json e = get(path, 400);
        INFO(path << " -> " << e.dump());
        CHECK(e["error"]["code"] == "bad_parameter");
        CHECK(e["error"]["message"].get<std::string>().find(std::string("'") + parameter + "'") !=
              std::string::npos);
    }
}

TEST_CASE("source is a facet and a filter: counts equal the searches each source gives",
          "[views]") {
    // The outlets as the fixtures give them: the source field, else the URL's host.
    std::map<std::string, std::size_t> expected;
    for (const json& a : dated_fixtures()) {
        std::string outlet = a.value("source", "");
        if (outlet.empty()) {
            const std::string url = a["url"];
            outlet = url.substr(url.find("://") + 3);
            outlet = outlet.substr(0, outlet.find('/'));
            if (outlet.rfind("www.", 0) == 0)
                outlet.erase(0, 4);
        }
        ++expected[outlet];
    }
    const json all = get("/api/search?per_page=1");
    std::map<std::string, std::size_t> facet;
    for (const auto& f : all["facets"]["source"])
        facet[f["value"]] = f["count"];
    CHECK(facet == expected);
    for (const std::string& q : {std::string(), std::string("pháo hoa")}) {
        const json r = get("/api/search?q=" + encode(q));
        for (const auto& f : r["facets"]["source"]) {
            const std::string source = f["value"];
            INFO(q << " / " << source);
            const json one = get("/api/search?q=" + encode(q) + "&source=" + encode(source));
            CHECK(one["total"] == f["count"]);
            CHECK(one["query"]["source"] == json::array({source}));
            // Written as a URL's host is written, the same outlet.
            CHECK(get("/api/search?q=" + encode(q) + "&source=WWW." + encode(source))["total"] ==
                  f["count"]);
        }
    }
    CHECK(get("/api/search?source=nowhere.example")["total"] == 0);
    const json named = get("/api/search?source=baomoi.example.vn&per_page=100");
    CHECK(named["total"] == expected["baomoi.example.vn"]);
}
