#pragma once
/// The tokenizer's view of code points: each is a space, a letter (or a mark on one), a
/// digit, a joiner inside a chunk (. , / @ ...), a dash or something else. The code points
/// Vietnamese text is made of are looked up in a table built once through ICU.

#include <array>
#include <cstdint>
#include <string_view>
#include <unicode/uchar.h>
#include <vector>

namespace vnsearch::text {

enum class CharClass : std::uint8_t { space, letter, digit, joiner, dash, other };

/// A combining mark: it belongs to the letter before it.
bool is_mark_slow(char32_t cp);
/// The class of any code point, through ICU.
CharClass classify_slow(char32_t cp);

/// Classes of the code points Vietnamese text is made of, computed once through ICU.
struct ClassTable {
    static constexpr char32_t size = 0x2100;
    std::array<CharClass, size> cls{};
    std::array<bool, size> lower{};
    std::array<bool, size> mark{};
    ClassTable();
};

/// The table, built on first use.
const ClassTable& class_table();

inline CharClass classify(const ClassTable& table, char32_t cp) {
    return cp < ClassTable::size ? table.cls[cp] : classify_slow(cp);
}

inline bool is_lower(const ClassTable& table, char32_t cp) {
    return cp < ClassTable::size ? table.lower[cp] : u_islower(static_cast<UChar32>(cp)) != 0;
}

inline bool is_alnum(CharClass c) {
    return c == CharClass::letter || c == CharClass::digit;
}

inline bool is_mark(const ClassTable& table, char32_t cp) {
    return cp < ClassTable::size ? table.mark[cp] : is_mark_slow(cp);
}

/// A code point with its class and byte span, so the scanner can look ahead cheaply.
struct Unit {
    char32_t cp;
    CharClass cls;
    std::uint32_t begin;
    std::uint32_t end;
};

/// The code points of `text` into `units` (cleared first; its capacity is reused).
void units_of(const ClassTable& table, std::string_view text, std::vector<Unit>& units);

} // namespace vnsearch::text
