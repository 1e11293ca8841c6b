#include "positions/positions.hpp"
#include "vnsearch/index_store.hpp"
#include "vnsearch/schema.hpp"
#include "vnsearch/tokenizer.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <random>
#include <unistd.h>

using namespace vnsearch;

namespace {

/// A new glass database in a folder of its own, removed afterwards (the in-memory backend
/// cannot list metadata keys).
struct ScratchDatabase {
    std::filesystem::path dir;
    Xapian::WritableDatabase db;
    ScratchDatabase()
        : dir(std::filesystem::temp_directory_path() /
              ("vnsearch-positions-" + std::to_string(::getpid()) + "-" +
               std::to_string(counter()++))),
          db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS) {}
    ~ScratchDatabase() {
        db.close();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    static int& counter() {
        static int n = 0;
        return n;
    }
};

/// A document of `words` (folded), one position each, as the tokenizer would give them.
std::vector<Token> tokens_of(const std::vector<std::string>& words) {
    std::vector<Token> out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        Token t;
        t.folded = words[i];
        t.position = static_cast<std::uint32_t>(i);
        out.push_back(std::move(t));
    }
    return out;
}

/// The Xapian document DocumentBuilder would give `words`' body.
Xapian::Document document_of(const std::vector<std::string>& words) {
    Xapian::Document doc;
    for (std::size_t i = 0; i < words.size(); ++i)
        doc.add_posting(words[i], schema::body_positions + static_cast<Xapian::termpos>(i));
    return doc;
}

/// Where `phrase` occurs in `words`, by brute force.
bool holds(const std::vector<std::string>& words, const std::vector<std::string>& phrase) {
    for (std::size_t i = 0; i + phrase.size() <= words.size(); ++i)
        if (std::equal(phrase.begin(), phrase.end(), words.begin() + static_cast<long>(i)))
            return true;
    return false;
}

std::vector<Xapian::docid> holders(const Xapian::Database& db,
                                   const std::vector<std::string>& phrase) {
    std::vector<TermPositions> read;
    read.reserve(phrase.size());
    std::vector<const TermPositions*> terms;
    for (const std::string& w : phrase)
        terms.push_back(&read.emplace_back(db, w));
    std::vector<Xapian::docid> all;
    for (Xapian::docid d = 1; d <= db.get_lastdocid(); ++d)
        all.push_back(d);
    return phrase_in(terms, all);
}

/// A random text of `n` words from a vocabulary of `vocabulary`.
std::vector<std::string> random_words(std::mt19937& rng, std::size_t n, int vocabulary) {
    std::uniform_int_distribution<int> pick(0, vocabulary - 1);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(std::string(1, 'w').append(std::to_string(pick(rng))));
    return out;
}

} // namespace

TEST_CASE("a phrase is found in exactly the documents where its words stand in order") {
    ScratchDatabase scratch;
    Xapian::WritableDatabase& db = scratch.db;
    start_positions(db);
    std::mt19937 rng(7);
    std::vector<std::vector<std::string>> texts;
    PositionsBatch batch;
    for (int d = 1; d <= 300; ++d) {
        texts.push_back(random_words(rng, 5 + static_cast<std::size_t>(d % 40), 6));
        const Xapian::docid id = db.add_document(document_of(texts.back()));
        batch.add(id, tokens_of(texts.back()));
        if (d % 70 == 0) { // several commits: several chunks a term
            batch.flush(db);
            db.commit();
        }
    }
    batch.flush(db);
    db.commit();
    std::size_t found = 0;
    for (int round = 0; round < 200; ++round) {
        const std::vector<std::string> phrase =
            random_words(rng, 2 + static_cast<std::size_t>(round % 3), 6);
        std::vector<Xapian::docid> expected;
        for (std::size_t i = 0; i < texts.size(); ++i)
            if (holds(texts[i], phrase))
                expected.push_back(static_cast<Xapian::docid>(i + 1));
        INFO(phrase[0] << " " << phrase[1]);
        CHECK(holders(db, phrase) == expected);
        found += expected.size();
    }
    CHECK(found > 100);
}

