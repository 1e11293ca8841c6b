#include "extract/corrections.hpp"

#include "text/vietnamese.hpp"
#include "vnsearch/utf8.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vnsearch {
namespace {

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = s.find(sep, start);
        out.emplace_back(s.substr(start, end == std::string_view::npos ? s.npos : end - start));
        if (end == std::string_view::npos)
            return out;
        start = end + 1;
    }
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r'))
        s.remove_suffix(1);
    return std::string(s);
}

/// `"value"`, for messages.
std::string in_quotes(std::string_view v) {
    std::string q(1, '"');
    q.append(v);
    q += '"';
    return q;
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v)
        s += (s.empty() ? "" : ",") + x;
    return s;
}

/// The one whole name of `kind` in `value` ("tp.hcm" -> its payload), by the gazetteer.
std::optional<std::uint32_t> whole_name(const Gazetteer& names, std::string_view value) {
    const auto tokens = tokenize(value);
    const auto found = names.find(value, tokens, FindOptions{false});
    std::size_t main_tokens = 0;
    for (const Token& t : tokens)
        main_tokens += !t.part;
    if (found.size() != 1 || found[0].payload == Gazetteer::blocked)
        return std::nullopt;
    std::size_t covered = 0;
    for (std::uint32_t i = found[0].first; i <= found[0].last; ++i)
        covered += !tokens[i].part;
    if (covered != main_tokens)
        return std::nullopt;
    return found[0].payload;
}

int year_of(std::string_view s) {
    if (s.size() != 4 ||
        !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return 0;
    const int y = std::stoi(std::string(s));
    return y >= 1900 && y <= 2099 ? y : 0;
}

/// The field of a record as a correction reads and writes it.
std::string get(const ArticleRecord& r, std::string_view field) {
    if (field == "province")
        return r.province;
    if (field == "former_province")
        return r.former_province;
    if (field == "carriers")
        return join(r.carriers);
    if (field == "pillars")
        return join(r.pillars);
    if (field == "published")
        return r.published;
    if (field == "signed")
        return r.signed_on;
    if (field == "year")
        return r.year ? std::to_string(r.year) : "";
    if (field == "period")
        return r.period;
    if (field == "vision")
        return r.vision ? std::to_string(r.vision) : "";
    if (field == "kind")
        return r.kind;
    return {};
}

void set(ArticleRecord& r, std::string_view field, const std::string& v) {
    auto list = [&] {
        std::vector<std::string> out;
        for (std::string& x : split(v, ','))
            if (!x.empty())
                out.push_back(std::move(x));
        return out;
    };
    if (field == "province")
        r.province = v;
    else if (field == "former_province")
        r.former_province = v;
    else if (field == "carriers")
        r.carriers = list();
    else if (field == "pillars")
        r.pillars = list();
    else if (field == "published")
        r.published = v;
    else if (field == "signed")
        r.signed_on = v;
    else if (field == "year")
        r.year = year_of(v);
    else if (field == "period")
        r.period = v;
    else if (field == "vision")
        r.vision = year_of(v);
    else if (field == "kind")
        r.kind = v;
}

bool corrected(const ArticleRecord& r, std::string_view field) {
    return std::any_of(r.corrections.begin(), r.corrections.end(),
                       [&](const Correction& c) { return c.field == field; });
}

} // namespace

namespace {

/// A province's name as the gazetteer writes it (its current name, or with `former` its
/// name before the 2025 merger).
std::string canonical_province(const std::string& value, bool former, const Knowledge& k,
                               std::string& error) {
    const auto payload = whole_name(k.places, value);
    const PlaceRef ref = payload ? PlaceRef::unpack(*payload) : PlaceRef{};
    if (!payload || ref.kind == PlaceRef::town) {
        error = in_quotes(value) + " is not a province";
    } else if (!former) {
        return k.provinces[ref.province - 1u];
    } else if (ref.former == 0) {
        error = in_quotes(value) + " is not a former province (one merged away in 2025)";
    } else {
        return k.former_provinces[ref.former - 1u];
    }
    return {};
}

/// Carriers named in a list (";" or "," between), in the gazetteer's order and spelling.
std::string canonical_carriers(const std::string& value, const Knowledge& k, std::string& error) {
    std::vector<bool> have(k.carriers.size(), false);
    for (const std::string& part : split(value, value.find(';') != std::string::npos ? ';' : ',')) {
        const std::string name = trim(part);
        const auto c = whole_name(k.carrier_names, name);
        if (!c) {
            error = in_quotes(name) + " is not a carrier";
            return {};
        }
        have[*c] = true;
    }
    std::vector<std::string> out;
    for (std::size_t c = 0; c < have.size(); ++c)
        if (have[c])
            out.push_back(k.carriers[c]);
    return join(out);
}

/// Pillars named in a list, by their ids in the project's order.
std::string canonical_pillars(const std::string& value, std::string& error) {
    std::vector<bool> have(pillar_ids.size(), false);
    for (const std::string& part : split(value, value.find(';') != std::string::npos ? ';' : ',')) {
        const std::string id = fold_diacritics(to_lower_nfc(trim(part)));
        const auto it = std::find(pillar_ids.begin(), pillar_ids.end(), id);
        if (it == pillar_ids.end()) {
            error = in_quotes(trim(part)) + " is not a pillar (infrastructure, government, "
                                            "economy or society)";
            return {};
        }
        have[static_cast<std::size_t>(it - pillar_ids.begin())] = true;
    }
    std::vector<std::string> out;
    for (std::size_t p = 0; p < have.size(); ++p)
        if (have[p])
            out.emplace_back(pillar_ids[p]);
    return join(out);
}

} // namespace

