#include "http_syntax.hpp"

#include <algorithm>
#include <cctype>

namespace vnsearch::server {

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

} // namespace vnsearch::server
