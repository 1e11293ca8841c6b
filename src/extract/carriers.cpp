#include "extract/carriers.hpp"

#include <algorithm>

namespace vnsearch::extract {
namespace {

// A carrier counts from this weight, and from this share of the best carrier's weight: a
// carrier named once in passing beside the party does not.
constexpr double min_weight = 2.0;
constexpr double min_share_of_best = 0.25;
constexpr double weight_mention = 1.0;
constexpr double weight_in_title = 3.0;
constexpr double weight_in_signing = 1.0;
// Named together in one sentence, this many carriers are the story's actors.
constexpr std::size_t min_listed_together = 3;

} // namespace

CarrierFacts find_carriers(const Page& page, const std::vector<Stance>& stances,
                           const Knowledge& k) {
    CarrierFacts out;
    out.mentions = k.carrier_names.find(page.text, page.tokens);
    std::vector<double> score(k.carriers.size(), 0.0);
    std::vector<double> best_mention(k.carriers.size(), -1.0);
    out.where.assign(k.carriers.size(), 0);
    for (const Mention& m : out.mentions) {
        const Token& t = page.tokens[m.first];
        const std::size_t s = page.sentence_at(t.begin);
        if (page.sentences[s].chrome && !page.in_title(t))
            continue; // a related story's headline, a caption
        double w = weight_mention;
        if (page.in_title(t))
            w += weight_in_title;
        if (stances[s].signs)
            w += weight_in_signing;
        score[m.payload] += w;
        if (w > best_mention[m.payload]) {
            best_mention[m.payload] = w;
            out.where[m.payload] = s;
        }
        out.branch_after.push_back(m.last + 1);
    }
    if (!page.title_in_text && !page.title.empty()) {
        const auto title_tokens = tokenize(page.title);
        for (const Mention& m : k.carrier_names.find(page.title, title_tokens))
            score[m.payload] += weight_in_title;
    }
    const double best = score.empty() ? 0.0 : *std::max_element(score.begin(), score.end());
    std::vector<std::size_t> where;
    for (std::size_t c = 0; c < k.carriers.size(); ++c)
        if (score[c] >= min_weight && score[c] >= min_share_of_best * best) {
            out.carriers.push_back(static_cast<int>(c));
            where.push_back(out.where[c]);
        }
    // No carrier stands out, but several are named together ("các nhà mạng VNPT, Viettel,
    // MobiFone ..."): the story's actors are those.
    if (out.carriers.empty()) {
        for (std::size_t s = 0; s < page.sentences.size() && out.carriers.empty(); ++s) {
            std::vector<int> named;
            for (const Mention& m : out.mentions)
                if (m.first >= page.sentences[s].first_token &&
                    m.first < page.sentences[s].end_token &&
                    std::find(named.begin(), named.end(), static_cast<int>(m.payload)) ==
                        named.end())
                    named.push_back(static_cast<int>(m.payload));
            if (named.size() >= min_listed_together && !page.sentences[s].chrome) {
                std::sort(named.begin(), named.end());
                out.carriers = named;
                where.assign(named.size(), s);
            }
        }
    }
    out.where = std::move(where);
    return out;
}

} // namespace vnsearch::extract
