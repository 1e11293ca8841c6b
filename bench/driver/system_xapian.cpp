// The plain-Xapian baseline: the vnsearch index searched with the Xapian API alone, the
// way a Xapian user would without vnsearch's facet column.
#include "systems.hpp"
#include "vnsearch/knowledge.hpp"
#include "vnsearch/schema.hpp"
#include "vnsearch/tokenizer.hpp"

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <xapian.h>

namespace vnsearch::bench {
namespace {

enum Facet { province, carrier, year, pillar, facet_count };

/// Folded syllables (the index's unprefixed terms) of a piece of text.
std::vector<std::string> folded_terms(const std::string& text) {
    std::vector<std::string> out;
    for (const Token& t : tokenize(text))
        if (!t.part && !t.folded.empty() && t.folded.size() <= schema::max_term_bytes)
            out.push_back(t.folded);
    return out;
}

/// OP_AND of the folded syllables, OP_PHRASE for quoted phrases; empty when browsing.
Xapian::Query text_query(const std::string& text) {
    std::vector<Xapian::Query> parts;
    for (const TextPart& part : split_phrases(text)) {
        const std::vector<std::string> terms = folded_terms(part.text);
        if (part.phrase && terms.size() > 1)
            parts.emplace_back(Xapian::Query::OP_PHRASE, terms.begin(), terms.end());
        else
            for (const std::string& t : terms)
                parts.emplace_back(t);
    }
    if (parts.empty())
        return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

/// OR of the boolean terms of one facet's values (empty query when it has none).
Xapian::Query facet_filter(std::string_view prefix, const std::vector<std::string>& values) {
    std::vector<Xapian::Query> terms;
    for (const std::string& v : values)
        terms.emplace_back(std::string(prefix) + slug(v));
    if (terms.empty())
        return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

class PlainXapian final : public System {
public:
    explicit PlainXapian(const SystemOptions& o) : m_db(o.db.string()), m_per_page(o.per_page) {}

    void check(const BenchQuery&) override {}

    void run(const BenchQuery& q) override {
        const Xapian::doccount all = m_db.get_doccount();
        const Xapian::Query text = text_query(q.text);
        std::array<Xapian::Query, facet_count> filters;
        filters[province] = facet_filter(schema::province, q.provinces);
        filters[carrier] = facet_filter(schema::carrier, q.carriers);
        std::vector<std::string> years;
        for (int y : q.years)
            years.push_back(std::to_string(y));
        filters[year] = facet_filter(schema::year, years);
        filters[pillar] = facet_filter(schema::pillar, q.pillars);

        for (auto& c : m_counts)
            c.clear();
        m_top.clear();

        // The page, with one spy counting every match under all the filters: the counts of
        // the facets that carry no filter.
        Xapian::Enquire enquire(m_db);
        enquire.set_query(combine(text, filters, facet_count));
        if (text.empty()) {
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            enquire.set_sort_by_value(schema::slot_date, true);
        }
        Xapian::ValueCountMatchSpy spy(schema::slot_facets);
        enquire.add_matchspy(&spy);
        const Xapian::MSet first_page =
            enquire.get_mset(0, static_cast<Xapian::doccount>(m_per_page), all);
        m_matches = first_page.get_matches_estimated(); // exact: check_at_least is every document
        std::uint32_t plain = 0;
        for (int f = 0; f < facet_count; ++f)
            if (filters[f].empty())
                plain |= 1u << f;
        tally(spy, plain);

        // Multi-select: a facet with a filter is counted over the other filters only.
        for (int f = 0; f < facet_count; ++f) {
            if (filters[f].empty())
                continue;
            Xapian::Enquire other(m_db);
            other.set_query(combine(text, filters, f));
            other.set_weighting_scheme(Xapian::BoolWeight());
            Xapian::ValueCountMatchSpy own(schema::slot_facets);
            other.add_matchspy(&own);
            (void)other.get_mset(0, 0, all);
            tally(own, 1u << f);
        }

        // The page's records, as a result list shows them.
        for (auto it = first_page.begin(); it != first_page.end(); ++it) {
            const auto j = nlohmann::json::parse(it.get_document().get_data(), nullptr, false);
            m_top.push_back(j.is_object() ? j.value("id", "") : "");
        }
    }

    Outcome outcome() override {
        Outcome o;
        o.matches = m_matches;
        o.top = m_top;
        for (const auto& c : m_counts)
            for (const auto& [value, n] : c)
                o.facet_values += n > 0;
        return o;
    }

private:
    /// The text query with every filter but `except` (facet_count: all of them).
    static Xapian::Query combine(const Xapian::Query& text,
                                 const std::array<Xapian::Query, facet_count>& filters,
                                 int except) {
        std::vector<Xapian::Query> active;
        for (int f = 0; f < facet_count; ++f)
            if (f != except && !filters[f].empty())
                active.push_back(filters[f]);
        const Xapian::Query base = text.empty() ? Xapian::Query::MatchAll : text;
        if (active.empty())
            return base;
        return Xapian::Query(Xapian::Query::OP_FILTER, base,
                             Xapian::Query(Xapian::Query::OP_AND, active.begin(), active.end()));
    }

    /// Adds the spy's counts of packed facet records to the facets in `mask`.
    void tally(const Xapian::ValueCountMatchSpy& spy, std::uint32_t mask) {
        for (auto v = spy.values_begin(); v != spy.values_end(); ++v) {
            const schema::FacetRecord r = schema::FacetRecord::unpack(*v);
            const Xapian::doccount n = v.get_termfreq();
            if ((mask & (1u << province)) && r.province != 0)
                m_counts[province][r.province] += n;
            if (mask & (1u << carrier))
                for (int b = 0; b < 8; ++b)
                    if ((r.carriers >> b) & 1u)
                        m_counts[carrier][b] += n;
            if ((mask & (1u << year)) && r.year != 0)
                m_counts[year][r.year] += n;
            if (mask & (1u << pillar))
                for (int b = 0; b < 8; ++b)
                    if ((r.pillars >> b) & 1u)
                        m_counts[pillar][b] += n;
        }
    }

    Xapian::Database m_db;
    int m_per_page;
    std::size_t m_matches = 0;
    std::vector<std::string> m_top;
    std::array<std::map<int, std::size_t>, facet_count> m_counts;
};

} // namespace

std::unique_ptr<System> make_plain_xapian(const SystemOptions& options) {
    return std::make_unique<PlainXapian>(options);
}

} // namespace vnsearch::bench
