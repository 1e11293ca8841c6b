#include "index/shard_state.hpp"

#include "positions/positions.hpp"
#include "util/lines.hpp"
#include "vnsearch/record.hpp"

#include <set>
#include <string>

namespace vnsearch {

std::size_t uncompacted(const Xapian::Database& db) {
    const std::string v = db.get_metadata(std::string(schema::meta_uncompacted));
    return v.empty() ? 0 : std::stoul(v);
}

void add_uncompacted(Xapian::WritableDatabase& db, std::size_t changes) {
    if (changes > 0)
        db.set_metadata(std::string(schema::meta_uncompacted),
                        std::to_string(uncompacted(db) + changes));
}

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

Corrections kept_corrections(IndexStore& store) {
    return Corrections::parse_stored(
        store.shard(0).get_metadata(std::string(schema::meta_corrections)));
}

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

} // namespace vnsearch
