#include "text/char_class.hpp"

#include "vnsearch/utf8.hpp"

namespace vnsearch::text {

bool is_mark_slow(char32_t cp) {
    if (cp >= 0x300 && cp < 0x370)
        return true;
    const auto type = u_charType(static_cast<UChar32>(cp));
    return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

CharClass classify_slow(char32_t cp) {
    if (cp < 0x80) {
        if (cp >= '0' && cp <= '9')
            return CharClass::digit;
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
            return CharClass::letter;
        switch (cp) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            return CharClass::space;
        case '-':
            return CharClass::dash;
        case '.':
        case ',':
        case '/':
        case '@':
        case '_':
        case ':':
            return CharClass::joiner;
        default:
            return CharClass::other;
        }
    }
    if (cp == 0x2013 || cp == 0x2014 || cp == 0x2212)
        return CharClass::dash;
    if (cp >= 0x300 && cp < 0x370)
        return CharClass::letter; // combining marks of NFD text belong to their letter
    if (u_isalnum(static_cast<UChar32>(cp)))
        return CharClass::letter;
    if (is_mark_slow(cp))
        return CharClass::letter;
    if (u_isUWhiteSpace(static_cast<UChar32>(cp)))
        return CharClass::space;
    return CharClass::other;
}

ClassTable::ClassTable() {
    for (char32_t cp = 0; cp < size; ++cp) {
        cls[cp] = classify_slow(cp);
        lower[cp] = u_islower(static_cast<UChar32>(cp)) != 0;
        mark[cp] = is_mark_slow(cp);
    }
}

const ClassTable& class_table() {
    static const ClassTable table;
    return table;
}

void units_of(const ClassTable& table, std::string_view text, std::vector<Unit>& units) {
    units.clear();
    units.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const auto begin = static_cast<std::uint32_t>(pos);
        const char32_t cp = next_code_point(text, pos);
        CharClass cls = classify(table, cp);
        // A mark with no letter or digit before it (first, or after a space or punctuation)
        // has nothing to mark: as a word it would have no letters and fold to nothing. It
        // is passed over like a space.
        if (cp >= 0x300 && cls == CharClass::letter && is_mark(table, cp) &&
            (units.empty() || !is_alnum(units.back().cls)))
            cls = CharClass::space;
        units.push_back({cp, cls, begin, static_cast<std::uint32_t>(pos)});
    }
}

} // namespace vnsearch::text
