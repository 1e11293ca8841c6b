#pragma once
/// Spelling: corrections of misspelt query words from the index's own vocabulary (names of
/// provinces and carriers first, then a word one edit away, or typed on a Vietnamese
/// keyboard with its input method off), and the did-you-mean text (diacritics restored,
/// names written as they are written).

#include "query/typing.hpp"
#include "vnsearch/analyzer.hpp"
#include "vnsearch/knowledge.hpp"
#include "vnsearch/query.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>
#include <xapian.h>

namespace vnsearch {

/// The speller's thresholds.
namespace spelling {
/// A word the index knows may still be a slip of a word far more frequent when it is in this
/// many documents or fewer, and one more for every documents_per_slip documents of the index
/// (a larger crawl holds the same slips more often).
inline constexpr Xapian::doccount rare_documents = 1;
inline constexpr Xapian::doccount documents_per_slip = 20000;
/// An accented spelling restores an unaccented word when it is this share of its documents.
inline constexpr double restore_share = 0.3;
/// The longest name, in words, looked for around a misspelt word.
inline constexpr std::size_t longest_name = 4;
/// A word longer than this (in bytes, folded) is no misspelt word: no Vietnamese syllable or
/// name comes near, and its edits would cost its length squared.
inline constexpr std::size_t longest_word = 24;
} // namespace spelling

/// What an index's vocabulary says about words; the maps belong to the caller.
struct Vocabulary {
    /// Documents holding each folded term (the index's unprefixed terms).
    const std::unordered_map<std::string, Xapian::doccount>& folded;
    /// For a folded syllable, its most frequent accented spelling and that spelling's documents.
    const std::unordered_map<std::string, std::pair<std::string, Xapian::doccount>>& accented;
    Xapian::doccount documents = 0; ///< in the index
    /// A word the index knows is taken for a slip of a word one edit away when that word is
    /// in this many times more documents, and the word itself in very few (see spelling.cpp).
    Xapian::doccount far_rarer = 20;

    Xapian::doccount documents_of(const std::string& folded_term) const;
    /// At most how many documents a word may be in and still be taken for a slip.
    Xapian::doccount rare() const;
};

/// Corrects and restores queries. Thread-safe to share once built.
class Speller {
public:
    explicit Speller(std::shared_ptr<const Knowledge> knowledge);

    /// The query with its misspelt words corrected: a word the index does not know, or far
    /// rarer there than a spelling one edit away. A name of a province or a carrier one slip
    /// away is corrected to that name ("VNTP" -> "VNPT", "Viettle" -> "Viettel", "Gia Lia"
    /// -> "Gia Lai", "Dak Lac" -> "Đắk Lắk"); a word typed with Telex or VNI keys to what they
    /// spell; any other word to the most frequent word of the index one edit away (a swap,
    /// c/k). Operators, field filters and excluded words are left as typed. Nothing when
    /// nothing needs correcting.
    std::optional<QueryCorrection> correct(std::string_view query,
                                           const Vocabulary& vocabulary) const;

    /// Did you mean: the query with names written as they are written ("dak lak" ->
    /// "Đắk Lắk"), diacritics restored from the lexicon and the index's own spellings
    /// ("chuyen doi so" -> "chuyển đổi số"), and with `correct_words`, misspelt words
    /// corrected first. Nothing when that changes no more than letter case.
    std::optional<std::string> suggest(std::string_view query, const Vocabulary& vocabulary,
                                       bool correct_words) const;

private:
    struct Name {
        std::string written; ///< as the name is written (the canonical name)
        std::string key;     ///< the canonical name's key (see key_of)
        std::vector<std::string> folded_words;
    };
    enum class Mode { correct, restore };
    /// A replacement of input[begin, end).
    struct Edit {
        std::size_t begin = 0, end = 0;
        std::string text;
    };
    /// A run of plain words of a query, analysed (spelling_runs.cpp).
    struct Run;
    std::vector<Edit> edits(std::string_view query, const Vocabulary& vocabulary, Mode mode) const;
    void edit_run(std::string_view query, std::size_t begin, std::size_t end,
                  const Vocabulary& vocabulary, Mode mode, std::vector<Edit>& out) const;
    /// How many words from word `i` of the run are (a slip of) a name, 0 when none; edits
    /// a slip into the name.
    std::size_t name_at(Run& run, std::size_t i, const Vocabulary& vocabulary, Mode mode) const;
    /// Restores the diacritics of word `i` (or of the compound starting there); returns the
    /// index of the word after.
    std::size_t restore_at(Run& run, std::size_t i, const Vocabulary& vocabulary) const;
    /// The name a window of words is a slip of, if any.
    const Name* name_for(std::string_view typed, const std::vector<const Token*>& words,
                         const Vocabulary& vocabulary, Mode mode, bool is_mention) const;
    /// A correction of one word, if it needs one.
    std::optional<std::string> word_for(const Token& token, std::string_view typed,
                                        const Vocabulary& vocabulary) const;

    std::shared_ptr<const Knowledge> m_knowledge;
    Analyzer m_analyzer;
    std::vector<Name> m_names;
    std::unordered_map<std::string, std::size_t> m_by_key; ///< key of any spelling -> name
};

} // namespace vnsearch
