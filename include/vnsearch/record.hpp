#pragma once
/// An article as read from input and the record the extractor makes of it.

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch {

/// One article as it came in, before any extraction.
struct RawArticle {
    std::string id;
    std::string text;      ///< valid UTF-8 (decoded), the whole file or the JSON `text`
    std::string title;     ///< from JSON; empty for plain text
    std::string published; ///< ISO date from JSON; empty for plain text
    std::string url;
    std::string site;
    std::string path; ///< the source file (and ":line" for JSON Lines)
};

/// Someone who signed or presided, as the article names them.
struct Signatory {
    std::string name;
    std::string title;
};

/// What the extractor read out of an article: the document the index stores.
struct ArticleRecord {
    std::string id;
    std::string title;
    std::string date;            ///< YYYY-MM-DD, or empty when only the year is known
    int year = 0;                ///< 0 when unknown
    std::string date_rule;       ///< which rule decided: date_line, published, text_full_date,
                                 ///< text_day_month_period, period_year, none
    std::string period;          ///< "2025-2030" or empty
    int vision = 0;              ///< "tầm nhìn đến năm 2045" -> 2045
    std::string province;        ///< partner province under its current name, or empty
    std::string former_province; ///< the pre-2025 name the article uses, or empty
    std::vector<std::string> carriers;
    std::vector<std::string> pillars;
    std::vector<Signatory> signatories;
    std::string text; ///< the article text (the date line removed)
    std::string url;
    std::string site;
    std::string path;
    std::string content_hash; ///< hex digest of the raw input, for incremental runs
};

/// The record as JSON (the document data stored in the index and served by the API).
nlohmann::json to_json(const ArticleRecord& r, bool with_text = true);
/// Reads a record back from to_json's output.
ArticleRecord record_from_json(const nlohmann::json& j);
/// Reads a record from the document data the index stores (to_json's output as text), as
/// record_from_json would from the parsed text; nothing when it is not a JSON object.
std::optional<ArticleRecord> record_from_data(std::string_view data);

namespace detail {
/// record_from_data's own reader, without the general parser behind it: false when the
/// data holds anything it does not expect (then `out` is unspecified).
bool read_record(std::string_view data, ArticleRecord& out);
} // namespace detail

} // namespace vnsearch
