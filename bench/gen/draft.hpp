#pragma once
/// The state of one document while ArticleWriter writes it, and the drawing of sentences
/// that writer.cpp and body.cpp share (internal to the generator).

#include "rng.hpp"
#include "writer.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace vnsearch::gen {

/// Bounds of a document's text in bytes: the body's target length is at least the
/// minimum, and the text never grows past the maximum.
constexpr std::size_t min_bytes = 2048;
constexpr std::size_t max_bytes = 6144;

/// A calendar date.
struct Date {
    int y = 0, m = 0, d = 0;
};

/// Appends `v` in decimal, with leading zeros up to `width` digits.
inline void append_padded(std::string& out, int v, int width) {
    const std::string s = std::to_string(v);
    out.append(static_cast<std::size_t>(std::max(0, width - static_cast<int>(s.size()))), '0');
    out += s;
}

/// What has been decided about one document, and what it has used so far.
struct ArticleWriter::Draft {
    /// An official of the story: the sample name a template had, the invented one it got.
    struct Person {
        std::string source; ///< the name in the sample article
        std::string name;   ///< the invented name it stands for here
        bool woman = false;
    };

    explicit Draft(Rng r) : rng(r) {}

    Rng rng;                   ///< the document's own stream
    Date date;                 ///< publication date
    bool after_merger = false; ///< published on or after 1 July 2025: current province names
    bool coop = false;         ///< about a cooperation agreement
    int old = -1;              ///< old province, -1: the story is about no province
    int cur = -1;              ///< the current province that `old` belongs to
    bool variant = false;      ///< write the province under its other spelling
    std::vector<std::uint8_t> carriers; ///< indices into carriers(), ascending
    std::uint8_t pillars = 0;           ///< Pillar bits the body is drawn from
    std::vector<const Sentence*> used;  ///< templates already in the document
    std::vector<Person> people;
    std::string lead; ///< the rendered first sentence (a fallback headline)
};

/// A sentence of `pool` that fits the document and `ok`, after at most `tries` draws;
/// nullptr when none came up. The sentence joins the document's used ones.
template <typename Pred>
const Sentence* ArticleWriter::draw(const Pool& pool, const std::vector<Sentence>& from, Draft& d,
                                    Pred ok, int tries) const {
    if (pool.ids.empty())
        return nullptr;
    for (int t = 0; t < tries; ++t) {
        const Sentence& s = from[pool.ids[pool.zipf.draw(d.rng)]];
        if (compatible(s, d) && ok(s)) {
            d.used.push_back(&s);
            return &s;
        }
    }
    return nullptr;
}

} // namespace vnsearch::gen
