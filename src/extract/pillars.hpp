#pragma once
/// The pillars an agreement commits to: digital infrastructure, government, economy and
/// society, named or paraphrased where the story states the agreement's content, not where
/// a speaker wishes for them or the results of an earlier period are told.

#include "extract/page.hpp"
#include "extract/stance.hpp"
#include "vnsearch/knowledge.hpp"

#include <optional>
#include <vector>

namespace vnsearch::extract {

struct PillarFacts {
    std::vector<int> pillars;       ///< indexes into pillar_ids, in order
    std::vector<std::size_t> where; ///< for each, the sentence that weighs most
};

/// Weighs the pillar terms of Knowledge::pillar_terms by the stance of their sentences.
/// `results_count` says whether results told as past are the story's own (work under an
/// agreement) rather than an earlier period's recalled beside a new signing.
PillarFacts find_pillars(const Page& page, const std::vector<Stance>& stances,
                         const Knowledge& knowledge, bool results_count);

} // namespace vnsearch::extract
