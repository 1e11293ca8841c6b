#include "model.hpp"

#include "corpus.hpp"
#include "parser.hpp"
#include "text.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

namespace vnsearch::gen {

namespace {

/// Names sorted by how often the corpus uses them, then alphabetically.
std::vector<std::string> by_frequency(const std::map<std::string, int>& counts) {
    std::vector<std::pair<std::string, int>> v(counts.begin(), counts.end());
    std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.second > b.second; });
    std::vector<std::string> out;
    for (auto& [name, n] : v)
        out.push_back(name);
    return out;
}

/// Straight quotes come in pairs and curly ones balance: a sentence cut out of a longer
/// quotation would print a stray quote mark.
bool quotes_balanced(std::string_view s) {
    std::size_t straight = 0;
    int curly = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len = 0;
        const char32_t c = code_point_at(s, i, len);
        straight += c == U'"';
        curly += c == U'“' ? 1 : c == U'”' ? -1 : 0;
        if (curly < 0)
            return false;
        i += len;
    }
    return straight % 2 == 0 && curly == 0;
}

} // namespace

CorpusModel build_model(const std::filesystem::path& dir) {
    std::vector<CleanArticle> articles;
    for (const auto& file : list_articles(dir))
        articles.push_back(read_crawled_article(file));

    CorpusModel model;
    model.articles = articles.size();
    std::vector<std::vector<std::vector<std::string>>> sentences(articles.size());
    std::map<std::string, int> families, middles[2], givens[2];
    for (std::size_t a = 0; a < articles.size(); ++a) {
        for (const auto& para : articles[a].paragraphs) {
            sentences[a].push_back(split_sentences(para));
            for (const auto& sentence : sentences[a].back()) {
                for (const auto& person : SentenceParser::people(sentence)) {
                    const auto& syl = person.syllables;
                    // "Văn" and "Thị" are middle names; a name cut short must not teach
                    // the pools otherwise.
                    if (syl.front() == "Văn" || syl.front() == "Thị" || syl.back() == "Văn" ||
                        syl.back() == "Thị")
                        continue;
                    ++families[syl.front()];
                    ++givens[person.woman][syl.back()];
                    for (std::size_t k = 1; k + 1 < syl.size(); ++k)
                        ++middles[person.woman][syl[k]];
                }
            }
        }
    }
    model.names.families = by_frequency(families);
    for (int g = 0; g < 2; ++g) {
        model.names.middles[g] = by_frequency(middles[g]);
        model.names.givens[g] = by_frequency(givens[g]);
    }
    // Too few names would repeat the same officials across the whole archive.
    if (model.names.families.size() < 5 || model.names.givens[0].size() < 5)
        throw std::runtime_error(dir.string() + ": too few personal names (\"ông Nguyễn Văn A\") "
                                                "in the sample articles to invent officials from");
    if (model.names.givens[1].empty()) {
        model.names.givens[1] = model.names.givens[0];
        model.names.middles[1] = model.names.middles[0];
    }
    if (model.names.middles[0].empty())
        model.names.middles[0] = {"Văn"};
    if (model.names.middles[1].empty())
        model.names.middles[1] = {"Thị"};

    const std::set<std::string, std::less<>> family_set(model.names.families.begin(),
                                                        model.names.families.end());
    const SentenceParser parser(family_set);
    std::set<std::string, std::less<>> seen; // a re-published story repeats its sentences
    for (std::size_t a = 0; a < articles.size(); ++a) {
        const auto& art = articles[a];
        const int year = art.year != 0 ? art.year : 2022;
        for (std::size_t p = 0; p < sentences[a].size(); ++p) {
            for (std::size_t k = 0; k < sentences[a][p].size(); ++k) {
                std::string_view text = sentences[a][p][k];
                // A list item ("- Hoàn thành phủ sóng 4G ...") reads as a plain sentence.
                for (std::string_view bullet : {"- ", "+ ", "• ", "– "})
                    if (text.starts_with(bullet))
                        text.remove_prefix(bullet.size());
                const std::size_t words = count_words(text);
                if (words < 5 || words > 90 || !quotes_balanced(text) || !seen.emplace(text).second)
                    continue;
                model.sentences.push_back(parser.parse(text, year, p == 0 && k == 0));
            }
        }
        std::vector<std::string> heads = art.related;
        if (!art.headline.empty())
            heads.insert(heads.begin(), art.headline);
        for (const auto& h : heads)
            if (quotes_balanced(h) && count_words(h) <= 30 && seen.emplace(h).second)
                model.titles.push_back(parser.parse(h, year, false));
    }
    if (model.sentences.size() < 200)
        throw std::runtime_error(dir.string() + ": only " + std::to_string(model.sentences.size()) +
                                 " usable sentences; the generator needs at least 200");
    return model;
}

} // namespace vnsearch::gen
