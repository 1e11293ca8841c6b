#pragma once
/// The benchmark's query set: one query a line of a TSV file (bench/queries.tsv), the same
/// file every system reads, so that all of them answer exactly the same questions.

#include <filesystem>
#include <string>
#include <vector>

namespace vnsearch::bench {

/// One benchmark query: free text (possibly empty: browsing) and up to four facet filters.
/// Values of one facet are OR'ed, facets are AND'ed, as in the API.
struct BenchQuery {
    std::string id;                     ///< q001, ...
    std::string kind;                   ///< accented, unaccented, phrase, name, entity, browse, ...
    std::string text;                   ///< what a user types; "quoted phrases" allowed
    std::vector<std::string> provinces; ///< current province names as the index records them
    std::vector<std::string> carriers;  ///< canonical carrier names (VNPT, Viettel, ...)
    std::vector<int> years;
    std::vector<std::string> pillars; ///< infrastructure, government, economy, society

    /// How many facets carry a filter (0 to 4).
    int filter_count() const;
};

/// Reads the query file: `#` lines are comments, every other line is
/// id, kind, text, province, carrier, year, pillar separated by tabs, several values of one
/// facet separated by `|`. Throws std::runtime_error naming the file and line.
std::vector<BenchQuery> read_query_set(const std::filesystem::path& path);

/// The text split into quoted phrases and loose words, in order; a phrase keeps its inner
/// words separated by single spaces. Unbalanced quotes close at the end of the text.
struct TextPart {
    std::string text;
    bool phrase = false;
};
std::vector<TextPart> split_phrases(const std::string& text);

} // namespace vnsearch::bench
