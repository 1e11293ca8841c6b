// vnsearch-index run as a real program: incremental runs, pruning, bad input, kill -9
// mid-run, the lock, and the index as Xapian's own tools see it.
#include "indexer_support.hpp"
#include "positions/positions.hpp"
#include "support.hpp"
#include "vnsearch/index_store.hpp"
#include "vnsearch/schema.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>
#include <xapian.h>
#include <zlib.h>

using namespace vnsearch::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string article(int n) {
    return "date 2023-0" + std::to_string(1 + n % 9) + "-1" + std::to_string(n % 10) +
           "\nTỉnh Gia Lai và VNPT ký kết hợp tác số " + std::to_string(n) +
           "\nSáng nay, UBND tỉnh Gia Lai và Tập đoàn VNPT ký kết thỏa thuận hợp tác về chuyển đổi "
           "số "
           "giai đoạn 2023-2025, tập trung vào hạ tầng số và chính quyền số. Văn bản số " +
           std::to_string(n) + " nêu rõ các nội dung về dịch vụ công trực tuyến.\n";
}

Xapian::doccount doccount(const fs::path& db) {
    return Xapian::Database(db.string()).get_doccount();
}

} // namespace

TEST_CASE("indexing the sample corpus twice changes nothing the second time") {
    TempDir dir;
    const fs::path corpus = source_root() / "corpus" / "articles";
    const json first = index(dir / "db", {corpus.string()});
    const std::size_t articles = sample_articles();
    REQUIRE(articles >= 210);
    CHECK(first["added"] == articles);
    CHECK(first["skipped_total"] == 0);
    const json second = index(dir / "db", {corpus.string()});
    CHECK(second["added"] == 0);
    CHECK(second["replaced"] == 0);
    CHECK(second["unchanged"] == articles);
    CHECK(second["documents"] == articles);
}

TEST_CASE("a changed file is replaced and a removed one pruned") {
    TempDir dir;
    for (int i = 0; i < 5; ++i)
        write_file(dir / "in" / ("doc" + std::to_string(i) + ".txt"), article(i));
    CHECK(index(dir / "db", {(dir / "in").string()})["added"] == 5);
    write_file(dir / "in" / "doc1.txt", article(101));
    fs::remove(dir / "in" / "doc2.txt");
    const json without_prune = index(dir / "db", {(dir / "in").string()});
    CHECK(without_prune["replaced"] == 1);
    CHECK(without_prune["removed"] == 0);
    CHECK(without_prune["documents"] == 5);
    const json pruned = index(dir / "db", {(dir / "in").string()}, {"--prune"});
    CHECK(pruned["removed"] == 1);
    CHECK(pruned["documents"] == 4);
    Xapian::Database db((dir / "db").string());
    CHECK(db.get_termfreq("Qdoc2") == 0);
    CHECK(db.get_termfreq("Qdoc1") == 1);
}

TEST_CASE("an index written with another schema is refused until rebuilt, and stays whole") {
    TempDir dir;
    for (int i = 0; i < 3; ++i)
        write_file(dir / "in" / ("doc" + std::to_string(i) + ".txt"), article(i));
    index(dir / "db", {(dir / "in").string()});
    for (const auto& e : fs::directory_iterator(dir / "db"))
        if (e.is_directory()) {
            Xapian::WritableDatabase shard(e.path().string(), Xapian::DB_OPEN);
            shard.set_metadata(std::string(vnsearch::schema::meta_version), "1");
            shard.commit();
        }
    write_file(dir / "in" / "doc3.txt", article(3));
    const json refused = index(dir / "db", {(dir / "in").string()}, {}, 4);
    const std::string err = refused["stderr"];
    CHECK_THAT(err, Catch::Contains((dir / "db").string()) && Catch::Contains("schema 1") &&
                        Catch::Contains("--rebuild"));
    CHECK(doccount(dir / "db") == 3);
    const json rebuilt = index(dir / "db", {(dir / "in").string()}, {"--rebuild"});
    CHECK(rebuilt["added"] == 4);
    CHECK(Xapian::Database((dir / "db").string())
              .get_metadata(std::string(vnsearch::schema::meta_version)) ==
          vnsearch::schema::version);
}

