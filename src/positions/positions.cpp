#include "positions/positions.hpp"

#include "vnsearch/schema.hpp"
#include "vnsearch/tokenizer.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <map>
#include <stdexcept>

namespace vnsearch {
namespace {

[[noreturn]] void damaged() {
    throw std::runtime_error("damaged positions chunk in the index: rebuild it");
}

void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

/// get_varint() past its first byte.
std::uint64_t get_long_varint(const char*& at, const char* end) {
    std::uint64_t v = 0;
    for (unsigned shift = 0; shift < 64 && at < end; shift += 7) {
        const auto b = static_cast<unsigned char>(*at++);
        v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
        if (b < 0x80)
            return v;
    }
    damaged();
}

/// Reads a varint at `at` (advanced past it); throws on a truncated or oversized one.
inline std::uint64_t get_varint(const char*& at, const char* end) {
    if (at < end && static_cast<unsigned char>(*at) < 0x80) [[likely]]
        return static_cast<unsigned char>(*at++); // most are one byte
    return get_long_varint(at, end);
}

/// A varint that must fit a docid or a position.
std::uint32_t get_varint32(const char*& at, const char* end) {
    const std::uint64_t v = get_varint(at, end);
    if (v > std::numeric_limits<std::uint32_t>::max())
        damaged();
    return static_cast<std::uint32_t>(v);
}

/// Past `count` varints from `at`.
const char* skip_varints(const char* at, const char* end, std::uint32_t count) {
    // Eight bytes at a time while they hold no more varint ends than are wanted: each
    // byte without its high bit ends one.
    while (count >= 8 && end - at >= 8) {
        std::uint64_t word;
        std::memcpy(&word, at, 8);
        // The ends' high bits moved to the bytes' low bits, summed into the top byte (no
        // popcount instruction in the x86-64 baseline; the library's costs a call).
        const auto ends = static_cast<std::uint32_t>(
            (((~word & 0x8080808080808080ull) >> 7) * 0x0101010101010101ull) >> 56);
        if (ends > count)
            break;
        count -= ends;
        at += 8;
    }
    for (; count > 0; ++at) {
        if (at == end)
            damaged();
        if ((static_cast<unsigned char>(*at) & 0x80) == 0)
            --count;
    }
    return at;
}

void put_be32(std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

std::uint32_t get_be32(std::string_view bytes) {
    std::uint32_t v = 0;
    for (const char c : bytes.substr(0, 4))
        v = (v << 8) | static_cast<unsigned char>(c);
    return v;
}

/// The prefix of a term's run keys.
std::string run_prefix(std::string_view term) {
    std::string key(schema::meta_positions_run);
    key.append(term);
    key.push_back('\0');
    return key;
}

std::string run_key(std::string_view term, std::uint32_t seq) {
    std::string key = run_prefix(term);
    put_be32(key, seq);
    return key;
}

/// The prefix of commit `seq`'s journal keys.
std::string journal_prefix(std::uint32_t seq) {
    std::string key(schema::meta_positions_journal);
    put_be32(key, seq);
    return key;
}

/// The store's counters: the next commit's number, and the first one still in the journal.
struct Sequence {
    std::uint32_t next = 0;
    std::uint32_t journal = 0;

    static Sequence read(const Xapian::Database& db) {
        const std::string v = db.get_metadata(std::string(schema::meta_positions));
        if (v.empty())
            throw std::logic_error("this index shard keeps no positions store");
        Sequence s;
        const std::size_t space = v.find(' ');
        s.next = static_cast<std::uint32_t>(std::stoul(v.substr(0, space)));
        s.journal = space == std::string::npos
                        ? s.next
                        : static_cast<std::uint32_t>(std::stoul(v.substr(space + 1)));
        return s;
    }
    void write(Xapian::WritableDatabase& db) const {
        db.set_metadata(std::string(schema::meta_positions),
                        std::to_string(next) + ' ' + std::to_string(journal));
    }
};

/// One document's entry: its docid and the varints of its positions.
struct Entry {
    Xapian::docid docid;
    std::string_view positions;
};

/// Whether `positions` (whole varints) holds exactly one.
bool one_varint(std::string_view positions) {
    return !positions.empty() && std::all_of(positions.begin(), positions.end() - 1, [](char c) {
        return (static_cast<unsigned char>(c) & 0x80) != 0;
    });
}

/// Reads the varint opening an entry at `at` (advanced past it), and adds the docid
/// difference it gives to `docid`; returns it, its lowest bit set for one position.
inline std::uint64_t read_docid(const char*& at, const char* end, Xapian::docid& docid) {
    const std::uint64_t head = get_varint(at, end);
    const std::uint64_t step = head >> 1;
    if (step == 0 || step > std::numeric_limits<Xapian::docid>::max() - docid)
        damaged();
    docid += static_cast<Xapian::docid>(step);
    return head;
}

/// Reads an entry's head at `at`, advanced to its positions: its docid (from the one before,
/// `docid`), and where its positions end.
inline const char* read_head(const char*& at, const char* end, Xapian::docid& docid) {
    const std::uint64_t head = read_docid(at, end, docid);
    if ((head & 1) != 0)
        return skip_varints(at, end, 1);
    const std::uint64_t size = get_varint(at, end);
    // Several positions take two bytes at least.
    if (size < 2 || size > static_cast<std::uint64_t>(end - at))
        damaged();
    return at + size;
}

/// Appends the entries of a chunk to `out`.
void read_entries(std::string_view chunk, std::vector<Entry>& out) {
    const char* at = chunk.data();
    const char* const end = at + chunk.size();
    Xapian::docid docid = 0;
    while (at < end) {
        const char* const stop = read_head(at, end, docid);
        out.push_back({docid, {at, static_cast<std::size_t>(stop - at)}});
        at = stop;
    }
}

/// The chunk of `entries`, sorted by docid, each docid once (the last given wins).
std::string write_entries(std::vector<Entry>& entries) {
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return a.docid < b.docid; });
    std::string out;
    Xapian::docid last = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const Entry& e = entries[i];
        if (i + 1 < entries.size() && entries[i + 1].docid == e.docid)
            continue;
        const bool single = one_varint(e.positions);
        put_varint(out, (std::uint64_t{e.docid - last} << 1) | (single ? 1u : 0u));
        if (!single)
            put_varint(out, e.positions.size());
        out.append(e.positions);
        last = e.docid;
    }
    return out;
}

