#pragma once
// The checks a parsed request head must pass before the gate passes it on: its target, its
// method, Host, the body's framing (the smuggling pairs refused), Content-Type,
// Content-Encoding and Expect.

#include "request_head.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace vnsearch::server {

/// A refusal of `head` with this status, error code and message.
HeadResult refused(RequestHead head, int status, std::string code, std::string message);

/// The fields named `name` (any case), in order.
std::vector<const Header*> all_headers(const RequestHead& head, std::string_view name);

/// An origin-form target ("/path?query") whose path has no control character once decoded:
/// a %0A would forge a log line, a %00 would cut a file name short ("/app.js%00.html").
/// Sets head.path; false with `out` set to the refusal otherwise.
bool check_target(RequestHead& head, HeadResult& out);

/// The method, Host, the body's framing, Content-Type, Content-Encoding and Expect; then
/// whether to keep the connection (head.keep_alive). False with `out` set to the refusal.
bool check_fields(RequestHead& head, const RequestLimits& limits, HeadResult& out);

} // namespace vnsearch::server
