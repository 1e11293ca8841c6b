// Reading the positions store: a term's run and journal chunks, cursors over its entries,
// phrases found across terms, and a document's own positions.

#include "positions/format.hpp"
#include "positions/positions.hpp"
#include "vnsearch/tokenizer.hpp"

#include <map>

namespace vnsearch {

using namespace detail::positions;

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

void visit_document_positions(
    std::string_view bytes, const std::function<bool(std::string_view)>& wanted,
    const std::function<void(std::string_view, const std::vector<Xapian::termpos>&)>& visit) {
    char term[schema::max_term_bytes];
    std::size_t length = 0;
    std::vector<Xapian::termpos> list;
    const char* at = bytes.data();
    const char* const end = at + bytes.size();
    while (at < end) {
        const std::uint64_t shared = get_varint(at, end);
        const std::uint64_t more = get_varint(at, end);
        if (shared > length || more > sizeof term - shared ||
            more > static_cast<std::uint64_t>(end - at))
            damaged();
        std::memcpy(term + shared, at, more);
        length = shared + more;
        at += more;
        const std::uint64_t size = get_varint(at, end);
        if (size > static_cast<std::uint64_t>(end - at))
            damaged();
        const char* const stop = at + size;
        const std::string_view name(term, length);
        if (wanted(name)) {
            list.clear();
            Xapian::termpos p = position_base;
            while (at < stop) {
                const std::uint32_t gap = get_varint32(at, stop);
                if (gap == 0 || gap > std::numeric_limits<Xapian::termpos>::max() - p)
                    damaged();
                p += gap;
                list.push_back(p);
            }
            visit(name, list);
        }
        at = stop;
    }
}

bool has_document_positions(const Xapian::Database& db) {
    return !db.get_metadata(std::string(schema::meta_document_positions)).empty();
}

} // namespace vnsearch