TEST_CASE("Xapian's own positions are written only on request, and an index keeps its choice") {
    TempDir dir;
    for (int i = 0; i < 3; ++i)
        write_file(dir / "in" / ("doc" + std::to_string(i) + ".txt"), article(i));
    index(dir / "plain", {(dir / "in").string()});
    index(dir / "xapian", {(dir / "in").string()}, {"--xapian-positions"});
    CHECK_FALSE(Xapian::Database((dir / "plain").string()).has_positions());
    CHECK(Xapian::Database((dir / "xapian").string()).has_positions());
    // The same terms and frequencies either way.
    const Xapian::Database plain((dir / "plain").string()), xapian((dir / "xapian").string());
    CHECK(plain.get_total_length() == xapian.get_total_length());
    CHECK(plain.get_termfreq("lai") == xapian.get_termfreq("lai"));

    write_file(dir / "in" / "doc3.txt", article(3));
    const json without = index(dir / "xapian", {(dir / "in").string()}, {}, 4);
    CHECK_THAT(without["stderr"].get<std::string>(), Catch::Contains("--xapian-positions"));
    const json with = index(dir / "plain", {(dir / "in").string()}, {"--xapian-positions"}, 4);
    CHECK_THAT(with["stderr"].get<std::string>(), Catch::Contains("without --xapian-positions"));
    CHECK(doccount(dir / "xapian") == 3);
    CHECK(index(dir / "xapian", {(dir / "in").string()}, {"--xapian-positions"})["added"] == 1);
}

TEST_CASE("bad input is reported with its path and line and skipped, the rest indexed") {
    TempDir dir;
    const fs::path in = dir / "in";
    write_file(in / "good.txt", article(1));
    write_file(in / "empty.txt", "");
    write_file(in / "binary.txt", std::string("\x7f"
                                              "ELF\0\0\0\x01\x02\x03 binary",
                                              16));
    write_file(in / "latin1.txt", article(2) + "Kh\xe1"
                                               "nh H\xf2"
                                               "a\n"); // stray Latin-1 bytes
    {
        std::ofstream big(in / "big.txt", std::ios::binary);
        big.seekp(51 * 1024 * 1024);
        big.put('x');
    }
    write_file(in / "feed.jsonl", "{\"id\": \"j1\", \"title\": \"Tin một\", \"published\": "
                                  "\"2024-03-14\", \"text\": \"Gia Lai và Viettel hợp tác\"}\n"
                                  "{\"id\": \"j2\", \"text\": \n"
                                  "{\"id\": \"j3\", \"title\": \"không có văn bản\"}\n"
                                  "[1, 2]\n"
                                  "{\"text\": \"Bài không có id, Cà Mau và MobiFone\"}\n");
    {
        gzFile gz = gzopen((in / "more.jsonl.gz").c_str(), "wb");
        const std::string line =
            "{\"id\": \"g1\", \"text\": \"Đà Nẵng và FPT ký kết hợp tác chuyển đổi số\"}\n";
        gzwrite(gz, line.data(), static_cast<unsigned>(line.size()));
        gzclose(gz);
    }
    TempDir out;
    const RunResult r = run({indexer_path(), "--db", (dir / "db").string(), "--report",
                             (out / "r.json").string(), in.string()});
    REQUIRE(r.exit_code == 0);
    const json report = json::parse(read_file(out / "r.json"));
    CHECK(report["added"] == 5); // good, latin1, j1, feed:5, g1
    CHECK(report["skipped"]["empty"] == 1);
    CHECK(report["skipped"]["binary"] == 1);
    CHECK(report["skipped"]["too_large"] == 1);
    CHECK(report["skipped"]["invalid_json"] == 2);
    CHECK(report["skipped"]["missing_text"] == 1);
    CHECK(report["repaired"] == 1);
    // Messages name the file and the line.
    CHECK_THAT(r.err, Catch::Contains("feed.jsonl:2") && Catch::Contains("feed.jsonl:3") &&
                          Catch::Contains("big.txt") && Catch::Contains("binary.txt"));
    Xapian::Database db((dir / "db").string());
    CHECK(db.get_termfreq("Qfeed:5") == 1);
    CHECK(db.get_termfreq("Qg1") == 1);
    CHECK(db.get_termfreq("Y2024") == 1);
}

