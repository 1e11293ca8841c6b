#pragma once
/// Snippets: a window of the text around the best matches, HTML-escaped, matches in <mark>.

#include "vnsearch/knowledge.hpp"

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace vnsearch {

/// Escapes & < > " ' for HTML text and attribute values.
std::string html_escape(std::string_view text);

/// What to mark: folded terms (any form of the word matches) and names of places or
/// companies (any spelling: Gazetteer payloads, carriers with the top bit set).
struct HighlightSpec {
    std::unordered_set<std::string> folded_terms; ///< any word that folds to one of these
    std::unordered_set<std::string> exact_terms;  ///< words whose normalized form is one of these
    std::vector<std::uint32_t> entities;
};

/// The best window of about `max_bytes` of `text` for `spec`, escaped, with matches wrapped
/// in <mark>; the start of the text when nothing matches.
std::string make_snippet(std::string_view text, const HighlightSpec& spec,
                         const Knowledge& knowledge, std::size_t max_bytes = 280);

} // namespace vnsearch
