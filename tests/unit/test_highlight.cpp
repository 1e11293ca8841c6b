#include "search/highlight.hpp"
#include "vnsearch/data_dir.hpp"
#include "vnsearch/knowledge.hpp"

#include <catch2/catch.hpp>

using namespace vnsearch;

namespace {

const Knowledge& knowledge() {
    static const auto k = Knowledge::load(data_dir());
    return *k;
}

HighlightSpec words(std::initializer_list<const char*> folded,
                    std::initializer_list<const char*> exact = {}) {
    HighlightSpec spec;
    for (const char* w : folded)
        spec.folded_terms.insert(w);
    for (const char* w : exact)
        spec.exact_terms.insert(w);
    return spec;
}

/// A paragraph of filler that names none of the words the tests look for.
std::string filler(int lines) {
    std::string out;
    for (int i = 0; i < lines; ++i)
        out += "Buổi làm việc diễn ra tại hội trường lớn của ủy ban nhân dân tỉnh.\n";
    return out;
}

std::size_t count(const std::string& s, std::string_view what) {
    std::size_t n = 0;
    for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1))
        ++n;
    return n;
}

} // namespace

TEST_CASE("a snippet marks every spelling of a word typed without diacritics") {
    const std::string s = make_snippet("Hai bên ký kết hợp tác về chuyển đổi số năm 2025.",
                                       words({"chuyen", "doi", "so"}), knowledge());
    // Words side by side make one mark.
    CHECK(s == "Hai bên ký kết hợp tác về <mark>chuyển đổi số</mark> năm 2025.");
}

TEST_CASE("a word typed with diacritics marks only that spelling") {
    const std::string s =
        make_snippet("Bản Tà Xùa mở điểm bán hàng cho bạn đọc.", words({}, {"bản"}), knowledge());
    CHECK(s == "<mark>Bản</mark> Tà Xùa mở điểm bán hàng cho bạn đọc.");
}

TEST_CASE("a name is marked in any of its spellings") {
    HighlightSpec spec;
    const int viettel = knowledge().carrier_index("Viettel");
    REQUIRE(viettel >= 0);
    spec.entities.push_back(static_cast<std::uint32_t>(viettel) | 0x80000000u);
    const std::string s = make_snippet(
        "Tỉnh làm việc với Tập đoàn Công nghiệp - Viễn thông Quân đội và VNPT.", spec, knowledge());
    CHECK(s.find("<mark>Tập đoàn Công nghiệp - Viễn thông Quân đội</mark>") != std::string::npos);
    CHECK(s.find("<mark>VNPT") == std::string::npos);
}

TEST_CASE("everything around the marks is escaped") {
    const std::string s = make_snippet("<script>alert(1)</script> & chuyển đổi số \"nhanh\"",
                                       words({"so"}), knowledge());
    CHECK(s.find("<script") == std::string::npos);
    CHECK(s.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp;") != std::string::npos);
    CHECK(s.find("<mark>số</mark> &quot;nhanh&quot;") != std::string::npos);
}

TEST_CASE("with nothing to mark, a snippet is the opening of the text") {
    const std::string text = "Mở đầu bài viết. " + filler(20);
    const std::string s = make_snippet(text, HighlightSpec{}, knowledge());
    CHECK(s.rfind("Mở đầu bài viết.", 0) == 0);
    CHECK(s.size() < 300 + 8);
    CHECK(s.substr(s.size() - 4) == " …");
}

TEST_CASE("the snippet is the earliest window that marks every word, deep in a long text") {
    // One word early, all three after a long stretch, then all three again, more often.
    const std::string text = "Tỉnh bàn về số liệu.\n" + filler(40) +
                             "Đề án chuyển đổi số được thông qua.\n" + filler(40) +
                             "Chuyển đổi số, chuyển đổi số và chuyển đổi số.\n" + filler(3);
    const std::string s = make_snippet(text, words({"chuyen", "doi", "so"}), knowledge());
    CHECK(s.rfind("… ", 0) == 0);
    CHECK(s.find("Đề án <mark>chuyển đổi số</mark> được thông qua.") != std::string::npos);
    CHECK(count(s, "<mark>") == 1);
    CHECK(s.substr(s.size() - 4) == " …");
}

TEST_CASE("without a window marking every word, the one marking the most wins") {
    // "mang" never occurs: no window marks everything, so the whole text is read and the
    // window with three distinct words beats the earlier one with two.
    const std::string text =
        "Hạ tầng được nâng cấp.\n" + filler(40) + "Hạ tầng số và dữ liệu số.\n" + filler(40);
    const std::string s = make_snippet(text, words({"ha", "tang", "so", "mang"}), knowledge());
    CHECK(s.find("<mark>Hạ tầng số</mark> và dữ liệu <mark>số</mark>") != std::string::npos);
    CHECK(s.find("nâng") == std::string::npos);
}
