#pragma once
// The API's request parameters: read from the query string or a JSON body, checked, and
// turned into the core library's requests. Everything here refuses bad input with a
// BadParameter that names the parameter; nothing here searches.

#include "vnsearch/query.hpp"
#include "vnsearch/search.hpp"

#include <cstddef>
#include <httplib.h>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace vnsearch::server {

/// The longest q of a GET (whose whole request line must fit cpp-httplib's 8 KiB), in bytes.
inline constexpr std::size_t max_query_bytes = 1000;
/// The longest q of a POST, whose JSON body carries researchers' long boolean queries.
inline constexpr std::size_t max_body_query_bytes = 16 * 1024;
/// The highest page of results the API serves.
inline constexpr int max_page = 100000;

/// A request parameter that cannot be used; the message names it.
struct BadParameter : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// `value` as a whole number from `lo` to `hi`; anything else is a BadParameter naming `param`.
int parse_int(const std::string& param, const std::string& value, int lo, int hi);

/// Every non-empty value of a parameter, in the order given.
std::vector<std::string> values(const httplib::Params& params, const char* name);

/// The value of a parameter that may be given at most once; empty when it is not given.
std::string single(const httplib::Params& params, const char* name);

/// The fields of a JSON body as parameters: a list gives its values one by one, as a
/// repeated parameter would; numbers and true/false are written as a query string writes
/// them.
httplib::Params body_params(const std::string& body);

/// The parameters of a POST: its JSON body's fields (body_params), none in the URL.
httplib::Params posted_params(const httplib::Request& req);

/// Builds a search request from parameters (a query string's or a JSON body's), refusing
/// what it does not understand: unknown parameters (besides the search's own and
/// `allowed`), unknown provinces, carriers, pillars and kinds, numbers out of range, and a
/// `q` longer than `max_q` bytes.
SearchRequest parse_search(const httplib::Params& params, const QueryParser& parser,
                           std::size_t max_q, std::set<std::string> allowed = {});

} // namespace vnsearch::server
