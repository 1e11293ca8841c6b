#pragma once
// The HTTP API: one route table, handlers that parse parameters and answer JSON.
// All search logic is in the core library (vnsearch::SearchEngine).

#include "vnsearch/search.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <httplib.h>
#include <string_view>

namespace vnsearch::server {

/// The largest request body: a POST of a search, an export or a view with long queries.
inline constexpr std::size_t max_body_bytes = 64 * 1024;

/// The paths that also take a POST with the parameters as a JSON body (for queries too long
/// for a GET); every other path is read-only.
inline constexpr std::array<std::string_view, 6> post_paths = {
    "/api/search", "/api/export", "/api/timeline", "/api/compare", "/api/terms", "/api/agreements"};

/// Whether `path` takes a POST.
inline bool takes_post(std::string_view path) {
    return std::find(post_paths.begin(), post_paths.end(), path) != post_paths.end();
}

/// Limits and timeouts of the HTTP server.
struct ServerOptions {
    unsigned threads = 4;
    std::filesystem::path web_dir;
    bool log_requests = true;
};

/// Registers the routes, the request guards, the static page and the error handlers.
void install_routes(httplib::Server& http, SearchEngine& engine, const ServerOptions& options);

} // namespace vnsearch::server
