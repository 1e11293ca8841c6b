#include "vnsearch/data_dir.hpp"
#include "vnsearch/lexicon.hpp"

#include <catch2/catch.hpp>

using vnsearch::Lexicon;

TEST_CASE("entries are found under their normalized and folded forms") {
    Lexicon lex = Lexicon::parse("# test\nchuyển đổi số\nHoà Bình\n\nđiện toán đám mây\n", "mem");
    CHECK(lex.size() == 3);
    CHECK(lex.contains("chuyển đổi số"));
    CHECK(lex.contains("hòa bình")); // old tone placement and capitals normalized
    CHECK_FALSE(lex.contains("chuyển đổi"));
    REQUIRE(lex.accented("chuyen doi so") != nullptr);
    CHECK(*lex.accented("chuyen doi so") == "chuyển đổi số");
    CHECK(lex.accented("chuyen doi") == nullptr);
}

TEST_CASE("a malformed lexicon line is reported with its line number") {
    CHECK_THROWS_WITH(Lexicon::parse("hạ tầng số\nmột hai ba bốn năm\n", "lex.txt"),
                      Catch::Contains("lex.txt:2"));
    CHECK_THROWS_WITH(Lexicon::parse("4G/5G\n", "lex.txt"), Catch::Contains("lex.txt:1"));
    CHECK_THROWS_WITH(Lexicon::load("/nonexistent/lexicon.txt"),
                      Catch::Contains("/nonexistent/lexicon.txt"));
}

TEST_CASE("the project lexicon loads and holds the domain vocabulary") {
    const Lexicon lex = Lexicon::load(vnsearch::data_dir() / "lexicon.txt");
    CHECK(lex.size() >= 3000);
    for (const char* w : {"chuyển đổi số", "hạ tầng số", "chính quyền số", "kinh tế số",
                          "xã hội số", "điện toán đám mây", "ủy ban nhân dân", "thừa thiên huế",
                          "bà rịa vũng tàu", "đắk lắk", "hòa bình", "thỏa thuận"})
        CHECK(lex.contains(w));
}
