#include "index/docids.hpp"
#include "index/document_builder.hpp"
#include "match/matcher.hpp"
#include "search/engine.hpp"
#include "search/highlight.hpp"
#include "text/vietnamese.hpp"
#include "util/fnv1a.hpp"
#include "util/lines.hpp"
#include "vnsearch/index_store.hpp"
#include "vnsearch/schema.hpp"
#include "vnsearch/utf8.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <unordered_set>

namespace vnsearch {
namespace fs = std::filesystem;

namespace {

using detail::Snapshot;
using Clock = std::chrono::steady_clock;

// How often a read overtaken by the writer (DatabaseModifiedError) is tried again.
constexpr int max_reopen_attempts = 5;
// Estimated MinHash similarity from which two articles are near-duplicates.
constexpr double duplicate_similarity = 0.5;

std::string revision_key(const std::vector<Xapian::Database>& shards) {
    std::string key;
    for (const Xapian::Database& s : shards)
        key += std::to_string(s.get_revision()) + ":" + s.get_uuid() + ";";
    return key;
}

struct UnionFind {
    std::vector<Xapian::docid> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    Xapian::docid find(Xapian::docid x) {
        while (parent[x] != x)
            x = parent[x] = parent[parent[x]];
        return x;
    }
    void join(Xapian::docid a, Xapian::docid b) {
        a = find(a);
        b = find(b);
        if (a != b)
            parent[std::max(a, b)] = std::min(a, b);
    }
};

/// Groups near-duplicates: LSH over MinHash bands finds candidates, the whole signature
/// confirms them.
void cluster_duplicates(Xapian::Database& db, Snapshot& s) {
    const std::size_t n = s.last_docid + 1;
    std::vector<Signature> sigs(n);
    std::vector<std::pair<std::uint64_t, Xapian::docid>> bands;
    constexpr std::size_t band_count = schema::signature_size / schema::signature_rows;
    for (auto v = db.valuestream_begin(schema::slot_signature);
         v != db.valuestream_end(schema::slot_signature); ++v) {
        const Xapian::docid d = v.get_docid();
        sigs[d] = unpack_signature(*v);
        for (std::size_t b = 0; b < band_count; ++b) {
            std::uint64_t h = util::fnv1a_offset ^ b;
            for (std::size_t r = 0; r < schema::signature_rows; ++r)
                h = util::fnv1a_word(h, sigs[d][b * schema::signature_rows + r]);
            bands.emplace_back(h, d);
        }
    }
    std::sort(bands.begin(), bands.end());
    UnionFind uf(n);
    auto similar = [&](Xapian::docid a, Xapian::docid b) {
        std::size_t same = 0;
        for (std::size_t i = 0; i < schema::signature_size; ++i)
            same += sigs[a][i] == sigs[b][i];
        return static_cast<double>(same) / schema::signature_size >= duplicate_similarity;
    };
    for (std::size_t i = 0; i < bands.size();) {
        std::size_t j = i + 1;
        while (j < bands.size() && bands[j].first == bands[i].first)
            ++j;
        // A huge bucket means boilerplate, not copies: compare only a bounded number.
        for (std::size_t a = i; a < j && a < i + 64; ++a)
            for (std::size_t b = a + 1; b < j && b < i + 64; ++b)
                if (uf.find(bands[a].second) != uf.find(bands[b].second) &&
                    similar(bands[a].second, bands[b].second))
                    uf.join(bands[a].second, bands[b].second);
        i = j;
    }
    s.cluster.assign(n, 0);
    for (Xapian::docid d = 1; d < n; ++d) {
        s.cluster[d] = uf.find(d);
        if (s.cluster[d] != d)
            s.members[s.cluster[d]].push_back(d);
    }
    s.grouped.assign(n, 0);
    for (auto& [root, list] : s.members) {
        list.insert(list.begin(), root);
        for (const Xapian::docid m : list)
            s.grouped[m] = 1;
    }
}

std::shared_ptr<const Snapshot> build_snapshot(Xapian::Database& db, const std::string& key,
                                               const Knowledge& k) {
    auto s = std::make_shared<Snapshot>();
    s->key = key;
    s->last_docid = db.get_lastdocid();
    s->documents = db.get_doccount();
    s->collection = Collection::read(db);
    s->facets.assign(s->last_docid + 1, {});
    s->present.assign(s->last_docid + 1, 0);
    for (auto v = db.valuestream_begin(schema::slot_facets);
         v != db.valuestream_end(schema::slot_facets); ++v) {
        s->facets[v.get_docid()] = schema::FacetRecord::unpack(*v);
        s->present[v.get_docid()] = 1;
    }
    for (Xapian::docid d = 1; d <= s->last_docid; ++d)
        if (s->present[d]) {
            s->all.matched.push_back(d);
            s->all.ranked.emplace_back(d, 0.0f);
        }
    std::stable_sort(s->all.ranked.begin(), s->all.ranked.end(), [&](const auto& a, const auto& b) {
        return s->facets[a.first].yyyymmdd > s->facets[b.first].yyyymmdd;
    });
    s->provinces = util::split_lines(db.get_metadata(std::string(schema::meta_provinces)));
    s->formers = util::split_lines(db.get_metadata(std::string(schema::meta_formers)));
    s->carriers = util::split_lines(db.get_metadata(std::string(schema::meta_carriers)));
    s->last_update = db.get_metadata(std::string(schema::meta_updated));
    if (const std::string forms = db.get_metadata(std::string(schema::meta_usual_forms));
        s->documents > 0 && forms != k.usual_forms_digest)
        std::fprintf(stderr, "vnsearch: warning: the index was built with another list of usual "
                             "spellings (data/usual_forms.txt); rebuild it for the best ranking of "
                             "accented queries\n");
    cluster_duplicates(db, *s);

    const std::string xa(schema::accented);
    for (auto t = db.allterms_begin(xa); t != db.allterms_end(xa); ++t) {
        s->spellings[fold_diacritics((*t).substr(xa.size()))].push_back(*t);
        s->spelling_freq.emplace_back(*t, t.get_termfreq());
    }
    for (const auto& [accented, freq] : accented_frequencies(db, k)) {
        auto& best = s->accented[fold_diacritics(accented)];
        if (freq > best.second)
            best = {accented, freq};
    }
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
        const std::string& term = *t;
        if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z'))
            continue;
        s->folded_freq[term] = t.get_termfreq();
    }
    // Completions: lexicon words whose syllables the index holds (weighted by the rarest
    // syllable, a bound on how often the word can occur), provinces and carriers.
    for (const auto& [folded, accented] : k.lexicon->by_folded()) {
        Xapian::doccount weight = std::numeric_limits<Xapian::doccount>::max();
        std::size_t start = 0;
        while (start <= folded.size() && weight > 0) {
            std::size_t space = folded.find(' ', start);
            if (space == std::string::npos)
                space = folded.size();
            const auto f = s->folded_freq.find(folded.substr(start, space - start));
            weight = f == s->folded_freq.end() ? 0 : std::min(weight, f->second);
            start = space + 1;
        }
        if (weight > 0)
            s->candidates.push_back({folded, accented, "word", static_cast<double>(weight)});
    }
    auto add_names = [&](const std::vector<std::string>& names, const char* kind,
                         std::string_view prefix) {
        for (const std::string& name : names) {
            if (name.empty())
                continue;
            const std::string term = std::string(prefix) + slug(name);
            std::string folded = fold_diacritics(to_lower_nfc(name));
            std::replace_if(
                folded.begin(), folded.end(), [](char c) { return c == '.' || c == '-'; }, ' ');
            std::string squeezed;
            for (char c : folded)
                if (c != ' ' || (!squeezed.empty() && squeezed.back() != ' '))
                    squeezed.push_back(c);
            s->candidates.push_back({squeezed, name, kind, 1000.0 + db.get_termfreq(term)});
        }
    };
    add_names(s->provinces, "province", schema::province);
    add_names(s->formers, "province", schema::former);
    add_names(s->carriers, "carrier", schema::carrier);
    std::sort(s->candidates.begin(), s->candidates.end(),
              [](const auto& a, const auto& b) { return a.key < b.key; });
    return s;
}

/// The facets one document fails under `f` (bit per facet_names index).
struct FilterSet {
    std::uint64_t provinces[4] = {0, 0, 0, 0};
    std::uint64_t formers[4] = {0, 0, 0, 0};
    std::uint8_t carriers = 0;
    std::uint8_t pillars = 0;
    std::uint8_t kinds = 0; ///< bit k: kind code k (1 + index into kind_ids)
    std::vector<int> years;
    int year_from = 0;
    int year_to = 9999;
    bool any_province = false, any_former = false;

