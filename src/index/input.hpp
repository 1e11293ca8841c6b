#pragma once
/// Reading the indexer's input: plain-text crawls and JSON Lines (optionally gzip'd).

#include "vnsearch/indexing.hpp"
#include "vnsearch/record.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch {

/// A file larger than this (or a JSON Lines record larger than this) is skipped.
inline constexpr std::size_t max_input_bytes = 50u * 1024u * 1024u;

/// One article ready for extraction.
struct InputArticle {
    RawArticle raw;
    std::string content_hash; ///< of the raw bytes: unchanged input is not indexed again
    std::size_t bytes = 0;
};

/// A path as messages and records show it: as is when valid UTF-8, else with each byte of an
/// invalid sequence written \xHH.
std::string printable_path(const std::filesystem::path& p);

/// Content digest used to recognise unchanged input (64-bit FNV-1a, hex).
std::string content_hash(std::string_view bytes);

/// The input files under `inputs` (files as given, folders searched recursively for
/// .txt, .jsonl and .jsonl.gz), sorted, each once. Missing paths and unsupported files
/// given by name are reported in `issues`.
std::vector<std::filesystem::path>
collect_input_files(const std::vector<std::filesystem::path>& inputs,
                    std::vector<InputIssue>& issues);

/// Reads one input file, calling `article` for each article and `issue` for each problem.
/// Never throws for bad content; a file that cannot be opened is an issue too.
void read_input_file(const std::filesystem::path& file,
                     const std::function<void(InputArticle&&)>& article,
                     const std::function<void(InputIssue&&)>& issue);

/// Reads one record of a JSON Lines file: `line` is its `line_no`-th line (1-based) without
/// the newline. Gives the article, or nothing for a blank line and for a record that cannot
/// be indexed (reported to `issue`); a repaired record is both reported and given.
std::optional<InputArticle> read_jsonl_record(std::string_view line,
                                              const std::filesystem::path& file,
                                              std::size_t line_no,
                                              const std::function<void(InputIssue&&)>& issue);

} // namespace vnsearch