// Positions are written as differences, the first from this.
constexpr Xapian::termpos position_base = schema::body_positions - 1;

} // namespace

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

TermPositions::TermPositions(const Xapian::Database& db, const std::string& term) {
    const std::string prefix = run_prefix(term);
    std::vector<std::string> values;
    for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k)
        values.push_back(db.get_metadata(*k));
    // Commits since the last merge (a few, unless a run stopped before its end).
    const Sequence seq = Sequence::read(db);
    for (std::uint32_t c = seq.journal; c < seq.next; ++c)
        if (std::string chunk = db.get_metadata(journal_prefix(c) + term); !chunk.empty())
            values.push_back(std::move(chunk));
    if (values.size() == 1) {
        m_bytes = std::move(values.front());
        return;
    }
    std::vector<Entry> entries;
    for (const std::string& v : values)
        read_entries(v, entries);
    m_bytes = write_entries(entries);
}

void TermPositions::Cursor::next_entry() {
    m_at = m_stop;
    if (m_at >= m_end) {
        m_docid = 0;
        return;
    }
    m_stop = read_head(m_at, m_end, m_docid);
}

bool TermPositions::Cursor::seek(Xapian::docid target) {
    while (m_docid != 0 && m_docid < target)
        next_entry();
    return m_docid != 0;
}

void TermPositions::Cursor::positions(std::vector<Xapian::termpos>& out) const {
    out.clear();
    const char* at = m_at;
    Xapian::termpos p = position_base;
    while (at < m_stop) {
        p += get_varint32(at, m_stop);
        out.push_back(p);
    }
}

