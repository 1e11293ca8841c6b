#include "text/vietnamese.hpp"

#include "vnsearch/utf8.hpp"

#include <array>
#include <cassert>
#include <cstdint>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace vnsearch {
namespace {

// The twelve Vietnamese vowel letters (lower case, no tone), in a fixed order.
constexpr std::array<char32_t, 12> vowel_letters = {U'a', U'ă', U'â', U'e', U'ê', U'i',
                                                    U'o', U'ô', U'ơ', U'u', U'ư', U'y'};
constexpr std::uint8_t no_vowel = 0xFF;
constexpr int tone_count = 6; // none, grave, acute, hook above, tilde, dot below

struct CharInfo {
    char32_t lower = 0;            ///< the lower-case character
    char32_t base = 0;             ///< lower case with the tone mark removed (hats kept)
    char32_t fold = 0;             ///< no diacritics at all, case kept
    std::uint8_t tone = 0;         ///< 0..5
    std::uint8_t vowel = no_vowel; ///< index into vowel_letters, or no_vowel
};

bool in_table_range(char32_t cp) {
    return cp < 0x250 || (cp >= 0x1E00 && cp < 0x1F00);
}
std::size_t table_index(char32_t cp) {
    return cp < 0x250 ? cp : cp - 0x1E00 + 0x250;
}
constexpr std::size_t table_size = 0x250 + 0x100;

int tone_of_mark(char32_t mark) {
    switch (mark) {
    case 0x300:
        return 1;
    case 0x301:
        return 2;
    case 0x309:
        return 3;
    case 0x303:
        return 4;
    case 0x323:
        return 5;
    default:
        return 0;
    }
}
bool is_vowel_modifier(char32_t mark) {
    return mark == 0x302 || mark == 0x306 || mark == 0x31B;
}
bool is_combining_mark(char32_t cp) {
    return cp >= 0x300 && cp < 0x370;
}

/// Derives the per-character facts from ICU's decompositions once, so the hot path is a
/// table look-up and only text with combining marks ever reaches ICU again.
struct Tables {
    std::array<CharInfo, table_size> info{};
    std::array<std::array<char32_t, tone_count>, vowel_letters.size()> compose{};

    Tables() {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
        const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
        assert(U_SUCCESS(status));
        auto decompose = [&](char32_t cp) {
            icu::UnicodeString d =
                nfd->normalize(icu::UnicodeString(static_cast<UChar32>(cp)), status);
            std::u32string out;
            for (int32_t i = 0; i < d.length(); i = d.moveIndex32(i, 1))
                out.push_back(static_cast<char32_t>(d.char32At(i)));
            return out;
        };
        for (char32_t cp = 0; cp < 0x1F00; ++cp) {
            if (!in_table_range(cp))
                continue;
            CharInfo& ci = info[table_index(cp)];
            ci.lower = static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp)));
            ci.base = ci.lower;
            ci.fold = cp;
            const std::u32string own = decompose(cp);
            if (!own.empty() && own[0] < 0x80 && own.size() > 1)
                ci.fold = own[0];
            if (cp == U'đ')
                ci.fold = U'd';
            if (cp == U'Đ')
                ci.fold = U'D';

            const std::u32string low = decompose(ci.lower);
            if (low.empty())
                continue;
            int tone = 0;
            bool vietnamese = true;
            icu::UnicodeString base_nfd(static_cast<UChar32>(low[0]));
            for (std::size_t k = 1; k < low.size(); ++k) {
                if (int t = tone_of_mark(low[k]); t != 0 && tone == 0)
                    tone = t;
                else if (is_vowel_modifier(low[k]))
                    base_nfd.append(static_cast<UChar32>(low[k]));
                else
                    vietnamese = false;
            }
            if (!vietnamese)
                continue;
            const icu::UnicodeString base_nfc = nfc->normalize(base_nfd, status);
            if (base_nfc.countChar32() != 1)
                continue;
            const auto base = static_cast<char32_t>(base_nfc.char32At(0));
            for (std::size_t v = 0; v < vowel_letters.size(); ++v) {
                if (vowel_letters[v] == base) {
                    ci.vowel = static_cast<std::uint8_t>(v);
                    ci.base = base;
                    ci.tone = static_cast<std::uint8_t>(tone);
                    if (cp == ci.lower)
                        compose[v][static_cast<std::size_t>(tone)] = cp;
                }
            }
        }
    }
};

const Tables& tables() {
    static const Tables t;
    return t;
}

// Built before main, so the per-character look-ups below need no initialisation check.
const Tables& g_tables = tables();

/// A letter of the word being normalized: its base (lower case, toneless) and tone.
struct Letter {
    char32_t base;
    std::uint8_t tone;
    std::uint8_t vowel;
};

bool has_hat(char32_t base) {
    return base == U'ă' || base == U'â' || base == U'ê' || base == U'ô' || base == U'ơ' ||
           base == U'ư';
}

