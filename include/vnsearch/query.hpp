#pragma once
/// The query language: free text with diacritics optional, "phrases", AND / OR / NOT,
/// -exclusions and field filters (province:, carrier:, year:2021..2023, pillar:, title:).

#include "vnsearch/analyzer.hpp"
#include "vnsearch/knowledge.hpp"

#include <optional>
#include <string>
#include <vector>
#include <xapian.h>

namespace vnsearch {

/// Filters a query can carry besides its text; the API's parameters fill the same struct.
struct Filters {
    std::vector<int> provinces; ///< codes of current provinces
    std::vector<int> formers;   ///< codes of former provinces
    std::vector<int> carriers;  ///< carrier indexes
    std::vector<int> years;
    std::vector<int> pillars; ///< indexes into pillar_ids
    std::optional<int> year_from;
    std::optional<int> year_to;
};

/// A parsed query: what to match in the text, and what it asks to filter on.
struct ParsedQuery {
    Xapian::Query text; ///< what a document must match; empty when there is no text
    /// What ranks matches higher without deciding them: words side by side (phrases of
    /// compounds, names), stop words.
    std::vector<Xapian::Query> boosts;
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

/// Turns user input into a Xapian query with the same analyzer the indexer used.
class QueryParser {
public:
    explicit QueryParser(std::shared_ptr<const Knowledge> knowledge);

    ParsedQuery parse(std::string_view input) const;

    /// Resolves a province written any way ("Kontum", "quang tri", "TP.HCM") to its code:
    /// first = current province code, second = former code (0 if the name is current).
    std::optional<std::pair<int, int>> resolve_province(std::string_view name) const;
    /// Carrier index from any alias, or -1.
    int resolve_carrier(std::string_view name) const;
    /// Pillar index from its id or its Vietnamese name, or -1.
    int resolve_pillar(std::string_view name) const;

private:
    Xapian::Query text_query(std::string_view text, bool phrase, bool title, bool negated,
                             ParsedQuery& out) const;

    std::shared_ptr<const Knowledge> m_knowledge;
    Analyzer m_analyzer;
};

} // namespace vnsearch
