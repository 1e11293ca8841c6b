// The fact finders one by one: carriers, the partner province, the period, the pillars and
// the kind of story, each on the patterns real crawls write.
#include "extract/carriers.hpp"
#include "extract/dates.hpp"
#include "extract/extractor.hpp"
#include "extract/kind.hpp"
#include "extract/page.hpp"
#include "extract/period.hpp"
#include "extract/pillars.hpp"
#include "extract/province.hpp"
#include "extract/stance.hpp"
#include "vnsearch/data_dir.hpp"

#include <catch2/catch.hpp>

using namespace vnsearch;
using namespace vnsearch::extract;

namespace {

const Knowledge& knowledge() {
    static const auto k = Knowledge::load(data_dir());
    return *k;
}

ArticleRecord extract_record(std::string text) {
    static const Extractor e(Knowledge::load(data_dir()));
    RawArticle raw;
    raw.id = "t";
    raw.text = std::move(text);
    return e.extract(raw);
}

/// The facts of a page, found unit by unit as the extractor's driver chains them.
struct Facts {
    Page page;
    std::vector<Stance> stances;
    CarrierFacts carriers;
    ProvinceFacts province;
    KindFacts kind;
    PeriodFacts period;
};

Facts facts_of(std::string text) {
    RawArticle raw;
    raw.id = "t";
    raw.text = std::move(text);
    Facts f{read_page(raw), {}, {}, {}, {}, {}};
    f.stances = read_stances(f.page);
    f.carriers = find_carriers(f.page, f.stances, knowledge());
    const PartialDate published = find_published(f.page, "", "", 0).date;
    f.province = find_province(f.page, f.carriers, published, knowledge());
    f.kind = find_kind(f.page, f.stances, f.carriers, f.province, published, knowledge());
    f.period = find_period(f.page, f.stances, f.kind.signing);
    return f;
}

std::string province_name(const Facts& f) {
    return f.province.province == 0 ? "" : knowledge().provinces[f.province.province - 1u];
}

std::vector<std::string> pillar_names(const std::string& text, bool results_count = false) {
    const Facts f = facts_of(text);
    std::vector<std::string> out;
    for (const int p : find_pillars(f.page, f.stances, knowledge(), results_count).pillars)
        out.emplace_back(pillar_ids[static_cast<std::size_t>(p)]);
    return out;
}

} // namespace

TEST_CASE("carriers are found by every alias, lower-case group names too, not in passing") {
    const Facts f = facts_of(
        "Tập đoàn Bưu chính viễn thông Việt Nam và UBND tỉnh Nghệ An ký kết thỏa thuận hợp tác. "
        "Theo thỏa thuận, VNPT sẽ hỗ trợ tỉnh. Hai bên đánh giá cao kinh nghiệm của FPT.");
    REQUIRE(f.carriers.carriers.size() == 1);
    CHECK(knowledge().carriers[static_cast<std::size_t>(f.carriers.carriers[0])] == "VNPT");
}

TEST_CASE("the partner province is the party, not the venue, and a capital names its province") {
    CHECK(province_name(facts_of("Chiều 9/1, tại trụ sở Tập đoàn Viettel ở Hà Nội, UBND tỉnh Lai "
                                 "Châu và Viettel ký kết thỏa thuận hợp tác.")) == "Lai Châu");
    CHECK(province_name(facts_of("Tại Buôn Ma Thuột, VNPT và lãnh đạo thành phố Buôn Ma Thuột bàn "
                                 "việc xây dựng đô thị thông minh ở Buôn Ma Thuột.")) == "Đắk Lắk");
}

TEST_CASE("a former name is kept for a story before the merger that names the authority by it") {
    const ArticleRecord r = extract_record(
        "date 2023-10-05\nViettel đưa 5G vào các điểm di tích Huế\nNgày 5/10, UBND tỉnh Thừa "
        "Thiên Huế và Viettel ký kết biên bản ghi nhớ hợp tác. Viettel phủ sóng 5G ở thành phố "
        "Huế, Đại Nội và các lăng tẩm quanh Huế.\n");
    CHECK(r.province == "Huế");
    CHECK(r.former_province == "Thừa Thiên Huế");
    const ArticleRecord after = extract_record(
        "date 2025-10-29\nNgày 29.10, tại phường Đồng Hới, UBND tỉnh Quảng Trị và VNPT ký kết thỏa "
        "thuận hợp tác về chuyển đổi số giai đoạn 2025 - 2030. Quảng Bình cũ nay thuộc Quảng "
        "Trị.\n");
    CHECK(after.province == "Quảng Trị");
    CHECK(after.former_province.empty());
}

