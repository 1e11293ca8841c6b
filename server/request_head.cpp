#include "request_head.hpp"

#include "http_syntax.hpp"
#include "request_checks.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

namespace vnsearch::server {
namespace {

constexpr std::string_view crlf = "\r\n";

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
