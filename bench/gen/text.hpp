#pragma once
/// Small text helpers of the generator: Unicode normalization through ICU and UTF-8
/// scanning at word boundaries.

#include <cstddef>
#include <string>
#include <string_view>

namespace vnsearch::gen {

/// NFC form of valid UTF-8 (the sample corpus has articles in NFD).
std::string to_nfc(std::string_view text);

/// NFD form of valid UTF-8 (a share of generated documents is written decomposed).
std::string to_nfd(std::string_view text);

/// Lower case, NFC: for keyword tests only; generated text keeps its case.
std::string to_lower(std::string_view text);

/// ASCII letters and digits only, lower case: "Bà Rịa - Vũng Tàu" -> "bariavungtau".
std::string ascii_slug(std::string_view text);

/// The code point at byte `pos` and its length in bytes; text must be valid UTF-8.
char32_t code_point_at(std::string_view text, std::size_t pos, std::size_t& length);

/// The code point that ends just before byte `pos` (0 when pos == 0).
char32_t code_point_before(std::string_view text, std::size_t pos);

/// Letters, digits and combining marks: what a word is made of.
bool is_word_char(char32_t c);

/// An ASCII digit.
inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// Upper-case letter.
bool is_upper(char32_t c);

/// Lower-case letter (or a combining mark inside a syllable).
bool is_lower(char32_t c);

/// True when no word character touches byte `pos` from the left.
inline bool boundary_before(std::string_view text, std::size_t pos) {
    return pos == 0 || !is_word_char(code_point_before(text, pos));
}

/// True when no word character starts at byte `pos`.
inline bool boundary_at(std::string_view text, std::size_t pos) {
    std::size_t len = 0;
    return pos >= text.size() || !is_word_char(code_point_at(text, pos, len));
}

/// Number of space-separated words.
std::size_t count_words(std::string_view text);

/// Removes spaces and tabs at both ends.
std::string_view trim(std::string_view text);

} // namespace vnsearch::gen