    explicit FilterSet(const Filters& f) {
        for (int p : f.provinces)
            if (p > 0 && p < 256) {
                provinces[p / 64] |= 1ull << (p % 64);
                any_province = true;
            }
        for (int p : f.formers)
            if (p > 0 && p < 256) {
                formers[p / 64] |= 1ull << (p % 64);
                any_former = true;
            }
        for (int c : f.carriers)
            if (c >= 0 && c < static_cast<int>(schema::max_carriers))
                carriers |= static_cast<std::uint8_t>(1u << c);
        for (int p : f.pillars)
            if (p >= 0 && p < 8)
                pillars |= static_cast<std::uint8_t>(1u << p);
        for (int k : f.kinds)
            if (k >= 0 && k < static_cast<int>(kind_ids.size()))
                kinds |= static_cast<std::uint8_t>(1u << (k + 1));
        years = f.years;
        year_from = f.year_from.value_or(0);
        year_to = f.year_to.value_or(9999);
    }

    /// Bit i set: the document fails facet i's filter (facet_names order, the kind's at bit 6).
    /// Bit 5: fails the year range.
    unsigned fails(const schema::FacetRecord& r) const {
        unsigned bits = 0;
        if (any_province && !(provinces[r.province / 64] >> (r.province % 64) & 1))
            bits |= 1u << 0;
        if (any_former && !(formers[r.former / 64] >> (r.former % 64) & 1))
            bits |= 1u << 1;
        if (carriers != 0 && (r.carriers & carriers) == 0)
            bits |= 1u << 2;
        if (!years.empty() && std::find(years.begin(), years.end(), r.year) == years.end())
            bits |= 1u << 3;
        if (pillars != 0 && (r.pillars & pillars) == 0)
            bits |= 1u << 4;
        if (r.year < year_from || r.year > year_to)
            bits |= 1u << 5;
        if (kinds != 0 && !(kinds >> r.kind & 1u))
            bits |= 1u << 6;
        return bits;
    }
};

/// How many results `matched` (ascending) gives under `filters`, near-duplicates folded as
/// the facet pass folds them (a group is its smallest matched docid), counting no further
/// than `enough`: a broad query stops after a few documents.
std::size_t results_up_to(const std::vector<Xapian::docid>& matched, const FilterSet& filters,
                          const Snapshot& s, std::size_t enough) {
    std::size_t n = 0;
    std::unordered_set<Xapian::docid> groups_seen;
    for (const Xapian::docid d : matched) {
        if (n >= enough)
            break;
        if (s.grouped[d] && !groups_seen.insert(s.cluster[d]).second)
            continue;
        n += filters.fails(s.facets[d]) == 0;
    }
    return n;
}

/// What spelling reads of an index revision's words.
Vocabulary vocabulary_of(const Snapshot& s) {
    return Vocabulary{s.folded_freq, s.accented, static_cast<Xapian::doccount>(s.documents)};
}

/// A document's id, from its unique-id term: cheaper than parsing its record.
std::string id_of(const Xapian::Database& db, Xapian::docid d) {
    const std::string prefix(schema::id);
    Xapian::TermIterator t = db.termlist_begin(d);
    t.skip_to(prefix);
    if (t == db.termlist_end(d) || (*t).compare(0, prefix.size(), prefix) != 0)
        return {};
    return (*t).substr(prefix.size());
}

/// Which of `docs` (ascending) write `folded` in its usual spelling at least once: the
/// folded term's wdf is above the sum of its XA spellings' wdfs there.
std::vector<Xapian::docid> usual_spelling_writers(Matcher& matcher, const Snapshot& s,
                                                  const std::string& folded,
                                                  const std::vector<Xapian::docid>& docs) {
    std::vector<Xapian::termcount> other(docs.size(), 0), usual(docs.size(), 0);
    if (const auto it = s.spellings.find(folded); it != s.spellings.end())
        for (const std::string& term : it->second)
            matcher.add_wdf(term, docs, other);
    matcher.add_wdf(folded, docs, usual);
    std::vector<Xapian::docid> out;
    for (std::size_t i = 0; i < docs.size(); ++i)
        if (usual[i] > other[i])
            out.push_back(docs[i]);
    return out;
}

/// Appends to `order`, up to `wanted` in all, the admitted candidates of `list` (flag
/// `admitted` in `flags`) by their final weight: BM25 plus boosts, ties by docid. A phrase
/// boost reads positions and a usual spelling the wdfs of the other spellings, so
/// candidates are checked in order of the most they could weigh, and only until none left
/// unchecked could come before those checked: page one of a broad query checks a few
/// candidates, not all of them.
void rerank(const detail::MatchList& list, const ParsedQuery& parsed, const Snapshot& snapshot,
            Matcher& matcher, const std::vector<std::uint8_t>& flags, std::uint8_t admitted,
            std::size_t wanted, std::vector<std::pair<Xapian::docid, float>>& order) {
    const auto& all = list.candidates;
    const std::size_t checks = list.checks.size();
    std::vector<std::uint32_t> pending;
    for (std::uint32_t i = 0; i < all.size(); ++i)
        if (flags[all[i].docid] & admitted)
            pending.push_back(i);
    // A relaxed list ranks by the share of the query held first; boosts only weigh, so a
    // candidate never passes one holding more of the query.
    std::sort(pending.begin(), pending.end(), [&](std::uint32_t a, std::uint32_t b) {
        if (all[a].coverage != all[b].coverage)
            return all[a].coverage > all[b].coverage;
        return all[a].bound != all[b].bound ? all[a].bound > all[b].bound : a < b;
    });
    // A usual spelling is read from the wdfs of every spelling of its word: one walk of
    // those posting lists answers all the candidates (ascending) for the cost of a few
    // answered one by one, so the first check of a spelling answers it for all of them.
    std::vector<std::optional<std::vector<Xapian::docid>>> writers(parsed.usual_exact.size());
    auto holds = [&](const detail::MatchList::Check& check, Xapian::docid d) {
        if (check.phrase)
            return matcher.holds_phrase(parsed.boosts[check.index], d);
        auto& known = writers[check.index];
        if (!known) {
            std::vector<Xapian::docid> docs;
            docs.reserve(all.size());
            for (const detail::Candidate& c : all)
                docs.push_back(c.docid);
            known = usual_spelling_writers(matcher, snapshot, parsed.usual_exact[check.index].first,
                                           docs);
        }
        return std::binary_search(known->begin(), known->end(), d);
    };
    auto weight = [&](std::uint32_t i) {
        double w = all[i].base;
        for (std::size_t c = 0; c < checks; ++c) {
            const double add = list.check_weights[i * checks + c];
            if (add > 0 && holds(list.checks[c], all[i].docid))
                w += add;
        }
        return w;
    };
    // Checked candidates, the best on top of the heap.
    struct Checked {
        float coverage;
        double weight;
        Xapian::docid docid;
    };
    std::vector<Checked> checked;
    auto heap_order = [](const Checked& a, const Checked& b) {
        if (a.coverage != b.coverage)
            return a.coverage < b.coverage;
        return a.weight != b.weight ? a.weight < b.weight : a.docid > b.docid;
    };
    std::size_t next = 0;
    while (order.size() < wanted && (!checked.empty() || next < pending.size())) {
        if (!checked.empty()) {
            const Checked& best = checked.front();
            bool settled = next == pending.size();
            if (!settled) {
                const detail::Candidate& c = all[pending[next]];
                settled =
                    best.coverage > c.coverage ||
                    (best.coverage == c.coverage &&
                     (best.weight > c.bound || (best.weight == c.bound && best.docid < c.docid)));
            }
            if (settled) {
                order.emplace_back(best.docid, static_cast<float>(best.weight));
                std::pop_heap(checked.begin(), checked.end(), heap_order);
                checked.pop_back();
                continue;
            }
        }
        const detail::Candidate& c = all[pending[next]];
        checked.push_back({c.coverage, weight(pending[next]), c.docid});
        std::push_heap(checked.begin(), checked.end(), heap_order);
        ++next;
    }
}

// How many of the best matches the ranking boosts (phrases, names) re-rank. Deeper
// matches keep their plain BM25 order; evaluating phrases only this deep keeps broad
// queries fast, and the order stays one fixed list, so pages never overlap.
constexpr std::size_t rerank_depth = 300;

void merge(Filters& into, const Filters& from) {
    auto add = [](std::vector<int>& a, const std::vector<int>& b) {
        for (int v : b)
            if (std::find(a.begin(), a.end(), v) == a.end())
                a.push_back(v);
    };
    add(into.provinces, from.provinces);
    add(into.formers, from.formers);
    add(into.carriers, from.carriers);
    add(into.years, from.years);
    add(into.pillars, from.pillars);
    add(into.kinds, from.kinds);
    if (from.year_from)
        into.year_from = from.year_from;
    if (from.year_to)
        into.year_to = from.year_to;
}

std::vector<FacetCount> facet_list(const std::vector<std::string>& names,
                                   const std::vector<std::size_t>& counts, std::size_t offset,
                                   const std::vector<int>& selected) {
    std::vector<FacetCount> out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const int code = static_cast<int>(i + offset);
        const bool sel = std::find(selected.begin(), selected.end(), code) != selected.end();
        if ((code < static_cast<int>(counts.size()) &&
             counts[static_cast<std::size_t>(code)] > 0) ||
            sel)
            out.push_back({names[i],
                           code < static_cast<int>(counts.size())
                               ? counts[static_cast<std::size_t>(code)]
                               : 0,
                           sel});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
    return out;
}

} // namespace

