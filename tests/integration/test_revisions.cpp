// The search engine while the index changes under it: a reader overtaken by the writer
// moves on to the newest revision, and searches keep their answers while the indexer adds,
// compacts and rebuilds.
#include "support.hpp"
#include "vnsearch/data_dir.hpp"
#include "vnsearch/index_store.hpp"
#include "vnsearch/search.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <thread>
#include <xapian.h>

using namespace vnsearch::test;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<const vnsearch::Knowledge> knowledge() {
    static const auto k = vnsearch::Knowledge::load(vnsearch::data_dir());
    return k;
}

/// Rewrites every document of every shard `rounds` times, one commit each, its terms and its
/// data (a record with a space after it reads the same): enough for the writer to reuse the
/// blocks an older revision was read from, whichever table they belong to.
void rewrite_every_document(const fs::path& db, int rounds) {
    for (const fs::path& shard : vnsearch::shard_paths(db)) {
        Xapian::WritableDatabase w(shard.string(), Xapian::DB_OPEN);
        for (int round = 0; round < rounds; ++round) {
            for (auto it = w.postlist_begin(""); it != w.postlist_end(""); ++it) {
                Xapian::Document doc = w.get_document(*it);
                doc.add_term("Zrewritten" + std::to_string(round));
                doc.set_data(doc.get_data() + " ");
                w.replace_document(*it, doc);
            }
            w.commit();
        }
    }
}

std::string article(int i) {
    static const char* const provinces[] = {"Gia Lai", "Đắk Lắk", "Quảng Ninh", "Cà Mau"};
    static const char* const carriers[] = {"VNPT", "Viettel", "MobiFone", "FPT"};
    return "date 2024-" + std::to_string(1 + i % 12) + "-" + std::to_string(1 + i % 28) +
           "\nUBND tỉnh " + provinces[i % 4] + " và " + carriers[(i / 4) % 4] +
           " ký kết thỏa thuận hợp tác chuyển đổi số số " + std::to_string(i) +
           "\nHai bên hợp tác phát triển hạ tầng số, chính quyền số và kinh tế số giai đoạn "
           "2024-2030. Bài số " +
           std::to_string(i) + ".\n";
}

} // namespace

TEST_CASE("a reader overtaken by the writer reopens the index and answers") {
    TempDir dir;
    const fs::path db = dir / "db";
    REQUIRE(run({indexer_path(), "--quiet", "--db", db.string(),
                 (source_root() / "corpus" / "articles").string()})
                .exit_code == 0);
    // Threads look for new revisions only when their own is gone: nothing else moves them.
    vnsearch::SearchEngine engine({db}, knowledge(),
                                  vnsearch::SearchEngine::default_postings_budget_bytes,
                                  std::chrono::hours(1));
    vnsearch::SearchRequest all;
    const std::size_t documents = engine.search(all).total;
    const std::string revision = engine.stats().revision;
    REQUIRE(engine.document("a001"));

    rewrite_every_document(db, 6);
    CHECK(engine.stats().revision == revision); // still reading the old revision

    // Reading the old revision now fails inside Xapian (DatabaseModifiedError): the engine
    // moves to the newest one and answers from it.
    const auto record = engine.document("a002");
    REQUIRE(record);
    CHECK(record->id == "a002");
    CHECK(engine.stats().revision != revision);
    vnsearch::SearchRequest text;
    text.q = "chuyển đổi số";
    CHECK(engine.search(text).total > 0);
    CHECK(engine.search(all).total == documents);
}

TEST_CASE("searches, documents and exports keep answering while the indexer adds, compacts and "
          "rebuilds") {
    TempDir dir;
    const fs::path db = dir / "db";
    write_file(dir / "first" / "0.txt", article(0));
    REQUIRE(
        run({indexer_path(), "--quiet", "--db", db.string(), (dir / "first").string()}).exit_code ==
        0);
    constexpr int articles = 1200;
    for (int i = 1; i < articles; ++i)
        write_file(dir / "first" / (std::to_string(i) + ".txt"), article(i));

    vnsearch::SearchEngine engine({db}, knowledge(), 4u << 20, std::chrono::milliseconds(20));
    std::atomic<bool> writing = true;
    std::atomic<std::size_t> answered = 0, failed = 0;
    std::string why;
    std::mutex why_mutex;
    auto reader = [&](int seed) {
        static const char* const queries[] = {"ký kết",     "VNPT",    "chuyển đổi số",
                                              "hạ tầng số", "Gia Lai", "kinh tế số"};
        for (int i = seed; writing; ++i) {
            try {
                vnsearch::SearchRequest r;
                r.q = queries[i % 6];
                r.page = 1 + i % 3;
                const auto res = engine.search(r);
                if (res.total == 0)
                    throw std::runtime_error("nothing found for " + r.q);
                if (!engine.document("0"))
                    throw std::runtime_error("the first article is missing");
                if (i % 10 == 0) {
                    std::size_t exported = 0;
                    engine.export_records(
                        r, [&](const vnsearch::ArticleRecord&) { return ++exported < 200; });
                    if (exported == 0)
                        throw std::runtime_error("nothing exported for " + r.q);
                }
                ++answered;
            } catch (const std::exception& e) {
                ++failed;
                std::lock_guard lock(why_mutex);
                why = e.what();
            } catch (const Xapian::Error& e) {
                ++failed;
                std::lock_guard lock(why_mutex);
                why = e.get_description();
            }
        }
    };
    std::vector<std::thread> readers;
    for (int t = 0; t < 3; ++t)
        readers.emplace_back(reader, t);
    // Many small commits, a compaction at the end, then a rebuild into new shards.
    const RunResult add = run({indexer_path(), "--quiet", "--batch", "50", "--db", db.string(),
                               (dir / "first").string()});
    const RunResult rebuild = run(
        {indexer_path(), "--quiet", "--rebuild", "--db", db.string(), (dir / "first").string()});
    writing = false;
    for (std::thread& t : readers)
        t.join();
    INFO(add.err << rebuild.err);
    CHECK(add.exit_code == 0);
    CHECK(rebuild.exit_code == 0);
    INFO(why);
    CHECK(failed == 0);
    CHECK(answered > 0);
    // The engine moves on to the rebuilt index, and answers as an engine opened on it now.
    vnsearch::SearchEngine fresh({db}, knowledge());
    const std::size_t expected = fresh.search({}).total;
    CHECK(fresh.stats().documents == articles);
    std::size_t seen = 0, documents = 0;
    for (int i = 0; i < 100 && (seen != expected || documents != articles); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        seen = engine.search({}).total;
        documents = engine.stats().documents;
    }
    CHECK(documents == articles);
    CHECK(seen == expected);
}
