// SearchEngine itself: the public face of SearchEngine::Impl, and the boundary where the
// index's errors (Xapian::Error) become std::runtime_error, so that callers need not know
// Xapian.

#include "search/distributed.hpp"
#include "search/engine.hpp"

#include <stdexcept>
#include <utility>

namespace vnsearch {
namespace {

/// Runs `f`, an error of the index thrown as std::runtime_error with its description.
template <class F>
auto at_boundary(F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const Xapian::Error& e) {
        throw std::runtime_error(e.get_description());
    }
}

/// The research views read every document's facets from memory; over remote shards the
/// coordinator holds none.
[[noreturn]] void no_views() {
    throw NotAvailableHere("the research views are not available over remote shards: they read "
                           "every document's facets, which only a server over local shards (or "
                           "a replica) holds");
}

} // namespace

SearchEngine::SearchEngine(const std::vector<std::string>& shards,
                           std::shared_ptr<const Knowledge> knowledge, const ShardOptions& options)
    : m_distributed(at_boundary([&] {
          return std::make_unique<Distributed>(detail::resolve_shards(shards), std::move(knowledge),
                                               options);
      })) {}

bool SearchEngine::names_remote_shard(const std::vector<std::string>& dbs) {
    return detail::names_remote_shard(dbs);
}

SearchEngine::SearchEngine(std::vector<std::filesystem::path> dbs,
                           std::shared_ptr<const Knowledge> knowledge,
                           std::size_t postings_budget_bytes,
                           std::chrono::milliseconds reopen_interval)
    : m_impl(at_boundary([&] {
          return std::make_unique<Impl>(std::move(dbs), std::move(knowledge), postings_budget_bytes,
                                        reopen_interval);
      })) {}

SearchEngine::~SearchEngine() = default;

SearchResponse SearchEngine::search(const SearchRequest& request) {
    return at_boundary(
        [&] { return m_distributed ? m_distributed->search(request) : m_impl->search(request); });
}

std::optional<ArticleRecord> SearchEngine::document(const std::string& id) {
    return at_boundary(
        [&] { return m_distributed ? m_distributed->document(id) : m_impl->document(id); });
}

SearchResponse SearchEngine::facets() {
    // Every document's facets: a search with no text and no filter, without its page.
    SearchRequest all;
    all.per_page = 1;
    all.snippets = false;
    SearchResponse r = search(all);
    r.hits.clear();
    return r;
}

std::vector<Suggestion> SearchEngine::suggest(std::string_view q, std::size_t limit) {
    return at_boundary([&] {
        return m_distributed ? m_distributed->suggest(q, limit) : m_impl->suggest(q, limit);
    });
}

void SearchEngine::export_records(const SearchRequest& request,
                                  const std::function<bool(const ArticleRecord&)>& emit) {
    at_boundary([&] {
        if (m_distributed)
            m_distributed->export_records(request, emit);
        else
            m_impl->export_records(request, emit);
    });
}

IndexStats SearchEngine::stats() {
    return at_boundary([&] { return m_distributed ? m_distributed->stats() : m_impl->stats(); });
}

Timeline SearchEngine::timeline(const SearchRequest& request, Interval interval,
                                Normalize normalize) {
    if (m_distributed)
        no_views();
    return at_boundary([&] { return m_impl->timeline(request, interval, normalize); });
}

Comparison SearchEngine::compare(const std::vector<SearchRequest>& requests, Interval interval,
                                 Normalize normalize) {
    if (m_distributed)
        no_views();
    return at_boundary([&] { return m_impl->compare(requests, interval, normalize); });
}

CharacteristicTerms SearchEngine::terms(const SearchRequest& request, std::size_t limit) {
    if (m_distributed)
        no_views();
    return at_boundary([&] { return m_impl->terms(request, limit); });
}

std::vector<Agreement> SearchEngine::agreements(const Filters& filters) {
    if (m_distributed)
        no_views();
    return at_boundary([&] { return m_impl->agreements(filters); });
}

const QueryParser& SearchEngine::parser() const noexcept {
    return m_distributed ? m_distributed->m_parser : m_impl->m_parser;
}

const Knowledge& SearchEngine::knowledge() const noexcept {
    return m_distributed ? *m_distributed->m_knowledge : *m_impl->m_knowledge;
}

std::vector<std::string> SearchEngine::province_names() {
    return at_boundary(
        [&] { return m_distributed ? m_distributed->province_names() : m_impl->province_names(); });
}

} // namespace vnsearch
