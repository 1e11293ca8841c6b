#include "params.hpp"

#include <vector>

namespace vnsearch::server {
namespace {

std::vector<std::string> values(const httplib::Request& req, const char* name) {
    std::vector<std::string> out;
    const auto range = req.params.equal_range(name);
    for (auto it = range.first; it != range.second; ++it)
        if (!it->second.empty())
            out.push_back(it->second);
    return out;
}

} // namespace

int parse_int(const std::string& param, const std::string& value, int lo, int hi) {
    std::size_t used = 0;
    int v = 0;
    try {
        v = std::stoi(value, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != value.size() || v < lo || v > hi)
        throw BadParameter("parameter '" + param + "' must be a whole number from " +
                           std::to_string(lo) + " to " + std::to_string(hi) + ", got '" + value +
                           "'");
    return v;
}

std::string single(const httplib::Request& req, const char* name) {
    const auto n = req.params.count(name);
    if (n > 1)
        throw BadParameter(std::string("parameter '") + name + "' may be given only once");
    return n == 0 ? std::string() : req.get_param_value(name);
}

SearchRequest parse_search(const httplib::Request& req, const QueryParser& parser,
                           std::set<std::string> allowed) {
    for (const char* p : {"q", "province", "former_province", "carrier", "year", "pillar", "kind",
                          "year_from", "year_to", "sort", "page", "per_page"})
        allowed.insert(p);
    for (const auto& [key, value] : req.params)
        if (!allowed.count(key))
            throw BadParameter("unknown parameter '" + key + "'");
    SearchRequest r;
    r.q = single(req, "q");
    if (r.q.size() > max_query_bytes)
        throw BadParameter("parameter 'q' is longer than " + std::to_string(max_query_bytes) +
                           " bytes");
    for (const std::string& v : values(req, "province")) {
        const auto code = parser.resolve_province(v);
        if (!code)
            throw BadParameter("parameter 'province': unknown province '" + v + "'");
        if (code->second != 0)
            r.filters.formers.push_back(code->second);
        else
            r.filters.provinces.push_back(code->first);
    }
    for (const std::string& v : values(req, "former_province")) {
        const auto code = parser.resolve_province(v);
        if (!code || code->second == 0)
            throw BadParameter("parameter 'former_province': '" + v + "' is not a former province");
        r.filters.formers.push_back(code->second);
    }
    for (const std::string& v : values(req, "carrier")) {
        const int c = parser.resolve_carrier(v);
        if (c < 0)
            throw BadParameter("parameter 'carrier': unknown carrier '" + v + "'");
        r.filters.carriers.push_back(c);
    }
    for (const std::string& v : values(req, "year"))
        r.filters.years.push_back(parse_int("year", v, 1900, 2100));
    for (const std::string& v : values(req, "pillar")) {
        const int p = parser.resolve_pillar(v);
        if (p < 0)
            throw BadParameter("parameter 'pillar': unknown pillar '" + v +
                               "' (infrastructure, government, economy or society)");
        r.filters.pillars.push_back(p);
    }
    for (const std::string& v : values(req, "kind")) {
        const int k = parser.resolve_kind(v);
        if (k < 0)
            throw BadParameter("parameter 'kind': unknown kind '" + v +
                               "' (agreement, implementation or other)");
        r.filters.kinds.push_back(k);
    }
    if (const std::string v = single(req, "year_from"); !v.empty())
        r.filters.year_from = parse_int("year_from", v, 1900, 2100);
    if (const std::string v = single(req, "year_to"); !v.empty())
        r.filters.year_to = parse_int("year_to", v, 1900, 2100);
    if (const std::string v = single(req, "sort"); !v.empty()) {
        if (v == "relevance")
            r.sort = SortOrder::relevance;
        else if (v == "date_desc")
            r.sort = SortOrder::date_desc;
        else if (v == "date_asc")
            r.sort = SortOrder::date_asc;
        else
            throw BadParameter("parameter 'sort' must be relevance, date_desc or date_asc, got '" +
                               v + "'");
    }
    if (const std::string v = single(req, "page"); !v.empty())
        r.page = parse_int("page", v, 1, max_page);
    if (const std::string v = single(req, "per_page"); !v.empty())
        r.per_page = parse_int("per_page", v, 1, 100);
    return r;
}

} // namespace vnsearch::server
