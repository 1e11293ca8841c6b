#pragma once
/// Ranking: the best few matches re-ranked by the query's boosts (phrases, names, usual
/// spellings), the rest in BM25 order, sorted only as far as a request needs.

#include "search/engine.hpp"

#include <cstdint>
#include <utility>
#include <vector>

namespace vnsearch::detail {

// How many of the best matches the ranking boosts (phrases, names) re-rank. Deeper
// matches keep their plain BM25 order; evaluating phrases only this deep keeps broad
// queries fast, and the order stays one fixed list, so pages never overlap.
inline constexpr std::size_t rerank_depth = 300;

/// Makes `list` of every match (ascending) with its weight and, for a relaxed list, its
/// coverage: the best few ready for the boosts to re-rank, with what each boost would add.
void fill_list(MatchList& list, Matcher& matcher, const ParsedQuery& parsed,
               std::vector<Xapian::docid> docs, const std::vector<double>& weights,
               std::vector<float> coverage);

/// Appends to `order`, up to `wanted` in all, the admitted candidates of `list` (flag
/// `admitted` in `flags`) by their final weight: BM25 plus boosts, ties by docid. A phrase
/// boost reads positions and a usual spelling the wdfs of the other spellings, so
/// candidates are checked in order of the most they could weigh, and only until none left
/// unchecked could come before those checked: page one of a broad query checks a few
/// candidates, not all of them.
void rerank(const MatchList& list, const ParsedQuery& parsed, const Snapshot& snapshot,
            Matcher& matcher, const std::vector<std::uint8_t>& flags, std::uint8_t admitted,
            std::size_t wanted, std::vector<std::pair<Xapian::docid, float>>& order);

/// Appends to `order`, up to `wanted` in all, the admitted matches of `list` (flag `admitted`
/// in `flags`) that are neither ranked already nor re-ranked candidates: by weight (a
/// relaxed list by coverage first), ties by docid.
void append_by_weight(const MatchList& list, std::vector<std::uint8_t>& flags,
                      std::uint8_t admitted, std::size_t wanted,
                      std::vector<std::pair<Xapian::docid, float>>& order);

/// Sorts `order` by publication date, newest first unless `oldest_first`; equal dates keep
/// their order.
void sort_by_date(std::vector<std::pair<Xapian::docid, float>>& order, const Snapshot& s,
                  bool oldest_first);

} // namespace vnsearch::detail
