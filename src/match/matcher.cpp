#include "match/matcher.hpp"

#include "index/docids.hpp"
#include "match/doc_lists.hpp"
#include "positions/positions.hpp"
#include "vnsearch/schema.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstring>
#include <exception>
#include <functional>
#include <limits>
#include <optional>
#include <thread>

namespace vnsearch {
namespace {

using detail::advance;
using detail::bm25_b;
using detail::bm25_k1;
using detail::bm25_min_normlen;

/// The documents of `small` that `list` holds.
std::vector<Xapian::docid> intersect(const std::vector<Xapian::docid>& small,
                                     const Xapian::docid* begin, const Xapian::docid* end,
                                     const std::uint8_t* dense) {
    std::vector<Xapian::docid> out;
    out.reserve(small.size());
    if (dense) {
        for (const Xapian::docid d : small)
            if (dense[d] != 0)
                out.push_back(d);
        return out;
    }
    for (const Xapian::docid d : small) {
        begin = advance(begin, end, d);
        if (begin == end)
            break;
        if (*begin == d)
            out.push_back(d);
    }
    return out;
}

/// The docids below `n` that every array of `flags` flags (non-zero), ascending. Eight
/// documents are tested at a time: a byte's high bit, after adding 0x7F to its low seven,
/// is set exactly when the byte is not zero.
std::vector<Xapian::docid> flagged_in_all(const std::vector<const std::uint8_t*>& flags,
                                          std::size_t n, std::size_t expected) {
    static_assert(std::endian::native == std::endian::little, "bytes counted from the low end");
    constexpr std::uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    constexpr std::uint64_t high = 0x8080808080808080ull;
    std::vector<Xapian::docid> out;
    out.reserve(expected);
    std::size_t d = 0;
    for (; d + 8 <= n; d += 8) {
        std::uint64_t all = high;
        for (const std::uint8_t* f : flags) {
            std::uint64_t w;
            std::memcpy(&w, f + d, sizeof w);
            all &= ((w & low7) + low7) | w;
        }
        for (; all != 0; all &= all - 1)
            out.push_back(static_cast<Xapian::docid>(d + std::countr_zero(all) / 8));
    }
    for (; d < n; ++d)
        if (std::all_of(flags.begin(), flags.end(), [&](const std::uint8_t* f) { return f[d]; }))
            out.push_back(static_cast<Xapian::docid>(d));
    return out;
}

/// Whether a term in `termfreq` documents keeps its postings by docid (TermPostings): where
/// a byte a document takes no more memory than six bytes a posting.
bool kept_dense(Xapian::doccount termfreq, const Collection& c) {
    return std::size_t{termfreq} * 6 >= c.norm.size();
}

} // namespace

Xapian::termcount TermPostings::wdf_in(Xapian::docid d) const {
    if (dense) {
        const std::uint8_t v = d < by_docid.size() ? by_docid[d] : 0;
        if (v != large_mark)
            return v == 0 ? 0u : v - 1u;
        const auto at =
            std::lower_bound(large.begin(), large.end(), std::pair(d, Xapian::termcount{0}));
        return at != large.end() && at->first == d ? at->second : 0u;
    }
    const auto at = std::lower_bound(docs.begin(), docs.end(), d);
    return at != docs.end() && *at == d ? wdf[static_cast<std::size_t>(at - docs.begin())] : 0u;
}

bool Matcher::DocList::holds(Xapian::docid d, const Xapian::docid*& at) const {
    if (dense)
        return dense[d] != 0;
    at = advance(at, end(), d);
    return at != end() && *at == d;
}

Collection Collection::read(const Xapian::Database& db) {
    Collection c;
    c.documents = db.get_doccount();
    const double average = db.get_avlength();
    const double length_factor = average != 0 ? 1 / average : 0;
    c.norm.assign(db.get_lastdocid() + 1, 0.0);
    c.all.reserve(c.documents);
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
        c.all.push_back(*p);
        const double normlen = std::max(p.get_doclength() * length_factor, bm25_min_normlen);
        c.norm[*p] = bm25_k1 * (normlen * bm25_b + (1 - bm25_b));
    }
    return c;
}