SearchEngine::Impl::Impl(std::vector<fs::path> dbs, std::shared_ptr<const Knowledge> knowledge,
                         std::size_t postings_budget_bytes,
                         std::chrono::milliseconds reopen_interval)
    : m_dbs(std::move(dbs)), m_knowledge(std::move(knowledge)), m_parser(m_knowledge),
      m_speller(m_knowledge), m_postings_budget(postings_budget_bytes),
      m_reopen_interval(reopen_interval) {
    (void)open_index(m_dbs); // fail now, with the path, rather than on the first request
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

namespace {

std::vector<fs::path> current_shards(const std::vector<fs::path>& dbs) {
    std::vector<fs::path> out;
    for (const fs::path& dir : dbs)
        for (const fs::path& shard : shard_paths(dir))
            out.push_back(shard);
    return out;
}

/// Handles on the shards the stubs list now (a compaction or a rebuild moves them).
detail::Handles open_shards(const std::vector<fs::path>& paths) {
    detail::Handles h;
    for (const fs::path& shard : paths) {
        h.shards.emplace_back(shard.string());
        h.db.add_database(h.shards.back());
    }
    h.paths = paths;
    return h;
}

/// Brings `h` to the newest committed revision: reopened in place while the stubs list the
/// same shards, opened anew when they list others.
void bring_up_to_date(std::optional<detail::Handles>& h, const std::vector<fs::path>& dbs) {
    std::vector<fs::path> paths = current_shards(dbs);
    if (h && h->paths == paths)
        h->db.reopen();
    else
        h = open_shards(paths);
}

} // namespace

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
            bring_up_to_date(w.next, m_dbs);
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
        const std::string key = revision_key(w.next->shards);
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
            bring_up_to_date(h, m_dbs);
            const std::string key = revision_key(h->shards);
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
    auto snap = build_snapshot(h.db, key, *m_knowledge);
    // The longest posting lists cost a query most to read: hold them from the start, in
    // half of the memory postings may take (queries' own terms fill the rest). A word typed
    // with its diacritics weighs its spelling's XA term in every match, so those lists are
    // as much in the way as the folded syllables'.
    std::vector<std::pair<std::string, Xapian::doccount>> terms(snap->folded_freq.begin(),
                                                                snap->folded_freq.end());
    terms.insert(terms.end(), snap->spelling_freq.begin(), snap->spelling_freq.end());
    Matcher(h.db, h.shards, snap->collection, key, m_matcher_caches)
        .preload(terms, m_postings_budget / 2);
    return snap;
}

