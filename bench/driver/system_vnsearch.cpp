// vnsearch through its library, the way the server calls it.
#include "systems.hpp"
#include "vnsearch/data_dir.hpp"
#include "vnsearch/search.hpp"

#include <stdexcept>

namespace vnsearch::bench {
namespace {

class VnsearchLibrary final : public System {
public:
    explicit VnsearchLibrary(const SystemOptions& o)
        : m_db(o.db), m_knowledge(Knowledge::load(data_dir())),
          m_postings_budget(o.postings_mb << 20),
          m_engine(
              std::make_unique<SearchEngine>(std::vector{m_db}, m_knowledge, m_postings_budget)),
          m_per_page(o.per_page), m_view(o.view) {}

    void check(const BenchQuery& q) override { (void)request_for(q); }

    void run(const BenchQuery& q) override {
        if (m_view == "timeline") {
            m_last = {};
            m_last.total =
                m_engine->timeline(request_for(q), Interval::month, Normalize::filters).total;
        } else if (m_view == "terms") {
            m_last = {};
            m_last.total = m_engine->terms(request_for(q), 50).total;
        } else {
            m_last = m_engine->search(request_for(q));
        }
    }

    /// A new engine has an empty match cache; its first search builds the snapshot (facet
    /// column, duplicate groups, vocabulary), which a browse does without touching the cache.
    void reset() override {
        m_engine.reset();
        m_engine =
            std::make_unique<SearchEngine>(std::vector{m_db}, m_knowledge, m_postings_budget);
        SearchRequest browse;
        browse.per_page = 1;
        (void)m_engine->search(browse);
    }

    Outcome outcome() override {
        Outcome o;
        o.matches = m_last.total;
        for (const SearchHit& h : m_last.hits)
            o.top.push_back(h.record.id);
        for (const char* facet : {"province", "carrier", "year", "pillar"})
            if (const auto it = m_last.facets.find(facet); it != m_last.facets.end())
                for (const FacetCount& c : it->second)
                    o.facet_values += c.count > 0;
        return o;
    }

private:
    /// The request the server would build from the same parameters.
    SearchRequest request_for(const BenchQuery& q) const {
        const QueryParser& parser = m_engine->parser();
        SearchRequest r;
        r.q = q.text;
        r.per_page = m_per_page;
        r.page = page;
        for (const std::string& p : q.provinces) {
            const auto code = parser.resolve_province(p);
            if (!code)
                throw std::runtime_error(q.id + ": unknown province '" + p + "'");
            if (code->second != 0)
                r.filters.formers.push_back(code->second);
            else
                r.filters.provinces.push_back(code->first);
        }
        for (const std::string& c : q.carriers) {
            const int i = parser.resolve_carrier(c);
            if (i < 0)
                throw std::runtime_error(q.id + ": unknown carrier '" + c + "'");
            r.filters.carriers.push_back(i);
        }
        r.filters.years = q.years;
        for (const std::string& p : q.pillars) {
            const int i = parser.resolve_pillar(p);
            if (i < 0)
                throw std::runtime_error(q.id + ": unknown pillar '" + p + "'");
            r.filters.pillars.push_back(i);
        }
        return r;
    }

    std::filesystem::path m_db;
    std::shared_ptr<const Knowledge> m_knowledge;
    std::size_t m_postings_budget;
    std::unique_ptr<SearchEngine> m_engine;
    int m_per_page;
    std::string m_view;
    SearchResponse m_last;
};

} // namespace

std::unique_ptr<System> make_vnsearch_library(const SystemOptions& options) {
    return std::make_unique<VnsearchLibrary>(options);
}

} // namespace vnsearch::bench
