// Dates in an article: the forms real crawls write them in, the article's own date, and
// the signing date of the agreement it reports or recalls.
#include "extract/dates.hpp"
#include "extract/page.hpp"

#include <catch2/catch.hpp>

using namespace vnsearch;
using namespace vnsearch::extract;

namespace {

Page page_of(std::string text, std::string url = "") {
    RawArticle raw;
    raw.id = "t";
    raw.text = std::move(text);
    raw.url = std::move(url);
    return read_page(raw);
}

/// The dates of the whole text, as written ("26/12/2014"; a day and month alone "17/12/-").
std::vector<std::string> dates_of(const std::string& text) {
    const Page p = page_of(text);
    std::vector<std::string> out;
    for (const Sentence& s : p.sentences)
        for (const DateMention& m : dates_in(p, s))
            out.push_back(m.day_month_only ? std::to_string(m.date.day) + "/" +
                                                 std::to_string(m.date.month) + "/-"
                                           : m.date.iso());
    return out;
}

} // namespace

TEST_CASE("dates are read in every form Vietnamese news writes them") {
    CHECK(dates_of("Ngày 26 tháng 12 năm 2014, hai bên ký.") ==
          std::vector<std::string>{"2014-12-26"});
    CHECK(dates_of("Chiều 17/12, tại Hà Nội.") == std::vector<std::string>{"17/12/-"});
    CHECK(dates_of("Ngày 11-9, hai bên ký.") == std::vector<std::string>{"11/9/-"});
    CHECK(dates_of("Chiều 9.3, hai bên ký.") == std::vector<std::string>{"9/3/-"});
    CHECK(dates_of("Văn bản ký ngày 12-1-2017.") == std::vector<std::string>{"2017-01-12"});
    CHECK(dates_of("Ký kết vào tháng 9/2019 và tháng 12 năm 2020.") ==
          std::vector<std::string>{"2019-09", "2020-12"});
    CHECK(dates_of("Trước đó, năm 2016, VNPT đã ký.") == std::vector<std::string>{"2016"});
    // A horizon is not a date, nor is a ranking or a version.
    CHECK(dates_of("Định hướng đến năm 2030, tầm nhìn năm 2045.").empty());
    CHECK(dates_of("Xếp hạng 21/34 tỉnh; chợ 4.0; ngày 31/2 không có.").empty());
}

TEST_CASE("a day and month belong to the publication's year, or the one before") {
    CHECK(year_for(12, 17, PartialDate{2020, 12, 18}) == 2020);
    CHECK(year_for(12, 30, PartialDate{2021, 1, 2}) == 2020);
    CHECK(year_for(3, 9, PartialDate{2022, 0, 0}) == 2022);
}

TEST_CASE("the article's date is the date line, else its own stamp, not the portal's day") {
    CHECK(find_published(page_of("date 2024-03-14\nGia Lai ký kết."), "", "", 0).date.iso() ==
          "2024-03-14");
    const FoundDate stamp = find_published(
        page_of("Chủ nhật, ngày 24/11/2024\nQuảng Bình và VNPT ký kết thỏa thuận hợp tác về "
                "chuyển đổi số\nThứ Sáu 11/03/2022 06:00\nChiều 10/3, UBND tỉnh Quảng Bình và "
                "VNPT ký kết thỏa thuận hợp tác giai đoạn 2022-2025.\n"),
        "", "", 0);
    CHECK(stamp.date.iso() == "2022-03-11");
    CHECK(stamp.rule == "stamp");
    // A partial date line and the day in the opening make one date.
    const FoundDate partial = find_published(
        page_of("date 2021-12\nChiều 17/12, UBND tỉnh Bắc Giang và Viettel ký kết hợp tác."), "",
        "", 0);
    CHECK(partial.date.iso() == "2021-12-17");
    CHECK(partial.rule == "date_line_day_month");
    // Nothing but a day and month: the web address, else the year the period starts.
    const Page bare = page_of("Chiều 26/7, UBND tỉnh Hà Tĩnh và Viettel ký kết thỏa thuận hợp tác "
                              "giai đoạn 2022-2025.");
    CHECK(find_published(bare, "", "https://example.vn/2022/07/27/ha-tinh.html", 2022).date.iso() ==
          "2022-07-27");
    const FoundDate from_period = find_published(bare, "", "", 2022);
    CHECK(from_period.date.iso() == "2022-07-26");
    CHECK(from_period.rule == "text_day_month_period");
    CHECK(find_published(page_of("Không có ngày nào."), "", "", 0).rule == "none");
}