template <class Answer>
Answer SearchEngine::Impl::with_current_revision(
    const std::function<Answer(detail::Worker&, const std::shared_ptr<const Snapshot>&)>& task) {
    detail::Worker& w = worker();
    for (int attempt = 1;; ++attempt) {
        try {
            // After a DatabaseModifiedError the revision this thread read is gone (the writer
            // has reused its blocks): Xapian's readers reopen and ask again.
            return task(w, snapshot_for(w, attempt > 1));
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt == max_reopen_attempts)
                throw;
        }
    }
}

namespace {

/// The cache key of a query's matches: whatever could change them or their weights.
std::string list_key(const std::string& snapshot, const ParsedQuery& parsed) {
    std::string key = snapshot + '\n' + parsed.tree.describe();
    for (const QueryNode& b : parsed.boosts)
        key += '\n' + b.describe();
    for (const auto& [folded, norm] : parsed.usual_exact)
        key += "\nusual " + norm;
    return key;
}

/// Makes `list` of every match (ascending) with its weight and, for a relaxed list, its
/// coverage: the best few ready for the boosts to re-rank, with what each boost would add.
void fill_list(detail::MatchList& list, Matcher& matcher, const ParsedQuery& parsed,
               std::vector<Xapian::docid> docs, const std::vector<double>& weights,
               std::vector<float> coverage) {
    const std::size_t n = docs.size();
    // The best few by coverage and weight (ties: the lower docid first, as Xapian orders
    // them), through a heap whose top is the worst kept: most matches are turned away by one
    // comparison.
    auto better = [&](std::uint32_t a, std::uint32_t b) {
        if (!coverage.empty() && coverage[a] != coverage[b])
            return coverage[a] > coverage[b];
        return weights[a] != weights[b] ? weights[a] > weights[b] : a < b;
    };
    const std::size_t depth = std::min<std::size_t>(rerank_depth, n);
    std::vector<std::uint32_t> index;
    index.reserve(depth);
    for (std::uint32_t i = 0; i < n; ++i) {
        if (index.size() < depth) {
            index.push_back(i);
            std::push_heap(index.begin(), index.end(), better);
        } else if (better(i, index.front())) {
            std::pop_heap(index.begin(), index.end(), better);
            index.back() = i;
            std::push_heap(index.begin(), index.end(), better);
        }
    }
    std::sort(index.begin(), index.end()); // by docid, as the matcher reads them

    std::vector<Xapian::docid> top;
    std::vector<double> base;
    for (const std::uint32_t i : index) {
        top.push_back(docs[i]);
        base.push_back(weights[i]);
    }
    // What each lazily checked boost would add to each candidate: a phrase's words, where
    // all occur; a word typed in its usual spelling, its folded term's weight (it ranks the
    // documents that write it so: schema::accented).
    std::vector<std::vector<double>> check_weights;
    for (std::size_t b = 0; b < parsed.boosts.size(); ++b) {
        const QueryNode& boost = parsed.boosts[b];
        if (boost.op != QueryNode::Op::phrase) {
            matcher.add_weights(boost, top, base);
            continue;
        }
        list.checks.push_back({true, b});
        check_weights.emplace_back(top.size(), 0.0);
        matcher.add_bounds(boost, top, check_weights.back());
    }
    for (std::size_t u = 0; u < parsed.usual_exact.size(); ++u) {
        list.checks.push_back({false, u});
        check_weights.emplace_back(top.size(), 0.0);
        matcher.add_weights(QueryNode::leaf(parsed.usual_exact[u].first), top,
                            check_weights.back());
    }
    for (std::size_t i = 0; i < top.size(); ++i) {
        detail::Candidate c{top[i], base[i], base[i], coverage.empty() ? 1.0f : coverage[index[i]]};
        for (const std::vector<double>& cw : check_weights) {
            c.bound += cw[i];
            list.check_weights.push_back(cw[i]);
        }
        list.candidates.push_back(c);
    }
    list.weights.reserve(n);
    for (const double weight : weights)
        list.weights.push_back(static_cast<float>(weight));
    list.matched = std::move(docs);
    list.coverage = std::move(coverage);
}

/// A key for the filters, in a fixed order.
std::string filters_key(const Filters& f) {
    std::string key;
    auto list = [&](char tag, const std::vector<int>& v) {
        key += '\n';
        key += tag;
        for (int x : v)
            key += ' ' + std::to_string(x);
    };
    list('p', f.provinces);
    list('o', f.formers);
    list('c', f.carriers);
    list('y', f.years);
    list('t', f.pillars);
    list('k', f.kinds);
    key += "\nr " + std::to_string(f.year_from.value_or(-1)) + ' ' +
           std::to_string(f.year_to.value_or(-1));
    return key;
}

} // namespace

