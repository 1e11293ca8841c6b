#pragma once
// How the gate reads a request's line and headers: strict HTTP/1.1 framing (RFC 9112), the
// limits on size, and which requests may carry a body. Pure functions over bytes, so that
// tests can feed them anything; nothing here touches a socket.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vnsearch::server {

/// The limits on a request, and what the routes allow.
struct RequestLimits {
    std::size_t max_line_bytes = 8 * 1024;    ///< the request line, CRLF excluded (else 414)
    std::size_t max_header_bytes = 16 * 1024; ///< the header fields after it (else 431)
    std::size_t max_header_fields = 100;      ///< (else 431)
    std::size_t max_body_bytes = 64 * 1024;   ///< (else 413)
    /// The requests that may carry a body, as method and path; any other gets 413.
    std::vector<std::pair<std::string, std::string>> body_routes;
    /// The media type a body must declare (else 415, before it is read); empty: any.
    std::string body_type = "application/json";
    /// Answers under this path are always whole: Range is not passed on.
    std::string whole_answers_prefix = "/api/";
};

/// A request the gate answers itself, with the status, the error code and a message.
struct Refusal {
    int status = 400;
    std::string code;
    std::string message;
    int retry_after = 0; ///< seconds, for a 503; 0: no Retry-After
    std::string allow;   ///< the methods the path takes, for a 405
};

struct Header {
    std::string name;
    std::string value;
};

/// A request line and headers that passed every check.
struct RequestHead {
    std::string method;
    std::string target;    ///< as sent: the path and the query
    std::string path;      ///< the path percent-decoded, as the routes see it
    int minor_version = 1; ///< HTTP/1.x
    std::vector<Header> headers;
    std::size_t head_bytes = 0; ///< the line, the headers and the blank line
    std::size_t body_bytes = 0; ///< from Content-Length
    bool keep_alive = true;     ///< HTTP/1.1 without "Connection: close"
    bool expects_continue = false;
};

/// What the bytes received so far hold: not yet a whole head, a refusal, or a head.
struct HeadResult {
    enum class Kind { incomplete, refused, complete };
    Kind kind = Kind::incomplete;
    RequestHead head; ///< complete: the request; refused: what was understood, for the log
    Refusal refusal;
};

/// Reads the head at the start of `buffer` (leading blank lines skipped and counted).
HeadResult read_head(std::string_view buffer, const RequestLimits& limits);

/// The request as the gate passes it to the server behind it: the same line and fields,
/// without the hop-by-hop ones (Connection, Keep-Alive, Expect, ...) and without Range on a
/// whole answer or with more than one range.
std::string backend_request(const RequestHead& head, const RequestLimits& limits);

/// The answer the gate writes for a refusal: the API's JSON error, "Connection: close".
std::string refusal_answer(const Refusal& refusal, bool head_only);

/// The value of the first field named `name` (any case), or nullptr.
const std::string* find_header(const RequestHead& head, std::string_view name);

/// `s` percent-decoded; malformed escapes are kept as they are.
std::string percent_decode(std::string_view s);

} // namespace vnsearch::server
