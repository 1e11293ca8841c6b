// vnsearch-usual-forms: writes data/usual_forms.txt from a folder of sample articles.
//
// For each syllable that folds alike in several spellings ("ban": bản, bán, bàn, bạn) it
// prints the spelling the articles use most, when that spelling is at least 40 % of the
// syllable's occurrences and is seen three times or more. The articles go through the
// project's own analyzer, so the syllables counted are the ones the indexer sees.
//
// The indexer stores an accented form as its own term only where a document needs it (a
// form other than the usual one, or several forms of one syllable in the document), so the
// list decides index size and speed, never what a query finds. Rebuild indexes after
// changing it: vnsearch-index refuses to update an index built with another list.
//
// Usage: vnsearch-usual-forms CORPUS_DIR > data/usual_forms.txt   (scripts/usual-forms)

#include "vnsearch/analyzer.hpp"
#include "vnsearch/data_dir.hpp"
#include "vnsearch/lexicon.hpp"
#include "vnsearch/tokenizer.hpp"
#include "vnsearch/utf8.hpp"

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using namespace vnsearch;

namespace {

/// A spelling must be seen this often, and make this share of its syllable, to be usual.
constexpr std::size_t min_occurrences = 3;
constexpr std::size_t min_share_percent = 40;

/// The spellings of one folded syllable with their counts, in the order first seen: on a
/// tie the spelling seen first wins, so the list does not depend on hash order.
struct Spellings {
    std::vector<std::pair<std::string, std::size_t>> forms;
    std::size_t total = 0;

    void add(const std::string& form) {
        ++total;
        const auto it = std::find_if(forms.begin(), forms.end(),
                                     [&](const auto& f) { return f.first == form; });
        if (it == forms.end())
            forms.emplace_back(form, 1);
        else
            ++it->second;
    }

    const std::pair<std::string, std::size_t>& most_common() const {
        return *std::max_element(forms.begin(), forms.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    }
};

/// Folded syllable -> its spellings, in byte order of the folded form.
using Counts = std::map<std::string, Spellings>;

/// The corpus's .txt files in file-name order.
std::vector<fs::path> articles(const fs::path& dir) {
    if (!fs::is_directory(dir))
        throw std::runtime_error(dir.string() + ": not a folder of articles");
    std::vector<fs::path> files;
    for (const fs::directory_entry& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".txt")
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in)
        throw std::runtime_error(path.string() + ": cannot be read");
    return std::move(text).str();
}

/// Counts the spellings of every word the analyzer finds in one article.
void count_article(const Analyzer& analyzer, const std::string& bytes, Counts& counts) {
    const DecodedText decoded = decode_utf8(bytes);
    for (const Token& t : analyzer.analyze(decoded.text).tokens)
        if (t.kind == TokenKind::word)
            counts[t.folded].add(t.norm);
}

void print_usual_forms(const Counts& counts, std::ostream& out) {
    out << "# The usual spelling of syllables that fold alike, one a line (any tone placement).\n"
           "# Written by scripts/usual-forms from corpus/articles; see that script before "
           "editing.\n";
    for (const auto& [folded, spellings] : counts) {
        const auto& [form, n] = spellings.most_common();
        if (form != folded && n >= min_occurrences &&
            n * 100 >= spellings.total * min_share_percent)
            out << form << '\n';
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: vnsearch-usual-forms CORPUS_DIR > data/usual_forms.txt\n";
        return 2;
    }
    try {
        const auto lexicon =
            std::make_shared<const Lexicon>(Lexicon::load(data_dir() / "lexicon.txt"));
        const Analyzer analyzer(lexicon);
        Counts counts;
        for (const fs::path& file : articles(argv[1]))
            count_article(analyzer, read_file(file), counts);
        print_usual_forms(counts, std::cout);
        std::cout.flush();
        if (!std::cout) {
            std::cerr << "vnsearch-usual-forms: cannot write the list\n";
            return 1;
        }
    } catch (const std::exception& e) {
        std::cerr << "vnsearch-usual-forms: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
