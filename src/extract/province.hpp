#pragma once
/// The partner province: the province (or centrally-run city) whose authority is the
/// party, named by its current name, a former one, its capital or a town in it.

#include "extract/carriers.hpp"
#include "extract/page.hpp"
#include "vnsearch/gazetteer.hpp"
#include "vnsearch/knowledge.hpp"

#include <string>
#include <vector>

namespace vnsearch::extract {

/// The partner province found, and how it was named.
struct ProvinceFacts {
    std::vector<Mention> mentions; ///< every place name in the text (Knowledge::places)
    int province = 0;              ///< 1-based code into Knowledge::provinces; 0 none
    int former = 0;                ///< code of the former name the article goes by; 0 none
    std::size_t where = 0;         ///< the sentence that weighs most for it
    double score = 0;              ///< its weight: how sure the choice is
    bool authority = false;        ///< named as an authority: "UBND tỉnh X", "tỉnh X"
};

/// Chooses the partner province. `published` tells whether the article was written after
/// the 2025 merger, when an old name is no longer how the province goes.
ProvinceFacts find_province(const Page& page, const CarrierFacts& carriers,
                            const PartialDate& published, const Knowledge& knowledge);

} // namespace vnsearch::extract
