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
        // Extend the candidate one syllable at a time while it still begins an entry;
        // the longest one that is an entry wins. Accented and folded sequences grow
        // together, as hashes: no key string is built on the way.
        std::size_t matched = 0;
        bool by_folded = false;
        bool accented_alive = true;
        bool folded_alive = options.match_folded;
        std::uint64_t h = Lexicon::extend(0, tokens[i].norm);
        std::uint64_t hf = Lexicon::extend(0, tokens[i].folded);
        bool unaccented = tokens[i].norm == tokens[i].folded;
        for (std::size_t len = 2; len <= run && (accented_alive || folded_alive); ++len) {
            const Token& next = tokens[i + len - 1];
            unaccented = unaccented && next.norm == next.folded;
            const Lexicon::Match m = accented_alive
                                         ? lexicon.match(h = Lexicon::extend(h, next.norm))
                                         : Lexicon::no_match;
            folded_alive = folded_alive && unaccented;
            const Lexicon::Match mf =
                folded_alive ? lexicon.match_folded(hf = Lexicon::extend(hf, next.folded))
                             : Lexicon::no_match;
            accented_alive = (m & Lexicon::begins_entry) != 0;
            folded_alive = folded_alive && (mf & Lexicon::begins_entry) != 0;
            if ((m & Lexicon::is_entry) != 0) {
                matched = len;
                by_folded = false;
            } else if ((mf & Lexicon::is_entry) != 0) {
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
