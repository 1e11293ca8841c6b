#pragma once
/// Turns an extracted record into the Xapian document the schema describes.

#include "vnsearch/analyzer.hpp"
#include "vnsearch/extractor.hpp"
#include "vnsearch/knowledge.hpp"
#include "vnsearch/record.hpp"
#include "vnsearch/schema.hpp"

#include <array>
#include <memory>
#include <xapian.h>

namespace vnsearch {

/// MinHash of a text's word 4-grams: near-duplicate articles have close signatures.
using Signature = std::array<std::uint32_t, schema::signature_size>;

/// The signature of analysed text (word tokens only, folded).
Signature minhash(const std::vector<Token>& tokens);
/// Signature as stored in slot_signature, and back.
std::string pack_signature(const Signature& s);
Signature unpack_signature(std::string_view bytes) noexcept;

/// Builds documents; stateless, safe to share between threads.
class DocumentBuilder {
public:
    explicit DocumentBuilder(std::shared_ptr<const Knowledge> knowledge);

    /// The document for an extraction (terms, values, data), reusing its analysis.
    Xapian::Document build(const Extraction& extraction) const;

    /// Facet codes of `record` under this builder's gazetteers.
    schema::FacetRecord facets(const ArticleRecord& record) const;

private:
    void index_body(Xapian::Document& doc, const Extraction& e) const;
    void index_title(Xapian::Document& doc, std::string_view title) const;

    std::shared_ptr<const Knowledge> m_knowledge;
    Analyzer m_analyzer;
};

} // namespace vnsearch
