#pragma once
/// Corrections a researcher makes to extracted facts (vnsearch-index --corrections FILE):
/// read from a tab-separated file, kept in the index, and applied over extraction on every
/// later run until removed from the file.

#include "index/input.hpp"
#include "vnsearch/knowledge.hpp"
#include "vnsearch/record.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch {

/// One correction: a field of one document given a value.
struct CorrectionLine {
    std::string id;
    std::string field; ///< one of correctable_fields
    std::string value; ///< canonical, as the record holds it; empty clears the fact
    std::string note;
    std::size_t line = 0; ///< in the file it came from, for messages
    bool operator==(const CorrectionLine& o) const {
        return id == o.id && field == o.field && value == o.value && note == o.note;
    }
};

/// The record fields a correction may set.
inline constexpr std::array<std::string_view, 10> correctable_fields = {
    "province", "former_province", "carriers", "published", "signed",
    "year",     "period",          "vision",   "pillars",   "kind"};

/// A set of corrections by document id, each document's in file order.
class Corrections {
public:
    /// Reads a corrections file (columns id, field, value, note; a header row, blank lines
    /// and lines starting with # are skipped). A line naming an unknown field or a value
    /// that is not valid for its field is reported in `issues` with its line and skipped.
    /// Throws std::runtime_error when the file cannot be read.
    static Corrections read(const std::filesystem::path& file, const Knowledge& knowledge,
                            std::vector<InputIssue>& issues);
    /// The set as an index stores it (serialize()'s output); lines it cannot use are dropped.
    static Corrections parse_stored(std::string_view text);
    /// One line a correction, fields separated by tabs, ids in order.
    std::string serialize() const;

    /// The corrections of one document, or nullptr.
    const std::vector<CorrectionLine>* of(const std::string& id) const;
    /// Every document id with corrections, in order.
    std::vector<std::string> ids() const;
    /// Forgets a document's corrections.
    void erase(const std::string& id) { m_by_id.erase(id); }
    bool empty() const noexcept { return m_by_id.empty(); }
    std::filesystem::path file() const { return m_file; }

private:
    std::map<std::string, std::vector<CorrectionLine>> m_by_id;
    std::filesystem::path m_file;
};

/// Checks a value for a field and gives it in the form the record holds ("tp.hcm" ->
/// "TP. Hồ Chí Minh", "viettel; vnpt" -> "VNPT,Viettel"); empty `error` when valid.
std::string canonical_value(std::string_view field, std::string_view value,
                            const Knowledge& knowledge, std::string& error);

/// Applies corrections to a record as the extractor made it, noting what each replaced.
void apply_corrections(ArticleRecord& record, const std::vector<CorrectionLine>& lines);
/// Takes a record back to what the extractor made of it, undoing its corrections.
void revert_corrections(ArticleRecord& record);

} // namespace vnsearch
