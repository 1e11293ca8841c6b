#include "vnsearch/indexing.hpp"

#include "extract/corrections.hpp"
#include "extract/extractor.hpp"
#include "index/document_builder.hpp"
#include "index/shard_state.hpp"
#include "index/shard_worker.hpp"
#include "match/matcher.hpp"
#include "positions/positions.hpp"
#include "util/channel.hpp"
#include "vnsearch/index_store.hpp"
#include "vnsearch/schema.hpp"

#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unordered_set>

namespace vnsearch {
namespace fs = std::filesystem;

std::size_t IndexReport::skipped_total() const {
    std::size_t n = 0;
    for (const auto& [reason, count] : skipped)
        n += count;
    return n;
}

nlohmann::json IndexReport::to_json() const {
    nlohmann::json issues_json = nlohmann::json::array();
    for (const InputIssue& i : issues)
        issues_json.push_back({{"path", i.path},
                               {"line", i.line},
                               {"reason", i.reason},
                               {"message", i.message},
                               {"skipped", i.skipped}});
    const double mb = static_cast<double>(bytes) / 1e6;
    const std::size_t processed = added + replaced + unchanged;
    return {{"added", added},
            {"replaced", replaced},
            {"unchanged", unchanged},
            {"removed", removed},
            {"skipped", skipped},
            {"skipped_total", skipped_total()},
            {"repaired", repaired},
            {"truncated", truncated},
            {"corrected", corrected},
            {"documents", documents},
            {"seconds", seconds},
            {"compact_seconds", compact_seconds},
            {"bytes", bytes},
            {"documents_per_second", seconds > 0 ? static_cast<double>(processed) / seconds : 0.0},
            {"mb_per_second", seconds > 0 ? mb / seconds : 0.0},
            {"issues", issues_json}};
}

namespace {

using Clock = std::chrono::steady_clock;

int current_utc_year() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return tm.tm_year + 1900;
}

/// One indexing run, step by step: read the inputs, extract, index shard by shard on the
/// workers' threads, finish the shards, fold positions and compact, report.
class IndexRun {
public:
    IndexRun(const IndexRunOptions& options, const std::shared_ptr<const Knowledge>& knowledge,
             IndexProgress& progress)
        : m_options(options), m_knowledge(knowledge), m_progress(progress), m_extractor(knowledge) {
    }

    IndexReport run() {
        std::vector<InputIssue> collect_issues;
        const std::vector<fs::path> files = collect_input_files(m_options.inputs, collect_issues);
        for (InputIssue& i : collect_issues)
            on_issue(std::move(i));
        m_progress.files_total = files.size();
        std::size_t total_bytes = 0;
        for (const fs::path& f : files) {
            std::error_code ec;
            total_bytes += fs::file_size(f, ec);
        }
        m_progress.bytes_total = total_bytes;
        if (m_options.extract_only != nullptr) {
            extract_only(files);
            m_report.seconds = seconds_since(m_start);
            m_report.bytes = m_progress.bytes_done;
            return m_report;
        }
        IndexStore store(
            m_options.db,
            StoreOptions{m_options.rebuild, std::max(1u, m_options.shards), m_options.layout});
        prepare_shards(store);
        // The corrections in force: the file given now, else those the index keeps.
        const Corrections kept = kept_corrections(store);
        Corrections corrections = m_options.corrections ? read_corrections() : kept;
        const DocumentBuilder builder(m_knowledge, m_options.xapian_positions);
        index_files(store, files, builder, corrections);
        if (m_options.corrections) {
            m_report.corrected =
                refile_corrected(store, builder, kept, corrections,
                                 [this](InputIssue&& issue) { on_issue(std::move(issue)); });
            for (unsigned s = 0; s < store.shard_count(); ++s) {
                store.shard(s).set_metadata(std::string(schema::meta_corrections),
                                            corrections.serialize());
                store.shard(s).commit();
            }
        }
        fold_and_compact(store);
        return report(store);
    }

private:
    static double seconds_since(Clock::time_point t) {
        return std::chrono::duration<double>(Clock::now() - t).count();
    }

    void on_issue(InputIssue&& issue) {
        std::lock_guard lock(m_report_mutex);
        if (issue.skipped) {
            ++m_report.skipped[issue.reason];
            ++m_progress.skipped;
        } else if (issue.reason == "invalid_utf8") {
            ++m_report.repaired;
        } else if (issue.reason == "truncated") {
            ++m_report.truncated;
        }
        m_report.issues.push_back(std::move(issue));
    }

