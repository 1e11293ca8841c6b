#include "vnsearch/indexing.hpp"

#include "extract/corrections.hpp"
#include "extract/extractor.hpp"
#include "index/document_builder.hpp"
#include "match/matcher.hpp"
#include "positions/positions.hpp"
#include "util/lines.hpp"
#include "vnsearch/index_store.hpp"
#include "vnsearch/schema.hpp"

#include <condition_variable>
#include <ctime>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace vnsearch {
namespace fs = std::filesystem;
namespace {

/// A bounded queue between the reader and one worker.
template <typename T>
class Channel {
public:
    explicit Channel(std::size_t capacity) : m_capacity(capacity) {}

    void push(T item) {
        std::unique_lock lock(m_mutex);
        m_not_full.wait(lock, [&] { return m_items.size() < m_capacity || m_closed; });
        m_items.push_back(std::move(item));
        m_not_empty.notify_one();
    }
    std::optional<T> pop() {
        std::unique_lock lock(m_mutex);
        m_not_empty.wait(lock, [&] { return !m_items.empty() || m_closed; });
        if (m_items.empty())
            return std::nullopt;
        T item = std::move(m_items.front());
        m_items.pop_front();
        m_not_full.notify_one();
        return item;
    }
    void close() {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_not_empty.notify_all();
        m_not_full.notify_all();
    }

private:
    std::size_t m_capacity;
    std::deque<T> m_items;
    bool m_closed = false;
    std::mutex m_mutex;
    std::condition_variable m_not_empty, m_not_full;
};

std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/// The file part of a stored source path ("a.jsonl:12" -> "a.jsonl").
fs::path source_file(const std::string& source) {
    const std::size_t colon = source.rfind(':');
    if (colon != std::string::npos && colon + 1 < source.size() &&
        source.find_first_not_of("0123456789", colon + 1) == std::string::npos)
        return source.substr(0, colon);
    return source;
}

bool under(const fs::path& file, const std::vector<fs::path>& roots) {
    const std::string f = file.lexically_normal().string();
    for (const fs::path& root : roots) {
        const std::string r = root.lexically_normal().string();
        if (f == r || (f.size() > r.size() && f.compare(0, r.size(), r) == 0 &&
                       (r.back() == '/' || f[r.size()] == '/')))
            return true;
    }
    return false;
}

/// Free disk a commit needs beside the index: Xapian writes the changed blocks anew before
/// it drops the old ones, and the positions store writes a journal chunk per term.
std::uintmax_t commit_reserve(std::size_t input_bytes) {
    constexpr std::uintmax_t margin = 16u << 20;
    constexpr std::uintmax_t per_input_byte = 8;
    return margin + per_input_byte * input_bytes;
}

/// How often (in documents) a worker looks at the free disk space while filling a batch.
constexpr std::size_t space_check_every = 16;

/// Changes a shard has had since its last compaction (kept in its metadata, committed with
/// the changes, so a run a kill stops still counts them).
std::size_t uncompacted(const Xapian::Database& db) {
    const std::string v = db.get_metadata(std::string(schema::meta_uncompacted));
    return v.empty() ? 0 : std::stoul(v);
}

void add_uncompacted(Xapian::WritableDatabase& db, std::size_t changes) {
    if (changes > 0)
        db.set_metadata(std::string(schema::meta_uncompacted),
                        std::to_string(uncompacted(db) + changes));
}

/// One worker: owns some shards, indexes the articles routed to them.
class ShardWorker {
public:
    ShardWorker(IndexStore& store, std::vector<unsigned> shards, const Extractor& extractor,
                const DocumentBuilder& builder, const Corrections& corrections,
                const IndexRunOptions& options, IndexProgress& progress)
        : m_store(store), m_shards(std::move(shards)), m_extractor(extractor), m_builder(builder),
          m_corrections(corrections), m_options(options), m_progress(progress),
          m_pending(m_store.shard_count(), 0), m_pending_bytes(m_store.shard_count(), 0),
          m_positions(m_store.shard_count()) {}

