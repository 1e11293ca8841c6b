#pragma once
/// The search engine over shards that may be on other hosts (SearchEngine::Distributed):
/// Xapian's own matcher runs the match where each shard is, and the facets are counted by
/// Xapian's ValueCountMatchSpy, a facet a value slot (facet_spies.hpp), which `xapian-tcpsrv`
/// runs as it is (it knows no match spy of this project). What the coordinator reads of the shards
/// as a whole (names, vocabulary, completions: build_word_snapshot) it reads once a revision.

#include "query/spelling.hpp"
#include "search/shard_links.hpp"
#include "search/snapshot.hpp"
#include "vnsearch/search.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace vnsearch {

struct SearchEngine::Distributed {
    Distributed(std::vector<detail::ShardAddress> shards,
                std::shared_ptr<const Knowledge> knowledge, const ShardOptions& options);

    SearchResponse search(const SearchRequest& request);
    std::optional<ArticleRecord> document(const std::string& id);
    std::vector<Suggestion> suggest(std::string_view q, std::size_t limit);
    void export_records(const SearchRequest& request,
                        const std::function<bool(const ArticleRecord&)>& emit);
    IndexStats stats();
    std::vector<std::string> province_names();

    /// What a thread reads the shards with: its links, and the snapshot of words it last saw.
    struct Reader {
        detail::ShardLinks links;
        std::chrono::steady_clock::time_point checked{};
        std::string key; ///< the revision the links read (ShardLinks::revision_key)
    };

    /// The shards of one search: those its year range admits, and of them those its selected
    /// years admit (the same database when it names no year; every shard when it names none
    /// and the index is not by year).
    struct ShardDatabases {
        Xapian::Database& in_range;
        Xapian::Database& selected;
    };

    /// Runs `task` on the shards that answer, again without those that stopped answering
    /// (Xapian::NetworkError) or on the newest revision (DatabaseModifiedError); sets
    /// `missing` to the shards it went without. Throws ShardsUnavailable when no shard, or
    /// (ShardOptions::partial false) not every shard, answers.
    void on_shards(const std::function<void(Xapian::Database&, const detail::Snapshot&)>& task,
                   std::vector<std::string>& missing);
    /// The same on the shards `scope` admits: a shard of an index by year whose year the
    /// scope leaves out is neither asked nor missed.
    void on_shards(const detail::YearScope& scope,
                   const std::function<void(const ShardDatabases&, const detail::Snapshot&)>& task,
                   std::vector<std::string>& missing);
    /// The calling thread's reader, moved to the newest revision every reopen interval.
    Reader& reader();
    /// The snapshot of words of the revision `r` reads, built when it is new.
    std::shared_ptr<const detail::Snapshot> words(Reader& r, Xapian::Database& db);
    /// The first page of `request`'s results with its facets (distributed_search.cpp).
    SearchResponse run(const SearchRequest& request, const ShardDatabases& dbs,
                       const detail::Snapshot& words,
                       const std::function<bool(const ArticleRecord&)>* export_to);
    /// Every shard must have this schema (the facets' slots) and Xapian's positions
    /// (phrases); notes the year of each shard of an index by year.
    void check_shards();
    /// The year scope of `request`, its query's filters with its own.
    detail::YearScope year_scope(const SearchRequest& request) const;

    std::vector<detail::ShardAddress> m_shards;
    std::shared_ptr<const Knowledge> m_knowledge;
    QueryParser m_parser;
    Speller m_speller;
    ShardOptions m_options;
    detail::LinkTimeouts m_timeouts;
    std::mutex m_mutex; ///< guards m_readers and m_words
    std::unordered_map<std::thread::id, std::unique_ptr<Reader>> m_readers;
    std::shared_ptr<const detail::Snapshot> m_words;
};

} // namespace vnsearch
