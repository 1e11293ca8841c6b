#pragma once
/// Research views over a search's results: how many matched over time (timeline and
/// comparison), which words set them apart from the whole index (characteristic terms), and
/// the history of province–carrier agreements. Every count is exact over every result,
/// near-duplicates folded as the search folds them, unless a view says it samples.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace vnsearch {

/// The width of a timeline's buckets.
enum class Interval { day, week, month, year };

/// What a bucket's count is divided by.
enum class Normalize {
    filters, ///< every article of the bucket under the request's filters, with no text
    all,     ///< every article of the bucket
};

/// One bucket of a timeline.
struct TimelineBucket {
    std::string start;     ///< its first day, YYYY-MM-DD (a Monday for weeks)
    std::size_t count = 0; ///< results published in it
    std::size_t total = 0; ///< articles it holds under Normalize
    double share = 0;      ///< count / total, 0 when total is 0
};

/// Results by publication date.
struct Timeline {
    std::size_t total = 0;   ///< the search's total
    std::size_t undated = 0; ///< results whose date is not precise enough for the interval
    std::vector<TimelineBucket> buckets; ///< contiguous, first to last non-empty
};

/// Several texts under one set of filters: timelines on the same buckets, and overlaps.
struct Comparison {
    std::vector<Timeline> series;
    struct Overlap {
        std::size_t a = 0, b = 0; ///< indexes into series
        std::size_t shared = 0;   ///< results of both (near-duplicate groups counted once)
    };
    std::vector<Overlap> overlap;
};

/// What a characteristic term is.
enum class TermKind {
    word,     ///< one term of the index: a syllable
    compound, ///< a word of several syllables from the lexicon ("chuyển đổi số")
};

/// A term characteristic of a set of results.
struct CharacteristicTerm {
    std::string term;      ///< a word in the index's most frequent spelling; a compound as the
                           ///< lexicon writes it, its syllables separated by spaces
    std::size_t count = 0; ///< documents of the set (or sample) holding it
    std::size_t index_count = 0; ///< documents of the index holding it
    double score = 0;            ///< log-likelihood ratio G²
    TermKind kind = TermKind::word;
};

/// The terms that set a search's results apart from the whole index.
struct CharacteristicTerms {
    std::size_t total = 0;  ///< the search's total
    std::size_t sample = 0; ///< results read (every one, or the first by a fixed order)
    std::vector<CharacteristicTerm> terms; ///< highest score first
};

/// An article as an agreement's history lists it.
struct AgreementArticle {
    std::string id, title, published, url, source;
};

/// One province–carrier agreement and the articles reporting its signing.
struct Agreement {
    std::string province;
    std::vector<std::string> carriers;      ///< canonical order
    std::string signed_on;                  ///< YYYY-MM-DD, YYYY-MM or YYYY; empty when unknown
    std::string period;                     ///< 2025-2030, or empty
    std::vector<std::string> pillars;       ///< union of the articles', in pillar_ids order
    std::vector<AgreementArticle> articles; ///< oldest first
    std::optional<std::size_t> renews;      ///< the same pair's previous agreement
    std::optional<std::size_t> renewed_by;  ///< the same pair's next agreement
};

} // namespace vnsearch
