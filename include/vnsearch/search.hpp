#pragma once
/// The search engine behind the server, the benchmarks and the tests: exact multi-select
/// facet counts from an in-memory facet column, near-duplicate collapsing, snippets,
/// did-you-mean and completions. The engine's workings (Xapian, the matcher, its caches and
/// threads) stay behind it: an error of the index reaches callers as std::runtime_error.

#include "vnsearch/knowledge.hpp"
#include "vnsearch/query.hpp"
#include "vnsearch/record.hpp"
#include "vnsearch/views.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch {

/// Result orders.
enum class SortOrder { relevance, date_desc, date_asc };

/// When a search may match documents that lack some of the query's words.
enum class RelaxMode {
    automatic, ///< when fewer than relax_below results hold every word
    always,    ///< whatever the number holding every word (a page's statistics follow its list)
    never,     ///< every word required
};

/// Fewer results holding every word than this (after filters, near-duplicates folded) and
/// RelaxMode::automatic relaxes the query.
inline constexpr std::size_t relax_below = 5;

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
inline constexpr std::array<std::string_view, 7> facet_names = {
    "province", "former_province", "carrier", "year", "pillar", "kind", "source"};

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
    /// Shards that did not answer in time, each named with why: the answer counts only the
    /// others (a search over remote shards; empty otherwise).
    std::vector<std::string> missing_shards;
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
    std::size_t shards = 0;                  ///< shards searched
    std::vector<std::string> missing_shards; ///< of those, the ones not answering now
};

/// No answer can be given from the shards that answer: none answers, or one is missing and
/// partial answers are refused (ShardOptions::partial). The server answers 503.
class ShardsUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What this engine does not give in the way it was started (the research views over
/// remote shards). The server answers 501.
class NotAvailableHere : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// How a search through Xapian's own matcher (remote shards) waits for its shards.
struct ShardOptions {
    /// The most a request waits on a shard that has stopped answering before it answers
    /// without it; one exchange with a shard gets half, its check the other half.
    std::chrono::milliseconds timeout{4000};
    std::chrono::milliseconds connect_timeout{2000};
    /// Answer from the shards that answer, naming the missing ones; false: 503 instead.
    bool partial = true;
};

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
    /// committed revision (it also moves on at once when its revision is gone). Throws
    /// std::runtime_error when an index cannot be opened or was written with another schema.
    SearchEngine(std::vector<std::filesystem::path> dbs, std::shared_ptr<const Knowledge> knowledge,
                 std::size_t postings_budget_bytes = default_postings_budget_bytes,
                 std::chrono::milliseconds reopen_interval = default_reopen_interval);
    /// Searches `shards` with Xapian's own matcher, so that the match runs where each shard
    /// is: tcp://HOST:PORT addresses of `xapian-tcpsrv`, index folders, and folders whose
    /// stub files list `remote HOST:PORT` lines, mixed. Every shard must have been indexed
    /// with Xapian's positions (`vnsearch-index --xapian-positions`). Facets, totals, search,
    /// documents, export, completions and did-you-mean work as with the other constructor,
    /// but for the near-duplicates, which are not folded, and relaxed matching and the
    /// re-ranking by boosts, which give way to Xapian's BM25 with the boosts as optional
    /// clauses; the research views throw NotAvailableHere.
    SearchEngine(const std::vector<std::string>& shards, std::shared_ptr<const Knowledge> knowledge,
                 const ShardOptions& options);
    /// Whether `dbs` (as --db gives them) name a shard on another host.
    static bool names_remote_shard(const std::vector<std::string>& dbs);
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

    /// The results of `request` by publication date (its page and order are ignored).
    Timeline timeline(const SearchRequest& request, Interval interval, Normalize normalize);

    /// The results of each request (same filters, texts of their own) on the same buckets,
    /// and how many results each pair shares.
    Comparison compare(const std::vector<SearchRequest>& requests, Interval interval,
                       Normalize normalize);

    /// Up to `limit` terms most characteristic of the results of `request` against the
    /// whole index, by the log-likelihood ratio; a large result set is sampled.
    CharacteristicTerms terms(const SearchRequest& request, std::size_t limit);

    /// The province–carrier agreements the articles of kind `agreement` under `filters`
    /// (provinces, former provinces, carriers) report, in signing order.
    std::vector<Agreement> agreements(const Filters& filters);

    const QueryParser& parser() const noexcept;
    const Knowledge& knowledge() const noexcept;

    /// Names by code as the index records them (facet values).
    std::vector<std::string> province_names();

    /// The engine's workings (search/engine.hpp).
    struct Impl;
    struct Distributed;

private:
    std::unique_ptr<Impl> m_impl;               ///< the engine over folders of this machine
    std::unique_ptr<Distributed> m_distributed; ///< or the one through Xapian's matcher
};

} // namespace vnsearch
