#pragma once
/// Turns an extracted record into the Xapian document the schema describes.

#include "extract/extractor.hpp"
#include "vnsearch/analyzer.hpp"
#include "vnsearch/knowledge.hpp"
#include "vnsearch/record.hpp"
#include "vnsearch/schema.hpp"

#include <array>
#include <memory>
#include <unordered_map>
#include <vector>
#include <xapian.h>

namespace vnsearch {

/// MinHash of a text's word 4-grams: near-duplicate articles have close signatures.
using Signature = std::array<std::uint32_t, schema::signature_size>;

/// The signature of analysed text (word tokens only, folded).
Signature minhash(const std::vector<Token>& tokens);
/// Signature as stored in slot_signature, and back.
std::string pack_signature(const Signature& s);
Signature unpack_signature(std::string_view bytes) noexcept;

/// The spellings a document uses for each folded syllable, and how often. A document
/// stores an accented term (schema::accented) for each spelling other than the syllable's
/// usual one (Knowledge::usual_form), with the same wdf as the folded term gets from it:
/// how often the usual spelling occurs is the folded term's wdf less its XA terms' wdfs.
/// Most words of most texts are in their usual spelling, so this keeps a document to a
/// third of the accented terms it would have otherwise.
class Spellings {
public:
    void add(const Token& token, Xapian::termcount wdf);
    void add_terms(Xapian::Document& doc, const Knowledge& knowledge) const;

private:
    std::unordered_map<std::string, std::vector<std::pair<std::string, Xapian::termcount>>>
        m_forms; ///< folded -> (norm, wdf)
};

/// How many documents write each accented word (the spelling table's frequencies, and
/// did-you-mean's): exact for XA terms; for a usual form, the documents with its folded
/// term less those with another spelling of it (a lower bound: some write both).
std::unordered_map<std::string, Xapian::doccount> accented_frequencies(const Xapian::Database& db,
                                                                       const Knowledge& knowledge);

/// Builds documents; stateless, safe to share between threads.
class DocumentBuilder {
public:
    explicit DocumentBuilder(std::shared_ptr<const Knowledge> knowledge,
                             XapianPositions xapian_positions = XapianPositions::omitted);

    /// The document for an extraction (terms, values, data), reusing its analysis.
    Xapian::Document build(const Extraction& extraction) const;

    /// Facet codes of `record` under this builder's gazetteers.
    schema::FacetRecord facets(const ArticleRecord& record) const;

    /// Files a stored document under the facts of `record` anew (its filter terms, facet
    /// values and data), leaving its text's terms as they are: for corrected facts.
    void refile(Xapian::Document& doc, const ArticleRecord& record) const;

private:
    void add_facts(Xapian::Document& doc, const ArticleRecord& r) const;
    void index_body(Xapian::Document& doc, const Extraction& e, Spellings& spellings) const;
    void index_title(Xapian::Document& doc, std::string_view title, Spellings& spellings) const;

    std::shared_ptr<const Knowledge> m_knowledge;
    Analyzer m_analyzer;
    XapianPositions m_xapian_positions;
};

} // namespace vnsearch