std::shared_ptr<const detail::MatchList>
SearchEngine::Impl::matches(detail::Worker& w, const std::shared_ptr<const Snapshot>& snap,
                            const ParsedQuery& parsed) {
    const std::string key = list_key(snap->key, parsed);
    if (auto cached = m_matches.find(key))
        return cached;
    // Every match with its exact BM25 weight (no pruning, so one fixed order: pages never
    // overlap), and the best few ready for the boosts to re-rank. The list serves every
    // request with this text: other filters, pages, orders, the chart's per-carrier counts.
    Matcher matcher(w.db, w.shards, snap->collection, snap->key, m_matcher_caches);
    Scored all = matcher.evaluate(parsed.tree);
    auto fresh = std::make_shared<detail::MatchList>();
    fill_list(*fresh, matcher, parsed, std::move(all.docs), all.weights, {});
    m_matches.insert(key, fresh, fresh->bytes());
    return fresh;
}

std::shared_ptr<const detail::MatchList>
SearchEngine::Impl::relaxed_matches(detail::Worker& w, const std::shared_ptr<const Snapshot>& snap,
                                    const ParsedQuery& parsed, const Filters& filters) {
    // Documents failing two filters or more count nowhere, not even in a facet's counts
    // (each ignores its own filter only): they are left out before weighing.
    const FilterSet set(filters);
    const bool filtered = set.any_province || set.any_former || set.carriers != 0 ||
                          set.pillars != 0 || !set.years.empty() || set.year_from > 0 ||
                          set.year_to < 9999;
    const std::string key =
        list_key(snap->key, parsed) + "\nrelaxed" + (filtered ? filters_key(filters) : "");
    if (auto cached = m_matches.find(key))
        return cached;
    const Snapshot& s = *snap;
    const std::function<bool(Xapian::docid)> keep = [&](Xapian::docid d) {
        const unsigned fails = set.fails(s.facets[d]);
        return (fails & (1u << 5)) == 0 && std::popcount(fails) <= 1;
    };
    Matcher matcher(w.db, w.shards, s.collection, s.key, m_matcher_caches);
    RelaxedMatches relaxed = vnsearch::relaxed_matches(matcher, parsed, s.collection.documents,
                                                       filtered ? &keep : nullptr);
    auto fresh = std::make_shared<detail::MatchList>();
    fill_list(*fresh, matcher, parsed, std::move(relaxed.docs), relaxed.weights,
              std::move(relaxed.coverage));
    fresh->missing = std::move(relaxed.missing);
    fresh->missing_sets = std::move(relaxed.missing_sets);
    m_matches.insert(key, fresh, fresh->bytes());
    return fresh;
}

namespace {

/// Everything that decides an answer, as a cache key.
std::string answer_key(const std::string& snapshot, const SearchRequest& r) {
    std::string key = snapshot;
    key += '\n';
    key += r.q;
    key += filters_key(r.filters);
    key += "\ns " + std::to_string(static_cast<int>(r.sort)) + ' ' + std::to_string(r.page) + ' ' +
           std::to_string(r.per_page) + ' ' + (r.snippets ? '1' : '0') + ' ' +
           (r.exact ? '1' : '0') + ' ' + std::to_string(static_cast<int>(r.relax));
    return key;
}

std::size_t answer_bytes(const SearchResponse& r) {
    std::size_t n = 1024;
    for (const SearchHit& h : r.hits)
        n += 512 + h.snippet.size() + h.record.title.size();
    for (const auto& [name, values] : r.facets)
        n += values.size() * 64;
    return n;
}

} // namespace

SearchResponse SearchEngine::Impl::search(const SearchRequest& req) {
    // The same request on the same revision gets the same answer: repeated requests (a
    // page reloaded, a link shared, a popular query) are served from memory.
    const auto start = Clock::now();
    SearchResponse res = with_current_revision<SearchResponse>(
        [&](detail::Worker& w, const std::shared_ptr<const Snapshot>& snap) {
            const std::string key = answer_key(snap->key, req);
            if (const auto cached = m_answers.find(key))
                return *cached;
            SearchResponse fresh = run(req, nullptr, w, snap);
            m_answers.insert(key, std::make_shared<const SearchResponse>(fresh),
                             answer_bytes(fresh));
            return fresh;
        });
    res.took_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return res;
}

