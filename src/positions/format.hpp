#pragma once
/// The bytes of the positions store (positions.hpp): varints, the keys of runs and journal
/// chunks, the store's counters and the entries of a chunk. What the writer and the reader
/// share; these bytes are in every index, so they must not change without a new schema.

#include "vnsearch/schema.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>
#include <xapian.h>

namespace vnsearch::detail::positions {

[[noreturn]] inline void damaged() {
    throw std::runtime_error("damaged positions chunk in the index: rebuild it");
}

inline void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

/// get_varint() past its first byte.
inline std::uint64_t get_long_varint(const char*& at, const char* end) {
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
inline std::uint32_t get_varint32(const char*& at, const char* end) {
    const std::uint64_t v = get_varint(at, end);
    if (v > std::numeric_limits<std::uint32_t>::max())
        damaged();
    return static_cast<std::uint32_t>(v);
}

/// Past `count` varints from `at`.
inline const char* skip_varints(const char* at, const char* end, std::uint32_t count) {
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

inline void put_be32(std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

inline std::uint32_t get_be32(std::string_view bytes) {
    std::uint32_t v = 0;
    for (const char c : bytes.substr(0, 4))
        v = (v << 8) | static_cast<unsigned char>(c);
    return v;
}

/// The prefix of a term's run keys.
inline std::string run_prefix(std::string_view term) {
    std::string key(schema::meta_positions_run);
    key.append(term);
    key.push_back('\0');
    return key;
}

inline std::string run_key(std::string_view term, std::uint32_t seq) {
    std::string key = run_prefix(term);
    put_be32(key, seq);
    return key;
}

/// The prefix of commit `seq`'s journal keys.
inline std::string journal_prefix(std::uint32_t seq) {
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
inline bool one_varint(std::string_view positions) {
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
inline void read_entries(std::string_view chunk, std::vector<Entry>& out) {
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
inline std::string write_entries(std::vector<Entry>& entries) {
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
inline constexpr Xapian::termpos position_base = schema::body_positions - 1;

} // namespace vnsearch::detail::positions
