#pragma once
/// The search engine's workings behind SearchEngine: per-thread handles on the shards, one
/// immutable snapshot per index revision (built on a thread of its own), the caches of
/// matches and answers, and the steps of a search.

#include "match/matcher.hpp"
#include "match/relax.hpp"
#include "query/spelling.hpp"
#include "search/compounds.hpp"
#include "util/lru_cache.hpp"
#include "vnsearch/schema.hpp"
#include "vnsearch/search.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>
#include <xapian.h>

namespace vnsearch {
namespace detail {

/// One of the best few matches by BM25, which the query's boosts re-rank.
struct Candidate {
    Xapian::docid docid = 0;
    double base = 0;    ///< BM25 plus the boosts that hold wherever their words occur
    double bound = 0;   ///< base plus every boost that may hold here (MatchList::checks): its most
    float coverage = 1; ///< relaxed lists: the share of the query held, which ranks first
};

/// The documents a query matches: the best few ready to re-rank, the rest by docid.
struct MatchList {
    /// Browsing: every document, newest first (text queries leave it empty).
    std::vector<std::pair<Xapian::docid, float>> ranked;
    std::vector<Candidate> candidates; ///< text: the best few by BM25, by docid
    /// The boosts that hold only in some documents, checked lazily (see rerank()): a phrase
    /// (index into ParsedQuery::boosts) or a usual spelling written so (index into
    /// ParsedQuery::usual_exact); and for each candidate what each would add (candidate-major).
    struct Check {
        bool phrase = true;
        std::size_t index = 0;
    };
    std::vector<Check> checks;
    std::vector<double> check_weights;
    std::vector<Xapian::docid> matched; ///< every match, ascending
    std::vector<float> weights;         ///< BM25, by index into `matched`
    /// Relaxed lists (relax.hpp), by index into `matched`: the share of the query each holds,
    /// which ranks before the weight, and the clauses it lacks (index into missing_sets).
    std::vector<float> coverage;
    std::vector<std::uint32_t> missing;
    std::vector<std::vector<std::string>> missing_sets;
    std::size_t bytes() const {
        std::size_t sets = 0;
        for (const auto& set : missing_sets)
            for (const std::string& text : set)
                sets += text.size() + 32;
        return ranked.size() * 8 + candidates.size() * sizeof(Candidate) +
               check_weights.size() * 8 + matched.size() * 4 + weights.size() * 4 +
               coverage.size() * 4 + missing.size() * 4 + sets + 64;
    }
};

/// A document's facets as the snapshot holds them: the stored record, and the code of its
/// outlet (1 + index into Snapshot::outlets; 0 none), which the index stores by name.
struct FacetRow : schema::FacetRecord {
    std::uint16_t outlet = 0;
};

/// Everything derived from one revision of the index that queries read but never change.
struct Snapshot {
    std::string key;
    Xapian::docid last_docid = 0;
    std::size_t documents = 0;
    std::vector<FacetRow> facets;      ///< by docid
    std::vector<std::uint8_t> present; ///< by docid
    /// By docid: the member that stands for its near-duplicate group (itself when alone):
    /// the earliest published, then by facets (snapshot.cpp, stands_before).
    std::vector<Xapian::docid> cluster;
    /// Groups of 2+ by the member standing for them: the members in the order they stand
    /// for the group (a search's result for a group is its first matched member that passes the
    /// filters).
    std::unordered_map<Xapian::docid, std::vector<Xapian::docid>> members;
    std::vector<std::uint8_t> grouped; ///< by docid: 1 when in a group of 2+
    std::vector<std::string> provinces, formers, carriers;
    std::vector<std::string> outlets; ///< sorted; code = index + 1
    std::unordered_map<std::string, std::pair<std::string, Xapian::doccount>>
        accented; ///< folded -> best
    std::unordered_map<std::string, Xapian::doccount> folded_freq;
    std::unordered_map<std::string, std::vector<std::string>> spellings; ///< folded -> XA terms
    std::vector<std::pair<std::string, Xapian::doccount>> spelling_freq; ///< XA terms
    struct Candidate {
        std::string key; ///< folded, words separated by spaces
        std::string display;
        std::string kind;
        double weight;
    };
    std::vector<Candidate> candidates; ///< sorted by key
    std::string last_update;
    MatchList all;         ///< browsing: every document, newest first
    Collection collection; ///< document lengths for BM25
    /// The compound words of every document, for the characteristic terms (a server over
    /// local shards builds it with the snapshot).
    std::shared_ptr<const CompoundTable> compounds = std::make_shared<const CompoundTable>();
};

/// The results of a search before ordering: what its page, facets and views start from.
struct Selection {
    ParsedQuery parsed;
    std::shared_ptr<const MatchList> list; ///< every match (relaxed or corrected as searched)
    std::vector<std::uint8_t> flags;       ///< by docid: facets.hpp's bits (admitted_bit)
    std::size_t total = 0;                 ///< admitted documents
};

/// A thread's handles on every shard the stubs list, combined in `db`.
struct Handles {
    Xapian::Database db;
    std::vector<Xapian::Database> shards;
    std::vector<std::filesystem::path> paths; ///< the shard folders the stubs listed
};

struct Worker : Handles {
    std::shared_ptr<const Snapshot> snapshot; ///< of the revision `db` reads
    /// Reopened to look for a newer revision while `db` keeps serving this one; the two
    /// change places when that revision's snapshot is ready.
    std::optional<Handles> next;
    std::chrono::steady_clock::time_point checked{};
    std::uint64_t generation = 0; ///< SearchEngine::m_generation when last checked
};

/// How often a read overtaken by the writer (DatabaseModifiedError) is tried again.
inline constexpr int max_reopen_attempts = 5;

/// Brings `h` to the newest committed revision of `dbs`: reopened in place while the stubs
/// list the same shards, opened anew when they list others.
void bring_up_to_date(std::optional<Handles>& h, const std::vector<std::filesystem::path>& dbs);

} // namespace detail

struct SearchEngine::Impl {
    Impl(std::vector<std::filesystem::path> dbs, std::shared_ptr<const Knowledge> knowledge,
         std::size_t postings_budget_bytes, std::chrono::milliseconds reopen_interval);
    ~Impl();

