#include "vnsearch/knowledge.hpp"

#include "text/vietnamese.hpp"
#include "util/fnv1a.hpp"
#include "vnsearch/schema.hpp"
#include "vnsearch/utf8.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <stdexcept>

namespace vnsearch {
namespace {

/// Calls `row` with the TAB-separated fields of each data line (comments and blank lines
/// skipped); `row` returns an error message or an empty string.
void read_table(const std::filesystem::path& file, std::size_t min_fields,
                const std::function<std::string(const std::vector<std::string>&)>& row) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + file.string());
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty() || line.front() == '#')
            continue;
        auto fail = [&](const std::string& why) {
            throw std::runtime_error(file.string() + ":" + std::to_string(line_no) + ": " + why);
        };
        if (!is_valid_utf8(line))
            fail("not valid UTF-8");
        std::vector<std::string> fields;
        std::size_t start = 0;
        while (true) {
            const std::size_t tab = line.find('\t', start);
            fields.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
            if (tab == std::string::npos)
                break;
            start = tab + 1;
        }
        if (fields.size() < min_fields)
            fail("expected " + std::to_string(min_fields) + " TAB-separated fields");
        if (const std::string err = row(fields); !err.empty())
            fail(err);
    }
}

int index_of(const std::vector<std::string>& names, std::string_view name) {
    const auto it = std::find(names.begin(), names.end(), name);
    return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

/// Provinces by every spelling of their current and former names (provinces.tsv).
void read_provinces(Knowledge& k, const std::filesystem::path& dir) {
    read_table(dir / "provinces.tsv", 2, [&](const std::vector<std::string>& f) -> std::string {
        const std::string& current = f[1];
        const std::string former = f.size() > 2 ? f[2] : "";
        int code = index_of(k.provinces, current) + 1;
        if (code == 0) {
            if (f[0] != current)
                return "a province's first variant must be its canonical name \"" + current + "\"";
            k.provinces.push_back(current);
            code = static_cast<int>(k.provinces.size());
        }
        PlaceRef ref{PlaceRef::current_name, static_cast<std::uint8_t>(code), 0};
        if (!former.empty()) {
            int fcode = index_of(k.former_provinces, former) + 1;
            if (fcode == 0) {
                k.former_provinces.push_back(former);
                fcode = static_cast<int>(k.former_provinces.size());
            }
            ref.kind = PlaceRef::former_name;
            ref.former = static_cast<std::uint8_t>(fcode);
        }
        k.places.add(f[0], ref.pack());
        return "";
    });
}

/// Towns and cities, each standing for its province (places.tsv).
void read_towns(Knowledge& k, const std::filesystem::path& dir) {
    read_table(dir / "places.tsv", 3, [&](const std::vector<std::string>& f) -> std::string {
        if (f[0] == "name")
            return ""; // header row
        const int code = k.province_code(f[2]);
        if (code == 0)
            return "unknown current province \"" + f[2] + "\"";
        const int fcode = k.former_code(f[1]);
        k.places.add(f[0], PlaceRef{PlaceRef::town, static_cast<std::uint8_t>(code),
                                    static_cast<std::uint8_t>(std::max(fcode, 0))}
                               .pack());
        return "";
    });
}

/// Words that read like a place but are not one (not_places.txt).
void read_not_places(Knowledge& k, const std::filesystem::path& dir) {
    std::ifstream in(dir / "not_places.txt");
    if (!in)
        throw std::runtime_error("cannot read " + (dir / "not_places.txt").string());
    std::string line;
    while (std::getline(in, line))
        if (!line.empty() && line.front() != '#')
            k.places.add(line, Gazetteer::blocked);
}

/// Carriers by every spelling of their names (carriers.tsv).
void read_carriers(Knowledge& k, const std::filesystem::path& dir) {
    read_table(dir / "carriers.tsv", 2, [&](const std::vector<std::string>& f) -> std::string {
        int idx = index_of(k.carriers, f[1]);
        if (idx < 0) {
            k.carriers.push_back(f[1]);
            idx = static_cast<int>(k.carriers.size()) - 1;
        }
        k.carrier_names.add(f[0], static_cast<std::uint32_t>(idx));
        return "";
    });
}

/// The words of each pillar with their weights (pillars.tsv).
void read_pillars(Knowledge& k, const std::filesystem::path& dir) {
    read_table(dir / "pillars.tsv", 3, [&](const std::vector<std::string>& f) -> std::string {
        const auto it = std::find(pillar_ids.begin(), pillar_ids.end(), f[0]);
        if (it == pillar_ids.end())
            return "unknown pillar \"" + f[0] + "\"";
        const int weight = std::atoi(f[1].c_str());
        if (weight < 1 || weight > 9)
            return "weight must be 1 to 9";
        k.pillar_terms.add(f[2],
                           static_cast<std::uint32_t>((it - pillar_ids.begin()) << 8 | weight));
        return "";
    });
}

/// The usual spelling of each syllable, and a digest of the list an index records.
void read_usual_forms(Knowledge& k, const std::filesystem::path& dir) {
    std::uint64_t digest = util::fnv1a_offset;
    for_each_listed_word(dir / "usual_forms.txt", [&](const std::string& line) {
        WordForms w = normalize_word(line);
        if (w.norm == w.folded || !k.usual_forms.emplace(w.folded, w.norm).second)
            return; // unaccented, or a second spelling of one syllable: the first wins
        digest = util::fnv1a(w.norm + '\n', digest);
    });
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(digest));
    k.usual_forms_digest = std::to_string(k.usual_forms.size()) + ":" + hex;
}

} // namespace

