// Golden extraction files: tests/data/extraction/NAME.txt is an article as a crawl holds it,
// NAME.expected the facts the extractor must read out of it, one "key: value" a line:
//   province, former_province, carriers, published, signed, year, period, vision, pillars,
//   kind        the record's field (lists comma-separated, an empty value: none)
//   evidence F  the sentence that decides fact F, as the text writes it
// Lines starting with # are comments. Only the keys a file gives are checked.
#include "extract/extractor.hpp"
#include "vnsearch/data_dir.hpp"
#include "vnsearch/utf8.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace vnsearch;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v)
        s += (s.empty() ? "" : ",") + x;
    return s;
}

std::string field(const ArticleRecord& r, const std::string& key) {
    if (key == "province")
        return r.province;
    if (key == "former_province")
        return r.former_province;
    if (key == "carriers")
        return join(r.carriers);
    if (key == "published")
        return r.published;
    if (key == "signed")
        return r.signed_on;
    if (key == "year")
        return r.year ? std::to_string(r.year) : "";
    if (key == "period")
        return r.period;
    if (key == "vision")
        return r.vision ? std::to_string(r.vision) : "";
    if (key == "pillars")
        return join(r.pillars);
    if (key == "kind")
        return r.kind;
    FAIL("unknown key \"" << key << "\"");
    return {};
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r'))
        s.pop_back();
    while (!s.empty() && s.front() == ' ')
        s.erase(0, 1);
    return s;
}

} // namespace

TEST_CASE("golden extraction files give the facts they expect") {
    const fs::path dir = fs::path(VNSEARCH_TEST_DATA_DIR) / "extraction";
    std::vector<fs::path> articles;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".txt")
            articles.push_back(e.path());
    std::sort(articles.begin(), articles.end());
    REQUIRE(articles.size() >= 20);
    const Extractor extractor(Knowledge::load(data_dir()));
    for (const fs::path& article : articles) {
        fs::path expected = article;
        expected.replace_extension(".expected");
        INFO(article.filename().string());
        REQUIRE(fs::exists(expected));
        RawArticle raw;
        raw.id = article.stem().string();
        raw.text = decode_utf8(read_file(article)).text;
        const ArticleRecord r = extractor.extract(raw);
        std::istringstream lines(read_file(expected));
        std::string line;
        std::size_t checked = 0;
        while (std::getline(lines, line)) {
            if (line.empty() || line[0] == '#')
                continue;
            const std::size_t colon = line.find(':');
            REQUIRE(colon != std::string::npos);
            const std::string key = trim(line.substr(0, colon));
            const std::string want = trim(line.substr(colon + 1));
            INFO(key);
            ++checked;
            if (key.rfind("evidence ", 0) == 0) {
                const std::string fact = key.substr(9);
                std::vector<std::string> sentences;
                for (const Evidence& e : r.evidence)
                    if (e.fact == fact)
                        sentences.push_back(r.text.substr(e.begin, e.end - e.begin));
                CHECK_THAT(sentences, Catch::VectorContains(want));
            } else {
                CHECK(field(r, key) == want);
            }
        }
        CHECK(checked >= 4);
    }
}
