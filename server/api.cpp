#include "api.hpp"

#include "request_log.hpp"
#include "vnsearch/knowledge.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace vnsearch::server {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr std::size_t max_query_bytes = 1000;
constexpr int max_page = 100000;

/// A request parameter that cannot be used; the message names it.
struct BadParameter : std::runtime_error {
    using std::runtime_error::runtime_error;
};

thread_local Clock::time_point request_start;

void send_json(httplib::Response& res, const json& body, int status = 200) {
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
            {"duplicates", h.duplicates}};
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

std::vector<std::string> values(const httplib::Request& req, const char* name) {
    std::vector<std::string> out;
    const auto range = req.params.equal_range(name);
    for (auto it = range.first; it != range.second; ++it)
        if (!it->second.empty())
            out.push_back(it->second);
    return out;
}

std::string single(const httplib::Request& req, const char* name) {
    const auto n = req.params.count(name);
    if (n > 1)
        throw BadParameter(std::string("parameter '") + name + "' may be given only once");
    return n == 0 ? std::string() : req.get_param_value(name);
}

/// Builds a search request from the query string, refusing what it does not understand.
SearchRequest parse_search(const httplib::Request& req, const SearchEngine& engine,
                           std::set<std::string> allowed = {}) {
    for (const char* p : {"q", "province", "former_province", "carrier", "year", "pillar", "kind",
                          "year_from", "year_to", "sort", "page", "per_page"})
        allowed.insert(p);
    for (const auto& [key, value] : req.params)
        if (!allowed.count(key))
            throw BadParameter("unknown parameter '" + key + "'");
    const QueryParser& parser = engine.parser();
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
            {"year_from", f.year_from ? json(*f.year_from) : json()},
            {"year_to", f.year_to ? json(*f.year_to) : json()},
            {"sort", sort},
            {"page", r.page},
            {"per_page", r.per_page},
            {"not_understood", res.query_errors}};
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string s;
    for (const auto& x : v)
        s += (s.empty() ? "" : sep) + x;
    return s;
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Runs a handler, turning a bad parameter into a 400 that names it.
template <typename F>
httplib::Server::Handler guarded(F f) {
    return [f](const httplib::Request& req, httplib::Response& res) {
        try {
            f(req, res);
        } catch (const BadParameter& e) {
            send_error(res, 400, "bad_parameter", e.what());
        }
    };
}

} // namespace

