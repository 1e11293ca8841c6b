#include "extract/period.hpp"

namespace vnsearch::extract {
namespace {

// What makes a year range the agreement's period rather than another span of years.
constexpr int weight_named = 2;         // "giai đoạn 2021-2025"
constexpr int weight_in_signing = 3;    // in the sentence that reports the signing
constexpr int weight_in_title = 3;      // in the headline
constexpr int weight_later = 2;         // starts after another candidate ends: the new one
constexpr int penalty_looking_back = 3; // "Trong giai đoạn 2014-2020, ... đã ..."

int year_of(std::string_view s) {
    int v = 0;
    for (const char c : s.substr(0, 4))
        v = v * 10 + (c - '0');
    return v;
}

struct Candidate {
    std::string range;
    int from = 0;
    int to = 0;
    std::size_t sentence = 0;
    int score = 0;
};

} // namespace

PeriodFacts find_period(const Page& page, const std::vector<Stance>& stances,
                        std::optional<std::size_t> signing) {
    PeriodFacts out;
    const std::vector<Token>& tokens = page.tokens;
    std::vector<Candidate> candidates;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (t.part)
            continue;
        const std::size_t s = page.sentence_at(t.begin);
        if (t.kind == TokenKind::year_range) {
            if (page.sentences[s].chrome && !page.in_title(t))
                continue;
            Candidate c{t.norm, year_of(t.norm), year_of(std::string_view(t.norm).substr(5)), s};
            if (c.to <= c.from)
                continue; // "2020-2020", a typing slip, or no span at all
            for (std::size_t back = 1; back <= 3; ++back)
                if (is(previous_main(tokens, i, back), "doan") &&
                    is(previous_main(tokens, i, back + 1), "giai")) {
                    c.score += weight_named; // "giai đoạn 2021-2025", "giai đoạn tiếp theo, ..."
                    break;
                }
            if (signing && s == *signing)
                c.score += weight_in_signing;
            if (page.in_title(t))
                c.score += weight_in_title;
            const Stance& st = stances[s];
            if (st.looks_back && !(signing && s == *signing))
                c.score -= penalty_looking_back;
            candidates.push_back(c);
        }
        // "tầm nhìn đến năm 2045", "định hướng đến năm 2035", "tầm nhìn 2050"
        if (t.kind == TokenKind::year && !out.vision_where) {
            for (std::size_t back = 1; back <= 4; ++back) {
                const Token* p = previous_main(tokens, i, back);
                const Token* q = previous_main(tokens, i, back + 1);
                if ((is(p, "nhin") && is(q, "tam")) || (is(p, "huong") && is(q, "dinh"))) {
                    out.vision = year_of(t.norm);
                    out.vision_where = s;
                    break;
                }
            }
        }
    }
    for (Candidate& c : candidates)
        for (const Candidate& other : candidates)
            if (c.from >= other.to && c.range != other.range) {
                c.score += weight_later;
                break;
            }
    const Candidate* best = nullptr;
    for (const Candidate& c : candidates)
        if (best == nullptr || c.score > best->score ||
            (c.score == best->score && c.from > best->from))
            best = &c;
    if (best != nullptr) {
        out.period = best->range;
        out.from = best->from;
        out.where = best->sentence;
    }
    // A vision beyond the period's end; one before it is another plan's horizon.
    if (out.vision != 0 && out.from != 0 && out.vision < out.from) {
        out.vision = 0;
        out.vision_where.reset();
    }
    return out;
}

} // namespace vnsearch::extract
