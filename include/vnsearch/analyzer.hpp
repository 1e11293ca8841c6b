#pragma once
/// The text pipeline, the same for documents and queries: decode, normalize, tokenize,
/// fold, segment. Stop words are the query side's business (see stopwords.hpp).

#include "vnsearch/lexicon.hpp"
#include "vnsearch/segmenter.hpp"
#include "vnsearch/tokenizer.hpp"
#include "vnsearch/utf8.hpp"

#include <memory>
#include <string_view>
#include <vector>

namespace vnsearch {

/// Everything the pipeline found in one text.
struct Analysis {
    std::vector<Token> tokens;       ///< in text order; composites followed by their parts
    std::vector<Compound> compounds; ///< multi-syllable words, in text order
};

/// Options of an Analyzer.
struct AnalyzerOptions {
    /// Below this share of syllables with diacritics a text counts as typed without them,
    /// and its syllables segment by their folded forms.
    double unaccented_share = 0.1;
};

/// Runs the pipeline. Cheap to copy; thread-safe to share (it only reads the lexicon).
class Analyzer {
public:
    explicit Analyzer(std::shared_ptr<const Lexicon> lexicon, AnalyzerOptions options = {});

    /// Analyses valid UTF-8 (decode_utf8's output). Offsets in the result are into `text`.
    Analysis analyze(std::string_view text) const;

    /// Analyses a query: like analyze(), but unaccented runs always segment by folding.
    Analysis analyze_query(std::string_view text) const;

    const Lexicon& lexicon() const noexcept { return *m_lexicon; }

private:
    std::shared_ptr<const Lexicon> m_lexicon;
    AnalyzerOptions m_options;
};

} // namespace vnsearch
