#include "vnsearch/segmenter.hpp"

#include <algorithm>

namespace vnsearch {
namespace {

bool is_syllable(const Token& t) {
    return t.kind == TokenKind::word && !t.part;
}

} // namespace

std::vector<Compound> segment(const std::vector<Token>& tokens, const Lexicon& lexicon,
                              SegmentOptions options) {
    std::vector<Compound> out;
    std::string key;
    const std::size_t n = tokens.size();
    std::size_t i = 0;
    while (i < n) {
        if (!is_syllable(tokens[i])) {
            ++i;
            continue;
        }
        // How many syllables follow without a break: the longest candidate.
        std::size_t run = 1;
        while (run < static_cast<std::size_t>(Lexicon::max_syllables) && i + run < n &&
               is_syllable(tokens[i + run]) && !tokens[i + run].after_break)
            ++run;
        std::size_t matched = 0;
        bool by_folded = false;
        for (std::size_t len = run; len >= 2 && matched == 0; --len) {
            bool unaccented = true;
            key.clear();
            for (std::size_t k = 0; k < len; ++k) {
                if (k > 0)
                    key += ' ';
                key += tokens[i + k].norm;
                unaccented = unaccented && tokens[i + k].norm == tokens[i + k].folded;
            }
            if (lexicon.contains(key)) {
                matched = len;
            } else if (options.match_folded && unaccented && lexicon.accented(key) != nullptr) {
                matched = len;
                by_folded = true;
            }
        }
        if (matched == 0) {
            ++i;
            continue;
        }
        Compound c;
        c.first = static_cast<std::uint32_t>(i);
        c.count = static_cast<std::uint32_t>(matched);
        for (std::size_t k = 0; k < matched; ++k) {
            if (k > 0) {
                c.norm += '_';
                c.folded += '_';
            }
            c.norm += by_folded ? tokens[i + k].folded : tokens[i + k].norm;
            c.folded += tokens[i + k].folded;
        }
        out.push_back(std::move(c));
        i += matched;
    }
    return out;
}

} // namespace vnsearch
