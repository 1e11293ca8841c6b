#include "extract/page.hpp"
#include "text/vietnamese.hpp"

#include <algorithm>

namespace vnsearch::extract {

std::uint64_t Phrases::hash(std::string_view norm) noexcept {
    return std::hash<std::string_view>{}(norm);
}

Phrases::Phrases(std::initializer_list<std::string_view> phrases) {
    for (const std::string_view p : phrases) {
        Phrase phrase;
        for (const Token& t : tokenize(p))
            if (!t.part) {
                phrase.hashes.push_back(hash(t.norm));
                phrase.norms.push_back(t.norm);
            }
        if (!phrase.norms.empty())
            m_phrases.push_back(std::move(phrase));
    }
    std::stable_sort(m_phrases.begin(), m_phrases.end(), [](const Phrase& a, const Phrase& b) {
        return a.norms.size() > b.norms.size();
    });
    for (std::uint32_t i = 0; i < m_phrases.size(); ++i) {
        const std::uint64_t h = m_phrases[i].hashes.front();
        m_by_first.emplace_back(h, i);
        m_first_bits[(h >> 6) & 15] |= std::uint64_t{1} << (h & 63);
    }
    std::stable_sort(m_by_first.begin(), m_by_first.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
}

std::size_t Phrases::match(const Page& page, std::size_t i) const {
    const std::uint64_t first = page.norm_hashes[i];
    if (!(m_first_bits[(first >> 6) & 15] >> (first & 63) & 1))
        return 0;
    auto it = std::lower_bound(m_by_first.begin(), m_by_first.end(), first,
                               [](const auto& e, std::uint64_t h) { return e.first < h; });
    const std::vector<Token>& tokens = page.tokens;
    for (; it != m_by_first.end() && it->first == first; ++it) { // longest first
        const Phrase& phrase = m_phrases[it->second];
        std::size_t at = i;
        std::size_t k = 0;
        while (k < phrase.hashes.size() && at < tokens.size() &&
               page.norm_hashes[at] == phrase.hashes[k] && tokens[at].norm == phrase.norms[k]) {
            ++k;
            do
                ++at;
            while (at < tokens.size() && tokens[at].part);
        }
        if (k == phrase.hashes.size())
            return k;
    }
    return 0;
}

std::size_t Phrases::find(const Page& page, std::size_t from, std::size_t to) const {
    for (std::size_t i = from; i < to; ++i)
        if (!page.tokens[i].part && match(page, i) > 0)
            return i;
    return to;
}

namespace {

/// Whether the phrase of these hashes and norms starts at main token `i`.
bool phrase_at(const Page& page, std::size_t i, const std::vector<std::uint64_t>& hashes,
               const std::vector<std::string>& norms) {
    const std::vector<Token>& tokens = page.tokens;
    std::size_t at = i;
    for (std::size_t k = 0; k < hashes.size(); ++k) {
        if (at >= tokens.size() || page.norm_hashes[at] != hashes[k] || tokens[at].norm != norms[k])
            return false;
        do
            ++at;
        while (at < tokens.size() && tokens[at].part);
    }
    return true;
}

} // namespace

PhraseTable::PhraseTable(std::initializer_list<std::initializer_list<std::string_view>> lists) {
    std::uint32_t list = 0;
    for (const auto& phrases : lists) {
        for (const std::string_view p : phrases) {
            Phrase phrase;
            phrase.list = list;
            for (const Token& t : tokenize(p))
                if (!t.part) {
                    phrase.hashes.push_back(Phrases::hash(t.norm));
                    phrase.norms.push_back(t.norm);
                }
            if (!phrase.norms.empty())
                m_phrases.push_back(std::move(phrase));
        }
        ++list;
    }
    for (std::uint32_t i = 0; i < m_phrases.size(); ++i) {
        const std::uint64_t h = m_phrases[i].hashes.front();
        m_by_first.emplace_back(h, i);
        m_first_bits[(h >> 6) & 15] |= std::uint64_t{1} << (h & 63);
    }
    std::sort(m_by_first.begin(), m_by_first.end());
}

std::vector<std::uint32_t> PhraseTable::scan(const Page& page) const {
    std::vector<std::uint32_t> out(page.sentences.size(), 0);
    for (std::size_t s = 0; s < page.sentences.size(); ++s) {
        const Sentence& sentence = page.sentences[s];
        for (std::size_t i = sentence.first_token; i < sentence.end_token; ++i) {
            const std::uint64_t h = page.norm_hashes[i];
            if (page.tokens[i].part || !(m_first_bits[(h >> 6) & 15] >> (h & 63) & 1))
                continue;
            auto it = std::lower_bound(m_by_first.begin(), m_by_first.end(), h,
                                       [](const auto& e, std::uint64_t v) { return e.first < v; });
            for (; it != m_by_first.end() && it->first == h; ++it) {
                const Phrase& p = m_phrases[it->second];
                if (!(out[s] >> p.list & 1) && phrase_at(page, i, p.hashes, p.norms))
                    out[s] |= 1u << p.list;
            }
        }
    }
    return out;
}

const Token* previous_main(const std::vector<Token>& tokens, std::size_t i, std::size_t back) {
    while (i > 0) {
        --i;
        if (!tokens[i].part && --back == 0)
            return &tokens[i];
    }
    return nullptr;
}

const Token* next_main(const std::vector<Token>& tokens, std::size_t i, std::size_t ahead) {
    while (++i < tokens.size())
        if (!tokens[i].part && --ahead == 0)
            return &tokens[i];
    return nullptr;
}

} // namespace vnsearch::extract
