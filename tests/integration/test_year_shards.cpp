// vnsearch-index --shard-by year: a shard a year (and one for undated articles), each
// holding exactly its year's documents through updates, moves and corrections; closed
// years compacted on their own; the layout kept by updates and changed only by a rebuild.
#include "indexer_support.hpp"
#include "support.hpp"
#include "vnsearch/data_dir.hpp"
#include "vnsearch/index_store.hpp"
#include "vnsearch/knowledge.hpp"
#include "vnsearch/schema.hpp"
#include "vnsearch/search.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <xapian.h>

using namespace vnsearch::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// The folders the stub lists, by name.
std::vector<std::string> listed(const fs::path& db) {
    std::istringstream stub(read_file(db / "XAPIANDB"));
    std::vector<std::string> out;
    std::string kind, name;
    while (stub >> kind >> name)
        out.push_back(name);
    return out;
}

/// Each listed shard's documents, by the year each one is filed under (its slot_year), as
/// ids: shard folder -> year -> ids.
std::map<std::string, std::map<int, std::set<std::string>>> years_by_shard(const fs::path& db) {
    std::map<std::string, std::map<int, std::set<std::string>>> out;
    for (const std::string& name : listed(db)) {
        Xapian::Database shard((db / name).string());
        auto& years = out[name];
        for (auto d = shard.postlist_begin(""); d != shard.postlist_end(""); ++d) {
            const Xapian::Document doc = shard.get_document(*d);
            const int year = static_cast<int>(std::lround(
                Xapian::sortable_unserialise(doc.get_value(vnsearch::schema::slot_year))));
            for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
                if ((*t)[0] == 'Q')
                    years[year].insert((*t).substr(1));
        }
    }
    return out;
}

/// Checks that every listed shard holds only the documents of the year its folder and its
/// metadata name (0 for the undated one); returns the documents of each year.
std::map<int, std::set<std::string>> check_one_year_a_shard(const fs::path& db) {
    std::map<int, std::set<std::string>> all;
    for (const auto& [name, years] : years_by_shard(db)) {
        const std::optional<int> year = vnsearch::shard_folder_year(name);
        INFO(name);
        REQUIRE(year.has_value());
        const std::string period = Xapian::Database((db / name).string())
                                       .get_metadata(std::string(vnsearch::schema::meta_period));
        CHECK(period == (*year == 0 ? std::string("undated") : std::to_string(*year)));
        for (const auto& [y, ids] : years) {
            CHECK(y == *year);
            for (const std::string& id : ids)
                CHECK(all[y].insert(id).second); // no id in two shards
        }
    }
    return all;
}

std::string numbered(const char* prefix, int n, const char* suffix = "") {
    std::string out(prefix);
    out += std::to_string(n);
    out += suffix;
    return out;
}

std::string dated_article(const std::string& date, int n) {
    return "date " + date + "\nTỉnh Đắk Lắk và Viettel ký kết hợp tác chuyển đổi số, văn bản " +
           std::to_string(n) +
           "\nSáng nay, UBND tỉnh Đắk Lắk và Tập đoàn Viettel ký kết thỏa thuận hợp tác về "
           "chuyển đổi số, tập trung vào hạ tầng số và chính quyền số. Văn bản số " +
           std::to_string(n) + " nêu các việc của hai bên trong năm.\n";
}

} // namespace

TEST_CASE("an index by year gives each year a shard holding its documents alone") {
    TempDir dir;
    const fs::path corpus = source_root() / "corpus" / "articles";
    const json by_year = index(dir / "years", {corpus.string()}, {"--shard-by", "year"});
    const json by_id = index(dir / "ids", {corpus.string()});
    CHECK(by_year["documents"] == sample_articles());
    CHECK(by_year["documents"] == by_id["documents"]);

    const std::map<int, std::set<std::string>> years = check_one_year_a_shard(dir / "years");
    CHECK(years.size() >= 5); // the sample corpus spans several years
    // The same documents under the same years as the index by id files them.
    Xapian::Database ids((dir / "ids").string());
    std::size_t total = 0;
    for (const auto& [year, members] : years) {
        total += members.size();
        if (year > 0)
            CHECK(ids.get_termfreq(numbered("Y", year)) == members.size());
    }
    CHECK(total == sample_articles());
    // A first build compacts every shard (each changed entirely).
    for (const std::string& name : listed(dir / "years"))
        CHECK(name.find('.') != std::string::npos);
    // Xapian's own tools open the whole as one database through the stub.
    CHECK(Xapian::Database((dir / "years").string()).get_doccount() == sample_articles());
    // A second run changes nothing.
    const json again = index(dir / "years", {corpus.string()});
    CHECK(again["unchanged"] == sample_articles());
    CHECK(again["added"] == 0);
}