TEST_CASE("a document written again in a later commit is read from its newest entry, and "
          "merging keeps only documents that still hold the term") {
    ScratchDatabase scratch;
    Xapian::WritableDatabase& db = scratch.db;
    start_positions(db);
    const std::vector<std::vector<std::string>> first = {
        {"ha", "tang", "so"}, {"so", "ha", "tang"}, {"tang", "so", "ha"}};
    PositionsBatch batch;
    for (const auto& words : first)
        batch.add(db.add_document(document_of(words)), tokens_of(words));
    batch.flush(db);
    db.commit();
    CHECK(holders(db, {"ha", "tang"}) == std::vector<Xapian::docid>{1, 2});

    // Document 1 no longer says "ha tang"; document 3 does now; document 2 is gone.
    const std::vector<std::string> one = {"tang", "ha", "moi"};
    const std::vector<std::string> three = {"ha", "tang"};
    db.replace_document(1, document_of(one));
    batch.add(1, tokens_of(one));
    db.replace_document(3, document_of(three));
    batch.add(3, tokens_of(three));
    db.delete_document(2);
    batch.flush(db);
    db.commit();
    // Document 2's old entry stays in the store until merged; callers only ask about
    // documents that hold every word.
    CHECK(holders(db, {"ha", "tang"}) == std::vector<Xapian::docid>{2, 3});

    CHECK(journal_length(db) == 2);
    // ha, tang and moi; so too, now held by no document.
    CHECK(merge_positions(db, MergeScope::journal) == 4);
    db.commit();
    CHECK(journal_length(db) == 0);
    CHECK(holders(db, {"ha", "tang"}) == std::vector<Xapian::docid>{3});
    CHECK(holders(db, {"tang", "ha"}) == std::vector<Xapian::docid>{1});
    CHECK(holders(db, {"ha", "moi"}) == std::vector<Xapian::docid>{1});
    CHECK(TermPositions(db, "so").bytes() == 0);
    auto keys = [&](std::string_view prefix) {
        std::size_t n = 0;
        for (auto k = db.metadata_keys_begin(std::string(prefix));
             k != db.metadata_keys_end(std::string(prefix)); ++k)
            ++n;
        return n;
    };
    CHECK(keys(schema::meta_positions_run) == 3); // ha, tang, moi
    CHECK(keys(schema::meta_positions_journal) == 0);

    // A deletion writes no chunk: only a merge of everything drops the document's entries.
    db.delete_document(3);
    db.commit();
    CHECK(merge_positions(db, MergeScope::journal) == 0);
    CHECK(holders(db, {"ha", "tang"}) == std::vector<Xapian::docid>{3});
    CHECK(merge_positions(db, MergeScope::everything) == 2); // ha, tang; moi is current
    db.commit();
    CHECK(holders(db, {"ha", "tang"}).empty());
    CHECK(holders(db, {"tang", "ha"}) == std::vector<Xapian::docid>{1});
}

TEST_CASE("a word repeated at one position is kept once, and positions out of order are sorted") {
    ScratchDatabase scratch;
    Xapian::WritableDatabase& db = scratch.db;
    start_positions(db);
    std::vector<Token> tokens;
    for (const auto& [word, position] : std::vector<std::pair<std::string, std::uint32_t>>{
             {"x", 4}, {"x", 1}, {"y", 2}, {"x", 1}, {"x", 3}}) {
        Token t;
        t.folded = word;
        t.position = position;
        tokens.push_back(t);
    }
    PositionsBatch batch;
    batch.add(db.add_document(Xapian::Document()), tokens);
    batch.flush(db);
    const TermPositions x(db, "x"), y(db, "y");
    TermPositions::Cursor cursor(x);
    REQUIRE(cursor.seek(1));
    std::vector<Xapian::termpos> at;
    cursor.positions(at);
    const Xapian::termpos base = schema::body_positions;
    CHECK(at == std::vector<Xapian::termpos>{base + 1, base + 3, base + 4});
    CHECK(phrase_in({&x, &y}, {1}) == std::vector<Xapian::docid>{1});
    CHECK(phrase_in({&y, &x}, {1}) == std::vector<Xapian::docid>{1});
    CHECK(phrase_in({&x, &x}, {1}) == std::vector<Xapian::docid>{1});
    CHECK(phrase_in({&y, &y}, {1}).empty());
    CHECK(phrase_in({&x, &y, &x, &x}, {1}) == std::vector<Xapian::docid>{1});
    CHECK(phrase_in({&y, &x, &y}, {1}).empty());
}

TEST_CASE("a damaged positions chunk is refused with an error, not read past its end") {
    const std::vector<std::string> damaged = {
        std::string("\x03\xE8", 2),              // one position, its varint cut short
        std::string("\x02\x05\x01", 3),          // five bytes of positions promised, one given
        std::string("\x81", 1),                  // the docid's varint cut short
        std::string("\x01\x01", 2),              // docid difference 0
        std::string("\x02\x01\x01\x01", 4),      // "several" positions in one byte
        std::string("\x02\x02\x01\x81\x01", 5)}; // the last position cut short by the size
    for (const std::string& bytes : damaged) {
        INFO(bytes.size() << " bytes");
        const TermPositions list(bytes);
        // A walk reads an entry's positions only as far as its check needs: "x x" needs a
        // second position after the first.
        CHECK_THROWS_AS(phrase_in({&list, &list}, {1}), std::runtime_error);
    }
}

