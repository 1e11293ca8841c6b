#include "vnsearch/record.hpp"

#include "vnsearch/utf8.hpp"

#include <cstdint>
#include <cstdio>
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

int digits(std::string_view s) {
    int v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    return s.empty() ? -1 : v;
}

} // namespace

std::optional<PartialDate> PartialDate::parse(std::string_view iso) {
    PartialDate d;
    if (iso.size() != 4 && iso.size() != 7 && iso.size() != 10)
        return std::nullopt;
    d.year = digits(iso.substr(0, 4));
    if (d.year < 1900 || d.year > 2099)
        return std::nullopt;
    if (iso.size() >= 7) {
        d.month = iso[4] == '-' && iso.size() >= 7 ? digits(iso.substr(5, 2)) : -1;
        if (d.month < 1 || d.month > 12)
            return std::nullopt;
    }
    if (iso.size() == 10) {
        d.day = iso[7] == '-' ? digits(iso.substr(8, 2)) : -1;
        static constexpr int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
        const int last = d.month == 2 && !leap ? 28 : month_days[d.month - 1];
        if (d.day < 1 || d.day > last)
            return std::nullopt;
    }
    return d;
}

std::string PartialDate::iso() const {
    if (year == 0)
        return {};
    char buf[16];
    if (month == 0)
        std::snprintf(buf, sizeof buf, "%04d", year);
    else if (day == 0)
        std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    else
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

int facet_year(const ArticleRecord& r) {
    for (const std::string* iso : {&r.signed_on, &r.published})
        if (const auto d = PartialDate::parse(*iso))
            return d->year;
    return 0;
}

nlohmann::json to_json(const ArticleRecord& r, bool with_text) {
    nlohmann::json j;
    j["id"] = r.id;
    j["title"] = r.title;
    j["published"] = or_null(r.published);
    j["published_rule"] = or_null(r.published_rule);
    j["signed"] = or_null(r.signed_on);
    j["signed_rule"] = or_null(r.signed_rule);
    j["year"] = or_null(r.year);
    j["kind"] = or_null(r.kind);
    j["province"] = or_null(r.province);
    j["former_province"] = or_null(r.former_province);
    j["carriers"] = r.carriers;
    j["pillars"] = r.pillars;
    j["period"] = or_null(r.period);
    j["vision"] = or_null(r.vision);
    auto& sig = j["signatories"] = nlohmann::json::array();
    for (const Signatory& s : r.signatories)
        sig.push_back({{"name", s.name}, {"title", s.title}});
    auto& ev = j["evidence"] = nlohmann::json::array();
    for (const Evidence& e : r.evidence)
        ev.push_back({{"fact", e.fact}, {"value", e.value}, {"begin", e.begin}, {"end", e.end}});
    auto& cor = j["corrections"] = nlohmann::json::array();
    for (const Correction& c : r.corrections)
        cor.push_back(
            {{"field", c.field}, {"value", c.value}, {"extracted", c.extracted}, {"note", c.note}});
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
    r.published = str(j, "published");
    r.published_rule = str(j, "published_rule");
    r.signed_on = str(j, "signed");
    r.signed_rule = str(j, "signed_rule");
    r.year = integer(j, "year");
    r.kind = str(j, "kind");
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
    if (const auto it = j.find("evidence"); it != j.end() && it->is_array())
        for (const auto& e : *it)
            r.evidence.push_back({str(e, "fact"), str(e, "value"),
                                  static_cast<std::uint32_t>(integer(e, "begin")),
                                  static_cast<std::uint32_t>(integer(e, "end"))});
    if (const auto it = j.find("corrections"); it != j.end() && it->is_array())
        for (const auto& c : *it)
            r.corrections.push_back(
                {str(c, "field"), str(c, "value"), str(c, "extracted"), str(c, "note")});
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
