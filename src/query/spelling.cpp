#include "query/spelling.hpp"

#include "text/vietnamese.hpp"

#include <algorithm>

namespace vnsearch {
namespace {

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

} // namespace

Xapian::doccount Vocabulary::documents_of(const std::string& folded_term) const {
    const auto it = folded.find(folded_term);
    return it == folded.end() ? 0 : it->second;
}

Xapian::doccount Vocabulary::rare() const {
    return std::max(spelling::rare_documents, documents / spelling::documents_per_slip);
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
    if (key.empty() || key.size() > spelling::longest_word * spelling::longest_name)
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
    if (f.size() < 3 || f.size() > spelling::longest_word || !is_ascii_word(f) ||
        df > vocabulary.rare())
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
