// Fuzz target: the JSON Lines reader, line by line as the indexer reads a file, and the
// record reader that turns stored document data back into records. Every line must give
// an article or an issue that names the file and line; stored data must read the same
// through the fast reader and the general JSON parser, and survive a round trip.

#include "check.hpp"
#include "index/input.hpp"
#include "vnsearch/record.hpp"

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace vnsearch;

const std::filesystem::path file = "crawl.jsonl";

void check_line(std::string_view line, std::size_t line_no) {
    std::vector<InputIssue> issues;
    const std::optional<InputArticle> a =
        read_jsonl_record(line, file, line_no, [&](InputIssue&& i) { issues.push_back(i); });
    const std::string where = "crawl.jsonl:" + std::to_string(line_no);
    bool skipped = false;
    bool repaired = false;
    for (const InputIssue& i : issues) {
        VNSEARCH_FUZZ_CHECK(i.path == "crawl.jsonl" && i.line == line_no);
        VNSEARCH_FUZZ_CHECK(i.message.rfind(where + ": ", 0) == 0);
        VNSEARCH_FUZZ_CHECK(i.reason == "invalid_json" || i.reason == "missing_text" ||
                            i.reason == "invalid_utf8");
        VNSEARCH_FUZZ_CHECK(i.skipped == (i.reason != "invalid_utf8"));
        skipped = skipped || i.skipped;
        repaired = repaired || i.reason == "invalid_utf8";
    }
    const bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
    if (blank) {
        VNSEARCH_FUZZ_CHECK(!a && issues.empty());
        return;
    }
    // Nothing is lost silently: a line gives an article or says why it does not.
    VNSEARCH_FUZZ_CHECK(a.has_value() != skipped);
    VNSEARCH_FUZZ_CHECK(issues.size() <= 2);
    if (!a)
        return;
    // A repaired article says so; an article is repaired only when its line was broken.
    VNSEARCH_FUZZ_CHECK(repaired == !is_valid_utf8(line));
    const RawArticle& r = a->raw;
    VNSEARCH_FUZZ_CHECK(!r.id.empty() && r.path == where);
    VNSEARCH_FUZZ_CHECK(r.text.find_first_not_of(" \t\r\n") != std::string::npos);
    for (const std::string* s : {&r.id, &r.text, &r.title, &r.published, &r.url, &r.site})
        VNSEARCH_FUZZ_CHECK(is_valid_utf8(*s));
    VNSEARCH_FUZZ_CHECK(a->content_hash == content_hash(line) && a->content_hash.size() == 16);
    VNSEARCH_FUZZ_CHECK(a->bytes == line.size());
}

void check_record_data(std::string_view data) {
    const std::optional<ArticleRecord> r = record_from_data(data);
    ArticleRecord fast;
    if (detail::read_record(data, fast)) {
        // The fast reader takes only what the general parser reads the same way.
        const auto j = nlohmann::json::parse(data, nullptr, false);
        VNSEARCH_FUZZ_CHECK(!j.is_discarded() && j.is_object());
        VNSEARCH_FUZZ_CHECK(to_json(fast) == to_json(record_from_json(j)));
        VNSEARCH_FUZZ_CHECK(r && to_json(*r) == to_json(fast));
    }
    if (!r)
        return;
    // What the index stores of a record reads back as the same record.
    const std::string stored = to_json(*r).dump();
    const std::optional<ArticleRecord> back = record_from_data(stored);
    VNSEARCH_FUZZ_CHECK(back && to_json(*back) == to_json(*r));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::size_t line_no = 0;
    for (std::size_t start = 0; start < input.size();) {
        const std::size_t nl = input.find('\n', start);
        const std::size_t end = nl == std::string_view::npos ? input.size() : nl;
        check_line(input.substr(start, end - start), ++line_no);
        start = end + 1;
    }
    check_record_data(input);
    return 0;
}
