#include "request_head.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

namespace vnsearch::server {
namespace {

constexpr std::string_view crlf = "\r\n";

/// A character of a token (RFC 9110 section 5.6.2): methods and field names.
bool is_tchar(unsigned char c) {
    static constexpr std::string_view symbols = "!#$%&'*+-.^_`|~";
    return std::isalnum(c) != 0 || symbols.find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_token(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return is_tchar(static_cast<unsigned char>(c));
    });
}

bool is_control(unsigned char c) {
    return c < 0x20 || c == 0x7F;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

HeadResult refused(RequestHead head, int status, std::string code, std::string message) {
    HeadResult out;
    out.kind = HeadResult::Kind::refused;
    out.head = std::move(head);
    out.refusal = {status, std::move(code), std::move(message), 0, {}};
    return out;
}

std::vector<const Header*> all_headers(const RequestHead& head, std::string_view name) {
    std::vector<const Header*> out;
    for (const Header& h : head.headers)
        if (iequals(h.name, name))
            out.push_back(&h);
    return out;
}

/// Whether a comma-separated list of tokens (Connection, Transfer-Encoding) holds `token`
/// last, or anywhere when `last_only` is false.
bool list_has(std::string_view list, std::string_view token, bool last_only) {
    bool found = false;
    std::size_t pos = 0;
    while (pos <= list.size()) {
        std::size_t comma = list.find(',', pos);
        if (comma == std::string_view::npos)
            comma = list.size();
        std::string_view item = list.substr(pos, comma - pos);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
            item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t'))
            item.remove_suffix(1);
        found = iequals(item, token) || (found && !last_only);
        pos = comma + 1;
    }
    return found;
}

/// "METHOD TARGET HTTP/1.x", single spaces, no control characters.
bool parse_request_line(std::string_view line, RequestHead& head, HeadResult& out) {
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
        out = refused(head, 400, "bad_request", "malformed request line");
        return false;
    }
    head.method = std::string(line.substr(0, sp1));
    head.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
    const std::string_view version = line.substr(sp2 + 1);
    if (!is_token(head.method) || head.target.empty()) {
        out = refused(head, 400, "bad_request", "malformed request line");
        return false;
    }
    if (std::any_of(head.target.begin(), head.target.end(),
                    [](char c) { return is_control(static_cast<unsigned char>(c)); })) {
        head.target.clear(); // not fit for the log
        out = refused(head, 400, "bad_request", "the request target holds a control character");
        return false;
    }
    if (version == "HTTP/1.1" || version == "HTTP/1.0") {
        head.minor_version = version.back() - '0';
        return true;
    }
    const bool numbered = version.size() == 8 && version.substr(0, 5) == "HTTP/" &&
                          std::isdigit(static_cast<unsigned char>(version[5])) &&
                          version[6] == '.' && std::isdigit(static_cast<unsigned char>(version[7]));
    out = numbered ? refused(head, 505, "http_version_not_supported", "only HTTP/1.1 and 1.0")
                   : refused(head, 400, "bad_request", "malformed request line");
    return false;
}

/// The header fields, each line ending in CRLF. A space before the colon ("Transfer-Encoding
/// :") or at the start of a line (obsolete folding) is refused: proxies read such lines in
/// different ways, which is what request smuggling relies on (RFC 9112 sections 5.1, 5.2).
bool parse_fields(std::string_view block, const RequestLimits& limits, RequestHead& head,
                  HeadResult& out) {
    std::size_t pos = 0;
    while (pos < block.size()) {
        const std::size_t eol = block.find(crlf, pos);
        const std::string_view line = block.substr(pos, eol - pos);
        pos = eol + crlf.size();
        if (line.front() == ' ' || line.front() == '\t') {
            out = refused(head, 400, "bad_request", "a header line begins with a space");
            return false;
        }
        const std::size_t colon = line.find(':');
        const std::string_view name = line.substr(0, colon);
        if (colon == std::string_view::npos || !is_token(name)) {
            const bool spaced = colon != std::string_view::npos && !name.empty() &&
                                (name.back() == ' ' || name.back() == '\t');
            out = refused(head, 400, "bad_request",
                          spaced ? "a header's name is followed by a space before its colon"
                                 : "malformed header line");
            return false;
        }
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
            value.remove_prefix(1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
            value.remove_suffix(1);
        if (std::any_of(value.begin(), value.end(), [](char c) {
                return c != '\t' && is_control(static_cast<unsigned char>(c));
            })) {
            out = refused(head, 400, "bad_request",
                          "header " + std::string(name) + " holds a control character");
            return false;
        }
        if (head.headers.size() == limits.max_header_fields) {
            out =
                refused(head, 431, "headers_too_large",
                        "more than " + std::to_string(limits.max_header_fields) + " header fields");
            return false;
        }
        head.headers.push_back({std::string(name), std::string(value)});
    }
    return true;
}

/// Whether a query string holds an escaped control character other than the white space
/// a pasted query may carry (tab, line feed, carriage return), which searches read as spaces.
bool query_has_control(std::string_view query) {
    for (std::size_t i = 0; i + 2 < query.size(); ++i) {
        if (query[i] != '%' || hex_value(query[i + 1]) < 0 || hex_value(query[i + 2]) < 0)
            continue;
        const int c = hex_value(query[i + 1]) * 16 + hex_value(query[i + 2]);
        if (is_control(static_cast<unsigned char>(c)) && c != '\t' && c != '\n' && c != '\r')
            return true;
    }
    return false;
}

/// An origin-form target ("/path?query") whose path has no control character once decoded:
/// a %0A would forge a log line, a %00 would cut a file name short ("/app.js%00.html").
bool check_target(RequestHead& head, HeadResult& out) {
    if (head.target.front() != '/') {
        out = refused(head, 400, "bad_request", "the request target must be a path, from /");
        return false;
    }
    const std::size_t question = head.target.find('?');
    head.path = percent_decode(std::string_view(head.target).substr(0, question));
    const bool path_control = std::any_of(head.path.begin(), head.path.end(), [](char c) {
        return is_control(static_cast<unsigned char>(c));
    });
    if (path_control || (question != std::string::npos &&
                         query_has_control(std::string_view(head.target).substr(question)))) {
        head.path.clear();
        head.target.clear();
        out = refused(head, 400, "bad_request", "the request target holds a control character");
        return false;
    }
    return true;
}

bool is_body_route(const RequestHead& head, const RequestLimits& limits) {
    return std::any_of(limits.body_routes.begin(), limits.body_routes.end(), [&](const auto& r) {
        return r.first == head.method && r.second == head.path;
    });
}

/// Transfer-Encoding is never accepted: with Content-Length it is the classic smuggling
/// pair; alone it is a chunked body, which no route takes.
bool check_transfer_encoding(const RequestHead& head, const RequestLimits& limits,
                             HeadResult& out) {
    const auto codings = all_headers(head, "Transfer-Encoding");
    if (codings.empty())
        return true;
    if (!all_headers(head, "Content-Length").empty()) {
        out = refused(head, 400, "bad_request",
                      "a request may not carry both Transfer-Encoding and Content-Length");
    } else if (!list_has(codings.back()->value, "chunked", true)) {
        out = refused(head, 501, "not_implemented",
                      "transfer coding '" + codings.back()->value + "' is not supported");
    } else if (is_body_route(head, limits)) {
        out = refused(head, 411, "length_required",
                      "a body needs a Content-Length (chunked bodies are not accepted)");
    } else {
        out = refused(head, 413, "body_not_allowed", "this request may not carry a body");
    }
    return false;
}

/// One Content-Length of digits only, within the body the route allows.
bool check_content_length(RequestHead& head, const RequestLimits& limits, HeadResult& out) {
    const auto lengths = all_headers(head, "Content-Length");
    if (lengths.size() > 1) {
        out = refused(head, 400, "bad_request", "more than one Content-Length");
        return false;
    }
    const bool body_route = is_body_route(head, limits);
    if (lengths.empty()) {
        if (body_route)
            out = refused(head, 411, "length_required", "a body needs a Content-Length");
        return !body_route;
    }
    const std::string& v = lengths.front()->value;
    if (v.empty() || v.size() > 18 || !std::all_of(v.begin(), v.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) != 0;
        })) {
        out = refused(head, 400, "bad_request", "malformed Content-Length '" + v + "'");
        return false;
    }
    head.body_bytes = std::stoull(v);
    if (body_route && head.body_bytes > limits.max_body_bytes) {
        out = refused(head, 413, "payload_too_large",
                      "a body may take up to " + std::to_string(limits.max_body_bytes) + " bytes");
        return false;
    }
    if (!body_route && head.body_bytes > 0) {
        out = refused(head, 413, "body_not_allowed", "this request may not carry a body");
        return false;
    }
    return true;
}

