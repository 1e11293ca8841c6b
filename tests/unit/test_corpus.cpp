// The sample corpus and its hand labels (corpus/labels.tsv) agree with each other and cover
// what the corpus specification asks for. The lists below are the specification, written
// out here on purpose: the test must not read them from the data it checks.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path source_root = VNSEARCH_SOURCE_ROOT;

// The 34 provinces since 1 July 2025, spelled as labels.tsv must spell them.
const std::set<std::string> current_provinces = {
    "Hà Nội",     "Huế",         "Lai Châu",        "Điện Biên",  "Sơn La",   "Lạng Sơn",
    "Quảng Ninh", "Thanh Hóa",   "Nghệ An",         "Hà Tĩnh",    "Cao Bằng", "Tuyên Quang",
    "Lào Cai",    "Thái Nguyên", "Phú Thọ",         "Bắc Ninh",   "Hưng Yên", "Hải Phòng",
    "Ninh Bình",  "Quảng Trị",   "Đà Nẵng",         "Quảng Ngãi", "Gia Lai",  "Khánh Hòa",
    "Lâm Đồng",   "Đắk Lắk",     "TP. Hồ Chí Minh", "Đồng Nai",   "Tây Ninh", "Cần Thơ",
    "Vĩnh Long",  "Đồng Tháp",   "Cà Mau",          "An Giang",
};

const std::vector<std::string> carriers = {"VNPT", "Viettel", "MobiFone", "FPT", "CMC"};
const std::vector<std::string> pillars = {"infrastructure", "government", "economy", "society"};
const std::vector<std::string> header = {
    "id",   "province", "former_province", "carriers", "published", "signed",
    "year", "period",   "vision",          "pillars",  "kind",      "duplicate_of"};
const std::vector<std::string> kinds = {"agreement", "implementation", "other"};

// Columns of labels.tsv.
namespace col {
constexpr std::size_t id = 0;
constexpr std::size_t province = 1;
constexpr std::size_t former_province = 2;
constexpr std::size_t carriers = 3;
constexpr std::size_t published = 4;
constexpr std::size_t signed_on = 5;
constexpr std::size_t year = 6;
constexpr std::size_t pillars = 9;
constexpr std::size_t kind = 10;
constexpr std::size_t duplicate_of = 11;
constexpr std::size_t count = 12;
} // namespace col

std::vector<std::string> split(std::string_view line, char sep) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
        const auto end = line.find(sep, start);
        fields.emplace_back(
            line.substr(start, end == std::string_view::npos ? line.npos : end - start));
        if (end == std::string_view::npos)
            return fields;
        start = end + 1;
    }
}

struct Labels {
    std::vector<std::string> header_row;
    std::vector<std::vector<std::string>> rows; ///< data rows, in file order
};

/// labels.tsv, read once. A missing file fails every test that uses it, with its path.
const Labels& labels() {
    static const Labels table = [] {
        Labels t;
        const fs::path path = source_root / "corpus" / "labels.tsv";
        std::ifstream in(path);
        if (!in)
            FAIL("cannot open " << path);
        std::string line;
        bool first = true;
        while (std::getline(in, line)) {
            if (first) {
                t.header_row = split(line, '\t');
                first = false;
            } else if (!line.empty()) {
                t.rows.push_back(split(line, '\t'));
            }
        }
        return t;
    }();
    return table;
}

/// Ids of the articles on disk (file names without .txt), sorted.
std::vector<std::string> article_ids() {
    std::vector<std::string> ids;
    for (const auto& e : fs::directory_iterator(source_root / "corpus" / "articles"))
        if (e.is_regular_file() && e.path().extension() == ".txt")
            ids.push_back(e.path().stem().string());
    std::sort(ids.begin(), ids.end());
    return ids;
}

/// The values of one column over every row, a comma-separated column split into its items.
std::set<std::string> values(std::size_t c, bool comma_separated = false) {
    std::set<std::string> out;
    for (const auto& row : labels().rows) {
        if (row.size() <= c || row[c].empty())
            continue;
        if (comma_separated) {
            for (auto& item : split(row[c], ','))
                out.insert(item);
        } else {
            out.insert(row[c]);
        }
    }
    return out;
}

} // namespace

TEST_CASE("labels.tsv starts with the header row of the twelve documented columns") {
    CHECK(labels().header_row == header);
}

TEST_CASE("every row of labels.tsv has exactly twelve columns") {
    for (std::size_t i = 0; i < labels().rows.size(); ++i) {
        INFO("data row " << i + 1 << " (line " << i + 2 << ")");
        CHECK(labels().rows[i].size() == col::count);
    }
}

TEST_CASE("every article has exactly one row in labels.tsv and every row an article") {
    std::map<std::string, int> rows_per_id;
    for (const auto& row : labels().rows)
        ++rows_per_id[row.at(col::id)];
    const auto ids = article_ids();
    for (const auto& a : ids) {
        INFO("article " << a << ".txt");
        CHECK(rows_per_id[a] == 1);
    }
    const std::set<std::string> on_disk(ids.begin(), ids.end());
    for (const auto& [label_id, n] : rows_per_id) {
        INFO("labels.tsv row " << label_id);
        CHECK(on_disk.contains(label_id));
    }
}

TEST_CASE("the sample corpus holds at least 210 articles") {
    CHECK(article_ids().size() >= 210);
    CHECK(labels().rows.size() >= 210);
}

