#include "util/json_scanner.hpp"

#include "vnsearch/utf8.hpp"

#include <cmath>
#include <cstdlib>

namespace vnsearch::util {

bool JsonScanner::string(std::string& out) {
    if (!take('"'))
        return false;
    out.clear();
    while (true) {
        std::size_t run = m_at;
        while (run < m_s.size() && m_s[run] != '"' && m_s[run] != '\\' &&
               static_cast<unsigned char>(m_s[run]) >= 0x20)
            ++run;
        out.append(m_s, m_at, run - m_at);
        m_at = run;
        if (m_at >= m_s.size() || static_cast<unsigned char>(m_s[m_at]) < 0x20)
            return false;
        if (m_s[m_at++] == '"')
            return is_valid_utf8(out);
        if (m_at >= m_s.size())
            return false;
        switch (const char e = m_s[m_at++]) {
        case '"':
        case '\\':
        case '/':
            out.push_back(e);
            break;
        case 'b':
            out.push_back('\b');
            break;
        case 'f':
            out.push_back('\f');
            break;
        case 'n':
            out.push_back('\n');
            break;
        case 'r':
            out.push_back('\r');
            break;
        case 't':
            out.push_back('\t');
            break;
        case 'u': {
            char32_t cp = 0;
            if (!hex4(cp))
                return false;
            if (cp >= 0xD800 && cp < 0xDC00) { // a surrogate pair
                char32_t low = 0;
                if (m_s.substr(m_at, 2) != "\\u")
                    return false;
                m_at += 2;
                if (!hex4(low) || low < 0xDC00 || low >= 0xE000)
                    return false;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xDC00 && cp < 0xE000) {
                return false;
            }
            append_utf8(out, cp);
            break;
        }
        default:
            return false;
        }
    }
}

bool JsonScanner::hex4(char32_t& cp) {
    if (m_at + 4 > m_s.size())
        return false;
    for (int k = 0; k < 4; ++k) {
        const char c = m_s[m_at++];
        const int v = c >= '0' && c <= '9'   ? c - '0'
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                             : -1;
        if (v < 0)
            return false;
        cp = cp * 16 + static_cast<char32_t>(v);
    }
    return true;
}

bool JsonScanner::number(bool& integral, int& value) {
    space();
    const std::size_t start = m_at;
    if (m_at < m_s.size() && m_s[m_at] == '-')
        ++m_at;
    const std::size_t digits = m_at;
    while (m_at < m_s.size() && m_s[m_at] >= '0' && m_s[m_at] <= '9')
        ++m_at;
    if (m_at == digits || (m_s[digits] == '0' && m_at - digits > 1))
        return false;
    integral = true;
    if (m_at < m_s.size() && m_s[m_at] == '.') {
        integral = false;
        const std::size_t frac = ++m_at;
        while (m_at < m_s.size() && m_s[m_at] >= '0' && m_s[m_at] <= '9')
            ++m_at;
        if (m_at == frac)
            return false;
    }
    if (m_at < m_s.size() && (m_s[m_at] == 'e' || m_s[m_at] == 'E')) {
        integral = false;
        ++m_at;
        if (m_at < m_s.size() && (m_s[m_at] == '+' || m_s[m_at] == '-'))
            ++m_at;
        const std::size_t exp = m_at;
        while (m_at < m_s.size() && m_s[m_at] >= '0' && m_s[m_at] <= '9')
            ++m_at;
        if (m_at == exp)
            return false;
    }
    if (integral) {
        if (m_at - digits > 9)
            return false; // past what a year or a vision holds: the general parser
        value = std::stoi(std::string(m_s.substr(start, m_at - start)));
        return true;
    }
    // A number past the range of a double is an error to the general parser (1e999).
    return std::isfinite(
        std::strtod(std::string(m_s.substr(start, m_at - start)).c_str(), nullptr));
}

bool JsonScanner::text(std::string& out) {
    if (next_is('"'))
        return string(out);
    out.clear();
    return skip();
}
bool JsonScanner::integer(int& out) {
    out = 0;
    space();
    if (m_at < m_s.size() && (m_s[m_at] == '-' || (m_s[m_at] >= '0' && m_s[m_at] <= '9'))) {
        bool integral = false;
        int value = 0;
        if (!number(integral, value))
            return false;
        if (integral)
            out = value;
        return true;
    }
    return skip();
}

bool JsonScanner::skip() {
    space();
    if (m_at >= m_s.size())
        return false;
    switch (m_s[m_at]) {
    case '"': {
        std::string ignored;
        return string(ignored);
    }
    case '{':
        return object([&](std::string_view) { return skip(); });
    case '[':
        return array([&] { return skip(); });
    case 't':
        return word("true");
    case 'f':
        return word("false");
    case 'n':
        return word("null");
    default: {
        bool integral = false;
        int value = 0;
        return number(integral, value);
    }
    }
}

} // namespace vnsearch::util
