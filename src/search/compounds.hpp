#pragma once
/// Compound words for the characteristic terms: which of the lexicon's words of several
/// syllables each document of the index holds (read from its own positions once a
/// revision), so that a request finds those of a sample of results, and how many documents
/// of the whole index hold each, by looking them up. A compound is held where its folded
/// syllables stand at consecutive positions, as a quoted phrase matches it.

#include "vnsearch/lexicon.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>
#include <xapian.h>

namespace vnsearch::detail {

/// A compound word of the lexicon, the documents of a sample holding it, and those of the
/// whole index.
struct SampledCompound {
    std::string folded;                 ///< folded syllables joined by spaces
    std::vector<std::string> syllables; ///< folded
    std::size_t count = 0;              ///< documents of the sample holding it
    std::size_t index_count = 0;        ///< documents of the index holding it
    std::uint32_t id = 0;               ///< in CompoundTable::compounds
};

/// The syllables of the lexicon's compound words, folded.
struct CompoundSyllables {
    std::unordered_set<std::string> any; ///< in any place of an entry
    /// By the first syllable of entries, their second syllables.
    std::unordered_map<std::string, std::vector<std::string>> second;
};

/// Every compound word of the lexicon that one revision of the index holds, and which
/// documents hold each: read once from every document's own positions when the revision's
/// snapshot is built, so that a request counts a sample's compounds, and finds how many
/// documents of the index hold one, by looking them up. A document's compounds are kept as
/// their ids in ascending order, each as a varint of its difference from the one before
/// (about a byte each: 100,000 documents of news hold some 14 million).
struct CompoundTable {
    /// By id: each compound met, `index_count` the documents of the index holding it.
    std::vector<SampledCompound> compounds;
    std::vector<std::uint32_t> offsets; ///< by docid: where its compounds start in `bytes`
    std::string bytes;                  ///< each document's compounds, in docid order

    /// Calls `f(id)` for each compound document `d` (combined docid) holds.
    template <class F>
    void each(Xapian::docid d, F&& f) const {
        if (d + 1 >= offsets.size())
            return;
        std::uint32_t id = 0;
        for (std::size_t i = offsets[d], end = offsets[d + 1]; i < end;) {
            std::uint32_t step = 0;
            for (int shift = 0;; shift += 7) {
                const auto b = static_cast<unsigned char>(bytes[i++]);
                step |= std::uint32_t{b & 0x7fu} << shift;
                if (!(b & 0x80))
                    break;
            }
            id += step;
            f(id);
        }
    }
    std::size_t bytes_used() const;
};

/// The compound words a fixed sample of the whole index holds: what the characteristic
/// terms estimate a compound's count in the index from, to choose which to count exactly.
struct CompoundSample {
    std::size_t documents = 0;         ///< in the sample
    std::vector<std::uint32_t> counts; ///< by compound id: documents holding it
    std::size_t bytes() const { return counts.size() * 4 + 64; }
};

/// The folded syllables of the lexicon's compound words.
CompoundSyllables compound_syllables(const Lexicon& lexicon);

/// The compound words of `lexicon` (its syllables `all`) in every document of the
/// database combining `shards`, read from the documents' own positions, a thread per shard.
CompoundTable compound_table(const std::vector<Xapian::Database>& shards, const Lexicon& lexicon,
                             const CompoundSyllables& all);

/// How many of `docs` (combined docids) hold each compound of `table`, by id.
std::vector<std::uint32_t> compound_counts(const CompoundTable& table,
                                           const std::vector<Xapian::docid>& docs);

/// The compound words of `table` that `docs` (combined docids) hold, made only of
/// `syllables` (folded), each with the number of those documents holding it, in no
/// particular order.
std::vector<SampledCompound> compounds_in(const CompoundTable& table,
                                          const std::vector<Xapian::docid>& docs,
                                          const std::unordered_set<std::string>& syllables);

} // namespace vnsearch::detail