std::string canonical_value(std::string_view field, std::string_view raw, const Knowledge& k,
                            std::string& error) {
    error.clear();
    std::string value = trim(raw);
    if (value.empty())
        return value; // clears the fact
    if (field == "province" || field == "former_province")
        return canonical_province(value, field == "former_province", k, error);
    if (field == "carriers")
        return canonical_carriers(value, k, error);
    if (field == "pillars")
        return canonical_pillars(value, error);
    if (field == "published" || field == "signed") {
        if (!PartialDate::parse(value))
            error = in_quotes(value) + " is not a date (YYYY-MM-DD, YYYY-MM or YYYY)";
        return value;
    }
    if (field == "year" || field == "vision") {
        if (year_of(value) == 0)
            error = in_quotes(value) + " is not a year";
        return value;
    }
    if (field == "period") {
        const int from = year_of(std::string_view(value).substr(0, 4));
        const int to =
            value.size() == 9 && value[4] == '-' ? year_of(std::string_view(value).substr(5)) : 0;
        if (from == 0 || to <= from)
            error =
                in_quotes(value) + " is not a period (YYYY-YYYY, the first year before the last)";
        return value;
    }
    if (field == "kind") {
        if (std::find(kind_ids.begin(), kind_ids.end(), value) == kind_ids.end())
            error = in_quotes(value) + " is not a kind (agreement, implementation or other)";
        return value;
    }
    error = "unknown field \"" + std::string(field) + "\"";
    return {};
}

Corrections Corrections::read(const std::filesystem::path& file, const Knowledge& k,
                              std::vector<InputIssue>& issues) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read the corrections file " + file.string());
    Corrections out;
    out.m_file = file;
    std::string line;
    std::size_t number = 0;
    auto report = [&](const std::string& what) {
        issues.push_back({file.string(), number, "bad_correction",
                          file.string() + ":" + std::to_string(number) + ": " + what + "; skipped",
                          true});
    };
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0)
            line.erase(0, 3);
        if (trim(line).empty() || line[0] == '#')
            continue;
        if (!is_valid_utf8(line)) {
            report("not valid UTF-8");
            continue;
        }
        const auto f = split(line, '\t');
        if (number == 1 && f.size() >= 3 && trim(f[0]) == "id" && trim(f[1]) == "field")
            continue; // the header row
        if (f.size() < 3 || f.size() > 4) {
            report("expected 3 or 4 tab-separated columns (id, field, value, note), found " +
                   std::to_string(f.size()));
            continue;
        }
        CorrectionLine c{trim(f[0]), trim(f[1]), "", f.size() > 3 ? trim(f[3]) : "", number};
        if (c.id.empty()) {
            report("no id");
            continue;
        }
        if (std::find(correctable_fields.begin(), correctable_fields.end(), c.field) ==
            correctable_fields.end()) {
            std::string fields;
            for (const std::string_view name : correctable_fields)
                fields += (fields.empty() ? "" : ", ") + std::string(name);
            report("unknown field \"" + c.field + "\" (one of " + fields + ")");
            continue;
        }
        std::string error;
        c.value = canonical_value(c.field, f[2], k, error);
        if (!error.empty()) {
            report("field " + c.field + ": " + error);
            continue;
        }
        auto& lines = out.m_by_id[c.id];
        // A later line for the same field replaces an earlier one.
        std::erase_if(lines, [&](const CorrectionLine& o) { return o.field == c.field; });
        lines.push_back(std::move(c));
    }
    return out;
}

Corrections Corrections::parse_stored(std::string_view text) {
    Corrections out;
    std::size_t number = 0;
    for (const std::string& line : split(text, '\n')) {
        ++number;
        const auto f = split(line, '\t');
        if (f.size() != 4 || f[0].empty())
            continue;
        out.m_by_id[f[0]].push_back({f[0], f[1], f[2], f[3], number});
    }
    return out;
}

std::string Corrections::serialize() const {
    std::string out;
    for (const auto& [id, lines] : m_by_id)
        for (const CorrectionLine& c : lines) {
            std::string note = c.note;
            std::replace(note.begin(), note.end(), '\n', ' ');
            out += c.id + '\t' + c.field + '\t' + c.value + '\t' + note + '\n';
        }
    return out;
}

const std::vector<CorrectionLine>* Corrections::of(const std::string& id) const {
    const auto it = m_by_id.find(id);
    return it == m_by_id.end() ? nullptr : &it->second;
}

std::vector<std::string> Corrections::ids() const {
    std::vector<std::string> out;
    for (const auto& [id, lines] : m_by_id)
        out.push_back(id);
    return out;
}

void apply_corrections(ArticleRecord& r, const std::vector<CorrectionLine>& lines) {
    for (const CorrectionLine& c : lines) {
        r.corrections.push_back({c.field, c.value, get(r, c.field), c.note});
        set(r, c.field, c.value);
    }
    if (!corrected(r, "year")) // the year follows the dates it comes from
        r.year = facet_year(r);
}

void revert_corrections(ArticleRecord& r) {
    const bool year = corrected(r, "year");
    for (auto c = r.corrections.rbegin(); c != r.corrections.rend(); ++c)
        set(r, c->field, c->extracted);
    r.corrections.clear();
    if (!year)
        r.year = facet_year(r);
}

} // namespace vnsearch
