#pragma once
/// UTF-8 decoding: the first stage of the text pipeline.

#include <cstddef>
#include <string>
#include <string_view>

namespace vnsearch {

/// The text the rest of the pipeline reads, and what was repaired on the way in.
struct DecodedText {
    std::string text;                  ///< valid UTF-8, no NUL, no control but \t \n \r
    std::size_t invalid_sequences = 0; ///< ill-formed byte sequences replaced by U+FFFD
    std::size_t control_chars = 0;     ///< NUL and other controls replaced by a space
};

/// Makes arbitrary bytes safe for analysis: every ill-formed sequence (stray continuation
/// bytes, overlong forms, surrogates, code points past U+10FFFF, truncated sequences)
/// becomes one U+FFFD, controls become a space and a leading byte order mark is dropped.
/// Never throws on bad input.
DecodedText decode_utf8(std::string_view bytes);

/// True when `bytes` is well-formed UTF-8 (controls allowed).
bool is_valid_utf8(std::string_view bytes) noexcept;

/// Reads the code point at `pos` of valid UTF-8 and advances `pos` past it.
/// Precondition: `s` came out of decode_utf8 (or is otherwise known to be valid).
inline char32_t next_code_point(std::string_view s, std::size_t& pos) noexcept {
    const auto b0 = static_cast<unsigned char>(s[pos]);
    if (b0 < 0x80) {
        ++pos;
        return b0;
    }
    auto cont = [&](std::size_t i) { return static_cast<unsigned char>(s[pos + i]) & 0x3Fu; };
    char32_t cp;
    if (b0 < 0xE0) {
        cp = ((b0 & 0x1Fu) << 6) | cont(1);
        pos += 2;
    } else if (b0 < 0xF0) {
        cp = ((b0 & 0x0Fu) << 12) | (cont(1) << 6) | cont(2);
        pos += 3;
    } else {
        cp = ((b0 & 0x07u) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
        pos += 4;
    }
    return cp;
}

/// Appends the UTF-8 encoding of `cp` (assumed a valid scalar value).
inline void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

} // namespace vnsearch
