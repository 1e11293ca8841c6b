#pragma once
/// The data files the engine reads at start-up, loaded once and shared read-only.

#include "vnsearch/gazetteer.hpp"
#include "vnsearch/lexicon.hpp"
#include "vnsearch/stopwords.hpp"

#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace vnsearch {

/// The four pillars of digital transformation, in facet order.
inline constexpr std::array<std::string_view, 4> pillar_ids = {"infrastructure", "government",
                                                               "economy", "society"};

/// A lower-case ASCII identifier for a name: "TP. Hồ Chí Minh" -> "tp_ho_chi_minh".
std::string slug(std::string_view name);

/// What a place-name mention stands for (Gazetteer payload of Knowledge::places).
struct PlaceRef {
    enum Kind : std::uint8_t { current_name, former_name, town } kind = current_name;
    std::uint8_t province = 0; ///< code of the current province (1-based)
    std::uint8_t former = 0;   ///< code of the former province named, or 0
    std::uint32_t pack() const { return (std::uint32_t{kind} << 16) | (province << 8) | former; }
    static PlaceRef unpack(std::uint32_t v) {
        return {static_cast<Kind>(v >> 16), static_cast<std::uint8_t>(v >> 8),
                static_cast<std::uint8_t>(v)};
    }
};

/// Lexicon, stop words and gazetteers (data/*.txt, data/*.tsv).
struct Knowledge {
    std::shared_ptr<const Lexicon> lexicon;
    StopWords stopwords;
    std::vector<std::string> provinces;        ///< current names; code = index + 1
    std::vector<std::string> former_provinces; ///< merged-away names; code = index + 1
    std::vector<std::string> carriers;         ///< canonical names; code = index (bit)
    Gazetteer places;                          ///< payload: PlaceRef::pack()
    Gazetteer carrier_names;                   ///< payload: carrier index
    Gazetteer pillar_terms;                    ///< payload: pillar index << 8 | weight
    /// The usual spelling of a syllable that folds alike in several (folded -> norm), from
    /// data/usual_forms.txt: a document that writes a syllable only this way stores no
    /// accented term for it (docs/schema.md).
    std::unordered_map<std::string, std::string> usual_forms;
    std::string usual_forms_digest; ///< identifies the list; an index records it

    /// Loads every file from `dir`; throws std::runtime_error naming the file and line.
    static std::shared_ptr<const Knowledge> load(const std::filesystem::path& dir);

    /// 1-based code of a current province by canonical name, or 0.
    int province_code(std::string_view name) const;
    /// 1-based code of a former province by canonical name, or 0.
    int former_code(std::string_view name) const;
    /// Index of a carrier by canonical name (case-insensitive), or -1.
    int carrier_index(std::string_view name) const;
    /// The usual spelling of a folded syllable: its entry in usual_forms, or the folded
    /// form itself when there is none.
    std::string_view usual_form(const std::string& folded) const;

    // The terms a mention of a province or a carrier is indexed under (schema::mention_*):
    // documents, queries and Xapian's synonym table name them alike.

    /// The term of current province `code` (1-based).
    std::string province_mention(int code) const;
    /// The term of former province `code` (1-based).
    std::string former_mention(int code) const;
    /// The term of carrier `index`.
    std::string carrier_mention(int index) const;
    /// What a place name stands for in a query: the former province for a former name, the
    /// current province otherwise.
    std::string place_mention(const PlaceRef& ref) const;
};

} // namespace vnsearch
