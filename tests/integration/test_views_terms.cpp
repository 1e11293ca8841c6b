// /api/terms's compound words: their counts checked against the documents' own text, what
// the list leaves out, and the same answer whatever the server's caches hold.
#include "views_support.hpp"
#include "vnsearch/tokenizer.hpp"

#include <map>
#include <set>
#include <xapian.h>

namespace vnsearch::test::views {
namespace {

/// The folded syllables of `text` (a term, a compound).
std::vector<std::string> folded_words(const std::string& text) {
    std::vector<std::string> out;
    for (const Token& t : tokenize(text))
        out.push_back(t.folded);
    return out;
}

/// Whether `text` holds `words` (folded) at consecutive token positions: what a quoted
/// phrase matches, found here from the text alone.
bool holds_phrase(const std::string& text, const std::vector<std::string>& words) {
    std::set<std::pair<std::uint32_t, std::string>> at;
    for (const Token& t : tokenize(text))
        at.emplace(t.position, t.folded);
    for (const auto& [position, folded] : at) {
        if (folded != words.front())
            continue;
        bool all = true;
        for (std::size_t i = 1; i < words.size() && all; ++i)
            all = at.count({position + static_cast<std::uint32_t>(i), words[i]}) > 0;
        if (all)
            return true;
    }
    return false;
}

/// Every document's text by id, read from the index's stored records.
const std::map<std::string, std::string>& texts_by_id() {
    static const std::map<std::string, std::string> texts = [] {
        std::map<std::string, std::string> out;
        Xapian::Database db((fixture().dir / "db").string());
        for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
            const json record = json::parse(db.get_document(*d).get_data());
            out[record["id"]] = record["text"];
        }
        return out;
    }();
    return texts;
}

/// The ids of a request's results, from its JSON Lines export.
std::vector<std::string> result_ids(const std::string& params) {
    auto res = fetch("/api/export?format=jsonl&" + params);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    std::vector<std::string> ids;
    std::istringstream in(res->body);
    for (std::string line; std::getline(in, line);)
        if (!line.empty())
            ids.push_back(json::parse(line)["id"]);
    return ids;
}

/// How many of `ids` hold the phrase `words`.
std::size_t holders(const std::vector<std::string>& ids, const std::vector<std::string>& words) {
    std::size_t n = 0;
    for (const std::string& id : ids)
        n += holds_phrase(texts_by_id().at(id), words) ? 1 : 0;
    return n;
}

/// The normalized stop words of data/stopwords.txt.
std::set<std::string> stop_words() {
    std::set<std::string> out;
    std::istringstream in(read_file(source_root() / "data" / "stopwords.txt"));
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != '#')
            for (const Token& t : tokenize(line))
                out.insert(t.norm);
    return out;
}

/// Whether `part`'s syllables stand side by side, in order, among `whole`'s.
bool inside(const std::vector<std::string>& part, const std::vector<std::string>& whole) {
    return part.size() < whole.size() &&
           std::search(whole.begin(), whole.end(), part.begin(), part.end()) != whole.end();
}

} // namespace

TEST_CASE("a carrier's compound words are counted where their syllables stand side by side",
          "[views][terms]") {
    const std::string params = "carrier=Viettel";
    const json t = get("/api/terms?limit=200&" + params);
    REQUIRE(t["sample"] == t["total"]); // every result read: the counts are the set's
    const std::vector<std::string> ids = result_ids(params);
    REQUIRE(ids.size() == t["total"]);
    std::vector<std::string> all_ids;
    for (const auto& [id, text] : texts_by_id())
        all_ids.push_back(id);
    std::set<std::string> compounds;
    for (const auto& x : t["terms"]) {
        if (x["kind"] == "word")
            continue;
        REQUIRE(x["kind"] == "compound");
        const std::string term = x["term"];
        const std::vector<std::string> words = folded_words(term);
        INFO(term);
        CHECK(words.size() >= 2);
        CHECK(x["count"] == holders(ids, words));
        CHECK(x["index_count"] == holders(all_ids, words));
        compounds.insert(term);
    }
    INFO(json(compounds).dump());
    CHECK(compounds.count("hạ tầng") == 1);
    // The same count as the quoted phrase searched in the set.
    for (const auto& x : t["terms"])
        if (x["term"] == "hạ tầng")
            CHECK(x["count"] ==
                  get("/api/search?" + params + "&q=" + encode("\"hạ tầng\""))["total"]);
}

TEST_CASE("a listed compound takes the place of the words it explains", "[views][terms]") {
    for (const std::string& params :
         std::vector<std::string>{"carrier=Viettel", "carrier=VNPT", "q=" + encode("hạ tầng")}) {
        const json t = get("/api/terms?limit=200&" + params);
        for (const auto& c : t["terms"]) {
            if (c["kind"] != "compound")
                continue;
            const std::vector<std::string> whole = folded_words(c["term"]);
            for (const auto& x : t["terms"]) {
                INFO(params << ": " << x["term"] << " inside " << c["term"]);
                if (inside(folded_words(x["term"]), whole))
                    CHECK(x["count"] > c["count"]);
            }
        }
    }
}

TEST_CASE("stop words, the query's words and compounds of them alone are not listed",
          "[views][terms]") {
    const std::set<std::string> stop = stop_words();
    REQUIRE(stop.count("của") == 1);
    const std::string q = "chuyển đổi số";
    const std::vector<std::string> own = folded_words(q);
    const json t = get("/api/terms?limit=200&q=" + encode(q));
    REQUIRE(!t["terms"].empty());
    bool compound_listed = false;
    for (const auto& x : t["terms"]) {
        const std::string term = x["term"];
        INFO(term);
        CHECK(stop.count(term) == 0);
        bool says_something = false;
        for (const Token& w : tokenize(term))
            says_something =
                says_something || (stop.count(w.norm) == 0 &&
                                   std::find(own.begin(), own.end(), w.folded) == own.end());
        CHECK(says_something);
        compound_listed = compound_listed || x["kind"] == "compound";
    }
    CHECK(compound_listed);
}

TEST_CASE("the terms are the same whatever the server's caches hold", "[views][terms]") {
    const std::vector<std::string> requests = {"carrier=VNPT", "q=" + encode("hạ tầng số"),
                                               "carrier=Viettel&year=2024", "pillar=government"};
    // The shared server has answered other requests; a new one over the same index has
    // empty caches, and asks in the other order, so that what one request counts over the
    // index is cached for the next.
    const ServerProcess fresh({fixture().dir / "db"});
    httplib::Client c("127.0.0.1", fresh.port());
    c.set_read_timeout(30, 0);
    std::map<std::string, json> cold;
    for (auto r = requests.rbegin(); r != requests.rend(); ++r) {
        auto res = c.Get(("/api/terms?limit=100&" + *r).c_str());
        REQUIRE(res);
        REQUIRE(res->status == 200);
        cold[*r] = json::parse(res->body);
    }
    for (const std::string& r : requests) {
        INFO(r);
        const json warm = get("/api/terms?limit=100&" + r);
        CHECK(warm == cold[r]);
        CHECK(warm == get("/api/terms?limit=100&" + r)); // and from this server's own cache
    }
}

} // namespace vnsearch::test::views
