#include "request_log.hpp"

#include <cstdio>

namespace vnsearch::server {

std::string escape_for_log(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\\') {
            out += "\\\\";
        } else if (c <= 0x20 || c == 0x7F) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += ch;
        }
    }
    return out;
}

void log_request(std::string_view method, std::string_view path, int status, double ms) {
    const std::string m = method.empty() ? "-" : escape_for_log(method);
    const std::string p = path.empty() ? "-" : escape_for_log(path);
    // One call, so that lines from several threads do not interleave.
    std::fprintf(stderr, "%s %s %d %.1fms\n", m.c_str(), p.c_str(), status, ms);
}

} // namespace vnsearch::server
