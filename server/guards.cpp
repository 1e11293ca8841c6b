#include "guards.hpp"

#include "answer.hpp"
#include "request_log.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <utility>

namespace vnsearch::server {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

thread_local Clock::time_point request_start;

/// Refuses a request before its body is read. cpp-httplib would read the next request from
/// where the unread body begins, so the connection is closed after the answer: a content
/// provider that reports failure once it has written the whole answer ends the connection
/// (and the error handler leaves an answer with a content type alone).
void refuse(const httplib::Request& req, httplib::Response& res, int status,
            const std::string& code, const std::string& message) {
    // A POST or a PUT is closed even without a length: its body may run to the connection's
    // end.
    const std::string length = req.get_header_value("Content-Length");
    if ((length.empty() || length == "0") && !req.has_header("Transfer-Encoding") &&
        (req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS" ||
         req.method == "DELETE")) {
        send_error(res, status, code, message);
        return;
    }
    res.status = status;
    res.set_header("Connection", "close");
    res.set_header("Cache-Control", "no-store");
    const std::string body = json{{"error", {{"code", code}, {"message", message}}}}.dump(
        -1, ' ', false, json::error_handler_t::replace);
    res.set_chunked_content_provider("application/json; charset=utf-8",
                                     [body](std::size_t, httplib::DataSink& sink) {
                                         sink.write(body.data(), body.size());
                                         sink.done();
                                         return false;
                                     });
}

/// What may be read of a request, decided from its request line and headers alone: a POST
/// to a path of post_paths with a JSON body of a declared length, up to max_body_bytes; GET and
/// HEAD with no body; no Content-Encoding, no chunked body, nothing else.
bool refused(const httplib::Request& req, httplib::Response& res) {
    // A control character in the decoded path would cut a file name short at a NUL
    // ("/app.js%00.html" served app.js as text/html) or forge a log line.
    if (std::any_of(req.path.begin(), req.path.end(),
                    [](unsigned char c) { return c < 0x20 || c == 0x7F; })) {
        refuse(req, res, 400, "bad_request", "the path holds a control character");
        return true;
    }
    const bool takes_body = req.method == "POST" && takes_post(req.path);
    if (req.method != "GET" && req.method != "HEAD" && !takes_body) {
        const bool searchable = takes_post(req.path);
        res.set_header("Allow", searchable ? "GET, HEAD, POST" : "GET, HEAD");
        refuse(req, res, 405, "method_not_allowed",
               searchable ? "use GET, or POST with a JSON body"
                          : "this resource is read-only: use GET");
        return true;
    }
    if (req.has_header("Content-Encoding")) {
        refuse(req, res, 415, "unsupported_encoding", "requests may not carry a Content-Encoding");
        return true;
    }
    const std::string length = req.get_header_value("Content-Length");
    if (!takes_body) {
        if ((!length.empty() && length != "0") || req.has_header("Transfer-Encoding")) {
            refuse(req, res, 413, "body_not_allowed", "GET and HEAD requests carry no body");
            return true;
        }
        return false;
    }
    if (req.has_header("Transfer-Encoding") || length.empty()) {
        refuse(req, res, 411, "length_required",
               "a POST body needs a Content-Length (chunked bodies are not accepted)");
        return true;
    }
    if (length.size() > 9 || length.find_first_not_of("0123456789") != std::string::npos ||
        std::stoul(length) > max_body_bytes) {
        refuse(req, res, 413, "payload_too_large",
               "a POST body may take up to " + std::to_string(max_body_bytes) + " bytes");
        return true;
    }
    std::string type = req.get_header_value("Content-Type");
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (type.rfind("application/json", 0) != 0) {
        refuse(req, res, 415, "unsupported_media_type",
               "a POST body must be JSON (Content-Type: application/json)");
        return true;
    }
    return false;
}

} // namespace

void install_guards(httplib::Server& http, const ServerOptions& options) {
    // Guards before anything is read (see refused()). A client that asks whether to send its
    // body (Expect: 100-continue) is told before it does.
    http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        request_start = Clock::now();
        return refused(req, res) ? httplib::Server::HandlerResponse::Handled
                                 : httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_expect_100_continue_handler([](const httplib::Request& req, httplib::Response& res) {
        request_start = Clock::now();
        return refused(req, res) ? res.status : 100;
    });
    http.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.get_header_value("Connection") == "close")
            res.headers.erase("Keep-Alive"); // set by cpp-httplib, which closes only later
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Referrer-Policy", "no-referrer");
        res.set_header("X-Frame-Options", "DENY");
        res.set_header(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            "frame-ancestors 'none'");
    });
    http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty() || res.has_header("Content-Type"))
            return;
        switch (res.status) {
        case 404:
            send_error(res, 404, "not_found", "no such page or resource");
            break;
        case 405:
            send_error(res, 405, "method_not_allowed", "this resource is read-only: use GET");
            break;
        case 413:
            send_error(res, 413, "payload_too_large", "request too large");
            break;
        case 414:
            send_error(res, 414, "uri_too_long", "the request line is too long");
            break;
        case 431:
            send_error(res, 431, "headers_too_large", "request headers are too large");
            break;
        case 400:
            send_error(res, 400, "bad_request", "malformed request");
            break;
        default:
            send_error(res, res.status, "error", "the request could not be served");
            break;
        }
    });
    http.set_exception_handler(
        [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
            std::string what = "unknown error";
            try {
                std::rethrow_exception(std::move(ep));
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
            }
            std::fprintf(stderr, "error serving %s: %s\n", req.path.c_str(), what.c_str());
            send_error(res, 500, "internal_error", "the server could not answer this request");
        });
    if (options.log_requests)
        http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
            const double ms =
                std::chrono::duration<double, std::milli>(Clock::now() - request_start).count();
            log_request(req.method, req.path, res.status, ms);
        });
}

} // namespace vnsearch::server
