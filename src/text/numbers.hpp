#pragma once
/// How Vietnamese writes numbers and dates in digits: years, periods of years (2025-2030),
/// dates day first (14/3/2024, 14.3), ISO dates from metadata, thousands dots and decimal
/// commas (1.250.000, 98,5).

#include "text/vietnamese.hpp"
#include "vnsearch/tokenizer.hpp"

#include <string_view>
#include <vector>

namespace vnsearch::text {

/// Four digits from 1900 to 2099.
bool is_year(std::string_view digits);

/// What a chunk of digit groups joined by punctuation stands for.
struct NumericReading {
    TokenKind kind = TokenKind::code;
    WordForms forms;
    bool parts = true; ///< its groups are tokens too (parts of it)
};

/// Reads a chunk of two or more digit groups: `groups[g]` holds the digits of group g,
/// `joiners[g]` the character before it (0 for the first), `whole` the chunk as written.
NumericReading read_numeric(const std::vector<std::string_view>& groups,
                            const std::vector<char32_t>& joiners, std::string_view whole);

} // namespace vnsearch::text
