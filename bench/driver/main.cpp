// vnsearch-bench-query: runs the benchmark's query set against one system and writes every
// latency as JSON for bench/run to summarise. One thread, one query at a time, warm cache.
#include "query_set.hpp"
#include "systems.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <xapian.h>

namespace {

using namespace vnsearch::bench;
using Clock = std::chrono::steady_clock;

struct Options {
    std::string system;
    SystemOptions systems;
    std::string queries;
    int warmup = 1;
    int rounds = 3;
    bool fresh = false;
    bool repeat = false;
    double budget = 120;
    std::string out;
    std::vector<std::string> kinds; ///< only the queries of these kinds (all when empty)
};

struct Record {
    std::vector<double> ms;        ///< one per timed pass
    std::vector<double> repeat_ms; ///< the --repeat pass
    Outcome outcome;
    std::string error;
};

std::unique_ptr<System> make_system(const Options& o) {
    if (o.system == "vnsearch")
        return make_vnsearch_library(o.systems);
    if (o.system == "xapian")
        return make_plain_xapian(o.systems);
    return make_http(o.systems);
}

/// Passes of the query set through one system, keeping each query's latencies, the
/// outcome of its first page and its last error.
class Passes {
public:
    Passes(const std::vector<BenchQuery>& queries, System& system)
        : m_queries(queries), m_system(system), m_records(queries.size()) {}

    /// One pass over the set; the latencies go to `into` (nullptr: not timed).
    void run(std::vector<double> Record::*into) {
        for (std::size_t i = 0; i < m_queries.size(); ++i) {
            try {
                const auto start = Clock::now();
                m_system.run(m_queries[i]);
                const auto stop = Clock::now();
                if (into != nullptr)
                    (m_records[i].*into)
                        .push_back(std::chrono::duration<double, std::milli>(stop - start).count());
                if (m_system.page == 1) // the first page is the one systems compare
                    m_records[i].outcome = m_system.outcome();
            } catch (const std::exception& e) {
                ++m_errors;
                m_records[i].error = e.what();
            } catch (const Xapian::Error& e) {
                ++m_errors;
                m_records[i].error = e.get_description();
            }
        }
    }

