#pragma once
/// Evaluates a query tree from posting lists held in memory, with the weights Xapian's
/// BM25Weight gives (its default parameters). Xapian reads and decodes every posting list
/// again for each query; a researcher's queries reuse the same few hundred terms, so
/// holding those lists as arrays makes a broad query over 100,000 documents a matter of
/// merging arrays. Phrases read the engine's positions store, once per phrase and
/// revision.

#include "util/lru_cache.hpp"
#include "vnsearch/query.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>
#include <xapian.h>

namespace vnsearch {

/// One term's postings: the documents that hold it, ascending, and its wdf in each (held
/// to 65,534: BM25's wdf part is within 1e-4 of its limit long before). A term in a sixth
/// of the documents or more keeps a byte by docid instead: a lookup instead of a search,
/// in no more memory than the list's six bytes a posting.
struct TermPostings {
    static constexpr std::uint8_t large_mark = 255;
    Xapian::doccount termfreq = 0;
    bool dense = false;
    std::vector<Xapian::docid> docs; ///< ascending (not `dense`)
    std::vector<std::uint16_t> wdf;  ///< by index into `docs` (not `dense`)
    /// `dense`: by docid, the wdf plus one (0: absent; large_mark: see `large`).
    std::vector<std::uint8_t> by_docid;
    std::vector<std::pair<Xapian::docid, Xapian::termcount>> large; ///< by docid
    std::size_t bytes() const {
        return docs.size() * 4 + wdf.size() * 2 + by_docid.size() + large.size() * 8 + 64;
    }
    /// The term's wdf in `d`; 0 where absent.
    Xapian::termcount wdf_in(Xapian::docid d) const;
};

/// What BM25 needs of the whole index; fixed for one revision.
struct Collection {
    Xapian::doccount documents = 0;
    std::vector<Xapian::docid> all; ///< every document, ascending
    /// By docid: BM25's length normalisation, k1 * (b * length / average + (1 - b)), with
    /// Xapian's floor on the normalised length.
    std::vector<double> norm;

    static Collection read(const Xapian::Database& db);
    std::size_t bytes() const { return all.size() * 4 + norm.size() * 8; }
};

/// Documents a query matches, ascending, with their weights.
struct Scored {
    std::vector<Xapian::docid> docs;
    std::vector<double> weights;
};

/// Runs `work(k)` for each k below `shards`, the first on this thread and the others on
/// threads of their own, and rethrows what one threw. Xapian objects are not thread-safe:
/// `work(k)` must touch only shard k's database.
void for_each_shard(std::size_t shards, const std::function<void(std::size_t)>& work);

/// Caches a Matcher reads through; shared by every thread, keyed by index revision.
struct MatcherCaches {
    explicit MatcherCaches(std::size_t postings_budget, std::size_t phrases_budget)
        : postings(postings_budget), phrases(phrases_budget) {}
    LruCache<TermPostings> postings;
    LruCache<std::vector<Xapian::docid>> phrases; ///< documents holding a phrase
};

/// Evaluates queries over one revision of an index. One per thread and query: it holds
/// the thread's Xapian database (read for postings and positions) and scratch space.
class Matcher {
public:
    /// `db` combines `shards`, in that order; `revision` must change whenever they could
    /// answer differently.
    Matcher(const Xapian::Database& db, const std::vector<Xapian::Database>& shards,
            const Collection& collection, std::string revision, MatcherCaches& caches);

    /// Every document `node` matches, with the weight Xapian would give it (to rounding).
    Scored evaluate(const QueryNode& node);

    /// Every document `node` matches, ascending, without weighing them. `node` must outlive
    /// the matcher: what it matched is kept by its address for the rest of the query.
    std::vector<Xapian::docid> documents(const QueryNode& node);

    /// How many documents `node` matches.
    Xapian::doccount count(const QueryNode& node);

    /// For each of `docs` (ascending), what `node` weighs there and whether it matches.
    void weigh_in(const QueryNode& node, const std::vector<Xapian::docid>& docs,
                  std::vector<double>& weights, std::vector<std::uint8_t>& matched);

    /// Adds to `weights` (one per document of `docs`, ascending) what `node` weighs in
    /// each document it matches there; returns how many it matched.
    std::size_t add_weights(const QueryNode& node, const std::vector<Xapian::docid>& docs,
                            std::vector<double>& weights);

    /// What a phrase would add to each of `docs` if it held there: the weight of its words
    /// where all of them occur (no positions read). Other nodes: as add_weights.
    void add_bounds(const QueryNode& node, const std::vector<Xapian::docid>& docs,
                    std::vector<double>& weights);

    /// Whether `d` holds the phrase's terms at consecutive positions, in order (Xapian's
    /// OP_PHRASE with a window of the phrase's length), read from its own positions.
    bool holds_phrase(const QueryNode& node, Xapian::docid d);

