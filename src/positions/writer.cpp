// Writing the positions store: a batch's chunks into the journal at each commit, and the
// journal folded into one run per term.

#include "positions/format.hpp"
#include "positions/positions.hpp"
#include "vnsearch/tokenizer.hpp"

#include <map>

namespace vnsearch {

using namespace detail::positions;

void PositionsBatch::add(Xapian::docid d, const std::vector<Token>& tokens) {
    // One lookup a word: each term's entry for `d` is written as its positions come.
    m_touched.clear();
    for (const Token& t : tokens) {
        if (!schema::indexed_term(t.folded))
            continue;
        auto it = m_terms.find(std::string_view(t.folded));
        if (it == m_terms.end())
            it = m_terms.emplace(t.folded, Entries{}).first;
        Entries& e = it->second;
        const Xapian::termpos p = schema::body_positions + t.position;
        if (e.last != d || e.bytes.empty()) {
            e.last = d;
            put_varint(e.bytes, d); // absolute here; flush() writes differences
            e.open = e.bytes.size();
            e.previous = position_base;
            m_touched.push_back(&e);
        }
        if (p > e.previous) {
            put_varint(e.bytes, p - e.previous);
            e.previous = p;
        } else if (p < e.previous) {
            insert_position(e, p); // never seen from the tokenizer; kept correct anyway
        }                          // p == previous: a composite shares its first part's position
    }
    for (Entries* e : m_touched)
        e->bytes.push_back('\0');
}

void PositionsBatch::add_stored(Xapian::docid d, std::string_view document_positions) {
    visit_document_positions(
        document_positions, [](std::string_view) { return true; },
        [&](std::string_view term, const std::vector<Xapian::termpos>& at) {
            if (at.empty())
                return;
            auto it = m_terms.find(term);
            if (it == m_terms.end())
                it = m_terms.emplace(std::string(term), Entries{}).first;
            Entries& e = it->second;
            e.last = d;
            put_varint(e.bytes, d);
            e.open = e.bytes.size();
            e.previous = position_base;
            for (const Xapian::termpos p : at) {
                put_varint(e.bytes, p - e.previous);
                e.previous = p;
            }
            e.bytes.push_back('\0');
        });
}

void PositionsBatch::insert_position(Entries& e, Xapian::termpos p) {
    std::vector<Xapian::termpos> at;
    const char* c = e.bytes.data() + e.open;
    const char* const end = e.bytes.data() + e.bytes.size();
    Xapian::termpos q = position_base;
    while (c < end) {
        q += get_varint32(c, end);
        at.push_back(q);
    }
    const auto where = std::lower_bound(at.begin(), at.end(), p);
    if (where != at.end() && *where == p)
        return;
    at.insert(where, p);
    e.bytes.resize(e.open);
    q = position_base;
    for (const Xapian::termpos x : at) {
        put_varint(e.bytes, x - q);
        q = x;
    }
    e.previous = q;
}

void PositionsBatch::flush(Xapian::WritableDatabase& db) {
    if (m_terms.empty())
        return;
    Sequence seq = Sequence::read(db);
    const std::string prefix = journal_prefix(seq.next);
    std::vector<Entry> entries;
    for (auto& [term, e] : m_terms) {
        // The batch holds absolute docids and ends each entry with a 0 (positions differ
        // by at least 1); the chunk wants docid differences and sizes.
        entries.clear();
        const char* at = e.bytes.data();
        const char* const end = at + e.bytes.size();
        while (at < end) {
            const Xapian::docid docid = get_varint32(at, end);
            const char* const first = at;
            while (at < end && *at != '\0')
                (void)get_varint(at, end);
            entries.push_back({docid, {first, static_cast<std::size_t>(at - first)}});
            ++at; // the 0
        }
        db.set_metadata(prefix + term, write_entries(entries));
    }
    ++seq.next;
    seq.write(db);
    m_terms.clear();
}

void start_positions(Xapian::WritableDatabase& db) {
    Sequence{1, 1}.write(db);
}

std::size_t journal_length(const Xapian::Database& db) {
    const Sequence seq = Sequence::read(db);
    return seq.next - seq.journal;
}

bool has_positions(const Xapian::Database& db) {
    return !db.get_metadata(std::string(schema::meta_positions)).empty();
}

std::size_t merge_positions(Xapian::WritableDatabase& db, MergeScope scope) {
    Sequence seq = Sequence::read(db);
    // Which commits of the journal hold each term: one pass over the journal's keys, which
    // sort by commit, then term.
    std::map<std::string, std::vector<std::uint32_t>> journal;
    const std::string journal_keys(schema::meta_positions_journal);
    for (auto k = db.metadata_keys_begin(journal_keys); k != db.metadata_keys_end(journal_keys);
         ++k) {
        const std::string key = *k;
        if (key.size() < journal_keys.size() + 4)
            damaged();
        journal[key.substr(journal_keys.size() + 4)].push_back(
            get_be32(std::string_view(key).substr(journal_keys.size())));
    }
    if (scope == MergeScope::everything) {
        // Runs without new chunks may still hold documents deleted or rewritten since.
        const std::string runs(schema::meta_positions_run);
        for (auto k = db.metadata_keys_begin(runs); k != db.metadata_keys_end(runs); ++k) {
            const std::string key = *k;
            journal.try_emplace(key.substr(runs.size(), key.find('\0', runs.size()) - runs.size()));
        }
    }
    std::size_t merged = 0;
    std::vector<Entry> entries, kept;
    std::vector<std::string> run_keys, values;
    for (const auto& [term, commits] : journal) {
        const std::string prefix = run_prefix(term);
        run_keys.assign(db.metadata_keys_begin(prefix), db.metadata_keys_end(prefix));
        values.clear();
        values.reserve(run_keys.size() + commits.size()); // entries view these strings
        entries.clear();
        // Oldest first: the runs, then the journal's chunks in commit order.
        for (const std::string& key : run_keys) {
            values.push_back(db.get_metadata(key));
            read_entries(values.back(), entries);
        }
        for (const std::uint32_t c : commits) {
            values.push_back(db.get_metadata(journal_prefix(c) + term));
            read_entries(values.back(), entries);
        }
        std::stable_sort(entries.begin(), entries.end(),
                         [](const Entry& a, const Entry& b) { return a.docid < b.docid; });
        // Keep each document's newest entry, if the document still holds the term.
        kept.clear();
        Xapian::PostingIterator p = db.postlist_begin(term);
        const Xapian::PostingIterator p_end = db.postlist_end(term);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (i + 1 < entries.size() && entries[i + 1].docid == entries[i].docid)
                continue;
            p.skip_to(entries[i].docid);
            if (p == p_end)
                break;
            if (*p == entries[i].docid)
                kept.push_back(entries[i]);
        }
        if (commits.empty() && run_keys.size() == 1 && kept.size() == entries.size())
            continue; // one run, every entry current: nothing to rewrite
        const std::string run = write_entries(kept);
        for (const std::string& key : run_keys)
            db.set_metadata(key, "");
        for (const std::uint32_t c : commits)
            db.set_metadata(journal_prefix(c) + term, "");
        if (!run.empty())
            db.set_metadata(run_key(term, commits.empty() ? 0 : commits.back()), run);
        ++merged;
    }
    seq.journal = seq.next;
    seq.write(db);
    return merged;
}

} // namespace vnsearch