    const std::vector<Record>& records() const { return m_records; }
    std::size_t errors() const { return m_errors; }

private:
    const std::vector<BenchQuery>& m_queries;
    System& m_system;
    std::vector<Record> m_records;
    std::size_t m_errors = 0;
};

/// The timed passes that ran, and how long they took together.
struct Timed {
    int rounds = 0;
    double seconds = 0;
};

/// Up to o.rounds timed passes, none started after o.budget seconds.
Timed run_timed(const Options& o, System& system, Passes& passes) {
    const auto start = Clock::now();
    Timed timed;
    while (timed.rounds < o.rounds) {
        if (o.fresh)
            system.reset();
        passes.run(&Record::ms);
        ++timed.rounds;
        if (std::chrono::duration<double>(Clock::now() - start).count() > o.budget)
            break; // a slow system gets fewer rounds, never less than one
    }
    timed.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return timed;
}

nlohmann::json query_json(const BenchQuery& query, const Record& r) {
    nlohmann::json q = {{"id", query.id},
                        {"kind", query.kind},
                        {"filters", query.filter_count()},
                        {"text", !query.text.empty()},
                        {"ms", r.ms},
                        {"repeat_ms", r.repeat_ms},
                        {"matches", r.outcome.matches},
                        {"top", r.outcome.top},
                        {"facet_values", r.outcome.facet_values}};
    if (!r.error.empty())
        q["error"] = r.error;
    return q;
}

nlohmann::json report(const Options& o, const Timed& timed, const std::vector<BenchQuery>& queries,
                      const Passes& passes) {
    nlohmann::json out = {{"system", o.system},
                          {"warmup_rounds", o.warmup},
                          {"rounds", timed.rounds},
                          {"fresh", o.fresh},
                          {"seconds", timed.seconds},
                          {"errors", passes.errors()},
                          {"queries", nlohmann::json::array()}};
    for (std::size_t i = 0; i < queries.size(); ++i)
        out["queries"].push_back(query_json(queries[i], passes.records()[i]));
    return out;
}

/// Writes `out` to the file `path`, or to standard output when `path` is empty or "-".
void write_json(const nlohmann::json& out, const std::string& path) {
    if (path.empty() || path == "-") {
        std::cout << out.dump() << "\n";
        return;
    }
    std::ofstream f(path);
    f << out.dump() << "\n";
    if (!f)
        throw std::runtime_error("cannot write " + path);
}

/// The query set, only the queries of the kinds asked for.
std::vector<BenchQuery> queries_of(const Options& o) {
    std::vector<BenchQuery> queries = read_query_set(o.queries);
    if (!o.kinds.empty())
        std::erase_if(queries, [&](const BenchQuery& q) {
            return std::find(o.kinds.begin(), o.kinds.end(), q.kind) == o.kinds.end();
        });
    if (queries.empty())
        throw std::runtime_error("no query of the kinds asked for in " + o.queries);
    return queries;
}

int run(const Options& o) {
    const std::vector<BenchQuery> queries = queries_of(o);
    const std::unique_ptr<System> system = make_system(o);
    for (const BenchQuery& q : queries)
        system->check(q); // a query that cannot be expressed is a broken query set

    Passes passes(queries, *system);
    for (int w = 0; w < o.warmup; ++w)
        passes.run(nullptr);
    const Timed timed = run_timed(o, *system, passes);
    if (o.repeat) {
        // Every query again, right after its timed pass, for its second page.
        system->page = 2;
        passes.run(&Record::repeat_ms);
    }
    write_json(report(o, timed, queries, passes), o.out);
    return passes.errors() == 0 ? 0 : 4;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"vnsearch-bench-query: time a query set against vnsearch (library or HTTP) "
                 "or plain Xapian; writes the latencies as JSON"};
    Options o;
    app.add_option("--system", o.system, "vnsearch (library), xapian (plain Xapian) or http")
        ->required()
        ->check(CLI::IsMember({"vnsearch", "xapian", "http"}));
    app.add_option("--db", o.systems.db, "vnsearch index folder (vnsearch, xapian)");
    app.add_option("--host", o.systems.host, "server address (http)");
    app.add_option("--port", o.systems.port, "server port (http)")->check(CLI::Range(1, 65535));
    app.add_option("--queries", o.queries, "query set (bench/queries.tsv format)")->required();
    app.add_option("--warmup", o.warmup, "untimed passes over the set first")
        ->check(CLI::Range(0, 100));
    app.add_option("--rounds", o.rounds, "timed passes over the set")->check(CLI::Range(1, 1000));
    app.add_option("--budget", o.budget,
                   "seconds after which no further timed pass starts (at least one runs)");
    app.add_flag("--fresh", o.fresh,
                 "before each timed pass, forget earlier queries (a new vnsearch engine: an "
                 "empty match cache) and prime again with a browse, untimed");
    app.add_flag("--repeat", o.repeat,
                 "after the timed passes, one more pass asking for page 2, with what they left "
                 "cached (repeat_ms)");
    app.add_option("--per-page", o.systems.per_page, "results on the page")
        ->check(CLI::Range(1, 100));
    app.add_option("--postings-mb", o.systems.postings_mb,
                   "vnsearch: memory for posting lists in MB, as vnsearch-server's option")
        ->check(CLI::Range(8, 1 << 20));
    app.add_option("--view", o.systems.view,
                   "vnsearch: what each query asks for: search (default), timeline or terms")
        ->check(CLI::IsMember({"search", "timeline", "terms"}));
    app.add_option("--kinds", o.kinds, "only the queries of these kinds (browse, accented, ...)")
        ->delimiter(',');
    app.add_option("--out", o.out, "JSON file to write (default: standard output)");
    CLI11_PARSE(app, argc, argv);
    if (o.system != "vnsearch" && o.systems.view != "search") {
        std::cerr << "vnsearch-bench-query: --view is for --system vnsearch\n";
        return 2;
    }
    if (o.system != "http" && o.systems.db.empty()) {
        std::cerr << "vnsearch-bench-query: --db is required for --system " << o.system << "\n";
        return 2;
    }
    try {
        return run(o);
    } catch (const std::exception& e) {
        std::cerr << "vnsearch-bench-query: " << e.what() << "\n";
        return 1;
    } catch (const Xapian::Error& e) {
        std::cerr << "vnsearch-bench-query: " << e.get_description() << "\n";
        return 1;
    }
}
