#pragma once
/// The index schema: term prefixes, value slots and metadata keys (see docs/schema.md).
/// Prefixes follow Omega's conventions; the project's own start with X.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <xapian.h>

namespace vnsearch {

/// Whether body terms also get positions in Xapian's own table. The engine reads positions
/// from its own stores (positions.hpp); Xapian's are only for Xapian's tools, such as a
/// phrase given to `quest`, and cost two fifths of the index's size.
enum class XapianPositions { omitted, written };

} // namespace vnsearch

namespace vnsearch::schema {

// Bump when documents written by an older indexer can no longer be read.
inline constexpr std::string_view version = "8";

// Free-text terms.
inline constexpr std::string_view folded = "";     ///< folded syllables
inline constexpr std::string_view accented = "XA"; ///< spellings a document needs (see below)
inline constexpr std::string_view title = "S";     ///< folded title syllables
inline constexpr std::string_view mention_province = "XMP"; ///< any spelling of a province
inline constexpr std::string_view mention_former = "XMO";   ///< any spelling of a former one
inline constexpr std::string_view mention_carrier = "XMC";  ///< any alias of a carrier

// Boolean filter terms.
inline constexpr std::string_view id = "Q";
inline constexpr std::string_view year = "Y";      ///< Y2024
inline constexpr std::string_view month = "M";     ///< M202403
inline constexpr std::string_view day = "D";       ///< D20240314
inline constexpr std::string_view province = "XP"; ///< XPquang_tri (current province slug)
inline constexpr std::string_view former = "XO";   ///< XOquang_binh
inline constexpr std::string_view carrier = "XC";  ///< XCviettel
inline constexpr std::string_view pillar = "XT";   ///< XTgovernment ("trụ cột")
inline constexpr std::string_view period = "XR";   ///< XR2025-2030
inline constexpr std::string_view vision = "XV";   ///< XV2045
inline constexpr std::string_view kind = "XK";     ///< XKagreement (record kind_ids)

// Value slots.
inline constexpr Xapian::valueno slot_date = 0;      ///< sortable_serialise(YYYYMMDD)
inline constexpr Xapian::valueno slot_year = 1;      ///< sortable_serialise(year)
inline constexpr Xapian::valueno slot_facets = 2;    ///< FacetRecord::pack()
inline constexpr Xapian::valueno slot_hash = 3;      ///< content hash (hex)
inline constexpr Xapian::valueno slot_source = 4;    ///< source path
inline constexpr Xapian::valueno slot_signature = 5; ///< MinHash signature, for near-duplicates
inline constexpr Xapian::valueno slot_positions = 6; ///< document_positions() (positions.hpp)
/// The text past the analysed part (max_indexed_text_bytes), for the document view alone:
/// a hit reads the document data, which holds the analysed part. Absent for most documents.
inline constexpr Xapian::valueno slot_rest_of_text = 7;
/// The outlet that published the article (outlet_of()), for the source facet; absent when
/// the input names none.
inline constexpr Xapian::valueno slot_outlet = 8;
/// The facets of slot 2 a slot each, for Xapian's own ValueCountMatchSpy over remote shards:
/// one byte, the code (province, former province, kind) or the bits (carriers, pillars);
/// absent when 0. The year's slot is slot_year, the outlet's slot_outlet.
inline constexpr Xapian::valueno slot_province = 9;
inline constexpr Xapian::valueno slot_former = 10;
inline constexpr Xapian::valueno slot_carriers = 11;
inline constexpr Xapian::valueno slot_pillars = 12;
inline constexpr Xapian::valueno slot_kind = 13;

// Metadata keys.
inline constexpr std::string_view meta_version = "vnsearch:schema";
inline constexpr std::string_view meta_provinces = "vnsearch:provinces"; ///< names by code, \n
inline constexpr std::string_view meta_formers = "vnsearch:former_provinces";
inline constexpr std::string_view meta_carriers = "vnsearch:carriers";
inline constexpr std::string_view meta_updated = "vnsearch:last_update";     ///< ISO time, UTC
inline constexpr std::string_view meta_usual_forms = "vnsearch:usual_forms"; ///< digest of the list
/// Documents changed since the shard was last compacted (it is compacted when they reach a
/// tenth of the index).
inline constexpr std::string_view meta_uncompacted = "vnsearch:uncompacted";
/// In an index sharded by year: the year whose documents the shard holds ("2024"), or
/// "undated"; a server reads it (also from a remote shard) to leave out shards a year
/// filter excludes.
inline constexpr std::string_view meta_period = "vnsearch:period";
/// The researcher's corrections (vnsearch-index --corrections), one a line: id, field, value
/// and note separated by tabs; the same in every shard.
inline constexpr std::string_view meta_corrections = "vnsearch:corrections";
/// The positions store (positions.hpp): the next commit's number and the first one still
/// in the journal; present when every document of the shard is in the store.
inline constexpr std::string_view meta_positions = "vnsearch:positions";
inline constexpr std::string_view meta_positions_run = "vnsearch:p:";     ///< + term, NUL, commit
inline constexpr std::string_view meta_positions_journal = "vnsearch:j:"; ///< + commit, term
/// Present (1) when every document keeps its positions in slot_positions.
inline constexpr std::string_view meta_document_positions = "vnsearch:document_positions";
/// Present (1) when the documents' body terms also have positions in Xapian's own table,
/// for Xapian's tools (vnsearch-index --xapian-positions); the engine does not read them.
inline constexpr std::string_view meta_xapian_positions = "vnsearch:xapian_positions";

// Positions: only the body has them, from here on (room is left for a positional title).
inline constexpr Xapian::termpos body_positions = 1000;
// How much more a title word weighs than a body word.
inline constexpr Xapian::termcount title_wdf = 4;
/// Of an article's text, this much (from its start) is analysed and searchable: one huge
/// document must not make every query that matches it slow and large. The record keeps
/// the whole text; the indexer reports each article it cuts.
inline constexpr std::size_t max_indexed_text_bytes = 1u << 20;
// Longer terms (long addresses) are not indexed.
inline constexpr std::size_t max_term_bytes = 120;
/// Whether a folded word is indexed as a term (not empty, not too long).
inline bool indexed_term(std::string_view word) {
    return !word.empty() && word.size() <= max_term_bytes;
}

/// Number of MinHash functions in the signature; bands of signature_rows for LSH.
inline constexpr std::size_t signature_size = 16;
inline constexpr std::size_t signature_rows = 2;

/// Carriers an index can tell apart: one bit each in FacetRecord::carriers.
inline constexpr std::size_t max_carriers = 8;

/// The facets of one document, packed into one value so the server can load a
/// compact per-document column in one pass.
struct FacetRecord {
    std::uint8_t province = 0;  ///< code (1-based) into vnsearch:provinces, 0 = none
    std::uint8_t former = 0;    ///< code into vnsearch:former_provinces, 0 = none
    std::uint8_t carriers = 0;  ///< bit i = carrier i of vnsearch:carriers (max_carriers)
    std::uint8_t pillars = 0;   ///< bit i = pillar_ids[i]
    std::uint16_t year = 0;     ///< the signing year, else the publication year; 0 = unknown
    std::uint32_t yyyymmdd = 0; ///< publication date (day or month 00 when not known); 0 = unknown
    std::uint8_t kind = 0;      ///< 1 + index into kind_ids, 0 = none

    std::string pack() const;
    static FacetRecord unpack(std::string_view bytes) noexcept;
};
static_assert(max_carriers == 8 * sizeof(FacetRecord::carriers));

} // namespace vnsearch::schema
