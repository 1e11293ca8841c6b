// Compound words of every document of the index, and of a sample of results (compounds.hpp).

#include "search/compounds.hpp"

#include "index/docids.hpp"
#include "match/matcher.hpp"
#include "positions/positions.hpp"
#include "vnsearch/schema.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <unordered_map>

namespace vnsearch::detail {
namespace {

/// A compound met in the documents: its syllables (ids) and the documents holding it.
struct Counted {
    std::array<std::uint32_t, Lexicon::max_syllables> path{};
    std::uint32_t length = 0;
    std::uint32_t count = 0;
    Xapian::docid last = 0; ///< the last document counted
};

/// What a pair of syllables is to the lexicon, and the compound it makes (index into the
/// counter's list) when it is an entry.
struct PairValue {
    Lexicon::Match match = Lexicon::no_match;
    std::uint32_t entry = 0;
};

/// The pairs of syllables that begin an entry of the lexicon, by their ids: a table with
/// open addressing, small enough to stay in cache, looked up for every pair of words.
class PairTable {
public:
    explicit PairTable(std::size_t pairs) {
        std::size_t size = 16;
        while (size < pairs * 2)
            size *= 2;
        m_keys.assign(size, empty);
        m_values.resize(size);
        m_mask = size - 1;
    }
    PairValue& insert(std::uint32_t a, std::uint32_t b) {
        std::size_t i = slot(key(a, b));
        m_keys[i] = key(a, b);
        return m_values[i];
    }
    const PairValue* find(std::uint32_t a, std::uint32_t b) const {
        const std::size_t i = slot(key(a, b));
        return m_keys[i] == empty ? nullptr : &m_values[i];
    }

private:
    static constexpr std::uint64_t empty = ~std::uint64_t{0};
    static std::uint64_t key(std::uint32_t a, std::uint32_t b) {
        return (std::uint64_t{a} << 32) | b;
    }
    /// The slot holding `k`, or the empty one where it would go.
    std::size_t slot(std::uint64_t k) const {
        std::size_t i = static_cast<std::size_t>((k * 0x9E3779B97F4A7C15ull) >> 20) & m_mask;
        while (m_keys[i] != empty && m_keys[i] != k)
            i = (i + 1) & m_mask;
        return i;
    }
    std::vector<std::uint64_t> m_keys;
    std::vector<PairValue> m_values;
    std::size_t m_mask = 0;
};

/// The syllables looked at, numbered, with what the lexicon's hashes need of each, and the
/// pairs of them that begin an entry.
struct Syllables {
    std::vector<std::string_view> names;
    std::vector<std::uint64_t> hashes; ///< Lexicon::syllable_hash
    std::vector<std::uint8_t> starts;  ///< 1: first of a pair in `pairs`
    std::unordered_map<std::string_view, std::uint32_t> ids;
    PairTable pairs{0};

    explicit Syllables(const std::unordered_set<std::string>& wanted) {
        for (const std::string& s : wanted) {
            ids.emplace(s, static_cast<std::uint32_t>(names.size()));
            names.push_back(s);
            hashes.push_back(Lexicon::syllable_hash(s));
        }
        starts.assign(names.size(), 0);
    }

