#pragma once
// The HTTP API: one route table, handlers that parse parameters and answer JSON.
// All search logic is in the core library (vnsearch::SearchEngine).

#include "vnsearch/search.hpp"

#include <filesystem>
#include <httplib.h>

namespace vnsearch::server {

/// The largest request body: a POST to /api/search or /api/export with a long query.
inline constexpr std::size_t max_body_bytes = 64 * 1024;

/// Limits and timeouts of the HTTP server.
struct ServerOptions {
    unsigned threads = 4;
    std::filesystem::path web_dir;
    bool log_requests = true;
};

/// Registers the routes, the request guards, the static page and the error handlers.
void install_routes(httplib::Server& http, SearchEngine& engine, const ServerOptions& options);

} // namespace vnsearch::server
