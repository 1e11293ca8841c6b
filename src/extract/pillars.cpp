#include "extract/pillars.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

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
    // A speaker's praise is not the agreement's; a speaker's account of the work done under
    // it, at a review, is the work reported.
    if (st.speaks && !st.commits && !(results_count && st.looks_back))
        return Weighing::ignored; // "đánh giá cao ... 3 trụ cột ..."
    if (st.looks_back && !st.commits && !results_count)
        return Weighing::ignored; // "Thời gian qua, Viettel đã phủ sóng 4G ..."
    if (st.commits || st.continues || in_title || (st.lists && !st.looks_back) ||
        (st.signs && !st.recalls) || (st.looks_back && results_count))
        return Weighing::committed;
    return Weighing::plain;
}

/// The tokens naming what an agreement signed now is about: the object of the signing verb,
/// "ký kết thỏa thuận hợp tác về [xây dựng chính quyền điện tử, chuyển đổi số] giai đoạn
/// 2021-2025". It starts after the signing verb and the words for the document ("thỏa
/// thuận", "biên bản ghi nhớ", "hợp tác", "về") and ends at the period, the parties
/// ("giữa"), the venue ("tại"), the purpose ("nhằm") or the sentence's end, and runs
/// over no more than max_scope_tokens words. Empty when the
/// sentence tells of no signing.
constexpr std::size_t max_scope_tokens = 40;

std::pair<std::size_t, std::size_t> agreement_scope(const Page& page, const Sentence& s) {
    const std::vector<Token>& tokens = page.tokens;
    static constexpr std::array<std::string_view, 9> document = {
        "ket", "thoa", "thuan", "bien", "ban", "ghi", "nho", "hop", "tac"};
    std::size_t i = s.first_token;
    while (i < s.end_token && !is_signing_verb(tokens, i))
        ++i;
    if (i == s.end_token)
        return {0, 0};
    bool named = false; // the signing's object names a document or a cooperation
    for (++i; i < s.end_token; ++i) {
        if (tokens[i].part)
            continue;
        const std::string& w = tokens[i].folded;
        if (std::find(document.begin(), document.end(), w) != document.end()) {
            named = named || w != "ket";
            continue;
        }
        if (w == "ve" && named)
            continue;
        break;
    }
    if (!named)
        return {0, 0};
    const std::size_t from = i;
    for (; i < s.end_token; ++i) {
        if (tokens[i].part)
            continue;
        const std::string& w = tokens[i].folded;
        const Token* next = next_main(tokens, i);
        if ((w == "giai" && is(next, "doan")) || w == "giua" || w == "tai" || w == "nham" ||
            tokens[i].kind == TokenKind::year_range || i - from >= max_scope_tokens)
            break;
    }
    return {from, i};
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
        // What the agreement signed now is about is what it commits to.
        const auto [from, to] = stances[s].signs && !stances[s].recalls
                                    ? agreement_scope(page, page.sentences[s])
                                    : std::pair<std::size_t, std::size_t>{0, 0};
        const Weighing w = m.first >= from && m.first < to
                               ? Weighing::committed
                               : weighing(page, stances, s, page.in_title(t), results_count);
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