/// Host, the body's framing, Content-Encoding and Expect; then whether to keep the
/// connection.
/// GET and HEAD everywhere; other methods only where a route takes a body. Refused here,
/// before their framing is looked at, so that the client learns what the path allows.
bool check_method(const RequestHead& head, const RequestLimits& limits, HeadResult& out) {
    if (head.method == "GET" || head.method == "HEAD" || is_body_route(head, limits))
        return true;
    std::string allow = "GET, HEAD";
    for (const auto& [method, path] : limits.body_routes)
        if (path == head.path)
            allow += ", " + method;
    out = refused(head, 405, "method_not_allowed",
                  allow == "GET, HEAD" ? "this resource is read-only: use GET"
                                       : "use GET, or POST with a JSON body");
    out.refusal.allow = allow;
    return false;
}

bool check_fields(RequestHead& head, const RequestLimits& limits, HeadResult& out) {
    if (!check_method(head, limits, out))
        return false;
    const std::size_t hosts = all_headers(head, "Host").size();
    if (hosts > 1 || (hosts == 0 && head.minor_version == 1)) {
        out = refused(head, 400, "bad_request", "an HTTP/1.1 request needs exactly one Host");
        return false;
    }
    if (!check_transfer_encoding(head, limits, out) || !check_content_length(head, limits, out))
        return false;
    if (!limits.body_type.empty() && is_body_route(head, limits)) {
        const std::string* type = find_header(head, "Content-Type");
        if (!type || type->size() < limits.body_type.size() ||
            !iequals(std::string_view(*type).substr(0, limits.body_type.size()),
                     limits.body_type)) {
            out = refused(head, 415, "unsupported_media_type",
                          "a body must be " + limits.body_type +
                              " (Content-Type: " + limits.body_type + ")");
            return false;
        }
    }
    if (!all_headers(head, "Content-Encoding").empty()) {
        out =
            refused(head, 415, "unsupported_encoding", "requests may not carry a Content-Encoding");
        return false;
    }
    if (const std::string* expect = find_header(head, "Expect")) {
        if (!iequals(*expect, "100-continue")) {
            out = refused(head, 417, "expectation_failed", "only Expect: 100-continue is met");
            return false;
        }
        head.expects_continue = head.body_bytes > 0;
    }
    head.keep_alive = head.minor_version == 1;
    for (const Header* h : all_headers(head, "Connection"))
        head.keep_alive = head.keep_alive && !list_has(h->value, "close", false);
    return true;
}