Matcher::Matcher(const Xapian::Database& db, const std::vector<Xapian::Database>& shards,
                 const Collection& collection, std::string revision, MatcherCaches& caches)
    : m_db(db), m_shards(shards), m_collection(collection), m_revision(std::move(revision)),
      m_caches(caches) {
    assert(shards.size() == db.size());
}

std::shared_ptr<const TermPostings> Matcher::postings(const std::string& term) {
    const std::string key = m_revision + '\n' + term;
    if (auto cached = m_caches.postings.find(key))
        return cached;
    auto fresh = std::make_shared<TermPostings>();
    const Xapian::doccount freq = m_db.get_termfreq(term);
    constexpr Xapian::termcount most = std::numeric_limits<std::uint16_t>::max() - 1;
    fresh->termfreq = freq;
    fresh->dense = kept_dense(freq, m_collection);
    const auto count = static_cast<Xapian::docid>(m_shards.size());
    // Each shard's list is read on its own thread when long enough to pay for one, in the
    // combined docids (docids.hpp).
    std::vector<std::vector<Xapian::docid>> docs(count);
    std::vector<std::vector<std::uint16_t>> wdfs(count);
    std::vector<std::vector<std::pair<Xapian::docid, Xapian::termcount>>> large(count);
    if (fresh->dense)
        fresh->by_docid.assign(m_collection.norm.size(), 0);
    auto read_shard = [&](std::size_t shard) {
        const Xapian::Database& db = m_shards[shard];
        std::uint8_t* const by_docid = fresh->by_docid.data();
        const std::size_t slots = fresh->by_docid.size();
        for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
            const Xapian::docid d = combined_docid(*p, shard, count);
            const Xapian::termcount wdf = p.get_wdf();
            if (!fresh->dense) {
                docs[shard].push_back(d);
                wdfs[shard].push_back(static_cast<std::uint16_t>(std::min(wdf, most)));
            } else if (d < slots) {
                // Shards write disjoint bytes.
                if (wdf + 1 < TermPostings::large_mark) {
                    by_docid[d] = static_cast<std::uint8_t>(wdf + 1);
                } else {
                    by_docid[d] = TermPostings::large_mark;
                    large[shard].emplace_back(d, wdf);
                }
            }
        }
    };
    constexpr Xapian::doccount worth_a_thread = 20000;
    if (freq >= worth_a_thread)
        for_each_shard(m_shards.size(), read_shard);
    else
        for (std::size_t shard = 0; shard < count; ++shard)
            read_shard(shard);
    for (const auto& part : large)
        fresh->large.insert(fresh->large.end(), part.begin(), part.end());
    std::sort(fresh->large.begin(), fresh->large.end());
    if (!fresh->dense) {
        // Merge the shards' ascending lists.
        fresh->docs.reserve(freq);
        fresh->wdf.reserve(freq);
        std::vector<std::size_t> at(count, 0);
        while (true) {
            std::size_t best = count;
            for (std::size_t k = 0; k < count; ++k)
                if (at[k] < docs[k].size() &&
                    (best == count || docs[k][at[k]] < docs[best][at[best]]))
                    best = k;
            if (best == count)
                break;
            fresh->docs.push_back(docs[best][at[best]]);
            fresh->wdf.push_back(wdfs[best][at[best]]);
            ++at[best];
        }
    }
    m_caches.postings.insert(key, fresh, fresh->bytes());
    return fresh;
}

void for_each_shard(std::size_t count, const std::function<void(std::size_t)>& work) {
    std::vector<std::exception_ptr> failed(count);
    auto run = [&](std::size_t k) {
        try {
            work(k);
        } catch (...) {
            failed[k] = std::current_exception();
        }
    };
    std::vector<std::thread> helpers;
    for (std::size_t k = 1; k < count; ++k)
        helpers.emplace_back(run, k);
    if (count > 0)
        run(0);
    for (std::thread& t : helpers)
        t.join();
    for (const std::exception_ptr& e : failed)
        if (e)
            std::rethrow_exception(e);
}

