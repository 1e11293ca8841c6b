// Exports: every result of a search in order, read from the newest revision that still
// numbers the documents alike.

#include "search/engine.hpp"

namespace vnsearch {

using detail::max_reopen_attempts;
using detail::Snapshot;

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
                detail::bring_up_to_date(newer, m_dbs);
                if (newer->paths != w.paths)
                    throw;
                from = &newer->db;
            }
        }
        if (record && !emit(*record))
            return;
    }
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

} // namespace vnsearch
