#pragma once
/// The word list that the segmenter matches syllables against.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace vnsearch {

/// Multi-syllable Vietnamese words, stored under their normalized form ("chuyển đổi số")
/// and their folded form ("chuyen doi so"), so text typed without diacritics still
/// segments. Entries go through the same normalizer as text, so a list written with old
/// tone placement or in NFD matches new-style text.
class Lexicon {
public:
    /// Most syllables in one entry; longer lines are rejected when loading.
    static constexpr int max_syllables = 4;

    /// Reads one entry per line; blank lines and lines starting with # are skipped.
    /// Throws std::runtime_error naming the file (and line) when it cannot be read or a
    /// line is not 1 to 4 words.
    static Lexicon load(const std::filesystem::path& file);

    /// Parses the same format from memory; `source` names it in error messages.
    static Lexicon parse(std::string_view text, std::string_view source);

    /// Adds one entry (any case, NFC or NFD, either tone placement). Returns false when
    /// it is not 2 to max_syllables words (single syllables segment themselves).
    bool add(std::string_view entry);

    /// True when `key`, normalized syllables joined by single spaces, is an entry.
    bool contains(std::string_view key) const;

    /// True when `key` is an entry or the first syllables of one: the segmenter stops
    /// extending a candidate as soon as this is false.
    bool starts_entry(std::string_view key) const;

    /// Like starts_entry, for folded syllables.
    bool starts_folded_entry(std::string_view folded_key) const;

    /// The normalized entry whose folded form is `folded_key`, or nullptr. Where several
    /// entries fold alike the first one added wins; it is used to restore diacritics.
    const std::string* accented(std::string_view folded_key) const;

    std::size_t size() const noexcept { return m_entries.size(); }

    /// Folded entry -> normalized entry, for every entry (see accented()).
    const std::unordered_map<std::string, std::string>& by_folded() const noexcept {
        return m_by_folded;
    }

private:
    std::unordered_set<std::string> m_entries;
    std::unordered_set<std::string> m_prefixes;        // of two or more syllables
    std::unordered_set<std::string> m_folded_prefixes; // the same, folded
    std::unordered_map<std::string, std::string> m_by_folded;
};

} // namespace vnsearch
