// The read-only resources: documents, facets, completions, statistics, health, the OpenAPI
// description, and the 404 of an unknown API path.

#include "answer.hpp"
#include "handlers.hpp"
#include "params.hpp"

#include <fstream>
#include <sstream>

namespace vnsearch::server {
namespace {

using nlohmann::json;

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

// An id may hold any character, '/' included (sent as %2F, decoded before routing).
void get_document(const Context& c, const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.matches[1];
    const auto rec = c.engine.document(id);
    if (!rec) {
        send_error(res, 404, "not_found", "no document with id '" + id + "'");
        return;
    }
    json j = to_json(*rec);
    j.erase("content_hash");
    send_json(res, j);
}

void get_facets(const Context& c, const httplib::Request& req, httplib::Response& res) {
    if (!req.params.empty())
        throw BadParameter("unknown parameter '" + req.params.begin()->first + "'");
    const SearchResponse out = c.engine.facets();
    send_json(res, {{"total", out.total},
                    {"facets", facets_json(out)},
                    {"partial", !out.missing_shards.empty()},
                    {"missing_shards", out.missing_shards}});
}

void get_suggest(const Context& c, const httplib::Request& req, httplib::Response& res) {
    for (const auto& [key, value] : req.params)
        if (key != "q" && key != "limit")
            throw BadParameter("unknown parameter '" + key + "'");
    const std::string q = single(req.params, "q");
    if (q.size() > max_query_bytes)
        throw BadParameter("parameter 'q' is longer than " + std::to_string(max_query_bytes) +
                           " bytes");
    std::size_t limit = 10;
    if (const std::string l = single(req.params, "limit"); !l.empty())
        limit = static_cast<std::size_t>(parse_int("limit", l, 1, 10));
    json list = json::array();
    for (const Suggestion& s : c.engine.suggest(q, limit))
        list.push_back({{"text", s.text}, {"query", s.query}, {"kind", s.kind}});
    send_json(res, {{"query", q}, {"suggestions", list}});
}

void get_stats(const Context& c, const httplib::Request&, httplib::Response& res) {
    const IndexStats s = c.engine.stats();
    // The lists the search page draws its carrier statistics and pillar facet from.
    const Knowledge& k = c.engine.knowledge();
    send_json(res, {{"documents", s.documents},
                    {"revision", std::stoull(s.revision)},
                    {"last_update", or_null(s.last_update)},
                    {"carriers", k.carriers},
                    {"pillars", std::vector<std::string>(pillar_ids.begin(), pillar_ids.end())},
                    {"shards", s.shards},
                    {"missing_shards", s.missing_shards}});
}

void get_health(const Context&, const httplib::Request&, httplib::Response& res) {
    send_json(res, {{"status", "ok"}});
}

void get_openapi(const Context& c, const httplib::Request&, httplib::Response& res) {
    const std::string body = read_file(c.options.web_dir / "openapi.json");
    if (body.empty()) {
        send_error(res, 404, "not_found", "the OpenAPI description is not installed");
        return;
    }
    res.set_content(body, "application/json; charset=utf-8");
}

void get_unknown_api(const Context&, const httplib::Request& req, httplib::Response& res) {
    send_error(res, 404, "not_found", "no API endpoint " + req.path);
}

} // namespace vnsearch::server
