#include "vnsearch/relax.hpp"

#include <algorithm>
#include <cmath>
#include <map>

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
};

} // namespace

bool relaxable(const ParsedQuery& query) {
    return std::any_of(query.groups.begin(), query.groups.end(), [](const QueryGroup& g) {
        const auto optional = std::count_if(g.clauses.begin(), g.clauses.end(),
                                            [](const Clause& c) { return !c.required; });
        return optional >= 1 && g.clauses.size() >= 2;
    });
}

RelaxedMatches relaxed_matches(Matcher& matcher, const ParsedQuery& query,
                               Xapian::doccount documents,
                               const std::function<bool(Xapian::docid)>* keep,
                               const RelaxOptions& options) {
    RelaxedMatches out;
    out.missing_sets.emplace_back();
    // Every clause of every group, and every exclusion, as children of one node: the matcher
    // keeps what each matched by its address, so the union read here serves the weighing.
    QueryNode any{QueryNode::Op::any_of, {}, 1.0, {}};
    std::vector<std::size_t> first_clause, first_negative;
    for (const QueryGroup& g : query.groups) {
        first_clause.push_back(any.children.size());
        for (const Clause& c : g.clauses)
            any.children.push_back(c.node);
    }
    const std::size_t clause_count = any.children.size();
    if (clause_count == 0)
        return out;
    for (const QueryGroup& g : query.groups) {
        first_negative.push_back(any.children.size());
        any.children.insert(any.children.end(), g.negatives.begin(), g.negatives.end());
    }
    // Documents holding none of the clauses cannot match.
    std::vector<Xapian::docid> docs;
    {
        std::vector<Xapian::docid> acc;
        for (std::size_t k = 0; k < clause_count; ++k) {
            const std::vector<Xapian::docid> held = matcher.documents(any.children[k]);
            std::vector<Xapian::docid> merged;
            merged.reserve(acc.size() + held.size());
            std::set_union(acc.begin(), acc.end(), held.begin(), held.end(),
                           std::back_inserter(merged));
            acc.swap(merged);
        }
        docs = std::move(acc);
    }
    if (keep != nullptr)
        std::erase_if(docs, [&](Xapian::docid d) { return !(*keep)(d); });
    const std::size_t n = docs.size();

    std::vector<GroupPlan> plans(query.groups.size());
    for (std::size_t g = 0; g < query.groups.size(); ++g) {
        const QueryGroup& group = query.groups[g];
        GroupPlan& plan = plans[g];
        std::size_t optional = 0;
        bool required_known = true;
        double rarest_word = 0;
        for (std::size_t c = 0; c < group.clauses.size(); ++c) {
            const Clause& clause = group.clauses[c];
            const Xapian::doccount df = matcher.count(any.children[first_clause[g] + c]);
            double w = 0;
            if (df > 0) {
                w = inverse_frequency(df, documents);
                ++plan.known;
                if (!clause.name)
                    rarest_word = std::max(rarest_word, w);
            } else if (clause.required) {
                required_known = false;
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
        plan.relaxable = required_known && optional >= 1 && group.clauses.size() >= 2;
    }

    // By clause: whether each document holds it, and what it weighs there; by exclusion,
    // whether it holds that (from the exclusion's whole list: a phrase among many documents
    // is read faster so than document by document).
    std::vector<std::vector<std::uint8_t>> held(any.children.size());
    std::vector<std::vector<double>> weight(clause_count);
    for (std::size_t k = 0; k < clause_count; ++k)
        matcher.weigh_in(any.children[k], docs, weight[k], held[k]);
    for (std::size_t k = clause_count; k < any.children.size(); ++k) {
        const std::vector<Xapian::docid> excluded = matcher.documents(any.children[k]);
        held[k].assign(n, 0);
        auto at = excluded.begin();
        for (std::size_t i = 0; i < n && at != excluded.end(); ++i) {
            at = std::lower_bound(at, excluded.end(), docs[i]);
            held[k][i] = at != excluded.end() && *at == docs[i];
        }
    }

    std::map<std::vector<std::string>, std::uint32_t> set_index;
    std::vector<std::string> lacking, best_lacking;
    for (std::size_t i = 0; i < n; ++i) {
        double best = -1, sum = 0;
        best_lacking.clear();
        for (std::size_t g = 0; g < query.groups.size(); ++g) {
            const QueryGroup& group = query.groups[g];
            const GroupPlan& plan = plans[g];
            bool excluded = false;
            for (std::size_t e = 0; e < group.negatives.size() && !excluded; ++e)
                excluded = held[first_negative[g] + e][i] != 0;
            if (excluded)
                continue;
            double covered = 0, bm25 = 0;
            std::size_t held_known = 0;
            bool required = true;
            lacking.clear();
            for (std::size_t c = 0; c < group.clauses.size(); ++c) {
                const std::size_t k = first_clause[g] + c;
                if (held[k][i]) {
                    covered += plan.weight[c];
                    bm25 += weight[k][i];
                    held_known += plan.weight[c] > 0 || plan.known == 0;
                } else {
                    lacking.push_back(group.clauses[c].text);
                    required = required && !group.clauses[c].required;
                }
            }
            if (!required)
                continue;
            double coverage = 1;
            if (!lacking.empty()) {
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
            sum += bm25;
            if (coverage > best || (coverage == best && lacking.size() < best_lacking.size())) {
                best = coverage;
                best_lacking = lacking;
            }
        }
        if (best < 0)
            continue;
        std::uint32_t set = 0;
        if (!best_lacking.empty()) {
            const auto [it, fresh] = set_index.try_emplace(
                best_lacking, static_cast<std::uint32_t>(out.missing_sets.size()));
            if (fresh)
                out.missing_sets.push_back(best_lacking);
            set = it->second;
        }
        out.docs.push_back(docs[i]);
        out.weights.push_back(sum);
        out.coverage.push_back(
            best_lacking.empty() ? 1.0f
                                 : std::min(static_cast<float>(best), std::nextafter(1.0f, 0.0f)));
        out.missing.push_back(set);
    }
    return out;
}

} // namespace vnsearch
