#pragma once
/// An article as read from input and the record the extractor makes of it.

#include <array>
#include <cstdint>
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

/// A date known to the day, to the month or only to the year, written "2024-03-14",
/// "2024-03" or "2024".
struct PartialDate {
    int year = 0;  ///< 0: no date
    int month = 0; ///< 0: not known
    int day = 0;   ///< 0: not known

    /// Reads one of the three forms (a real calendar date, years 1900 to 2099); nothing
    /// for anything else.
    static std::optional<PartialDate> parse(std::string_view iso);
    /// The form parse() reads; empty for no date.
    std::string iso() const;
    /// YYYYMMDD with 00 for what is not known; 0 for no date.
    std::uint32_t yyyymmdd() const {
        return static_cast<std::uint32_t>(year * 10000 + month * 100 + day);
    }
    bool empty() const noexcept { return year == 0; }
};

/// What kind of story an article is, in facet order (ArticleRecord::kind).
inline constexpr std::array<std::string_view, 3> kind_ids = {"agreement", "implementation",
                                                             "other"};

/// The sentence that decided one extracted fact, so a reader can check it at a glance.
struct Evidence {
    std::string fact;        ///< a record field: province, carriers, signed, pillars, kind ...
    std::string value;       ///< the value it supports: "Quảng Trị", "VNPT", "government"
    std::uint32_t begin = 0; ///< byte span of the sentence in ArticleRecord::text
    std::uint32_t end = 0;
};

/// A fact a researcher corrected (vnsearch-index --corrections): it replaces what the
/// extractor found, on every run until the correction is removed.
struct Correction {
    std::string field;     ///< a correctable field: province, carriers, signed, kind ...
    std::string value;     ///< the corrected value as the record holds it; empty: none
    std::string extracted; ///< what extraction gave, as the record would have held it
    std::string note;      ///< the researcher's reason
};

/// What the extractor read out of an article: the document the index stores.
struct ArticleRecord {
    std::string id;
    std::string title;
    /// The article's own date: YYYY-MM-DD, or YYYY-MM / YYYY when only that is known.
    std::string published;
    std::string published_rule; ///< which rule found it (docs/extraction.md), or "none"
    /// When the agreement the article reports or recalls was signed, as precisely as the
    /// text gives it (YYYY-MM-DD, YYYY-MM or YYYY); empty when it gives no signing.
    std::string signed_on;
    std::string signed_rule;     ///< which rule found it, or empty
    int year = 0;                ///< the signing year, else the publication year; 0 unknown
    std::string period;          ///< "2025-2030" or empty
    int vision = 0;              ///< "tầm nhìn đến năm 2045" -> 2045
    std::string province;        ///< partner province under its current name, or empty
    std::string former_province; ///< the pre-2025 name the article uses, or empty
    std::vector<std::string> carriers;
    std::vector<std::string> pillars;
    std::string kind; ///< one of kind_ids, empty when not extracted
    std::vector<Signatory> signatories;
    std::vector<Evidence> evidence;
    std::vector<Correction> corrections; ///< the facts a researcher corrected
    std::string text;                    ///< the article text (the date line removed)
    std::string url;
    std::string site;
    std::string path;
    std::string content_hash; ///< hex digest of the raw input, for incremental runs
};

/// The year a record is filed under: the signing year, else the publication year; 0 when
/// neither is known.
int facet_year(const ArticleRecord& r);

/// The outlet that published `r`: its site (the JSON `source` or `site`), else the host of
/// its URL; a host in lower case without `www.`. Empty when the input gives neither.
std::string outlet_of(const ArticleRecord& r);

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
