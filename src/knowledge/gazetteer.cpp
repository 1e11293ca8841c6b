#include "vnsearch/gazetteer.hpp"

#include "vnsearch/utf8.hpp"

#include <algorithm>
#include <unicode/uchar.h>

namespace vnsearch {
namespace {

bool starts_upper(std::string_view s) {
    if (s.empty())
        return false;
    std::size_t pos = 0;
    return u_isupper(static_cast<UChar32>(next_code_point(s, pos))) != 0;
}

std::vector<const Token*> main_tokens(const std::vector<Token>& tokens,
                                      std::vector<std::uint32_t>& index) {
    std::vector<const Token*> out;
    out.reserve(tokens.size());
    index.clear();
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (!tokens[i].part) {
            out.push_back(&tokens[i]);
            index.push_back(static_cast<std::uint32_t>(i));
        }
    }
    return out;
}

} // namespace

bool Gazetteer::add(std::string_view variant, std::uint32_t payload) {
    const auto tokens = tokenize(variant);
    Variant v;
    v.payload = payload;
    v.written = std::string(variant);
    for (const Token& t : tokens) {
        if (t.part)
            continue;
        v.norms.push_back(t.norm);
        v.folded.push_back(t.folded);
        v.capital.push_back(starts_upper(variant.substr(t.begin, t.end - t.begin)));
    }
    if (v.norms.empty())
        return false;
    const auto id = static_cast<std::uint32_t>(m_variants.size());
    auto& bucket = m_by_first[v.folded.front()];
    m_variants.push_back(std::move(v));
    bucket.push_back(id);
    // Longest first, so the first variant that matches at a position is the one to take.
    std::sort(bucket.begin(), bucket.end(), [this](std::uint32_t a, std::uint32_t b) {
        return m_variants[a].norms.size() > m_variants[b].norms.size();
    });
    return true;
}

std::vector<Mention> Gazetteer::find(std::string_view text, const std::vector<Token>& tokens,
                                     FindOptions options) const {
    std::vector<std::uint32_t> index;
    const std::vector<const Token*> toks = main_tokens(tokens, index);
    std::vector<Mention> out;
    std::size_t i = 0;
    while (i < toks.size()) {
        const auto it = m_by_first.find(toks[i]->folded);
        if (it == m_by_first.end()) {
            ++i;
            continue;
        }
        std::size_t advance = 1;
        for (const std::uint32_t id : it->second) {
            const Variant& v = m_variants[id];
            if (i + v.norms.size() > toks.size())
                continue;
            bool ok = true;
            for (std::size_t k = 0; k < v.norms.size() && ok; ++k) {
                const Token& t = *toks[i + k];
                const bool accented = t.norm != t.folded;
                ok = accented ? t.norm == v.norms[k] : t.folded == v.folded[k];
                if (ok && options.match_case && v.capital[k])
                    ok = starts_upper(text.substr(t.begin, t.end - t.begin));
            }
            if (!ok)
                continue;
            if (v.payload != blocked)
                out.push_back({index[i], index[i + v.norms.size() - 1], v.payload});
            advance = v.norms.size();
            break;
        }
        i += advance;
    }
    return out;
}

} // namespace vnsearch
