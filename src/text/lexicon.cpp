#include "vnsearch/lexicon.hpp"

#include "util/fnv1a.hpp"
#include "util/lines.hpp"
#include "vnsearch/tokenizer.hpp"
#include "vnsearch/utf8.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vnsearch {

Lexicon Lexicon::load(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read lexicon " + file.string());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse(buffer.str(), file.string());
}

Lexicon Lexicon::parse(std::string_view text, std::string_view source) {
    if (!is_valid_utf8(text))
        throw std::runtime_error(std::string(source) + ": not valid UTF-8");
    Lexicon lex;
    std::size_t line_no = 0;
    util::for_each_line(text, [&](std::string_view line, std::size_t) {
        ++line_no;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.remove_suffix(1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
            line.remove_prefix(1);
        if (line.empty() || line.front() == '#')
            return;
        const auto tokens = tokenize(line);
        bool words_only = !tokens.empty() && tokens.size() <= max_syllables;
        for (const Token& t : tokens)
            words_only = words_only && t.kind == TokenKind::word;
        if (!words_only)
            throw std::runtime_error(std::string(source) + ":" + std::to_string(line_no) +
                                     ": an entry is 1 to " + std::to_string(max_syllables) +
                                     " words of letters, got \"" + std::string(line) + "\"");
        lex.add(line);
    });
    return lex;
}

bool Lexicon::add(std::string_view entry) {
    const auto tokens = tokenize(entry);
    if (tokens.size() < 2 || tokens.size() > max_syllables)
        return false;
    std::string key;
    std::string folded;
    std::uint64_t h = 0, hf = 0;
    for (const Token& t : tokens) {
        if (t.kind != TokenKind::word)
            return false;
        if (!key.empty()) {
            key += ' ';
            folded += ' ';
        }
        key += t.norm;
        folded += t.folded;
        h = extend(h, t.norm);
        hf = extend(hf, t.folded);
        const bool last = &t == &tokens.back();
        if (&t != &tokens.front()) {
            m_sequences[h] |= last ? is_entry : begins_entry;
            m_folded_sequences[hf] |= last ? is_entry : begins_entry;
        }
    }
    m_by_folded.try_emplace(folded, key);
    m_entries.insert(std::move(key));
    return true;
}

namespace {

bool has(const std::unordered_set<std::string>& set, std::string_view key) {
    // libstdc++ 12 has no heterogeneous lookup for unordered containers.
    thread_local std::string probe;
    probe.assign(key);
    return set.find(probe) != set.end();
}

} // namespace

bool Lexicon::contains(std::string_view key) const {
    return has(m_entries, key);
}

std::uint64_t Lexicon::extend(std::uint64_t sequence, std::string_view syllable) noexcept {
    return extend_hashed(sequence, syllable_hash(syllable));
}

std::uint64_t Lexicon::syllable_hash(std::string_view syllable) noexcept {
    return util::fnv1a(syllable);
}

std::uint64_t Lexicon::extend_hashed(std::uint64_t sequence, std::uint64_t syllable) noexcept {
    return (sequence ^ 0x9E3779B97F4A7C15ull) * 0xff51afd7ed558ccdull + syllable;
}

Lexicon::Match Lexicon::match(std::uint64_t sequence) const noexcept {
    const auto it = m_sequences.find(sequence);
    return it == m_sequences.end() ? no_match : static_cast<Match>(it->second);
}

Lexicon::Match Lexicon::match_folded(std::uint64_t sequence) const noexcept {
    const auto it = m_folded_sequences.find(sequence);
    return it == m_folded_sequences.end() ? no_match : static_cast<Match>(it->second);
}

const std::string* Lexicon::accented(std::string_view folded_key) const {
    thread_local std::string probe;
    probe.assign(folded_key);
    const auto it = m_by_folded.find(probe);
    return it == m_by_folded.end() ? nullptr : &it->second;
}

} // namespace vnsearch
