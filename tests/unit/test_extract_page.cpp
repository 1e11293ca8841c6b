// The page layout the fact finders read: the date line, the headline, chrome and sentences,
// and the stance of each sentence.
#include "extract/page.hpp"
#include "extract/stance.hpp"

#include <catch2/catch.hpp>

using namespace vnsearch;
using namespace vnsearch::extract;

namespace {

Page page_of(std::string text) {
    RawArticle raw;
    raw.id = "t";
    raw.text = std::move(text);
    return read_page(raw);
}

std::vector<std::string> sentences(const Page& p) {
    std::vector<std::string> out;
    for (const Sentence& s : p.sentences)
        out.emplace_back(p.slice(s.begin, s.end));
    return out;
}

} // namespace

TEST_CASE("a full or partial date line is read and removed, the story after it kept") {
    const Page full = page_of(" date 2025-10-23 Sáng 23-10, UBND tỉnh Gia Lai ký kết.\nDòng hai.");
    CHECK(full.date_line.iso() == "2025-10-23");
    CHECK(full.text.rfind("Sáng 23-10", 0) == 0);
    const Page partial = page_of("date 2021-04\nCụ thể, các bên thoả thuận hợp tác.");
    CHECK(partial.date_line.iso() == "2021-04");
    CHECK(partial.text.rfind("Cụ thể", 0) == 0);
    // Not a date line: a word that starts with "date", or a date that is no date.
    CHECK(page_of("dated 2021-04 là ngày").date_line.empty());
    CHECK(page_of("date 2021-13 tháng sai").date_line.empty());
}

TEST_CASE("the headline is the longest short line before the story, not the menu or the byline") {
    const Page p = page_of("Bạn cần biết  Tiện ích  Liên hệ\n"
                           "Kinh tế Chính sách\n"
                           "Gia Lai ký kết hợp tác chuyển đổi số với Viettel giai đoạn mới\n"
                           "Đức Nhật\n"
                           "11/09/2025 18:15 GMT+7\n"
                           "Ngày 11.9, UBND tỉnh Gia Lai và Tập đoàn Viettel tổ chức lễ ký kết "
                           "thỏa thuận hợp tác về chuyển đổi số giai đoạn 2026 - 2030.\n");
    CHECK(p.title == "Gia Lai ký kết hợp tác chuyển đổi số với Viettel giai đoạn mới");
    CHECK(p.title_in_text);
    REQUIRE(p.stamps.size() == 1);
    CHECK(p.stamps[0].date.iso() == "2025-09-11");
    CHECK(p.stamps[0].has_time);
    CHECK_FALSE(p.stamps[0].above_title);
    REQUIRE(p.story < p.sentences.size());
    CHECK(p.slice(p.sentences[p.story].begin, p.sentences[p.story].end).rfind("Ngày 11.9", 0) == 0);
}

TEST_CASE("a story without a headline line takes its first sentence as the title") {
    const Page p = page_of("Theo đó, UBND tỉnh Đắk Lắk và Tập đoàn VNPT thống nhất hợp tác trong "
                           "giai đoạn 2021-2025 sẽ tập trung vào 6 nội dung trọng tâm. Các nội "
                           "dung gồm cung cấp các giải pháp.");
    CHECK_FALSE(p.title_in_text);
    CHECK(p.title.rfind("Theo đó, UBND tỉnh Đắk Lắk", 0) == 0);
    CHECK(p.story == 0);
}

TEST_CASE("sentences end at a full stop and a space, not after TP. or an initial") {
    const Page p = page_of("Sáng nay tại TP. Hồ Chí Minh, ông Nguyễn V. An phát biểu. Hai bên ký "
                           "kết.\nDòng mới không dấu chấm");
    CHECK(sentences(p) ==
          std::vector<std::string>{"Sáng nay tại TP. Hồ Chí Minh, ông Nguyễn V. An phát biểu.",
                                   "Hai bên ký kết.", "Dòng mới không dấu chấm"});
}