std::shared_ptr<const detail::MatchList>
SearchEngine::Impl::text_matches(const SearchRequest& req, detail::Worker& w,
                                 const std::shared_ptr<const Snapshot>& snap, ParsedQuery& parsed,
                                 SearchResponse& res) {
    const FilterSet filters(res.filters);
    const Snapshot& s = *snap;
    const bool may_relax = req.relax != RelaxMode::never;
    const std::size_t enough = req.relax == RelaxMode::always
                                   ? std::numeric_limits<std::size_t>::max()
                               : may_relax ? relax_below
                                           : 1;
    std::shared_ptr<const detail::MatchList> strict = matches(w, snap, parsed);
    std::size_t held = results_up_to(strict->matched, filters, s, enough);
    // Nothing holds every word: a misspelt word corrected may find what was meant (strictly,
    // or relaxed), and is then searched instead.
    if (held == 0 && !req.exact) {
        if (std::optional<QueryCorrection> fix = m_speller.correct(req.q, vocabulary_of(s))) {
            ParsedQuery fixed = m_parser.parse(fix->to);
            std::shared_ptr<const detail::MatchList> fixed_strict = matches(w, snap, fixed);
            const std::size_t fixed_held = results_up_to(fixed_strict->matched, filters, s, enough);
            std::shared_ptr<const detail::MatchList> fixed_relaxed;
            if (fixed_held == 0 && may_relax && relaxable(fixed)) {
                fixed_relaxed = relaxed_matches(w, snap, fixed, res.filters);
                if (results_up_to(fixed_relaxed->matched, filters, s, 1) == 0)
                    fixed_relaxed.reset();
            }
            if (fixed_held > 0 || fixed_relaxed) {
                res.corrected = std::move(fix);
                parsed = std::move(fixed);
                strict = std::move(fixed_strict);
                held = fixed_held;
                if (fixed_relaxed) {
                    res.relaxed = true;
                    res.strict_total = 0;
                    return fixed_relaxed;
                }
            }
        }
    }
    if (!may_relax || held >= enough || !relaxable(parsed))
        return strict;
    res.relaxed = true;
    res.strict_total = held;
    return relaxed_matches(w, snap, parsed, res.filters);
}

void SearchEngine::Impl::export_in_order(const std::vector<std::pair<Xapian::docid, float>>& order,
                                         const std::function<bool(const ArticleRecord&)>& emit,
                                         const detail::Worker& w) {
    // An export may outlive the revision it matched on. While the index keeps its shards,
    // a document keeps its docid: the records still to come are read from the newest
    // revision (one deleted meanwhile is left out). A rebuild or compaction renumbers them,
    // and ends the export with an error (export_records).
    std::optional<detail::Handles> newer;
    const Xapian::Database* from = &w.db;
    for (const auto& [docid, weight] : order) {
        std::optional<ArticleRecord> record;
        for (int attempt = 1;; ++attempt) {
            try {
                record = record_from_data(from->get_document(docid).get_data());
                break;
            } catch (const Xapian::DocNotFoundError&) {
                break;
            } catch (const Xapian::DatabaseModifiedError&) {
                if (attempt == max_reopen_attempts)
                    throw;
                bring_up_to_date(newer, m_dbs);
                if (newer->paths != w.paths)
                    throw;
                from = &newer->db;
            }
        }
        if (record && !emit(*record))
            return;
    }
}

