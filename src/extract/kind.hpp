#pragma once
/// What kind of story an article is: the signing of an agreement between a province and
/// carriers, work done under one, or something else.

#include "extract/carriers.hpp"
#include "extract/page.hpp"
#include "extract/province.hpp"
#include "extract/stance.hpp"
#include "vnsearch/knowledge.hpp"

#include <optional>
#include <string>
#include <vector>

namespace vnsearch::extract {

struct KindFacts {
    std::string kind;                 ///< one of kind_ids
    std::optional<std::size_t> where; ///< the sentence that decided it
    /// The sentence that reports (agreement) or recalls (implementation) the signing.
    std::optional<std::size_t> signing;
};

/// Tells an agreement's signing from the work under it and from other news.
/// `published` is the article's own date: a signing dated well before it is recalled.
KindFacts find_kind(const Page& page, const std::vector<Stance>& stances,
                    const CarrierFacts& carriers, const ProvinceFacts& province,
                    const PartialDate& published, const Knowledge& knowledge);

} // namespace vnsearch::extract