TermPositions::Cursor::Reader::Reader(const Cursor& entry) noexcept
    : m_at(entry.m_at), m_stop(entry.m_stop), m_position(position_base) {}

Xapian::termpos TermPositions::Cursor::Reader::seek(Xapian::termpos target) {
    while (m_position < target) {
        if (m_at >= m_stop)
            return 0;
        m_position += get_varint32(m_at, m_stop);
    }
    return m_position;
}

namespace {

/// Whether the words stand side by side, in order, somewhere in the document the cursors
/// are on: `word[i]` is the i-th word's cursor, `anchor` the word with the fewest positions
/// there; `readers` is scratch space. Each word's positions are read once at most, and only
/// until the first place the phrase holds: the anchor proposes a start, and a word found
/// past where the start needs it pushes the proposal past it.
bool holds_here(const std::vector<const TermPositions::Cursor*>& word, std::size_t anchor,
                std::vector<TermPositions::Cursor::Reader>& readers) {
    readers.clear();
    for (const TermPositions::Cursor* c : word)
        readers.emplace_back(*c);
    const auto at_anchor = static_cast<Xapian::termpos>(anchor);
    // A phrase starts at position_base + 1 at the earliest.
    Xapian::termpos p = readers[anchor].seek(position_base + 1 + at_anchor);
    while (p != 0) {
        const Xapian::termpos start = p - at_anchor;
        Xapian::termpos later = 0; // where a word stood instead, less its place
        for (std::size_t i = 0; i < readers.size() && later == 0; ++i) {
            if (i == anchor)
                continue;
            const auto offset = static_cast<Xapian::termpos>(i);
            const Xapian::termpos q = readers[i].seek(start + offset);
            if (q == 0)
                return false; // this word has no position left as late
            if (q != start + offset)
                later = q - offset;
        }
        if (later == 0)
            return true;
        p = readers[anchor].seek(later + at_anchor);
    }
    return false;
}

} // namespace

std::vector<Xapian::docid> phrase_in(const std::vector<const TermPositions*>& terms,
                                     const std::vector<Xapian::docid>& candidates) {
    std::vector<Xapian::docid> out;
    if (terms.empty())
        return out;
    // One cursor a list: a word the phrase repeats is walked once.
    std::vector<TermPositions::Cursor> cursors;
    std::vector<std::size_t> cursor_of(terms.size());
    for (std::size_t i = 0; i < terms.size(); ++i) {
        const auto first = std::find(terms.begin(), terms.end(), terms[i]) - terms.begin();
        if (static_cast<std::size_t>(first) == i) {
            cursor_of[i] = cursors.size();
            cursors.emplace_back(*terms[i]);
        } else {
            cursor_of[i] = cursor_of[static_cast<std::size_t>(first)];
        }
    }
    std::vector<TermPositions::Cursor::Reader> readers;
    std::vector<const TermPositions::Cursor*> word(terms.size());
    for (std::size_t i = 0; i < terms.size(); ++i)
        word[i] = &cursors[cursor_of[i]];
    for (const Xapian::docid d : candidates) {
        bool everywhere = true;
        for (TermPositions::Cursor& c : cursors) {
            if (!c.seek(d))
                return out;
            everywhere = everywhere && c.docid() == d;
        }
        if (!everywhere)
            continue;
        // The word with the fewest positions here (the fewest bytes of them: near enough)
        // proposes the phrase's starts.
        std::size_t anchor = 0;
        for (std::size_t i = 1; i < terms.size(); ++i)
            if (word[i]->size() < word[anchor]->size())
                anchor = i;
        if (holds_here(word, anchor, readers))
            out.push_back(d);
    }
    return out;
}

