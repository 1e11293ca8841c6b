#include "extract/pillars.hpp"

#include <array>

namespace vnsearch::extract {
namespace {

// A pillar counts when its weighted terms reach the threshold. Terms weigh as data/
// pillars.tsv says (a pillar's own name 3, a telling paraphrase 2, other content 1), and
// names and telling paraphrases twice that where the sentence states what the parties
// commit to: one committed enumeration is enough, a name in passing needs content beside
// it, and general words ("đào tạo", "người dân") add up only slowly.
constexpr int threshold = 4;
constexpr int committed_factor = 2;
constexpr int telling_weight = 2;

enum class Weighing { ignored, plain, committed };

Weighing weighing(const Page& page, const std::vector<Stance>& stances, std::size_t s,
                  bool in_title, bool results_count) {
    const Stance& st = stances[s];
    if (page.sentences[s].chrome && !in_title)
        return Weighing::ignored;
    if (st.wishes)
        return Weighing::ignored; // "đề nghị VNPT ưu tiên phát triển hạ tầng ..."
    if (st.speaks && !st.commits)
        return Weighing::ignored; // "đánh giá cao ... 3 trụ cột ..."
    if (st.looks_back && !st.commits && !results_count)
        return Weighing::ignored; // "Thời gian qua, Viettel đã phủ sóng 4G ..."
    if (st.commits || st.continues || in_title || (st.lists && !st.looks_back) ||
        (st.signs && !st.recalls) || (st.looks_back && results_count))
        return Weighing::committed;
    return Weighing::plain;
}

} // namespace

PillarFacts find_pillars(const Page& page, const std::vector<Stance>& stances, const Knowledge& k,
                         bool results_count) {
    std::array<int, pillar_ids.size()> weight{};
    std::array<int, pillar_ids.size()> best{};
    std::array<std::size_t, pillar_ids.size()> where{};
    for (const Mention& m : k.pillar_terms.find(page.text, page.tokens, FindOptions{false})) {
        const Token& t = page.tokens[m.first];
        const std::size_t s = page.sentence_at(t.begin);
        const Weighing w = weighing(page, stances, s, page.in_title(t), results_count);
        if (w == Weighing::ignored)
            continue;
        const std::size_t p = m.payload >> 8;
        const int base = static_cast<int>(m.payload & 0xFF);
        const int term =
            base * (w == Weighing::committed && base >= telling_weight ? committed_factor : 1);
        weight[p] += term;
        if (term > best[p]) {
            best[p] = term;
            where[p] = s;
        }
    }
    PillarFacts out;
    for (std::size_t p = 0; p < pillar_ids.size(); ++p)
        if (weight[p] >= threshold) {
            out.pillars.push_back(static_cast<int>(p));
            out.where.push_back(where[p]);
        }
    return out;
}

} // namespace vnsearch::extract
