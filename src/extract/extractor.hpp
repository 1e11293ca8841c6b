#pragma once
/// Metadata extraction: partner province, carriers, dates, period, pillars, signatories.

#include "vnsearch/analyzer.hpp"
#include "vnsearch/gazetteer.hpp"
#include "vnsearch/knowledge.hpp"
#include "vnsearch/record.hpp"

#include <limits>
#include <memory>

namespace vnsearch {

/// An extracted record with the analysis made on the way, so indexing need not redo it.
struct Extraction {
    ArticleRecord record; ///< its text whole
    /// How much of record.text was analysed: all of it (any size at least its length), or
    /// its first schema::max_indexed_text_bytes or so.
    std::size_t analysed_bytes = std::numeric_limits<std::size_t>::max();
    std::vector<Token> tokens;     ///< of record.text's first analysed_bytes
    std::vector<Mention> places;   ///< Knowledge::places mentions in record.text
    std::vector<Mention> carriers; ///< Knowledge::carrier_names mentions in record.text
};

/// Reads the facts of an agreement out of raw Vietnamese news text with rules and the
/// gazetteers of Knowledge. Stateless after construction; safe to share between threads.
class Extractor {
public:
    explicit Extractor(std::shared_ptr<const Knowledge> knowledge);

    /// Extracts everything; `raw.text` must be valid UTF-8.
    ArticleRecord extract(const RawArticle& raw) const { return analyse(raw).record; }

    /// Extracts everything and keeps the tokens and name mentions of the text.
    Extraction analyse(const RawArticle& raw) const;

    const Knowledge& knowledge() const noexcept { return *m_knowledge; }

private:
    std::shared_ptr<const Knowledge> m_knowledge;
};

} // namespace vnsearch
