#include "api.hpp"

#include "params.hpp"
#include "request_log.hpp"
#include "vnsearch/knowledge.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string_view>

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

/// A CSV cell. One that a spreadsheet would read as a formula (=, +, -, @, or a tab or a
/// carriage return first) is written as text, after a quote mark.
std::string csv_field(const std::string& s) {
    const bool formula =
        !s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos;
    const std::string text = formula ? "'" + s : s;
    if (text.find_first_of(",\"\n\r") == std::string::npos)
        return text;
    std::string out = "\"";
    for (char c : text)
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

/// Answers a search.
void send_search(httplib::Response& res, const SearchRequest& r, SearchEngine& engine) {
    const SearchResponse out = engine.search(r);
    json hits = json::array();
    for (const SearchHit& h : out.hits)
        hits.push_back(hit_json(h));
    send_json(res, {{"query", query_json(r, out, engine)},
                    {"total", out.total},
                    {"total_exact", true},
                    {"relaxed", out.relaxed},
                    {"strict_total", out.strict_total},
                    {"page", r.page},
                    {"per_page", r.per_page},
                    {"took_ms", std::round(out.took_ms * 100) / 100},
                    {"suggestion", out.suggestion ? json(*out.suggestion) : json()},
                    {"corrected", corrected_json(out)},
                    {"hits", hits},
                    {"facets", facets_json(out)}});
}

/// Streams every result of a search as CSV or JSON Lines (parameter `format`).
void send_export(httplib::Response& res, const httplib::Params& params, SearchEngine& engine,
                 std::size_t max_q) {
    const SearchRequest r = parse_search(params, engine.parser(), max_q, {"format"});
    const std::string format = single(params, "format").empty() ? "csv" : single(params, "format");
    if (format != "csv" && format != "jsonl")
        throw BadParameter("parameter 'format' must be csv or jsonl, got '" + format + "'");
    const bool csv = format == "csv";
    res.set_header("Content-Disposition", std::string("attachment; filename=\"vnsearch-export.") +
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
            // The provider runs after the handler has returned, outside guarded(): an error
            // here (the index rebuilt under a long export) ends the answer without its last
            // chunk, which tells the client that it is cut short.
            try {
                engine.export_records(r, [&](const ArticleRecord& rec) {
                    if (csv) {
                        std::vector<std::string> corrected;
                        for (const Correction& c : rec.corrections)
                            corrected.push_back(c.field);
                        const std::string cells[] = {rec.id,
                                                     rec.title,
                                                     rec.published,
                                                     rec.signed_on,
                                                     rec.year ? std::to_string(rec.year) : "",
                                                     rec.kind,
                                                     rec.province,
                                                     rec.former_province,
                                                     join(rec.carriers, ";"),
                                                     join(rec.pillars, ";"),
                                                     rec.period,
                                                     join(corrected, ";"),
                                                     rec.url};
                        for (const std::string& cell : cells)
                            buffer += csv_field(cell) + (&cell == &cells[12] ? "\r\n" : ",");
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
            } catch (const std::exception& e) {
                std::fprintf(stderr, "error exporting: %s\n", e.what());
                return false;
            }
            if (open && !buffer.empty())
                sink.write(buffer.data(), buffer.size());
            sink.done();
            return true;
        });
}

/// The parameters of a POST: its JSON body's fields, none in the URL.
httplib::Params posted(const httplib::Request& req) {
    if (!req.params.empty())
        throw BadParameter("a POST takes its parameters in its JSON body, not in the URL ('" +
                           req.params.begin()->first + "')");
    return body_params(req.body);
}

/// Refuses a request before its body is read. cpp-httplib would read the next request from
/// where the unread body begins, so the connection is closed after the answer: a content
/// provider that reports failure once it has written the whole answer ends the connection
/// (and the error handler leaves an answer with a content type alone).
void refuse(const httplib::Request& req, httplib::Response& res, int status,
            const std::string& code, const std::string& message) {
    // A POST or a PUT is closed even without a length: its body may run to the connection's
    // end.
    const std::string length = req.get_header_value("Content-Length");
    if ((length.empty() || length == "0") && !req.has_header("Transfer-Encoding") &&
        (req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS" ||
         req.method == "DELETE")) {
        send_error(res, status, code, message);
        return;
    }
    res.status = status;
    res.set_header("Connection", "close");
    res.set_header("Cache-Control", "no-store");
    const std::string body = json{{"error", {{"code", code}, {"message", message}}}}.dump(
        -1, ' ', false, json::error_handler_t::replace);
    res.set_chunked_content_provider("application/json; charset=utf-8",
                                     [body](std::size_t, httplib::DataSink& sink) {
                                         sink.write(body.data(), body.size());
                                         sink.done();
                                         return false;
                                     });
}

/// What may be read of a request, decided from its request line and headers alone: a POST
/// to search or export with a JSON body of a declared length, up to max_body_bytes; GET and
/// HEAD with no body; no Content-Encoding, no chunked body, nothing else.
bool refused(const httplib::Request& req, httplib::Response& res) {
    // A control character in the decoded path would cut a file name short at a NUL
    // ("/app.js%00.html" served app.js as text/html) or forge a log line.
    if (std::any_of(req.path.begin(), req.path.end(),
                    [](unsigned char c) { return c < 0x20 || c == 0x7F; })) {
        refuse(req, res, 400, "bad_request", "the path holds a control character");
        return true;
    }
    const bool takes_body =
        req.method == "POST" && (req.path == "/api/search" || req.path == "/api/export");
    if (req.method != "GET" && req.method != "HEAD" && !takes_body) {
        const bool searchable = req.path == "/api/search" || req.path == "/api/export";
        res.set_header("Allow", searchable ? "GET, HEAD, POST" : "GET, HEAD");
        refuse(req, res, 405, "method_not_allowed",
               searchable ? "use GET, or POST with a JSON body"
                          : "this resource is read-only: use GET");
        return true;
    }
    if (req.has_header("Content-Encoding")) {
        refuse(req, res, 415, "unsupported_encoding", "requests may not carry a Content-Encoding");
        return true;
    }
    const std::string length = req.get_header_value("Content-Length");
    if (!takes_body) {
        if ((!length.empty() && length != "0") || req.has_header("Transfer-Encoding")) {
            refuse(req, res, 413, "body_not_allowed", "GET and HEAD requests carry no body");
            return true;
        }
        return false;
    }
    if (req.has_header("Transfer-Encoding") || length.empty()) {
        refuse(req, res, 411, "length_required",
               "a POST body needs a Content-Length (chunked bodies are not accepted)");
        return true;
    }
    if (length.size() > 9 || length.find_first_not_of("0123456789") != std::string::npos ||
        std::stoul(length) > max_body_bytes) {
        refuse(req, res, 413, "payload_too_large",
               "a POST body may take up to " + std::to_string(max_body_bytes) + " bytes");
        return true;
    }
    std::string type = req.get_header_value("Content-Type");
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (type.rfind("application/json", 0) != 0) {
        refuse(req, res, 415, "unsupported_media_type",
               "a POST body must be JSON (Content-Type: application/json)");
        return true;
    }
    return false;
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
    // Guards before anything is read (see refused()). A client that asks whether to send its
    // body (Expect: 100-continue) is told before it does.
    http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        request_start = Clock::now();
        return refused(req, res) ? httplib::Server::HandlerResponse::Handled
                                 : httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_expect_100_continue_handler([](const httplib::Request& req, httplib::Response& res) {
        request_start = Clock::now();
        return refused(req, res) ? res.status : 100;
    });
    http.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.get_header_value("Connection") == "close")
            res.headers.erase("Keep-Alive"); // set by cpp-httplib, which closes only later
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Referrer-Policy", "no-referrer");
        res.set_header("X-Frame-Options", "DENY");
        res.set_header(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            "frame-ancestors 'none'");
    });
    http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty() || res.has_header("Content-Type"))
            return;
        switch (res.status) {
        case 404:
            send_error(res, 404, "not_found", "no such page or resource");
            break;
        case 405:
            send_error(res, 405, "method_not_allowed", "this resource is read-only: use GET");
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
                 send_search(res, parse_search(req.params, engine.parser(), max_query_bytes),
                             engine);
             }));
    http.Post("/api/search",
              guarded([&engine](const httplib::Request& req, httplib::Response& res) {
                  send_search(res, parse_search(posted(req), engine.parser(), max_body_query_bytes),
                              engine);
              }));
    // An id may hold any character, '/' included (sent as %2F, decoded before routing).
    http.Get(R"(/api/documents/(.+))",
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
                 const std::string q = single(req.params, "q");
                 if (q.size() > max_query_bytes)
                     throw BadParameter("parameter 'q' is longer than " +
                                        std::to_string(max_query_bytes) + " bytes");
                 std::size_t limit = 10;
                 if (const std::string l = single(req.params, "limit"); !l.empty())
                     limit = static_cast<std::size_t>(parse_int("limit", l, 1, 10));
                 json list = json::array();
                 for (const Suggestion& s : engine.suggest(q, limit))
                     list.push_back({{"text", s.text}, {"query", s.query}, {"kind", s.kind}});
                 send_json(res, {{"query", q}, {"suggestions", list}});
             }));
    http.Get("/api/export", guarded([&engine](const httplib::Request& req, httplib::Response& res) {
                 send_export(res, req.params, engine, max_query_bytes);
             }));
    http.Post("/api/export",
              guarded([&engine](const httplib::Request& req, httplib::Response& res) {
                  send_export(res, posted(req), engine, max_body_query_bytes);
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
