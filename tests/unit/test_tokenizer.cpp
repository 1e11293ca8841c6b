#include "vnsearch/tokenizer.hpp"

#include <catch2/catch.hpp>

using vnsearch::tokenize;
using vnsearch::TokenKind;

namespace {

std::vector<std::string> norms(std::string_view text, bool with_parts = false) {
    std::vector<std::string> out;
    for (const auto& t : tokenize(text))
        if (with_parts || !t.part)
            out.push_back(t.norm);
    return out;
}

} // namespace

TEST_CASE("offsets point at the original bytes of every token") {
    const std::string text = "  Ký kết: hợp tác 4G/5G, 2025-2030.";
    for (const auto& t : tokenize(text)) {
        REQUIRE(t.end > t.begin);
        REQUIRE(t.end <= text.size());
    }
    const auto toks = tokenize(text);
    CHECK(text.substr(toks[0].begin, toks[0].end - toks[0].begin) == "Ký");
    CHECK(toks[0].begin == 2);
}

TEST_CASE("Vietnamese numbers keep their separators") {
    const auto toks = tokenize("1.250 tỷ đồng, tăng 1,5 lần và 98,5%");
    REQUIRE(toks.size() == 8);
    CHECK(toks[0].kind == TokenKind::number);
    CHECK(toks[0].norm == "1.250");
    CHECK(toks[0].folded == "1250");
    CHECK(toks[4].norm == "1,5");
    CHECK(toks[7].norm == "98,5");
}

TEST_CASE("codes stay whole and are also found by their parts") {
    const auto toks = tokenize("Nghị quyết 52-NQ/TW về 4G/5G");
    CHECK(norms("Nghị quyết 52-NQ/TW về 4G/5G") ==
          std::vector<std::string>{"nghị", "quyết", "52-nq/tw", "về", "4g/5g"});
    CHECK(norms("52-NQ/TW", true) == std::vector<std::string>{"52-nq/tw", "52", "nq", "tw"});
    const auto parts = tokenize("4G/5G");
    REQUIRE(parts.size() == 3);
    CHECK(parts[0].kind == TokenKind::code);
    CHECK(parts[1].part);
    CHECK(parts[0].position == parts[1].position);
    CHECK(parts[2].position == parts[1].position + 1);
}

TEST_CASE("years, ranges and dates are recognized") {
    auto toks = tokenize("giai đoạn 2021 – 2025");
    CHECK(toks[2].kind == TokenKind::year_range);
    CHECK(toks[2].norm == "2021-2025");
    toks = tokenize("2025-2030");
    CHECK(toks[0].kind == TokenKind::year_range);
    toks = tokenize("ngày 14/03/2024 và 14.3");
    CHECK(toks[1].kind == TokenKind::date);
    CHECK(toks[1].norm == "14/3/2024");
    CHECK(toks[6].kind == TokenKind::date);
    CHECK(toks[6].norm == "14/3");
    CHECK(tokenize("năm 2019")[1].kind == TokenKind::year);
}

TEST_CASE("e-mail and web addresses are single tokens") {
    const auto toks = tokenize("Liên hệ hotro@vnpt.vn hoặc https://vnpt.vn/chuyen-doi-so.");
    CHECK(toks[2].kind == TokenKind::email);
    CHECK(toks[2].norm == "hotro@vnpt.vn");
    CHECK(toks[4].kind == TokenKind::url);
    CHECK(toks[4].norm == "https://vnpt.vn/chuyen-doi-so");
}

TEST_CASE("punctuation marks a break but a hyphen does not") {
    const auto toks = tokenize("Viễn thông, Quân đội - Bà Rịa-Vũng Tàu");
    REQUIRE(toks.size() == 8);
    CHECK_FALSE(toks[1].after_break);
    CHECK(toks[2].after_break);
    CHECK_FALSE(toks[4].after_break);
    CHECK(toks[5].norm == "rịa");
    CHECK(toks[6].norm == "vũng");
    CHECK_FALSE(toks[6].after_break);
}

TEST_CASE("empty and blank input give no tokens") {
    CHECK(tokenize("").empty());
    CHECK(tokenize("  \n\t ").empty());
    CHECK(tokenize("... — !!").empty());
}

TEST_CASE("a combining mark with no letter before it makes no word") {
    // Text converted from old encodings leaves tone marks apart from their vowels; such a
    // mark alone would be a word of no letters, folded to an empty term.
    CHECK(norms("Hoa \u0300 B\u00ecnh") == std::vector<std::string>{"hoa", "bình"});
    CHECK(norms("\u0301\u0323").empty());
    CHECK(norms("a.\u0301b 4G/\u0301") == std::vector<std::string>{"a", "b", "4g"});
    CHECK_FALSE(tokenize("Hoa \u0300 B\u00ecnh")[1].after_break);
    // A mark after its letter still belongs to it, in NFD text as in any other script.
    CHECK(norms("Hoa\u0300 Bi\u0300nh") == std::vector<std::string>{"hòa", "bình"});
}

TEST_CASE("positions increase by one per syllable") {
    const auto toks = tokenize("hạ tầng số");
    REQUIRE(toks.size() == 3);
    CHECK(toks[0].position == 0);
    CHECK(toks[1].position == 1);
    CHECK(toks[2].position == 2);
}

TEST_CASE("a text tokenizes alike before and after a much longer one on the same thread") {
    // The scanner keeps its code points per thread and gives an unusually long text's
    // memory back: neither may leak one text into the next.
    const std::string text = "Hợp tác chuyển đổi số 2025-2030 với VNPT, tại 4G/5G.";
    std::vector<std::pair<std::string, std::uint32_t>> before;
    for (const auto& t : tokenize(text))
        before.emplace_back(t.norm, t.end);
    std::string longer;
    while (longer.size() < 300'000)
        longer += "Trung tâm dữ liệu của tỉnh Quảng Trị vận hành ổn định. ";
    const std::size_t sentences = longer.size() / 76; // bytes of one sentence
    const auto many = tokenize(longer);
    CHECK(many.size() == 12 * sentences);
    CHECK(many.back().end == longer.size() - 2); // "định", then ". "
    std::vector<std::pair<std::string, std::uint32_t>> after;
    for (const auto& t : tokenize(text))
        after.emplace_back(t.norm, t.end);
    CHECK(after == before);
    CHECK(norms("ký kết") == std::vector<std::string>{"ký", "kết"});
}
