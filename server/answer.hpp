#pragma once
// Writing answers: JSON bodies and errors, and the JSON of the engine's results.

#include "vnsearch/search.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <string>

namespace vnsearch::server {

/// Answers `body` as JSON, never cached.
void send_json(httplib::Response& res, const nlohmann::json& body, int status = 200);

/// Answers an error: {"error": {"code", "message"}}.
void send_error(httplib::Response& res, int status, const std::string& code,
                const std::string& message);

/// An empty string or 0 as null.
nlohmann::json or_null(const std::string& s);
nlohmann::json or_null(int v);

/// One result as the API lists it.
nlohmann::json hit_json(const SearchHit& h);
/// The correction a search made, or null.
nlohmann::json corrected_json(const SearchResponse& r);
/// Every facet's values, in facet_names order.
nlohmann::json facets_json(const SearchResponse& r);
/// The request as understood: filters by name, the query's field filters included.
nlohmann::json query_json(const SearchRequest& r, const SearchResponse& res,
                          const SearchEngine& engine);

} // namespace vnsearch::server
