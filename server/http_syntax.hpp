#pragma once
// The small pieces of HTTP/1.1 syntax the gate reads requests with (RFC 9110): tokens,
// field names compared in any case, comma-separated lists and percent escapes.

#include <string_view>

namespace vnsearch::server {

/// A character of a token (RFC 9110 section 5.6.2): methods and field names.
bool is_tchar(unsigned char c);
/// A non-empty run of token characters.
bool is_token(std::string_view s);
/// A control character (C0 or DEL).
bool is_control(unsigned char c);
/// Equal but for ASCII letter case.
bool iequals(std::string_view a, std::string_view b);
/// The value of a hexadecimal digit, or -1.
int hex_value(char c);
/// Whether a comma-separated list of tokens (Connection, Transfer-Encoding) holds `token`
/// last, or anywhere when `last_only` is false.
bool list_has(std::string_view list, std::string_view token, bool last_only);

} // namespace vnsearch::server