TEST_CASE("every province value is one of the 34 current provinces") {
    REQUIRE(current_provinces.size() == 34); // the specification list itself
    for (const auto& p : values(col::province)) {
        INFO("province \"" << p << "\"");
        CHECK(current_provinces.contains(p));
    }
}

TEST_CASE("all 34 current provinces appear as a partner province") {
    const auto seen = values(col::province);
    for (const auto& p : current_provinces) {
        INFO("province \"" << p << "\"");
        CHECK(seen.contains(p));
    }
}

TEST_CASE("at least 20 distinct former provinces are named") {
    const auto seen = values(col::former_province);
    CHECK(seen.size() >= 20);
    for (const auto& f : seen) {
        INFO("former province \"" << f << "\"");
        CHECK_FALSE(current_provinces.contains(f)); // a former name no longer exists
    }
}

TEST_CASE("all five carriers appear and only under their canonical names") {
    const auto seen = values(col::carriers, true);
    for (const auto& c : carriers) {
        INFO("carrier " << c);
        CHECK(seen.contains(c));
    }
    for (const auto& c : seen) {
        INFO("carrier value \"" << c << "\"");
        CHECK(std::find(carriers.begin(), carriers.end(), c) != carriers.end());
    }
}

TEST_CASE("at least seven distinct years from 2019 to 2025 are covered") {
    std::set<int> years;
    for (const auto& y : values(col::year)) {
        INFO("year \"" << y << "\"");
        REQUIRE(y.size() == 4);
        const int v = std::stoi(y);
        if (v >= 2019 && v <= 2025)
            years.insert(v);
    }
    CHECK(years.size() >= 7);
}

/// Whether a label is a date as the columns hold them: YYYY-MM-DD, YYYY-MM or YYYY.
bool partial_date(const std::string& v) {
    const auto digits = [&](std::size_t from, std::size_t n) {
        return std::all_of(v.begin() + static_cast<long>(from),
                           v.begin() + static_cast<long>(from + n),
                           [](char c) { return c >= '0' && c <= '9'; });
    };
    if (v.size() != 4 && v.size() != 7 && v.size() != 10)
        return false;
    if (!digits(0, 4) || (v.size() >= 7 && (v[4] != '-' || !digits(5, 2))))
        return false;
    return v.size() < 10 || (v[7] == '-' && digits(8, 2));
}

TEST_CASE("every row's year is the signing year, else the publication year") {
    for (const auto& row : labels().rows) {
        if (row.size() != col::count)
            continue; // reported by the column-count test
        INFO("row " << row[col::id]);
        for (const std::size_t c : {col::published, col::signed_on})
            if (!row[c].empty())
                CHECK(partial_date(row[c]));
        const std::string& from =
            row[col::signed_on].empty() ? row[col::published] : row[col::signed_on];
        // Empty only for an excerpt that dates nothing.
        CHECK(row[col::year] == from.substr(0, 4));
    }
}

TEST_CASE("all four pillars appear and only under their ids") {
    const auto seen = values(col::pillars, true);
    for (const auto& p : pillars) {
        INFO("pillar " << p);
        CHECK(seen.contains(p));
    }
    for (const auto& p : seen) {
        INFO("pillar value \"" << p << "\"");
        CHECK(std::find(pillars.begin(), pillars.end(), p) != pillars.end());
    }
}

TEST_CASE("every article is an agreement, an implementation or another story") {
    for (const auto& row : labels().rows) {
        if (row.size() != col::count)
            continue;
        INFO("row " << row[col::id] << " kind \"" << row[col::kind] << "\"");
        CHECK(std::find(kinds.begin(), kinds.end(), row[col::kind]) != kinds.end());
        if (row[col::kind] == "other")
            CHECK(row[col::signed_on].empty()); // no province–carrier signing to date
    }
}

TEST_CASE("the corpus has the stories real crawls have besides signings") {
    std::size_t other = 0, recalled = 0;
    for (const auto& row : labels().rows) {
        if (row.size() != col::count)
            continue;
        other += row[col::kind] == "other";
        // Work under an agreement that tells when the agreement was signed, before the story.
        recalled += row[col::kind] == "implementation" && !row[col::signed_on].empty() &&
                    row[col::signed_on] < row[col::published];
    }
    CHECK(other >= 25);
    CHECK(recalled >= 10);
}

TEST_CASE("at least twenty articles are excerpts cut near 2,000 bytes in a word") {
    std::size_t excerpts = 0;
    for (const auto& id : article_ids()) {
        std::ifstream in(source_root / "corpus" / "articles" / (id + ".txt"), std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        if (text.size() < 1700 || text.size() > 2200 || text.empty())
            continue;
        // Cut in a word: the last byte is a letter's (ASCII or a UTF-8 sequence), not the end
        // of a sentence or a line.
        const unsigned char last = static_cast<unsigned char>(text.back());
        if (std::string_view(".!?\"\n )").find(static_cast<char>(last)) == std::string_view::npos &&
            !(last >= '0' && last <= '9'))
            ++excerpts;
    }
    CHECK(excerpts >= 20);
}

TEST_CASE("every duplicate_of names another article of the corpus") {
    const auto ids = article_ids();
    const std::set<std::string> on_disk(ids.begin(), ids.end());
    for (const auto& row : labels().rows) {
        if (row.size() != col::count || row[col::duplicate_of].empty())
            continue;
        INFO("row " << row[col::id] << " duplicate_of " << row[col::duplicate_of]);
        CHECK(on_disk.contains(row[col::duplicate_of]));
        CHECK(row[col::duplicate_of] != row[col::id]);
    }
}