std::string slug(std::string_view name) {
    const std::string folded = fold_diacritics(to_lower_nfc(name));
    std::string out;
    for (const char c : folded) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (alnum)
            out.push_back(c);
        else if (!out.empty() && out.back() != '_')
            out.push_back('_');
    }
    while (!out.empty() && out.back() == '_')
        out.pop_back();
    return out;
}

std::shared_ptr<const Knowledge> Knowledge::load(const std::filesystem::path& dir) {
    auto k = std::make_shared<Knowledge>();
    k->lexicon = std::make_shared<const Lexicon>(Lexicon::load(dir / "lexicon.txt"));
    k->stopwords = StopWords::load(dir / "stopwords.txt");
    read_provinces(*k, dir);
    read_towns(*k, dir);
    read_not_places(*k, dir);
    read_carriers(*k, dir);
    read_pillars(*k, dir);
    read_usual_forms(*k, dir);
    if (k->provinces.size() > 250 || k->former_provinces.size() > 250 ||
        k->carriers.size() > schema::max_carriers)
        throw std::runtime_error("gazetteers in " + dir.string() + " exceed the facet code space");
    return k;
}

int Knowledge::province_code(std::string_view name) const {
    return index_of(provinces, name) + 1;
}

std::string Knowledge::province_mention(int code) const {
    return std::string(schema::mention_province) +
           slug(provinces[static_cast<std::size_t>(code - 1)]);
}

std::string Knowledge::former_mention(int code) const {
    return std::string(schema::mention_former) +
           slug(former_provinces[static_cast<std::size_t>(code - 1)]);
}

std::string Knowledge::carrier_mention(int index) const {
    return std::string(schema::mention_carrier) + slug(carriers[static_cast<std::size_t>(index)]);
}

std::string Knowledge::place_mention(const PlaceRef& ref) const {
    return ref.kind == PlaceRef::former_name ? former_mention(ref.former)
                                             : province_mention(ref.province);
}

std::string_view Knowledge::usual_form(const std::string& folded) const {
    const auto it = usual_forms.find(folded);
    return it == usual_forms.end() ? std::string_view(folded) : std::string_view(it->second);
}

int Knowledge::former_code(std::string_view name) const {
    return index_of(former_provinces, name) + 1;
}

int Knowledge::carrier_index(std::string_view name) const {
    const std::string wanted = to_lower_nfc(name);
    for (std::size_t i = 0; i < carriers.size(); ++i)
        if (to_lower_nfc(carriers[i]) == wanted)
            return static_cast<int>(i);
    return -1;
}

} // namespace vnsearch
