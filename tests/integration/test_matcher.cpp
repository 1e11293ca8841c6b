// The engine's own matching from posting lists in memory, against Xapian's matcher on the
// same index: the same documents, the same BM25 weights, the same phrases (the index keeps
// Xapian's positions too, for Xapian's phrase matcher; the engine reads its own).
#include "index/document_builder.hpp"
#include "match/matcher.hpp"
#include "positions/positions.hpp"
#include "support.hpp"
#include "vnsearch/data_dir.hpp"
#include "vnsearch/index_store.hpp"
#include "vnsearch/query.hpp"
#include "vnsearch/schema.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <xapian.h>

using namespace vnsearch;
using namespace vnsearch::test;
namespace fs = std::filesystem;

namespace {

/// The sample corpus and the fixtures in a two-shard index (docids interleave), with
/// Xapian's own positions too when `xapian_positions`, so that Xapian's matcher can check
/// the engine's phrases.
struct Index {
    TempDir dir;
    explicit Index(XapianPositions xapian_positions) {
        std::vector<std::string> args{indexer_path(),       "--quiet", "--shards", "2", "--db",
                                      (dir / "db").string()};
        if (xapian_positions == XapianPositions::written)
            args.push_back("--xapian-positions");
        args.push_back((source_root() / "corpus" / "articles").string());
        args.push_back((source_root() / "tests" / "data" / "fixtures").string());
        const RunResult r = run(args);
        if (r.exit_code != 0)
            throw std::runtime_error("indexing failed: " + r.err);
    }
    /// The shards, and the database combining them in the same order.
    std::vector<Xapian::Database> shards() const {
        std::vector<Xapian::Database> out;
        for (const fs::path& shard : shard_paths(dir / "db"))
            out.emplace_back(shard.string());
        return out;
    }
};

/// The index Xapian's matcher can check phrases in.
const Index& sample_index() {
    static const Index index(XapianPositions::written);
    return index;
}

/// The index as vnsearch-index writes it by default: positions only in its own stores.
const Index& default_index() {
    static const Index index(XapianPositions::omitted);
    return index;
}

const QueryParser& parser() {
    static const QueryParser p(Knowledge::load(data_dir()));
    return p;
}

const std::vector<std::string> queries = {
    "chuyển đổi số",
    "chuyen doi so",
    "\"hạ tầng số\"",
    "\"co so du lieu\" đất đai",
    "Thái Nguyên",
    "Kontum",
    "Tập đoàn Công nghiệp - Viễn thông Quân đội",
    "Lê Văn Hùng",
    "bản",
    "hạ tầng OR chính quyền",
    "chuyển đổi số -Viettel",
    "NOT VNPT",
    "title:VNPT",
    "dịch vụ công trực tuyến tỉnh",
    // Phrases of words in nearly every document beside a rare clause: checked in its few
    // documents only (Matcher::all_of), holding there or not.
    "title:Kontum (\"thỏa thuận hợp tác\" OR \"công nghệ thông tin\" OR \"hợp tác chuyển đổi "
    "số\")",
    "title:Kontum (\"tác hợp thuận thỏa\" OR \"tin thông nghệ công\" OR \"số đổi chuyển tác "
    "hợp\") OR Kontum",
    "(Kontum OR \"Kon Tum\") MobiFone (\"chuyển đổi số\" OR \"hạ tầng số\")",
};

/// All the shards as one database.
Xapian::Database combined(const std::vector<Xapian::Database>& shards) {
    Xapian::Database db;
    for (const Xapian::Database& s : shards)
        db.add_database(s);
    return db;
}

} // namespace

