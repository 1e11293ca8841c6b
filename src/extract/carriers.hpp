#pragma once
/// Which carriers an article is about: every alias of each, weighed by where it stands.

#include "extract/page.hpp"
#include "extract/stance.hpp"
#include "vnsearch/gazetteer.hpp"
#include "vnsearch/knowledge.hpp"

#include <string>
#include <vector>

namespace vnsearch::extract {

/// The carriers found, with the sentence that weighs most for each.
struct CarrierFacts {
    std::vector<Mention> mentions;  ///< every alias in the text (Knowledge::carrier_names)
    std::vector<int> carriers;      ///< chosen carrier indexes, in Knowledge::carriers order
    std::vector<std::size_t> where; ///< for each chosen carrier, its deciding sentence
    /// Token index just after each mention: "VNPT Gia Lai" names a branch in Gia Lai.
    std::vector<std::uint32_t> branch_after;
};

/// Finds the carriers that are a party or an actor of the story.
CarrierFacts find_carriers(const Page& page, const std::vector<Stance>& stances,
                           const Knowledge& knowledge);

} // namespace vnsearch::extract