TEST_CASE("captions, time stamps and the related stories after Tin liên quan are chrome") {
    const Page p = page_of("Hà Tĩnh ký kết thoả thuận hợp tác chuyển đổi số với Viettel\n"
                           "Chiều 26/7, UBND tỉnh Hà Tĩnh và Viettel tổ chức lễ ký kết thoả "
                           "thuận hợp tác chiến lược về chuyển đổi số.\n"
                           "Lãnh đạo hai bên trao thỏa thuận. Ảnh: Thành Chung\n"
                           "Tin liên quan\n"
                           "Quảng Bình và VNPT hợp tác phát triển đô thị thông minh\n");
    std::vector<bool> chrome;
    for (const Sentence& s : p.sentences)
        chrome.push_back(s.chrome);
    CHECK(chrome == std::vector<bool>{false, false, true, true, true, true});
}

TEST_CASE("the portal's date of the day above the headline is told from the article's stamp") {
    const Page p = page_of("Chủ nhật, ngày 24/11/2024\n"
                           "Quảng Bình và VNPT ký kết thỏa thuận hợp tác về chuyển đổi số\n"
                           "Thứ Sáu 11/03/2022 06:00\n"
                           "Chiều 10/3, UBND tỉnh Quảng Bình và Tập đoàn VNPT ký kết thỏa thuận "
                           "hợp tác về chuyển đổi số giai đoạn 2022-2025.\n");
    REQUIRE(p.stamps.size() == 2);
    CHECK(p.stamps[0].date.iso() == "2024-11-24");
    CHECK(p.stamps[0].above_title);
    CHECK_FALSE(p.stamps[0].has_time);
    CHECK(p.stamps[1].date.iso() == "2022-03-11");
    CHECK(p.stamps[1].has_time);
}

TEST_CASE("phrases match by normalized syllables, in either tone placement and any case") {
    const Page p = page_of("Hai bên ký kết Thoả Thuận hợp tác; chữ ký số không phải ký kết.");
    const Phrases agreement{"thỏa thuận hợp tác"};
    const std::size_t at = agreement.find(p, 0, p.tokens.size());
    REQUIRE(at < p.tokens.size());
    CHECK(p.slice(p.tokens[at].begin, p.tokens[at].end) == "Thoả");
    std::vector<std::string> verbs;
    for (std::size_t i = 0; i < p.tokens.size(); ++i)
        if (is_signing_verb(p.tokens, i))
            verbs.emplace_back(p.slice(p.tokens[i].begin, p.tokens[i + 1].end));
    CHECK(verbs == std::vector<std::string>{"ký kết", "ký kết"}); // not "chữ ký số"
}

TEST_CASE("a speaker's words, a wish and a block of past results each have their stance") {
    const Page p = page_of(
        "Chiều 9/3, UBND tỉnh Lai Châu và VNPT đã ký kết thỏa thuận hợp tác.\n"
        "Theo thỏa thuận, hai bên sẽ hợp tác trên 4 trụ cột. Cùng với đó, VNPT nâng cấp mạng.\n"
        "Phát biểu tại lễ ký kết, ông Tống Hải cho biết tỉnh rất quan tâm. Tỉnh có nhiều dự án.\n"
        "Trong giai đoạn 2016-2020, VNPT đã phủ sóng 4G toàn tỉnh.\n"
        "Về hạ tầng, mạng cáp quang đến mọi xã.\n"
        "Thời gian tới, VNPT sẽ xây trung tâm dữ liệu. Lãnh đạo tỉnh đề nghị VNPT ưu tiên y tế "
        "số.\n");
    const std::vector<Stance> st = read_stances(p);
    REQUIRE(st.size() == 9);
    CHECK(st[0].signs);
    CHECK_FALSE(st[0].looks_back); // "đã ký kết" is the day's signing
    CHECK(st[1].commits);
    CHECK(st[2].continues); // "Cùng với đó" goes on with the content
    CHECK(st[3].speaks);
    CHECK(st[4].speaks); // the rest of the speaker's paragraph
    CHECK(st[5].looks_back);
    CHECK(st[6].looks_back);       // the results block runs on
    CHECK_FALSE(st[7].looks_back); // "sẽ" turns to what comes
    CHECK(st[8].wishes);
}
