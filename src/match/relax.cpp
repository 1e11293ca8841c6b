#include "match/relax.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

namespace vnsearch {
namespace {

/// A clause's weight in a coverage: Okapi's inverse document frequency, kept positive the
/// way Xapian keeps BM25's for terms in more than a third of the documents.
double inverse_frequency(Xapian::doccount df, Xapian::doccount documents) {
    double ratio = (static_cast<double>(documents) - df + 0.5) / (df + 0.5);
    if (ratio < 2)
        ratio = ratio * 0.5 + 1;
    return std::log(ratio);
}

/// What a group's clauses weigh, and what a document must hold of them.
struct GroupPlan {
    std::vector<double> weight; ///< by clause; 0 for a clause no document holds
    double total = 0;           ///< of the clauses the index knows
    std::size_t known = 0;      ///< clauses some document holds
    std::size_t min_held = 1;
    bool relaxable = false;
    bool hopeless = false; ///< a required clause no document holds: nothing matches
    /// Clauses one of which every match holds (indexes into the group's clauses).
    std::vector<std::size_t> pivots;
};

/// The clauses one of which every match of the group holds, as few documents as can be: the
/// rarest required clause, or the heaviest clauses whose weight leaves less than
/// `min_coverage` to the others (a document holding none of them covers too little).
std::vector<std::size_t> pivots_of(const QueryGroup& group, const GroupPlan& plan,
                                   const std::vector<Xapian::doccount>& df, double min_coverage) {
    std::vector<std::size_t> order;
    for (std::size_t c = 0; c < group.clauses.size(); ++c)
        if (df[c] > 0)
            order.push_back(c);
    if (order.empty())
        return {};
    std::optional<std::size_t> rarest_required;
    for (const std::size_t c : order)
        if ((group.clauses[c].required || !plan.relaxable) &&
            (!rarest_required || df[c] < df[*rarest_required]))
            rarest_required = c;
    std::vector<std::size_t> heaviest;
    Xapian::doccount heaviest_documents = 0;
    if (plan.relaxable && plan.total > 0) {
        std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
            return plan.weight[x] > plan.weight[y];
        });
        double rest = plan.total;
        for (const std::size_t c : order) {
            if (rest + 1e-9 < min_coverage * plan.total)
                break;
            heaviest.push_back(c);
            heaviest_documents += df[c];
            rest -= plan.weight[c];
        }
    } else if (plan.relaxable) {
        heaviest = order; // weights all nought: any clause may be held
        heaviest_documents = std::numeric_limits<Xapian::doccount>::max();
    }
    if (rarest_required && (heaviest.empty() || df[*rarest_required] <= heaviest_documents))
        return {*rarest_required};
    return heaviest;
}

} // namespace

bool relaxable(const ParsedQuery& query) {
    return std::any_of(query.groups.begin(), query.groups.end(), [](const QueryGroup& g) {
        const auto optional = std::count_if(g.clauses.begin(), g.clauses.end(),
                                            [](const Clause& c) { return !c.required; });
        return optional >= 1 && g.clauses.size() >= 2;
    });
}

