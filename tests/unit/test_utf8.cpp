#include "vnsearch/utf8.hpp"

#include <catch2/catch.hpp>

using vnsearch::decode_utf8;

TEST_CASE("valid UTF-8 passes through unchanged") {
    const std::string text = "Chuyển đổi số 2025 — ổn định";
    const auto d = decode_utf8(text);
    CHECK(d.text == text);
    CHECK(d.invalid_sequences == 0);
    CHECK(d.control_chars == 0);
}

TEST_CASE("each ill-formed sequence becomes one replacement character and is counted") {
    const auto d = decode_utf8("a\xFF"
                               "b\xC3"
                               "c\xE1\xBB"
                               " d");
    CHECK(d.text == "a\xEF\xBF\xBD"
                    "b\xEF\xBF\xBD"
                    "c\xEF\xBF\xBD d");
    CHECK(d.invalid_sequences == 3);
    CHECK(vnsearch::is_valid_utf8(d.text));
}

TEST_CASE("overlong forms, surrogates and values past U+10FFFF are rejected") {
    CHECK_FALSE(vnsearch::is_valid_utf8("\xC0\xAF"));         // overlong '/'
    CHECK_FALSE(vnsearch::is_valid_utf8("\xE0\x80\xAF"));     // overlong
    CHECK_FALSE(vnsearch::is_valid_utf8("\xED\xA0\x80"));     // surrogate D800
    CHECK_FALSE(vnsearch::is_valid_utf8("\xF4\x90\x80\x80")); // U+110000
    CHECK(vnsearch::is_valid_utf8("\xF0\x9F\x98\x80"));       // U+1F600
    const auto d = decode_utf8("x\xED\xA0\x80y");
    CHECK(d.invalid_sequences >= 1);
    CHECK(vnsearch::is_valid_utf8(d.text));
    CHECK(d.text.front() == 'x');
    CHECK(d.text.back() == 'y');
}

TEST_CASE("NUL and control characters become spaces, tabs and newlines stay") {
    const auto d = decode_utf8(std::string("a\0b\x01"
                                           "c\td\ne\x7F",
                                           10));
    CHECK(d.text == "a b c\td\ne ");
    CHECK(d.control_chars == 3);
}

TEST_CASE("a leading byte order mark is dropped") {
    const auto d = decode_utf8("\xEF\xBB\xBFH\xC3\xA0 N\xE1\xBB\x99i");
    CHECK(d.text == "Hà Nội");
}

TEST_CASE("random bytes always decode to valid UTF-8") {
    std::uint32_t state = 12345;
    for (int round = 0; round < 200; ++round) {
        std::string bytes;
        for (int i = 0; i < 64; ++i) {
            state = state * 1664525u + 1013904223u;
            bytes.push_back(static_cast<char>(state >> 24));
        }
        const auto d = decode_utf8(bytes);
        REQUIRE(vnsearch::is_valid_utf8(d.text));
    }
}

TEST_CASE("code points round-trip through append_utf8 and next_code_point") {
    for (char32_t cp : {U'a', U'ạ', U'đ', U'\u20AC', U'\U0001F600'}) {
        std::string s;
        vnsearch::append_utf8(s, cp);
        std::size_t pos = 0;
        CHECK(vnsearch::next_code_point(s, pos) == cp);
        CHECK(pos == s.size());
    }
}
