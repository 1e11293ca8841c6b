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

namespace {

/// Reads the record JSON the index stores, value by value into an ArticleRecord, without
/// building a JSON tree: a page reads ten records, and parsing them into nlohmann::json
/// took a third of its time. Anything it does not expect makes it give up (false), and
/// record_from_data falls back to the general parser.
class RecordReader {
public:
    explicit RecordReader(std::string_view s) : m_s(s) {}

    bool read(ArticleRecord& r) {
        if (!object([&](std::string_view key) { return member(r, key); }))
            return false;
        space();
        return m_at == m_s.size(); // nothing after the object
    }

private:
    /// The value of `key` in the record's object, into its field.
    bool member(ArticleRecord& r, std::string_view key) {
        if (key == "id")
            return text(r.id);
        if (key == "title")
            return text(r.title);
        if (key == "published")
            return text(r.published);
        if (key == "published_rule")
            return text(r.published_rule);
        if (key == "signed")
            return text(r.signed_on);
        if (key == "signed_rule")
            return text(r.signed_rule);
        if (key == "year")
            return integer(r.year);
        if (key == "kind")
            return text(r.kind);
        if (key == "province")
            return text(r.province);
        if (key == "former_province")
            return text(r.former_province);
        if (key == "carriers")
            return texts(r.carriers);
        if (key == "pillars")
            return texts(r.pillars);
        if (key == "period")
            return text(r.period);
        if (key == "vision")
            return integer(r.vision);
        if (key == "signatories")
            return signatories(r.signatories);
        if (key == "evidence")
            return evidence(r.evidence);
        if (key == "corrections")
            return corrections(r.corrections);
        if (key == "source")
            return source(r);
        if (key == "content_hash")
            return text(r.content_hash);
        if (key == "text")
            return text(r.text);
        return skip();
    }

    void space() {
        while (m_at < m_s.size() &&
               (m_s[m_at] == ' ' || m_s[m_at] == '\n' || m_s[m_at] == '\r' || m_s[m_at] == '\t'))
            ++m_at;
    }
    bool next_is(char c) {
        space();
        return m_at < m_s.size() && m_s[m_at] == c;
    }
    bool take(char c) {
        if (!next_is(c))
            return false;
        ++m_at;
        return true;
    }
    bool word(std::string_view w) {
        space();
        if (m_s.substr(m_at, w.size()) != w)
            return false;
        m_at += w.size();
        return true;
    }

    /// `{ "key": value, ... }`, each value read by `member(key)`.
    template <typename F>
    bool object(F&& member) {
        if (!take('{'))
            return false;
        if (take('}'))
            return true;
        std::string key;
        do {
            if (!string(key) || !take(':') || !member(std::string_view(key)))
                return false;
        } while (take(','));
        return take('}');
    }
    /// `[ value, ... ]`, each value read by `element()`.
    template <typename F>
    bool array(F&& element) {
        if (!take('['))
            return false;
        if (take(']'))
            return true;
        do {
            if (!element())
                return false;
        } while (take(','));
        return take(']');
    }

    /// A JSON string, unescaped into `out`.
    bool string(std::string& out) {
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
    bool hex4(char32_t& cp) {
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
    /// A number; `integral` tells whether it was written as an integer, `value` its value
    /// then (as nlohmann::json::get<int> would give it).
    bool number(bool& integral, int& value) {
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
        }
        return true;
    }

    /// A string into `out`, or any other value skipped with `out` left empty.
    bool text(std::string& out) {
        if (next_is('"'))
            return string(out);
        out.clear();
        return skip();
    }
    /// An integer into `out`, or any other value skipped with `out` left 0.
    bool integer(int& out) {
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
    /// The strings of an array (other elements skipped), or nothing for another value.
    bool texts(std::vector<std::string>& out) {
        out.clear();
        if (!next_is('['))
            return skip();
        return array([&] {
            if (!next_is('"'))
                return skip();
            return string(out.emplace_back());
        });
    }
    bool signatories(std::vector<Signatory>& out) {
        out.clear();
        if (!next_is('['))
            return skip();
        return array([&] {
            Signatory& s = out.emplace_back();
            if (!next_is('{'))
                return skip();
            return object([&](std::string_view key) {
                if (key == "name")
                    return text(s.name);
                if (key == "title")
                    return text(s.title);
                return skip();
            });
        });
    }
    bool evidence(std::vector<Evidence>& out) {
        out.clear();
        if (!next_is('['))
            return skip();
        return array([&] {
            Evidence& e = out.emplace_back();
            if (!next_is('{'))
                return skip();
            return object([&](std::string_view key) {
                if (key == "fact")
                    return text(e.fact);
                if (key == "value")
                    return text(e.value);
                if (key == "begin")
                    return offset(e.begin);
                if (key == "end")
                    return offset(e.end);
                return skip();
            });
        });
    }
    bool corrections(std::vector<Correction>& out) {
        out.clear();
        if (!next_is('['))
            return skip();
        return array([&] {
            Correction& c = out.emplace_back();
            if (!next_is('{'))
                return skip();
            return object([&](std::string_view key) {
                if (key == "field")
                    return text(c.field);
                if (key == "value")
                    return text(c.value);
                if (key == "extracted")
                    return text(c.extracted);
                if (key == "note")
                    return text(c.note);
                return skip();
            });
        });
    }
    /// A byte offset: an integer as integer() reads it, as record_from_json casts it.
    bool offset(std::uint32_t& out) {
        int v = 0;
        if (!integer(v))
            return false;
        out = static_cast<std::uint32_t>(v);
        return true;
    }
    bool source(ArticleRecord& r) {
        r.path.clear();
        r.url.clear();
        r.site.clear();
        if (!next_is('{'))
            return skip();
        return object([&](std::string_view key) {
            if (key == "path")
                return text(r.path);
            if (key == "url")
                return text(r.url);
            if (key == "site")
                return text(r.site);
            return skip();
        });
    }
    /// Any value, read and dropped.
    bool skip() {
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

    std::string_view m_s;
    std::size_t m_at = 0;
};

} // namespace

bool detail::read_record(std::string_view data, ArticleRecord& out) {
    out = ArticleRecord{};
    return RecordReader(data).read(out);
}

std::optional<ArticleRecord> record_from_data(std::string_view data) {
    ArticleRecord r;
    if (detail::read_record(data, r))
        return r;
    const auto j = nlohmann::json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return std::nullopt;
    return record_from_json(j);
}

} // namespace vnsearch
