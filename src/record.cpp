#include "vnsearch/record.hpp"

#include <nlohmann/json.hpp>

namespace vnsearch {
namespace {

nlohmann::json or_null(const std::string& s) {
    return s.empty() ? nlohmann::json() : nlohmann::json(s);
}
nlohmann::json or_null(int v) {
    return v == 0 ? nlohmann::json() : nlohmann::json(v);
}

std::string str(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int integer(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<int>() : 0;
}

} // namespace

nlohmann::json to_json(const ArticleRecord& r, bool with_text) {
    nlohmann::json j;
    j["id"] = r.id;
    j["title"] = r.title;
    j["date"] = or_null(r.date);
    j["year"] = or_null(r.year);
    j["date_rule"] = r.date_rule;
    j["province"] = or_null(r.province);
    j["former_province"] = or_null(r.former_province);
    j["carriers"] = r.carriers;
    j["pillars"] = r.pillars;
    j["period"] = or_null(r.period);
    j["vision"] = or_null(r.vision);
    auto& sig = j["signatories"] = nlohmann::json::array();
    for (const Signatory& s : r.signatories)
        sig.push_back({{"name", s.name}, {"title", s.title}});
    j["source"] = {{"path", or_null(r.path)}, {"url", or_null(r.url)}, {"site", or_null(r.site)}};
    j["content_hash"] = r.content_hash;
    if (with_text)
        j["text"] = r.text;
    return j;
}

ArticleRecord record_from_json(const nlohmann::json& j) {
    ArticleRecord r;
    r.id = str(j, "id");
    r.title = str(j, "title");
    r.date = str(j, "date");
    r.year = integer(j, "year");
    r.date_rule = str(j, "date_rule");
    r.province = str(j, "province");
    r.former_province = str(j, "former_province");
    for (const char* key : {"carriers", "pillars"}) {
        auto& out = key[0] == 'c' ? r.carriers : r.pillars;
        if (const auto it = j.find(key); it != j.end() && it->is_array())
            for (const auto& v : *it)
                if (v.is_string())
                    out.push_back(v.get<std::string>());
    }
    r.period = str(j, "period");
    r.vision = integer(j, "vision");
    if (const auto it = j.find("signatories"); it != j.end() && it->is_array())
        for (const auto& s : *it)
            r.signatories.push_back({str(s, "name"), str(s, "title")});
    if (const auto it = j.find("source"); it != j.end() && it->is_object()) {
        r.path = str(*it, "path");
        r.url = str(*it, "url");
        r.site = str(*it, "site");
    }
    r.content_hash = str(j, "content_hash");
    r.text = str(j, "text");
    return r;
}

} // namespace vnsearch