TEST_CASE("by year, an article whose year changes moves to its new year's shard") {
    TempDir dir;
    for (int i = 0; i < 6; ++i)
        write_file(dir / "in" / numbered("doc", i, ".txt"),
                   dated_article(i < 3 ? "2022-05-1" + std::string(1, char('0' + i))
                                       : "2023-03-0" + std::string(1, char('0' + i)),
                                 i));
    CHECK(index(dir / "db", {(dir / "in").string()}, {"--shard-by", "year"})["added"] == 6);
    std::map<int, std::set<std::string>> years = check_one_year_a_shard(dir / "db");
    REQUIRE(years[2022] == std::set<std::string>{"doc0", "doc1", "doc2"});
    REQUIRE(years[2023] == std::set<std::string>{"doc3", "doc4", "doc5"});

    // A new date for doc1: it leaves 2022's shard for a new shard of 2024.
    write_file(dir / "in" / "doc1.txt", dated_article("2024-01-20", 1));
    const json moved = index(dir / "db", {(dir / "in").string()});
    CHECK(moved["replaced"] == 1);
    CHECK(moved["documents"] == 6);
    years = check_one_year_a_shard(dir / "db");
    CHECK(years[2022] == std::set<std::string>{"doc0", "doc2"});
    CHECK(years[2024] == std::set<std::string>{"doc1"});

    // A researcher's correction of the year moves a document the same way, and searching
    // its words still finds it (its positions moved with it).
    write_file(dir / "fix.tsv", "id\tfield\tvalue\tnote\ndoc4\tyear\t2022\tchecked by hand\n");
    const json corrected =
        index(dir / "db", {(dir / "in").string()}, {"--corrections", (dir / "fix.tsv").string()});
    CHECK(corrected["corrected"] == 1);
    years = check_one_year_a_shard(dir / "db");
    CHECK(years[2022] == std::set<std::string>{"doc0", "doc2", "doc4"});
    CHECK(years[2023] == std::set<std::string>{"doc3", "doc5"});
    {
        vnsearch::SearchEngine engine({dir / "db"},
                                      vnsearch::Knowledge::load(vnsearch::data_dir()));
        vnsearch::SearchRequest req;
        req.q = "\"văn bản số 4\"";
        const vnsearch::SearchResponse res = engine.search(req);
        REQUIRE(res.total == 1);
        CHECK(res.hits.at(0).record.id == "doc4");
        req.q = "\"văn bản số 4\" year:2022";
        CHECK(engine.search(req).total == 1);
    }

    // Pruned documents leave their shards; the others stay where they are.
    fs::remove(dir / "in" / "doc3.txt");
    const json pruned = index(dir / "db", {(dir / "in").string()}, {"--prune"});
    CHECK(pruned["removed"] == 1);
    years = check_one_year_a_shard(dir / "db");
    CHECK(years[2023] == std::set<std::string>{"doc5"});
}

TEST_CASE("by year, a closed year's shard is compacted after small changes, the current "
          "year's only after large ones") {
    TempDir dir;
    const int this_year = [] {
        const std::time_t t = std::time(nullptr);
        std::tm tm{};
        gmtime_r(&t, &tm);
        return tm.tm_year + 1900;
    }();
    const std::string closed = std::to_string(this_year - 2);
    const std::string open = std::to_string(this_year);
    for (int i = 0; i < 40; ++i) {
        write_file(dir / "in" / numbered("c", i, ".txt"),
                   dated_article(closed + "-02-1" + std::string(1, char('0' + i % 10)), i));
        write_file(dir / "in" / numbered("o", i, ".txt"),
                   dated_article(open + "-01-1" + std::string(1, char('0' + i % 10)), 100 + i));
    }
    index(dir / "db", {(dir / "in").string()}, {"--shard-by", "year"});
    const auto before = listed(dir / "db");
    // One new article in each: a fortieth, above a hundredth, below a tenth.
    write_file(dir / "in" / "c-new.txt", dated_article(closed + "-06-01", 1000));
    write_file(dir / "in" / "o-new.txt", dated_article(open + "-01-02", 1001));
    index(dir / "db", {(dir / "in").string()});
    const auto after = listed(dir / "db");
    auto generation = [](const std::vector<std::string>& names, const std::string& year) {
        for (const std::string& n : names)
            if (n.rfind("year-" + year, 0) == 0)
                return n;
        return std::string();
    };
    REQUIRE(!generation(before, closed).empty());
    REQUIRE(!generation(before, open).empty());
    CHECK(generation(after, closed) != generation(before, closed)); // compacted anew
    CHECK(generation(after, open) == generation(before, open));     // left open
    CHECK(Xapian::Database((dir / "db").string()).get_doccount() == 82);
    check_one_year_a_shard(dir / "db");
}

