#pragma once
/// Reading the sample corpus: one crawled article, its page chrome removed, its body cut
/// into paragraphs and sentences.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch::gen {

/// A crawled article reduced to what a reporter wrote.
struct CleanArticle {
    std::string id;                      ///< file name without .txt
    std::string headline;                ///< empty when the page kept none
    std::vector<std::string> paragraphs; ///< body paragraphs in NFC, chrome dropped
    std::vector<std::string> related;    ///< the "Tin liên quan" headlines under the story
    int year = 0;                        ///< the year the story is dated in (0: unknown)
};

/// Reads one article in the crawled plain-text format (see corpus/README.md): drops the
/// date line, menu lines, time stamps, bylines and photo captions. Ill-formed UTF-8
/// becomes U+FFFD. Throws std::runtime_error naming the file when it cannot be read.
CleanArticle read_crawled_article(const std::filesystem::path& file);

/// The .txt files of a folder, sorted by name so that the model never depends on the
/// order the file system lists them in. Throws when the folder holds none.
std::vector<std::filesystem::path> list_articles(const std::filesystem::path& dir);

/// Splits a paragraph into sentences: after . ! ? or … followed by a space and a capital
/// or an opening quote, never inside a quotation, never after an abbreviation (TP., T.L).
std::vector<std::string> split_sentences(std::string_view paragraph);

} // namespace vnsearch::gen
