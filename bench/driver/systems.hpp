#pragma once
/// The systems the query benchmark drives. Each answers a BenchQuery the way its users
/// would: the first page of results and the exact counts of the four facets (province,
/// carrier, year, pillar), multi-select (a facet's counts ignore its own filter).

#include "query_set.hpp"

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vnsearch::bench {

/// What one query gave. Filled outside the timed region where it costs anything extra.
struct Outcome {
    std::size_t matches = 0;      ///< results after all filters (as the system counts them)
    std::vector<std::string> top; ///< ids of the first page, in order
    std::size_t facet_values = 0; ///< facet values with a count above 0, over the four facets
};

/// One system under test. Not thread-safe; one instance per benchmark thread.
class System {
public:
    virtual ~System() = default;
    /// Answers the query (the timed part); throws on any failure, which the driver counts
    /// as an error.
    virtual void run(const BenchQuery& q) = 0;
    /// What the last run gave; not timed (reading a reply's JSON is the client's cost).
    virtual Outcome outcome() = 0;
    /// Checks the query can be expressed (names resolve); throws naming what does not.
    virtual void check(const BenchQuery& q) = 0;
    /// Forgets what the system remembers of earlier queries (vnsearch's match cache) and
    /// primes it again with a browse, untimed, so that a pass times first-time queries.
    virtual void reset() {}

    /// The page of results the next runs ask for. The repeat pass asks for page 2, as a
    /// user turning the page does: the same request twice would time vnsearch's answer
    /// cache, not the work a new page takes.
    int page = 1;
};

/// Options shared by the systems.
struct SystemOptions {
    std::filesystem::path db; ///< the vnsearch index folder (library and plain Xapian)
    std::string host = "127.0.0.1";
    int port = 0; ///< the running vnsearch-server (HTTP)
    int per_page = 10;
    /// The library's memory for posting lists (SearchEngine's postings_budget_bytes).
    std::size_t postings_mb = 64;
    /// What each query asks for: `search` (a page and the facets), or a research view of
    /// its results, `timeline` (by month) or `terms` (the 50 most characteristic).
    std::string view = "search";
};

/// vnsearch through its library: SearchEngine::search, as the server calls it.
std::unique_ptr<System> make_vnsearch_library(const SystemOptions& options);
/// The vnsearch index searched through the Xapian API alone: OP_AND of folded syllables,
/// boolean filter terms, one Xapian::ValueCountMatchSpy on the packed facet slot, and one
/// extra match for each facet that carries a filter (its multi-select counts).
std::unique_ptr<System> make_plain_xapian(const SystemOptions& options);
/// vnsearch through HTTP: GET /api/search on a running server, one kept-alive connection.
std::unique_ptr<System> make_http(const SystemOptions& options);

} // namespace vnsearch::bench
