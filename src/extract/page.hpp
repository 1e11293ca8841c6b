#pragma once
/// A crawled article laid out for the fact finders: the crawler's date line, the headline,
/// the page chrome around the story, and the story's sentences with their tokens.

#include "vnsearch/record.hpp"
#include "vnsearch/tokenizer.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch::extract {

/// One sentence: a byte span of the text and the tokens inside it.
struct Sentence {
    std::uint32_t begin = 0; ///< bytes of Page::text
    std::uint32_t end = 0;
    std::uint32_t first_token = 0; ///< token range [first_token, end_token)
    std::uint32_t end_token = 0;
    bool chrome = false; ///< a line of page chrome: a menu, a time stamp, a caption, a byline
};

/// A time stamp line of the page ("Thứ Sáu 11/03/2022 06:00", "05/11/2014 09:52").
struct Stamp {
    PartialDate date;
    std::uint32_t begin = 0; ///< the line's bytes
    std::uint32_t end = 0;
    bool has_time = false;    ///< "06:00": an article's own stamp, not the portal's today
    bool above_title = false; ///< before the headline: the portal's chrome more often than not
};

/// The article as the fact finders read it. `text` is what the record stores.
struct Page {
    std::string text; ///< the article without its date line
    std::vector<Token> tokens;
    std::vector<std::uint64_t> norm_hashes; ///< by token: the hash of its norm, for Phrases
    std::vector<Sentence> sentences;
    PartialDate date_line;      ///< "date 2024-03-14", "date 2021-04"; empty when there is none
    std::string title;          ///< the headline (from JSON, the headline line, or the opening)
    bool title_in_text = false; ///< the headline is a line of `text` (its span below)
    std::uint32_t title_begin = 0;
    std::uint32_t title_end = 0;
    std::size_t story = 0; ///< index of the story's first sentence (after headline and chrome)
    std::vector<Stamp> stamps;

    /// The sentence holding byte `offset`.
    std::size_t sentence_at(std::uint32_t offset) const;
    /// Whether a token lies in the headline line.
    bool in_title(const Token& t) const {
        return title_in_text && t.begin >= title_begin && t.end <= title_end;
    }
    std::string_view slice(std::uint32_t begin, std::uint32_t end) const {
        return std::string_view(text).substr(begin, end - begin);
    }
};

/// Lays out a raw article: strips and reads the date line, finds the headline, the chrome
/// lines and the time stamps, and splits the rest into sentences.
Page read_page(const RawArticle& raw);

/// Word sequences written in a list ("ký kết", "thỏa thuận hợp tác"), matched against a
/// page's tokens by their normalized forms (lower case, one tone placement), so that old
/// and new tone marks, NFC and NFD, and capitals all match. Composite tokens' parts are
/// stepped over, as if the composite were one word.
class Phrases {
public:
    Phrases(std::initializer_list<std::string_view> phrases);

    /// The number of main tokens of the phrase that starts at main token `i`, or 0; the
    /// longest phrase wins.
    std::size_t match(const Page& page, std::size_t i) const;
    /// Index of the first token in [from, to) where a phrase starts, or `to`.
    std::size_t find(const Page& page, std::size_t from, std::size_t to) const;
    /// Whether a phrase occurs in the sentence.
    bool in(const Page& page, const Sentence& s) const {
        return find(page, s.first_token, s.end_token) < s.end_token;
    }

    /// The hash Page::norm_hashes holds for a norm.
    static std::uint64_t hash(std::string_view norm) noexcept;

private:
    struct Phrase {
        std::vector<std::uint64_t> hashes; ///< of its main tokens' norms
        std::vector<std::string> norms;
    };
    std::vector<Phrase> m_phrases; ///< longest first
    std::vector<std::pair<std::uint64_t, std::uint32_t>>
        m_by_first; ///< (first hash, phrase), sorted
    /// A bit for each first word's hash (mod 1024): most tokens start no phrase, and one
    /// test tells so without searching m_by_first.
    std::array<std::uint64_t, 16> m_first_bits{};
};

/// Several lists of word sequences matched in one pass over a page: each sentence gets a
/// bit for each list with a phrase in it. Lists as Phrases reads them; at most 32.
class PhraseTable {
public:
    PhraseTable(std::initializer_list<std::initializer_list<std::string_view>> lists);

    /// For each sentence of the page, bit k set when list k has a phrase in it.
    std::vector<std::uint32_t> scan(const Page& page) const;

private:
    struct Phrase {
        std::vector<std::uint64_t> hashes;
        std::vector<std::string> norms;
        std::uint32_t list = 0;
    };
    std::vector<Phrase> m_phrases;
    std::vector<std::pair<std::uint64_t, std::uint32_t>>
        m_by_first;                               ///< (first hash, phrase), sorted
    std::array<std::uint64_t, 16> m_first_bits{}; ///< as Phrases' own
};

/// The main (non-part) token before token `i`, `back` main tokens back, or nullptr.
const Token* previous_main(const std::vector<Token>& tokens, std::size_t i, std::size_t back = 1);
/// The main token after token `i`, `ahead` main tokens on, or nullptr.
const Token* next_main(const std::vector<Token>& tokens, std::size_t i, std::size_t ahead = 1);
/// Whether `t` exists and its folded form is `folded`.
inline bool is(const Token* t, std::string_view folded) {
    return t != nullptr && t->folded == folded;
}

} // namespace vnsearch::extract
