#pragma once
/// Docids of an index of several shards. Xapian numbers the documents of a combined
/// database by interleaving its shards: shard k of n holds its local docid l as the combined
/// docid (l - 1) * n + k + 1. Reading a shard on its own (a thread per shard) and answering
/// in combined docids both go through these.

#include <cstddef>
#include <xapian.h>

namespace vnsearch {

/// The combined docid of local docid `local` of shard `shard` of `shards`.
inline Xapian::docid combined_docid(Xapian::docid local, std::size_t shard, std::size_t shards) {
    const auto n = static_cast<Xapian::docid>(shards);
    return (local - 1) * n + static_cast<Xapian::docid>(shard) + 1;
}

/// The shard holding combined docid `d`.
inline std::size_t shard_of(Xapian::docid d, std::size_t shards) {
    return (d - 1) % static_cast<Xapian::docid>(shards);
}

/// The docid combined docid `d` has in its own shard.
inline Xapian::docid local_docid(Xapian::docid d, std::size_t shards) {
    return (d - 1) / static_cast<Xapian::docid>(shards) + 1;
}

} // namespace vnsearch
