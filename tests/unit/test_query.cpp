// The query language as data: tests/data/query/groups.golden holds queries and the groups
// and clauses each must give (what a document must hold, what relaxed matching may drop),
// in the manner of Xapian's table of query strings and the queries they parse to;
// tests/data/query/trees.golden adds the whole tree and what ranks without deciding.
//
//   === name of the case
//   <<< the query                \xHH stands for the byte HH; "<<<" alone is the empty query
//   group                        one AND-group (the query is an OR of them)
//     clause | as typed | flags | the clause's node (QueryNode::describe)
//     not | node                 what the group excludes
//   filter | field | values      filters written in the query (codes, indexes, years)
//   not understood | field:value
//   tree | node                  trees.golden only: what a document must match ("-": nothing)
//   boost | node                 trees.golden only: what ranks without deciding, in order
//   usual | word                 trees.golden only: a word typed in its usual spelling
#include "vnsearch/data_dir.hpp"
#include "vnsearch/query.hpp"
#include "vnsearch/utf8.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using namespace vnsearch;

namespace {

const QueryParser& parser() {
    static const QueryParser p(Knowledge::load(data_dir()));
    return p;
}

std::string joined(const std::vector<int>& values) {
    std::string out;
    for (int v : values) {
        if (!out.empty())
            out += ' ';
        out += std::to_string(v);
    }
    return out;
}

/// The golden lines of a parsed query.
std::vector<std::string> described(const ParsedQuery& q) {
    std::vector<std::string> out;
    for (const QueryGroup& g : q.groups) {
        out.push_back("group");
        for (const Clause& c : g.clauses) {
            std::string flags;
            if (c.required)
                flags += "required";
            if (c.name)
                flags += flags.empty() ? "name" : ",name";
            out.push_back("  clause | " + c.text + " | " + (flags.empty() ? "-" : flags) + " | " +
                          c.node.describe());
        }
        for (const QueryNode& n : g.negatives)
            out.push_back("  not | " + n.describe());
    }
    const Filters& f = q.filters;
    if (!f.provinces.empty())
        out.push_back("filter | province | " + joined(f.provinces));
    if (!f.formers.empty())
        out.push_back("filter | former | " + joined(f.formers));
    if (!f.carriers.empty())
        out.push_back("filter | carrier | " + joined(f.carriers));
    if (!f.years.empty())
        out.push_back("filter | year | " + joined(f.years));
    if (!f.pillars.empty())
        out.push_back("filter | pillar | " + joined(f.pillars));
    if (!f.kinds.empty())
        out.push_back("filter | kind | " + joined(f.kinds));
    if (f.year_from || f.year_to)
        out.push_back("filter | years | " + std::to_string(f.year_from.value_or(0)) + ".." +
                      std::to_string(f.year_to.value_or(0)));
    for (const std::string& e : q.errors)
        out.push_back("not understood | " + e);
    return out;
}

/// The golden lines of a parsed query with its whole tree and what only ranks.
std::vector<std::string> described_in_full(const ParsedQuery& q) {
    std::vector<std::string> out = described(q);
    out.push_back("tree | " + (q.tree.empty() ? std::string("-") : q.tree.describe()));
    for (const QueryNode& b : q.boosts)
        out.push_back("boost | " + b.describe());
    for (const auto& [folded, norm] : q.usual_exact)
        out.push_back("usual | " + norm);
    return out;
}

/// A golden file's query: \xHH escapes written out as their bytes, so that a case can hold
/// broken UTF-8 and the file stays readable.
std::string unescaped(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "\\x") == 0 && i + 4 <= text.size()) {
            out += static_cast<char>(std::stoi(text.substr(i + 2, 2), nullptr, 16));
            i += 3;
        } else {
            out += text[i];
        }
    }
    return out;
}

struct GoldenCase {
    std::size_t line = 0;
    std::string name;
    std::string input;
    std::vector<std::string> expected;
};

std::vector<GoldenCase> read_cases(const std::filesystem::path& file) {
    std::ifstream in(file);
    REQUIRE(in);
    std::vector<GoldenCase> cases;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.rfind("=== ", 0) == 0) {
            cases.push_back({number, line.substr(4), {}, {}});
        } else if (line.rfind("<<< ", 0) == 0 || line == "<<<") {
            REQUIRE(!cases.empty());
            cases.back().input = unescaped(line.substr(std::min<std::size_t>(4, line.size())));
        } else if (!line.empty() && line[0] != '#') {
            REQUIRE(!cases.empty());
            cases.back().expected.push_back(line);
        }
    }
    return cases;
}

} // namespace