    /// The pairs of wanted syllables that begin an entry, each with what it is to `lexicon`;
    /// a pair that is an entry gets a place in `counted`.
    void find_pairs(const CompoundSyllables& all, const Lexicon& lexicon,
                    std::vector<Counted>& counted) {
        std::vector<std::pair<std::uint32_t, std::uint32_t>> found;
        for (std::uint32_t a = 0; a < names.size(); ++a) {
            const auto it = all.second.find(std::string(names[a]));
            if (it != all.second.end())
                for (const std::string& next : it->second)
                    if (const auto b = ids.find(next); b != ids.end())
                        found.emplace_back(a, b->second);
        }
        pairs = PairTable(found.size());
        for (const auto& [a, b] : found) {
            PairValue& v = pairs.insert(a, b);
            v.match = lexicon.match_folded(
                Lexicon::extend_hashed(Lexicon::extend_hashed(0, hashes[a]), hashes[b]));
            if (v.match & Lexicon::is_entry) {
                v.entry = static_cast<std::uint32_t>(counted.size());
                counted.push_back({{a, b}, 2, 0, 0});
            }
            starts[a] = 1;
        }
    }
};

/// One document's wanted syllables by position. A position usually holds one word (a
/// composite token shares its first part's position), so each holds a chain of entries.
class DocumentWords {
public:
    /// Adds syllable `id` at `position`.
    void add(Xapian::termpos position, std::uint32_t id) {
        const std::size_t at = position - schema::body_positions;
        if (at >= m_head.size())
            m_head.resize(at + 1, 0);
        m_entries.push_back({id, m_head[at]});
        m_head[at] = static_cast<std::uint32_t>(m_entries.size());
    }
    /// Calls `f(id)` for each syllable at `position`.
    template <class F>
    void at(Xapian::termpos position, F&& f) const {
        const std::size_t at = position - schema::body_positions;
        for (std::uint32_t e = at < m_head.size() ? m_head[at] : 0; e != 0;
             e = m_entries[e - 1].next)
            f(m_entries[e - 1].syllable);
    }
    Xapian::termpos end() const {
        return schema::body_positions + static_cast<Xapian::termpos>(m_head.size());
    }
    void clear() {
        m_head.clear();
        m_entries.clear();
    }

private:
    struct Entry {
        std::uint32_t syllable;
        std::uint32_t next; ///< the next entry at the same position, + 1; 0: none
    };
    std::vector<std::uint32_t> m_head; ///< by position - body_positions: first entry + 1
    std::vector<Entry> m_entries;
};

/// Reads a document's wanted syllables into `words`.
void read_words(const std::string& value, const Syllables& syllables, DocumentWords& words) {
    words.clear();
    std::uint32_t id = 0;
    visit_document_positions(
        value,
        [&](std::string_view term) {
            const auto it = syllables.ids.find(term);
            if (it == syllables.ids.end())
                return false;
            id = it->second;
            return true;
        },
        [&](std::string_view, const std::vector<Xapian::termpos>& positions) {
            for (const Xapian::termpos p : positions)
                words.add(p, id);
        });
}

/// Counts, document by document, the lexicon's compounds: from each word that starts an
/// entry, every run of words at consecutive positions that the lexicon holds. A pair is
/// looked up in the syllables' table; a third and fourth word by the lexicon's hashes.
class CompoundCounter {
public:
    CompoundCounter(const CompoundSyllables& all, const std::unordered_set<std::string>& wanted,
                    const Lexicon& lexicon)
        : m_syllables(wanted), m_lexicon(lexicon) {
        m_syllables.find_pairs(all, lexicon, m_counted);
    }

    /// Counts the compounds of document `d` (each once), which in_document() then lists.
    void count(Xapian::docid d, const std::string& positions_value) {
        read_words(positions_value, m_syllables, m_words);
        m_doc = d;
        m_in_document.clear();
        for (Xapian::termpos p = schema::body_positions; p < m_words.end(); ++p)
            m_words.at(p, [&](std::uint32_t a) {
                if (m_syllables.starts[a])
                    m_words.at(p + 1, [&](std::uint32_t b) { extend_pair(p + 1, a, b); });
            });
    }

    /// The compounds of the last document counted, by index (named()).
    const std::vector<std::uint32_t>& in_document() const { return m_in_document; }

    /// How many compounds were met.
    std::size_t size() const { return m_counted.size(); }

    /// The compound of index `i`, with its syllables.
    SampledCompound named(std::size_t i) const {
        const Counted& c = m_counted[i];
        SampledCompound compound;
        for (std::uint32_t k = 0; k < c.length; ++k) {
            compound.syllables.emplace_back(m_syllables.names[c.path[k]]);
            compound.folded += (k ? " " : "") + compound.syllables.back();
        }
        return compound;
    }

private:
    /// Syllables `a` then `b`, the second at `position`: counted when an entry, and
    /// extended when they begin a longer one.
    void extend_pair(Xapian::termpos position, std::uint32_t a, std::uint32_t b) {
        const PairValue* v = m_syllables.pairs.find(a, b);
        if (!v)
            return;
        if (v->match & Lexicon::is_entry)
            record(m_counted[v->entry]);
        if (v->match & Lexicon::begins_entry) {
            m_path = {a, b};
            m_length = 2;
            const std::uint64_t h = Lexicon::extend_hashed(
                Lexicon::extend_hashed(0, m_syllables.hashes[a]), m_syllables.hashes[b]);
            extend_from(position, h);
        }
    }

    /// Tries each word after a run of three or more (its hash `hash`) as the run's next.
    void extend_from(Xapian::termpos position, std::uint64_t hash) {
        if (m_length == m_path.size())
            return;
        m_words.at(position + 1, [&](std::uint32_t id) {
            const std::uint64_t h = Lexicon::extend_hashed(hash, m_syllables.hashes[id]);
            const Lexicon::Match m = m_lexicon.match_folded(h);
            if (m == Lexicon::no_match)
                return;
            m_path[m_length++] = id;
            if (m & Lexicon::is_entry)
                record(longer(h));
            if (m & Lexicon::begins_entry)
                extend_from(position + 1, h);
            --m_length;
        });
    }