    SearchResponse search(const SearchRequest& request);
    std::optional<ArticleRecord> document(const std::string& id);
    std::vector<Suggestion> suggest(std::string_view q, std::size_t limit);
    void export_records(const SearchRequest& request,
                        const std::function<bool(const ArticleRecord&)>& emit);
    IndexStats stats();
    std::vector<std::string> province_names();
    Timeline timeline(const SearchRequest& request, Interval interval, Normalize normalize);
    Comparison compare(const std::vector<SearchRequest>& requests, Interval interval,
                       Normalize normalize);
    CharacteristicTerms terms(const SearchRequest& request, std::size_t limit);
    /// The compound words of a revision's fixed sample of documents, from the cache or
    /// counted from its compound table.
    std::shared_ptr<const detail::CompoundSample> compound_sample(const detail::Snapshot& s);
    std::vector<Agreement> agreements(const Filters& filters);

    /// Steps 1 to 3 of a search: the query parsed, its matches, and the facet pass that
    /// fills res (total, facets, relaxed, corrected) and says which documents are results.
    detail::Selection select(const SearchRequest& request, detail::Worker& worker,
                             const std::shared_ptr<const detail::Snapshot>& snapshot,
                             SearchResponse& res);

    /// Searches `snapshot` with the worker's databases; with `export_to`, hands it every
    /// admitted record in order instead of a page.
    SearchResponse run(const SearchRequest& request,
                       const std::function<bool(const ArticleRecord&)>* export_to,
                       detail::Worker& worker,
                       const std::shared_ptr<const detail::Snapshot>& snapshot);
    /// The matches of a query with text: its own, every word required, or when too few
    /// results hold them all (and req.relax allows), those holding most of them; sets
    /// res.relaxed and res.strict_total.
    std::shared_ptr<const detail::MatchList>
    text_matches(const SearchRequest& req, detail::Worker& w,
                 const std::shared_ptr<const detail::Snapshot>& snap, ParsedQuery& parsed,
                 SearchResponse& res);
    /// The admitted documents (flag in `flags`) of `list` in result order, up to `wanted`:
    /// browsing lists as they are, text matches by their final weight (ranking.hpp).
    std::vector<std::pair<Xapian::docid, float>>
    order_results(const detail::MatchList& list, const ParsedQuery& parsed, detail::Worker& w,
                  const detail::Snapshot& s, std::vector<std::uint8_t>& flags, std::size_t wanted);
    /// Hands every record of `order` to `emit` while it returns true.
    void export_in_order(const std::vector<std::pair<Xapian::docid, float>>& order,
                         const std::function<bool(const ArticleRecord&)>& emit,
                         const detail::Worker& w);
    /// The calling thread's handles (opened at its first request).
    detail::Worker& worker();
    /// The snapshot of the revision `w` serves, having moved `w` to the newest revision whose
    /// snapshot is ready; with `move_on` (its revision is gone), to the newest revision,
    /// waiting for its snapshot.
    std::shared_ptr<const detail::Snapshot> snapshot_for(detail::Worker& w, bool move_on = false);
    /// Runs `task` on the thread's worker and snapshot, and again on a newer revision when
    /// the writer overtook it (Xapian::DatabaseModifiedError).
    template <class Answer>
    Answer with_current_revision(
        const std::function<Answer(detail::Worker&,
                                   const std::shared_ptr<const detail::Snapshot>&)>& task);
    /// The snapshot of `key` if built (m_snapshot_mutex held).
    std::shared_ptr<const detail::Snapshot> built_snapshot(const std::string& key);
    /// Builds a snapshot of `h`'s revision and preloads its longest posting lists.
    std::shared_ptr<const detail::Snapshot> prepare_snapshot(detail::Handles& h,
                                                             const std::string& key);
    /// The builder thread: makes the newest revision's snapshot whenever a worker asks.
    void build_snapshots();
    /// The ranked matches of a text query, from the cache when another request made them.
    std::shared_ptr<const detail::MatchList>
    matches(detail::Worker& w, const std::shared_ptr<const detail::Snapshot>& snap,
            const ParsedQuery& parsed);
    /// The documents holding most of the query (relax.hpp), ranked, from the cache when
    /// another request made them; those `filters` could not count anywhere are left out.
    std::shared_ptr<const detail::MatchList>
    relaxed_matches(detail::Worker& w, const std::shared_ptr<const detail::Snapshot>& snap,
                    const ParsedQuery& parsed, const Filters& filters);