namespace {

/// Checks every case of a golden file: each must give exactly its expected lines.
void check_golden(const std::string& name, std::size_t at_least,
                  std::vector<std::string> (*describe)(const ParsedQuery&)) {
    const auto file = std::filesystem::path(VNSEARCH_TEST_DATA_DIR) / "query" / name;
    const auto cases = read_cases(file);
    REQUIRE(cases.size() >= at_least);
    for (const GoldenCase& c : cases) {
        INFO(file.filename().string() << ":" << c.line << " " << c.name << "\n<<< " << c.input);
        std::string got_text, want_text;
        for (const std::string& l : describe(parser().parse(c.input)))
            got_text += l + "\n";
        for (const std::string& l : c.expected)
            want_text += l + "\n";
        CHECK(got_text == want_text);
    }
}

} // namespace

TEST_CASE("queries parse into the groups and clauses of the golden file") {
    check_golden("groups.golden", 20, described);
}

TEST_CASE("queries parse into the trees and boosts of the golden file") {
    check_golden("trees.golden", 30, described_in_full);
}

TEST_CASE("the tree is the OR of the groups, each the AND of its clauses less its negatives") {
    const ParsedQuery q = parser().parse("(VNPT OR Viettel) Gia Lai -MobiFone OR FPT");
    REQUIRE(q.groups.size() == 2);
    std::vector<QueryNode> groups;
    for (const QueryGroup& g : q.groups)
        groups.push_back(g.node());
    CHECK(q.tree.describe() == QueryNode::of(QueryNode::Op::any_of, groups).describe());
    CHECK(q.groups[0].node().op == QueryNode::Op::but_not);
    CHECK(q.groups[1].node().describe() == q.groups[1].clauses.at(0).node.describe());
}

TEST_CASE("deeply nested or unbalanced parentheses parse without error") {
    const std::string deep = std::string(5000, '(') + "VNPT" + std::string(4000, ')');
    const ParsedQuery a = parser().parse(deep);
    CHECK(a.has_text);
    const ParsedQuery b = parser().parse(")) VNPT ((( Gia Lai");
    REQUIRE(b.groups.size() == 1);
    CHECK(b.groups[0].clauses.size() == 2);
    CHECK(parser().parse("()").groups.empty());
    CHECK_FALSE(parser().parse("( ) OR ( )").has_text);
}

namespace {

// Inputs ending in a truncated sequence, long enough to live on the heap, so that the
// sanitizer build sees a read past their end.
const std::string truncated_query = "chuyen doi so hop tac voi tinh quang tri va \xE1\xBB";
const std::string truncated_province = "Th\xC3\xA0nh ph\xE1\xBB\x91 H\xE1\xBB\x93 Ch\xC3\xAD M\xE1";

} // namespace

TEST_CASE("a query of broken UTF-8 reads as its repaired text") {
    const ParsedQuery q = parser().parse(truncated_query);
    REQUIRE(q.has_text);
    // U+FFFD is no letter: the broken end is punctuation, not a word.
    CHECK(q.words.back() == "va");
    CHECK(q.tree.describe() == parser().parse(decode_utf8(truncated_query).text).tree.describe());
    CHECK(q.unaccented_text == decode_utf8(truncated_query).text);
}

TEST_CASE("byte order marks in a query are read as nothing") {
    // Two marks before a quote: decoding drops the first only, and the second used to glue
    // the quote to the text, so a phrase read as words and differently from its decoded text.
    const std::string marked =
        "\xEF\xBB\xBF\xEF\xBB\xBF\"chuy\xE1\xBB\x83n \xC4\x91\xE1\xBB\x95i\" s\xE1\xBB\x91";
    const std::string plain = "\"chuy\xE1\xBB\x83n \xC4\x91\xE1\xBB\x95i\" s\xE1\xBB\x91";
    const ParsedQuery q = parser().parse(marked);
    CHECK(q.tree.describe() == parser().parse(plain).tree.describe());
    CHECK(q.tree.describe() == parser().parse(decode_utf8(marked).text).tree.describe());
    CHECK(q.tree.describe().find("PHRASE") != std::string::npos);
}

TEST_CASE("a field value of broken UTF-8 is reported repaired, not thrown") {
    const ParsedQuery q = parser().parse("carrier:VNP\xE1\xBB tinh:\xFF\xFE");
    CHECK(q.errors ==
          std::vector<std::string>{"carrier:VNP\xEF\xBF\xBD", "tinh:\xEF\xBF\xBD\xEF\xBF\xBD"});
    CHECK_FALSE(q.has_text);
}

TEST_CASE("the resolvers read broken UTF-8 as its repaired text") {
    const std::string repaired = decode_utf8(truncated_province).text;
    CHECK(parser().resolve_province(truncated_province) == parser().resolve_province(repaired));
    CHECK(parser().resolve_province("Qu\xE1\xBA\xA3ng Tr\xE1\xBB\x8B"));
    CHECK_FALSE(parser().resolve_province("Qu\xE1\xBA\xA3ng Tr\xE1\xBB"));
    CHECK(parser().resolve_carrier(truncated_province) == -1);
    CHECK(parser().resolve_pillar("kinh t\xE1\xBA") == -1);
    CHECK(parser().resolve_kind("k\xC3") == -1);
}