    /// The entry of three or more syllables now in m_path, by its hash.
    Counted& longer(std::uint64_t hash) {
        const auto [it, fresh] =
            m_longer.try_emplace(hash, static_cast<std::uint32_t>(m_counted.size()));
        if (fresh)
            m_counted.push_back({m_path, static_cast<std::uint32_t>(m_length), 0, 0});
        return m_counted[it->second];
    }

    /// Counts a compound in the current document, once.
    void record(Counted& c) {
        if (c.last == m_doc)
            return;
        c.last = m_doc;
        ++c.count;
        m_in_document.push_back(static_cast<std::uint32_t>(&c - m_counted.data()));
    }

    Syllables m_syllables;
    const Lexicon& m_lexicon;
    DocumentWords m_words;
    Xapian::docid m_doc = 0;
    std::array<std::uint32_t, Lexicon::max_syllables> m_path{};
    std::size_t m_length = 0;
    std::vector<Counted> m_counted;
    std::unordered_map<std::uint64_t, std::uint32_t> m_longer; ///< hash -> index in m_counted
    std::vector<std::uint32_t> m_in_document;                  ///< indexes in m_counted
};

/// Appends `ids` to `out` in ascending order, each as a varint of its difference from the
/// one before (the first from 0), as CompoundTable keeps them.
void put_ids(std::vector<std::uint32_t>& ids, std::string& out) {
    std::sort(ids.begin(), ids.end());
    std::uint32_t previous = 0;
    for (const std::uint32_t id : ids) {
        std::uint32_t step = id - previous;
        previous = id;
        while (step >= 0x80) {
            out.push_back(static_cast<char>((step & 0x7f) | 0x80));
            step >>= 7;
        }
        out.push_back(static_cast<char>(step));
    }
}

/// The varint at `i` of `bytes`; `i` moves past it.
std::uint32_t get_varint(const std::string& bytes, std::size_t& i) {
    std::uint32_t value = 0;
    for (int shift = 0;; shift += 7) {
        const auto b = static_cast<unsigned char>(bytes[i++]);
        value |= std::uint32_t{b & 0x7fu} << shift;
        if (!(b & 0x80))
            return value;
    }
}

} // namespace

CompoundSyllables compound_syllables(const Lexicon& lexicon) {
    CompoundSyllables out;
    for (const auto& [folded, accented] : lexicon.by_folded()) {
        const std::size_t space = folded.find(' ');
        const std::size_t after = folded.find(' ', space + 1);
        std::vector<std::string>& next = out.second[folded.substr(0, space)];
        const std::string second = folded.substr(space + 1, after - space - 1);
        if (std::find(next.begin(), next.end(), second) == next.end())
            next.push_back(second);
        std::size_t start = 0;
        while (start < folded.size()) {
            const std::size_t end = std::min(folded.find(' ', start), folded.size());
            out.any.insert(folded.substr(start, end - start));
            start = end + 1;
        }
    }
    return out;
}

namespace {

/// One shard's documents and their compounds, numbered as the shard's counter met them.
struct ShardCompounds {
    std::vector<SampledCompound> named;                      ///< by the counter's index
    std::vector<std::pair<Xapian::docid, std::size_t>> docs; ///< combined docid, offset
    std::string bytes; ///< each document's compounds by the counter's index
};

/// Each shard's documents on a thread of their own; a document is in one shard only.
std::vector<ShardCompounds> read_shards(const std::vector<Xapian::Database>& shards,
                                        const Lexicon& lexicon, const CompoundSyllables& all) {
    const std::size_t count = shards.size();
    std::vector<ShardCompounds> read(count);
    for_each_shard(count, [&](std::size_t k) {
        CompoundCounter counter(all, all.any, lexicon);
        const Xapian::Database& shard = shards[k];
        std::vector<std::uint32_t> ids;
        for (auto v = shard.valuestream_begin(schema::slot_positions);
             v != shard.valuestream_end(schema::slot_positions); ++v) {
            const Xapian::docid d = combined_docid(v.get_docid(), k, count);
            counter.count(d, *v);
            ids = counter.in_document();
            read[k].docs.emplace_back(d, read[k].bytes.size());
            put_ids(ids, read[k].bytes);
        }
        read[k].docs.emplace_back(0, read[k].bytes.size());
        read[k].named.reserve(counter.size());
        for (std::size_t i = 0; i < counter.size(); ++i)
            read[k].named.push_back(counter.named(i));
    });
    return read;
}

constexpr std::uint32_t no_compound = ~std::uint32_t{0};

/// Gives each compound one id across the shards (into table.compounds) and returns, by
/// shard, each of the shard's numbers' id; a sequence that merely hashes like an entry of
/// the lexicon is none (no_compound).
std::vector<std::vector<std::uint32_t>>
number_compounds(std::vector<ShardCompounds>& read, const Lexicon& lexicon, CompoundTable& table) {
    std::unordered_map<std::string, std::uint32_t> by_name;
    std::vector<std::vector<std::uint32_t>> to_id(read.size());
    for (std::size_t k = 0; k < read.size(); ++k) {
        to_id[k].reserve(read[k].named.size());
        for (SampledCompound& c : read[k].named) {
            if (!lexicon.accented(c.folded)) {
                to_id[k].push_back(no_compound);
                continue;
            }
            const auto [it, fresh] =
                by_name.try_emplace(c.folded, static_cast<std::uint32_t>(table.compounds.size()));
            if (fresh) {
                c.id = it->second;
                table.compounds.push_back(std::move(c));
            }
            to_id[k].push_back(it->second);
        }
    }
    return to_id;
}

/// Writes the documents in docid order, their compounds by id, into `table` (the shards'
/// documents interleave), counting each compound's documents.
void interleave(const std::vector<ShardCompounds>& read,
                const std::vector<std::vector<std::uint32_t>>& to_id, CompoundTable& table) {
    const std::size_t count = read.size();
    Xapian::docid last = 0;
    std::size_t bytes = 0;
    for (const ShardCompounds& r : read) {
        if (r.docs.size() > 1)
            last = std::max(last, r.docs[r.docs.size() - 2].first);
        bytes += r.bytes.size();
    }
    table.offsets.assign(static_cast<std::size_t>(last) + 2, 0);
    table.bytes.reserve(bytes);
    std::vector<std::size_t> at(count, 0); // each shard's next document
    std::vector<std::uint32_t> ids;
    for (Xapian::docid d = 1; d <= last; ++d) {
        table.offsets[d] = static_cast<std::uint32_t>(table.bytes.size());
        const std::size_t k = shard_of(d, count);
        const ShardCompounds& r = read[k];
        if (at[k] + 1 >= r.docs.size() || r.docs[at[k]].first != d)
            continue;
        ids.clear();
        const std::size_t end = r.docs[at[k] + 1].second;
        std::uint32_t local = 0;
        for (std::size_t i = r.docs[at[k]].second; i < end;) {
            local += get_varint(r.bytes, i);
            if (const std::uint32_t id = to_id[k][local]; id != no_compound) {
                ids.push_back(id);
                ++table.compounds[id].index_count;
            }
        }
        put_ids(ids, table.bytes);
        ++at[k];
    }
    table.offsets[last + 1] = static_cast<std::uint32_t>(table.bytes.size());
    table.bytes.shrink_to_fit();
}

} // namespace

CompoundTable compound_table(const std::vector<Xapian::Database>& shards, const Lexicon& lexicon,
                             const CompoundSyllables& all) {
    std::vector<ShardCompounds> read = read_shards(shards, lexicon, all);
    CompoundTable table;
    const std::vector<std::vector<std::uint32_t>> to_id = number_compounds(read, lexicon, table);
    interleave(read, to_id, table);
    return table;
}

std::size_t CompoundTable::bytes_used() const {
    std::size_t names = 0;
    for (const SampledCompound& c : compounds) {
        names += sizeof(SampledCompound) + c.folded.capacity() + 1;
        for (const std::string& s : c.syllables)
            names += sizeof(std::string) + (s.size() > 15 ? s.capacity() + 1 : 0);
    }
    return names + offsets.capacity() * 4 + bytes.capacity() + sizeof(CompoundTable);
}

std::vector<std::uint32_t> compound_counts(const CompoundTable& table,
                                           const std::vector<Xapian::docid>& docs) {
    std::vector<std::uint32_t> counts(table.compounds.size(), 0);
    for (const Xapian::docid d : docs)
        table.each(d, [&](std::uint32_t id) { ++counts[id]; });
    return counts;
}

std::vector<SampledCompound> compounds_in(const CompoundTable& table,
                                          const std::vector<Xapian::docid>& docs,
                                          const std::unordered_set<std::string>& syllables) {
    const std::vector<std::uint32_t> counts = compound_counts(table, docs);
    std::vector<SampledCompound> out;
    for (std::uint32_t id = 0; id < counts.size(); ++id) {
        if (counts[id] == 0)
            continue;
        const SampledCompound& c = table.compounds[id];
        if (!std::all_of(c.syllables.begin(), c.syllables.end(),
                         [&](const std::string& s) { return syllables.count(s) != 0; }))
            continue;
        out.push_back(c);
        out.back().count = counts[id];
    }
    return out;
}

} // namespace vnsearch::detail
