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

ShardWorker::ShardWorker(IndexStore& store, std::vector<unsigned> shards,
                         const Extractor& extractor, const DocumentBuilder& builder,
                         const Corrections& corrections, const IndexRunOptions& options,
                         IndexProgress& progress)
    : m_store(store), m_shards(std::move(shards)), m_extractor(extractor), m_builder(builder),
      m_corrections(corrections), m_options(options), m_progress(progress),
      m_pending(m_store.shard_count(), 0), m_pending_bytes(m_store.shard_count(), 0),
      m_positions(m_store.shard_count()) {}

void ShardWorker::handle(InputArticle&& in) {
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

void ShardWorker::finish(const std::vector<fs::path>& prune_roots, const Knowledge& knowledge) {
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

void ShardWorker::commit(unsigned s) {
    Xapian::WritableDatabase& db = m_store.shard(s);
    m_store.ensure_space(commit_reserve(m_pending_bytes[s]), "commit the documents read");
    add_uncompacted(db, m_pending[s]);
    m_positions[s].flush(db); // in the same commit as the documents
    db.commit();
    m_pending[s] = 0;
    m_pending_bytes[s] = 0;
}

std::size_t ShardWorker::batch_size(Xapian::WritableDatabase& db) const {
    // Below Xapian's own flush threshold (10,000 changed documents), which would commit
    // documents without the positions written beside them at each batch's end.
    constexpr std::size_t most = 8000;
    if (m_options.batch > 0)
        return std::min(m_options.batch, most);
    return std::clamp<std::size_t>(db.get_doccount() / 250, 200, most);
}

void ShardWorker::prune(Xapian::WritableDatabase& db, const std::vector<fs::path>& roots) {
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

} // namespace vnsearch
