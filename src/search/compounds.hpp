#pragma once
/// Compound words for the characteristic terms: which of the lexicon's words of several
/// syllables a sample of results holds (read from each document's own positions), and how
/// many documents of the whole index hold each (its syllables side by side, found in the
/// positions store). Both count a compound where its folded syllables stand at consecutive
/// positions, as a quoted phrase matches it.

#include "vnsearch/lexicon.hpp"

#include <cstddef>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>
#include <xapian.h>

namespace vnsearch::detail {

/// A compound word of the lexicon and the documents of a sample holding it.
struct SampledCompound {
    std::string folded;                 ///< folded syllables joined by spaces
    std::vector<std::string> syllables; ///< folded
    std::size_t count = 0;              ///< documents of the sample holding it
};

/// The syllables of the lexicon's compound words, folded.
struct CompoundSyllables {
    std::unordered_set<std::string> any; ///< in any place of an entry
    /// By the first syllable of entries, their second syllables.
    std::unordered_map<std::string, std::vector<std::string>> second;
};

/// The compound words a fixed sample of the whole index holds: what the characteristic
/// terms estimate a compound's count in the index from, to choose which to count exactly.
struct CompoundSample {
    std::size_t documents = 0;                           ///< in the sample
    std::unordered_map<std::string, std::size_t> counts; ///< folded compound -> documents
    std::size_t bytes() const { return counts.size() * 64 + 64; }
};

/// The folded syllables of the lexicon's compound words.
CompoundSyllables compound_syllables(const Lexicon& lexicon);

/// The compound words of `lexicon` that `docs` (docids of the database combining `shards`,
/// ascending) hold, each with the number
/// of those documents holding it, in no particular order. Only runs of `syllables` (folded)
/// are looked at: a compound holds each of its syllables wherever it occurs.
std::vector<SampledCompound> compounds_in(const std::vector<Xapian::Database>& shards,
                                          const std::vector<Xapian::docid>& docs,
                                          const Lexicon& lexicon, const CompoundSyllables& all,
                                          const std::unordered_set<std::string>& syllables);

/// For each phrase (folded syllables), how many of the documents holding all its syllables
/// (`holding_all`, by phrase: docids of the database combining `shards`, ascending) hold it,
/// read from the shards' positions stores: each syllable's run is read once per shard
/// however many phrases share it. Every shard must keep a positions store (has_positions()).
std::vector<Xapian::doccount>
phrase_counts(const std::vector<Xapian::Database>& shards,
              const std::vector<std::vector<std::string>>& phrases,
              const std::vector<std::vector<Xapian::docid>>& holding_all);

} // namespace vnsearch::detail