    /// Memory the match cache may hold (lists of docids and weights).
    static constexpr std::size_t cache_budget_bytes = 24u << 20;
    /// Memory the documents of recent phrases may take.
    static constexpr std::size_t phrases_budget_bytes = 8u << 20;
    /// Memory the answer cache may hold (whole answers to repeated requests).
    static constexpr std::size_t answer_budget_bytes = 16u << 20;
    /// Memory the compound words of samples of the index may take (a few revisions').
    static constexpr std::size_t compound_samples_budget_bytes = 2u << 20;

    std::vector<std::filesystem::path> m_dbs;
    std::shared_ptr<const Knowledge> m_knowledge;
    QueryParser m_parser;
    Speller m_speller;
    std::mutex m_mutex; ///< guards m_workers
    std::unordered_map<std::thread::id, std::unique_ptr<detail::Worker>> m_workers;
    /// Guards the snapshots and the builder's state; a snapshot is built without it.
    std::mutex m_snapshot_mutex;
    std::map<std::string, std::shared_ptr<const detail::Snapshot>> m_snapshots;
    std::atomic<std::uint64_t> m_generation{0}; ///< builds finished (or failed) so far
    bool m_build_requested = false;
    bool m_stopping = false;
    std::string m_build_error;              ///< why the last build failed, if it did
    std::condition_variable m_build_wanted; ///< wakes the builder
    std::condition_variable m_built;        ///< wakes threads waiting for a snapshot
    LruCache<detail::MatchList> m_matches{cache_budget_bytes};
    std::size_t m_postings_budget;
    std::chrono::milliseconds m_reopen_interval;
    MatcherCaches m_matcher_caches{m_postings_budget, phrases_budget_bytes};
    LruCache<SearchResponse> m_answers{answer_budget_bytes};
    /// The compound words of a fixed sample of the index, by revision.
    LruCache<detail::CompoundSample> m_compound_samples{compound_samples_budget_bytes};
    /// The folded syllables of the lexicon's compound words.
    detail::CompoundSyllables m_compound_syllables;
    std::thread m_builder; ///< last: started once everything it reads exists
};

template <class Answer>
Answer SearchEngine::Impl::with_current_revision(
    const std::function<Answer(detail::Worker&, const std::shared_ptr<const detail::Snapshot>&)>&
        task) {
    detail::Worker& w = worker();
    for (int attempt = 1;; ++attempt) {
        try {
            // After a DatabaseModifiedError the revision this thread read is gone (the writer
            // has reused its blocks): Xapian's readers reopen and ask again.
            return task(w, snapshot_for(w, attempt > 1));
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt == detail::max_reopen_attempts)
                throw;
        }
    }
}

} // namespace vnsearch
