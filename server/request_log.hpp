#pragma once
// The request log: one line a request on standard error, "METHOD PATH STATUS TIMEms". The
// server behind the gate logs what it answers and the gate what it refuses, in this one
// format.

#include <string>
#include <string_view>

namespace vnsearch::server {

/// `s` with control characters, spaces and backslashes written as \xHH (a backslash as
/// \\), so that a request cannot end a log line or forge one ("%0A" in a path).
std::string escape_for_log(std::string_view s);

/// Writes one log line; an empty method or path is written as "-".
void log_request(std::string_view method, std::string_view path, int status, double ms);

} // namespace vnsearch::server
