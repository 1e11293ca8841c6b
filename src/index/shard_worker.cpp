#include "index/shard_worker.hpp"

#include "index/shard_state.hpp"
#include "vnsearch/schema.hpp"

#include <algorithm>
#include <ctime>
#include <string>

namespace vnsearch {
namespace fs = std::filesystem;
namespace {

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

/// Xapian's synonym table maps each spelling of a province or carrier (folded words
/// joined by spaces, as Xapian's QueryParser looks them up) to its mention term, so
/// tools built on Xapian's own parser find "Kontum" as "Kon Tum".
void write_synonyms(Xapian::WritableDatabase& db, const Knowledge& k) {
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

} // namespace

ShardLane& ShardLanes::operator[](unsigned shard) {
    std::lock_guard lock(m_mutex);
    while (m_lanes.size() <= shard)
        m_lanes.emplace_back();
    return m_lanes[shard];
}

void commit_lane(IndexStore& store, unsigned s, ShardLane& lane) {
    Xapian::WritableDatabase& db = store.shard(s);
    store.ensure_space(commit_reserve(lane.pending_bytes), "commit the documents read");
    add_uncompacted(db, lane.pending);
    lane.positions.flush(db); // in the same commit as the documents
    db.commit();
    lane.pending = 0;
    lane.pending_bytes = 0;
}

namespace {

/// Deletes the documents of `db` whose files under `roots` are gone; how many.
std::size_t prune(Xapian::WritableDatabase& db, const std::vector<fs::path>& roots) {
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
    return gone.size();
}

} // namespace

void finish_shards(IndexStore& store, ShardLanes& lanes, const IndexRunOptions& options,
                   IndexProgress& progress, const std::vector<fs::path>& prune_roots,
                   const Knowledge& knowledge) {
    for (unsigned s = 0; s < store.shard_count(); ++s) {
        Xapian::WritableDatabase& db = store.shard(s);
        ShardLane& lane = lanes[s];
        store.ensure_space(commit_reserve(lane.pending_bytes), "finish the run");
        if (options.prune) {
            const std::size_t gone = prune(db, prune_roots);
            progress.removed += gone;
            lane.pending += gone;
        }
        add_uncompacted(db, lane.pending);
        lane.positions.flush(db);
        write_synonyms(db, knowledge);
        db.set_metadata(std::string(schema::meta_updated), utc_now());
        db.commit();
        lane.pending = 0;
        lane.pending_bytes = 0;
    }
}

ShardWorker::ShardWorker(IndexStore& store, ShardLanes& lanes, const Extractor& extractor,
                         const DocumentBuilder& builder, const Corrections& corrections,
                         const IndexRunOptions& options, IndexProgress& progress)
    : m_store(store), m_lanes(lanes), m_extractor(extractor), m_builder(builder),
      m_corrections(corrections), m_options(options), m_progress(progress) {
    if (m_store.layout() == ShardLayout::by_year && !m_store.started_empty())
        for (unsigned s = 0; s < m_store.shard_count(); ++s)
            m_readers.emplace_back(m_store.shard_path(s).string());
}

void ShardWorker::handle(InputArticle&& in) {
    // In shards this run created, every id is new: the reader drops repeated ids.
    const std::optional<Stored> stored =
        m_store.started_empty() ? std::nullopt : look_up(in.raw.id);
    if (stored && stored->hash == in.content_hash) {
        ++m_progress.unchanged;
        return;
    }
    Extraction e = m_extractor.analyse(in.raw);
    e.record.content_hash = in.content_hash;
    if (const auto* lines = m_corrections.of(in.raw.id))
        apply_corrections(e.record, *lines);
    const unsigned s = m_store.layout() == ShardLayout::by_id
                           ? m_store.shard_of(in.raw.id)
                           : m_store.shard_of_year(e.record.year);
    Xapian::docid replacing = 0;
    if (stored && stored->shard == s)
        replacing = stored->docid;
    else if (stored)
        remove_moved(*stored);
    write(s, e, replacing, in.bytes);
    ++(stored ? m_progress.replaced : m_progress.added);
}

std::optional<ShardWorker::Stored> ShardWorker::look_up(const std::string& id) {
    const std::string term = std::string(schema::id) + id;
    auto find_in = [&](Xapian::Database& db, unsigned s) -> std::optional<Stored> {
        const Xapian::PostingIterator p = db.postlist_begin(term);
        if (p == db.postlist_end(term))
            return std::nullopt;
        return Stored{s, *p, db.get_document(*p).get_value(schema::slot_hash)};
    };
    if (m_store.layout() == ShardLayout::by_id) {
        const unsigned s = m_store.shard_of(id); // this worker's own
        return find_in(m_store.shard(s), s);
    }
    // Another worker's commits may overwrite the revision a reader holds: read the newest.
    for (int attempt = 1;; ++attempt) {
        try {
            for (unsigned s = 0; s < m_readers.size(); ++s)
                if (auto found = find_in(m_readers[s], s))
                    return found;
            return std::nullopt;
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt == 5)
                throw;
            for (Xapian::Database& r : m_readers)
                r.reopen();
        }
    }
}

void ShardWorker::remove_moved(const Stored& stored) {
    ShardLane& lane = m_lanes[stored.shard];
    std::lock_guard lock(lane.mutex);
    m_store.shard(stored.shard).delete_document(stored.docid);
    ++lane.pending;
    commit_lane(m_store, stored.shard, lane);
}

void ShardWorker::write(unsigned s, const Extraction& e, Xapian::docid replacing,
                        std::size_t bytes) {
    Xapian::Document doc = m_builder.build(e);
    ShardLane& lane = m_lanes[s];
    std::lock_guard lock(lane.mutex);
    Xapian::WritableDatabase& db = m_store.shard(s);
    // Xapian writes blocks between commits too: look at the free space as the batch
    // grows, not only before committing it.
    if (lane.pending % space_check_every == 0)
        m_store.ensure_space(commit_reserve(lane.pending_bytes + bytes), "add documents");
    Xapian::docid docid = replacing;
    if (replacing != 0)
        db.replace_document(replacing, doc);
    else
        docid = db.add_document(doc);
    lane.positions.add(docid, e.tokens);
    lane.pending_bytes += bytes;
    if (++lane.pending >= batch_size(db))
        commit_lane(m_store, s, lane);
}

std::size_t ShardWorker::batch_size(Xapian::WritableDatabase& db) const {
    // Below Xapian's own flush threshold (10,000 changed documents), which would commit
    // documents without the positions written beside them at each batch's end.
    constexpr std::size_t most = 8000;
    if (m_options.batch > 0)
        return std::min(m_options.batch, most);
    return std::clamp<std::size_t>(db.get_doccount() / 250, 200, most);
}

} // namespace vnsearch
