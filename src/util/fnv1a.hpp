#pragma once
/// FNV-1a, the one hash of the index's own bytes: content hashes, the usual-spellings
/// digest, the lexicon's syllable keys, document signatures and the duplicate bands. Its
/// values are stored in indexes (content hashes, digests): they must never change.

#include <cstdint>
#include <string_view>

namespace vnsearch::util {

inline constexpr std::uint64_t fnv1a_offset = 14695981039346656037ull;
inline constexpr std::uint64_t fnv1a_prime = 1099511628211ull;

/// `h` extended with the bytes of `bytes` (from the offset basis unless given).
constexpr std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = fnv1a_offset) noexcept {
    for (const char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= fnv1a_prime;
    }
    return h;
}

/// `h` extended with a whole word at once (not byte by byte): for hashing numbers.
constexpr std::uint64_t fnv1a_word(std::uint64_t h, std::uint64_t word) noexcept {
    return (h ^ word) * fnv1a_prime;
}

} // namespace vnsearch::util
