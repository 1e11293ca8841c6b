// vnsearch-index: turns folders of crawled articles into a searchable, faceted index.
#include "vnsearch/data_dir.hpp"
#include "vnsearch/index_store.hpp"
#include "vnsearch/indexing.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>
#include <unistd.h>

namespace {

using namespace vnsearch;

std::string human_bytes(double b) {
    char buf[32];
    if (b >= 1e9)
        std::snprintf(buf, sizeof buf, "%.2f GB", b / 1e9);
    else if (b >= 1e6)
        std::snprintf(buf, sizeof buf, "%.1f MB", b / 1e6);
    else
        std::snprintf(buf, sizeof buf, "%.0f KB", b / 1e3);
    return buf;
}

/// Prints progress while the run goes on: a redrawn bar on a terminal, a plain line per
/// 10% otherwise (logs stay readable).
class ProgressPrinter {
public:
    ProgressPrinter(const IndexProgress& p, bool quiet)
        : m_p(p), m_quiet(quiet), m_tty(isatty(STDERR_FILENO) != 0) {}

    void run(const std::atomic<bool>& done) {
        int last_decile = 0;
        while (!done) {
            // Short naps so a quick run is not kept waiting for the printer.
            for (int i = 0; i < 5 && !done; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            if (m_quiet || done)
                continue;
            const double total = static_cast<double>(m_p.bytes_total.load());
            const double fraction =
                total > 0 ? std::min(1.0, static_cast<double>(m_p.bytes_done) / total) : 0.0;
            if (m_tty) {
                std::fprintf(stderr, "\r%s", line(fraction).c_str());
            } else if (static_cast<int>(fraction * 10) > last_decile) {
                last_decile = static_cast<int>(fraction * 10);
                std::fprintf(stderr, "%s\n", line(fraction).c_str());
            }
        }
        if (m_tty && !m_quiet)
            std::fprintf(stderr, "\r%s\n", line(1.0).c_str());
    }

private:
    std::string line(double fraction) const {
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
        const double docs = static_cast<double>(m_p.articles);
        const double bytes = static_cast<double>(m_p.bytes_done);
        const int width = 30;
        std::string bar(static_cast<std::size_t>(fraction * width), '#');
        bar.resize(width, '.');
        const double eta = fraction > 0.01 ? secs / fraction - secs : 0;
        char buf[200];
        std::snprintf(buf, sizeof buf, "[%s] %3.0f%%  %zu docs  %.0f docs/s  %.2f MB/s  ETA %.0fs ",
                      bar.c_str(), fraction * 100, m_p.articles.load(), secs > 0 ? docs / secs : 0,
                      secs > 0 ? bytes / 1e6 / secs : 0, eta);
        return buf;
    }

    const IndexProgress& m_p;
    bool m_quiet;
    bool m_tty;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

void print_summary(const IndexReport& r) {
    const double secs = r.seconds > 0 ? r.seconds : 1e-9;
    const std::size_t processed = r.added + r.replaced + r.unchanged;
    std::fprintf(stderr, "added %zu, replaced %zu, unchanged %zu, removed %zu, skipped %zu",
                 r.added, r.replaced, r.unchanged, r.removed, r.skipped_total());
    if (!r.skipped.empty()) {
        std::fprintf(stderr, " (");
        bool first = true;
        for (const auto& [reason, n] : r.skipped) {
            std::fprintf(stderr, "%s%s %zu", first ? "" : ", ", reason.c_str(), n);
            first = false;
        }
        std::fprintf(stderr, ")");
    }
    if (r.repaired > 0)
        std::fprintf(stderr, ", repaired %zu", r.repaired);
    if (r.corrected > 0)
        std::fprintf(stderr, ", corrected %zu", r.corrected);
    std::fprintf(stderr, "\n%zu documents in the index; %.1f s, %.0f docs/s, %s at %.2f MB/s\n",
                 r.documents, r.seconds, static_cast<double>(processed) / secs,
                 human_bytes(static_cast<double>(r.bytes)).c_str(),
                 static_cast<double>(r.bytes) / 1e6 / secs);
    if (r.compact_seconds >= 0.05)
        std::fprintf(stderr, "(of which %.1f s compacting the index)\n", r.compact_seconds);
}

/// The command line, as given.
struct CommandLine {
    IndexRunOptions options;
    std::string db;
    std::vector<std::string> inputs;
    std::string corrections;
    std::string report_file;
    bool quiet = false;
    bool extract_only = false;
    bool no_compact = false;
    bool xapian_positions = false;
    std::string shard_by;
};

void declare_options(CLI::App& app, CommandLine& c) {
    IndexRunOptions& options = c.options;
    app.footer("Exit status: 0 the run completed (skipped files are reported, not fatal); "
               "1 an error stopped it (the last committed index is whole); 2 or above 100 a "
               "bad command line; 3 another indexer holds the index; 4 the index was written "
               "by another version of vnsearch: run again with --rebuild; 5 the disk has no room "
               "for what the run must write (the last committed index is whole).");
    options.threads = std::max(1u, std::min(2u, std::thread::hardware_concurrency()));
    app.add_option("--db", c.db, "Index folder to create or update")->required(false);
    app.add_option("inputs", c.inputs,
                   "Files (.txt, .jsonl, .jsonl.gz) or folders, searched recursively");
    app.add_option("--corrections", c.corrections,
                   "A file of corrected facts (id, field, value, note; tab-separated): it "
                   "replaces the corrections the index keeps, which win over extraction on every "
                   "later run until removed from the file (corpus/corrections.example.tsv)");
    app.add_flag("--rebuild", options.rebuild, "Start a new, empty index instead of updating");
    app.add_flag("--prune", options.prune,
                 "Remove documents whose source file under the given folders is gone");
    app.add_option("--threads", options.threads, "Worker threads (analysis and writing)")
        ->check(CLI::Range(1, 64));
    app.add_option("--shards", options.shards, "Shards of a new index (one writer each)")
        ->check(CLI::Range(1, 64));
    app.add_option("--shard-by", c.shard_by,
                   "How a new or rebuilt index shares its documents out: 'id' (--shards of "
                   "them, the default) or 'year' (a shard a year, by the year the facets file "
                   "the article under, closed years kept compacted; a year filter searches its "
                   "year's shards alone). An existing index keeps its own")
        ->check(CLI::IsMember({"id", "year"}));
    app.add_option("--batch", options.batch,
                   "Changes per shard between commits (default: 200, or a 250th of the shard "
                   "once it is larger; at most 8000)")
        ->check(CLI::Range(1, 1000000));
    app.add_flag(
        "--no-compact", c.no_compact,
        "Do not compact the shards at the end (by default: after runs that changed 10% or more)");
    app.add_flag("--xapian-positions", c.xapian_positions,
                 "Also give Xapian's own position table the body's positions, for Xapian's "
                 "tools (a phrase in quest); vnsearch does not read them and the index grows "
                 "by about half. An index written with it must be updated with it");
    app.add_option("--report", c.report_file, "Write a JSON report of the run to this file");
    app.add_flag("--extract-only", c.extract_only,
                 "Print the extracted record of each article as JSON Lines; write no index");
    app.add_flag("--quiet", c.quiet, "No progress output, only errors and the summary");
}

/// Checks what the options say together and completes the run's options; false (having
/// said why) when the command line cannot run.
bool complete_options(CommandLine& c) {
    if (c.db.empty() && !c.extract_only) {
        std::cerr << "vnsearch-index: --db PATH is required (or use --extract-only)\n";
        return false;
    }
    if (c.inputs.empty() && (c.corrections.empty() || c.extract_only)) {
        std::cerr << "vnsearch-index: give the files or folders to index (or --corrections FILE "
                     "to correct an index)\n";
        return false;
    }
    IndexRunOptions& options = c.options;
    if (!c.corrections.empty())
        options.corrections = c.corrections;
    options.db = c.db;
    options.compact = !c.no_compact;
    if (c.xapian_positions)
        options.xapian_positions = XapianPositions::written;
    if (!c.shard_by.empty())
        options.layout = c.shard_by == "year" ? ShardLayout::by_year : ShardLayout::by_id;
    for (const auto& i : c.inputs)
        options.inputs.emplace_back(i);
    if (c.extract_only)
        options.extract_only = &std::cout;
    return true;
}

/// Runs the indexer with progress on standard error; the exit status.
int run_indexer(const CommandLine& c) {
    const IndexRunOptions& options = c.options;
    const bool quiet = c.quiet, extract_only = c.extract_only;
    const std::string& report_file = c.report_file;
    try {
        const auto knowledge = Knowledge::load(data_dir());
        IndexProgress progress;
        std::atomic<bool> done{false};
        ProgressPrinter printer(progress, quiet || extract_only);
        std::thread progress_thread([&] { printer.run(done); });
        IndexReport report;
        try {
            report = run_index(options, knowledge, progress);
        } catch (...) {
            done = true;
            progress_thread.join();
            throw;
        }
        done = true;
        progress_thread.join();
        for (const InputIssue& issue : report.issues)
            if (!quiet || issue.skipped)
                std::fprintf(stderr, "%s: %s\n", issue.skipped ? "skipped" : "warning",
                             issue.message.c_str());
        if (!extract_only)
            print_summary(report);
        if (!report_file.empty()) {
            std::ofstream out(report_file);
            out << report.to_json().dump(2) << "\n";
            if (!out) {
                std::cerr << "vnsearch-index: cannot write the report to " << report_file << "\n";
                return 1;
            }
        }
        return 0;
    } catch (const IndexLocked& e) {
        std::cerr << "vnsearch-index: " << e.what() << "\n";
        return 3;
    } catch (const IndexIncompatible& e) {
        std::cerr << "vnsearch-index: " << e.what() << "\n";
        return 4;
    } catch (const DiskFull& e) {
        std::cerr << "vnsearch-index: " << e.what() << "\n";
        return 5;
    } catch (const std::exception& e) {
        std::cerr << "vnsearch-index: " << e.what() << "\n";
        return 1;
    } catch (const Xapian::Error& e) {
        std::cerr << "vnsearch-index: index error: " << e.get_description()
                  << " (the last committed state is intact; run again to finish)\n";
        return 1;
    }
}

} // namespace

// Whatever escapes the run is reported, never left to std::terminate.
int main(int argc, char** argv) try {
    CLI::App app{
        "vnsearch-index: index folders of Vietnamese news articles (.txt, .jsonl, .jsonl.gz)"};
    CommandLine command_line;
    declare_options(app, command_line);
    CLI11_PARSE(app, argc, argv);
    if (!complete_options(command_line))
        return 2;
    return run_indexer(command_line);
} catch (const std::exception& e) {
    std::cerr << "vnsearch-index: " << e.what() << "\n";
    return 1;
} catch (...) {
    std::cerr << "vnsearch-index: an unknown error stopped the run\n";
    return 1;
}
