#pragma once
// What the fuzz targets share: a check that stops the run, so libFuzzer keeps the input
// that broke a promise, and the properties several targets assert.

#include "vnsearch/utf8.hpp"

#include <cstdio>
#include <cstdlib>
#include <string_view>

/// Aborts with the broken condition and its place when `cond` is false. Unlike assert()
/// it stays on in optimized builds, which is what the fuzzers run.
#define VNSEARCH_FUZZ_CHECK(cond)                                                                  \
    ((cond) ? void(0) : ::vnsearch::fuzz::broken(#cond, __FILE__, __LINE__))

namespace vnsearch::fuzz {

[[noreturn]] inline void broken(const char* what, const char* file, int line) {
    std::fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
    std::abort();
}

/// True when `text` is what decode_utf8 promises: well-formed UTF-8 without NUL, DEL or
/// any C0 or C1 control other than tab, line feed and carriage return.
inline bool clean_text(std::string_view text) {
    if (!is_valid_utf8(text))
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto b = static_cast<unsigned char>(text[i]);
        if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F)
            return false;
        // U+0080 to U+009F are C2 80 to C2 9F.
        if (b == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0)
            return false;
    }
    return true;
}

/// True when `pos` is a code point boundary of the valid UTF-8 `text` (or its end).
inline bool at_boundary(std::string_view text, std::size_t pos) {
    return pos == text.size() ||
           (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0u) != 0x80u);
}

} // namespace vnsearch::fuzz