SearchResponse SearchEngine::Impl::run(const SearchRequest& req,
                                       const std::function<bool(const ArticleRecord&)>* export_to,
                                       detail::Worker& w,
                                       const std::shared_ptr<const Snapshot>& snap) {
    const auto start = Clock::now();
    const Snapshot& s = *snap;
    SearchResponse res;

    ParsedQuery parsed = m_parser.parse(req.q);
    res.query_errors = parsed.errors;
    res.filters = req.filters;
    merge(res.filters, parsed.filters);
    const FilterSet filters(res.filters);

    // 1. Every document the text matches, ranked. Fetching them all keeps each weight
    // exact (no pruning) so pages never overlap, and gives the facet pass its input. When
    // few hold every word, those holding most of them too (text_matches).
    const std::shared_ptr<const detail::MatchList> hits_list =
        parsed.has_text ? text_matches(req, w, snap, parsed, res)
                        : std::shared_ptr<const detail::MatchList>(snap, &snap->all);
    const auto& ranked = hits_list->ranked;
    const auto& matched = hits_list->matched;

    // 2. One pass over the facet column: the representative of each duplicate group
    // (its smallest matched docid: the first met, in ascending order), exact multi-select
    // counts and the total. One byte a document: bit 0 admitted, bit 1 group seen.
    std::vector<std::size_t> province_counts(s.provinces.size() + 1, 0),
        former_counts(s.formers.size() + 1, 0), carrier_counts(schema::max_carriers, 0),
        pillar_counts(8, 0), year_counts(10000, 0);
    std::array<std::size_t, 256> carrier_sets{}, pillar_sets{};
    std::array<std::size_t, kind_ids.size() + 1> kind_counts{};
    std::size_t total = 0;
    constexpr std::uint8_t admitted_bit = 1, group_seen_bit = 2;
    std::vector<std::uint8_t> flags(s.last_docid + 1, 0);
    for (const Xapian::docid d : matched) {
        if (s.grouped[d]) {
            std::uint8_t& group = flags[s.cluster[d]];
            if (group & group_seen_bit)
                continue;
            group |= group_seen_bit;
        }
        const schema::FacetRecord& r = s.facets[d];
        const unsigned fails = filters.fails(r);
        if (fails == 0) {
            ++total;
            flags[d] |= admitted_bit;
        }
        // A facet's own filter does not narrow its counts (multi-select).
        if ((fails & ~(1u << 0)) == 0 && r.province != 0 && r.province < province_counts.size())
            ++province_counts[r.province];
        if ((fails & ~(1u << 1)) == 0 && r.former != 0 && r.former < former_counts.size())
            ++former_counts[r.former];
        if ((fails & ~(1u << 2)) == 0)
            ++carrier_sets[r.carriers];
        if ((fails & ~(1u << 3)) == 0 && r.year != 0)
            ++year_counts[std::min<std::size_t>(r.year, year_counts.size() - 1)];
        if ((fails & ~(1u << 4)) == 0)
            ++pillar_sets[r.pillars];
        if ((fails & ~(1u << 6)) == 0 && r.kind < kind_counts.size())
            ++kind_counts[r.kind];
    }
    // Carriers and pillars are counted by set (a byte of bits) above, by value here.
    for (unsigned set = 1; set < 256; ++set)
        for (unsigned bit = 0; bit < 8; ++bit) { // a byte: max_carriers, pillar_ids
            if (set >> bit & 1u) {
                carrier_counts[bit] += carrier_sets[set];
                pillar_counts[bit] += pillar_sets[set];
            }
        }
    res.total = total;
    res.facets["province"] = facet_list(s.provinces, province_counts, 1, res.filters.provinces);
    res.facets["former_province"] = facet_list(s.formers, former_counts, 1, res.filters.formers);
    res.facets["carrier"] = facet_list(s.carriers, carrier_counts, 0, res.filters.carriers);
    {
        std::vector<FacetCount> years;
        for (std::size_t y = year_counts.size(); y-- > 1;)
            if (year_counts[y] > 0)
                years.push_back({std::to_string(y), year_counts[y],
                                 std::find(res.filters.years.begin(), res.filters.years.end(),
                                           static_cast<int>(y)) != res.filters.years.end()});
        for (int y : res.filters.years)
            if (y <= 0 || y >= static_cast<int>(year_counts.size()) ||
                year_counts[static_cast<std::size_t>(y)] == 0)
                years.push_back({std::to_string(y), 0, true});
        std::stable_sort(years.begin(), years.end(), [](const FacetCount& a, const FacetCount& b) {
            return a.count > b.count;
        });
        res.facets["year"] = years;
    }
    {
        std::vector<std::string> names(pillar_ids.begin(), pillar_ids.end());
        res.facets["pillar"] = facet_list(names, pillar_counts, 0, res.filters.pillars);
    }
    {
        std::vector<std::string> names(kind_ids.begin(), kind_ids.end());
        std::vector<std::size_t> counts(kind_counts.begin() + 1, kind_counts.end());
        res.facets["kind"] = facet_list(names, counts, 0, res.filters.kinds);
    }

    // A relaxed answer says so only where something shown lacks a word.
    res.relaxed = res.relaxed && res.total > res.strict_total;
    if (!res.relaxed)
        res.strict_total = res.total;

    // 3. The admitted documents in the requested order. Browsing lists are newest first
    // already and text matches best first: unless another order or an export wants them
    // all, the list stops at the end of the requested page.
    const int per_page = std::clamp(req.per_page, 1, 100);
    const auto first =
        static_cast<std::size_t>(std::max(req.page, 1) - 1) * static_cast<std::size_t>(per_page);
    const bool resort =
        req.sort == SortOrder::date_asc || (parsed.has_text && req.sort == SortOrder::date_desc);
    const std::size_t wanted =
        resort || export_to ? total : std::min(total, first + static_cast<std::size_t>(per_page));
    std::vector<std::pair<Xapian::docid, float>> order;
    order.reserve(wanted);
    for (const auto& item : ranked) {
        if (order.size() >= wanted)
            break;
        if (flags[item.first] & admitted_bit)
            order.push_back(item);
    }
    const auto& candidates = hits_list->candidates;
    if (!candidates.empty()) {
        Matcher matcher(w.db, w.shards, s.collection, s.key, m_matcher_caches);
        rerank(*hits_list, parsed, s, matcher, flags, admitted_bit, wanted, order);
    }
    if (order.size() < wanted && matched.size() > ranked.size() + candidates.size()) {
        // Past the re-ranked few: the other admitted matches by weight, ties by docid, as
        // packed keys sorted only as far as the request needs.
        constexpr std::uint8_t ranked_bit = 4;
        for (const auto& item : ranked)
            flags[item.first] |= ranked_bit;
        for (const detail::Candidate& c : candidates)
            flags[c.docid] |= ranked_bit;
        // Packed keys (weights and coverages are never negative: their bits order as they
        // do). A relaxed list ranks by coverage first: its keys number the admitted matches,
        // whose coverage and place in `matched` are kept beside.
        const bool relaxed = !hits_list->coverage.empty();
        std::vector<std::uint64_t> rest;
        std::vector<std::uint32_t> rest_coverage, index_of;
        for (std::size_t i = 0; i < matched.size(); ++i) {
            if ((flags[matched[i]] & (admitted_bit | ranked_bit)) != admitted_bit)
                continue;
            const std::uint64_t weight = ~std::bit_cast<std::uint32_t>(hits_list->weights[i]);
            if (relaxed) {
                rest.push_back(weight << 32 | index_of.size());
                index_of.push_back(static_cast<std::uint32_t>(i));
                rest_coverage.push_back(~std::bit_cast<std::uint32_t>(hits_list->coverage[i]));
            } else {
                rest.push_back(weight << 32 | i);
            }
        }
        auto before = [&](std::uint64_t a, std::uint64_t b) {
            if (relaxed) {
                const std::uint32_t ca = rest_coverage[static_cast<std::uint32_t>(a)],
                                    cb = rest_coverage[static_cast<std::uint32_t>(b)];
                if (ca != cb)
                    return ca < cb;
            }
            return a < b;
        };
        const std::size_t need = std::min(rest.size(), wanted - order.size());
        std::partial_sort(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(need),
                          rest.end(), before);
        for (std::size_t k = 0; k < need; ++k) {
            std::uint32_t i = static_cast<std::uint32_t>(rest[k]);
            if (relaxed)
                i = index_of[i];
            order.emplace_back(matched[i], hits_list->weights[i]);
        }
    }
    if (resort) {
        const bool newest_first = req.sort != SortOrder::date_asc;
        std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
            const std::uint32_t da = s.facets[a.first].yyyymmdd, db = s.facets[b.first].yyyymmdd;
            return newest_first ? da > db : da < db;
        });
    }
    if (export_to) {
        export_in_order(order, *export_to, w);
        return res;
    }

    // 4. The requested page.
    if (first < total) {
        const std::size_t end = std::min(order.size(), first + static_cast<std::size_t>(per_page));
        HighlightSpec spec;
        spec.folded_terms.insert(parsed.highlight_terms.begin(), parsed.highlight_terms.end());
        spec.exact_terms.insert(parsed.highlight_exact.begin(), parsed.highlight_exact.end());
        spec.entities = parsed.highlight_entities;
        // Records and snippets (a snippet tokenizes the whole text: most of a page's time)
        // are made shard by shard, each shard on a thread of its own.
        const auto shards = static_cast<Xapian::docid>(w.shards.size());
        std::vector<std::optional<SearchHit>> built(end - first);
        for_each_shard(shards, [&](std::size_t k) {
            for (std::size_t i = first; i < end; ++i) {
                const Xapian::docid d = order[i].first;
                if (shard_of(d, shards) != k)
                    continue;
                auto record =
                    record_from_data(w.shards[k].get_document(local_docid(d, shards)).get_data());
                if (!record)
                    continue;
                SearchHit& hit = built[i - first].emplace();
                hit.record = std::move(*record);
                hit.score = std::round(order[i].second * 1000.0) / 1000.0;
                if (req.snippets)
                    hit.snippet = make_snippet(hit.record.text, spec, *m_knowledge);
                hit.record.text.clear();
            }
        });
        for (std::size_t i = first; i < end; ++i) {
            if (!built[i - first])
                continue;
            SearchHit& hit = *built[i - first];
            const Xapian::docid d = order[i].first;
            if (!hits_list->missing.empty()) {
                const auto at = std::lower_bound(matched.begin(), matched.end(), d);
                hit.missing = hits_list->missing_sets[hits_list->missing[static_cast<std::size_t>(
                    at - matched.begin())]];
            }
            if (const auto m = s.members.find(s.cluster[d]); m != s.members.end()) {
                for (const Xapian::docid other : m->second) {
                    if (other == d || !std::binary_search(matched.begin(), matched.end(), other) ||
                        filters.fails(s.facets[other]) != 0)
                        continue;
                    if (std::string other_id = id_of(w.db, other); !other_id.empty())
                        hit.duplicates.push_back(std::move(other_id));
                }
                hit.copies = 1 + hit.duplicates.size();
            }
            res.hits.push_back(std::move(hit));
        }
    }

    // 5. Did you mean: names as they are written, diacritics restored from the index's own
    // words, and when little was found, misspelt words corrected.
    if (parsed.has_text) {
        const std::string& searched = res.corrected ? res.corrected->to : req.q;
        res.suggestion = m_speller.suggest(searched, vocabulary_of(s), total < 3 && !res.corrected);
    }
    res.took_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return res;
}

