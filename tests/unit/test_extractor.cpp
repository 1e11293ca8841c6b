// Extraction accuracy against the hand labels of the sample corpus (corpus/labels.tsv).
// Prints each field's figure with every miss, and fails below the targets.
#include "extract/extractor.hpp"
#include "vnsearch/data_dir.hpp"
#include "vnsearch/utf8.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

using namespace vnsearch;

namespace {

// Columns of labels.tsv (corpus/README.md).
namespace col {
constexpr std::size_t id = 0, province = 1, former = 2, carriers = 3, signed_on = 5, year = 6,
                      period = 7, pillars = 9, kind = 10, count = 12;
} // namespace col

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

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v)
        s += (s.empty() ? "" : ",") + x;
    return s;
}

const Extractor& extractor() {
    static const Extractor e(Knowledge::load(data_dir()));
    return e;
}

/// One field's score: how many articles it was right for, and what it got wrong.
struct Score {
    std::size_t right = 0;
    std::size_t total = 0;
    std::ostringstream misses;

    void add(const std::string& id, const std::string& want, const std::string& got,
             const std::string& why = "") {
        ++total;
        if (want == got) {
            ++right;
            return;
        }
        misses << "    " << id << ": want \"" << want << "\" got \"" << got << "\"" << why << "\n";
    }
    double share() const { return total == 0 ? 1.0 : double(right) / double(total); }
};

} // namespace

TEST_CASE("extraction meets its accuracy targets on the labelled sample corpus") {
    const std::filesystem::path root = VNSEARCH_SOURCE_ROOT;
    std::ifstream labels(root / "corpus" / "labels.tsv");
    REQUIRE(labels);
    std::string line;
    std::getline(labels, line); // header
    std::map<std::string, Score> fields;
    std::size_t tp = 0, fp = 0, fn = 0, n = 0;
    std::ostringstream pillar_misses;
    while (std::getline(labels, line)) {
        const auto f = split(line, '\t');
        REQUIRE(f.size() == col::count);
        RawArticle raw;
        raw.id = f[col::id];
        raw.text =
            decode_utf8(read_file(root / "corpus" / "articles" / (f[col::id] + ".txt"))).text;
        const ArticleRecord r = extractor().extract(raw);
        ++n;
        fields["province"].add(raw.id, f[col::province], r.province);
        fields["former province"].add(raw.id, f[col::former], r.former_province);
        fields["carriers"].add(raw.id, f[col::carriers], join(r.carriers));
        const std::string want_signed_year = f[col::signed_on].substr(0, 4);
        const std::string got_signed_year = r.signed_on.substr(0, 4);
        if (!want_signed_year.empty() || !got_signed_year.empty())
            fields["signed year"].add(raw.id, want_signed_year, got_signed_year,
                                      " (" + r.signed_rule + ")");
        fields["year"].add(raw.id, f[col::year], r.year ? std::to_string(r.year) : "",
                           " (signed " + r.signed_rule + ", published " + r.published_rule + ")");
        fields["period"].add(raw.id, f[col::period], r.period);
        fields["kind"].add(raw.id, f[col::kind], r.kind);
        std::set<std::string> want_p;
        for (const auto& p : split(f[col::pillars], ','))
            if (!p.empty())
                want_p.insert(p);
        const std::set<std::string> got_p(r.pillars.begin(), r.pillars.end());
        for (const auto& p : got_p)
            (want_p.count(p) ? tp : fp) += 1;
        for (const auto& p : want_p)
            fn += got_p.count(p) ? 0 : 1;
        if (want_p != got_p)
            pillar_misses << "    " << raw.id << ": want \"" << f[col::pillars] << "\" got \""
                          << join(r.pillars) << "\"\n";
    }
    const double precision = tp + fp == 0 ? 1.0 : double(tp) / double(tp + fp);
    const double recall = tp + fn == 0 ? 1.0 : double(tp) / double(tp + fn);
    const double f1 = 2 * precision * recall / (precision + recall);
    std::cout << "extraction on " << n << " labelled articles:\n";
    for (const auto& [name, s] : fields)
        std::cout << "  " << name << ": " << s.right << "/" << s.total << " = " << s.share() << "\n"
                  << s.misses.str();
    std::cout << "  pillars: F1 " << f1 << " (precision " << precision << ", recall " << recall
              << ")\n"
              << pillar_misses.str();
    CHECK(n >= 210);
    CHECK(fields["province"].share() >= 0.98);
    CHECK(fields["carriers"].share() >= 0.98);
    CHECK(fields["signed year"].share() >= 0.95);
    CHECK(f1 >= 0.95);
    CHECK(fields["kind"].share() >= 0.95);
}