namespace {

/// What each clause of `group` weighs; which clauses every match of the group holds one of.
GroupPlan plan_group(Matcher& matcher, const QueryGroup& group,
                     const std::vector<QueryNode>& clauses, Xapian::doccount documents,
                     const RelaxOptions& options) {
    GroupPlan plan;
    std::vector<Xapian::doccount> df;
    std::size_t optional = 0;
    double rarest_word = 0;
    for (std::size_t c = 0; c < group.clauses.size(); ++c) {
        const Clause& clause = group.clauses[c];
        df.push_back(matcher.count(clauses[c]));
        double w = 0;
        if (df.back() > 0) {
            w = inverse_frequency(df.back(), documents);
            ++plan.known;
            if (!clause.name)
                rarest_word = std::max(rarest_word, w);
        } else if (clause.required) {
            plan.hopeless = true;
        }
        plan.weight.push_back(w);
        optional += !clause.required;
    }
    for (std::size_t c = 0; c < group.clauses.size(); ++c) {
        if (group.clauses[c].name && plan.weight[c] > 0)
            plan.weight[c] = plan.weight[c] * options.name_weight + rarest_word;
        plan.total += plan.weight[c];
    }
    plan.min_held = plan.known >= 3 ? options.min_clauses_of_many : 1;
    plan.relaxable = optional >= 1 && group.clauses.size() >= 2;
    if (!plan.relaxable && plan.known < group.clauses.size())
        plan.hopeless = true; // held whole or not at all, and some clause nowhere
    if (!plan.hopeless)
        plan.pivots = pivots_of(group, plan, df, options.min_coverage);
    return plan;
}

/// The documents that may match: those holding a pivot of some group, less those `keep`
/// turns away.
std::vector<Xapian::docid> candidates(Matcher& matcher, const std::vector<GroupPlan>& plans,
                                      const std::vector<std::vector<QueryNode>>& clauses,
                                      const std::function<bool(Xapian::docid)>* keep) {
    std::vector<Xapian::docid> docs;
    for (std::size_t g = 0; g < plans.size(); ++g)
        for (const std::size_t c : plans[g].pivots) {
            const std::vector<Xapian::docid> held = matcher.documents(clauses[g][c]);
            std::vector<Xapian::docid> merged;
            merged.reserve(docs.size() + held.size());
            std::set_union(docs.begin(), docs.end(), held.begin(), held.end(),
                           std::back_inserter(merged));
            docs.swap(merged);
        }
    if (keep != nullptr)
        std::erase_if(docs, [&](Xapian::docid d) { return !(*keep)(d); });
    return docs;
}

/// Of one group, by clause: whether each document holds it, and what it weighs there; by
/// exclusion, whether it holds that.
struct Held {
    std::vector<std::vector<std::uint8_t>> clause, excluded;
    std::vector<std::vector<double>> weight;
};

/// What `docs` hold of a group (an exclusion from its whole list: a phrase among many
/// documents is read faster so than document by document).
Held read_held(Matcher& matcher, const std::vector<QueryNode>& clauses,
               const std::vector<QueryNode>& negatives, const std::vector<Xapian::docid>& docs) {
    const std::size_t n = docs.size();
    Held h;
    h.clause.resize(clauses.size());
    h.weight.resize(clauses.size());
    for (std::size_t c = 0; c < clauses.size(); ++c)
        matcher.weigh_in(clauses[c], docs, h.weight[c], h.clause[c]);
    for (const QueryNode& negative : negatives) {
        const std::vector<Xapian::docid> excluded = matcher.documents(negative);
        std::vector<std::uint8_t>& in = h.excluded.emplace_back(n, 0);
        auto at = excluded.begin();
        for (std::size_t i = 0; i < n && at != excluded.end(); ++i) {
            at = std::lower_bound(at, excluded.end(), docs[i]);
            in[i] = at != excluded.end() && *at == docs[i];
        }
    }
    return h;
}

/// A document's best group: the most of the query covered, then the fewest clauses
/// lacking; and the BM25 of what it holds of every group it matches.
struct Best {
    double coverage = -1;
    double sum = 0;
    std::size_t group = 0;
    std::size_t lacks = 0;
};

Best best_group(std::size_t i, const ParsedQuery& query, const std::vector<GroupPlan>& plans,
                const std::vector<Held>& held, const RelaxOptions& options) {
    Best best;
    for (std::size_t g = 0; g < query.groups.size(); ++g) {
        const GroupPlan& plan = plans[g];
        if (plan.hopeless)
            continue;
        const Held& h = held[g];
        if (std::any_of(h.excluded.begin(), h.excluded.end(),
                        [&](const std::vector<std::uint8_t>& e) { return e[i] != 0; }))
            continue;
        const QueryGroup& group = query.groups[g];
        double covered = 0, bm25 = 0;
        std::size_t held_known = 0, lacks = 0;
        bool required = true;
        for (std::size_t c = 0; c < group.clauses.size(); ++c) {
            if (h.clause[c][i]) {
                covered += plan.weight[c];
                bm25 += h.weight[c][i];
                held_known += plan.weight[c] > 0 || plan.known == 0;
            } else {
                ++lacks;
                required = required && !group.clauses[c].required;
            }
        }
        if (!required)
            continue;
        double coverage = 1;
        if (lacks > 0) {
            if (!plan.relaxable)
                continue;
            coverage = plan.total > 0 ? covered / plan.total
                                      : static_cast<double>(held_known) / plan.known;
            if (coverage + 1e-9 < options.min_coverage || held_known < plan.min_held)
                continue;
            // Every word held ranks first: a clause no document holds weighs nothing,
            // yet lacking it is lacking something.
            coverage = std::min(coverage, std::nextafter(1.0, 0.0));
        }
        best.sum += bm25;
        if (coverage > best.coverage || (coverage == best.coverage && lacks < best.lacks)) {
            best.coverage = coverage;
            best.group = g;
            best.lacks = lacks;
        }
    }
    return best;
}

} // namespace

