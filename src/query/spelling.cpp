#include "query/spelling.hpp"

#include "text/vietnamese.hpp"
#include "vnsearch/query.hpp"
#include "vnsearch/utf8.hpp"

#include <algorithm>
#include <unicode/uchar.h>

namespace vnsearch {
namespace {

// A word the index knows may still be a slip of a word far more frequent when it is in this
// many documents or fewer, and one more for every documents_per_slip documents of the index
// (a larger crawl holds the same slips more often).
constexpr Xapian::doccount rare_documents = 1;
constexpr Xapian::doccount documents_per_slip = 20000;
// An accented spelling restores an unaccented word when it is this share of its documents.
constexpr double restore_share = 0.3;
// The longest name, in words, looked for around a misspelt word.
constexpr std::size_t longest_name = 4;
// A word longer than this (in bytes, folded) is no misspelt word: no Vietnamese syllable or
// name comes near, and its edits would cost its length squared.
constexpr std::size_t longest_word = 24;

/// What names are compared by: folded, lower case, letters and digits only, k for c ("Đắc
/// Lắc", "Dak Lak" and "Daklak" are one key; so are "TP HCM" and "tp.hcm").
std::string key_of(std::string_view text) {
    std::string key;
    for (const char c : fold_diacritics(to_lower_nfc(text))) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            key.push_back(c == 'c' ? 'k' : c);
    }
    return key;
}

bool is_ascii_word(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

/// `word` with the letter case of `typed`: all capitals, a capital first, or as it is.
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

Xapian::doccount Vocabulary::documents_of(const std::string& folded_term) const {
    const auto it = folded.find(folded_term);
    return it == folded.end() ? 0 : it->second;
}

Xapian::doccount Vocabulary::rare() const {
    return std::max(rare_documents, documents / documents_per_slip);
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

Speller::Speller(std::shared_ptr<const Knowledge> knowledge)
    : m_knowledge(std::move(knowledge)), m_analyzer(m_knowledge->lexicon) {
    const Knowledge& k = *m_knowledge;
    auto add = [&](std::string_view variant, const std::string& written) {
        std::size_t index = m_names.size();
        const auto known = std::find_if(m_names.begin(), m_names.end(),
                                        [&](const Name& n) { return n.written == written; });
        if (known == m_names.end()) {
            Name name{written, key_of(written), {}};
            for (const Token& t : tokenize(written))
                if (!t.part)
                    name.folded_words.push_back(t.folded);
            m_names.push_back(std::move(name));
            m_by_key.try_emplace(m_names.back().key, index);
        } else {
            index = static_cast<std::size_t>(known - m_names.begin());
        }
        m_by_key.try_emplace(key_of(variant), index);
    };
    k.carrier_names.for_each_variant([&](std::string_view variant, std::uint32_t payload) {
        if (payload < k.carriers.size())
            add(variant, k.carriers[payload]);
    });
    k.places.for_each_variant([&](std::string_view variant, std::uint32_t payload) {
        if (payload == Gazetteer::blocked)
            return;
        const PlaceRef ref = PlaceRef::unpack(payload);
        if (ref.kind == PlaceRef::town)
            add(variant, std::string(variant));
        else if (ref.kind == PlaceRef::former_name && ref.former >= 1 &&
                 ref.former <= k.former_provinces.size())
            add(variant, k.former_provinces[ref.former - 1u]);
        else if (ref.province >= 1 && ref.province <= k.provinces.size())
            add(variant, k.provinces[ref.province - 1u]);
    });
    m_by_key.erase("");
}

const Speller::Name* Speller::name_for(std::string_view typed,
                                       const std::vector<const Token*>& words,
                                       const Vocabulary& vocabulary, Mode mode,
                                       bool is_mention) const {
    const std::string key = key_of(typed);
    if (key.empty() || key.size() > longest_word * longest_name)
        return nullptr;
    const auto it = m_by_key.find(key);
    if (mode == Mode::restore) {
        // The name itself, but for diacritics, letter case, spaces or c for k.
        if (it != m_by_key.end() && m_names[it->second].key == key)
            return &m_names[it->second];
        return nullptr;
    }
    if (is_mention)
        return nullptr; // searched as that name already
    if (it != m_by_key.end())
        return &m_names[it->second]; // a spelling the gazetteer misses: c for k, spaces
    if (key.size() < 4)
        return nullptr;
    // One slip away from a name, and some word of it unknown or far rarer than the name's;
    // of several such names, the first the gazetteers list.
    const Name* found = nullptr;
    for (const auto& [other, index] : m_by_key) {
        if (other.size() + 1 < key.size() || other.size() > key.size() + 1 ||
            (found != nullptr && &m_names[index] >= found) ||
            !one_edit_apart(key, other, key.size() < 6))
            continue;
        // Each typed word against the name's word in its place (the name's most frequent
        // word when they are not as many: "Gialia" for "Gia Lai").
        const Name& name = m_names[index];
        Xapian::doccount most = 0;
        for (const std::string& w : name.folded_words)
            most = std::max(most, vocabulary.documents_of(w));
        for (std::size_t j = 0; j < words.size(); ++j) {
            const Xapian::doccount df = vocabulary.documents_of(words[j]->folded);
            const Xapian::doccount counterpart = words.size() == name.folded_words.size()
                                                     ? vocabulary.documents_of(name.folded_words[j])
                                                     : most;
            if (df == 0 || (df <= vocabulary.rare() && df * vocabulary.far_rarer <= counterpart)) {
                found = &name;
                break;
            }
        }
    }
    return found;
}

std::optional<std::string> Speller::word_for(const Token& token, std::string_view typed,
                                             const Vocabulary& vocabulary) const {
    auto known = [&](const std::string& accented) {
        return vocabulary.documents_of(fold_diacritics(accented)) > 0;
    };
    if (token.kind == TokenKind::code) {
        if (const auto v = decode_vni(token.norm); v && known(*v))
            return cased_like(typed, *v);
        return std::nullopt;
    }
    if (token.kind != TokenKind::word)
        return std::nullopt;
    const std::string& f = token.folded;
    const Xapian::doccount df = vocabulary.documents_of(f);
    if (df == 0 && token.norm == f) {
        if (const auto v = decode_telex(token.norm); v && known(*v))
            return cased_like(typed, *v);
    }
    if (f.size() < 3 || f.size() > longest_word || !is_ascii_word(f) || df > vocabulary.rare())
        return std::nullopt;
    // The most frequent word one edit away: a letter removed, swapped, changed or added.
    static constexpr std::string_view alphabet = "abcdefghijklmnopqrstuvwxyz";
    std::string best;
    Xapian::doccount best_df = 0;
    auto consider = [&](const std::string& candidate) {
        const Xapian::doccount n = vocabulary.documents_of(candidate);
        if (n > best_df || (n == best_df && n > 0 && candidate < best)) {
            best_df = n;
            best = candidate;
        }
    };
    std::string c;
    for (std::size_t p = 0; p < f.size(); ++p) {
        c = f;
        c.erase(p, 1);
        consider(c);
        if (p + 1 < f.size() && f[p] != f[p + 1]) {
            c = f;
            std::swap(c[p], c[p + 1]);
            consider(c);
        }
        for (const char ch : alphabet) {
            if (ch == f[p])
                continue;
            c = f;
            c[p] = ch;
            consider(c);
        }
    }
    for (std::size_t p = 0; p <= f.size(); ++p)
        for (const char ch : alphabet) {
            c = f;
            c.insert(c.begin() + static_cast<std::ptrdiff_t>(p), ch);
            consider(c);
        }
    if (best_df == 0 || (df > 0 && df * vocabulary.far_rarer > best_df))
        return std::nullopt;
    std::string word = best;
    if (token.norm != f) // typed with diacritics: corrected with them
        if (const auto acc = vocabulary.accented.find(best); acc != vocabulary.accented.end())
            word = acc->second.first;
    return cased_like(typed, word);
}

void Speller::edit_run(std::string_view query, std::size_t begin, std::size_t end,
                       const Vocabulary& vocabulary, Mode mode, std::vector<Edit>& out) const {
    const Knowledge& k = *m_knowledge;
    const std::string_view text = query.substr(begin, end - begin);
    const Analysis a = m_analyzer.analyze_query(text);
    // Diacritics are restored in a run typed without any: where some are typed, a word
    // without them ("công ty", "giai đoạn") is meant so.
    const bool unaccented = !has_diacritics(text);
    std::vector<std::size_t> main; // indexes into a.tokens
    std::vector<std::size_t> main_of(a.tokens.size(), 0);
    for (std::size_t i = 0; i < a.tokens.size(); ++i)
        if (!a.tokens[i].part) {
            main_of[i] = main.size();
            main.push_back(i);
        }
    // The names the query already finds, as ranges of `main`.
    std::vector<std::pair<std::size_t, std::size_t>> mentions;
    for (const Gazetteer* g : {&k.places, &k.carrier_names})
        for (const Mention& m : g->find(text, a.tokens, FindOptions{false}))
            mentions.emplace_back(main_of[m.first], main_of[m.last]);
    auto typed = [&](std::size_t first, std::size_t last) {
        return text.substr(a.tokens[main[first]].begin,
                           a.tokens[main[last]].end - a.tokens[main[first]].begin);
    };
    auto edit = [&](std::size_t first, std::size_t last, std::string replacement) {
        out.push_back({begin + a.tokens[main[first]].begin, begin + a.tokens[main[last]].end,
                       std::move(replacement)});
    };
    std::size_t i = 0;
    while (i < main.size()) {
        bool done = false;
        for (std::size_t len = std::min(longest_name, main.size() - i); len >= 1 && !done; --len) {
            const std::size_t last = i + len - 1;
            bool is_mention = false, straddles = false;
            for (const auto& [first_m, last_m] : mentions) {
                if (first_m == i && last_m == last)
                    is_mention = true;
                else if (first_m <= last && i <= last_m)
                    straddles = true;
            }
            if (straddles && !is_mention)
                continue;
            std::vector<const Token*> words;
            for (std::size_t w = i; w <= last; ++w)
                words.push_back(&a.tokens[main[w]]);
            if (std::any_of(words.begin(), words.end(), [](const Token* t) {
                    return t->kind != TokenKind::word && t->kind != TokenKind::code;
                }))
                continue;
            const std::string_view as_typed = typed(i, last);
            if (const Name* name = name_for(as_typed, words, vocabulary, mode, is_mention)) {
                if (to_lower_nfc(as_typed) != to_lower_nfc(name->written))
                    edit(i, last, name->written);
                i += len;
                done = true;
            } else if (is_mention) {
                i += len; // a name the query finds: its words are no misspelling
                done = true;
            }
        }
        if (done)
            continue;
        const Token& t = a.tokens[main[i]];
        if (mode == Mode::correct) {
            if (const auto word = word_for(t, typed(i, i), vocabulary))
                edit(i, i, *word);
            ++i;
            continue;
        }
        // Restoring: a word of several syllables typed without diacritics, from the lexicon.
        const auto compound = std::find_if(a.compounds.begin(), a.compounds.end(),
                                           [&](const Compound& c) { return c.first == main[i]; });
        if (compound != a.compounds.end()) {
            const std::size_t last = main_of[compound->first + compound->count - 1];
            bool plain = true;
            for (std::size_t w = i; w <= last; ++w)
                plain = plain && a.tokens[main[w]].norm == a.tokens[main[w]].folded;
            std::string key = compound->folded;
            std::replace(key.begin(), key.end(), '_', ' ');
            if (const std::string* accented = k.lexicon->accented(key);
                unaccented && plain && accented) {
                edit(i, last, cased_like(typed(i, i), *accented));
                i = last + 1;
                continue;
            }
        }
        // A syllable typed without diacritics, in the spelling the index holds most.
        if (unaccented && t.kind == TokenKind::word) {
            const Xapian::doccount df = vocabulary.documents_of(t.folded);
            if (const auto acc = vocabulary.accented.find(t.folded);
                acc != vocabulary.accented.end() && df > 0 &&
                acc->second.second >= restore_share * df)
                edit(i, i, cased_like(typed(i, i), acc->second.first));
        }
        ++i;
    }
}

std::vector<Speller::Edit> Speller::edits(std::string_view query, const Vocabulary& vocabulary,
                                          Mode mode) const {
    // Runs of plain words: what the query language reads as text. Operators, field filters
    // and excluded words end a run and are never edited; so does a parenthesis or a quote.
    std::vector<Edit> out;
    std::size_t run_begin = std::string_view::npos, run_end = 0;
    auto close_run = [&] {
        if (run_begin != std::string_view::npos)
            edit_run(query, run_begin, run_end, vocabulary, mode, out);
        run_begin = std::string_view::npos;
    };
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    bool in_quote = false, skip_next = false, skip_to_quote = false;
    std::size_t i = 0;
    while (i < query.size()) {
        while (i < query.size() && space(query[i]))
            ++i;
        std::size_t j = i;
        while (j < query.size() && !space(query[j]))
            ++j;
        if (i == j)
            break;
        std::size_t b = i, e = j;
        i = j;
        const std::string_view chunk = query.substr(b, e - b);
        if (skip_to_quote) {
            skip_to_quote = chunk.back() != '"';
            continue;
        }
        if (!in_quote) {
            if (is_operator(chunk)) {
                close_run();
                skip_next = chunk == "NOT" || chunk == "KHÔNG";
                continue;
            }
            const bool negated = chunk.size() > 1 && chunk[0] == '-';
            const std::size_t colon = chunk.find(':');
            const bool filter = colon != std::string_view::npos && colon > 0 &&
                                is_field_name(to_lower_nfc(chunk.substr(0, colon)));
            if (skip_next || negated || filter) {
                close_run();
                skip_next = false;
                const std::size_t quote = chunk.find('"');
                if (quote != std::string_view::npos)
                    skip_to_quote = chunk.find('"', quote + 1) == std::string_view::npos;
                continue;
            }
        }
        bool ends_run = false;
        while (b < e && (query[b] == '(' || query[b] == '"' || query[b] == '+')) {
            if (query[b] != '+') {
                close_run();
                in_quote = in_quote != (query[b] == '"');
            }
            ++b;
        }
        while (e > b && (query[e - 1] == ')' || query[e - 1] == '"')) {
            if (query[e - 1] == '"')
                in_quote = !in_quote;
            ends_run = true;
            --e;
        }
        if (b < e) {
            if (run_begin == std::string_view::npos)
                run_begin = b;
            run_end = e;
        }
        if (ends_run)
            close_run();
    }
    close_run();
    std::sort(out.begin(), out.end(),
              [](const Edit& x, const Edit& y) { return x.begin < y.begin; });
    return out;
}

std::optional<QueryCorrection> Speller::correct(std::string_view query,
                                                const Vocabulary& vocabulary) const {
    const std::vector<Edit> found = edits(query, vocabulary, Mode::correct);
    if (found.empty())
        return std::nullopt;
    QueryCorrection c;
    c.from = std::string(query);
    std::size_t at = 0;
    for (const Edit& e : found) {
        c.to.append(query.substr(at, e.begin - at));
        c.to += e.text;
        c.words.emplace_back(std::string(query.substr(e.begin, e.end - e.begin)), e.text);
        at = e.end;
    }
    c.to.append(query.substr(at));
    return c;
}

std::optional<std::string> Speller::suggest(std::string_view query, const Vocabulary& vocabulary,
                                            bool correct_words) const {
    std::string text(query);
    if (correct_words)
        if (auto c = correct(query, vocabulary))
            text = std::move(c->to);
    std::string out;
    std::size_t at = 0;
    for (const Edit& e : edits(text, vocabulary, Mode::restore)) {
        out.append(text, at, e.begin - at);
        out += e.text;
        at = e.end;
    }
    out.append(text, at);
    if (to_lower_nfc(out) == to_lower_nfc(query))
        return std::nullopt;
    return out;
}

} // namespace vnsearch