void Matcher::add_wdf(const std::string& term, const std::vector<Xapian::docid>& docs,
                      std::vector<Xapian::termcount>& into) {
    assert(into.size() == docs.size());
    auto held = m_caches.postings.find(m_revision + '\n' + term);
    if (!held && docs.size() * 16 < m_db.get_termfreq(term)) {
        Xapian::PostingIterator p = m_db.postlist_begin(term);
        const Xapian::PostingIterator end = m_db.postlist_end(term);
        for (std::size_t i = 0; i < docs.size() && p != end; ++i) {
            p.skip_to(docs[i]);
            if (p != end && *p == docs[i])
                into[i] += p.get_wdf();
        }
        return;
    }
    if (!held)
        held = postings(term);
    for (std::size_t i = 0; i < docs.size(); ++i)
        into[i] += held->wdf_in(docs[i]);
}

Matcher::DocList Matcher::listed(DocList list) {
    if (list.data != nullptr || list.dense == nullptr)
        return list;
    return keep(flagged_in_all({list.dense}, m_collection.norm.size(), list.size));
}

std::vector<Xapian::docid> Matcher::intersect_all(std::vector<DocList> lists) {
    // Shortest first: every later step walks the survivors through a longer list.
    std::sort(lists.begin(), lists.end(),
              [](const DocList& a, const DocList& b) { return a.size < b.size; });
    std::vector<Xapian::docid> acc;
    if (lists.empty())
        return acc;
    const auto unlisted = [](const DocList& l) { return l.data == nullptr && l.dense != nullptr; };
    if (unlisted(lists[0])) {
        // Common words only, to begin with: their flags by docid, tested side by side.
        std::vector<const std::uint8_t*> flags;
        for (const DocList& l : lists)
            if (unlisted(l))
                flags.push_back(l.dense);
        acc = flagged_in_all(flags, m_collection.norm.size(), lists[0].size);
        std::erase_if(lists, unlisted);
    } else {
        acc.assign(lists[0].begin(), lists[0].end());
        lists.erase(lists.begin());
    }
    for (std::size_t i = 0; i < lists.size() && !acc.empty(); ++i)
        acc = intersect(acc, lists[i].begin(), lists[i].end(), lists[i].dense);
    return acc;
}

void Matcher::preload(const std::vector<std::pair<std::string, Xapian::doccount>>& terms,
                      std::size_t bytes) {
    std::vector<std::pair<std::string, Xapian::doccount>> order = terms;
    std::sort(order.begin(), order.end(),
              [](const auto& a, const auto& b) { return a.second > b.second; });
    std::size_t used = 0;
    for (const auto& [term, freq] : order) {
        used += 64 +
                (kept_dense(freq, m_collection) ? m_collection.norm.size() : std::size_t{freq} * 6);
        if (used > bytes)
            break;
        postings(term);
    }
}

Matcher::DocList Matcher::keep(std::vector<Xapian::docid> docs) {
    m_owned.push_back(std::make_unique<std::vector<Xapian::docid>>(std::move(docs)));
    return {m_owned.back()->data(), m_owned.back()->size()};
}

