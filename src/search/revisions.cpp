// Revisions: each thread's handles on the shards, moved to a newly committed revision once
// its snapshot is ready, and the builder thread that makes the snapshots.

#include "search/engine.hpp"
#include "search/snapshot.hpp"
#include "vnsearch/index_store.hpp"

#include <chrono>
#include <cstdio>
#include <thread>

namespace vnsearch {
namespace fs = std::filesystem;

using detail::max_reopen_attempts;
using detail::Snapshot;
using Clock = std::chrono::steady_clock;

namespace detail {
namespace {

std::vector<fs::path> current_shards(const std::vector<fs::path>& dbs) {
    std::vector<fs::path> out;
    for (const fs::path& dir : dbs)
        for (const fs::path& shard : shard_paths(dir))
            out.push_back(shard);
    return out;
}

/// Handles on the shards the stubs list now (a compaction or a rebuild moves them).
Handles open_shards(const std::vector<fs::path>& paths) {
    Handles h;
    for (const fs::path& shard : paths) {
        h.shards.emplace_back(shard.string());
        h.db.add_database(h.shards.back());
    }
    h.paths = paths;
    return h;
}

} // namespace

void bring_up_to_date(std::optional<Handles>& h, const std::vector<fs::path>& dbs) {
    std::vector<fs::path> paths = current_shards(dbs);
    if (h && h->paths == paths)
        h->db.reopen();
    else
        h = open_shards(paths);
}

} // namespace detail

SearchEngine::Impl::Impl(std::vector<fs::path> dbs, std::shared_ptr<const Knowledge> knowledge,
                         std::size_t postings_budget_bytes,
                         std::chrono::milliseconds reopen_interval)
    : m_dbs(std::move(dbs)), m_knowledge(std::move(knowledge)), m_parser(m_knowledge),
      m_speller(m_knowledge), m_postings_budget(postings_budget_bytes),
      m_reopen_interval(reopen_interval) {
    // Fail now, with the path, rather than on the first request.
    (void)open_index(m_dbs);
    m_compound_syllables = detail::compound_syllables(*m_knowledge->lexicon);
    for (const fs::path& dir : m_dbs)
        for (const fs::path& shard : shard_paths(dir))
            require_current_schema(Xapian::Database(shard.string()), dir.string());
    m_builder = std::thread([this] { build_snapshots(); });
}

SearchEngine::Impl::~Impl() {
    {
        std::lock_guard lock(m_snapshot_mutex);
        m_stopping = true;
    }
    m_build_wanted.notify_all();
    m_builder.join();
}

detail::Worker& SearchEngine::Impl::worker() {
    std::lock_guard lock(m_mutex);
    auto& w = m_workers[std::this_thread::get_id()];
    if (!w)
        w = std::make_unique<detail::Worker>();
    return *w;
}

std::shared_ptr<const Snapshot> SearchEngine::Impl::built_snapshot(const std::string& key) {
    const auto it = m_snapshots.find(key);
    return it == m_snapshots.end() ? nullptr : it->second;
}

std::shared_ptr<const Snapshot> SearchEngine::Impl::snapshot_for(detail::Worker& w, bool move_on) {
    const auto now = Clock::now();
    // Each thread looks for a new revision every m_reopen_interval, and at once when a new
    // revision's snapshot is ready: it then moves to that revision at its next request.
    const std::uint64_t generation = m_generation.load(std::memory_order_acquire);
    if (!move_on && w.snapshot && now - w.checked < m_reopen_interval && w.generation == generation)
        return w.snapshot;
    w.checked = now;
    w.generation = generation;
    for (int attempt = 1;; ++attempt) {
        try {
            detail::bring_up_to_date(w.next, m_dbs);
        } catch (const Xapian::DatabaseOpeningError&) {
            // The stubs changed while we read them (a compaction or a rebuild published its
            // shards): keep the revision we serve, or look again in a moment.
            w.next.reset();
            if (w.snapshot && !move_on)
                return w.snapshot;
            if (attempt == max_reopen_attempts)
                throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
            continue;
        }
        const std::string key = detail::revision_key(w.next->shards);
        if (w.snapshot && w.snapshot->key == key && !move_on)
            return w.snapshot;
        std::unique_lock lock(m_snapshot_mutex);
        std::shared_ptr<const Snapshot> snap = built_snapshot(key);
        if (!snap) {
            // Built on a thread of its own: meanwhile this thread answers from the revision
            // it serves, unless it has none or that one is gone (DatabaseModifiedError).
            m_build_wanted.notify_one();
            m_build_requested = true;
            if (w.snapshot && !move_on)
                return w.snapshot;
            const std::uint64_t seen = m_generation.load(std::memory_order_acquire);
            m_built.wait(lock, [&] {
                return m_generation.load(std::memory_order_acquire) != seen || m_stopping;
            });
            if (m_stopping)
                throw std::runtime_error("the search engine is shutting down");
            if (!m_build_error.empty() && attempt == max_reopen_attempts)
                throw std::runtime_error("cannot read the index: " + m_build_error);
            // The builder may have found a still newer revision: look again.
            continue;
        }
        lock.unlock();
        std::swap(static_cast<detail::Handles&>(w), *w.next);
        w.snapshot = std::move(snap);
        return w.snapshot;
    }
}

void SearchEngine::Impl::build_snapshots() {
    std::optional<detail::Handles> h;
    std::unique_lock lock(m_snapshot_mutex);
    for (;;) {
        m_build_wanted.wait(lock, [&] { return m_build_requested || m_stopping; });
        if (m_stopping)
            return;
        m_build_requested = false;
        lock.unlock();
        std::shared_ptr<const Snapshot> built;
        std::string error;
        bool again = false;
        try {
            detail::bring_up_to_date(h, m_dbs);
            const std::string key = detail::revision_key(h->shards);
            bool known;
            {
                std::lock_guard check(m_snapshot_mutex);
                known = built_snapshot(key) != nullptr;
            }
            if (!known)
                built = prepare_snapshot(*h, key);
        } catch (const Xapian::DatabaseModifiedError&) {
            again = true; // overtaken by the writer while reading: read the newer revision
            h.reset();
        } catch (const Xapian::DatabaseOpeningError&) {
            again = true; // the stubs changed while we opened them
            h.reset();
        } catch (const Xapian::Error& e) {
            error = e.get_description();
            h.reset();
        } catch (const std::exception& e) {
            error = e.what();
            h.reset();
        }
        if (again)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        lock.lock();
        if (built) {
            m_snapshots.emplace(built->key, built);
            // Keep the newest few: threads still on an older revision hold their own reference.
            while (m_snapshots.size() > 2) {
                auto oldest = m_snapshots.begin();
                for (auto i = m_snapshots.begin(); i != m_snapshots.end(); ++i)
                    if (i->second != built && i->second.use_count() < oldest->second.use_count())
                        oldest = i;
                if (oldest->second == built)
                    break;
                m_snapshots.erase(oldest);
            }
        }
        if (again)
            m_build_requested = true;
        else
            m_build_error = error;
        m_generation.fetch_add(1, std::memory_order_release);
        m_built.notify_all();
    }
}

std::shared_ptr<const Snapshot> SearchEngine::Impl::prepare_snapshot(detail::Handles& h,
                                                                     const std::string& key) {
    auto snap = detail::build_snapshot(h.db, key, *m_knowledge);
    // The longest posting lists cost a query most to read: hold them from the start, in
    // half of the memory postings may take (queries' own terms fill the rest). A word typed
    // with its diacritics weighs its spelling's XA term in every match, so those lists are
    // as much in the way as the folded syllables'.
    std::vector<std::pair<std::string, Xapian::doccount>> terms(snap->folded_freq.begin(),
                                                                snap->folded_freq.end());
    terms.insert(terms.end(), snap->spelling_freq.begin(), snap->spelling_freq.end());
    Matcher(h.db, h.shards, snap->collection, key, m_matcher_caches)
        .preload(terms, m_postings_budget / 2);
    // Which compound words each document holds, read once here rather than by every request
    // for the characteristic terms (a few seconds for 100,000 documents).
    snap->compounds = std::make_shared<const detail::CompoundTable>(
        detail::compound_table(h.shards, *m_knowledge->lexicon, m_compound_syllables));
    return snap;
}

} // namespace vnsearch