TEST_CASE("the period signed now wins over an earlier one recalled before it") {
    const Facts f = facts_of(
        "Chiều 11-11, UBND tỉnh Thanh Hóa và VNPT ký kết thỏa thuận hợp tác giai đoạn 2021-2025, "
        "định hướng đến năm 2030. Trong giai đoạn 2015-2020, VNPT đã đầu tư hạ tầng cho tỉnh.");
    CHECK(f.period.period == "2021-2025");
    CHECK(f.period.vision == 2030);
    const Facts reversed = facts_of(
        "Trong giai đoạn 2016-2020, VNPT đã đồng hành cùng tỉnh An Giang. Ngày 7/12, UBND tỉnh An "
        "Giang và VNPT tiếp tục ký kết thỏa thuận hợp tác giai đoạn 2021-2025.");
    CHECK(reversed.period.period == "2021-2025");
}

TEST_CASE("one committed enumeration of pillars is enough") {
    CHECK(pillar_names("Ngày 22/8, UBND tỉnh Đắk Lắk và Viettel ký kết thỏa thuận hợp tác. Theo "
                       "thỏa thuận, Viettel sẽ đồng hành cùng tỉnh trong phát triển hạ tầng số, "
                       "chính quyền số, kinh tế số, xã hội số.") ==
          std::vector<std::string>{"infrastructure", "government", "economy", "society"});
}

TEST_CASE("pillars in paraphrase count in the agreement's content") {
    CHECK(pillar_names("Ngày 5/3, UBND tỉnh Sơn La và MobiFone ký kết thỏa thuận hợp tác. Theo "
                       "thỏa thuận, MobiFone sẽ hỗ trợ doanh nghiệp chuyển đổi số, phát triển "
                       "thương mại điện tử và phổ cập kỹ năng số cho người dân.") ==
          std::vector<std::string>{"economy", "society"});
}

TEST_CASE("a speaker's wish, background and an earlier period's results are not the pillars") {
    CHECK(pillar_names(
              "Ngày 5/3, UBND tỉnh Sơn La và VNPT ký kết thỏa thuận hợp tác về chính quyền số. "
              "Thời gian qua, VNPT đã phủ sóng 4G, cáp quang và trung tâm dữ liệu cho tỉnh. "
              "Phát biểu tại lễ ký, ông Lò Minh Hùng đánh giá cao kinh tế số và xã hội số. Lãnh "
              "đạo tỉnh đề nghị VNPT quan tâm y tế số, giáo dục thông minh.") ==
          std::vector<std::string>{"government"});
}

TEST_CASE("in work under an agreement, the results told are the story's pillars") {
    const std::string text =
        "Sáng 25/5, UBND tỉnh Yên Bái và VNPT tổ chức hội nghị sơ kết hai năm thực hiện thỏa "
        "thuận hợp tác. Sau hai năm, VNPT đã phủ sóng 4G và kéo cáp quang đến mọi xã, xây trung "
        "tâm dữ liệu của tỉnh.";
    CHECK(pillar_names(text, true) == std::vector<std::string>{"infrastructure"});
    CHECK(pillar_names(text, false).empty());
}

TEST_CASE("what the agreement signed now is about is what it commits to, whoever tells it") {
    // The object of the signing names its pillars, in a sentence that also quotes the parties.
    CHECK(pillar_names("Tại lễ ký kết biên bản ghi nhớ hợp tác về viễn thông, xây dựng chính "
                       "quyền điện tử và đô thị thông minh giai đoạn 2021-2025 giữa UBND tỉnh "
                       "Bắc Giang và VNPT, hai bên khẳng định quyết tâm chuyển đổi số.") ==
          std::vector<std::string>{"government"});
    // Not an earlier signing recalled, nor a speech at the ceremony.
    CHECK(pillar_names("Trước đó, năm 2016, tỉnh và VNPT đã ký kết thỏa thuận hợp tác về chính "
                       "quyền điện tử giai đoạn 2016-2020. Phát biểu tại lễ ký kết, ông Nam "
                       "khẳng định xã hội số là ưu tiên.")
              .empty());
}

