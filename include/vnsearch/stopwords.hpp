#pragma once
/// Query-side stop words: stage 6 of the text pipeline.

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace vnsearch {

/// Calls `word` with each entry of a list of one word a line (# comments, blank lines and
/// trailing spaces ignored); throws std::runtime_error naming the file, and the line of an
/// entry that is not one valid UTF-8 word.
void for_each_listed_word(const std::filesystem::path& file,
                          const std::function<void(const std::string&)>& word);

/// Syllables too common to help ranking ("của", "và", "các"). Only the query side drops
/// them, and only outside phrases: the index keeps every syllable so phrases still match.
class StopWords {
public:
    /// One word a line, # comments; throws std::runtime_error naming the file.
    static StopWords load(const std::filesystem::path& file);

    /// Adds a word in any case or tone placement.
    void add(std::string_view word);

    /// True for a normalized syllable (WordForms::norm) on the list.
    bool contains(std::string_view norm) const;

    std::size_t size() const noexcept { return m_words.size(); }

private:
    std::unordered_set<std::string> m_words;
};

} // namespace vnsearch
