#include "vnsearch/record.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <random>

using namespace vnsearch;

namespace {

ArticleRecord sample() {
    ArticleRecord r;
    r.id = "gl-2025-01";
    r.title = "Gia Lai ký kết hợp tác với Viettel";
    r.published = "2025-03-14";
    r.published_rule = "date_line";
    r.signed_on = "2025-03";
    r.signed_rule = "signing_sentence";
    r.year = 2025;
    r.kind = "agreement";
    r.period = "2025-2030";
    r.vision = 2045;
    r.province = "Gia Lai";
    r.former_province = "Bình Định";
    r.carriers = {"Viettel", "VNPT"};
    r.pillars = {"infrastructure", "government"};
    r.signatories = {{"Trần Văn A", "Chủ tịch"}, {"Lê Thị \"B\"", ""}};
    r.evidence = {{"province", "Gia Lai", 0, 12}, {"pillars", "government", 13, 40}};
    r.corrections = {{"kind", "implementation", "agreement", "một buổi sơ kết, không phải lễ ký"}};
    r.text = "Dòng một.\nDòng hai\tcó tab, \"ngoặc kép\", \\ gạch chéo, \x01 và 😀.\r\n";
    r.url = "https://example.vn/a?b=1&c=2";
    r.site = "example.vn";
    r.path = "crawl/gl/01.txt";
    r.content_hash = "ab12";
    return r;
}

/// What nlohmann::json and record_from_json make of `data`, as JSON to compare.
nlohmann::json general(const std::string& data) {
    return to_json(record_from_json(nlohmann::json::parse(data)));
}

void same_as_general(const std::string& data) {
    ArticleRecord fast;
    INFO(data);
    REQUIRE(detail::read_record(data, fast));
    CHECK(to_json(fast) == general(data));
    const auto served = record_from_data(data);
    REQUIRE(served);
    CHECK(to_json(*served) == general(data));
}

} // namespace

TEST_CASE("a stored record reads back field for field") {
    const ArticleRecord r = sample();
    const std::string data = to_json(r).dump();
    ArticleRecord back;
    REQUIRE(detail::read_record(data, back));
    CHECK(to_json(back) == to_json(r));
    CHECK(back.text == r.text);
    CHECK(back.signatories.at(1).name == "Lê Thị \"B\"");
    // An empty record: nulls and empty arrays.
    same_as_general(to_json(ArticleRecord{}).dump());
    same_as_general(to_json(r).dump(2)); // indented
}

TEST_CASE("a record reads as the general JSON parser reads it") {
    // Key order, unknown keys and values of every kind, escapes, a number that is not an
    // integer, values of the wrong type, a key given twice.
    same_as_general(
        R"({"text":"\u0041\u1EA1 \ud83d\ude00 \/ \b\f","extra":{"a":[1,-2.5e3,true,false,null,{}]},
        "year":2024.0,"vision":"2045","id":"x","carriers":["VNPT",7,null,"FPT"],"pillars":"economy",
        "signatories":[{"name":"A","role":"b"},3,{"title":"T"}],"source":{"url":"u","x":[]},
        "title":"one","title":"two","province":null})");
    same_as_general(R"(  {  }  )");
    same_as_general(R"({"year":-12,"vision":0})");
}

TEST_CASE("a record that is not valid JSON is refused, or read by the general parser") {
    for (const std::string bad :
         {R"({"id":"x")", R"({"id":"x"} extra)", R"({"id":"\ud83d"})", "{\"id\":\"a\nb\"}",
          R"({"id":"\q"})", R"({"year":01})", R"([1,2])", "", "{\"id\":\"\xC3\"}",
          R"({"id":"x","evidence":[{"end":12341e58901}]})", R"({"id":"x","vision":-1e400})"}) {
        ArticleRecord fast;
        INFO(bad);
        CHECK_FALSE(detail::read_record(bad, fast));
        CHECK_FALSE(record_from_data(bad));
    }
    // Beyond what a year holds: the general parser reads it.
    const auto big = record_from_data(R"({"year":12345678901,"id":"y"})");
    REQUIRE(big);
    CHECK(big->id == "y");
}

TEST_CASE("a record damaged at random is refused, or read as the general parser reads it") {
    // Bytes replaced (often by JSON's own punctuation), removed or cut off: whatever the
    // own reader accepts, nlohmann::json must read as an object with the same fields.
    const std::string good = to_json(sample()).dump();
    std::minstd_rand rng(20251122);
    const std::string specials = "\"\\{}[],:u0-e. \x01\xC3\xA9";
    int accepted = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string data = good;
        const int edits = 1 + static_cast<int>(rng() % 3);
        for (int e = 0; e < edits && !data.empty(); ++e) {
            const std::size_t at = rng() % data.size();
            switch (rng() % 4) {
            case 0:
                data[at] = specials[rng() % specials.size()];
                break;
            case 1:
                data[at] = static_cast<char>(rng() % 256);
                break;
            case 2:
                data.erase(at, 1);
                break;
            default:
                data.resize(at);
            }
        }
        ArticleRecord fast;
        if (!detail::read_record(data, fast))
            continue;
        ++accepted;
        INFO(data);
        const auto j = nlohmann::json::parse(data, nullptr, false);
        REQUIRE_FALSE(j.is_discarded());
        REQUIRE(j.is_object());
        CHECK(to_json(fast) == to_json(record_from_json(j)));
    }
    // Damage inside the text mostly leaves valid JSON: the comparison above did happen.
    CHECK(accepted > 300);
}
