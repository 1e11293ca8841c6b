#pragma once
// The API's handlers, one per verb and resource: each parses its parameters, calls the
// engine and answers (answer.hpp). A bad parameter is thrown as BadParameter (params.hpp).

#include "api.hpp"

#include <httplib.h>

namespace vnsearch::server {

/// What every handler may use.
struct Context {
    SearchEngine& engine;
    ServerOptions options;
};

using Handler = void (*)(const Context&, const httplib::Request&, httplib::Response&);

void get_search(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_search(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_export(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_export(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_timeline(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_timeline(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_compare(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_compare(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_terms(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_terms(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_agreements(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_agreements(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_feed(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_document(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_facets(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_suggest(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_stats(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_health(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_openapi(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_unknown_api(const Context& c, const httplib::Request& req, httplib::Response& res);

} // namespace vnsearch::server
