// Fuzz target: the query language on arbitrary bytes, as the API hands a query over.
// Parsing never fails: whatever it does not understand it reports in `errors`. The tree
// it builds must be well formed, say the same as its Xapian query, and come out the
// same every time.

#include "check.hpp"
#include "vnsearch/data_dir.hpp"
#include "vnsearch/knowledge.hpp"
#include "vnsearch/query.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <xapian.h>

namespace {

using namespace vnsearch;

void check_node(const QueryNode& n) {
    using Op = QueryNode::Op;
    switch (n.op) {
    case Op::term:
        VNSEARCH_FUZZ_CHECK(!n.term.empty() && n.children.empty());
        VNSEARCH_FUZZ_CHECK(is_valid_utf8(n.term));
        break;
    case Op::match_all:
        VNSEARCH_FUZZ_CHECK(n.children.empty());
        break;
    case Op::but_not:
    case Op::maybe:
        VNSEARCH_FUZZ_CHECK(n.children.size() == 2);
        break;
    case Op::phrase:
        VNSEARCH_FUZZ_CHECK(n.children.size() >= 2);
        for (const QueryNode& c : n.children)
            VNSEARCH_FUZZ_CHECK(c.op == Op::term && c.scale == 1.0);
        break;
    case Op::all_of:
    case Op::any_of:
        // of() gives the only child itself; an empty AND appears only as the empty tree.
        VNSEARCH_FUZZ_CHECK(n.children.size() >= 2);
        break;
    }
    VNSEARCH_FUZZ_CHECK(n.scale > 0);
    for (const QueryNode& c : n.children)
        check_node(c);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const QueryParser parser(Knowledge::load(data_dir()));
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    const ParsedQuery q = parser.parse(input);
    VNSEARCH_FUZZ_CHECK(q.has_text == !q.tree.empty());
    if (q.has_text) {
        check_node(q.tree);
        (void)q.tree.to_xapian().get_description();
    }
    for (const QueryNode& b : q.boosts) {
        check_node(b);
        (void)b.to_xapian().get_description();
    }
    for (const auto& list : {q.highlight_terms, q.highlight_exact, q.words, q.errors})
        for (const std::string& s : list)
            VNSEARCH_FUZZ_CHECK(is_valid_utf8(s));
    VNSEARCH_FUZZ_CHECK(is_valid_utf8(q.unaccented_text));

    // The parser keeps no state between queries.
    const ParsedQuery again = parser.parse(input);
    VNSEARCH_FUZZ_CHECK(again.tree.describe() == q.tree.describe());
    VNSEARCH_FUZZ_CHECK(again.errors == q.errors);
    // Broken input reads as its repaired text.
    const ParsedQuery repaired = parser.parse(decode_utf8(input).text);
    VNSEARCH_FUZZ_CHECK(repaired.tree.describe() == q.tree.describe());
    VNSEARCH_FUZZ_CHECK(repaired.errors == q.errors);
    return 0;
}
