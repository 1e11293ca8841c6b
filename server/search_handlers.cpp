// /api/search and /api/export, by GET (parameters in the URL) or POST (a JSON body).

#include "answer.hpp"
#include "handlers.hpp"
#include "params.hpp"

#include <cmath>
#include <cstdio>

namespace vnsearch::server {
namespace {

using nlohmann::json;

/// A CSV cell. One that a spreadsheet would read as a formula (=, +, -, @, or a tab or a
/// carriage return first) is written as text, after a quote mark.
std::string csv_field(const std::string& s) {
    const bool formula =
        !s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos;
    std::string text = formula ? "'" + s : s;
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
                    {"facets", facets_json(out)},
                    {"partial", !out.missing_shards.empty()},
                    {"missing_shards", out.missing_shards}});
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

} // namespace

void get_search(const Context& c, const httplib::Request& req, httplib::Response& res) {
    send_search(res, parse_search(req.params, c.engine.parser(), max_query_bytes), c.engine);
}

void post_search(const Context& c, const httplib::Request& req, httplib::Response& res) {
    send_search(res, parse_search(posted_params(req), c.engine.parser(), max_body_query_bytes),
                c.engine);
}

void get_export(const Context& c, const httplib::Request& req, httplib::Response& res) {
    send_export(res, req.params, c.engine, max_query_bytes);
}

void post_export(const Context& c, const httplib::Request& req, httplib::Response& res) {
    send_export(res, posted_params(req), c.engine, max_body_query_bytes);
}

} // namespace vnsearch::server
