#include "api.hpp"

#include "params.hpp"
#include "vnsearch/knowledge.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace vnsearch::server {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

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
            std::fprintf(stderr, "%s %s %d %.1fms\n", req.method.c_str(), req.path.c_str(),
                         res.status, ms);
        });

    if (!options.web_dir.empty() && (!http.set_mount_point("/", options.web_dir.string()) ||
                                     !http.set_mount_point("/static", options.web_dir.string())))
        std::fprintf(stderr, "warning: no search page at %s\n", options.web_dir.string().c_str());
    http.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");

    http.Get("/api/search", guarded([&engine](const httplib::Request& req, httplib::Response& res) {
                 const SearchRequest r = parse_search(req, engine.parser());
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
            const SearchRequest r = parse_search(req, engine.parser(), {"format"});
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
