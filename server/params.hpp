#pragma once
// The API's request parameters: read from the query string, checked, and turned into the
// core library's requests. Everything here refuses bad input with a BadParameter that names
// the parameter; nothing here searches.

#include "vnsearch/query.hpp"
#include "vnsearch/search.hpp"

#include <cstddef>
#include <httplib.h>
#include <set>
#include <stdexcept>
#include <string>

namespace vnsearch::server {

/// The longest query text the API takes, in bytes.
inline constexpr std::size_t max_query_bytes = 1000;
/// The highest page of results the API serves.
inline constexpr int max_page = 100000;

/// A request parameter that cannot be used; the message names it.
struct BadParameter : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// `value` as a whole number from `lo` to `hi`; anything else is a BadParameter naming `param`.
int parse_int(const std::string& param, const std::string& value, int lo, int hi);

/// The value of a parameter that may be given at most once; empty when it is not given.
std::string single(const httplib::Request& req, const char* name);

/// Builds a search request from the query string, refusing what it does not understand:
/// unknown parameters (besides the search's own and `allowed`), unknown provinces,
/// carriers, pillars and kinds, numbers out of range.
SearchRequest parse_search(const httplib::Request& req, const QueryParser& parser,
                           std::set<std::string> allowed = {});

} // namespace vnsearch::server