    void handle(InputArticle&& in) {
        const unsigned s = m_store.shard_of(in.raw.id);
        Xapian::WritableDatabase& db = m_store.shard(s);
        // In shards this run created, every id is new: the reader drops repeated ids.
        Xapian::PostingIterator it;
        bool exists = false;
        if (!m_store.started_empty()) {
            const std::string id_term = std::string(schema::id) + in.raw.id;
            it = db.postlist_begin(id_term);
            exists = it != db.postlist_end(id_term);
            if (exists && db.get_document(*it).get_value(schema::slot_hash) == in.content_hash) {
                ++m_progress.unchanged;
                return;
            }
        }
        // Xapian writes blocks between commits too: look at the free space as the batch
        // grows, not only before committing it.
        if (m_pending[s] % space_check_every == 0)
            m_store.ensure_space(commit_reserve(m_pending_bytes[s] + in.bytes), "add documents");
        Extraction e = m_extractor.analyse(in.raw);
        e.record.content_hash = in.content_hash;
        if (const auto* lines = m_corrections.of(in.raw.id))
            apply_corrections(e.record, *lines);
        Xapian::docid docid = 0;
        if (exists) {
            docid = *it;
            db.replace_document(docid, m_builder.build(e));
        } else {
            docid = db.add_document(m_builder.build(e));
        }
        m_positions[s].add(docid, e.tokens);
        ++(exists ? m_progress.replaced : m_progress.added);
        m_pending_bytes[s] += in.bytes;
        if (++m_pending[s] >= batch_size(db))
            commit(s);
    }

    void finish(const std::vector<fs::path>& prune_roots, const Knowledge& knowledge) {
        for (const unsigned s : m_shards) {
            Xapian::WritableDatabase& db = m_store.shard(s);
            m_store.ensure_space(commit_reserve(m_pending_bytes[s]), "finish the run");
            add_uncompacted(db, m_pending[s]);
            m_positions[s].flush(db);
            if (m_options.prune)
                prune(db, prune_roots);
            write_synonyms(db, knowledge);
            db.set_metadata(std::string(schema::meta_updated), utc_now());
            db.commit();
        }
    }

private:
    /// Commits shard `s`: the documents of the batch, their positions and how many changes
    /// the shard has had since it was last compacted, together.
    void commit(unsigned s) {
        Xapian::WritableDatabase& db = m_store.shard(s);
        m_store.ensure_space(commit_reserve(m_pending_bytes[s]), "commit the documents read");
        add_uncompacted(db, m_pending[s]);
        m_positions[s].flush(db); // in the same commit as the documents
        db.commit();
        m_pending[s] = 0;
        m_pending_bytes[s] = 0;
    }

    std::size_t batch_size(Xapian::WritableDatabase& db) const {
        // Below Xapian's own flush threshold (10,000 changed documents), which would commit
        // documents without the positions written beside them at each batch's end.
        constexpr std::size_t most = 8000;
        if (m_options.batch > 0)
            return std::min(m_options.batch, most);
        return std::clamp<std::size_t>(db.get_doccount() / 250, 200, most);
    }

    /// Xapian's synonym table maps each spelling of a province or carrier (folded words
    /// joined by spaces, as Xapian's QueryParser looks them up) to its mention term, so
    /// tools built on Xapian's own parser find "Kontum" as "Kon Tum".
    static void write_synonyms(Xapian::WritableDatabase& db, const Knowledge& k) {
        db.clear_synonyms("");
        for (auto s = db.synonym_keys_begin(); s != db.synonym_keys_end(); ++s)
            db.clear_synonyms(*s);
        auto add = [&](std::string_view variant, const std::string& term) {
            std::string key;
            for (const Token& t : tokenize(variant))
                if (!t.part)
                    key += (key.empty() ? "" : " ") + t.folded;
            if (!key.empty())
                db.add_synonym(key, term);
        };
        k.places.for_each_variant([&](std::string_view variant, std::uint32_t payload) {
            const PlaceRef ref = PlaceRef::unpack(payload);
            if (payload == Gazetteer::blocked || ref.kind == PlaceRef::town)
                return;
            add(variant, k.place_mention(ref));
        });
        k.carrier_names.for_each_variant([&](std::string_view variant, std::uint32_t payload) {
            add(variant, k.carrier_mention(static_cast<int>(payload)));
        });
    }

    void prune(Xapian::WritableDatabase& db, const std::vector<fs::path>& roots) {
        std::vector<Xapian::docid> gone;
        for (auto v = db.valuestream_begin(schema::slot_source);
             v != db.valuestream_end(schema::slot_source); ++v) {
            const fs::path file = source_file(*v);
            std::error_code ec;
            if (under(file, roots) && !fs::exists(file, ec))
                gone.push_back(v.get_docid());
        }
        for (const Xapian::docid d : gone)
            db.delete_document(d);
        m_progress.removed += gone.size();
    }

