#include "text/vietnamese.hpp"
#include "vnsearch/data_dir.hpp"
#include "vnsearch/stopwords.hpp"

#include <catch2/catch.hpp>

TEST_CASE("stop words match in any tone placement") {
    vnsearch::StopWords sw;
    sw.add("của");
    sw.add("Hoà");
    CHECK(sw.contains("của"));
    CHECK(sw.contains(vnsearch::normalize_word("hoà").norm));
    CHECK_FALSE(sw.contains("số"));
}

TEST_CASE("the project stop-word list loads and keeps content words off it") {
    const auto sw = vnsearch::StopWords::load(vnsearch::data_dir() / "stopwords.txt");
    CHECK(sw.size() >= 50);
    for (const char* w : {"của", "và", "các", "những", "được", "là"})
        CHECK(sw.contains(w));
    for (const char* w : {"số", "tỉnh", "viettel", "hạ", "tầng", "ký"})
        CHECK_FALSE(sw.contains(w));
}
