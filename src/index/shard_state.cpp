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

namespace {

/// A copy of `doc` that no longer reads from its database (which a moved document leaves).
Xapian::Document detached(const Xapian::Document& doc) {
    Xapian::Document copy;
    copy.set_data(doc.get_data());
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
        copy.add_value(v.get_valueno(), *v);
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
            copy.add_posting(*t, *p, 0);
        copy.add_term(*t, t.get_wdf());
    }
    return copy;
}

/// Moves document `docid` of shard `from`, as `doc` now is, to shard `to`: deleted and
/// committed first, so that a kill between leaves it out (a run over its input adds it
/// again) rather than in two shards.
void move_document(IndexStore& store, unsigned from, Xapian::docid docid, unsigned to,
                   const Xapian::Document& moved) {
    const Xapian::Document doc = detached(moved);
    Xapian::WritableDatabase& old_shard = store.shard(from);
    old_shard.delete_document(docid);
    add_uncompacted(old_shard, 1);
    old_shard.commit();
    Xapian::WritableDatabase& new_shard = store.shard(to);
    PositionsBatch positions;
    positions.add_stored(new_shard.add_document(doc), doc.get_value(schema::slot_positions));
    positions.flush(new_shard);
    add_uncompacted(new_shard, 1);
    new_shard.commit();
}

} // namespace

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
        const auto found = store.find(id);
        if (!found) {
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
        const auto [shard, docid] = *found;
        Xapian::WritableDatabase& db = store.shard(shard);
        const auto* lines = after.of(id);
        Xapian::Document doc = db.get_document(docid);
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
        const unsigned to =
            store.layout() == ShardLayout::by_year ? store.shard_of_year(record->year) : shard;
        if (to == shard)
            db.replace_document(docid, doc);
        else
            move_document(store, shard, docid, to, doc);
        ++refiled;
    }
    return refiled;
}

} // namespace vnsearch
