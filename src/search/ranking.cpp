#include "search/ranking.hpp"

#include "search/facets.hpp"

#include <algorithm>
#include <bit>
#include <optional>

namespace vnsearch::detail {
namespace {

/// Which of `docs` (ascending) write `folded` in its usual spelling at least once: the
/// folded term's wdf is above the sum of its XA spellings' wdfs there.
std::vector<Xapian::docid> usual_spelling_writers(Matcher& matcher, const Snapshot& s,
                                                  const std::string& folded,
                                                  const std::vector<Xapian::docid>& docs) {
    std::vector<Xapian::termcount> other(docs.size(), 0), usual(docs.size(), 0);
    if (const auto it = s.spellings.find(folded); it != s.spellings.end())
        for (const std::string& term : it->second)
            matcher.add_wdf(term, docs, other);
    matcher.add_wdf(folded, docs, usual);
    std::vector<Xapian::docid> out;
    for (std::size_t i = 0; i < docs.size(); ++i)
        if (usual[i] > other[i])
            out.push_back(docs[i]);
    return out;
}

} // namespace

void rerank(const MatchList& list, const ParsedQuery& parsed, const Snapshot& snapshot,
            Matcher& matcher, const std::vector<std::uint8_t>& flags, std::uint8_t admitted,
            std::size_t wanted, std::vector<std::pair<Xapian::docid, float>>& order) {
    const auto& all = list.candidates;
    const std::size_t checks = list.checks.size();
    std::vector<std::uint32_t> pending;
    for (std::uint32_t i = 0; i < all.size(); ++i)
        if (flags[all[i].docid] & admitted)
            pending.push_back(i);
    // A relaxed list ranks by the share of the query held first; boosts only weigh, so a
    // candidate never passes one holding more of the query.
    std::sort(pending.begin(), pending.end(), [&](std::uint32_t a, std::uint32_t b) {
        if (all[a].coverage != all[b].coverage)
            return all[a].coverage > all[b].coverage;
        return all[a].bound != all[b].bound ? all[a].bound > all[b].bound : a < b;
    });
    // A usual spelling is read from the wdfs of every spelling of its word: one walk of
    // those posting lists answers all the candidates (ascending) for the cost of a few
    // answered one by one, so the first check of a spelling answers it for all of them.
    std::vector<std::optional<std::vector<Xapian::docid>>> writers(parsed.usual_exact.size());
    auto holds = [&](const MatchList::Check& check, Xapian::docid d) {
        if (check.phrase)
            return matcher.holds_phrase(parsed.boosts[check.index], d);
        auto& known = writers[check.index];
        if (!known) {
            std::vector<Xapian::docid> docs;
            docs.reserve(all.size());
            for (const Candidate& c : all)
                docs.push_back(c.docid);
            known = usual_spelling_writers(matcher, snapshot, parsed.usual_exact[check.index].first,
                                           docs);
        }
        return std::binary_search(known->begin(), known->end(), d);
    };
    auto weight = [&](std::uint32_t i) {
        double w = all[i].base;
        for (std::size_t c = 0; c < checks; ++c) {
            const double add = list.check_weights[i * checks + c];
            if (add > 0 && holds(list.checks[c], all[i].docid))
                w += add;
        }
        return w;
    };
    // Checked candidates, the best on top of the heap.
    struct Checked {
        float coverage;
        double weight;
        Xapian::docid docid;
    };
    std::vector<Checked> checked;
    auto heap_order = [](const Checked& a, const Checked& b) {
        if (a.coverage != b.coverage)
            return a.coverage < b.coverage;
        return a.weight != b.weight ? a.weight < b.weight : a.docid > b.docid;
    };
    std::size_t next = 0;
    while (order.size() < wanted && (!checked.empty() || next < pending.size())) {
        if (!checked.empty()) {
            const Checked& best = checked.front();
            bool settled = next == pending.size();
            if (!settled) {
                const Candidate& c = all[pending[next]];
                settled =
                    best.coverage > c.coverage ||
                    (best.coverage == c.coverage &&
                     (best.weight > c.bound || (best.weight == c.bound && best.docid < c.docid)));
            }
            if (settled) {
                order.emplace_back(best.docid, static_cast<float>(best.weight));
                std::pop_heap(checked.begin(), checked.end(), heap_order);
                checked.pop_back();
                continue;
            }
        }
        const Candidate& c = all[pending[next]];
        checked.push_back({c.coverage, weight(pending[next]), c.docid});
        std::push_heap(checked.begin(), checked.end(), heap_order);
        ++next;
    }
}

void fill_list(MatchList& list, Matcher& matcher, const ParsedQuery& parsed,
               std::vector<Xapian::docid> docs, const std::vector<double>& weights,
               std::vector<float> coverage) {
    const std::size_t n = docs.size();
    // The best few by coverage and weight (ties: the lower docid first, as Xapian orders
    // them), through a heap whose top is the worst kept: most matches are turned away by one
    // comparison.
    auto better = [&](std::uint32_t a, std::uint32_t b) {
        if (!coverage.empty() && coverage[a] != coverage[b])
            return coverage[a] > coverage[b];
        return weights[a] != weights[b] ? weights[a] > weights[b] : a < b;
    };
    const std::size_t depth = std::min<std::size_t>(rerank_depth, n);
    std::vector<std::uint32_t> index;
    index.reserve(depth);
    for (std::uint32_t i = 0; i < n; ++i) {
        if (index.size() < depth) {
            index.push_back(i);
            std::push_heap(index.begin(), index.end(), better);
        } else if (better(i, index.front())) {
            std::pop_heap(index.begin(), index.end(), better);
            index.back() = i;
            std::push_heap(index.begin(), index.end(), better);
        }
    }
    std::sort(index.begin(), index.end()); // by docid, as the matcher reads them

    std::vector<Xapian::docid> top;
    std::vector<double> base;
    for (const std::uint32_t i : index) {
        top.push_back(docs[i]);
        base.push_back(weights[i]);
    }
    // What each lazily checked boost would add to each candidate: a phrase's words, where
    // all occur; a word typed in its usual spelling, its folded term's weight (it ranks the
    // documents that write it so: schema::accented).
    std::vector<std::vector<double>> check_weights;
    for (std::size_t b = 0; b < parsed.boosts.size(); ++b) {
        const QueryNode& boost = parsed.boosts[b];
        if (boost.op != QueryNode::Op::phrase) {
            matcher.add_weights(boost, top, base);
            continue;
        }
        list.checks.push_back({true, b});
        check_weights.emplace_back(top.size(), 0.0);
        matcher.add_bounds(boost, top, check_weights.back());
    }
    for (std::size_t u = 0; u < parsed.usual_exact.size(); ++u) {
        list.checks.push_back({false, u});
        check_weights.emplace_back(top.size(), 0.0);
        matcher.add_weights(QueryNode::leaf(parsed.usual_exact[u].first), top,
                            check_weights.back());
    }
    for (std::size_t i = 0; i < top.size(); ++i) {
        Candidate c{top[i], base[i], base[i], coverage.empty() ? 1.0f : coverage[index[i]]};
        for (const std::vector<double>& cw : check_weights) {
            c.bound += cw[i];
            list.check_weights.push_back(cw[i]);
        }
        list.candidates.push_back(c);
    }
    list.weights.reserve(n);
    for (const double weight : weights)
        list.weights.push_back(static_cast<float>(weight));
    list.matched = std::move(docs);
    list.coverage = std::move(coverage);
}

void append_by_weight(const MatchList& list, std::vector<std::uint8_t>& flags,
                      std::uint8_t admitted, std::size_t wanted,
                      std::vector<std::pair<Xapian::docid, float>>& order) {
    // Past the re-ranked few: the other admitted matches by weight, ties by docid, as
    // packed keys sorted only as far as the request needs.
    for (const auto& item : list.ranked)
        flags[item.first] |= ranked_bit;
    for (const Candidate& c : list.candidates)
        flags[c.docid] |= ranked_bit;
    // Packed keys (weights and coverages are never negative: their bits order as they
    // do). A relaxed list ranks by coverage first: its keys number the admitted matches,
    // whose coverage and place in `matched` are kept beside.
    const bool relaxed = !list.coverage.empty();
    std::vector<std::uint64_t> rest;
    std::vector<std::uint32_t> rest_coverage, index_of;
    for (std::size_t i = 0; i < list.matched.size(); ++i) {
        if ((flags[list.matched[i]] & (admitted | ranked_bit)) != admitted)
            continue;
        const std::uint64_t weight = ~std::bit_cast<std::uint32_t>(list.weights[i]);
        if (relaxed) {
            rest.push_back(weight << 32 | index_of.size());
            index_of.push_back(static_cast<std::uint32_t>(i));
            rest_coverage.push_back(~std::bit_cast<std::uint32_t>(list.coverage[i]));
        } else {
            rest.push_back(weight << 32 | i);
        }
    }
    auto before = [&](std::uint64_t a, std::uint64_t b) {
        if (relaxed) {
            const std::uint32_t ca = rest_coverage[static_cast<std::uint32_t>(a)],
                                cb = rest_coverage[static_cast<std::uint32_t>(b)];
            if (ca != cb)
                return ca < cb;
        }
        return a < b;
    };
    const std::size_t need = std::min(rest.size(), wanted - order.size());
    std::partial_sort(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(need), rest.end(),
                      before);
    for (std::size_t k = 0; k < need; ++k) {
        std::uint32_t i = static_cast<std::uint32_t>(rest[k]);
        if (relaxed)
            i = index_of[i];
        order.emplace_back(list.matched[i], list.weights[i]);
    }
}

void sort_by_date(std::vector<std::pair<Xapian::docid, float>>& order, const Snapshot& s,
                  bool oldest_first) {
    std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        const std::uint32_t da = s.facets[a.first].yyyymmdd, db = s.facets[b.first].yyyymmdd;
        return oldest_first ? da < db : da > db;
    });
}

} // namespace vnsearch::detail

namespace vnsearch {

std::vector<std::pair<Xapian::docid, float>>
SearchEngine::Impl::order_results(const detail::MatchList& list, const ParsedQuery& parsed,
                                  detail::Worker& w, const detail::Snapshot& s,
                                  std::vector<std::uint8_t>& flags, std::size_t wanted) {
    std::vector<std::pair<Xapian::docid, float>> order;
    order.reserve(wanted);
    for (const auto& item : list.ranked) {
        if (order.size() >= wanted)
            break;
        if (flags[item.first] & detail::admitted_bit)
            order.push_back(item);
    }
    if (!list.candidates.empty()) {
        Matcher matcher(w.db, w.shards, s.collection, s.key, m_matcher_caches);
        detail::rerank(list, parsed, s, matcher, flags, detail::admitted_bit, wanted, order);
    }
    if (order.size() < wanted && list.matched.size() > list.ranked.size() + list.candidates.size())
        detail::append_by_weight(list, flags, detail::admitted_bit, wanted, order);
    return order;
}

} // namespace vnsearch
