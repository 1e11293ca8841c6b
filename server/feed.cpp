// /api/feed: a search's newest results as an Atom 1.0 feed (RFC 4287), for feed readers.

#include "handlers.hpp"
#include "params.hpp"

#include <algorithm>

namespace vnsearch::server {
namespace {

/// Entries a feed holds unless per_page says otherwise.
constexpr int default_entries = 20;

/// Whether a code point may appear in XML 1.0 (its Char production).
bool xml_char(char32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/// `text` escaped for XML content and attributes, the characters XML cannot hold removed.
/// The text is valid UTF-8 (the engine decodes every input), so sequences are whole.
std::string xml(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        const std::size_t len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        char32_t c = len == 1 ? b : b & (0x7F >> len);
        for (std::size_t k = 1; k < len && i + k < text.size(); ++k)
            c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        const std::string_view unit = text.substr(i, len);
        i += len;
        if (!xml_char(c) || (len == 1 && b >= 0x80))
            continue;
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        default:
            out += unit;
        }
    }
    return out;
}

/// A date as precise as the text gave it (YYYY-MM-DD, YYYY-MM, YYYY) as an Atom date; empty
/// when there is none.
std::string atom_date(const std::string& date) {
    if (date.size() < 4)
        return {};
    const std::string month = date.size() >= 7 ? date.substr(5, 2) : "01";
    const std::string day = date.size() >= 10 ? date.substr(8, 2) : "01";
    return date.substr(0, 4) + "-" + month + "-" + day + "T00:00:00Z";
}

/// A document id as a path segment and a URN's part: every byte but letters, digits and
/// -._~ percent-encoded.
std::string encoded(const std::string& id) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : id)
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            out.push_back(static_cast<char>(c));
        else
            out += {'%', hex[c >> 4], hex[c & 15]};
    return out;
}

std::string entry(const SearchHit& h, const std::string& base, const std::string& fallback) {
    const ArticleRecord& r = h.record;
    const std::string published = atom_date(r.published);
    const std::string link = r.url.empty() ? base + "/api/documents/" + encoded(r.id) : r.url;
    std::string e = "<entry>\n";
    e += "<id>urn:vnsearch:document:" + xml(encoded(r.id)) + "</id>\n";
    e += "<title>" + xml(r.title.empty() ? r.id : r.title) + "</title>\n";
    e += "<link rel=\"alternate\" href=\"" + xml(link) + "\"/>\n";
    e += "<updated>" + (published.empty() ? fallback : published) + "</updated>\n";
    if (!published.empty())
        e += "<published>" + published + "</published>\n";
    // The snippet is HTML (escaped text, matches in <mark>): escaped once more as Atom's
    // html content.
    e += "<summary type=\"html\">" + xml(h.snippet) + "</summary>\n";
    return e + "</entry>\n";
}

} // namespace

void get_feed(const Context& c, const httplib::Request& req, httplib::Response& res) {
    SearchRequest r = parse_search(req.params, c.engine.parser(), max_query_bytes);
    if (single(req.params, "per_page").empty())
        r.per_page = default_entries;
    r.sort = SortOrder::date_desc;
    const SearchResponse out = c.engine.search(r);
    const IndexStats stats = c.engine.stats();
    std::string fallback = stats.last_update.empty() ? "1970-01-01T00:00:00Z" : stats.last_update;
    std::string updated;
    for (const SearchHit& h : out.hits)
        updated = std::max(updated, atom_date(h.record.published));
    if (updated.empty())
        updated = fallback;
    const std::string base = "http://" + req.get_header_value("Host");
    const std::string self = base + req.target;
    std::string body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                       "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
    body += "<id>urn:vnsearch:feed:" + xml(encoded(req.target)) + "</id>\n";
    body += "<title>" + xml("vnsearch: " + (r.q.empty() ? std::string("newest articles") : r.q)) +
            "</title>\n";
    body += "<updated>" + updated + "</updated>\n";
    body += "<link rel=\"self\" href=\"" + xml(self) + "\"/>\n";
    body += "<author><name>vnsearch</name></author>\n";
    for (const SearchHit& h : out.hits)
        body += entry(h, base, fallback);
    body += "</feed>\n";
    res.set_content(body, "application/atom+xml; charset=utf-8");
}

} // namespace vnsearch::server
