// The search engine over shards that may be on other hosts: the shards and their failures
// (on_shards), the snapshot of words, documents and statistics. A search's own steps are in
// distributed_search.cpp.

#include "search/distributed.hpp"

#include "vnsearch/schema.hpp"

namespace vnsearch {

using detail::Snapshot;
using Clock = std::chrono::steady_clock;

namespace {

/// How often a thread moves its shards to their newest revision.
constexpr std::chrono::milliseconds reopen_interval{500};

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names)
        out += (out.empty() ? "" : "; ") + n;
    return out;
}

} // namespace

SearchEngine::Distributed::Distributed(std::vector<detail::ShardAddress> shards,
                                       std::shared_ptr<const Knowledge> knowledge,
                                       const ShardOptions& options)
    : m_shards(std::move(shards)), m_knowledge(std::move(knowledge)), m_parser(m_knowledge),
      m_speller(m_knowledge), m_options(options) {
    if (m_shards.empty())
        throw std::runtime_error("no shard to search: the index folders list none");
    m_timeouts.request = options.timeout / 2;
    m_timeouts.connect = options.connect_timeout;
    // Fail now, naming the shard, rather than on the first request: every shard must answer
    // at start and carry what this engine reads.
    detail::ShardLinks first(m_shards, m_timeouts);
    (void)first.database();
    if (const auto missing = first.missing(); !missing.empty())
        throw std::runtime_error("cannot open shard " + joined(missing));
    check_shards();
}

void SearchEngine::Distributed::check_shards() {
    // A combined database answers metadata from its first shard: open each one alone.
    for (detail::ShardAddress& a : m_shards) {
        detail::ShardLinks one({a}, m_timeouts);
        Xapian::Database& shard = one.database();
        const std::string version = shard.get_metadata(std::string(schema::meta_version));
        if (shard.get_doccount() > 0 && version != schema::version)
            throw std::runtime_error("shard " + a.name + " has schema " +
                                     (version.empty() ? "none" : version) +
                                     " and this vnsearch-server reads schema " +
                                     std::string(schema::version) + ": rebuild it");
        if (shard.get_doccount() > 0 &&
            shard.get_metadata(std::string(schema::meta_xapian_positions)).empty())
            throw std::runtime_error(
                "shard " + a.name +
                " has no Xapian positions, so Xapian's matcher cannot match "
                "its phrases: index it with vnsearch-index --xapian-positions");
        const std::string period = shard.get_metadata(std::string(schema::meta_period));
        if (period == "undated")
            a.year = 0;
        else if (!period.empty())
            a.year = std::stoi(period);
    }
}

SearchEngine::Distributed::Reader& SearchEngine::Distributed::reader() {
    Reader* r = nullptr;
    {
        std::lock_guard lock(m_mutex);
        auto& slot = m_readers[std::this_thread::get_id()];
        if (!slot)
            slot =
                std::make_unique<Reader>(Reader{detail::ShardLinks(m_shards, m_timeouts), {}, {}});
        r = slot.get();
    }
    if (const auto now = Clock::now(); now - r->checked >= reopen_interval) {
        (void)r->links.database();
        r->links.reopen();
        r->key = r->links.revision_key();
        r->checked = now;
    }
    return *r;
}

std::shared_ptr<const Snapshot> SearchEngine::Distributed::words(Reader& r, Xapian::Database& db) {
    const std::string& key = r.key;
    {
        std::lock_guard lock(m_mutex);
        if (m_words && m_words->key == key)
            return m_words;
    }
    // Built by the thread that first meets the revision; the others keep the one they had
    // (or build their own at start, the same).
    std::shared_ptr<const Snapshot> built = detail::build_word_snapshot(db, key, *m_knowledge);
    std::lock_guard lock(m_mutex);
    m_words = built;
    return built;
}

void SearchEngine::Distributed::on_shards(
    const std::function<void(Xapian::Database&, const Snapshot&)>& task,
    std::vector<std::string>& missing) {
    on_shards(
        detail::YearScope{},
        [&](const ShardDatabases& dbs, const Snapshot& w) { task(dbs.in_range, w); }, missing);
}

void SearchEngine::Distributed::on_shards(
    const detail::YearScope& scope,
    const std::function<void(const ShardDatabases&, const Snapshot&)>& task,
    std::vector<std::string>& missing) {
    Reader& r = reader();
    const detail::ShardFilter in_range = [&](std::optional<int> y) { return scope.in_range(y); };
    const detail::ShardFilter selected = [&](std::optional<int> y) { return scope.selected(y); };
    for (int attempt = 1;; ++attempt) {
        Xapian::Database& db = r.links.database();
        missing = r.links.missing(in_range);
        if (r.links.answering() == 0 || (!missing.empty() && r.links.answering(in_range) == 0))
            throw ShardsUnavailable("no shard answers: " + joined(missing));
        if (!missing.empty() && !m_options.partial)
            throw ShardsUnavailable("shards not answering: " + joined(missing));
        try {
            if (!scope.narrows()) {
                task({db, db}, *words(r, db));
            } else {
                Xapian::Database range = r.links.subset(in_range);
                Xapian::Database chosen = r.links.subset(selected);
                task({range, chosen}, *words(r, db));
            }
            return;
        } catch (const Xapian::DatabaseModifiedError&) {
            r.links.reopen();
            r.key = r.links.revision_key();
            if (attempt >= 3)
                throw ShardsUnavailable("the shards changed too fast to answer");
        } catch (const Xapian::NetworkError& e) {
            // Leave out the shards that no longer answer and try again with the others.
            r.links.drop_silent();
            r.key = r.links.revision_key();
            if (attempt >= 3)
                throw ShardsUnavailable(std::string("the shards do not answer: ") + e.get_msg());
        }
    }
}

std::optional<ArticleRecord> SearchEngine::Distributed::document(const std::string& id) {
    std::vector<std::string> missing;
    std::optional<ArticleRecord> record;
    on_shards(
        [&](Xapian::Database& db, const Snapshot&) {
            record.reset();
            const std::string term = std::string(schema::id) + id;
            Xapian::PostingIterator p = db.postlist_begin(term);
            if (p == db.postlist_end(term))
                return;
            const Xapian::Document doc = db.get_document(*p);
            record = record_from_data(doc.get_data());
            if (record) // a text past the analysed part (schema::slot_rest_of_text)
                record->text += doc.get_value(schema::slot_rest_of_text);
        },
        missing);
    return record;
}

std::vector<Suggestion> SearchEngine::Distributed::suggest(std::string_view q, std::size_t limit) {
    std::vector<std::string> missing;
    std::vector<Suggestion> out;
    on_shards([&](Xapian::Database&, const Snapshot& w) { out = detail::complete(q, w, limit); },
              missing);
    return out;
}

IndexStats SearchEngine::Distributed::stats() {
    IndexStats st;
    st.shards = m_shards.size();
    on_shards(
        [&](Xapian::Database& db, const Snapshot& w) {
            st.documents = db.get_doccount();
            // A number, as the other engine gives: one that changes with any shard's revision.
            st.revision = std::to_string(std::hash<std::string>{}(w.key) >> 12);
            st.last_update = w.last_update;
        },
        st.missing_shards);
    return st;
}

std::vector<std::string> SearchEngine::Distributed::province_names() {
    std::vector<std::string> missing;
    std::vector<std::string> names;
    on_shards([&](Xapian::Database&, const Snapshot& w) { names = w.provinces; }, missing);
    return names;
}

} // namespace vnsearch
