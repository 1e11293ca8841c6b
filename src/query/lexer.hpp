#pragma once
/// The query language's lexer: the input as pieces (runs of words, phrases, field filters,
/// OR, parentheses), each with its -, + or NOT.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch::detail {

/// One item of the input: a run of words, a quoted phrase, a field filter, OR, or a
/// parenthesis.
struct Piece {
    enum Kind { words, phrase, filter, op_or, open, close } kind = words;
    std::string text;
    std::string field;
    bool negated = false;  ///< -x, NOT x
    bool required = false; ///< +x
    /// words: where in `text` each word typed with a + begins.
    std::vector<std::uint32_t> required_at;
    std::size_t begin = 0; ///< byte offset in the input (open, close: of the parenthesis)
};

/// The pieces of any input, in order.
std::vector<Piece> lex(std::string_view in);

} // namespace vnsearch::detail
