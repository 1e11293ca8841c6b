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

int run(const Options& o) {
    std::vector<BenchQuery> queries = read_query_set(o.queries);
    if (!o.kinds.empty())
        std::erase_if(queries, [&](const BenchQuery& q) {
            return std::find(o.kinds.begin(), o.kinds.end(), q.kind) == o.kinds.end();
        });
    if (queries.empty())
        throw std::runtime_error("no query of the kinds asked for in " + o.queries);
    std::unique_ptr<System> system;
    if (o.system == "vnsearch")
        system = make_vnsearch_library(o.systems);
    else if (o.system == "xapian")
        system = make_plain_xapian(o.systems);
    else
        system = make_http(o.systems);
    for (const BenchQuery& q : queries)
        system->check(q); // a query that cannot be expressed is a broken query set

    std::vector<Record> records(queries.size());
    std::size_t errors = 0;
    // One pass over the set; the latencies go to `into` (nullptr: not timed).
    auto pass = [&](std::vector<double> Record::*into) {
        for (std::size_t i = 0; i < queries.size(); ++i) {
            try {
                const auto start = Clock::now();
                system->run(queries[i]);
                const auto stop = Clock::now();
                if (into != nullptr)
                    (records[i].*into)
                        .push_back(std::chrono::duration<double, std::milli>(stop - start).count());
                if (system->page == 1) // the first page is the one systems compare
                    records[i].outcome = system->outcome();
            } catch (const std::exception& e) {
                ++errors;
                records[i].error = e.what();
            } catch (const Xapian::Error& e) {
                ++errors;
                records[i].error = e.get_description();
            }
        }
    };
    for (int w = 0; w < o.warmup; ++w)
        pass(nullptr);
    const auto start = Clock::now();
    int rounds = 0;
    while (rounds < o.rounds) {
        if (o.fresh)
            system->reset();
        pass(&Record::ms);
        ++rounds;
        if (std::chrono::duration<double>(Clock::now() - start).count() > o.budget)
            break; // a slow system gets fewer rounds, never less than one
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (o.repeat) {
        // Every query again, right after its timed pass, for its second page.
        system->page = 2;
        pass(&Record::repeat_ms);
    }

    nlohmann::json out = {{"system", o.system},
                          {"warmup_rounds", o.warmup},
                          {"rounds", rounds},
                          {"fresh", o.fresh},
                          {"seconds", seconds},
                          {"errors", errors},
                          {"queries", nlohmann::json::array()}};
    for (std::size_t i = 0; i < queries.size(); ++i) {
        const Record& r = records[i];
        nlohmann::json q = {{"id", queries[i].id},
                            {"kind", queries[i].kind},
                            {"filters", queries[i].filter_count()},
                            {"text", !queries[i].text.empty()},
                            {"ms", r.ms},
                            {"repeat_ms", r.repeat_ms},
                            {"matches", r.outcome.matches},
                            {"top", r.outcome.top},
                            {"facet_values", r.outcome.facet_values}};
        if (!r.error.empty())
            q["error"] = r.error;
        out["queries"].push_back(std::move(q));
    }
    if (o.out.empty() || o.out == "-") {
        std::cout << out.dump() << "\n";
    } else {
        std::ofstream f(o.out);
        f << out.dump() << "\n";
        if (!f)
            throw std::runtime_error("cannot write " + o.out);
    }
    return errors == 0 ? 0 : 4;
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