TEST_CASE("a second indexer on the same index gets a clear lock error") {
    TempDir dir;
    std::string feed;
    for (int i = 0; i < 3000; ++i)
        feed += json({{"id", std::string("l").append(std::to_string(i))}, {"text", article(i)}})
                    .dump() +
                "\n";
    write_file(dir / "in" / "feed.jsonl", feed);
    const fs::path db = dir / "db";
    Child first({indexer_path(), "--quiet", "--db", db.string(), (dir / "in").string()},
                dir / "out", dir / "err");
    // Once the first run has made the index, a second one must be refused.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline && !fs::exists(db / "XAPIANDB"))
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(first.running());
    const RunResult second =
        run({indexer_path(), "--quiet", "--db", db.string(), (dir / "in").string()});
    const bool still_running = first.running();
    CHECK(second.exit_code == 3);
    CHECK_THAT(second.err, Catch::Contains("locked") && Catch::Contains(db.string()));
    CHECK(still_running);
    CHECK(first.wait() == 0);
}

TEST_CASE(
    "killing the indexer mid-run leaves the last committed index whole, and a re-run finishes") {
    TempDir dir;
    std::string feed;
    constexpr int total = 4000;
    for (int i = 0; i < total; ++i) {
        json line = {{"id", std::string("k").append(std::to_string(i))},
                     {"published", "2024-01-02"},
                     {"text", article(i)}};
        feed += line.dump() + "\n";
    }
    write_file(dir / "in" / "feed.jsonl", feed);
    const fs::path db = dir / "db";
    Child child(
        {indexer_path(), "--quiet", "--batch", "100", "--db", db.string(), (dir / "in").string()},
        dir / "out", dir / "err");
    // Wait for a first commit, then kill without warning.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    Xapian::doccount seen = 0;
    while (std::chrono::steady_clock::now() < deadline && child.running()) {
        try {
            seen = doccount(db);
        } catch (const Xapian::Error&) {
            seen = 0;
        }
        if (seen >= 200)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const bool killed_mid_run = child.running();
    child.kill_hard();
    REQUIRE(seen >= 200);
    // The index opens and every committed document is complete and searchable.
    Xapian::Database after(db.string());
    const Xapian::doccount committed = after.get_doccount();
    CHECK(committed >= seen);
    for (Xapian::PostingIterator p = after.postlist_begin(""); p != after.postlist_end(""); ++p) {
        const Xapian::Document doc = after.get_document(*p);
        REQUIRE(!doc.get_data().empty());
        REQUIRE(doc.get_value(vnsearch::schema::slot_facets).size() ==
                vnsearch::schema::FacetRecord{}.pack().size());
    }
    // Every committed document has its positions in the store, written in the same commit.
    for (const fs::path& shard_path : vnsearch::shard_paths(db)) {
        const Xapian::Database shard(shard_path.string());
        REQUIRE(vnsearch::has_positions(shard));
        std::vector<Xapian::docid> holders, stored;
        for (auto p = shard.postlist_begin("lai"); p != shard.postlist_end("lai"); ++p)
            holders.push_back(*p);
        const vnsearch::TermPositions lai(shard, "lai");
        for (vnsearch::TermPositions::Cursor c(lai);
             c.seek(stored.empty() ? 1 : stored.back() + 1);)
            stored.push_back(c.docid());
        CHECK(stored == holders);
    }
    if (killed_mid_run)
        CHECK(committed < static_cast<Xapian::doccount>(total));
    const json rerun = index(db, {(dir / "in").string()});
    CHECK(rerun["documents"] == total);
    CHECK(rerun["added"].get<int>() + rerun["unchanged"].get<int>() == total);
    // The killed run's documents count towards compacting: the index ends compacted, not
    // left at the size of its uncompacted batches for good.
    for (const fs::path& shard_path : vnsearch::shard_paths(db)) {
        INFO(shard_path);
        CHECK(Xapian::Database(shard_path.string())
                  .get_metadata(std::string(vnsearch::schema::meta_uncompacted))
                  .empty());
    }
}

TEST_CASE("extract-only mode prints one record per article and writes no index") {
    TempDir dir;
    const RunResult r = run({indexer_path(), "--extract-only",
                             (source_root() / "corpus" / "articles" / "a001.txt").string()});
    REQUIRE(r.exit_code == 0);
    const json rec = json::parse(r.out);
    CHECK(rec["id"] == "a001");
    CHECK(rec["province"] == "Tuyên Quang");
    CHECK(rec["former_province"] == "Hà Giang");
    CHECK(rec["carriers"] == json::array({"VNPT"}));
    CHECK_FALSE(fs::exists(dir / "db"));
}

TEST_CASE("bad command lines and unusable paths fail with a message") {
    TempDir dir;
    const RunResult no_input = run({indexer_path(), "--db", (dir / "db").string()});
    CHECK(no_input.exit_code != 0);
    write_file(dir / "file", "x");
    const RunResult not_a_dir = run({indexer_path(), "--db", (dir / "file" / "db").string(),
                                     (source_root() / "corpus").string()});
    CHECK(not_a_dir.exit_code == 1);
    CHECK_THAT(not_a_dir.err, Catch::Contains((dir / "file").string()));
}

TEST_CASE("Xapian's own tools open the index and find documents by the documented prefixes") {
    TempDir dir;
    index(dir / "db", {(source_root() / "corpus" / "articles").string()});
    const RunResult delve =
        run({"/usr/bin/xapian-delve", "-t", "XPquang_tri", (dir / "db").string()});
    REQUIRE(delve.exit_code == 0);
    // As many documents as the labels give Quảng Trị for a partner.
    CHECK_THAT(delve.out,
               Catch::Contains("termfreq " + std::to_string(labelled("province", "Quảng Trị"))));
    const RunResult quest = run({"/usr/bin/quest", "-d", (dir / "db").string(), "-s", "none", "-b",
                                 "carrier:XC", "carrier:viettel \"hop tac\""});
    REQUIRE(quest.exit_code == 0);
    CHECK_THAT(quest.out, Catch::Contains("matches") && !Catch::Contains("Exactly 0 matches"));
}

TEST_CASE("readers open the whole index at every moment of a rebuild and its compaction") {
    // A rebuild writes new shards beside the live ones and compacts them into names no
    // live shard has; the stub switches at once. Whenever a reader opens the index through
    // its stub, it finds every shard the stub lists, with every document.
    TempDir dir;
    const fs::path db = dir / "db";
    const std::string corpus = (source_root() / "corpus" / "articles").string();
    const std::size_t articles = index(db, {corpus})["documents"];
    for (int round = 0; round < 3; ++round) {
        INFO("rebuild " << round);
        Child rebuild({indexer_path(), "--quiet", "--rebuild", "--db", db.string(), corpus},
                      dir / "out", dir / "err");
        std::size_t opened = 0, failed = 0;
        std::string why;
        while (rebuild.running()) {
            try {
                const Xapian::Database reader = vnsearch::open_index({db});
                if (reader.get_doccount() != articles)
                    throw std::runtime_error("a stub of " + std::to_string(reader.get_doccount()) +
                                             " documents");
                ++opened;
            } catch (const std::exception& e) {
                ++failed;
                why = e.what();
            } catch (const Xapian::Error& e) {
                ++failed;
                why = e.get_description();
            }
        }
        CHECK(rebuild.wait() == 0);
        INFO(why);
        CHECK(failed == 0);
        CHECK(opened > 0);
        CHECK(vnsearch::open_index({db}).get_doccount() == articles);
    }
}

TEST_CASE("a file name that is not UTF-8 and a damaged gzip are reported by path and skipped") {
    TempDir dir;
    write_file(dir / "in" / "good.txt", article(1));
    write_file(dir / "in" /
                   "b\xE0"
                   "d.txt",
               article(2)); // 0xE0 starts no valid sequence here
    // A gzip cut in the middle: the lines before the cut are read, the damage reported.
    std::string lines;
    for (int i = 0; i < 400; ++i)
        lines
            .append(json{{"id", std::string("j").append(std::to_string(i))}, {"text", article(i)}}
                        .dump())
            .push_back('\n');
    const fs::path gz = dir / "in" / "cut.jsonl.gz";
    gzFile out = gzopen(gz.c_str(), "wb");
    gzwrite(out, lines.data(), static_cast<unsigned>(lines.size()));
    gzclose(out);
    fs::resize_file(gz, fs::file_size(gz) / 2);

    const json r = index(dir / "db", {(dir / "in").string()});
    std::map<std::string, std::string> messages;
    for (const json& issue : r["issues"])
        messages[issue["reason"]] = issue["message"];
    CHECK_THAT(messages["bad_name"],
               Catch::Contains("b\\xE0d.txt") && Catch::Contains("not valid UTF-8"));
    CHECK_THAT(messages["unreadable"],
               Catch::Contains("cut.jsonl.gz") && Catch::Contains("damaged gzip data"));
    const int read = r["added"].get<int>() - 1; // good.txt besides the gzip's lines
    CHECK(read > 0);
    CHECK(read < 400);
    CHECK(r["documents"] == r["added"]);
    // The next run finds the same and changes nothing.
    CHECK(index(dir / "db", {(dir / "in").string()})["unchanged"] == r["added"]);
}
