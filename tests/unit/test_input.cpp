#include "index/input.hpp"

#include <catch2/catch.hpp>
#include <optional>
#include <vector>

using namespace vnsearch;

namespace {

struct LineResult {
    std::optional<InputArticle> article;
    std::vector<InputIssue> issues;
};

LineResult read_line(std::string_view line, std::size_t line_no = 7) {
    LineResult r;
    r.article = read_jsonl_record(line, "crawl/feed.jsonl.gz", line_no,
                                  [&](InputIssue&& i) { r.issues.push_back(std::move(i)); });
    return r;
}

} // namespace

TEST_CASE("a JSON Lines record gives its fields, its place and the hash of its line") {
    const std::string line = R"({"id": "qt-1", "title": "Quảng Trị", "published": "2024-03-14", )"
                             R"("url": "https://example.vn/a", "source": "example.vn", )"
                             R"("text": "Tỉnh Quảng Trị và VNPT ký kết."})";
    const LineResult r = read_line(line);
    REQUIRE(r.article);
    CHECK(r.issues.empty());
    CHECK(r.article->raw.id == "qt-1");
    CHECK(r.article->raw.title == "Quảng Trị");
    CHECK(r.article->raw.published == "2024-03-14");
    CHECK(r.article->raw.url == "https://example.vn/a");
    CHECK(r.article->raw.site == "example.vn");
    CHECK(r.article->raw.text == "Tỉnh Quảng Trị và VNPT ký kết.");
    CHECK(r.article->raw.path == "crawl/feed.jsonl.gz:7");
    CHECK(r.article->content_hash == content_hash(line));
    CHECK(r.article->bytes == line.size());
}

TEST_CASE("a record without an id is named after its file and line; a numeric id is kept") {
    CHECK(read_line(R"({"text": "Bài viết"})", 12).article->raw.id == "feed:12");
    CHECK(read_line(R"({"id": 4021, "text": "Bài viết"})").article->raw.id == "4021");
}

TEST_CASE("a blank line is passed over without an issue") {
    for (const std::string_view blank : {"", "  \t", "\r"}) {
        const LineResult r = read_line(blank);
        CHECK_FALSE(r.article);
        CHECK(r.issues.empty());
    }
}

TEST_CASE("a line that is not a JSON object is skipped with an issue naming file and line") {
    for (const std::string_view bad : {R"({"text": "thiếu ngoặc")", "[1, 2]", "\"text\""}) {
        const LineResult r = read_line(bad, 3);
        CHECK_FALSE(r.article);
        REQUIRE(r.issues.size() == 1);
        CHECK(r.issues[0].reason == "invalid_json");
        CHECK(r.issues[0].skipped);
        CHECK(r.issues[0].line == 3);
        CHECK(r.issues[0].message.rfind("crawl/feed.jsonl.gz:3: ", 0) == 0);
    }
}

TEST_CASE("a record without text is skipped with an issue") {
    for (const std::string_view bad : {R"({"id": "a"})", R"({"text": " \n "})", R"({"text": 5})"}) {
        const LineResult r = read_line(bad);
        CHECK_FALSE(r.article);
        REQUIRE(r.issues.size() == 1);
        CHECK(r.issues[0].reason == "missing_text");
    }
}

TEST_CASE("a record with broken UTF-8 is repaired, indexed and reported") {
    const LineResult r = read_line("{\"text\": \"Qu\xE1\xBA\xA3ng Tr\xE1\xBB \xFF\"}");
    REQUIRE(r.article);
    CHECK(r.article->raw.text == "Quảng Tr\xEF\xBF\xBD \xEF\xBF\xBD");
    REQUIRE(r.issues.size() == 1);
    CHECK(r.issues[0].reason == "invalid_utf8");
    CHECK_FALSE(r.issues[0].skipped);
    CHECK_THAT(r.issues[0].message, Catch::Contains("2 invalid UTF-8 sequences"));
}
