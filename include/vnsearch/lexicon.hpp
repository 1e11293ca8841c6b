#pragma once
/// The word list that the segmenter matches syllables against.

#include <cstddef>
#include <cstdint>
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

    /// What a sequence of syllables is to the lexicon (see sequence_hash).
    enum Match : std::uint8_t { no_match = 0, begins_entry = 1, is_entry = 2 };

    /// Hash of a syllable sequence, built one syllable at a time:
    /// `extend(extend(0, a), b)` stands for "a b". Lets the segmenter look entries up
    /// without building key strings.
    static std::uint64_t extend(std::uint64_t sequence, std::string_view syllable) noexcept;
    /// What extend() adds for a syllable; with extend_hashed(), a caller that meets the same
    /// syllables again and again hashes each once.
    static std::uint64_t syllable_hash(std::string_view syllable) noexcept;
    /// extend() of a syllable given by its syllable_hash().
    static std::uint64_t extend_hashed(std::uint64_t sequence, std::uint64_t syllable) noexcept;

    /// Whether the normalized sequence with this hash (of 2 or more syllables) is an entry,
    /// the beginning of one, both or neither.
    Match match(std::uint64_t sequence) const noexcept;
    /// Like match(), for folded syllables.
    Match match_folded(std::uint64_t sequence) const noexcept;

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
    std::unordered_map<std::uint64_t, std::uint8_t> m_sequences; // extend() hash -> Match bits
    std::unordered_map<std::uint64_t, std::uint8_t> m_folded_sequences;
    std::unordered_map<std::string, std::string> m_by_folded;
};

} // namespace vnsearch