void install_routes(httplib::Server& http, SearchEngine& engine, const ServerOptions& options) {
    // Guards before anything is read: this API takes no bodies and no encodings.
    http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        request_start = Clock::now();
        // A control character in the decoded path would cut a file name short at a NUL
        // ("/app.js%00.html" served app.js as text/html) or forge a log line.
        if (std::any_of(req.path.begin(), req.path.end(),
                        [](unsigned char c) { return c < 0x20 || c == 0x7F; })) {
            send_error(res, 400, "bad_request", "the path holds a control character");
            return httplib::Server::HandlerResponse::Handled;
        }
        if (req.method != "GET" && req.method != "HEAD") {
            res.set_header("Allow", "GET, HEAD");
            send_error(res, 405, "method_not_allowed", "this API is read-only: use GET");
            return httplib::Server::HandlerResponse::Handled;
        }
        if (req.has_header("Content-Encoding")) {
            send_error(res, 415, "unsupported_encoding",
                       "requests may not carry a Content-Encoding");
            return httplib::Server::HandlerResponse::Handled;
        }
        const std::string length = req.get_header_value("Content-Length");
        if ((!length.empty() && length != "0") || req.has_header("Transfer-Encoding")) {
            send_error(res, 413, "body_not_allowed", "requests to this API carry no body");
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Referrer-Policy", "no-referrer");
        res.set_header("X-Frame-Options", "DENY");
        res.set_header(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            "frame-ancestors 'none'");
    });
    http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty())
            return;
        switch (res.status) {
        case 404:
            send_error(res, 404, "not_found", "no such page or resource");
            break;
        case 405:
            send_error(res, 405, "method_not_allowed", "this API is read-only: use GET");
            break;
        case 413:
            send_error(res, 413, "payload_too_large", "request too large");
            break;
        case 414:
            send_error(res, 414, "uri_too_long", "the request line is too long");
            break;
        case 431:
            send_error(res, 431, "headers_too_large", "request headers are too large");
            break;
        case 400:
            send_error(res, 400, "bad_request", "malformed request");
            break;
        default:
            send_error(res, res.status, "error", "the request could not be served");
            break;
        }
    });
    http.set_exception_handler(
        [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
            std::string what = "unknown error";
            try {
                std::rethrow_exception(ep);
            } catch (const Xapian::Error& e) {
                what = e.get_description();
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
            }
            std::fprintf(stderr, "error serving %s: %s\n", req.path.c_str(), what.c_str());
            send_error(res, 500, "internal_error", "the server could not answer this request");
        });
    if (options.log_requests)
        http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
            const double ms =
                std::chrono::duration<double, std::milli>(Clock::now() - request_start).count();
            log_request(req.method, req.path, res.status, ms);
        });

    if (!options.web_dir.empty() && (!http.set_mount_point("/", options.web_dir.string()) ||
                                     !http.set_mount_point("/static", options.web_dir.string())))
        std::fprintf(stderr, "warning: no search page at %s\n", options.web_dir.string().c_str());
    http.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");

    http.Get("/api/search", guarded([&engine](const httplib::Request& req, httplib::Response& res) {
                 const SearchRequest r = parse_search(req, engine);
                 const SearchResponse out = engine.search(r);
                 json hits = json::array();
                 for (const SearchHit& h : out.hits)
                     hits.push_back(hit_json(h));
                 send_json(res, {{"query", query_json(r, out, engine)},
                                 {"total", out.total},
                                 {"total_exact", true},
                                 {"page", r.page},
                                 {"per_page", r.per_page},
                                 {"took_ms", std::round(out.took_ms * 100) / 100},
                                 {"suggestion", out.suggestion ? json(*out.suggestion) : json()},
                                 {"hits", hits},
                                 {"facets", facets_json(out)}});
             }));
    http.Get(R"(/api/documents/([^/]+))",
             guarded([&engine](const httplib::Request& req, httplib::Response& res) {
                 const std::string id = req.matches[1];
                 const auto rec = engine.document(id);
                 if (!rec) {
                     send_error(res, 404, "not_found", "no document with id '" + id + "'");
                     return;
                 }
                 json j = to_json(*rec);
                 j.erase("content_hash");
                 send_json(res, j);
             }));
    http.Get("/api/facets", guarded([&engine](const httplib::Request& req, httplib::Response& res) {
                 if (!req.params.empty())
                     throw BadParameter("unknown parameter '" + req.params.begin()->first + "'");
                 const SearchResponse out = engine.facets();
                 send_json(res, {{"total", out.total}, {"facets", facets_json(out)}});
             }));
    http.Get("/api/suggest",
             guarded([&engine](const httplib::Request& req, httplib::Response& res) {
                 for (const auto& [key, value] : req.params)
                     if (key != "q" && key != "limit")
                         throw BadParameter("unknown parameter '" + key + "'");
                 const std::string q = single(req, "q");
                 if (q.size() > max_query_bytes)
                     throw BadParameter("parameter 'q' is longer than " +
                                        std::to_string(max_query_bytes) + " bytes");
                 std::size_t limit = 10;
                 if (const std::string l = single(req, "limit"); !l.empty())
                     limit = static_cast<std::size_t>(parse_int("limit", l, 1, 10));
                 json list = json::array();
                 for (const Suggestion& s : engine.suggest(q, limit))
                     list.push_back({{"text", s.text}, {"query", s.query}, {"kind", s.kind}});
                 send_json(res, {{"query", q}, {"suggestions", list}});
             }));
    http.Get(
        "/api/export", guarded([&engine](const httplib::Request& req, httplib::Response& res) {
            const SearchRequest r = parse_search(req, engine, {"format"});
            const std::string format =
                single(req, "format").empty() ? "csv" : single(req, "format");
            if (format != "csv" && format != "jsonl")
                throw BadParameter("parameter 'format' must be csv or jsonl, got '" + format + "'");
            const bool csv = format == "csv";
            res.set_header("Content-Disposition",
                           std::string("attachment; filename=\"vnsearch-export.") +
                               (csv ? "csv" : "jsonl") + "\"");
            res.set_chunked_content_provider(
                csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
                [&engine, r, csv](std::size_t, httplib::DataSink& sink) {
                    std::string buffer;
                    if (csv)
                        buffer = "\xEF\xBB\xBF"
                                 "id,title,published,signed,year,kind,province,former_province,"
                                 "carriers,pillars,period,corrected,url\r\n";
                    bool open = true;
                    engine.export_records(r, [&](const ArticleRecord& rec) {
                        if (csv) {
                            std::vector<std::string> corrected;
                            for (const Correction& c : rec.corrections)
                                corrected.push_back(c.field);
                            buffer +=
                                csv_field(rec.id) + "," + csv_field(rec.title) + "," +
                                rec.published + "," + rec.signed_on + "," +
                                (rec.year ? std::to_string(rec.year) : "") + "," + rec.kind + "," +
                                csv_field(rec.province) + "," + csv_field(rec.former_province) +
                                "," + csv_field(join(rec.carriers, ";")) + "," +
                                csv_field(join(rec.pillars, ";")) + "," + rec.period + "," +
                                csv_field(join(corrected, ";")) + "," + csv_field(rec.url) + "\r\n";
                        } else {
                            json j = to_json(rec, false);
                            j.erase("content_hash");
                            buffer += j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
                        }
                        if (buffer.size() > 64 * 1024) {
                            open = sink.write(buffer.data(), buffer.size());
                            buffer.clear();
                        }
                        return open;
                    });
                    if (open && !buffer.empty())
                        sink.write(buffer.data(), buffer.size());
                    sink.done();
                    return true;
                });
        }));
    http.Get("/api/stats", [&engine](const httplib::Request&, httplib::Response& res) {
        const IndexStats s = engine.stats();
        send_json(res, {{"documents", s.documents},
                        {"revision", std::stoull(s.revision)},
                        {"last_update", or_null(s.last_update)}});
    });
    http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
        send_json(res, {{"status", "ok"}});
    });
    const std::filesystem::path openapi = options.web_dir / "openapi.json";
    http.Get("/api/openapi.json", [openapi](const httplib::Request&, httplib::Response& res) {
        const std::string body = read_file(openapi);
        if (body.empty()) {
            send_error(res, 404, "not_found", "the OpenAPI description is not installed");
            return;
        }
        res.set_content(body, "application/json; charset=utf-8");
    });
    http.Get(R"(/api/.*)", [](const httplib::Request& req, httplib::Response& res) {
        send_error(res, 404, "not_found", "no API endpoint " + req.path);
    });
}

} // namespace vnsearch::server
