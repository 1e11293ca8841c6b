// Corrections of extracted facts: the file's lines read and checked, applied over a record,
// undone, and kept as the index stores them.
#include "extract/corrections.hpp"
#include "vnsearch/data_dir.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <unistd.h>

using namespace vnsearch;
namespace fs = std::filesystem;

namespace {

const Knowledge& knowledge() {
    static const auto k = Knowledge::load(data_dir());
    return *k;
}

/// A corrections file with these lines, read.
Corrections read(const std::string& text, std::vector<InputIssue>& issues) {
    const fs::path file =
        fs::temp_directory_path() / ("vnsearch-corrections-" + std::to_string(getpid()) + ".tsv");
    std::ofstream(file) << text;
    Corrections c = Corrections::read(file, knowledge(), issues);
    fs::remove(file);
    return c;
}

ArticleRecord extracted() {
    ArticleRecord r;
    r.id = "a1";
    r.province = "Gia Lai";
    r.carriers = {"VNPT"};
    r.published = "2020-10-15";
    r.signed_on = "2020-10-15";
    r.year = 2020;
    r.kind = "agreement";
    r.pillars = {"government"};
    return r;
}

} // namespace

TEST_CASE("values are checked against their field and given in the record's form") {
    std::string error;
    CHECK(canonical_value("province", "tp.hcm", knowledge(), error) == "TP. Hồ Chí Minh");
    CHECK(canonical_value("province", "Quang Binh", knowledge(), error) == "Quảng Trị");
    CHECK(canonical_value("former_province", "Kontum", knowledge(), error) == "Kon Tum");
    CHECK(canonical_value("carriers", "viettel; Tập đoàn Bưu chính Viễn thông Việt Nam",
                          knowledge(), error) == "VNPT,Viettel");
    CHECK(canonical_value("pillars", "society, infrastructure", knowledge(), error) ==
          "infrastructure,society");
    CHECK(error.empty());
    for (const auto& [f, bad] : std::vector<std::pair<std::string, std::string>>{
             {"province", "Pleiku"},         // a town, not a province
             {"former_province", "Gia Lai"}, // exists today
             {"carriers", "VNPT, Bưu điện"},
             {"pillars", "health"},
             {"signed", "2019-02-30"},
             {"period", "2025-2020"},
             {"year", "20x5"},
             {"kind", "agreements"}}) {
        INFO(f << " = " << bad);
        canonical_value(f, bad, knowledge(), error);
        CHECK_FALSE(error.empty());
    }
}

TEST_CASE("a corrections file reports each unusable line with its number and keeps the rest") {
    std::vector<InputIssue> issues;
    const Corrections c = read("id\tfield\tvalue\tnote\n"
                               "# comments and blank lines are skipped\n"
                               "\n"
                               "a1\tprovince\tKontum\tthe venue was taken for the partner\n"
                               "a1\tprovnce\tGia Lai\t\n"
                               "a2\tkind\timplementation\n"
                               "a3\tsigned\t2019-02-30\tno such day\n"
                               "a4\tcarriers\n",
                               issues);
    REQUIRE(issues.size() == 3);
    CHECK(issues[0].line == 5);
    CHECK_THAT(issues[0].message, Catch::Contains(":5: unknown field \"provnce\""));
    CHECK(issues[1].line == 7);
    CHECK_THAT(issues[1].message, Catch::Contains("2019-02-30"));
    CHECK(issues[2].line == 8);
    REQUIRE(c.of("a1") != nullptr);
    CHECK(c.of("a1")->at(0).value == "Quảng Ngãi");
    REQUIRE(c.of("a2") != nullptr);
    CHECK(c.of("a2")->at(0).note.empty());
    CHECK(c.of("a3") == nullptr);
    CHECK(c.ids() == std::vector<std::string>{"a1", "a2"});
}

TEST_CASE("a corrected record says what was corrected, and undoing gives the extraction back") {
    ArticleRecord r = extracted();
    apply_corrections(r, {{"a1", "signed", "2016-09-29", "recalled signing", 2},
                          {"a1", "kind", "implementation", "", 3},
                          {"a1", "pillars", "", "no pillar is committed", 4}});
    CHECK(r.signed_on == "2016-09-29");
    CHECK(r.year == 2016); // the year follows the corrected signing date
    CHECK(r.kind == "implementation");
    CHECK(r.pillars.empty());
    REQUIRE(r.corrections.size() == 3);
    CHECK(r.corrections[0].extracted == "2020-10-15");
    CHECK(r.corrections[2].extracted == "government");
    revert_corrections(r);
    CHECK(to_json(r) == to_json(extracted()));
}

TEST_CASE("a corrected year stays as given whatever the dates say") {
    ArticleRecord r = extracted();
    apply_corrections(r, {{"a1", "year", "2019", "", 1}, {"a1", "signed", "2018", "", 2}});
    CHECK(r.year == 2019);
    revert_corrections(r);
    CHECK(r.year == 2020);
}

TEST_CASE("the set an index keeps reads back as it was written") {
    std::vector<InputIssue> issues;
    const Corrections c =
        read("b7\tprovince\tHuế\tghi chú\nb7\tvision\t2045\t\na9\tkind\tother\tx\n", issues);
    CHECK(issues.empty());
    const Corrections back = Corrections::parse_stored(c.serialize());
    CHECK(back.serialize() == c.serialize());
    REQUIRE(back.of("b7") != nullptr);
    CHECK(back.of("b7")->size() == 2);
}
