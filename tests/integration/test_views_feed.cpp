// The Atom feed and the source facet of the research views' index, through the real server.
#include "views_support.hpp"

#include <map>
#include <set>

using namespace vnsearch::test;
using namespace vnsearch::test::views;

namespace {

/// Whether `xml` is well-formed as far as a feed needs: one root, tags balanced and
/// matched, attribute values quoted, `&` only in the five entities or a character reference.
/// Fills `texts` with each element's text by name (entities left as written).
bool well_formed(const std::string& xml, std::multimap<std::string, std::string>& texts) {
    std::vector<std::string> open;
    std::size_t i = 0, roots = 0;
    while (i < xml.size()) {
        if (xml[i] == '&') {
            const std::size_t end = xml.find(';', i);
            if (end == std::string::npos)
                return false;
            const std::string name = xml.substr(i + 1, end - i - 1);
            static const std::set<std::string> known = {"amp", "lt", "gt", "quot", "apos"};
            if (!known.count(name) && (name.empty() || name[0] != '#'))
                return false;
            i = end + 1;
            continue;
        }
        if (xml[i] != '<') {
            ++i;
            continue;
        }
        if (xml.compare(i, 2, "<?") == 0) {
            i = xml.find("?>", i);
            if (i == std::string::npos)
                return false;
            i += 2;
            continue;
        }
        const std::size_t end = xml.find('>', i);
        if (end == std::string::npos)
            return false;
        const std::string tag = xml.substr(i + 1, end - i - 1);
        if (std::count(tag.begin(), tag.end(), '"') % 2 != 0 || tag.find('<') != std::string::npos)
            return false;
        if (tag[0] == '/') {
            if (open.empty() || open.back() != tag.substr(1))
                return false;
            open.pop_back();
        } else {
            const std::string name = tag.substr(0, tag.find_first_of(" /"));
            if (open.empty() && roots++ > 0)
                return false;
            if (tag.back() != '/') {
                open.push_back(name);
                const std::size_t close = xml.find('<', end);
                texts.emplace(name, xml.substr(end + 1, close - end - 1));
            }
        }
        i = end + 1;
    }
    return open.empty() && roots == 1;
}

} // namespace

TEST_CASE("the Atom feed is well-formed XML holding the newest results in order", "[views]") {
    const std::string q = "q=" + encode("\"giao thừa\"");
    auto res = fetch("/api/feed?" + q);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/atom+xml; charset=utf-8");
    std::multimap<std::string, std::string> texts;
    REQUIRE(well_formed(res->body, texts));
    CHECK(res->body.find("<feed xmlns=\"http://www.w3.org/2005/Atom\">") != std::string::npos);
    CHECK(texts.count("updated") == texts.count("entry") + 1);
    // The titles carry & and < : escaped, never raw.
    CHECK(res->body.find("&amp; &lt;Tết&gt;") != std::string::npos);
    CHECK(res->body.find("\xEF\xBF\xBF") == std::string::npos); // U+FFFF: not an XML character
    if (fs::exists("/usr/bin/xmllint")) { // libxml2-utils, when the machine has it
        TempDir dir;
        write_file(dir / "feed.xml", res->body);
        const RunResult lint = run({"/usr/bin/xmllint", "--noout", (dir / "feed.xml").string()});
        INFO(lint.err);
        CHECK(lint.exit_code == 0);
    }
    const json newest = get("/api/search?sort=date_desc&per_page=20&" + q);
    std::vector<std::string> ids;
    for (auto [it, end] = texts.equal_range("id"); it != end; ++it)
        ids.push_back(it->second);
    REQUIRE(ids.size() == newest["hits"].size() + 1); // the feed's own id first
    for (std::size_t i = 0; i < newest["hits"].size(); ++i)
        CHECK(ids[i + 1] == "urn:vnsearch:document:" + newest["hits"][i]["id"].get<std::string>());
    std::vector<std::string> published;
    for (auto [it, end] = texts.equal_range("published"); it != end; ++it)
        published.push_back(it->second);
    CHECK(std::is_sorted(published.rbegin(), published.rend()));

    auto few = fetch("/api/feed?per_page=3");
    REQUIRE(few);
    std::multimap<std::string, std::string> few_texts;
    REQUIRE(well_formed(few->body, few_texts));
    CHECK(few_texts.count("entry") == 3);
}

TEST_CASE("source is a facet and a filter: counts equal the searches each source gives",
          "[views]") {
    // The outlets as the fixtures give them: the source field, else the URL's host.
    std::map<std::string, std::size_t> expected;
    for (const json& a : dated_fixtures()) {
        std::string outlet = a.value("source", "");
        if (outlet.empty()) {
            const std::string url = a["url"];
            outlet = url.substr(url.find("://") + 3);
            outlet = outlet.substr(0, outlet.find('/'));
            if (outlet.rfind("www.", 0) == 0)
                outlet.erase(0, 4);
        }
        ++expected[outlet];
    }
    const json all = get("/api/search?per_page=1");
    std::map<std::string, std::size_t> facet;
    for (const auto& f : all["facets"]["source"])
        facet[f["value"]] = f["count"];
    CHECK(facet == expected);
    for (const std::string& q : {std::string(), std::string("pháo hoa")}) {
        const json r = get("/api/search?q=" + encode(q));
        for (const auto& f : r["facets"]["source"]) {
            const std::string source = f["value"];
            INFO(q << " / " << source);
            const json one = get("/api/search?q=" + encode(q) + "&source=" + encode(source));
            CHECK(one["total"] == f["count"]);
            CHECK(one["query"]["source"] == json::array({source}));
            // Written as a URL's host is written, the same outlet.
            CHECK(get("/api/search?q=" + encode(q) + "&source=WWW." + encode(source))["total"] ==
                  f["count"]);
        }
    }
    CHECK(get("/api/search?source=nowhere.example")["total"] == 0);
    const json named = get("/api/search?source=baomoi.example.vn&per_page=100");
    CHECK(named["total"] == expected["baomoi.example.vn"]);
}