Matcher::DocList Matcher::docs_of(const QueryNode& node) {
    if (const auto it = m_docs.find(&node); it != m_docs.end())
        return it->second;
    DocList out;
    switch (node.op) {
    case QueryNode::Op::term: {
        auto p = postings(node.term);
        out = {p->dense ? nullptr : p->docs.data(), p->termfreq,
               p->dense ? p->by_docid.data() : nullptr};
        m_held.push_back(std::move(p));
        break;
    }
    case QueryNode::Op::match_all:
        out = {m_collection.all.data(), m_collection.all.size()};
        break;
    case QueryNode::Op::all_of:
        out = keep(all_of(node));
        break;
    case QueryNode::Op::any_of: {
        std::vector<Xapian::docid> acc;
        for (const QueryNode& c : node.children) {
            const DocList l = listed(docs_of(c));
            std::vector<Xapian::docid> merged;
            merged.reserve(acc.size() + l.size);
            std::set_union(acc.begin(), acc.end(), l.begin(), l.end(), std::back_inserter(merged));
            acc.swap(merged);
        }
        out = keep(std::move(acc));
        break;
    }
    case QueryNode::Op::but_not: {
        const DocList keep_these = listed(docs_of(node.children.at(0)));
        const DocList drop = docs_of(node.children.at(1));
        std::vector<Xapian::docid> acc;
        acc.reserve(keep_these.size);
        const Xapian::docid* at = drop.begin();
        for (const Xapian::docid d : keep_these)
            if (!drop.holds(d, at))
                acc.push_back(d);
        out = keep(std::move(acc));
        break;
    }
    case QueryNode::Op::maybe:
        out = docs_of(node.children.at(0));
        break;
    case QueryNode::Op::phrase: {
        auto p = phrase_docs(node);
        out = {p->data(), p->size()};
        m_held.push_back(std::move(p));
        break;
    }
    }
    m_docs[&node] = out;
    return out;
}

std::vector<Xapian::docid> Matcher::all_of(const QueryNode& node) {
    // A child holding phrases is matched over the whole index (and cached) unless the other
    // children leave few documents: checking a phrase in one document from its own positions
    // costs what reading about 330 entries of the phrase's words does (phrase_holders' rule),
    // so when the documents left times the child's phrases times 330 are fewer than the
    // entries, its phrases are checked in those documents only. A long query's OR of phrases
    // then costs its few candidates, not every position of "chuyển đổi số" in the index.
    constexpr std::size_t entries_per_check = 330;
    std::vector<std::pair<PhraseCost, const QueryNode*>> phrasal;
    std::vector<DocList> lists;
    std::size_t fewest = std::numeric_limits<std::size_t>::max();
    for (const QueryNode& c : node.children) {
        if (const PhraseCost cost = phrase_cost(c); cost.phrases > 0) {
            phrasal.emplace_back(cost, &c);
        } else {
            lists.push_back(docs_of(c));
            fewest = std::min(fewest, lists.back().size);
        }
    }
    auto worth_checking = [&](std::size_t documents, const PhraseCost& cost) {
        return documents != std::numeric_limits<std::size_t>::max() &&
               documents * cost.phrases * entries_per_check < cost.entries;
    };
    // The fewest entries first: each may leave fewer documents for the next to check.
    std::stable_sort(phrasal.begin(), phrasal.end(), [](const auto& a, const auto& b) {
        return a.first.entries < b.first.entries;
    });
    std::vector<std::pair<PhraseCost, const QueryNode*>> checked;
    for (const auto& [cost, child] : phrasal) {
        if (worth_checking(fewest, cost)) {
            checked.emplace_back(cost, child);
        } else {
            lists.push_back(docs_of(*child));
            fewest = std::min(fewest, lists.back().size);
        }
    }
    std::vector<Xapian::docid> acc = intersect_all(std::move(lists));
    std::vector<double> weights;
    std::vector<std::uint8_t> holds;
    for (const auto& [cost, child] : checked) {
        if (acc.empty())
            break;
        if (worth_checking(acc.size(), cost)) {
            weigh(*child, acc, 0.0, weights, holds);
            std::size_t kept = 0;
            for (std::size_t i = 0; i < acc.size(); ++i)
                if (holds[i])
                    acc[kept++] = acc[i];
            acc.resize(kept);
        } else {
            const DocList l = docs_of(*child);
            acc = intersect(acc, l.begin(), l.end(), l.dense);
        }
    }
    return acc;
}

} // namespace vnsearch
