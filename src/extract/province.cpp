#include "extract/province.hpp"

#include <cmath>
#include <map>

namespace vnsearch::extract {
namespace {

// How much each kind of evidence weighs when choosing the partner province. A mention in
// the headline or in "UBND tỉnh X" names the partner; "tại X" names the venue.
constexpr double weight_mention = 1.0;
constexpr double weight_title = 4.0;
constexpr double weight_admin_prefix = 2.0; // "tỉnh X", "thành phố X", "TP. X"
constexpr double weight_committee = 2.0;    // "UBND tỉnh X", "Ủy ban nhân dân tỉnh X"
constexpr double weight_branch = 1.5;       // "VNPT X", "Viettel X": a local branch
constexpr double weight_first_sentence = 1.0;
constexpr double penalty_venue = 1.5; // "tại X"
constexpr double weight_town = 0.4;   // a capital or a town stands for its province weakly
constexpr double min_score = 1.0;
// The merger took effect on this date; an article from then on goes by the new names.
constexpr std::uint32_t merger_yyyymmdd = 20250701;

/// What the mentions of a page say for each province (by code).
struct Tally {
    std::map<int, double> score, current_score, best_single, authority, current_authority;
    std::map<std::pair<int, int>, double> former_score, former_authority;
    std::map<int, std::uint32_t> first_seen;
    std::map<int, std::size_t> where; ///< the sentence of its weightiest mention

    /// Counts a mention of weight `w` in sentence `s`; `named_authority`: "tỉnh X" or the
    /// committee's name.
    void add(const PlaceRef& ref, double w, std::size_t s, std::uint32_t token,
             bool named_authority) {
        score[ref.province] += w;
        first_seen.try_emplace(ref.province, token);
        if (named_authority && ref.kind != PlaceRef::town)
            authority[ref.province] += 1;
        if (w > best_single[ref.province] || !where.count(ref.province)) {
            best_single[ref.province] = w;
            where[ref.province] = s;
        }
        if (ref.kind == PlaceRef::current_name)
            current_score[ref.province] += w;
        else if (ref.kind == PlaceRef::former_name)
            former_score[{ref.province, ref.former}] += w;
        if (named_authority) {
            if (ref.kind == PlaceRef::current_name)
                current_authority[ref.province] += w;
            else if (ref.kind == PlaceRef::former_name)
                former_authority[{ref.province, ref.former}] += w;
        }
    }
};

/// The weight of a mention in the text, from the words before it and where it stands;
/// `named_authority` tells whether it names the province as an authority.
double mention_weight(const Page& page, const CarrierFacts& carriers, const Mention& m,
                      const PlaceRef& ref, std::size_t s, bool& named_authority) {
    const std::vector<Token>& tokens = page.tokens;
    const Token& t = tokens[m.first];
    double w = ref.kind == PlaceRef::town ? weight_town : weight_mention;
    if (page.in_title(t))
        w += weight_title;
    const Token* p1 = previous_main(tokens, m.first, 1);
    const Token* p2 = previous_main(tokens, m.first, 2);
    const Token* p3 = previous_main(tokens, m.first, 3);
    const bool tinh = is(p1, "tinh");
    const bool thanh_pho = (is(p2, "thanh") && is(p1, "pho")) || is(p1, "tp");
    if (tinh || thanh_pho)
        w += weight_admin_prefix;
    const bool committee = (tinh && is(p2, "ubnd")) || (tinh && is(p2, "dan") && is(p3, "nhan")) ||
                           (thanh_pho && (is(p3, "ubnd") || is(p2, "ubnd")));
    if (committee)
        w += weight_committee;
    if (is(p1, "tai") || ((tinh || thanh_pho) && (is(p2, "tai") || is(p3, "tai"))))
        w -= penalty_venue;
    if (std::find(carriers.branch_after.begin(), carriers.branch_after.end(), m.first) !=
        carriers.branch_after.end())
        w += weight_branch;
    if (s == page.story)
        w += weight_first_sentence;
    named_authority = tinh || committee;
    return w;
}

/// A headline given apart from the text (JSON) names the partner as a headline line does.
void count_separate_title(const Page& page, const Knowledge& k, Tally& tally) {
    if (page.title_in_text || page.title.empty())
        return;
    const auto title_tokens = tokenize(page.title);
    for (const Mention& m : k.places.find(page.title, title_tokens)) {
        const PlaceRef ref = PlaceRef::unpack(m.payload);
        const double w = ref.kind == PlaceRef::town ? weight_town : weight_title;
        tally.score[ref.province] += w;
        tally.first_seen.try_emplace(ref.province, 0);
        if (ref.kind == PlaceRef::former_name)
            tally.former_score[{ref.province, ref.former}] += w;
        else if (ref.kind == PlaceRef::current_name)
            tally.current_score[ref.province] += w;
    }
}

/// The old name counts when the article goes by it more than by today's name, or names the
/// authority by it ("UBND tỉnh Thừa Thiên Huế" in a story that says "Huế" for the city),
/// and was written before the merger took effect (or its date is unknown).
int former_name_of(int province, Tally& tally, const PartialDate& published) {
    const bool after_merger = !published.empty() && published.yyyymmdd() >= merger_yyyymmdd;
    double best_former = 0.0;
    int former = 0;
    for (const auto& [key, s] : tally.former_score) {
        if (key.first == province && s > best_former) {
            best_former = s;
            const bool goes_by = s > tally.current_score[province] ||
                                 tally.former_authority[key] > tally.current_authority[province];
            if (goes_by && !(after_merger && tally.current_score[province] > 0))
                former = key.second;
        }
    }
    return former;
}

} // namespace

ProvinceFacts find_province(const Page& page, const CarrierFacts& carriers,
                            const PartialDate& published, const Knowledge& k) {
    ProvinceFacts out;
    out.mentions = k.places.find(page.text, page.tokens);
    Tally tally;
    for (const Mention& m : out.mentions) {
        const PlaceRef ref = PlaceRef::unpack(m.payload);
        const Token& t = page.tokens[m.first];
        const std::size_t s = page.sentence_at(t.begin);
        if (page.sentences[s].chrome && !page.in_title(t))
            continue; // a related story's headline, a caption, a menu
        bool named_authority = false;
        const double w = mention_weight(page, carriers, m, ref, s, named_authority);
        tally.add(ref, w, s, m.first, named_authority);
    }
    count_separate_title(page, k, tally);
    double best = min_score - 1e-9;
    for (const auto& [code, s] : tally.score) {
        if (s > best + 1e-9 || (std::abs(s - best) <= 1e-9 && out.province != 0 &&
                                tally.first_seen[code] < tally.first_seen[out.province])) {
            out.province = code;
            best = s;
        }
    }
    if (out.province == 0)
        return out;
    out.score = best;
    out.where = tally.where[out.province];
    out.authority = tally.authority[out.province] > 0;
    out.former = former_name_of(out.province, tally, published);
    return out;
}

} // namespace vnsearch::extract
