#pragma once
/// The engine's own store of body positions, for matching phrases over many documents.
/// Xapian keeps positions by term and document and reads them one document at a time
/// (about a microsecond each); a quoted phrase or a place name over 100,000 documents
/// needs tens of thousands. Here each term's positions in every document are one run of
/// bytes, read in one go and walked in docid order.
///
/// The store lives in the shard's user metadata, so it is written in the same commit as
/// the documents it describes: a crash or a kill mid-run leaves both as they were. Each
/// commit adds a chunk per term to the journal (key: prefix, 4-byte commit number, big
/// endian, term), so a commit's chunks are neighbours in Xapian's B-tree and cost few
/// block writes; a merge folds the journal into one run per term (key: prefix, term, NUL,
/// commit number). A document written again later is in a newer chunk, which wins. A
/// chunk or run is a list of entries in ascending docid order, each of varints: the
/// docid's difference from the previous entry's, doubled, plus 1 when the term occurs
/// once; the size in bytes of the positions when more than once (so that a walk steps over
/// an entry without reading its positions); the positions, the first as its difference
/// from body_positions - 1, the others from the one before.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>
#include <xapian.h>

namespace vnsearch {

struct Token;

/// The body positions of the documents of one commit, by term; written by flush().
class PositionsBatch {
public:
    /// Records where each indexed body word of `tokens` occurs in document `d` (the same
    /// terms and positions DocumentBuilder gives Xapian).
    void add(Xapian::docid d, const std::vector<Token>& tokens);
    /// The same from the document_positions() bytes a document keeps (slot_positions), for
    /// a document moved to another shard as it is.
    void add_stored(Xapian::docid d, std::string_view document_positions);

    /// Writes one chunk per term into `db`'s metadata and empties the batch; commit `db`
    /// after it. `db` must hold a positions store (start_positions()).
    void flush(Xapian::WritableDatabase& db);

    bool empty() const noexcept { return m_terms.empty(); }

private:
    struct Entries {
        std::string bytes;            ///< entries with absolute docids, in the order added
        Xapian::docid last = 0;       ///< the document of the last entry
        std::size_t open = 0;         ///< where the last entry's positions start
        Xapian::termpos previous = 0; ///< the last entry's last position
    };
    /// Puts `p`, below the last entry's last position, in its place in that entry.
    static void insert_position(Entries& e, Xapian::termpos p);

    struct Hash : std::hash<std::string_view> {
        using is_transparent = void;
    };
    std::unordered_map<std::string, Entries, Hash, std::equal_to<>> m_terms;
    std::vector<Entries*> m_touched; ///< the terms of the document being added
};

/// Marks an empty shard as keeping a positions store from its first document on.
void start_positions(Xapian::WritableDatabase& db);

/// Whether every document of `db` has its positions in the store (shards written by an
/// indexer older than the store do not).
bool has_positions(const Xapian::Database& db);

/// How many commits' chunks the journal holds.
std::size_t journal_length(const Xapian::Database& db);

/// What merge_positions rewrites.
enum class MergeScope {
    journal,    ///< the terms the journal holds
    everything, ///< those, and every run holding a document no longer there
};

/// Folds the journal into one run per term, keeping for each document its newest entry
/// and only documents that still hold the term. Returns how many terms were rewritten;
/// commit `db` after it.
std::size_t merge_positions(Xapian::WritableDatabase& db, MergeScope scope);

/// One term's entries in one shard, ascending by docid, each document once.
class TermPositions {
public:
    /// Reads `term`'s run and journal chunks from `db` (merged when there are several).
    TermPositions(const Xapian::Database& db, const std::string& term);
    /// Wraps a chunk already in the format above (sizes, not counts).
    explicit TermPositions(std::string chunk) : m_bytes(std::move(chunk)) {}

    /// Walks the entries in docid order.
    class Cursor {
    public:
        explicit Cursor(const TermPositions& list)
            : m_stop(list.m_bytes.data()), m_end(m_stop + list.m_bytes.size()) {
            next_entry();
        }
        /// Moves to the first entry for a docid not below `target`; false past the end.
        bool seek(Xapian::docid target);
        Xapian::docid docid() const noexcept { return m_docid; }
        /// The positions of the current entry, ascending, into `out`.
        void positions(std::vector<Xapian::termpos>& out) const;
        /// The size in bytes of the current entry's positions (more bytes, more positions,
        /// near enough).
        std::size_t size() const noexcept { return static_cast<std::size_t>(m_stop - m_at); }

        /// Reads the current entry's positions in ascending order, as far as asked.
        class Reader {
        public:
            explicit Reader(const Cursor& entry) noexcept;
            /// The first position not below `target`; 0 when there is none.
            Xapian::termpos seek(Xapian::termpos target);

        private:
            const char* m_at;
            const char* m_stop;
            Xapian::termpos m_position; ///< the last read (at first, below every position)
        };

    private:
        void next_entry();
        const char* m_at = nullptr; ///< the current entry's positions
        const char* m_stop;         ///< their end: the next entry
        const char* m_end;
        Xapian::docid m_docid = 0; ///< 0 past the end
    };

    std::size_t bytes() const noexcept { return m_bytes.size(); }
    const std::string& data() const noexcept { return m_bytes; }

private:
    std::string m_bytes;
};

/// Every docid of `candidates` (ascending, local to the shard) where the terms occur at
/// consecutive positions, in order.
std::vector<Xapian::docid> phrase_in(const std::vector<const TermPositions*>& terms,
                                     const std::vector<Xapian::docid>& candidates);

/// One document's body positions by term, kept in its value slot_positions for checking
/// a phrase in a few documents (the best of a page, or a rare word's few holders) without
/// reading whole runs; the index keeps no positions of Xapian's own. The terms come in
/// byte order, each as varints: the bytes it shares with the term before, how many
/// follow, then those bytes; the length in bytes of its positions, then the positions
/// written as in a run's entry.
std::string document_positions(const std::vector<Token>& tokens);

/// The positions of each of `terms` (any order, repeats allowed) in a document, read from
/// its document_positions() bytes: the i-th list, ascending, is the i-th term's, empty
/// when the document does not hold it. Throws on damaged bytes.
std::vector<std::vector<Xapian::termpos>>
positions_in_document(std::string_view bytes, const std::vector<std::string>& terms);

/// Walks a document's document_positions() bytes in term order, calling `visit` with each
/// term `wanted` accepts and its positions, ascending; the others' positions are stepped
/// over unread. Throws on damaged bytes.
void visit_document_positions(
    std::string_view bytes, const std::function<bool(std::string_view)>& wanted,
    const std::function<void(std::string_view, const std::vector<Xapian::termpos>&)>& visit);

/// Whether the documents of `db` keep their positions in slot_positions (shards written
/// before that have them in Xapian's position table instead).
bool has_document_positions(const Xapian::Database& db);

} // namespace vnsearch
