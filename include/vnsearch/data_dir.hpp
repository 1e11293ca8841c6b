#pragma once
/// Where the project's data files (lexicon, gazetteers, stop words) and web page live.

#include <filesystem>

namespace vnsearch {

/// The folder holding lexicon.txt and the gazetteers: $VNSEARCH_DATA_DIR when set, else
/// the source tree's data/ when it exists (builds run in place), else the installed copy.
std::filesystem::path data_dir();

/// The folder of the static search page: $VNSEARCH_WEB_DIR, the source tree, or the
/// installed copy, in that order.
std::filesystem::path web_dir();

} // namespace vnsearch
