#pragma once
/// The model the generator samples from: every sentence and headline of the sample corpus
/// turned into a template whose names, years and figures are slots, and the pools of
/// personal names found in it.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch::gen {

/// What a piece of a template stands for.
enum class Slot : std::uint8_t {
    text,       ///< literal text, copied as is
    province,   ///< a province name, with the "tỉnh" / "thành phố" before it if any
    town,       ///< a provincial seat or town ("Pleiku", "Quy Nhơn")
    carrier,    ///< a carrier name, short (VNPT) or long (Tập đoàn ...)
    person,     ///< a full personal name after "ông" / "bà", or a known family name
    given_name, ///< "ông Thịnh": a person named by the given name only
    year,       ///< 2010..2029, moved with the article's year
    number,     ///< a figure, redrawn within +-40 %
    day_month,  ///< 12/4
    full_date,  ///< 14/03/2024
    month_year, ///< 3/2024
};

/// The prefix a province name was written with (it depends on the target province).
enum class Prefix : std::uint8_t { none, tinh, Tinh, thanh_pho, Thanh_pho, tp };

/// The text of a prefix, with its trailing space ("tỉnh ").
std::string_view prefix_text(Prefix prefix);

/// One piece of a template.
struct Piece {
    Slot slot = Slot::text;
    std::uint8_t id = 0;    ///< province: old-province index; carrier: carrier index
    std::uint8_t form = 0;  ///< province: Prefix; carrier: 1 long name; person: 1 woman;
                            ///< number: decimals; full_date: 1 zero-padded
    std::uint8_t flags = 0; ///< number: 1 thousands grouped, 2 percentage
    std::int64_t value = 0; ///< year; number scaled by 10^decimals; month of month_year
    std::string text;       ///< literal text; the source name of a person
};

/// Pillar bits of Sentence::pillars, in the order of labels.tsv.
enum Pillar : std::uint8_t {
    infrastructure = 1,
    government = 2,
    economy = 4,
    society = 8,
};

/// A sentence (or headline) of the sample corpus as a template.
struct Sentence {
    std::vector<Piece> pieces;
    std::string opening;           ///< its first two words: two sentences of one document
                                   ///< never open alike ("Về chính quyền số, ...")
    std::uint32_t bytes = 0;       ///< length of the source sentence
    std::uint16_t source_year = 0; ///< the year of the article it comes from
    std::uint8_t provinces = 0;    ///< distinct provinces it names (venues excluded)
    std::uint8_t carriers = 0;     ///< distinct carriers it names
    std::uint8_t pillars = 0;      ///< Pillar bits
    bool signing = false; ///< talks about signing or an agreement (ký kết, thỏa thuận, ...)
    bool quote = false;   ///< quotes somebody
    bool lead = false;    ///< first sentence of its story
    bool period = false;  ///< states a period ("giai đoạn 2024 - 2028")
    bool merger = false;  ///< only makes sense after the merger of 1 July 2025
};

/// Personal names harvested from the corpus, most frequent first.
struct NamePools {
    std::vector<std::string> families;
    std::vector<std::string> middles[2]; ///< [0] men, [1] women
    std::vector<std::string> givens[2];
};

/// Everything the generator draws from.
struct CorpusModel {
    std::vector<Sentence> sentences; ///< body sentences, in corpus order
    std::vector<Sentence> titles;    ///< headlines and related-story headlines
    NamePools names;
    std::size_t articles = 0; ///< sample articles read
};

/// Reads every .txt article of `dir` and builds the model. Throws std::runtime_error
/// naming the folder or file when the corpus cannot be used.
CorpusModel build_model(const std::filesystem::path& dir);

} // namespace vnsearch::gen
