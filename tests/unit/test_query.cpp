#include "vnsearch/data_dir.hpp"
#include "vnsearch/query.hpp"
#include "vnsearch/utf8.hpp"

#include <catch2/catch.hpp>

using namespace vnsearch;

namespace {

const QueryParser& parser() {
    static const QueryParser p(Knowledge::load(data_dir()));
    return p;
}

// Inputs ending in a truncated sequence, long enough to live on the heap, so that the
// sanitizer build sees a read past their end.
const std::string truncated_query = "chuyen doi so hop tac voi tinh quang tri va \xE1\xBB";
const std::string truncated_province = "Th\xC3\xA0nh ph\xE1\xBB\x91 H\xE1\xBB\x93 Ch\xC3\xAD M\xE1";

} // namespace

TEST_CASE("a query of broken UTF-8 reads as its repaired text") {
    const ParsedQuery q = parser().parse(truncated_query);
    REQUIRE(q.has_text);
    // U+FFFD is no letter: the broken end is punctuation, not a word.
    CHECK(q.words.back() == "va");
    CHECK(q.tree.describe() == parser().parse(decode_utf8(truncated_query).text).tree.describe());
    CHECK(q.unaccented_text == decode_utf8(truncated_query).text);
}

TEST_CASE("a field value of broken UTF-8 is reported repaired, not thrown") {
    const ParsedQuery q = parser().parse("carrier:VNP\xE1\xBB tinh:\xFF\xFE");
    CHECK(q.errors ==
          std::vector<std::string>{"carrier:VNP\xEF\xBF\xBD", "tinh:\xEF\xBF\xBD\xEF\xBF\xBD"});
    CHECK_FALSE(q.has_text);
}

TEST_CASE("the resolvers read broken UTF-8 as its repaired text") {
    const std::string repaired = decode_utf8(truncated_province).text;
    CHECK(parser().resolve_province(truncated_province) == parser().resolve_province(repaired));
    CHECK(parser().resolve_province("Qu\xE1\xBA\xA3ng Tr\xE1\xBB\x8B"));
    CHECK_FALSE(parser().resolve_province("Qu\xE1\xBA\xA3ng Tr\xE1\xBB"));
    CHECK(parser().resolve_carrier(truncated_province) == -1);
    CHECK(parser().resolve_pillar("kinh t\xE1\xBA") == -1);
    CHECK(parser().resolve_kind("k\xC3") == -1);
}
