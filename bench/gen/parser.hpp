#pragma once
/// Turning one sentence of the sample corpus into a template: province, carrier and
/// personal names, years, figures and dates become slots (see model.hpp).

#include "model.hpp"

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch::gen {

/// A personal name written after "ông" or "bà" ("ông Hoàng Quốc Thịnh").
struct PersonName {
    std::vector<std::string> syllables;
    bool woman = false;
};

/// Parses sentences (valid UTF-8, NFC) into templates.
class SentenceParser {
public:
    /// `families`: family names seen after "ông" / "bà", so that a name written after a
    /// title alone ("Chủ tịch UBND tỉnh Lê Văn A") is recognized too. Must outlive the parser.
    explicit SentenceParser(const std::set<std::string, std::less<>>& families);

    /// The template of `s`; `source_year` is the year of its article, `lead` whether it
    /// opens its story.
    Sentence parse(std::string_view s, int source_year, bool lead) const;

    /// The people named after "ông" / "bà" in `s`, for the name pools.
    static std::vector<PersonName> people(std::string_view s);

private:
    const std::set<std::string, std::less<>>& m_families;
};

} // namespace vnsearch::gen