/// Where the header fields end (just past their blank line), or npos when not yet received.
/// Sets `bare_lf` when a line of the head ends in LF alone.
std::size_t fields_end(std::string_view block, bool& bare_lf) {
    std::size_t end = 2;
    if (block.substr(0, 2) != crlf) {
        end = block.find("\r\n\r\n");
        end = end == std::string_view::npos ? end : end + 4;
    }
    const std::string_view head = block.substr(0, end);
    for (std::size_t i = head.find('\n'); i != std::string_view::npos; i = head.find('\n', i + 1))
        bare_lf = bare_lf || i == 0 || head[i - 1] != '\r';
    return bare_lf ? std::string_view::npos : end;
}

} // namespace

const std::string* find_header(const RequestHead& head, std::string_view name) {
    for (const Header& h : head.headers)
        if (iequals(h.name, name))
            return &h.value;
    return nullptr;
}

std::string percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
            hex_value(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

HeadResult read_head(std::string_view buffer, const RequestLimits& limits) {
    // Blank lines before a request are skipped (RFC 9112 section 2.2), a line's worth at most.
    std::size_t start = 0;
    while (buffer.substr(start, 2) == crlf && start < limits.max_line_bytes)
        start += 2;
    const std::string_view rest = buffer.substr(start);
    const std::size_t eol = rest.find('\n');
    if (eol == std::string_view::npos)
        return rest.size() > limits.max_line_bytes + 1
                   ? refused({}, 414, "uri_too_long", "the request line is too long")
                   : HeadResult{};
    if (eol == 0 || rest[eol - 1] != '\r' || rest.substr(0, eol - 1).find('\r') != rest.npos)
        return refused({}, 400, "bad_request", "lines must end in CRLF");
    if (eol - 1 > limits.max_line_bytes)
        return refused({}, 414, "uri_too_long", "the request line is too long");
    HeadResult out;
    RequestHead& head = out.head;
    if (!parse_request_line(rest.substr(0, eol - 1), head, out) || !check_target(head, out))
        return out;
    const std::string_view block = rest.substr(eol + 1);
    bool bare_lf = false;
    const std::size_t end = fields_end(block, bare_lf);
    if (bare_lf)
        return refused(head, 400, "bad_request", "lines must end in CRLF");
    const std::size_t fields_bytes = end == std::string_view::npos ? block.size() : end - 2;
    if (fields_bytes > limits.max_header_bytes)
        return refused(head, 431, "headers_too_large",
                       "the header fields take more than " +
                           std::to_string(limits.max_header_bytes) + " bytes");
    if (end == std::string_view::npos)
        return HeadResult{};
    if (!parse_fields(block.substr(0, end - 2), limits, head, out) ||
        !check_fields(head, limits, out))
        return out;
    head.head_bytes = start + eol + 1 + end;
    out.kind = HeadResult::Kind::complete;
    return out;
}

std::string backend_request(const RequestHead& head, const RequestLimits& limits) {
    static constexpr std::array<std::string_view, 8> hop_by_hop = {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE",
        "Trailer",    "Upgrade",    "Expect",           "Transfer-Encoding"};
    const std::string* range = find_header(head, "Range");
    // A multipart answer of many ranges can be far larger than the file (each range may
    // cover it whole), and an API answer is never served in parts.
    const bool drop_range =
        range != nullptr && (head.path.starts_with(limits.whole_answers_prefix) ||
                             range->find(',') != std::string::npos);
    std::string out = head.method + " " + head.target + " HTTP/1.1\r\n";
    for (const Header& h : head.headers) {
        if (std::any_of(hop_by_hop.begin(), hop_by_hop.end(),
                        [&](std::string_view n) { return iequals(n, h.name); }))
            continue;
        if (drop_range && (iequals(h.name, "Range") || iequals(h.name, "If-Range")))
            continue;
        out += h.name;
        out += ": ";
        out += h.value;
        out += crlf;
    }
    out += crlf;
    return out;
}

namespace {
const char* reason(int status) {
    switch (status) {
    case 400:
        return "Bad Request";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 417:
        return "Expectation Failed";
    case 431:
        return "Request Header Fields Too Large";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Error";
    }
}
} // namespace

std::string refusal_answer(const Refusal& refusal, bool head_only) {
    using nlohmann::json;
    const std::string body =
        json{{"error", {{"code", refusal.code}, {"message", refusal.message}}}}.dump(
            -1, ' ', false, json::error_handler_t::replace);
    std::string out = "HTTP/1.1 " + std::to_string(refusal.status) + " " + reason(refusal.status) +
                      "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " +
                      std::to_string(body.size()) +
                      "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n";
    if (refusal.retry_after > 0)
        out += "Retry-After: " + std::to_string(refusal.retry_after) + "\r\n";
    if (!refusal.allow.empty())
        out += "Allow: " + refusal.allow + "\r\n";
    out += "Connection: close\r\n\r\n";
    if (!head_only)
        out += body;
    return out;
}

} // namespace vnsearch::server