TEST_CASE("information technology in state agencies is the government pillar") {
    CHECK(pillar_names("Ngày 22/1, UBND tỉnh Nghệ An và Viettel ký kết thỏa thuận hợp tác. Theo "
                       "thỏa thuận, hai bên sẽ cùng đầu tư nguồn lực. Trên cơ sở đó, nâng cao hiệu "
                       "quả ứng dụng công nghệ thông tin trong các cơ quan nhà nước.") ==
          std::vector<std::string>{"government"});
}

TEST_CASE("at a review, a speaker's account of the work done is the work reported") {
    const std::string text =
        "Ngày 27/10, UBND tỉnh Kiên Giang và VNPT sơ kết hai năm thực hiện thỏa thuận hợp tác. "
        "Phát biểu tại hội nghị, ông Sển cho biết Sở đã phối hợp với VNPT xây dựng phần mềm một "
        "cửa điện tử kết nối với cổng dịch vụ công trực tuyến của tỉnh.";
    CHECK(pillar_names(text, true) == std::vector<std::string>{"government"});
    CHECK(pillar_names(text, false).empty());
}

TEST_CASE("a signing between a province and a carrier is an agreement") {
    const Facts f = facts_of("Gia Lai ký kết hợp tác chuyển đổi số với Viettel\nNgày 11.9, UBND "
                             "tỉnh Gia Lai và Tập đoàn Viettel tổ chức lễ ký kết thỏa thuận hợp "
                             "tác về chuyển đổi số giai đoạn 2026 - 2030.\n");
    CHECK(f.kind.kind == "agreement");
    REQUIRE(f.kind.signing);
}

TEST_CASE("a review under an agreement signed before is work under it") {
    CHECK(facts_of("UBND tỉnh Quảng Trị và VNPT sơ kết 2 năm thực hiện thỏa thuận hợp tác chiến "
                   "lược về viễn thông giai đoạn 2015-2020. Sau 2 năm, VNPT đã xây 200 trạm BTS "
                   "trên địa bàn tỉnh Quảng Trị.")
              .kind.kind == "implementation");
    CHECK(facts_of("date 2020-11-12\nToàn cảnh buổi làm việc chiều 12/11 giữa tỉnh Nghệ An và "
                   "Viettel. Ngày 22/01/2019, UBND tỉnh Nghệ An và Tập đoàn Viettel đã ký thỏa "
                   "thuận hợp tác chiến lược giai đoạn 2019-2023.")
              .kind.kind != "agreement");
}

TEST_CASE("a carrier's signing with a ministry, the police or a district is another story") {
    CHECK(facts_of("Chiều 27-4, tại Hà Nội đã diễn ra lễ ký kết thỏa thuận hợp tác giữa Bộ Công "
                   "an và Tập đoàn VNPT.")
              .kind.kind == "other");
    CHECK(facts_of("Ngày 27/3, Công an tỉnh Quảng Bình và Chi nhánh Viettel Quảng Bình tổ chức lễ "
                   "ký kết quy chế phối hợp bảo đảm an ninh thông tin trên địa bàn tỉnh Quảng "
                   "Bình.")
              .kind.kind == "other");
    CHECK(facts_of("Sáng 8/12, UBND huyện Nga Sơn và VNPT Thanh Hóa ký kết thỏa thuận hợp tác "
                   "về chuyển đổi số trên địa bàn huyện Nga Sơn, tỉnh Thanh Hóa.")
              .kind.kind == "other");
    CHECK(facts_of("Sở Thông tin và Truyền thông tỉnh Bình Dương ban hành kế hoạch chuyển đổi số "
                   "năm 2024 cho các huyện, thị xã.")
              .kind.kind == "other");
}
