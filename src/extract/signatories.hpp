#pragma once
/// The people who signed or presided: "ông/bà <Name>, <title>".

#include "extract/page.hpp"
#include "vnsearch/record.hpp"

#include <vector>

namespace vnsearch::extract {

/// Up to a dozen people named with an official title, in order, each once.
std::vector<Signatory> find_signatories(const Page& page);

} // namespace vnsearch::extract