    IndexStore& m_store;
    std::vector<unsigned> m_shards;
    const Extractor& m_extractor;
    const DocumentBuilder& m_builder;
    const Corrections& m_corrections;
    const IndexRunOptions& m_options;
    IndexProgress& m_progress;
    std::vector<std::size_t> m_pending;       ///< by shard: changed documents not committed
    std::vector<std::size_t> m_pending_bytes; ///< by shard: their input's size
    std::vector<PositionsBatch> m_positions;  ///< by shard: positions not yet written
};

/// An index this run did not create must have been written with the same schema and the
/// same list of usual spellings, or its documents would not agree with the new ones.
void check_compatible(IndexStore& store, const Knowledge& k, XapianPositions xapian_positions) {
    for (unsigned s = 0; s < store.shard_count(); ++s) {
        Xapian::WritableDatabase& db = store.shard(s);
        if (db.get_doccount() == 0)
            continue;
        const std::string version = db.get_metadata(std::string(schema::meta_version));
        const std::string forms = db.get_metadata(std::string(schema::meta_usual_forms));
        std::string why;
        if (version != schema::version)
            why = "was written with index schema " + (version.empty() ? "0" : version) +
                  " and this vnsearch-index writes schema " + std::string(schema::version);
        else if (forms != k.usual_forms_digest)
            why = "was written with another list of usual spellings (data/usual_forms.txt)";
        else if (!has_positions(db))
            why = "has no positions store";
        else if (!db.get_metadata(std::string(schema::meta_xapian_positions)).empty() !=
                 (xapian_positions == XapianPositions::written))
            why = xapian_positions == XapianPositions::written
                      ? "was written without --xapian-positions"
                      : "was written with --xapian-positions (give it again to update it)";
        if (!why.empty())
            throw IndexIncompatible("index " + store.path().string() + " " + why +
                                    "; rebuild it with --rebuild (the old index stays "
                                    "searchable until the new one is complete)");
    }
}

void write_metadata(Xapian::WritableDatabase& db, const Knowledge& k,
                    XapianPositions xapian_positions) {
    db.set_metadata(std::string(schema::meta_version), std::string(schema::version));
    db.set_metadata(std::string(schema::meta_document_positions), "1");
    db.set_metadata(std::string(schema::meta_xapian_positions),
                    xapian_positions == XapianPositions::written ? "1" : "");
    db.set_metadata(std::string(schema::meta_usual_forms), k.usual_forms_digest);
    db.set_metadata(std::string(schema::meta_provinces), util::join_lines(k.provinces));
    db.set_metadata(std::string(schema::meta_formers), util::join_lines(k.former_provinces));
    db.set_metadata(std::string(schema::meta_carriers), util::join_lines(k.carriers));
}

/// The corrections the index keeps (the same in every shard).
Corrections kept_corrections(IndexStore& store) {
    return Corrections::parse_stored(
        store.shard(0).get_metadata(std::string(schema::meta_corrections)));
}

/// Files anew the stored documents whose corrections changed from `before` to `after`, and
/// drops from `after` (reporting each line) the ids no document of the index has.
std::size_t refile_corrected(IndexStore& store, const DocumentBuilder& builder,
                             const Corrections& before, Corrections& after,
                             const std::function<void(InputIssue&&)>& on_issue) {
    std::set<std::string> ids;
    for (const Corrections* set : {&before, static_cast<const Corrections*>(&after)})
        for (const std::string& id : set->ids())
            ids.insert(id);
    std::size_t refiled = 0;
    for (const std::string& id : ids) {
        Xapian::WritableDatabase& db = store.shard(store.shard_of(id));
        const std::string id_term = std::string(schema::id) + id;
        Xapian::PostingIterator p = db.postlist_begin(id_term);
        if (p == db.postlist_end(id_term)) {
            if (const auto* lines = after.of(id)) {
                for (const CorrectionLine& c : *lines)
                    on_issue({after.file().string(), c.line, "unknown_id",
                              after.file().string() + ":" + std::to_string(c.line) +
                                  ": no document with id \"" + id + "\" in the index; skipped",
                              true});
                after.erase(id);
            }
            continue;
        }
        const auto* lines = after.of(id);
        Xapian::Document doc = db.get_document(*p);
        auto record = record_from_data(doc.get_data());
        if (!record)
            continue;
        // A document extracted in this run, or unchanged since, already has them.
        const std::size_t want = lines ? lines->size() : 0;
        bool current = record->corrections.size() == want;
        for (std::size_t i = 0; current && i < want; ++i) {
            const Correction& has = record->corrections[i];
            const CorrectionLine& c = (*lines)[i];
            current = has.field == c.field && has.value == c.value && has.note == c.note;
        }
        if (current)
            continue;
        revert_corrections(*record);
        if (lines)
            apply_corrections(*record, *lines);
        builder.refile(doc, *record);
        db.replace_document(*p, doc);
        ++refiled;
    }
    return refiled;
}

} // namespace

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
        IndexStore store(m_options.db,
                         StoreOptions{m_options.rebuild, std::max(1u, m_options.shards)});
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
        // still says which schema it holds and that it keeps a positions store.
        for (unsigned s = 0; s < store.shard_count(); ++s) {
            Xapian::WritableDatabase& db = store.shard(s);
            write_metadata(db, *m_knowledge, m_options.xapian_positions);
            if (db.get_doccount() == 0 && !has_positions(db))
                start_positions(db);
            db.commit();
        }
    }

    /// Indexes `files` on a thread per group of shards, then finishes every shard.
    void index_files(IndexStore& store, const std::vector<fs::path>& files,
                     const DocumentBuilder& builder, const Corrections& corrections) {
        const unsigned threads = std::clamp(m_options.threads, 1u, store.shard_count());
        std::vector<std::vector<unsigned>> owned(threads);
        for (unsigned s = 0; s < store.shard_count(); ++s)
            owned[s % threads].push_back(s);
        std::vector<std::unique_ptr<Channel<InputArticle>>> channels;
        std::vector<std::unique_ptr<ShardWorker>> workers;
        for (unsigned t = 0; t < threads; ++t) {
            channels.push_back(std::make_unique<Channel<InputArticle>>(256));
            workers.push_back(std::make_unique<ShardWorker>(store, owned[t], m_extractor, builder,
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
                const unsigned shard = store.shard_of(a.raw.id);
                channels[shard % threads]->push(std::move(a));
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
        for (auto& w : workers)
            w->finish(prune_roots, *m_knowledge);
    }

    /// Compaction rewrites every shard with full blocks (a third smaller, faster to search);
    /// worth it when the index has changed by a fair share since it was last compacted (in
    /// this run or in runs before it that a kill stopped short of compacting), and when the
    /// disk has room for the copies.
    bool worth_compacting(IndexStore& store) {
        std::size_t changed = m_progress.removed;
        std::size_t documents = 0;
        for (unsigned s = 0; s < store.shard_count(); ++s) {
            documents += store.shard(s).get_doccount();
            changed += uncompacted(store.shard(s));
        }
        if (!(m_options.compact && changed > 0 && changed * 10 >= documents))
            return false;
        // The copies need about the room the shards take; without it the index stays as
        // it is, whole, only larger than it could be.
        const std::uintmax_t need = store.bytes_on_disk() + (64u << 20);
        try {
            store.ensure_space(need, "compact the index");
        } catch (const DiskFull& e) {
            m_report.issues.push_back({m_options.db.string(), 0, "not_compacted", e.what(), false});
            return false;
        }
        return true;
    }

    void fold_and_compact(IndexStore& store) {
        const bool compact = worth_compacting(store);
        // Each commit wrote a positions chunk per term into the journal; searching reads a
        // term's run and chunks at once, so the journal is folded into the runs: before
        // compacting (dropping documents deleted or rewritten since, if any were), or once
        // it holds 16 commits.
        const bool rewritten = m_progress.replaced + m_progress.removed > 0;
        for_each_shard(store.shard_count(), [&](std::size_t s) {
            Xapian::WritableDatabase& db = store.shard(static_cast<unsigned>(s));
            if (compact || journal_length(db) >= 16) {
                merge_positions(db, compact && rewritten ? MergeScope::everything
                                                         : MergeScope::journal);
                db.commit();
            }
        });
        if (!compact) {
            store.publish();
            return;
        }
        const auto compact_start = Clock::now();
        store.compact();
        for (unsigned s = 0; s < store.shard_count(); ++s) { // the copies start from nothing
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
