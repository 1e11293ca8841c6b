#include "answer.hpp"

#include <cmath>

namespace vnsearch::server {

using nlohmann::json;

void send_json(httplib::Response& res, const json& body, int status) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace),
                    "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const std::string& code,
                const std::string& message) {
    send_json(res, {{"error", {{"code", code}, {"message", message}}}}, status);
}

json or_null(const std::string& s) {
    return s.empty() ? json() : json(s);
}
json or_null(int v) {
    return v == 0 ? json() : json(v);
}

json hit_json(const SearchHit& h) {
    const ArticleRecord& r = h.record;
    json corrected = json::array();
    for (const Correction& c : r.corrections)
        corrected.push_back(c.field);
    return {{"id", r.id},
            {"title", r.title},
            {"published", or_null(r.published)},
            {"signed", or_null(r.signed_on)},
            {"year", or_null(r.year)},
            {"kind", or_null(r.kind)},
            {"corrected", corrected},
            {"province", or_null(r.province)},
            {"former_province", or_null(r.former_province)},
            {"carriers", r.carriers},
            {"pillars", r.pillars},
            {"period", or_null(r.period)},
            {"snippet", h.snippet},
            {"score", h.score},
            {"copies", h.copies},
            {"duplicates", h.duplicates},
            {"missing", h.missing}};
}

json corrected_json(const SearchResponse& r) {
    if (!r.corrected)
        return json();
    json words = json::array();
    for (const auto& [from, to] : r.corrected->words)
        words.push_back({{"from", from}, {"to", to}});
    return {{"from", r.corrected->from}, {"to", r.corrected->to}, {"words", words}};
}

json facets_json(const SearchResponse& r) {
    json out = json::object();
    for (std::string_view name : facet_names) {
        json list = json::array();
        if (const auto it = r.facets.find(std::string(name)); it != r.facets.end())
            for (const FacetCount& c : it->second)
                list.push_back({{"value", c.value}, {"count", c.count}, {"selected", c.selected}});
        out[std::string(name)] = list;
    }
    return out;
}

json query_json(const SearchRequest& r, const SearchResponse& res, const SearchEngine& engine) {
    const Knowledge& k = engine.knowledge();
    auto names = [](const std::vector<std::string>& all, const std::vector<int>& codes,
                    int offset) {
        json out = json::array();
        for (int c : codes)
            if (c - offset >= 0 && static_cast<std::size_t>(c - offset) < all.size())
                out.push_back(all[static_cast<std::size_t>(c - offset)]);
        return out;
    };
    const Filters& f = res.filters;
    std::vector<std::string> pillars(pillar_ids.begin(), pillar_ids.end());
    std::vector<std::string> kinds(kind_ids.begin(), kind_ids.end());
    const char* sort = r.sort == SortOrder::relevance   ? "relevance"
                       : r.sort == SortOrder::date_desc ? "date_desc"
                                                        : "date_asc";
    return {{"q", r.q},
            {"province", names(k.provinces, f.provinces, 1)},
            {"former_province", names(k.former_provinces, f.formers, 1)},
            {"carrier", names(k.carriers, f.carriers, 0)},
            {"year", f.years},
            {"pillar", names(pillars, f.pillars, 0)},
            {"kind", names(kinds, f.kinds, 0)},
            {"source", f.sources},
            {"year_from", f.year_from ? json(*f.year_from) : json()},
            {"year_to", f.year_to ? json(*f.year_to) : json()},
            {"sort", sort},
            {"page", r.page},
            {"per_page", r.per_page},
            {"exact", r.exact},
            {"relax", r.relax == RelaxMode::always  ? "always"
                      : r.relax == RelaxMode::never ? "never"
                                                    : "auto"},
            {"not_understood", res.query_errors}};
}

} // namespace vnsearch::server
