// Extraction accuracy against the hand labels of the sample corpus (corpus/labels.tsv).
// Prints the figures and every miss, and fails below the targets.
#include "vnsearch/data_dir.hpp"
#include "vnsearch/extractor.hpp"
#include "vnsearch/utf8.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

using namespace vnsearch;

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur, sep))
        out.push_back(cur);
    if (!s.empty() && s.back() == sep)
        out.emplace_back();
    return out;
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const Extractor& extractor() {
    static const Extractor e(Knowledge::load(data_dir()));
    return e;
}

ArticleRecord extract_text(const std::string& id, const std::string& bytes) {
    RawArticle raw;
    raw.id = id;
    raw.text = decode_utf8(bytes).text;
    return extractor().extract(raw);
}

} // namespace

TEST_CASE("extraction meets its accuracy targets on the labelled sample corpus") {
    const std::filesystem::path root = VNSEARCH_SOURCE_ROOT;
    std::ifstream labels(root / "corpus" / "labels.tsv");
    REQUIRE(labels);
    std::string line;
    std::getline(labels, line); // header
    std::size_t n = 0, province_ok = 0, carriers_ok = 0, year_ok = 0, former_ok = 0, period_ok = 0;
    std::size_t tp = 0, fp = 0, fn = 0;
    std::ostringstream misses;
    while (std::getline(labels, line)) {
        const auto f = split(line, '\t');
        REQUIRE(f.size() == 11);
        const ArticleRecord r =
            extract_text(f[0], read_file(root / "corpus" / "articles" / (f[0] + ".txt")));
        ++n;
        std::string carriers;
        for (const auto& c : r.carriers)
            carriers += (carriers.empty() ? "" : ",") + c;
        std::string pillars;
        const std::set<std::string> want_p = [&] {
            std::set<std::string> s;
            for (const auto& p : split(f[8], ','))
                if (!p.empty())
                    s.insert(p);
            return s;
        }();
        const std::set<std::string> got_p(r.pillars.begin(), r.pillars.end());
        for (const auto& p : got_p)
            (want_p.count(p) ? tp : fp) += 1;
        for (const auto& p : want_p)
            fn += got_p.count(p) ? 0 : 1;
        auto report = [&](const char* what, const std::string& want, const std::string& got) {
            misses << "  " << f[0] << " " << what << ": want \"" << want << "\" got \"" << got
                   << "\"\n";
        };
        if (r.province == f[1])
            ++province_ok;
        else
            report("province", f[1], r.province);
        if (r.former_province == f[2])
            ++former_ok;
        else
            report("former", f[2], r.former_province);
        if (carriers == f[3])
            ++carriers_ok;
        else
            report("carriers", f[3], carriers);
        if (std::to_string(r.year) == f[5])
            ++year_ok;
        else
            report("year", f[5], std::to_string(r.year) + " (" + r.date_rule + ")");
        if (r.period == f[6])
            ++period_ok;
        else
            report("period", f[6], r.period);
        if (want_p != got_p) {
            for (const auto& p : r.pillars)
                pillars += (pillars.empty() ? "" : ",") + p;
            report("pillars", f[8], pillars);
        }
    }
    const double province = double(province_ok) / double(n);
    const double carrier = double(carriers_ok) / double(n);
    const double year = double(year_ok) / double(n);
    const double precision = double(tp) / double(tp + fp);
    const double recall = double(tp) / double(tp + fn);
    const double f1 = 2 * precision * recall / (precision + recall);
    std::cout << "extraction on " << n << " articles: province " << province << ", former province "
              << double(former_ok) / double(n) << ", carriers " << carrier << ", year " << year
              << ", period " << double(period_ok) / double(n) << ", pillar F1 " << f1 << " (P "
              << precision << ", R " << recall << ")\n"
              << misses.str();
    CHECK(n >= 150);
    CHECK(province >= 0.98);
    CHECK(carrier >= 0.98);
    CHECK(year >= 0.95);
    CHECK(f1 >= 0.90);
}
