#pragma once
/// A piece of text of a query, as the parser hands it to QueryParser::text_clauses.

#include "vnsearch/query.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace vnsearch {

struct QueryParser::TextPiece {
    std::string_view text;
    bool phrase = false; ///< a quoted phrase: one required clause
    bool title = false;  ///< title:...: one required clause of title terms
    bool negated = false;
    bool required = false; ///< +"phrase", +title:
    /// Where in `text` the words typed with a + begin.
    const std::vector<std::uint32_t>* required_at = nullptr;
};

} // namespace vnsearch