    /// Adds the wdf of `term` in each of `docs` (ascending) to `into`: from the postings in
    /// memory, or, for a few documents of a long list not held, by skipping through it.
    void add_wdf(const std::string& term, const std::vector<Xapian::docid>& docs,
                 std::vector<Xapian::termcount>& into);

    /// The postings of `term`, from memory or read once.
    std::shared_ptr<const TermPostings> postings(const std::string& term);

    /// Reads the postings of `terms` (most frequent first) into memory while they fit in
    /// `bytes`: the longest lists are the slowest to read on a query's first use.
    void preload(const std::vector<std::pair<std::string, Xapian::doccount>>& terms,
                 std::size_t bytes);

private:
    /// A sorted list of documents, borrowed from a cache entry or owned by the matcher; or,
    /// for a dense term, only a flag by docid until listed() lists them.
    struct DocList {
        const Xapian::docid* data = nullptr;
        std::size_t size = 0;
        const std::uint8_t* dense = nullptr; ///< by docid, non-zero where listed (dense terms)
        const Xapian::docid* begin() const { return data; }
        const Xapian::docid* end() const { return data + (data ? size : 0); }
        /// Whether `d` is listed; `at` walks the list for ascending calls.
        bool holds(Xapian::docid d, const Xapian::docid*& at) const;
    };
    /// `list` with its documents listed.
    DocList listed(DocList list);
    DocList docs_of(const QueryNode& node);
    DocList keep(std::vector<Xapian::docid> docs);
    /// The documents an AND matches (see how its phrases are matched in matcher.cpp).
    std::vector<Xapian::docid> all_of(const QueryNode& node);
    /// The phrases under a node and the postings of their words: what matching them over the
    /// whole index reads.
    struct PhraseCost {
        std::size_t phrases = 0;
        std::size_t entries = 0;
    };
    PhraseCost phrase_cost(const QueryNode& node);
    /// The cache key of a phrase's documents.
    std::string phrase_key(const QueryNode& node) const;
    /// The documents a phrase matches, from the cache or by reading positions.
    std::shared_ptr<const std::vector<Xapian::docid>> phrase_docs(const QueryNode& node);
    /// Every document that holds the phrase, ascending: its words' common documents,
    /// checked in the positions store (positions.hpp).
    std::vector<Xapian::docid> phrase_holders(const QueryNode& node);
    /// The same through Xapian's phrase matcher, for indexes without a positions store.
    std::vector<Xapian::docid> phrase_holders_by_xapian(const QueryNode& node);
    /// Where each of the phrase's words occurs in `d`, in the phrase's order.
    std::vector<std::vector<Xapian::termpos>> positions(const QueryNode& phrase, Xapian::docid d);
    /// Weights of `node` in each of `docs` (0 where it does not match), `match` set where it
    /// does; `factor` scales them (0: only whether it matches).
    void weigh(const QueryNode& node, const std::vector<Xapian::docid>& docs, double factor,
               std::vector<double>& weights, std::vector<std::uint8_t>& match);
    /// weigh() of all_of and phrase nodes: every child must match (at its positions for a
    /// phrase), the weights summed.
    void weigh_all_of(const QueryNode& node, const std::vector<Xapian::docid>& docs, double f,
                      std::vector<double>& weights, std::vector<std::uint8_t>& match);
    /// Clears `match` where the phrase's words are not at consecutive positions.
    void keep_phrase_matches(const QueryNode& node, const std::vector<Xapian::docid>& docs,
                             std::vector<std::uint8_t>& match);
    /// How a term's presence counts in weigh_term's `match`.
    enum class TermMatch {
        sets,   ///< the term alone: `match` is set where it occurs
        clears, ///< a term under an AND: `match` is cleared where it does not occur
    };
    /// Adds a term's weights (times `factor`) to `weights`, and marks `match` as `how` says.
    void weigh_term(const std::string& term, const std::vector<Xapian::docid>& docs, double factor,
                    std::vector<double>& weights, std::vector<std::uint8_t>& match, TermMatch how);
    /// BM25's weight of a term in `termfreq` documents, before the wdf and length part.
    double term_weight(Xapian::doccount termfreq) const;
    std::vector<Xapian::docid> intersect_all(std::vector<DocList> lists);

    const Xapian::Database& m_db;
    const std::vector<Xapian::Database>& m_shards;
    const Collection& m_collection;
    std::string m_revision;
    MatcherCaches& m_caches;
    std::vector<std::shared_ptr<const void>> m_held; ///< keeps borrowed lists alive
    std::vector<std::unique_ptr<std::vector<Xapian::docid>>> m_owned;
    std::unordered_map<const QueryNode*, DocList> m_docs; ///< per node, this query
    /// By shard, once a document's positions are first read: whether its documents keep
    /// them in slot_positions (else in Xapian's position table, written by an older indexer).
    std::vector<std::uint8_t> m_document_positions;
    /// The last document whose own positions were read, and they: a candidate's boosts are
    /// checked one after another.
    Xapian::docid m_positions_of = 0;
    std::string m_positions_value;
};

} // namespace vnsearch
