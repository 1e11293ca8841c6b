#pragma once
/// Writing one generated document from the corpus model.

#include "model.hpp"
#include "rng.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace vnsearch::gen {

/// A generated document: the JSON Lines fields and what it was generated to be about.
struct Document {
    std::string id;
    std::string url;
    std::string title;
    std::string published; ///< YYYY-MM-DD
    std::string source;
    std::string text; ///< paragraphs separated by a blank line

    bool cooperation = false;  ///< built around a signing; otherwise a news story
    int old_province = -1;     ///< index into old_provinces(), -1: none
    int current_province = -1; ///< index into current_provinces(), -1: none
    std::vector<std::uint8_t> carriers;
    std::uint8_t pillars = 0; ///< Pillar bits the body was drawn from
    int year = 0;
    bool nfd = false; ///< text and title written decomposed
};

/// Draws documents from the model. Document `index` depends only on the model, the seed
/// and the index, so a run with more documents starts with the documents of a shorter one.
class ArticleWriter {
public:
    ArticleWriter(const CorpusModel& model, std::uint64_t seed);

    /// The document number `index` (0-based).
    Document write(std::uint64_t index) const;

private:
    struct Pool {
        std::vector<std::uint32_t> ids; ///< in Zipf rank order (a seeded shuffle)
        Zipf zipf;
    };
    struct Draft;
    struct Body;

    template <typename Pred>
    Pool make_pool(const std::vector<Sentence>& from, Pred pred, Rng& rng) const;
    template <typename Pred>
    const Sentence* draw(const Pool& pool, const std::vector<Sentence>& from, Draft& d, Pred ok,
                         int tries) const;
    bool compatible(const Sentence& s, const Draft& d) const;
    void render(const Sentence& s, Draft& d, bool as_lead, std::string& out) const;
    void render_person(const Piece& p, Draft& d, std::string& out) const;
    static void render_province(const Piece& p, const Draft& d, std::string& out);
    /// A day and month, a full date or a month and year: the document's date in its lead.
    static void render_date(const Piece& p, Draft& d, bool as_lead, int shift, std::string& out);
    std::string invent_name(bool woman, Rng& rng) const;
    const Sentence* draw_lead(Draft& d) const;
    /// A sentence from the pool of paragraph kind `kind` (body.cpp), else a general one.
    const Sentence* draw_for_paragraph(int kind, Draft& d) const;
    /// Up to `count` sentences of kind `kind`, as many as the body has room for.
    std::string write_paragraph(int kind, std::size_t count, bool in_first, Body& body,
                                Draft& d) const;
    void write_body(Draft& d, Document& doc) const;
    void write_title(Draft& d, Document& doc) const;
    void write_source(Draft& d, Document& doc) const;

    const CorpusModel& m_model;
    std::uint64_t m_seed;
    Pool m_coop_leads, m_news_leads, m_general, m_quotes, m_coop_titles, m_news_titles;
    std::array<Pool, 4> m_pillars; ///< sentences about each pillar, in Pillar bit order
    Zipf m_province_rank;          ///< popularity of old_provinces(), in table order
    Zipf m_family_rank;
    std::vector<std::string> m_old_slugs, m_current_slugs;
};

} // namespace vnsearch::gen
