// The outlet an article comes from: one definition for the index's source facet and every
// view that names the outlet.

#include "vnsearch/record.hpp"

#include <algorithm>

namespace vnsearch {

std::string outlet_of(const ArticleRecord& r) {
    std::string_view name = r.site;
    if (name.empty()) {
        name = r.url;
        if (const auto scheme = name.find("://"); scheme != std::string_view::npos)
            name.remove_prefix(scheme + 3);
        name = name.substr(0, name.find_first_of("/?#"));
        if (const auto user = name.rfind('@'); user != std::string_view::npos)
            name.remove_prefix(user + 1);
        name = name.substr(0, name.find(':'));
    }
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t'))
        name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
        name.remove_suffix(1);
    std::string out(name);
    // A host (no space, a dot) is ASCII and case-blind, and `www.` names the same site; a
    // site's own name ("Báo Thừa Thiên Huế") stays as the outlet writes it.
    if (out.find(' ') != std::string::npos || out.find('.') == std::string::npos)
        return out;
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    if (out.rfind("www.", 0) == 0)
        out.erase(0, 4);
    return out;
}

} // namespace vnsearch
