#include "vnsearch/segmenter.hpp"

#include <catch2/catch.hpp>

using namespace vnsearch;

namespace {

const Lexicon& test_lexicon() {
    static const Lexicon lex = Lexicon::parse(
        "chuyển đổi\nchuyển đổi số\nđổi số\nhạ tầng\nhạ tầng số\nủy ban nhân dân\nnhân dân\n"
        "bản đồ\nbán đồ\n",
        "test");
    return lex;
}

std::vector<std::string> words(std::string_view text, SegmentOptions opts = {}) {
    std::vector<std::string> out;
    for (const auto& c : segment(tokenize(text), test_lexicon(), opts))
        out.push_back(c.norm);
    return out;
}

} // namespace

TEST_CASE("the longest entry wins, left to right") {
    CHECK(words("Chuyển đổi số và hạ tầng số") ==
          std::vector<std::string>{"chuyển_đổi_số", "hạ_tầng_số"});
    CHECK(words("Ủy ban nhân dân tỉnh") == std::vector<std::string>{"ủy_ban_nhân_dân"});
}

TEST_CASE("punctuation stops a compound") {
    CHECK(words("chuyển đổi. Số").size() == 1);
    CHECK(words("hạ, tầng").empty());
}

TEST_CASE("unaccented text segments by folded forms only when allowed") {
    CHECK(words("chuyen doi so") == std::vector<std::string>{"chuyen_doi_so"});
    CHECK(words("chuyen doi so", SegmentOptions{false}).empty());
    const auto c = segment(tokenize("chuyen doi so"), test_lexicon());
    REQUIRE(c.size() == 1);
    CHECK(c[0].folded == "chuyen_doi_so");
    CHECK(c[0].first == 0);
    CHECK(c[0].count == 3);
}

TEST_CASE("accented text does not match entries that only fold alike") {
    CHECK(words("bàn đồ").empty());
    CHECK(words("bản đồ") == std::vector<std::string>{"bản_đồ"});
}