/// Index of the letter that carries the tone in the new-style placement, or -1 when the
/// letters do not form a Vietnamese syllable (then nothing is moved).
int tone_position(const Letter* l, int n) {
    int start = 0;
    // "qu" and "gi" before another vowel belong to the onset, not to the vowel cluster.
    if ((n >= 2 && l[0].base == U'q' && l[1].base == U'u') ||
        (n >= 3 && l[0].base == U'g' && l[1].base == U'i' && l[2].vowel != no_vowel))
        start = 2;
    while (start < n && l[start].vowel == no_vowel)
        ++start;
    if (start == n) // "qú"-like leftovers: the u of qu is the only vowel
        return n >= 2 && l[1].vowel != no_vowel ? 1 : -1;
    int end = start;
    while (end < n && l[end].vowel != no_vowel)
        ++end;
    for (int k = end; k < n; ++k)
        if (l[k].vowel != no_vowel)
            return -1; // vowels after the final consonant: not one syllable
    const int len = end - start;
    if (len > 3)
        return -1;
    for (int k = end - 1; k >= start; --k)
        if (has_hat(l[k].base))
            return k;
    if (len == 1)
        return start;
    if (end < n) // closed syllable: the last vowel (hoàn, toán)
        return end - 1;
    if (len == 3)
        return start + 1; // oai, oay, uyu, oeo
    // Two vowels, open syllable: the first (mía, múa, and in the new style also hòa, khỏe,
    // thúy, where the old style wrote hoà, khoẻ, thuý).
    return start;
}

char32_t lower_of(char32_t cp) {
    if (in_table_range(cp))
        return g_tables.info[table_index(cp)].lower;
    return static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp)));
}

/// `text` lower-cased, then composed. Lower case first: some letters compose with a mark
/// only in lower case (j and a caron make ǰ, J and a caron stay apart), and composing first
/// would give a lower-case form that is not NFC, so not the term its NFC spelling gives.
std::u32string compose_nfc(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    icu::UnicodeString lowered;
    for (std::size_t pos = 0; pos < text.size();)
        lowered.append(static_cast<UChar32>(lower_of(next_code_point(text, pos))));
    icu::UnicodeString composed = nfc->normalize(lowered, status);
    std::u32string out;
    for (int32_t i = 0; i < composed.length(); i = composed.moveIndex32(i, 1))
        out.push_back(static_cast<char32_t>(composed.char32At(i)));
    return out;
}

/// Decodes valid UTF-8 into code points, composing through ICU only when a combining mark
/// is present (NFD input); everything else is already NFC as far as this script goes.
/// The result lives in a per-thread buffer, valid until the next call.
const std::u32string& code_points(std::string_view text) {
    thread_local std::u32string cps;
    cps.clear();
    for (std::size_t pos = 0; pos < text.size();) {
        const char32_t cp = next_code_point(text, pos);
        if (is_combining_mark(cp)) {
            cps = compose_nfc(text);
            return cps;
        }
        cps.push_back(cp);
    }
    return cps;
}

char32_t fold_of(char32_t cp) {
    return in_table_range(cp) ? g_tables.info[table_index(cp)].fold : cp;
}

WordForms forms_of(const std::u32string& cps, bool move_tone) {
    const Tables& t = g_tables;
    constexpr int max_letters = 10;
    std::array<Letter, max_letters> letters{};
    const int n = static_cast<int>(cps.size());
    int tone_at = -1;
    if (move_tone && n <= max_letters) {
        int tones = 0;
        bool letters_only = true;
        for (int k = 0; k < n; ++k) {
            const char32_t cp = cps[static_cast<std::size_t>(k)];
            if (!in_table_range(cp)) {
                letters_only = false;
                break;
            }
            const CharInfo& ci = t.info[table_index(cp)];
            letters[static_cast<std::size_t>(k)] = {ci.base, ci.tone, ci.vowel};
            tones += ci.tone != 0;
        }
        if (letters_only && tones == 1)
            tone_at = tone_position(letters.data(), n);
    }

    WordForms out;
    out.norm.reserve(cps.size() * 2);
    out.folded.reserve(cps.size());
    if (tone_at >= 0) {
        std::uint8_t tone = 0;
        for (int k = 0; k < n; ++k)
            tone = std::max(tone, letters[static_cast<std::size_t>(k)].tone);
        for (int k = 0; k < n; ++k) {
            const Letter& l = letters[static_cast<std::size_t>(k)];
            char32_t cp = l.base;
            if (k == tone_at && l.vowel != no_vowel && t.compose[l.vowel][tone] != 0)
                cp = t.compose[l.vowel][tone];
            append_utf8(out.norm, cp);
            append_utf8(out.folded, fold_of(l.base));
        }
        return out;
    }
    for (const char32_t cp : cps) {
        const char32_t low = lower_of(cp);
        append_utf8(out.norm, low);
        if (!is_combining_mark(low))
            append_utf8(out.folded, fold_of(low));
    }
    return out;
}

/// Plain ASCII needs only lower-casing: no tone to move, nothing to fold.
bool ascii_forms(std::string_view s, WordForms& out) {
    for (const char c : s)
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    out.norm.assign(s);
    for (char& c : out.norm)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    out.folded = out.norm;
    return true;
}

} // namespace

WordForms normalize_word(std::string_view word) {
    WordForms out;
    if (ascii_forms(word, out))
        return out;
    return forms_of(code_points(word), true);
}

WordForms normalize_token(std::string_view token) {
    WordForms out;
    if (ascii_forms(token, out))
        return out;
    return forms_of(code_points(token), false);
}

std::string to_lower_nfc(std::string_view text) {
    return normalize_token(text).norm;
}

std::string fold_diacritics(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const char32_t cp = next_code_point(text, pos);
        if (!is_combining_mark(cp))
            append_utf8(out, fold_of(cp));
    }
    return out;
}

bool has_diacritics(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
        const char32_t cp = next_code_point(text, pos);
        if (cp >= 0x80 && (is_combining_mark(cp) || fold_of(cp) != cp))
            return true;
    }
    return false;
}

} // namespace vnsearch
