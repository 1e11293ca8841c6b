#pragma once
/// Reading the figures, years, periods and dates of a sample sentence into template slots
/// (see model.hpp): the numeric half of SentenceParser.

#include "model.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace vnsearch::gen {

/// Tries a figure, year, period or date at byte `pos` of `s`, a digit after a word
/// boundary: appends its pieces to `out` and returns the bytes consumed. Returns 0 and
/// leaves `out` as it was when the run is none of them (a code such as 52-NQ/TW, "24/7",
/// a year outside the window).
std::size_t parse_number(std::string_view s, std::size_t pos, std::vector<Piece>& out);

} // namespace vnsearch::gen
