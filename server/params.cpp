#include "params.hpp"

#include <nlohmann/json.hpp>

namespace vnsearch::server {

using nlohmann::json;

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

std::vector<std::string> values(const httplib::Params& params, const char* name) {
    std::vector<std::string> out;
    const auto range = params.equal_range(name);
    for (auto it = range.first; it != range.second; ++it)
        if (!it->second.empty())
            out.push_back(it->second);
    return out;
}

std::string single(const httplib::Params& params, const char* name) {
    const auto n = params.count(name);
    if (n > 1)
        throw BadParameter(std::string("parameter '") + name + "' may be given only once");
    return n == 0 ? std::string() : params.find(name)->second;
}

httplib::Params body_params(const std::string& body) {
    const json j = json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw BadParameter("the body must be a JSON object of UTF-8 text, such as "
                           "{\"q\": \"chuyển đổi số\", \"province\": [\"Gia Lai\"]}");
    httplib::Params params;
    for (const auto& [key, value] : j.items()) {
        auto add = [&, &name = key](const json& v) {
            if (v.is_string())
                params.emplace(name, v.get<std::string>());
            else if (v.is_number_integer())
                params.emplace(name, std::to_string(v.get<long long>()));
            else if (v.is_boolean())
                params.emplace(name, v.get<bool>() ? "1" : "0");
            else if (!v.is_null())
                throw BadParameter("parameter '" + name +
                                   "' must be a string, a whole number, true or false, or a "
                                   "list of them");
        };
        if (value.is_array())
            for (const json& v : value) {
                if (v.is_array())
                    throw BadParameter("parameter '" + key + "' is a list of lists");
                add(v);
            }
        else
            add(value);
    }
    return params;
}

httplib::Params posted_params(const httplib::Request& req) {
    if (!req.params.empty())
        throw BadParameter("a POST takes its parameters in its JSON body, not in the URL ('" +
                           req.params.begin()->first + "')");
    return body_params(req.body);
}

namespace {

/// The filters: names in every spelling the search box takes, years and their range.
Filters parse_filters(const httplib::Params& params, const QueryParser& parser) {
    Filters f;
    for (const std::string& v : values(params, "province")) {
        const auto code = parser.resolve_province(v);
        if (!code)
            throw BadParameter("parameter 'province': unknown province '" + v + "'");
        if (code->second != 0)
            f.formers.push_back(code->second);
        else
            f.provinces.push_back(code->first);
    }
    for (const std::string& v : values(params, "former_province")) {
        const auto code = parser.resolve_province(v);
        if (!code || code->second == 0)
            throw BadParameter("parameter 'former_province': '" + v + "' is not a former province");
        f.formers.push_back(code->second);
    }
    for (const std::string& v : values(params, "carrier")) {
        const int c = parser.resolve_carrier(v);
        if (c < 0)
            throw BadParameter("parameter 'carrier': unknown carrier '" + v + "'");
        f.carriers.push_back(c);
    }
    for (const std::string& v : values(params, "year"))
        f.years.push_back(parse_int("year", v, 1900, 2100));
    for (const std::string& v : values(params, "pillar")) {
        const int p = parser.resolve_pillar(v);
        if (p < 0)
            throw BadParameter("parameter 'pillar': unknown pillar '" + v +
                               "' (infrastructure, government, economy or society)");
        f.pillars.push_back(p);
    }
    for (const std::string& v : values(params, "kind")) {
        const int k = parser.resolve_kind(v);
        if (k < 0)
            throw BadParameter("parameter 'kind': unknown kind '" + v +
                               "' (agreement, implementation or other)");
        f.kinds.push_back(k);
    }
    for (const std::string& v : values(params, "source")) {
        ArticleRecord outlet;
        outlet.site = v;
        f.sources.push_back(outlet_of(outlet));
    }
    if (const std::string v = single(params, "year_from"); !v.empty())
        f.year_from = parse_int("year_from", v, 1900, 2100);
    if (const std::string v = single(params, "year_to"); !v.empty())
        f.year_to = parse_int("year_to", v, 1900, 2100);
    return f;
}

/// How the results are ordered, paged and matched.
void parse_options(const httplib::Params& params, SearchRequest& r) {
    if (const std::string v = single(params, "sort"); !v.empty()) {
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
    if (const std::string v = single(params, "page"); !v.empty())
        r.page = parse_int("page", v, 1, max_page);
    if (const std::string v = single(params, "per_page"); !v.empty())
        r.per_page = parse_int("per_page", v, 1, 100);
    if (const std::string v = single(params, "exact"); !v.empty()) {
        if (v != "0" && v != "1" && v != "true" && v != "false")
            throw BadParameter("parameter 'exact' must be 1 or 0 (true or false), got '" + v + "'");
        r.exact = v == "1" || v == "true";
    }
    if (const std::string v = single(params, "relax"); !v.empty()) {
        if (v == "auto")
            r.relax = RelaxMode::automatic;
        else if (v == "always")
            r.relax = RelaxMode::always;
        else if (v == "never")
            r.relax = RelaxMode::never;
        else
            throw BadParameter("parameter 'relax' must be auto, always or never, got '" + v + "'");
    }
}

} // namespace

SearchRequest parse_search(const httplib::Params& params, const QueryParser& parser,
                           std::size_t max_q, std::set<std::string> allowed) {
    for (const char* p :
         {"q", "province", "former_province", "carrier", "year", "pillar", "kind", "source",
          "year_from", "year_to", "sort", "page", "per_page", "exact", "relax"})
        allowed.insert(p);
    for (const auto& [key, value] : params)
        if (!allowed.count(key))
            throw BadParameter("unknown parameter '" + key + "'");
    SearchRequest r;
    r.q = single(params, "q");
    if (r.q.size() > max_q)
        throw BadParameter("parameter 'q' is longer than " + std::to_string(max_q) + " bytes" +
                           (max_q < max_body_query_bytes
                                ? " (POST a JSON body for a longer query: up to " +
                                      std::to_string(max_body_query_bytes) + ")"
                                : std::string()));
    r.filters = parse_filters(params, parser);
    parse_options(params, r);
    return r;
}

} // namespace vnsearch::server
