#include "api.hpp"

#include "answer.hpp"
#include "guards.hpp"
#include "handlers.hpp"
#include "params.hpp"

#include <cstdio>

namespace vnsearch::server {
namespace {

/// One route: a method, a path pattern and its handler.
struct Route {
    const char* method;
    const char* pattern;
    Handler handler;
};

// An id may hold any character, '/' included (sent as %2F, decoded before routing).
constexpr Route routes[] = {
    {"GET", "/api/search", get_search},
    {"POST", "/api/search", post_search},
    {"GET", R"(/api/documents/(.+))", get_document},
    {"GET", "/api/facets", get_facets},
    {"GET", "/api/suggest", get_suggest},
    {"GET", "/api/export", get_export},
    {"POST", "/api/export", post_export},
    {"GET", "/api/timeline", get_timeline},
    {"POST", "/api/timeline", post_timeline},
    {"GET", "/api/compare", get_compare},
    {"POST", "/api/compare", post_compare},
    {"GET", "/api/terms", get_terms},
    {"POST", "/api/terms", post_terms},
    {"GET", "/api/agreements", get_agreements},
    {"POST", "/api/agreements", post_agreements},
    {"GET", "/api/feed", get_feed},
    {"GET", "/api/stats", get_stats},
    {"GET", "/healthz", get_health},
    {"GET", "/api/openapi.json", get_openapi},
    {"GET", R"(/api/.*)", get_unknown_api},
};

} // namespace

void install_routes(httplib::Server& http, SearchEngine& engine, const ServerOptions& options) {
    install_guards(http, options);
    if (!options.web_dir.empty() && (!http.set_mount_point("/", options.web_dir.string()) ||
                                     !http.set_mount_point("/static", options.web_dir.string())))
        std::fprintf(stderr, "warning: no search page at %s\n", options.web_dir.string().c_str());
    http.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");

    const auto context = std::make_shared<const Context>(Context{engine, options});
    for (const Route& route : routes) {
        // A bad parameter is answered with a 400 that names it.
        const Handler handler = route.handler;
        httplib::Server::Handler run = [context, handler](const httplib::Request& req,
                                                          httplib::Response& res) {
            try {
                handler(*context, req, res);
            } catch (const BadParameter& e) {
                send_error(res, 400, "bad_parameter", e.what());
            } catch (const ShardsUnavailable& e) {
                res.set_header("Retry-After", "2");
                send_error(res, 503, "shards_unavailable", e.what());
            } catch (const NotAvailableHere& e) {
                send_error(res, 501, "not_available", e.what());
            }
        };
        if (std::string_view(route.method) == "POST")
            http.Post(route.pattern, std::move(run));
        else
            http.Get(route.pattern, std::move(run));
    }
}

} // namespace vnsearch::server
