#pragma once
/// Normalization and folding of Vietnamese words: stages 2 and 4 of the text pipeline.

#include <string>
#include <string_view>

namespace vnsearch {

/// The two forms under which a word is indexed and searched.
struct WordForms {
    std::string norm;   ///< NFC, lower case, tone mark in the one canonical place
    std::string folded; ///< `norm` without tone marks or vowel hats, and đ as d
};

/// Normalizes one word of valid UTF-8: composes NFD input, lower-cases it and, when it is
/// a Vietnamese syllable carrying a tone mark, moves the mark to the new-style position
/// (hoà -> hòa, khoẻ -> khỏe, thuý -> thúy), so that both placements give one term.
WordForms normalize_word(std::string_view word);

/// Like normalize_word, for tokens that are not syllables (codes, numbers, addresses):
/// composes and lower-cases, never moves a tone mark.
WordForms normalize_token(std::string_view token);

/// Removes every diacritic from valid UTF-8 text and maps đ/Đ to d, keeping case and
/// everything else ("Đắk Lắk" -> "Dak Lak").
std::string fold_diacritics(std::string_view text);

/// True when `text` carries any Vietnamese diacritic (tone mark, hat, horn, breve or đ).
bool has_diacritics(std::string_view text);

/// Lower-cases and NFC-composes valid UTF-8 (no tone movement): for names and labels.
std::string to_lower_nfc(std::string_view text);

} // namespace vnsearch