SearchResponse SearchEngine::Impl::facets() {
    SearchRequest all;
    all.per_page = 1;
    all.snippets = false;
    SearchResponse r = search(all);
    r.hits.clear();
    return r;
}

std::optional<ArticleRecord> SearchEngine::Impl::document(const std::string& id) {
    return with_current_revision<std::optional<ArticleRecord>>(
        [&](detail::Worker& w, const std::shared_ptr<const Snapshot>&) {
            const std::string term = std::string(schema::id) + id;
            Xapian::PostingIterator p = w.db.postlist_begin(term);
            if (p == w.db.postlist_end(term))
                return std::optional<ArticleRecord>{};
            const Xapian::Document doc = w.db.get_document(*p);
            auto record = record_from_data(doc.get_data());
            if (record) // a text past the analysed part (schema::slot_rest_of_text)
                record->text += doc.get_value(schema::slot_rest_of_text);
            return record;
        });
}

std::vector<Suggestion> SearchEngine::Impl::suggest(std::string_view text, std::size_t limit) {
    detail::Worker& w = worker();
    const std::shared_ptr<const Snapshot> snap = snapshot_for(w);
    std::vector<Suggestion> out;
    // What users type may be any bytes; the tokenizer reads only valid UTF-8.
    const std::string decoded = decode_utf8(text).text;
    const std::string_view q = decoded;
    const std::vector<Token> tokens = tokenize(q);
    std::vector<const Token*> words;
    for (const Token& t : tokens)
        if (!t.part)
            words.push_back(&t);
    if (words.empty())
        return out;
    const bool open_end = q.back() != ' ';
    // Try the longest tail of the query first: "hop tac chuyen d" completes "chuyen d".
    for (std::size_t n = std::min<std::size_t>(words.size(), 4); n >= 1 && out.size() < limit;
         --n) {
        const std::size_t first = words.size() - n;
        std::string key;
        for (std::size_t i = first; i < words.size(); ++i)
            key += (key.empty() ? "" : " ") + words[i]->folded;
        if (!open_end)
            key += ' ';
        const std::string head(q.substr(0, words[first]->begin));
        std::vector<const Snapshot::Candidate*> found;
        auto it = std::lower_bound(
            snap->candidates.begin(), snap->candidates.end(), key,
            [](const Snapshot::Candidate& c, const std::string& k) { return c.key < k; });
        const std::string typed = to_lower_nfc(q.substr(words[first]->begin));
        for (; it != snap->candidates.end() && it->key.compare(0, key.size(), key) == 0; ++it)
            if (to_lower_nfc(it->display) != typed) // nothing to complete or restore
                found.push_back(&*it);
        std::stable_sort(found.begin(), found.end(),
                         [](auto* a, auto* b) { return a->weight > b->weight; });
        for (const auto* c : found) {
            if (out.size() >= limit)
                break;
            const bool dup = std::any_of(out.begin(), out.end(),
                                         [&](const Suggestion& x) { return x.text == c->display; });
            if (!dup)
                out.push_back({c->display, head + c->display, c->kind});
        }
    }
    return out;
}

void SearchEngine::Impl::export_records(const SearchRequest& request,
                                        const std::function<bool(const ArticleRecord&)>& emit) {
    bool emitted = false;
    const std::function<bool(const ArticleRecord&)> counted = [&](const ArticleRecord& r) {
        emitted = true;
        return emit(r);
    };
    with_current_revision<bool>(
        [&](detail::Worker& w, const std::shared_ptr<const Snapshot>& snap) {
            try {
                run(request, &counted, w, snap);
            } catch (const Xapian::DatabaseModifiedError&) {
                if (!emitted)
                    throw; // nothing sent yet: start again on the newest revision
                throw std::runtime_error("the index was rebuilt or compacted during the export, "
                                         "which ends early: export again");
            }
            return true;
        });
}

IndexStats SearchEngine::Impl::stats() {
    detail::Worker& w = worker();
    const auto snap = snapshot_for(w);
    IndexStats st;
    st.documents = snap->documents;
    Xapian::rev sum = 0;
    for (const Xapian::Database& shard : w.shards)
        sum += shard.get_revision();
    st.revision = std::to_string(sum);
    st.last_update = snap->last_update;
    return st;
}

std::vector<std::string> SearchEngine::Impl::province_names() {
    detail::Worker& w = worker();
    return snapshot_for(w)->provinces;
}

} // namespace vnsearch
