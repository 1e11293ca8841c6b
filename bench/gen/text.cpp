#include "text.hpp"

#include <cctype>
#include <cstdint>
#include <stdexcept>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace vnsearch::gen {

namespace {

std::string normalize(const icu::Normalizer2* (*instance)(UErrorCode&), std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* norm = instance(status);
    if (U_FAILURE(status))
        throw std::runtime_error(std::string("ICU normalizer unavailable: ") + u_errorName(status));
    const auto src = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    icu::UnicodeString out = norm->normalize(src, status);
    if (U_FAILURE(status))
        throw std::runtime_error(std::string("ICU normalization failed: ") + u_errorName(status));
    std::string result;
    out.toUTF8String(result);
    return result;
}

} // namespace

std::string to_nfc(std::string_view text) {
    return normalize(&icu::Normalizer2::getNFCInstance, text);
}

std::string to_nfd(std::string_view text) {
    return normalize(&icu::Normalizer2::getNFDInstance, text);
}

std::string to_lower(std::string_view text) {
    auto s = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    s.toLower(icu::Locale("vi"));
    std::string result;
    s.toUTF8String(result);
    return to_nfc(result);
}

std::string ascii_slug(std::string_view text) {
    // Vietnamese letters are Latin with marks: decompose, drop the marks, map đ by hand.
    const std::string nfd = to_nfd(text);
    std::string out;
    for (std::size_t i = 0; i < nfd.size();) {
        std::size_t len = 0;
        const char32_t c = code_point_at(nfd, i, len);
        i += len;
        if (c == U'đ' || c == U'Đ')
            out.push_back('d');
        else if (c < 0x80 && std::isalnum(static_cast<unsigned char>(c)))
            out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return out;
}

char32_t code_point_at(std::string_view text, std::size_t pos, std::size_t& length) {
    const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
    auto i = static_cast<int32_t>(pos);
    UChar32 c = 0;
    U8_NEXT(s, i, static_cast<int32_t>(text.size()), c);
    length = static_cast<std::size_t>(i) - pos;
    return c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
}

char32_t code_point_before(std::string_view text, std::size_t pos) {
    if (pos == 0)
        return 0;
    const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
    auto i = static_cast<int32_t>(pos);
    UChar32 c = 0;
    U8_PREV(s, 0, i, c);
    return c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
}

bool is_word_char(char32_t c) {
    const auto u = static_cast<UChar32>(c);
    return u_isalnum(u) || (U_GET_GC_MASK(u) & U_GC_M_MASK) != 0;
}

bool is_upper(char32_t c) {
    return u_isupper(static_cast<UChar32>(c));
}

bool is_lower(char32_t c) {
    const auto u = static_cast<UChar32>(c);
    return u_islower(u) || (U_GET_GC_MASK(u) & U_GC_M_MASK) != 0;
}

std::size_t count_words(std::string_view text) {
    std::size_t n = 0;
    bool in_word = false;
    for (char ch : text) {
        const bool space = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
        if (!space && !in_word)
            ++n;
        in_word = !space;
    }
    return n;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

} // namespace vnsearch::gen
