#include "extract/signatories.hpp"

#include "text/vietnamese.hpp"
#include "vnsearch/utf8.hpp"

#include <algorithm>
#include <array>
#include <unicode/uchar.h>

namespace vnsearch::extract {
namespace {

constexpr std::size_t max_signatories = 12;
constexpr std::size_t max_name_syllables = 4;
constexpr std::size_t max_title_bytes = 160;

/// Titles that introduce a signatory: "Chủ tịch UBND tỉnh", "Phó Tổng Giám đốc Viettel".
constexpr std::array<std::string_view, 12> title_openers = {
    "chu tich",  "pho chu tich", "tong giam doc", "pho tong giam doc",
    "giam doc",  "pho giam doc", "bi thu",        "pho bi thu",
    "bo truong", "thu truong",   "truong ban",    "chanh van phong"};

bool starts_upper(std::string_view s) {
    if (s.empty())
        return false;
    std::size_t pos = 0;
    return u_isupper(static_cast<UChar32>(next_code_point(s, pos))) != 0;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    return s;
}

} // namespace

std::vector<Signatory> find_signatories(const Page& page) {
    std::vector<Signatory> out;
    const std::vector<Token>& tokens = page.tokens;
    const std::string_view text = page.text;
    for (std::size_t i = 0; i < tokens.size() && out.size() < max_signatories; ++i) {
        const Token& t = tokens[i];
        if (t.part || (t.folded != "ong" && t.folded != "ba"))
            continue;
        std::size_t j = i + 1;
        std::size_t name_end = 0;
        std::size_t syllables = 0;
        while (j < tokens.size() && syllables < max_name_syllables &&
               tokens[j].kind == TokenKind::word && !tokens[j].part &&
               (syllables == 0 || !tokens[j].after_break) &&
               starts_upper(text.substr(tokens[j].begin, tokens[j].end - tokens[j].begin))) {
            name_end = tokens[j].end;
            ++syllables;
            ++j;
        }
        if (syllables < 2)
            continue;
        std::size_t pos = name_end;
        while (pos < text.size() && (text[pos] == ',' || text[pos] == ' '))
            ++pos;
        std::size_t stop = pos;
        while (stop < text.size() &&
               std::string_view(",;.()\n\"").find(text[stop]) == std::string_view::npos)
            ++stop;
        std::string title(trim(text.substr(pos, stop - pos)));
        for (const char* cut :
             {" và ông ", " và bà ", " ký ", " cho biết", " phát biểu", " nhấn mạnh"})
            if (const std::size_t c = title.find(cut); c != std::string::npos)
                title.resize(c);
        const std::string folded_title = fold_diacritics(to_lower_nfc(title));
        const bool titled =
            std::any_of(title_openers.begin(), title_openers.end(),
                        [&](std::string_view o) { return folded_title.rfind(o, 0) == 0; });
        if (!titled || title.size() > max_title_bytes)
            continue;
        const std::string name(text.substr(tokens[i + 1].begin, name_end - tokens[i + 1].begin));
        const bool seen =
            std::any_of(out.begin(), out.end(), [&](const Signatory& s) { return s.name == name; });
        if (!seen)
            out.push_back({name, title});
        i = j - 1;
    }
    return out;
}

} // namespace vnsearch::extract
