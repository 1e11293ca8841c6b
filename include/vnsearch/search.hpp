#pragma once
/// The search engine behind the server, the benchmarks and the tests: exact multi-select
/// facet counts from an in-memory facet column, near-duplicate collapsing, snippets,
/// did-you-mean and completions.

#include "match/matcher.hpp"
#include "match/relax.hpp"
#include "query/spelling.hpp"
#include "util/lru_cache.hpp"
#include "vnsearch/knowledge.hpp"
#include "vnsearch/query.hpp"
#include "vnsearch/record.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <list>
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

/// Result orders.
enum class SortOrder { relevance, date_desc, date_asc };

/// A search as the API receives it (filters already resolved to codes).
struct SearchRequest {
    std::string q;
    Filters filters;
    SortOrder sort = SortOrder::relevance;
    int page = 1;
    int per_page = 10;
    bool snippets = true;
    /// Search the words as typed: no correction of a misspelt word (see SearchResponse).
    bool exact = false;
    RelaxMode relax = RelaxMode::automatic;
};

/// One value of a facet with the number of results it would give.
struct FacetCount {
    std::string value;
    std::size_t count = 0;
    bool selected = false;
};

/// One result.
struct SearchHit {
    ArticleRecord record; ///< without its text
    std::string snippet;  ///< HTML: escaped text, matches in <mark>
    double score = 0;
    std::size_t copies = 1; ///< this article and its near-duplicates among the results
    std::vector<std::string> duplicates;
    /// The query's words (clauses, as typed) this result lacks: empty unless relaxed.
    std::vector<std::string> missing;
};

/// Names of the facets, in the order the API lists them.
inline constexpr std::array<std::string_view, 6> facet_names = {
    "province", "former_province", "carrier", "year", "pillar", "kind"};

/// The answer to a search.
struct SearchResponse {
    std::size_t total = 0;
    std::vector<SearchHit> hits;
    std::map<std::string, std::vector<FacetCount>> facets;
    std::optional<std::string> suggestion;
    /// Some results lack some of the query's words (relax.hpp); they rank after those that
    /// hold them all.
    bool relaxed = false;
    std::size_t strict_total = 0; ///< results holding every word (total when not relaxed)
    /// Set when nothing held every word as typed and the query corrected found something:
    /// the answer is the correction's (request `exact` to search as typed).
    std::optional<QueryCorrection> corrected;
    Filters filters; ///< the request's filters and the query's field filters together
    std::vector<std::string> query_errors;
    double took_ms = 0;
};

/// A completion for the search box.
struct Suggestion {
    std::string text;  ///< the completed word or name, with diacritics
    std::string query; ///< the whole query with the last word or phrase completed
    std::string kind;  ///< word, province, carrier
};

/// Index statistics.
struct IndexStats {
    std::size_t documents = 0;
    std::string revision;
    std::string last_update;
};

namespace detail {
struct Snapshot;
struct Handles;
struct Worker;
struct MatchList;
} // namespace detail

/// Searches one or more index folders as one. Thread-safe: each thread gets its own Xapian
/// objects, and all share one immutable snapshot (facet column, clusters, vocabulary) per
/// index revision. A newly committed index is picked up without a restart.
class SearchEngine {
public:
    /// Memory the posting lists held for matching may take unless told otherwise: a server
    /// at a million documents stays under 300 MB resident.
    static constexpr std::size_t default_postings_budget_bytes = 64u << 20;

    /// How often a thread looks for a newly committed revision unless told otherwise.
    static constexpr std::chrono::milliseconds default_reopen_interval{500};

    /// `postings_budget_bytes`: memory for the posting lists held for matching (half of it
    /// filled when a revision is opened). More holds more of a large index's common words:
    /// at a million documents, 512 MB instead of 64 cut a first-time query's median by a
    /// third (bench/README.md). `reopen_interval`: how often each thread looks for a newly
    /// committed revision (it also moves on at once when its revision is gone).
    SearchEngine(std::vector<std::filesystem::path> dbs, std::shared_ptr<const Knowledge> knowledge,
                 std::size_t postings_budget_bytes = default_postings_budget_bytes,
                 std::chrono::milliseconds reopen_interval = default_reopen_interval);
    ~SearchEngine();
    SearchEngine(const SearchEngine&) = delete;
    SearchEngine& operator=(const SearchEngine&) = delete;

    SearchResponse search(const SearchRequest& request);

    /// The full record (with text) or nothing.
    std::optional<ArticleRecord> document(const std::string& id);

    /// Facet counts over the whole index.
    SearchResponse facets();

    /// Up to `limit` completions of the last word or phrase of `q` (any bytes: broken UTF-8
    /// is repaired as decode_utf8 does).
    std::vector<Suggestion> suggest(std::string_view q, std::size_t limit = 10);

    /// Every matching record in result order (representatives of near-duplicates only);
    /// `emit` returns false to stop early.
    void export_records(const SearchRequest& request,
                        const std::function<bool(const ArticleRecord&)>& emit);

    IndexStats stats();

    const QueryParser& parser() const noexcept { return m_parser; }
    const Knowledge& knowledge() const noexcept { return *m_knowledge; }

    /// Names by code as the index records them (facet values).
    std::vector<std::string> province_names();

private:
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
    std::thread m_builder; ///< last: started once everything it reads exists
};

} // namespace vnsearch