TEST_CASE("the engine's matching gives Xapian's matches with Xapian's BM25 weights") {
    const std::vector<Xapian::Database> shards = sample_index().shards();
    const Xapian::Database db = combined(shards);
    REQUIRE(db.size() == 2);
    const Collection collection = Collection::read(db);
    // The server's default memory for posting lists, and too little to keep any list but the
    // last one read (vnsearch-server --postings-mb): lists are dropped while still in use.
    const std::size_t budget = GENERATE(std::size_t{64} << 20, std::size_t{1});
    INFO("postings budget " << budget);
    MatcherCaches caches(budget, 8u << 20);
    for (const std::string& q : queries) {
        INFO(q);
        const ParsedQuery parsed = parser().parse(q);
        REQUIRE(parsed.has_text);
        Xapian::Enquire enquire(db);
        enquire.set_query(parsed.tree.to_xapian());
        const Xapian::MSet expected = enquire.get_mset(0, db.get_doccount(), db.get_doccount());
        std::map<Xapian::docid, double> weights;
        for (auto it = expected.begin(); it != expected.end(); ++it)
            weights[*it] = it.get_weight();
        CHECK(!weights.empty());
        // Twice: the second time from the posting lists and phrases the first one cached.
        for (int pass = 0; pass < 2; ++pass) {
            Matcher matcher(db, shards, collection, "r", caches);
            const Scored got = matcher.evaluate(parsed.tree);
            REQUIRE(got.docs.size() == weights.size());
            REQUIRE(std::is_sorted(got.docs.begin(), got.docs.end()));
            for (std::size_t i = 0; i < got.docs.size(); ++i) {
                const auto it = weights.find(got.docs[i]);
                REQUIRE(it != weights.end());
                CHECK(std::abs(got.weights[i] - it->second) <= 1e-9 * std::max(1.0, it->second));
            }
        }
    }
}

TEST_CASE("a boost phrase holds exactly where Xapian's phrase matches, and weighs no more "
          "than its bound") {
    const std::vector<Xapian::Database> shards = sample_index().shards();
    const Xapian::Database db = combined(shards);
    const Collection collection = Collection::read(db);
    MatcherCaches caches(64u << 20, 8u << 20);
    std::size_t phrases = 0, held = 0;
    for (const std::string& q : queries) {
        const ParsedQuery parsed = parser().parse(q);
        for (const QueryNode& boost : parsed.boosts) {
            if (boost.op != QueryNode::Op::phrase)
                continue;
            INFO(q << ": " << boost.describe());
            ++phrases;
            Xapian::Enquire enquire(db);
            enquire.set_query(boost.to_xapian());
            const Xapian::MSet expected = enquire.get_mset(0, db.get_doccount());
            std::map<Xapian::docid, double> weights;
            for (auto it = expected.begin(); it != expected.end(); ++it)
                weights[*it] = it.get_weight();
            Matcher matcher(db, shards, collection, "r", caches);
            std::vector<double> exact(collection.all.size(), 0.0),
                bound(collection.all.size(), 0.0);
            matcher.add_weights(boost, collection.all, exact);
            matcher.add_bounds(boost, collection.all, bound);
            for (std::size_t i = 0; i < collection.all.size(); ++i) {
                const Xapian::docid d = collection.all[i];
                const bool holds = matcher.holds_phrase(boost, d);
                CHECK(holds == (weights.count(d) == 1));
                CHECK(exact[i] <= bound[i]);
                if (holds) {
                    ++held;
                    CHECK(std::abs(exact[i] - weights[d]) <= 1e-9 * std::max(1.0, weights[d]));
                    CHECK(exact[i] == bound[i]);
                }
            }
        }
    }
    CHECK(phrases >= 5);
    CHECK(held > 0);
}

