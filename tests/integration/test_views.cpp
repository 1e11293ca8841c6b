// The research views (/api/timeline, /api/compare, /api/terms, /api/agreements) through the
// real server, over the sample corpus and dated fixtures around a new year.
#include "views_support.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <httplib.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

using namespace vnsearch::test;
using namespace vnsearch::test::views;

namespace {

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
        for (const auto& c : a["carriers"]) {
            if (!carriers.empty())
                carriers += ',';
            carriers += c.get<std::string>();
        }
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
    // Any spelling the search filters take gives the same history.
    CHECK(get("/api/agreements?province=gia+lai")["agreements"] == list);
    const json viettel = get("/api/agreements?carrier=viettel&province=" + encode(province));
    for (const auto& a : viettel["agreements"]) {
        const auto& carriers = a["carriers"];
        CHECK(std::find(carriers.begin(), carriers.end(), "Viettel") != carriers.end());
    }
    // A former name leads to the province it belongs to today, as the search filters do.
    const json former = get("/api/agreements?province=" + encode("Bình Định"));
    for (const auto& a : former["agreements"])
        CHECK(a["province"] == province);
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
