#include "vnsearch/stopwords.hpp"

#include "text/vietnamese.hpp"
#include "vnsearch/utf8.hpp"

#include <fstream>
#include <stdexcept>

namespace vnsearch {

void for_each_listed_word(const std::filesystem::path& file,
                          const std::function<void(const std::string&)>& word) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read word list " + file.string());
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.pop_back();
        if (line.empty() || line.front() == '#')
            continue;
        if (!is_valid_utf8(line) || line.find(' ') != std::string::npos)
            throw std::runtime_error(file.string() + ":" + std::to_string(line_no) +
                                     ": one UTF-8 word a line expected");
        word(line);
    }
}

StopWords StopWords::load(const std::filesystem::path& file) {
    StopWords words;
    for_each_listed_word(file, [&](const std::string& w) { words.add(w); });
    return words;
}

void StopWords::add(std::string_view word) {
    m_words.insert(normalize_word(word).norm);
}

bool StopWords::contains(std::string_view norm) const {
    thread_local std::string probe;
    probe.assign(norm);
    return m_words.find(probe) != m_words.end();
}

} // namespace vnsearch
