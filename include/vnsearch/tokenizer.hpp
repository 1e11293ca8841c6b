#pragma once
/// Tokenization into syllables and typed tokens: stage 3 of the text pipeline.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch {

/// What a token is; the kind decides how it is normalized and whether it joins words.
enum class TokenKind : std::uint8_t {
    word,       ///< a run of letters: a Vietnamese syllable, an English word, "UBND"
    number,     ///< digits, with Vietnamese separators: 1.250, 1,5, 98,5
    year,       ///< a four-digit number from 1900 to 2099
    year_range, ///< 2025-2030, 2021 – 2025
    date,       ///< 14/03/2024, 14/3, 14.3
    code,       ///< letters mixed with digits or joined by - / .: 5G, 4G/5G, 52-NQ/TW, CNTT-TT
    email,      ///< someone@example.vn
    url,        ///< http://..., https://..., www....
};

/// The name of a kind as written in golden files and reports ("year_range").
std::string_view kind_name(TokenKind kind) noexcept;

/// One token, pointing into the analysed text so that a match can be highlighted in it.
struct Token {
    TokenKind kind = TokenKind::word;
    std::uint32_t begin = 0;    ///< byte offset of the first byte in the analysed text
    std::uint32_t end = 0;      ///< byte offset one past the last byte
    std::uint32_t position = 0; ///< term position; a composite shares its first part's
    bool part = false;          ///< a piece of the nearest preceding non-part token
    bool after_break = false;   ///< punctuation other than a hyphen or dash precedes it
    std::string norm;           ///< see WordForms::norm
    std::string folded;         ///< see WordForms::folded
};

/// Splits valid UTF-8 (the output of decode_utf8) into tokens. A composite token
/// (a code, date or year range) is followed by its parts, so "4G/5G" can be found both
/// whole and as "5G". Offsets are bytes of `text`, which must outlive nothing: the tokens
/// own their strings.
std::vector<Token> tokenize(std::string_view text);

} // namespace vnsearch