TEST_CASE("after articles are rewritten and removed, phrases read from the positions store "
          "are Xapian's phrase matches") {
    TempDir dir;
    const fs::path in = dir / "in";
    fs::create_directories(in);
    for (const auto& entry : fs::directory_iterator(source_root() / "corpus" / "articles"))
        fs::copy_file(entry.path(), in / entry.path().filename());
    auto index = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{indexer_path(),       "--quiet", "--xapian-positions",
                                      "--shards",           "2",       "--db",
                                      (dir / "db").string()};
        args.insert(args.end(), extra.begin(), extra.end());
        args.push_back(in.string());
        const RunResult r = run(args);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    };
    index({});
    // Rewrite a few articles (too few to compact, or to merge their new chunks): the
    // phrase moves in some, appears in others; two go.
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(in))
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (std::size_t i = 0; i < 6; ++i) {
        std::string text = read_file(files[i]);
        for (std::size_t at = text.find("chuyển đổi số"); at != std::string::npos;
             at = text.find("chuyển đổi số", at + 1))
            text.replace(at, std::string("chuyển đổi số").size(), "số chuyển đổi");
        write_file(files[i], text + "\nCác bên thống nhất đầu tư hạ tầng số và cơ sở dữ liệu.\n");
    }
    // A word in one article only: phrases with it have one candidate among long lists,
    // checked from that document's own positions rather than by walking the runs.
    write_file(files[0], read_file(files[0]) + "Dự án chuyển đổi số Zet được khởi động.\n");
    fs::remove(files[10]);
    fs::remove(files[11]);
    index({"--prune"});

    const std::vector<Xapian::Database> shards = [&] {
        std::vector<Xapian::Database> out;
        for (const fs::path& shard : shard_paths(dir / "db"))
            out.emplace_back(shard.string());
        return out;
    }();
    const Xapian::Database db = combined(shards);
    // The scene: the rewritten articles' positions are in the journal, read with the runs.
    std::size_t journals = 0;
    for (const Xapian::Database& shard : shards)
        journals += journal_length(shard);
    CHECK(journals >= 1);

    const Collection collection = Collection::read(db);
    MatcherCaches caches(64u << 20, 8u << 20);
    const std::vector<std::vector<std::string>> phrases = {
        {"chuyen", "doi", "so"},    {"so", "chuyen", "doi"}, {"ha", "tang", "so"},
        {"co", "so", "du", "lieu"}, {"doi", "so"},           {"so", "so"},
        {"thai", "nguyen"},         {"vien", "thong"},       {"chuyen", "doi", "so", "zet"},
        {"doi", "so", "zet"},       {"so", "zet", "chuyen"}};
    std::size_t matched = 0;
    for (const std::vector<std::string>& words : phrases) {
        INFO(words[0] << " " << words[1]);
        std::vector<QueryNode> leaves;
        std::vector<Xapian::Query> terms;
        for (const std::string& w : words) {
            leaves.push_back(QueryNode::leaf(w));
            terms.emplace_back(w);
        }
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                                        static_cast<Xapian::termcount>(terms.size())));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        const Xapian::MSet expected = enquire.get_mset(0, db.get_doccount());
        std::vector<Xapian::docid> want;
        for (auto it = expected.begin(); it != expected.end(); ++it)
            want.push_back(*it);
        std::sort(want.begin(), want.end());
        Matcher matcher(db, shards, collection, "r", caches);
        CHECK(matcher.evaluate(QueryNode::of(QueryNode::Op::phrase, leaves)).docs == want);
        matched += want.size();
    }
    CHECK(matched > 50);
}

TEST_CASE("without Xapian's positions the engine matches and weighs as with them") {
    // Documents by their id term: the two indexes need not number them alike.
    auto id_of = [](const Xapian::Database& db, Xapian::docid d) {
        Xapian::TermIterator t = db.termlist_begin(d);
        t.skip_to(std::string(schema::id));
        return *t;
    };
    auto results = [&](const Index& index) {
        const std::vector<Xapian::Database> shards = index.shards();
        const Xapian::Database db = combined(shards);
        const Collection collection = Collection::read(db);
        MatcherCaches caches(64u << 20, 8u << 20);
        std::vector<std::map<std::string, double>> out;
        for (const std::string& q : queries) {
            const ParsedQuery parsed = parser().parse(q);
            Matcher matcher(db, shards, collection, "r", caches);
            const Scored got = matcher.evaluate(parsed.tree);
            std::map<std::string, double>& weights = out.emplace_back();
            for (std::size_t i = 0; i < got.docs.size(); ++i)
                weights[id_of(db, got.docs[i])] = got.weights[i];
            // Boost phrases, checked one document at a time.
            for (const QueryNode& boost : parsed.boosts) {
                if (boost.op != QueryNode::Op::phrase)
                    continue;
                std::map<std::string, double>& held = out.emplace_back();
                for (const Xapian::docid d : collection.all)
                    if (matcher.holds_phrase(boost, d))
                        held[id_of(db, d)] = 1;
            }
        }
        return out;
    };
    for (const Xapian::Database& shard : default_index().shards())
        CHECK_FALSE(shard.has_positions());
    for (const Xapian::Database& shard : sample_index().shards())
        CHECK(shard.has_positions());
    const auto with = results(sample_index());
    const auto without = results(default_index());
    REQUIRE(with.size() == without.size());
    std::size_t held = 0;
    for (std::size_t i = 0; i < with.size(); ++i) {
        REQUIRE(with[i].size() == without[i].size());
        held += with[i].size();
        for (const auto& [id, weight] : with[i]) {
            INFO(i << " " << id);
            const auto it = without[i].find(id);
            REQUIRE(it != without[i].end());
            CHECK(std::abs(it->second - weight) <= 1e-9 * std::max(1.0, weight));
        }
    }
    CHECK(held > 100);
}
