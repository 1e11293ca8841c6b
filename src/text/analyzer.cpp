#include "vnsearch/analyzer.hpp"

#include <cassert>

namespace vnsearch {

Analyzer::Analyzer(std::shared_ptr<const Lexicon> lexicon, AnalyzerOptions options)
    : m_lexicon(std::move(lexicon)), m_options(options) {
    assert(m_lexicon != nullptr);
}

Analysis Analyzer::analyze(std::string_view text) const {
    Analysis a;
    a.tokens = tokenize(text);
    std::size_t words = 0;
    std::size_t accented = 0;
    for (const Token& t : a.tokens) {
        if (t.kind == TokenKind::word && !t.part) {
            ++words;
            accented += t.norm != t.folded;
        }
    }
    SegmentOptions seg;
    seg.match_folded = words > 0 && static_cast<double>(accented) <
                                        m_options.unaccented_share * static_cast<double>(words);
    a.compounds = segment(a.tokens, *m_lexicon, seg);
    return a;
}

Analysis Analyzer::analyze_query(std::string_view text) const {
    Analysis a;
    a.tokens = tokenize(text);
    a.compounds = segment(a.tokens, *m_lexicon, SegmentOptions{true});
    return a;
}

} // namespace vnsearch
