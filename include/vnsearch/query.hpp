#pragma once
/// The query language: free text with diacritics optional, "phrases", AND / OR / NOT,
/// (groups), -exclusions, +required words and field filters (province:, carrier:,
/// year:2021..2023, pillar:, kind:, title:).

#include "vnsearch/analyzer.hpp"
#include "vnsearch/knowledge.hpp"

#include <optional>
#include <string>
#include <vector>

namespace Xapian {
class Query;
} // namespace Xapian

namespace vnsearch {

/// Filters a query can carry besides its text; the API's parameters fill the same struct.
struct Filters {
    std::vector<int> provinces; ///< codes of current provinces
    std::vector<int> formers;   ///< codes of former provinces
    std::vector<int> carriers;  ///< carrier indexes
    std::vector<int> years;
    std::vector<int> pillars;         ///< indexes into pillar_ids
    std::vector<int> kinds;           ///< indexes into kind_ids
    std::vector<std::string> sources; ///< outlets, as outlet_of() writes them
    std::optional<int> year_from;
    std::optional<int> year_to;
};

/// A query as a tree of Xapian's operators, which the engine can evaluate itself from
/// posting lists held in memory (see Matcher) and hand to Xapian unchanged (to_xapian()).
struct QueryNode {
    enum class Op {
        term,      ///< one term; weighs BM25 of its wdf
        match_all, ///< every document, weight 0
        all_of,    ///< AND: every child matches; weights add up
        any_of,    ///< OR: some child matches; the matching children's weights add up
        but_not,   ///< AND_NOT of two children: the first, unless the second; first's weight
        maybe,     ///< AND_MAYBE of two children: the first; the second adds weight if there
        phrase,    ///< the child terms at consecutive positions; weighs as their AND
    };
    Op op = Op::all_of;
    std::string term;                ///< Op::term
    double scale = 1.0;              ///< multiplies the node's weight (OP_SCALE_WEIGHT)
    std::vector<QueryNode> children; ///< the operands, in order

    static QueryNode leaf(std::string term, double scale = 1.0);
    /// `op` over `children`, or the only child itself; no children: matches nothing.
    static QueryNode of(Op op, std::vector<QueryNode> children);
    /// Matches nothing (an AND of no children).
    bool empty() const noexcept { return op == Op::all_of && children.empty(); }
    /// The same as a Xapian query (include <xapian.h> to use it).
    Xapian::Query to_xapian() const;
    /// A description that differs whenever the matches or weights could.
    std::string describe() const;
};

/// One part of an AND-group that a document may lack when matching is relaxed (relax.hpp):
/// a word, a word of several syllables, a name in any spelling, or a group in parentheses.
struct Clause {
    QueryNode node;        ///< what a document holding the clause matches
    std::string text;      ///< the clause as typed, for the words a result lacks
    bool required = false; ///< never relaxed: a "phrase", a +word, title:, a +(group)
    bool name = false;     ///< a province or a carrier, in any spelling
};

/// An AND of clauses, less what it excludes; a query is an OR of such groups.
struct QueryGroup {
    std::vector<Clause> clauses;
    std::vector<QueryNode> negatives; ///< NOT x, -x: a document holding one is not a match
    /// The group as one node: its clauses' AND (every document when it has none) less its
    /// negatives.
    QueryNode node() const;
};

/// A parsed query: what to match in the text, and what it asks to filter on.
struct ParsedQuery {
    QueryNode tree; ///< what a document must match; empty() when there is no text
    /// The OR'ed groups `tree` is made of, clause by clause.
    std::vector<QueryGroup> groups;
    /// What ranks matches higher without deciding them: words side by side (phrases of
    /// compounds, names), stop words.
    std::vector<QueryNode> boosts;
    /// Words typed with diacritics in their usual spelling (folded, norm). They match by
    /// their folded term; the engine ranks the documents that write them so (the folded
    /// term's wdf above its XA spellings', schema::accented) above the others.
    std::vector<std::pair<std::string, std::string>> usual_exact;
    bool has_text = false;
    Filters filters;                          ///< from field syntax in the query
    std::vector<std::string> highlight_terms; ///< folded syllables to mark (typed unaccented)
    std::vector<std::string> highlight_exact; ///< normalized syllables to mark (typed accented)
    std::vector<std::uint32_t> highlight_entities; ///< place/carrier payloads to mark
    std::string unaccented_text;     ///< the free text, when none of it carries diacritics
    std::vector<std::string> words;  ///< the free-text words, normalized, for suggestions
    std::vector<std::string> errors; ///< field values that were not understood
};

/// A query corrected.
struct QueryCorrection {
    std::string from; ///< the query as typed
    std::string to;   ///< the query with its misspelt words corrected, as searched
    /// Each change, as typed and as corrected.
    std::vector<std::pair<std::string, std::string>> words;
};

/// Whether `name` (lower case) is a field of the query language (province, carrier, year...).
bool is_field_name(std::string_view name);

/// Whether `word` is an operator of the query language: OR, AND, NOT (HOẶC, VÀ, KHÔNG).
bool is_operator(std::string_view word);

/// Turns user input into a Xapian query with the same analyzer the indexer used.
class QueryParser {
public:
    explicit QueryParser(std::shared_ptr<const Knowledge> knowledge);

    /// Parses any bytes: broken UTF-8 and controls are repaired as decode_utf8 does, and
    /// what is not understood is reported in ParsedQuery::errors, never thrown.
    ParsedQuery parse(std::string_view input) const;

    // The resolvers take any bytes too, as the API's parameters bring them.

    /// Resolves a province written any way ("Kontum", "quang tri", "TP.HCM") to its code:
    /// first = current province code, second = former code (0 if the name is current).
    std::optional<std::pair<int, int>> resolve_province(std::string_view name) const;
    /// Carrier index from any alias, or -1.
    int resolve_carrier(std::string_view name) const;
    /// Pillar index from its id or its Vietnamese name, or -1.
    int resolve_pillar(std::string_view name) const;
    /// Index into kind_ids from an id or its Vietnamese name ("ký kết", "triển khai"), or -1.
    int resolve_kind(std::string_view name) const;

private:
    struct TextPiece;
    class ClauseBuilder;
    /// The clauses of a run of words, a phrase or a title: filter, with what they mark.
    std::vector<Clause> text_clauses(const TextPiece& piece, ParsedQuery& out) const;

    std::shared_ptr<const Knowledge> m_knowledge;
    Analyzer m_analyzer;
};

} // namespace vnsearch