TEST_CASE("the signing date comes from the signing sentence, with the publication's year") {
    const Page p = page_of("date 2021-01-02\nChiều 30/12, UBND tỉnh Lai Châu và VNPT ký kết thỏa "
                           "thuận hợp tác.\n");
    const FoundDate published = find_published(p, "", "", 0);
    const FoundDate s = find_signed(p, 0, true, published, 0);
    CHECK(s.date.iso() == "2020-12-30");
    CHECK(s.rule == "signing_day_month");
}

TEST_CASE("a recalled signing gives its own date, and a review how long ago it was") {
    const Page recalled = page_of("date 2019-05-20\nHội nghị đánh giá kết quả chuyển đổi số tỉnh.\n"
                                  "Trước đó, ngày 29/9/2016, UBND tỉnh Quảng Trị và VNPT đã chính "
                                  "thức ký kết thỏa thuận hợp tác.\n");
    const FoundDate pub = find_published(recalled, "", "", 0);
    CHECK(find_signed(recalled, 1, false, pub, 0).date.iso() == "2016-09-29");
    const Page review = page_of("date 2024-06-27\nUBND tỉnh Hải Dương và VNPT tổ chức hội nghị sơ "
                                "kết 3 năm thực hiện thỏa thuận hợp tác.\n");
    const FoundDate elapsed =
        find_signed(review, std::nullopt, false, find_published(review, "", "", 0), 0);
    CHECK(elapsed.date.iso() == "2021");
    CHECK(elapsed.rule == "years_elapsed");
}

TEST_CASE("a review that also signs the next agreement dates it to the review's day") {
    const std::string reviews[] = {
        "date 2019-11-25\nHội nghị sơ kết 5 năm thực hiện thỏa thuận hợp tác giai đoạn 2015-2020 "
        "giữa VNPT và UBND tỉnh Long An và ký kết hợp tác giai đoạn tiếp theo.\n",
        "date 2021-03-02\nUBND tỉnh Bình Định và Viettel tổng kết 5 năm thực hiện thỏa thuận, ký "
        "kết thỏa thuận giai đoạn 2021-2025.\n",
        "date 2020-12-10\nSau 4 năm hợp tác, Sở Thông tin và Truyền thông và MobiFone ký kết thỏa "
        "thuận giai đoạn mới.\n",
    };
    for (const std::string& text : reviews) {
        INFO(text);
        const Page p = page_of(text);
        const FoundDate pub = find_published(p, "", "", 0);
        const FoundDate s = find_signed(p, std::nullopt, false, pub, 0);
        CHECK(s.date.iso() == pub.date.iso());
        CHECK(s.rule == "renewed_at_review");
    }
    // Signed earlier, and only reviewed now: the years it has run.
    const Page older = page_of("date 2019-11-25\nSơ kết 5 năm thực hiện thỏa thuận ký kết giai "
                               "đoạn 2015-2020 giữa VNPT và tỉnh Long An.\n");
    const FoundDate s =
        find_signed(older, std::nullopt, false, find_published(older, "", "", 0), 0);
    CHECK(s.date.iso() == "2014");
    CHECK(s.rule == "years_elapsed");
}

TEST_CASE("news of the day: a date well before publication in the signing sentence is not it") {
    const Page p = page_of("date 2022-03-11\nThực hiện Quyết định ký ngày 15/6/2021, chiều 9/3 "
                           "UBND tỉnh Hải Dương và Viettel ký kết thỏa thuận hợp tác.\n");
    const FoundDate s = find_signed(p, 0, true, find_published(p, "", "", 0), 0);
    CHECK(s.date.iso() == "2022-03-09");
}