std::string document_positions(const std::vector<Token>& tokens) {
    std::vector<std::pair<std::string_view, Xapian::termpos>> postings;
    postings.reserve(tokens.size());
    for (const Token& t : tokens)
        if (schema::indexed_term(t.folded))
            postings.emplace_back(t.folded, schema::body_positions + t.position);
    std::sort(postings.begin(), postings.end());
    std::string out;
    std::string positions;
    std::string_view previous;
    for (std::size_t i = 0; i < postings.size();) {
        const std::string_view t = postings[i].first;
        const std::size_t limit = std::min(t.size(), previous.size());
        std::size_t shared = 0;
        while (shared < limit && t[shared] == previous[shared])
            ++shared;
        put_varint(out, shared);
        put_varint(out, t.size() - shared);
        out.append(t.substr(shared));
        Xapian::termpos last = position_base;
        for (; i < postings.size() && postings[i].first == t; ++i) {
            const Xapian::termpos p = postings[i].second;
            if (p != last) // a composite shares its first part's position
                put_varint(positions, p - last);
            last = p;
        }
        put_varint(out, positions.size());
        out += positions;
        positions.clear();
        previous = t;
    }
    return out;
}

std::vector<std::vector<Xapian::termpos>>
positions_in_document(std::string_view bytes, const std::vector<std::string>& terms) {
    std::vector<std::vector<Xapian::termpos>> out(terms.size());
    // The wanted terms in byte order, met in one pass over the document's.
    std::vector<std::size_t> order(terms.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return terms[a] < terms[b]; });
    // The document's terms come in byte order too. While a wanted term is known to sort
    // after the current one, sharing `match` leading bytes with it, a term sharing more
    // than `match` bytes with the one before also sorts before it: skipped uncompared.
    std::size_t want = 0;
    std::size_t match = 0;
    bool known = false;
    char term[schema::max_term_bytes];
    std::size_t length = 0;
    const char* at = bytes.data();
    const char* const end = at + bytes.size();
    while (at < end && want < order.size()) {
        const std::uint64_t shared = get_varint(at, end);
        const std::uint64_t more = get_varint(at, end);
        if (shared > length || more > sizeof term - shared ||
            more > static_cast<std::uint64_t>(end - at))
            damaged();
        // A term skipped is not copied: a later one compared takes from it at most the
        // `match` bytes it shares with the wanted term, which it left as they were.
        const bool skipped = known && shared > match;
        if (!skipped)
            std::memcpy(term + shared, at, more);
        length = shared + more;
        at += more;
        const std::uint64_t size = get_varint(at, end);
        if (size > static_cast<std::uint64_t>(end - at))
            damaged();
        const char* const stop = at + size;
        if (skipped) {
            at = stop; // still before the wanted term
            continue;
        }
        std::size_t from = 0;
        if (known && shared == match)
            from = match;
        else if (known)
            ++want; // passed the wanted term: not in the document
        known = false;
        while (want < order.size()) {
            const std::string& w = terms[order[want]];
            std::size_t i = from;
            const std::size_t both = std::min(length, w.size());
            while (i < both && term[i] == w[i])
                ++i;
            if (i == length && i == w.size()) {
                std::vector<Xapian::termpos>& list = out[order[want]];
                Xapian::termpos p = position_base;
                while (at < stop) {
                    const std::uint32_t gap = get_varint32(at, stop);
                    if (gap == 0 || gap > std::numeric_limits<Xapian::termpos>::max() - p)
                        damaged();
                    p += gap;
                    list.push_back(p);
                }
                for (++want; want < order.size() && terms[order[want]] == w; ++want)
                    out[order[want]] = list;
                break;
            }
            if (i == length || (i < w.size() && static_cast<unsigned char>(term[i]) <
                                                    static_cast<unsigned char>(w[i]))) {
                known = true; // this term sorts before the wanted one
                match = i;
                break;
            }
            ++want; // the wanted term sorts before this one: not in the document
            from = 0;
        }
        at = stop;
    }
    return out;
}

bool has_document_positions(const Xapian::Database& db) {
    return !db.get_metadata(std::string(schema::meta_document_positions)).empty();
}

} // namespace vnsearch