TEST_CASE("an index keeps its layout: another one takes a rebuild") {
    TempDir dir;
    for (int i = 0; i < 4; ++i)
        write_file(dir / "in" / numbered("doc", i, ".txt"),
                   dated_article(std::to_string(2020 + i) + "-04-04", i));
    index(dir / "db", {(dir / "in").string()});
    const json refused = index(dir / "db", {(dir / "in").string()}, {"--shard-by", "year"}, 4);
    CHECK(refused["stderr"].get<std::string>().find("--rebuild") != std::string::npos);
    CHECK(listed(dir / "db").front().rfind("shard-", 0) == 0);

    const json rebuilt =
        index(dir / "db", {(dir / "in").string()}, {"--rebuild", "--shard-by", "year"});
    CHECK(rebuilt["added"] == 4);
    check_one_year_a_shard(dir / "db");
    // Only the new layout's folders are left.
    for (const auto& entry : fs::directory_iterator(dir / "db"))
        if (entry.is_directory())
            CHECK(entry.path().filename().string().rfind("shard-", 0) != 0);
    // A later rebuild keeps the layout unless told otherwise.
    index(dir / "db", {(dir / "in").string()}, {"--rebuild"});
    check_one_year_a_shard(dir / "db");
    CHECK(Xapian::Database((dir / "db").string()).get_doccount() == 4);
}

TEST_CASE("a group of near-duplicates is one result, its earliest member that passes the "
          "filters, whatever the order of indexing and the layout") {
    TempDir dir;
    // One story on three sites over three days: the same text, three outlets.
    const std::string text =
        "UBND tỉnh Lâm Đồng và Tập đoàn MobiFone ký kết thỏa thuận hợp tác chuyển đổi số giai "
        "đoạn 2025 - 2030, tập trung vào hạ tầng số, chính quyền số và kinh tế số. Theo thỏa "
        "thuận, MobiFone hỗ trợ tỉnh xây dựng trung tâm điều hành thông minh, đưa dịch vụ công "
        "trực tuyến đến từng xã và đào tạo kỹ năng số cho cán bộ, người dân.";
    auto line = [&](const std::string& id, const std::string& day, const std::string& site) {
        return nlohmann::json{{"id", id},
                              {"title", "Lâm Đồng và MobiFone hợp tác chuyển đổi số"},
                              {"published", "2025-03-" + day},
                              {"source", site},
                              {"text", text}}
                   .dump() +
               "\n";
    };
    write_file(dir / "a" / "x.jsonl", line("late", "14", "baomoi.example") +
                                          line("first", "12", "dantri.example") +
                                          line("middle", "13", "vnexpress.example"));
    write_file(dir / "b" / "x.jsonl", line("first", "12", "dantri.example") +
                                          line("middle", "13", "vnexpress.example") +
                                          line("late", "14", "baomoi.example"));
    index(dir / "by-id", {(dir / "a").string()}, {"--shards", "3"});
    index(dir / "by-year", {(dir / "b").string()}, {"--shard-by", "year"});
    for (const char* db : {"by-id", "by-year"}) {
        INFO(db);
        vnsearch::SearchEngine engine({dir / db}, vnsearch::Knowledge::load(vnsearch::data_dir()));
        const vnsearch::SearchResponse all = engine.facets();
        REQUIRE(all.total == 1);
        // Choosing any of the three outlets gives the story: each counts it once.
        REQUIRE(all.facets.at("source").size() == 3);
        for (const vnsearch::FacetCount& c : all.facets.at("source"))
            CHECK(c.count == 1);
        CHECK(all.facets.at("year").at(0).count == 1);
        vnsearch::SearchRequest req;
        req.q = "MobiFone Lâm Đồng";
        const vnsearch::SearchResponse hits = engine.search(req);
        REQUIRE(hits.hits.size() == 1);
        CHECK(hits.hits[0].record.id == "first");
        CHECK(hits.hits[0].copies == 3);
        // Without the first outlet, the next earliest copy is the result.
        req.filters.sources = {"vnexpress.example", "baomoi.example"};
        const vnsearch::SearchResponse rest = engine.search(req);
        REQUIRE(rest.total == 1);
        REQUIRE(rest.hits.size() == 1);
        CHECK(rest.hits[0].record.id == "middle");
        CHECK(rest.hits[0].copies == 2);
    }
}
