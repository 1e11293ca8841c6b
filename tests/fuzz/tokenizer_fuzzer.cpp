// Fuzz target: the tokenizer and the whole analyzer over decoded text. Tokens must point
// into the text at code point boundaries, in text order, with positions that a phrase
// query can rely on; compounds must be runs of the word tokens they name.

#include "check.hpp"
#include "text/vietnamese.hpp"
#include "vnsearch/analyzer.hpp"
#include "vnsearch/data_dir.hpp"
#include "vnsearch/knowledge.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace vnsearch;

void check_tokens(std::string_view text, const std::vector<Token>& tokens) {
    const Token* owner = nullptr; // the nearest preceding non-part token
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        VNSEARCH_FUZZ_CHECK(t.begin < t.end && t.end <= text.size());
        VNSEARCH_FUZZ_CHECK(fuzz::at_boundary(text, t.begin) && fuzz::at_boundary(text, t.end));
        VNSEARCH_FUZZ_CHECK(!t.norm.empty() && is_valid_utf8(t.norm));
        VNSEARCH_FUZZ_CHECK(!t.folded.empty() && is_valid_utf8(t.folded));
        VNSEARCH_FUZZ_CHECK(!has_diacritics(t.folded));
        if (t.part) {
            // A part lies inside the composite it belongs to, after the parts before it.
            VNSEARCH_FUZZ_CHECK(owner != nullptr);
            VNSEARCH_FUZZ_CHECK(owner->begin <= t.begin && t.end <= owner->end);
            VNSEARCH_FUZZ_CHECK(!t.after_break);
            VNSEARCH_FUZZ_CHECK(tokens[i - 1].part ? tokens[i - 1].end <= t.begin
                                                   : tokens[i - 1].begin == t.begin);
        } else {
            // Whole tokens do not overlap and come in text order.
            VNSEARCH_FUZZ_CHECK(owner == nullptr || owner->end <= t.begin);
            owner = &t;
        }
        if (i == 0) {
            VNSEARCH_FUZZ_CHECK(t.position == 0 && !t.part);
        } else {
            // Positions count up one a token; a composite shares its first part's.
            const bool composite = !tokens[i - 1].part && t.part;
            VNSEARCH_FUZZ_CHECK(t.position == tokens[i - 1].position + (composite ? 0 : 1));
        }
    }
}

void check_compounds(const Analysis& a) {
    std::size_t next_free = 0; // compounds are found left to right and never overlap
    for (const Compound& c : a.compounds) {
        VNSEARCH_FUZZ_CHECK(c.count >= 2 && c.count <= Lexicon::max_syllables);
        VNSEARCH_FUZZ_CHECK(c.first >= next_free && c.first + c.count <= a.tokens.size());
        next_free = c.first + c.count;
        std::string folded;
        for (std::size_t k = c.first; k < next_free; ++k) {
            const Token& t = a.tokens[k];
            VNSEARCH_FUZZ_CHECK(t.kind == TokenKind::word && !t.part);
            VNSEARCH_FUZZ_CHECK(k == c.first || !t.after_break);
            folded += (k == c.first ? "" : "_") + t.folded;
        }
        VNSEARCH_FUZZ_CHECK(c.folded == folded);
        VNSEARCH_FUZZ_CHECK(fold_diacritics(c.norm) == c.folded);
    }
}

bool same_tokens(const std::vector<Token>& a, const std::vector<Token>& b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].kind != b[i].kind || a[i].begin != b[i].begin || a[i].end != b[i].end ||
            a[i].position != b[i].position || a[i].part != b[i].part ||
            a[i].after_break != b[i].after_break || a[i].norm != b[i].norm ||
            a[i].folded != b[i].folded)
            return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Analyzer analyzer(Knowledge::load(data_dir())->lexicon);
    const DecodedText d = decode_utf8(std::string_view(reinterpret_cast<const char*>(data), size));
    const std::string_view text = d.text;

    const std::vector<Token> tokens = tokenize(text);
    check_tokens(text, tokens);
    for (const Analysis& a : {analyzer.analyze(text), analyzer.analyze_query(text)}) {
        // The tokenizer keeps per-thread buffers between calls: nothing may leak across.
        VNSEARCH_FUZZ_CHECK(same_tokens(a.tokens, tokens));
        check_compounds(a);
    }
    return 0;
}
