#pragma once
/// The agreement's period ("giai đoạn 2025-2030") and vision ("tầm nhìn đến năm 2045"):
/// the period signed now, not an earlier one recalled beside it.

#include "extract/page.hpp"
#include "extract/stance.hpp"

#include <optional>
#include <string>
#include <vector>

namespace vnsearch::extract {

struct PeriodFacts {
    std::string period;                      ///< "2025-2030", or empty
    int from = 0;                            ///< its first year
    int vision = 0;                          ///< 2045, or 0
    std::optional<std::size_t> where;        ///< the period's sentence
    std::optional<std::size_t> vision_where; ///< the vision's sentence
};

/// Chooses the period of the agreement. `signing` is the sentence that reports or recalls
/// the signing, if any: a period in it is the agreement's.
PeriodFacts find_period(const Page& page, const std::vector<Stance>& stances,
                        std::optional<std::size_t> signing);

} // namespace vnsearch::extract
