#pragma once
/// Word segmentation: stage 5 of the text pipeline.

#include "vnsearch/lexicon.hpp"
#include "vnsearch/tokenizer.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace vnsearch {

/// A word of several syllables found in the token stream ("chuyển đổi số").
struct Compound {
    std::uint32_t first = 0; ///< index of its first syllable in the token vector
    std::uint32_t count = 0; ///< number of syllables, 2 to Lexicon::max_syllables
    std::string norm;        ///< normalized syllables joined by '_': "chuyển_đổi_số"
    std::string folded;      ///< folded syllables joined by '_': "chuyen_doi_so"
};

/// How the segmenter treats syllables written without diacritics.
struct SegmentOptions {
    /// Match runs of unaccented syllables against entries by their folded form. Right for
    /// queries and for text typed without diacritics; in accented text it would glue
    /// syllables that merely fold alike, so the analyzer turns it off there.
    bool match_folded = true;
};

/// Greedy longest match, left to right, over runs of word tokens that no punctuation
/// separates. A folded match gives a compound whose `norm` is the folded form too: the
/// text does not say which accents were meant.
std::vector<Compound> segment(const std::vector<Token>& tokens, const Lexicon& lexicon,
                              SegmentOptions options = {});

} // namespace vnsearch
