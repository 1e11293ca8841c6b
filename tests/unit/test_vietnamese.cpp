#include "text/vietnamese.hpp"

#include <catch2/catch.hpp>

using vnsearch::normalize_word;

TEST_CASE("old and new tone placement index the same term") {
    CHECK(normalize_word("hoà").norm == "hòa");
    CHECK(normalize_word("hòa").norm == "hòa");
    CHECK(normalize_word("khoẻ").norm == "khỏe");
    CHECK(normalize_word("thuý").norm == "thúy");
    CHECK(normalize_word("Hoá").norm == "hóa");
    CHECK(normalize_word("uỷ").norm == "ủy");
    CHECK(normalize_word("Thuỵ").norm == "thụy");
}

TEST_CASE("tone placement leaves correct syllables alone") {
    for (const char* w : {"hoàn", "toán", "quý",   "quả",   "giữ",   "giường", "gì",     "mía",
                          "múa",  "túi",  "ngoái", "khuỷu", "người", "yêu",    "chuyển", "thuở",
                          "cửa",  "tuổi", "khuya", "hài",   "cáo",   "thủy"})
        CHECK(normalize_word(w).norm == w);
}

TEST_CASE("NFD input composes to the NFC term") {
    // "Chuyển" with the circumflex and the hook above as combining marks.
    const auto f = normalize_word("Chuye\xCC\x82\xCC\x89n");
    CHECK(f.norm == "chuyển");
    CHECK(f.folded == "chuyen");
    // An NFD old-style "hoà": composed, then the mark moves.
    CHECK(normalize_word("hoa\xCC\x80").norm == "hòa");
}

TEST_CASE("a capital that composes with its mark only in lower case gives the NFC term") {
    // J and a caron have no precomposed capital; j and a caron make ǰ (U+01F0).
    CHECK(normalize_word("J\u030C").norm == "\u01F0");
    CHECK(normalize_word("\u01F0").norm == "\u01F0");
    CHECK(vnsearch::to_lower_nfc("J\u030C") == "\u01F0");
    // A normalized word is its own normal form.
    CHECK(normalize_word(normalize_word("J\u030C").norm).norm == "\u01F0");
}

TEST_CASE("folding removes tone marks and hats and turns đ into d") {
    CHECK(normalize_word("Đắk").folded == "dak");
    CHECK(normalize_word("ĐỔI").norm == "đổi");
    CHECK(normalize_word("ĐỔI").folded == "doi");
    CHECK(vnsearch::fold_diacritics("Đắk Lắk, Thừa Thiên Huế") == "Dak Lak, Thua Thien Hue");
    CHECK(vnsearch::fold_diacritics("Ưu tiên ở Ơn") == "Uu tien o On");
}

TEST_CASE("diacritics are detected in precomposed and decomposed text") {
    CHECK(vnsearch::has_diacritics("số"));
    CHECK(vnsearch::has_diacritics("đi"));
    CHECK(vnsearch::has_diacritics("so\xCC\x81"));
    CHECK_FALSE(vnsearch::has_diacritics("chuyen doi so"));
    CHECK_FALSE(vnsearch::has_diacritics("2025-2030"));
}

TEST_CASE("words that are not Vietnamese keep their letters") {
    CHECK(normalize_word("Café").norm == "café");
    CHECK(normalize_word("señor").norm == "señor");
    CHECK(normalize_word("señor").folded == "senor");
    CHECK(normalize_word("Smart").norm == "smart");
    CHECK(normalize_word("ΑΘΗΝΑ").norm == "αθηνα");
}

TEST_CASE("a token with two tone marks is lower-cased but not rearranged") {
    CHECK(normalize_word("ÁÀ").norm == "áà");
}