RelaxedMatches relaxed_matches(Matcher& matcher, const ParsedQuery& query,
                               Xapian::doccount documents,
                               const std::function<bool(Xapian::docid)>* keep,
                               const RelaxOptions& options) {
    RelaxedMatches out;
    out.missing_sets.emplace_back();
    // Every clause of every group, and every exclusion, copied once: the matcher keeps what
    // each matched by its address for the rest of the query.
    std::vector<std::vector<QueryNode>> clauses(query.groups.size());
    std::vector<std::vector<QueryNode>> negatives(query.groups.size());
    for (std::size_t g = 0; g < query.groups.size(); ++g) {
        for (const Clause& c : query.groups[g].clauses)
            clauses[g].push_back(c.node);
        negatives[g] = query.groups[g].negatives;
    }
    std::vector<GroupPlan> plans(query.groups.size());
    for (std::size_t g = 0; g < query.groups.size(); ++g)
        plans[g] = plan_group(matcher, query.groups[g], clauses[g], documents, options);
    const std::vector<Xapian::docid> docs = candidates(matcher, plans, clauses, keep);
    const std::size_t n = docs.size();
    if (n == 0)
        return out;
    std::vector<Held> held(query.groups.size());
    for (std::size_t g = 0; g < query.groups.size(); ++g)
        if (!plans[g].hopeless)
            held[g] = read_held(matcher, clauses[g], negatives[g], docs);

    // The clauses a document lacks become a set of strings once per distinct set.
    std::map<std::pair<std::size_t, std::vector<bool>>, std::uint32_t> set_index;
    std::vector<bool> lacking;
    for (std::size_t i = 0; i < n; ++i) {
        const Best best = best_group(i, query, plans, held, options);
        if (best.coverage < 0)
            continue;
        std::uint32_t set = 0;
        if (best.lacks > 0) {
            const std::size_t count = query.groups[best.group].clauses.size();
            lacking.assign(count, false);
            for (std::size_t c = 0; c < count; ++c)
                lacking[c] = held[best.group].clause[c][i] == 0;
            const auto [it, fresh] =
                set_index.try_emplace(std::pair(best.group, lacking),
                                      static_cast<std::uint32_t>(out.missing_sets.size()));
            if (fresh) {
                std::vector<std::string>& texts = out.missing_sets.emplace_back();
                for (std::size_t c = 0; c < count; ++c)
                    if (lacking[c])
                        texts.push_back(query.groups[best.group].clauses[c].text);
            }
            set = it->second;
        }
        out.docs.push_back(docs[i]);
        out.weights.push_back(best.sum);
        // Ranked by steps of coverage, below every full match; within a step, fewer clauses
        // lacking first (a ten-thousandth each: a step is far more).
        const double stepped =
            std::floor(best.coverage / options.coverage_step + 1e-9) * options.coverage_step -
            1e-4 * static_cast<double>(std::min<std::size_t>(best.lacks, 100));
        out.coverage.push_back(
            best.lacks == 0 ? 1.0f
                            : std::min(static_cast<float>(stepped), std::nextafter(1.0f, 0.0f)));
        out.missing.push_back(set);
    }
    return out;
}

} // namespace vnsearch
