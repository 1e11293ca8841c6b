// The history of province–carrier agreements: the articles of kind `agreement` grouped by
// the signing they report, in signing order, each renewal of a pair linked to the last.

#include "search/engine.hpp"
#include "search/filters.hpp"

#include <algorithm>
#include <map>

namespace vnsearch {

using detail::Snapshot;

namespace {

/// Whether two dates as precise as the text gave them (YYYY-MM-DD, YYYY-MM, YYYY) can be
/// the same day: one is the other, or a less precise form of it.
bool same_date(const std::string& a, const std::string& b) {
    if (a.empty() || b.empty())
        return a == b;
    return a.size() <= b.size() ? b.compare(0, a.size(), a) == 0 : a.compare(0, b.size(), b) == 0;
}

/// The date an agreement was signed on, as the record tells it: its signing date, else
/// the day the article reporting the signing was published.
std::string signing_of(const ArticleRecord& r) {
    return r.signed_on.empty() ? r.published : r.signed_on;
}

/// Whether `r` reports the signing of `a`: the same province and carriers, a signing date
/// and a period that can be the same.
bool reports(const Agreement& a, const ArticleRecord& r) {
    return a.province == r.province && a.carriers == r.carriers &&
           same_date(a.signed_on, signing_of(r)) &&
           (a.period.empty() || r.period.empty() || a.period == r.period);
}

/// Adds `r` to the agreement it reports, or starts one.
void add_article(std::vector<Agreement>& out, const ArticleRecord& r) {
    auto it =
        std::find_if(out.begin(), out.end(), [&](const Agreement& a) { return reports(a, r); });
    if (it == out.end()) {
        out.push_back({r.province, r.carriers, signing_of(r), r.period, {}, {}, {}, {}});
        it = out.end() - 1;
    }
    if (signing_of(r).size() > it->signed_on.size())
        it->signed_on = signing_of(r);
    if (it->period.empty())
        it->period = r.period;
    for (const std::string& p : r.pillars)
        if (std::find(it->pillars.begin(), it->pillars.end(), p) == it->pillars.end())
            it->pillars.push_back(p);
    it->articles.push_back({r.id, r.title, r.published, r.url, outlet_of(r)});
}

/// Orders the agreements, their pillars and articles, and links each pair's renewals.
void settle(std::vector<Agreement>& out) {
    std::stable_sort(out.begin(), out.end(), [](const Agreement& a, const Agreement& b) {
        return a.signed_on != b.signed_on ? a.signed_on < b.signed_on : a.province < b.province;
    });
    std::map<std::pair<std::string, std::vector<std::string>>, std::size_t> last;
    for (std::size_t i = 0; i < out.size(); ++i) {
        Agreement& a = out[i];
        auto rank = [](const std::string& p) {
            return std::find(pillar_ids.begin(), pillar_ids.end(), p) - pillar_ids.begin();
        };
        std::sort(a.pillars.begin(), a.pillars.end(),
                  [&](const auto& x, const auto& y) { return rank(x) < rank(y); });
        std::stable_sort(a.articles.begin(), a.articles.end(),
                         [](const auto& x, const auto& y) { return x.published < y.published; });
        const auto pair = std::make_pair(a.province, a.carriers);
        if (const auto prev = last.find(pair); prev != last.end()) {
            a.renews = prev->second;
            out[prev->second].renewed_by = i;
        }
        last[pair] = i;
    }
}

} // namespace

std::vector<Agreement> SearchEngine::Impl::agreements(const Filters& filters) {
    return with_current_revision<std::vector<Agreement>>(
        [&](detail::Worker& w, const std::shared_ptr<const Snapshot>& snap) {
            Filters wanted = filters;
            const auto agreement = std::find(kind_ids.begin(), kind_ids.end(), "agreement");
            wanted.kinds = {static_cast<int>(agreement - kind_ids.begin())};
            const detail::FilterSet set(wanted, *snap);
            // Every article, near-duplicates too: each is a report of the signing.
            std::vector<ArticleRecord> records;
            for (const Xapian::docid d : snap->all.matched)
                if (set.fails(snap->facets[d]) == 0)
                    if (auto r = record_from_data(w.db.get_document(d).get_data()))
                        records.push_back(std::move(*r));
            std::stable_sort(records.begin(), records.end(), [](const auto& a, const auto& b) {
                return signing_of(a).size() > signing_of(b).size();
            });
            std::vector<Agreement> out;
            for (const ArticleRecord& r : records)
                add_article(out, r);
            settle(out);
            return out;
        });
}

} // namespace vnsearch