TEST_CASE("an index written with an older schema is refused, with the way out") {
    ScratchDatabase old_shard;
    start_positions(old_shard.db);
    old_shard.db.set_metadata(std::string(schema::meta_version), "4");
    old_shard.db.add_document(Xapian::Document());
    old_shard.db.commit();
    try {
        require_current_schema(old_shard.db, "old-index");
        FAIL("an index of schema 4 was accepted");
    } catch (const std::runtime_error& e) {
        const std::string message = e.what();
        CHECK(message.find("old-index") != std::string::npos);
        CHECK(message.find("schema 4") != std::string::npos);
        CHECK(message.find("--rebuild") != std::string::npos);
    }

    ScratchDatabase new_shard;
    new_shard.db.set_metadata(std::string(schema::meta_version), std::string(schema::version));
    new_shard.db.add_document(Xapian::Document());
    new_shard.db.commit();
    CHECK_NOTHROW(require_current_schema(new_shard.db, "new-index"));
    ScratchDatabase empty;
    CHECK_NOTHROW(require_current_schema(empty.db, "empty-index"));
}

TEST_CASE("writing positions into a shard that keeps no store is a programming error") {
    ScratchDatabase scratch;
    Xapian::WritableDatabase& db = scratch.db;
    CHECK_FALSE(has_positions(db));
    PositionsBatch batch;
    batch.add(1, tokens_of({"a"}));
    CHECK_THROWS_AS(batch.flush(db), std::logic_error);
    start_positions(db);
    CHECK(has_positions(db));
    CHECK_NOTHROW(batch.flush(db));
}

TEST_CASE("a document's own positions give each asked word's positions, and no others") {
    std::mt19937 rng(11);
    std::size_t present = 0;
    for (int d = 0; d < 300; ++d) {
        // Words sharing leading bytes ("w1", "w12", "w123"), so the front coding is tried.
        const std::vector<std::string> words =
            random_words(rng, static_cast<std::size_t>(d % 60), 150);
        const std::string bytes = document_positions(tokens_of(words));
        std::vector<std::string> asked =
            random_words(rng, 1 + static_cast<std::size_t>(d % 5), 150);
        if (!words.empty())
            asked.push_back(words[static_cast<std::size_t>(d) % words.size()]);
        asked.push_back(asked.front()); // a word asked twice
        const auto got = positions_in_document(bytes, asked);
        REQUIRE(got.size() == asked.size());
        for (std::size_t i = 0; i < asked.size(); ++i) {
            std::vector<Xapian::termpos> expected;
            for (std::size_t p = 0; p < words.size(); ++p)
                if (words[p] == asked[i])
                    expected.push_back(schema::body_positions + static_cast<Xapian::termpos>(p));
            INFO(asked[i]);
            CHECK(got[i] == expected);
            present += expected.empty() ? 0 : 1;
        }
    }
    CHECK(present > 300);
}

TEST_CASE("a document's own positions keep a word repeated at one position once") {
    std::vector<Token> tokens;
    for (const auto& [word, position] : std::vector<std::pair<std::string, std::uint32_t>>{
             {"x", 4}, {"x", 1}, {"y", 2}, {"x", 1}, {"x", 3}, {std::string(200, 'z'), 5}}) {
        Token t;
        t.folded = word;
        t.position = position;
        tokens.push_back(t);
    }
    const Xapian::termpos base = schema::body_positions;
    const auto got =
        positions_in_document(document_positions(tokens), {"y", "x", std::string(200, 'z')});
    CHECK(got[0] == std::vector<Xapian::termpos>{base + 2});
    CHECK(got[1] == std::vector<Xapian::termpos>{base + 1, base + 3, base + 4});
    CHECK(got[2].empty()); // longer than an indexed term may be
}

TEST_CASE("damaged document positions are refused with an error, not read past their end") {
    const std::string good = document_positions(tokens_of({"ab", "ac", "ab"}));
    REQUIRE(positions_in_document(good, {"ac"})[0] ==
            std::vector<Xapian::termpos>{schema::body_positions + 1});
    const std::vector<std::string> damaged = {
        good.substr(0, good.size() - 1), // the last position cut short
        std::string("\x00\x05"
                    "ab",
                    4), // five bytes of term promised, two given
        std::string("\x03\x01"
                    "a\x00",
                    4), // three bytes shared with no term before
        std::string("\x00\x01"
                    "a\x09\x01",
                    5), // nine bytes of positions promised
        std::string("\x00\x01"
                    "a\x01\x00",
                    5)}; // a position no further than the last
    for (const std::string& bytes : damaged) {
        INFO(bytes.size());
        CHECK_THROWS_AS(positions_in_document(bytes, {"a", "ab", "ac", "b"}), std::runtime_error);
    }
}