    /// Every article read counts towards progress; one whose id was already read is skipped.
    bool accept(const InputArticle& a) {
        ++m_progress.articles;
        m_progress.bytes_done += a.bytes;
        if (a.raw.text.size() > schema::max_indexed_text_bytes)
            on_issue({a.raw.path, 0, "truncated",
                      a.raw.path + ": a text of " + std::to_string(a.raw.text.size() >> 20) +
                          " MB; its first " + std::to_string(schema::max_indexed_text_bytes >> 20) +
                          " MB are searchable, the document keeps it whole",
                      false});
        if (m_seen_ids.insert(a.raw.id).second)
            return true;
        on_issue(
            {a.raw.path, 0, "duplicate_id",
             a.raw.path + ": id \"" + a.raw.id + "\" already read from another input; skipped"});
        return false;
    }

    /// Reads `files`, handing each accepted article to `take`.
    template <class Take>
    void read_files(const std::vector<fs::path>& files, Take take,
                    const std::function<bool()>& stop = {}) {
        for (const fs::path& f : files) {
            if (stop && stop())
                break;
            read_input_file(
                f,
                [&](InputArticle&& a) {
                    if (accept(a))
                        take(std::move(a));
                },
                [this](InputIssue&& issue) { on_issue(std::move(issue)); });
            ++m_progress.files_done;
        }
    }

    Corrections read_corrections() {
        std::vector<InputIssue> correction_issues;
        Corrections read =
            Corrections::read(*m_options.corrections, *m_knowledge, correction_issues);
        for (InputIssue& i : correction_issues)
            on_issue(std::move(i));
        return read;
    }

    /// Prints the records as JSON Lines, writing no index.
    void extract_only(const std::vector<fs::path>& files) {
        const Corrections corrections = m_options.corrections ? read_corrections() : Corrections{};
        read_files(files, [&](InputArticle&& a) {
            ArticleRecord r = m_extractor.extract(a.raw);
            r.content_hash = a.content_hash;
            if (const auto* lines = corrections.of(r.id))
                apply_corrections(r, *lines);
            auto j = to_json(r, false);
            *m_options.extract_only << j.dump() << "\n";
        });
    }

    void prepare_shards(IndexStore& store) {
        if (!store.started_empty())
            check_compatible(store, *m_knowledge, m_options.xapian_positions);
        // Committed before any document, so that a shard a kill leaves without documents
        // still says which schema it holds and that it keeps a positions store; shards a
        // year brings later get the same in their first commit.
        auto setup = [knowledge = m_knowledge,
                      xp = m_options.xapian_positions](Xapian::WritableDatabase& db) {
            write_metadata(db, *knowledge, xp);
            if (db.get_doccount() == 0 && !has_positions(db))
                start_positions(db);
        };
        for (unsigned s = 0; s < store.shard_count(); ++s) {
            setup(store.shard(s));
            store.shard(s).commit();
        }
        store.set_shard_setup(setup);
    }

    /// Indexes `files` on worker threads, then finishes every shard. By id, each worker
    /// owns the shards of the ids it is given; by year, articles go to workers by id and
    /// each to its year's shard.
    void index_files(IndexStore& store, const std::vector<fs::path>& files,
                     const DocumentBuilder& builder, const Corrections& corrections) {
        const bool by_id = store.layout() == ShardLayout::by_id;
        const unsigned threads =
            std::clamp(m_options.threads, 1u, by_id ? store.shard_count() : 64u);
        ShardLanes lanes;
        std::vector<std::unique_ptr<util::Channel<InputArticle>>> channels;
        std::vector<std::unique_ptr<ShardWorker>> workers;
        for (unsigned t = 0; t < threads; ++t) {
            channels.push_back(std::make_unique<util::Channel<InputArticle>>(256));
            workers.push_back(std::make_unique<ShardWorker>(store, lanes, m_extractor, builder,
                                                            corrections, m_options, m_progress));
        }
        std::exception_ptr failure;
        std::mutex failure_mutex;
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t) {
            pool.emplace_back([&, t] {
                try {
                    while (auto item = channels[t]->pop())
                        workers[t]->handle(std::move(*item));
                } catch (...) {
                    std::lock_guard lock(failure_mutex);
                    if (!failure)
                        failure = std::current_exception();
                    for (auto& c : channels)
                        c->close(); // stop the reader and the other workers
                }
            });
        }
        const std::function<bool()> failed = [&] {
            std::lock_guard lock(failure_mutex);
            return failure != nullptr;
        };
        read_files(
            files,
            [&](InputArticle&& a) {
                const std::size_t lane =
                    by_id ? store.shard_of(a.raw.id) : std::hash<std::string>{}(a.raw.id);
                channels[lane % threads]->push(std::move(a));
            },
            failed);
        for (auto& c : channels)
            c->close();
        for (auto& th : pool)
            th.join();
        if (failure)
            std::rethrow_exception(failure);
        std::vector<fs::path> prune_roots;
        for (const fs::path& in : m_options.inputs)
            prune_roots.push_back(fs::absolute(in).lexically_normal());
        // Sources are stored as given; compare them in the same form.
        for (const fs::path& in : m_options.inputs)
            prune_roots.push_back(in.lexically_normal());
        finish_shards(store, lanes, m_options, m_progress, prune_roots, *m_knowledge);
    }

