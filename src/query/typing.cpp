#include "query/typing.hpp"

#include "text/vietnamese.hpp"
#include "vnsearch/utf8.hpp"

#include <algorithm>
#include <unicode/uchar.h>

namespace vnsearch {
namespace {

/// The syllable of `letters` (code points, hats and horns in place) with tone `tone` (0 to
/// 5: none, grave, acute, hook, tilde, dot), in its normalized form.
std::string with_tone(const std::u32string& letters, int tone) {
    static constexpr char32_t marks[] = {0, 0x300, 0x301, 0x309, 0x303, 0x323};
    std::string out;
    std::size_t last_vowel = std::u32string::npos;
    for (std::size_t i = 0; i < letters.size(); ++i) {
        const char32_t c = letters[i];
        const std::string s = [&] {
            std::string t;
            append_utf8(t, c);
            return fold_diacritics(t);
        }();
        if (s == "a" || s == "e" || s == "i" || s == "o" || s == "u" || s == "y")
            last_vowel = i;
    }
    for (std::size_t i = 0; i < letters.size(); ++i) {
        append_utf8(out, letters[i]);
        if (i == last_vowel && tone > 0)
            append_utf8(out, marks[tone]);
    }
    // Normalizing composes the mark and moves it where Vietnamese puts it.
    return normalize_word(out).norm;
}

} // namespace

bool is_ascii_word(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string cased_like(std::string_view typed, const std::string& word) {
    std::size_t pos = 0;
    std::size_t letters = 0, upper = 0;
    bool first_upper = false;
    while (pos < typed.size()) {
        const char32_t cp = next_code_point(typed, pos);
        if (!u_isalpha(static_cast<UChar32>(cp)))
            continue;
        const bool up = u_isupper(static_cast<UChar32>(cp)) != 0;
        if (letters == 0)
            first_upper = up;
        ++letters;
        upper += up;
    }
    if (letters == 0 || !first_upper)
        return word;
    std::string out;
    pos = 0;
    bool first = true;
    while (pos < word.size()) {
        const char32_t cp = next_code_point(word, pos);
        const bool raise = letters > 1 && upper == letters ? true : first;
        append_utf8(out, raise ? static_cast<char32_t>(u_toupper(static_cast<UChar32>(cp))) : cp);
        if (u_isalpha(static_cast<UChar32>(cp)))
            first = false;
    }
    return out;
}

std::optional<std::string> decode_telex(std::string_view word) {
    if (!is_ascii_word(word))
        return std::nullopt;
    std::string s(word);
    const std::size_t first_vowel = s.find_first_of("aeiouy");
    if (first_vowel == std::string::npos)
        return std::nullopt;
    // A tone key: none of s f r x j can follow a vowel in a Vietnamese syllable (its finals
    // are c ch m n ng nh p t), so one there is a key; z clears the tone.
    int tone = 0;
    bool keyed = false;
    for (std::size_t i = first_vowel + 1; i < s.size();) {
        const char c = s[i];
        const int t = c == 'f' ? 1 : c == 's' ? 2 : c == 'r' ? 3 : c == 'x' ? 4 : c == 'j' ? 5 : 0;
        if (t == 0 && c != 'z') {
            ++i;
            continue;
        }
        if (tone != 0 && t != 0)
            return std::nullopt; // two tones: not Telex
        if (t != 0)
            tone = t;
        keyed = true;
        s.erase(i, 1);
    }
    std::u32string letters;
    std::size_t i = 0;
    if (s.rfind("dd", 0) == 0) {
        letters.push_back(U'đ');
        i = 2;
        keyed = true;
    }
    for (; i < s.size(); ++i) {
        const char c = s[i];
        const char next = i + 1 < s.size() ? s[i + 1] : '\0';
        if ((c == 'a' || c == 'e' || c == 'o') && next == c) {
            letters.push_back(c == 'a' ? U'â' : c == 'e' ? U'ê' : U'ô');
            ++i;
            keyed = true;
        } else if (c == 'a' && next == 'w') {
            letters.push_back(U'ă');
            ++i;
            keyed = true;
        } else if (c == 'o' && next == 'w') {
            // "uow": both letters take the horn (ươ).
            if (!letters.empty() && letters.back() == U'u')
                letters.back() = U'ư';
            letters.push_back(U'ơ');
            ++i;
            keyed = true;
        } else if (c == 'u' && next == 'w') {
            letters.push_back(U'ư');
            ++i;
            keyed = true;
        } else if (c == 'w') {
            letters.push_back(U'ư');
            keyed = true;
        } else {
            letters.push_back(static_cast<char32_t>(c));
        }
    }
    if (!keyed)
        return std::nullopt;
    std::string out = with_tone(letters, tone);
    if (out == word)
        return std::nullopt;
    return out;
}

std::optional<std::string> decode_vni(std::string_view word) {
    bool digit = false, letter = false;
    for (const char c : word) {
        if (c >= '1' && c <= '9')
            digit = true;
        else if (c >= 'a' && c <= 'z')
            letter = true;
        else
            return std::nullopt;
    }
    if (!digit || !letter || !(word[0] >= 'a' && word[0] <= 'z'))
        return std::nullopt;
    std::u32string letters;
    int tone = 0;
    // The latest letter in `from` without a mark yet, as an index into `letters`.
    auto latest = [&](std::u32string_view from) -> std::size_t {
        for (std::size_t i = letters.size(); i-- > 0;)
            if (from.find(letters[i]) != std::u32string_view::npos)
                return i;
        return std::u32string::npos;
    };
    for (const char c : word) {
        if (c >= 'a' && c <= 'z') {
            letters.push_back(static_cast<char32_t>(c));
            continue;
        }
        const int d = c - '0';
        if (d <= 5) {
            if (tone != 0)
                return std::nullopt;
            tone = d == 1 ? 2 : d == 2 ? 1 : d; // VNI: 1 acute, 2 grave, 3 hook, 4 tilde, 5 dot
            continue;
        }
        std::size_t at = std::u32string::npos;
        if (d == 6) {
            at = latest(U"aeo");
            if (at != std::u32string::npos)
                letters[at] = letters[at] == U'a' ? U'â' : letters[at] == U'e' ? U'ê' : U'ô';
        } else if (d == 7) {
            at = latest(U"ou");
            if (at != std::u32string::npos) {
                // "uo7": both letters take the horn (ươ).
                if (letters[at] == U'o' && at > 0 && letters[at - 1] == U'u')
                    letters[at - 1] = U'ư';
                letters[at] = letters[at] == U'o' ? U'ơ' : U'ư';
            }
        } else if (d == 8) {
            at = latest(U"a");
            if (at != std::u32string::npos)
                letters[at] = U'ă';
        } else {
            at = latest(U"d");
            if (at != std::u32string::npos)
                letters[at] = U'đ';
        }
        if (at == std::u32string::npos)
            return std::nullopt;
    }
    return with_tone(letters, tone);
}

bool one_edit_apart(std::string_view a, std::string_view b, bool swap_only) {
    if (a == b)
        return false;
    if (a.size() == b.size()) {
        std::size_t first = 0;
        while (a[first] == b[first])
            ++first;
        std::size_t last = a.size() - 1;
        while (a[last] == b[last])
            --last;
        if (first == last)
            return !swap_only;
        return last == first + 1 && a[first] == b[last] && a[last] == b[first];
    }
    if (swap_only)
        return false;
    if (a.size() > b.size())
        std::swap(a, b);
    if (b.size() != a.size() + 1)
        return false;
    std::size_t i = 0;
    while (i < a.size() && a[i] == b[i])
        ++i;
    return a.substr(i) == b.substr(i + 1);
}

} // namespace vnsearch
