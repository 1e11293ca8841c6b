#include "request_checks.hpp"

#include "http_syntax.hpp"

#include <algorithm>
#include <cctype>

namespace vnsearch::server {
namespace {

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

} // namespace

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

} // namespace vnsearch::server