    /// Compaction rewrites a shard with full blocks (a third smaller, faster to search);
    /// worth it when the shard has changed by a fair share since it was last compacted (in
    /// this run or in runs before it that a kill stopped short of compacting), and when the
    /// disk has room for the copies. By id, the shards are compacted together when the
    /// index has changed by a tenth; by year, each on its own: the shard of a year that is
    /// over (a closed year, which later articles change little) once it has changed by a
    /// hundredth, the current year's and the undated one by a tenth.
    std::vector<unsigned> shards_to_compact(IndexStore& store) {
        std::vector<unsigned> which;
        if (!m_options.compact)
            return which;
        const unsigned count = store.shard_count();
        if (store.layout() == ShardLayout::by_id) {
            std::size_t changed = 0, documents = 0;
            for (unsigned s = 0; s < count; ++s) {
                documents += store.shard(s).get_doccount();
                changed += uncompacted(store.shard(s));
            }
            if (changed > 0 && changed * 10 >= documents)
                for (unsigned s = 0; s < count; ++s)
                    which.push_back(s);
        } else {
            const int this_year = current_utc_year();
            for (unsigned s = 0; s < count; ++s) {
                const std::size_t changed = uncompacted(store.shard(s));
                const std::size_t share =
                    store.year_of_shard(s) > 0 && store.year_of_shard(s) < this_year ? 100 : 10;
                if (changed > 0 && changed * share >= store.shard(s).get_doccount())
                    which.push_back(s);
            }
        }
        if (which.empty())
            return which;
        // The copies need about the room the shards take; without it the index stays as
        // it is, whole, only larger than it could be.
        const std::uintmax_t need = store.bytes_on_disk() + (64u << 20);
        try {
            store.ensure_space(need, "compact the index");
        } catch (const DiskFull& e) {
            m_report.issues.push_back({m_options.db.string(), 0, "not_compacted", e.what(), false});
            which.clear();
        }
        return which;
    }

    void fold_and_compact(IndexStore& store) {
        const std::vector<unsigned> compact = shards_to_compact(store);
        auto compacting = [&](std::size_t s) {
            return std::find(compact.begin(), compact.end(), s) != compact.end();
        };
        // Each commit wrote a positions chunk per term into the journal; searching reads a
        // term's run and chunks at once, so the journal is folded into the runs: before
        // compacting (dropping documents deleted or rewritten since, if any were), or once
        // it holds 16 commits.
        const bool rewritten = m_progress.replaced + m_progress.removed > 0;
        for_each_shard(store.shard_count(), [&](std::size_t s) {
            Xapian::WritableDatabase& db = store.shard(static_cast<unsigned>(s));
            if (compacting(s) || journal_length(db) >= 16) {
                merge_positions(db, compacting(s) && rewritten ? MergeScope::everything
                                                               : MergeScope::journal);
                db.commit();
            }
        });
        if (compact.empty()) {
            store.publish();
            return;
        }
        const auto compact_start = Clock::now();
        store.compact(compact);
        for (const unsigned s : compact) { // the copies start from nothing
            store.shard(s).set_metadata(std::string(schema::meta_uncompacted), "");
            store.shard(s).commit();
        }
        m_report.compact_seconds = seconds_since(compact_start);
    }

    IndexReport report(IndexStore& store) {
        m_report.added = m_progress.added;
        m_report.replaced = m_progress.replaced;
        m_report.unchanged = m_progress.unchanged;
        m_report.removed = m_progress.removed;
        m_report.bytes = m_progress.bytes_done;
        for (unsigned s = 0; s < store.shard_count(); ++s)
            m_report.documents += store.shard(s).get_doccount();
        m_report.seconds = seconds_since(m_start);
        return m_report;
    }

    const Clock::time_point m_start = Clock::now();
    const IndexRunOptions& m_options;
    std::shared_ptr<const Knowledge> m_knowledge;
    IndexProgress& m_progress;
    const Extractor m_extractor;
    IndexReport m_report;
    std::mutex m_report_mutex;
    std::unordered_set<std::string> m_seen_ids;
};

} // namespace

IndexReport run_index(const IndexRunOptions& options,
                      const std::shared_ptr<const Knowledge>& knowledge, IndexProgress& progress) {
    return IndexRun(options, knowledge, progress).run();
}

} // namespace vnsearch
