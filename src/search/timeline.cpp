// Timelines and comparisons: the results of searches counted by publication date, from the
// facet column alone (no document is read), on buckets of a day, an ISO week, a month or a
// year.

#include "search/engine.hpp"
#include "search/facets.hpp"
#include "search/filters.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <map>

namespace vnsearch {

using detail::FilterSet;
using detail::Snapshot;

namespace {

using Key = std::int64_t;
constexpr Key no_key = std::numeric_limits<Key>::min();

/// The bucket a publication date (YYYYMMDD, 00 for a month or day not known) falls in:
/// days since 1970 for days and weeks (the week's Monday), months since year 0, the year;
/// no_key when the date is not precise enough.
Key bucket_of(std::uint32_t yyyymmdd, Interval interval) {
    const int y = static_cast<int>(yyyymmdd / 10000);
    const unsigned m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;
    if (y == 0 || (interval != Interval::year && m == 0))
        return no_key;
    if (interval == Interval::year)
        return y;
    if (interval == Interval::month)
        return Key{y} * 12 + m - 1;
    if (d == 0)
        return no_key;
    const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m},
                                           std::chrono::day{d}};
    if (!date.ok())
        return no_key;
    const Key days = std::chrono::sys_days(date).time_since_epoch().count();
    if (interval == Interval::day)
        return days;
    // 1 January 1970 was a Thursday: three days after a Monday.
    return days - ((days + 3) % 7 + 7) % 7;
}

/// The step from one bucket to the next, in keys.
Key step_of(Interval interval) {
    return interval == Interval::week ? 7 : 1;
}

/// A bucket's first day, YYYY-MM-DD.
std::string start_of(Key key, Interval interval) {
    int y = 0;
    unsigned m = 1, d = 1;
    if (interval == Interval::year) {
        y = static_cast<int>(key);
    } else if (interval == Interval::month) {
        y = static_cast<int>(key / 12);
        m = static_cast<unsigned>(key % 12) + 1;
    } else {
        const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{key}}};
        y = static_cast<int>(date.year());
        m = static_cast<unsigned>(date.month());
        d = static_cast<unsigned>(date.day());
    }
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02u-%02u", y, m, d);
    return out;
}

/// A search's results counted by bucket, before the range is fixed.
struct Counted {
    std::size_t total = 0, undated = 0;
    std::map<Key, std::size_t> counts;
    std::vector<Xapian::docid> groups; ///< results as near-duplicate groups, ascending
    Filters filters; ///< the request's and its query's, which the bucket totals apply
};

Counted count_results(const detail::Selection& sel, const Snapshot& s, Interval interval) {
    Counted c;
    c.total = sel.total;
    for (const Xapian::docid d : sel.list->matched) {
        if (!(sel.flags[d] & detail::admitted_bit))
            continue;
        c.groups.push_back(s.cluster[d]);
        const Key key = bucket_of(s.facets[d].yyyymmdd, interval);
        if (key == no_key)
            ++c.undated;
        else
            ++c.counts[key];
    }
    std::sort(c.groups.begin(), c.groups.end());
    return c;
}

/// Every article by bucket under `filters` (none for Normalize::all), near-duplicates
/// folded as a search with no text folds them.
std::map<Key, std::size_t> bucket_totals(const Snapshot& s, const Filters& filters,
                                         Normalize normalize, Interval interval) {
    const FilterSet set(normalize == Normalize::all ? Filters{} : filters, s);
    std::map<Key, std::size_t> totals;
    for (const Xapian::docid d : s.all.matched) {
        // Every document matches: a group counts once, as its first member that passes.
        Xapian::docid counted = d;
        if (s.grouped[d]) {
            if (s.cluster[d] != d)
                continue;
            const auto& members = s.members.at(d);
            const auto first = std::find_if(members.begin(), members.end(), [&](Xapian::docid m) {
                return set.fails(s.facets[m]) == 0;
            });
            if (first == members.end())
                continue;
            counted = *first;
        } else if (set.fails(s.facets[d]) != 0) {
            continue;
        }
        if (const Key key = bucket_of(s.facets[counted].yyyymmdd, interval); key != no_key)
            ++totals[key];
    }
    return totals;
}

/// The buckets from `first` to `last` (keys) of `c`, each with its total.
Timeline render(const Counted& c, Key first, Key last, Interval interval,
                const std::map<Key, std::size_t>& totals) {
    Timeline t;
    t.total = c.total;
    t.undated = c.undated;
    for (Key k = first; first != no_key && k <= last; k += step_of(interval)) {
        TimelineBucket b;
        b.start = start_of(k, interval);
        if (const auto it = c.counts.find(k); it != c.counts.end())
            b.count = it->second;
        if (const auto it = totals.find(k); it != totals.end())
            b.total = it->second;
        b.share = b.total == 0 ? 0.0 : static_cast<double>(b.count) / static_cast<double>(b.total);
        t.buckets.push_back(std::move(b));
    }
    return t;
}

/// Results two sorted lists of groups share.
std::size_t shared_groups(const std::vector<Xapian::docid>& a,
                          const std::vector<Xapian::docid>& b) {
    std::size_t n = 0;
    for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        if (a[i] < b[j])
            ++i;
        else if (b[j] < a[i])
            ++j;
        else {
            ++n;
            ++i;
            ++j;
        }
    }
    return n;
}

} // namespace

Timeline SearchEngine::Impl::timeline(const SearchRequest& request, Interval interval,
                                      Normalize normalize) {
    Comparison one = compare({request}, interval, normalize);
    return std::move(one.series.front());
}

Comparison SearchEngine::Impl::compare(const std::vector<SearchRequest>& requests,
                                       Interval interval, Normalize normalize) {
    return with_current_revision<Comparison>([&](detail::Worker& w,
                                                 const std::shared_ptr<const Snapshot>& snap) {
        std::vector<Counted> counted;
        Key first = no_key, last = no_key;
        for (const SearchRequest& req : requests) {
            SearchResponse res;
            counted.push_back(count_results(select(req, w, snap, res), *snap, interval));
            counted.back().filters = res.filters;
            const auto& counts = counted.back().counts;
            if (counts.empty())
                continue;
            first =
                first == no_key ? counts.begin()->first : std::min(first, counts.begin()->first);
            last = std::max(last, counts.rbegin()->first);
        }
        // Each series is weighed under its own filters: a text may carry field filters
        // (carrier:Viettel) of its own.
        Comparison out;
        for (const Counted& c : counted)
            out.series.push_back(render(c, first, last, interval,
                                        bucket_totals(*snap, c.filters, normalize, interval)));
        for (std::size_t a = 0; a < counted.size(); ++a)
            for (std::size_t b = a + 1; b < counted.size(); ++b)
                out.overlap.push_back({a, b, shared_groups(counted[a].groups, counted[b].groups)});
        return out;
    });
}

} // namespace vnsearch
