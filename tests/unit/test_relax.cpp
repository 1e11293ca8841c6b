// Relaxed matching and corrections through the engine, over a small index written for the
// test: which documents a query lacking matches finds, in which order, and what it says.
#include "vnsearch/data_dir.hpp"
#include "vnsearch/indexing.hpp"
#include "vnsearch/search.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <unistd.h>

using namespace vnsearch;
namespace fs = std::filesystem;

namespace {

/// Twelve short articles: three about Bắc Ninh (with Viettel, with VNPT, with neither), the
/// rest about other provinces and the two carriers, which are the commoner names here as
/// they are in real crawls.
const std::vector<std::pair<std::string, std::string>> articles = {
    {"r01", "date 2021-03-01\nBắc Ninh và Viettel ký kết hợp tác chuyển đổi số\nSáng nay, UBND "
            "tỉnh Bắc Ninh và Viettel ký kết thỏa thuận hợp tác về chuyển đổi số giai đoạn "
            "2021-2025, tập trung vào chính quyền số và đô thị thông minh.\n"},
    {"r02", "date 2022-05-02\nBắc Ninh và VNPT hợp tác chuyển đổi số\nTheo thỏa thuận, VNPT hỗ "
            "trợ tỉnh Bắc Ninh xây dựng trung tâm dữ liệu, phát triển y tế số và giáo dục số "
            "trong chương trình hợp tác về chuyển đổi số.\n"},
    {"r03", "date 2020-01-03\nBắc Ninh phát triển nông nghiệp công nghệ cao\nNông dân ở Bắc "
            "Ninh trồng rau sạch trong nhà kính, bán hàng qua sàn thương mại điện tử.\n"},
    {"r04", "date 2023-02-04\nHà Nam, Viettel và VNPT hợp tác chuyển đổi số\nLễ ký ba bên giữa "
            "Hà Nam, Viettel và VNPT mở ra hợp tác về hạ tầng cáp quang, chuyển đổi số cấp "
            "xã.\n"},
    {"r05", "date 2021-06-05\nGia Lai và Viettel hợp tác chuyển đổi số\nViettel cam kết phủ "
            "sóng vùng biên giới Gia Lai; hai bên hợp tác triển khai chuyển đổi số nông thôn.\n"},
    {"r06", "date 2022-07-06\nKon Tum và VNPT hợp tác chuyển đổi số\nCán bộ Kon Tum được VNPT "
            "tập huấn kỹ năng số; hợp tác chuyển đổi số kéo dài năm năm.\n"},
    {"r07", "date 2023-08-07\nSơn La và Viettel hợp tác chuyển đổi số\nCác hợp tác xã trồng "
            "xoài ở Sơn La dùng ví điện tử của Viettel; chuyển đổi số giúp tiêu thụ nông sản.\n"},
    {"r08", "date 2024-09-08\nLai Châu và VNPT hợp tác chuyển đổi số\nVNPT đưa hồ sơ bệnh án "
            "điện tử về các trạm y tế Lai Châu theo chương trình hợp tác chuyển đổi số.\n"},
    {"r09", "date 2024-10-09\nĐiện Biên và Viettel hợp tác chuyển đổi số\nHọc sinh Điện Biên "
            "học trực tuyến nhờ đường truyền Viettel; tỉnh coi hợp tác chuyển đổi số là "
            "then chốt.\n"},
    {"r10", "date 2025-11-10\nCao Bằng và VNPT hợp tác chuyển đổi số\nCổng dịch vụ công của "
            "Cao Bằng chạy trên nền tảng VNPT; hai bên hợp tác chuyển đổi số đến 2030.\n"},
    {"r11", "date 2025-12-11\nLạng Sơn và Viettel phủ sóng 5G\nTrạm 5G đầu tiên của Viettel ở "
            "cửa khẩu Lạng Sơn đi vào hoạt động.\n"},
    {"r12", "date 2019-04-12\nViettel và VNPT phủ sóng 5G\nHai nhà mạng Viettel và VNPT thử "
            "nghiệm dùng chung trạm phát sóng ở vùng sâu.\n"},
};

struct SmallIndex {
    fs::path dir;
    std::unique_ptr<SearchEngine> engine;
    SmallIndex()
        : dir(fs::temp_directory_path() / ("vnsearch-relax-" + std::to_string(::getpid()))) {
        fs::remove_all(dir);
        fs::create_directories(dir / "in");
        for (const auto& [id, text] : articles)
            std::ofstream(dir / "in" / (id + ".txt")) << text;
        const auto knowledge = Knowledge::load(data_dir());
        IndexRunOptions options;
        options.db = dir / "db";
        options.inputs = {dir / "in"};
        IndexProgress progress;
        (void)run_index(options, knowledge, progress);
        engine = std::make_unique<SearchEngine>(std::vector<fs::path>{dir / "db"}, knowledge);
    }
    ~SmallIndex() {
        engine.reset();
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

SearchEngine& engine() {
    static SmallIndex index;
    return *index.engine;
}

SearchResponse search(const std::string& q, RelaxMode relax = RelaxMode::automatic,
                      bool exact = false, Filters filters = {}) {
    SearchRequest r;
    r.q = q;
    r.per_page = 100;
    r.relax = relax;
    r.exact = exact;
    r.filters = std::move(filters);
    return engine().search(r);
}

bool lacks(const SearchHit& h, const std::string& clause) {
    return std::find(h.missing.begin(), h.missing.end(), clause) != h.missing.end();
}

} // namespace

TEST_CASE("a query no document holds whole finds those holding most of it, the rarer words "
          "weighing more") {
    const SearchResponse r = search("Bắc Ninh hợp tác chuyển đổi số Viettel VNPT");
    CHECK(r.relaxed);
    CHECK(r.strict_total == 0);
    REQUIRE(r.hits.size() >= 2);
    CHECK(r.total == r.hits.size());
    // The two Bắc Ninh agreements lack one carrier each: the province, rarer, counts more
    // than a carrier, and they come first.
    const std::set<std::string> top{r.hits[0].record.id, r.hits[1].record.id};
    CHECK(top == std::set<std::string>{"r01", "r02"});
    CHECK(r.hits[0].missing.size() == 1);
    CHECK((lacks(r.hits[0], "Viettel") || lacks(r.hits[0], "VNPT")));
    for (const SearchHit& h : r.hits) {
        INFO(h.record.id);
        CHECK_FALSE(h.missing.empty());
        // Holding one clause of five is not holding most of the query.
        CHECK(h.record.id != "r03");
        CHECK(h.record.id != "r12");
    }
    // Nothing lacking the province ranks above a result holding it.
    bool seen_without_province = false;
    for (const SearchHit& h : r.hits) {
        if (lacks(h, "Bắc Ninh"))
            seen_without_province = true;
        else
            CHECK_FALSE(seen_without_province);
    }
}

TEST_CASE("results holding every word rank above those lacking one, and say nothing lacks") {
    const SearchResponse r = search("Bắc Ninh Viettel hợp tác");
    REQUIRE(r.relaxed);
    CHECK(r.strict_total == 1);
    REQUIRE(r.hits.size() >= 2);
    CHECK(r.hits[0].record.id == "r01");
    CHECK(r.hits[0].missing.empty());
    for (std::size_t i = 1; i < r.hits.size(); ++i)
        CHECK_FALSE(r.hits[i].missing.empty());
    // Enough results holding every word: nothing relaxed.
    const SearchResponse broad = search("Viettel hợp tác");
    CHECK_FALSE(broad.relaxed);
    CHECK(broad.strict_total == broad.total);
    for (const SearchHit& h : broad.hits)
        CHECK(h.missing.empty());
}

TEST_CASE("phrases and +words stay required, and stop words are never what a result lacks") {
    for (const SearchHit& h : search("+VNPT Bắc Ninh Viettel hợp tác chuyển đổi số").hits) {
        INFO(h.record.id);
        CHECK_FALSE(lacks(h, "VNPT"));
        CHECK(h.record.id != "r01");
    }
    const SearchResponse phrase = search("\"Bắc Ninh\" Viettel VNPT hợp tác");
    REQUIRE(!phrase.hits.empty());
    for (const SearchHit& h : phrase.hits) {
        CHECK_FALSE(lacks(h, "\"Bắc Ninh\""));
        CHECK(h.record.id != "r04");
    }
    const SearchResponse stop = search("Bắc Ninh với Viettel và VNPT");
    REQUIRE(stop.relaxed);
    for (const SearchHit& h : stop.hits) {
        CHECK_FALSE(lacks(h, "với"));
        CHECK_FALSE(lacks(h, "và"));
    }
    // A document holding an excluded word stays out, relaxed or not.
    for (const SearchHit& h : search("Bắc Ninh Viettel VNPT chuyển đổi số -Viettel").hits)
        CHECK(h.record.id != "r01");
}

TEST_CASE("relax=never requires every word, relax=always relaxes however many hold them") {
    const std::string q = "Bắc Ninh hợp tác chuyển đổi số Viettel VNPT";
    const SearchResponse never = search(q, RelaxMode::never);
    CHECK(never.total == 0);
    CHECK_FALSE(never.relaxed);
    CHECK(search(q).total > 0); // the answer cache keeps the two apart
    const SearchResponse strict = search("Viettel chuyển đổi số 5G");
    const SearchResponse always = search("Viettel chuyển đổi số 5G", RelaxMode::always);
    CHECK(always.total >= strict.total);
    CHECK(always.strict_total == strict.strict_total);
}

TEST_CASE("a relaxed answer's facet counts are what ticking each value gives") {
    const std::string q = "Bắc Ninh hợp tác chuyển đổi số Viettel VNPT";
    const SearchResponse all = search(q, RelaxMode::always);
    REQUIRE(all.relaxed);
    std::size_t checked = 0;
    for (const FacetCount& c : all.facets.at("year")) {
        Filters f;
        f.years = {std::stoi(c.value)};
        INFO("year " << c.value);
        CHECK(search(q, RelaxMode::always, false, f).total == c.count);
        ++checked;
    }
    CHECK(checked >= 2);
    // Filters narrow the relaxed matches as they narrow strict ones.
    Filters y2021;
    y2021.years = {2021};
    for (const SearchHit& h : search(q, RelaxMode::automatic, false, y2021).hits)
        CHECK(h.record.year == 2021);
}

TEST_CASE("a misspelt name finding nothing is corrected and searched, exact searches as typed") {
    const SearchResponse r = search("Viettle Bắc Ninh");
    REQUIRE(r.corrected);
    CHECK(r.corrected->from == "Viettle Bắc Ninh");
    CHECK(r.corrected->to == "Viettel Bắc Ninh");
    REQUIRE(!r.hits.empty());
    CHECK(r.hits[0].record.id == "r01");
    const SearchResponse typed = search("Viettle Bắc Ninh", RelaxMode::automatic, true);
    CHECK_FALSE(typed.corrected);
    // As typed, nothing holds "Viettle": the Bắc Ninh articles lack it.
    REQUIRE(typed.relaxed);
    for (const SearchHit& h : typed.hits)
        CHECK(lacks(h, "Viettle"));
    // A query that finds something is searched as typed, whatever its spelling.
    CHECK_FALSE(search("Viettel Bắc Ninh").corrected);
}
