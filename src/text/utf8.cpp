#include "vnsearch/utf8.hpp"

namespace vnsearch {
namespace {

constexpr char32_t replacement_char = 0xFFFD;

/// Length of the well-formed sequence starting at `i`, or 0 if it is ill-formed.
/// Follows the table of well-formed byte sequences in the Unicode standard (3.9, D92),
/// so overlongs, surrogates and values past U+10FFFF are all rejected.
std::size_t well_formed_length(std::string_view s, std::size_t i) noexcept {
    const auto at = [&](std::size_t k) -> unsigned {
        return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0x100u;
    };
    const unsigned b0 = at(0);
    if (b0 < 0x80)
        return 1;
    auto in = [](unsigned b, unsigned lo, unsigned hi) { return b >= lo && b <= hi; };
    if (in(b0, 0xC2, 0xDF))
        return in(at(1), 0x80, 0xBF) ? 2 : 0;
    if (in(b0, 0xE0, 0xEF)) {
        const unsigned lo = b0 == 0xE0 ? 0xA0 : 0x80;
        const unsigned hi = b0 == 0xED ? 0x9F : 0xBF;
        return in(at(1), lo, hi) && in(at(2), 0x80, 0xBF) ? 3 : 0;
    }
    if (in(b0, 0xF0, 0xF4)) {
        const unsigned lo = b0 == 0xF0 ? 0x90 : 0x80;
        const unsigned hi = b0 == 0xF4 ? 0x8F : 0xBF;
        return in(at(1), lo, hi) && in(at(2), 0x80, 0xBF) && in(at(3), 0x80, 0xBF) ? 4 : 0;
    }
    return 0;
}

/// How many bytes one ill-formed sequence covers: the lead byte and the continuation
/// bytes that could still have belonged to it ("maximal subpart" practice).
std::size_t ill_formed_length(std::string_view s, std::size_t i) noexcept {
    std::size_t n = 1;
    while (n < 4 && i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0u) == 0x80u &&
           static_cast<unsigned char>(s[i]) >= 0xC0u)
        ++n;
    return n;
}

} // namespace

bool is_valid_utf8(std::string_view bytes) noexcept {
    for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t n = well_formed_length(bytes, i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

DecodedText decode_utf8(std::string_view bytes) {
    DecodedText out;
    out.text.reserve(bytes.size());
    std::size_t i = 0;
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF")
        i = 3;
    while (i < bytes.size()) {
        // Copy runs of well-formed text at once; stop at what needs repair.
        std::size_t run = i;
        while (run < bytes.size()) {
            const auto b = static_cast<unsigned char>(bytes[run]);
            if (b >= 0x20 && b < 0x7F) {
                ++run;
                continue;
            }
            if (b == '\t' || b == '\n' || b == '\r') {
                ++run;
                continue;
            }
            if (b < 0x80)
                break;
            const std::size_t n = well_formed_length(bytes, run);
            if (n == 0 ||
                (n == 2 && b == 0xC2 && static_cast<unsigned char>(bytes[run + 1]) < 0xA0))
                break; // ill-formed, or a C1 control
            run += n;
        }
        out.text.append(bytes.substr(i, run - i));
        i = run;
        if (i >= bytes.size())
            break;
        const std::size_t n = well_formed_length(bytes, i);
        if (n == 0) {
            append_utf8(out.text, replacement_char);
            ++out.invalid_sequences;
            i += ill_formed_length(bytes, i);
            continue;
        }
        // A control character (C0 other than tab and line ends, DEL, or C1).
        out.text.push_back(' ');
        ++out.control_chars;
        i += n;
    }
    return out;
}

} // namespace vnsearch
