#pragma once
/// Relaxed matching: when every word of a query together matches too little, documents
/// holding most of its clauses match too, as Meilisearch's matching strategy, Elasticsearch's
/// minimum_should_match and Typesense's dropping of tokens do. A document's coverage is the
/// share of the query's weight it holds: a clause weighs its inverse document frequency; a
/// name of a province or a carrier outweighs any one word (RelaxOptions::name_weight).
/// Phrases, +words, title: and exclusions stay as they are; filters are the engine's
/// business.

#include "match/matcher.hpp"
#include "vnsearch/query.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace vnsearch {

/// How relaxed a match may be. A document must hold every required clause, at least
/// `min_coverage` of the weight of the clauses the index knows, and at least
/// `min_clauses_of_many` of them when the query has three or more (one otherwise).
struct RelaxOptions {
    double min_coverage = 0.5;
    std::size_t min_clauses_of_many = 2;
    /// A province or a carrier weighs this many times its inverse document frequency, plus
    /// that of the query's rarest word: a researcher names one to say which agreement, so it
    /// outweighs any one word ("hợp tác", a year), and a rarer name a commoner one.
    double name_weight = 2.0;
    /// Shares of the query within one step of each other rank alike, the result lacking
    /// fewer clauses first, then BM25: a result lacking VNPT and one lacking Viettel are as
    /// good as each other, and one lacking "hợp tác" too, a little worse.
    double coverage_step = 0.05;
};

/// Documents holding most of a query, ascending, with what they hold.
struct RelaxedMatches {
    std::vector<Xapian::docid> docs;
    std::vector<double> weights; ///< BM25 of the clauses held (as the strict query weighs them)
    /// What ranks first: the share of the query's weight held, in steps
    /// (RelaxOptions::coverage_step), less a ten-thousandth a clause lacking; 1 where nothing
    /// lacks, below 1 wherever something does.
    std::vector<float> coverage;
    std::vector<std::uint32_t> missing; ///< index into missing_sets
    /// The clauses a document lacks, as typed; the first set is empty (nothing lacks).
    std::vector<std::vector<std::string>> missing_sets;
};

/// Whether relaxing `query` could match more than the query does: some group has a clause
/// to drop and at least one more to keep.
bool relaxable(const ParsedQuery& query);

/// The documents `query` matches relaxed (those it matches strictly among them, at coverage
/// 1). With `keep`, only documents it keeps are weighed (what filters would drop anyway).
RelaxedMatches relaxed_matches(Matcher& matcher, const ParsedQuery& query,
                               Xapian::doccount documents,
                               const std::function<bool(Xapian::docid)>* keep = nullptr,
                               const RelaxOptions& options = {});

} // namespace vnsearch
