#pragma once
/// What the matcher's files share: BM25's parameters and walking ascending docid lists.

#include <algorithm>
#include <vector>
#include <xapian.h>

namespace vnsearch::detail {

// Xapian::BM25Weight's defaults, which the index's weights have always been computed with.
inline constexpr double bm25_k1 = 1.0;
inline constexpr double bm25_k3 = 1.0;
inline constexpr double bm25_b = 0.5;
inline constexpr double bm25_min_normlen = 0.5;

/// The documents the shards found (combined docids), as one ascending list.
inline std::vector<Xapian::docid>
in_combined_order(const std::vector<std::vector<Xapian::docid>>& found) {
    // Each shard's list is ascending already: merged in, one at a time.
    std::vector<Xapian::docid> out, merged;
    for (const std::vector<Xapian::docid>& f : found) {
        merged.resize(out.size() + f.size());
        std::merge(out.begin(), out.end(), f.begin(), f.end(), merged.begin());
        out.swap(merged);
    }
    return out;
}

/// The first position in [at, end) not below `target`: a galloping search, so walking a
/// short list through a long one costs a logarithm per step and a dense walk a step.
inline const Xapian::docid* advance(const Xapian::docid* at, const Xapian::docid* end,
                                    Xapian::docid target) {
    std::size_t step = 1;
    const Xapian::docid* low = at;
    while (at < end && *at < target) {
        low = at + 1;
        at += step;
        step *= 2;
    }
    return std::lower_bound(low, std::min(at, end), target);
}

} // namespace vnsearch::detail
