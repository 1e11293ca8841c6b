#include "match/matcher.hpp"

#include "index/docids.hpp"
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

// Xapian::BM25Weight's defaults, which the index's weights have always been computed with.
constexpr double bm25_k1 = 1.0;
constexpr double bm25_k3 = 1.0;
constexpr double bm25_b = 0.5;
constexpr double bm25_min_normlen = 0.5;

/// The documents the shards found (combined docids), as one ascending list.
std::vector<Xapian::docid> in_combined_order(const std::vector<std::vector<Xapian::docid>>& found) {
    // Each shard's list is ascending already: merged in, one at a time.
    std::vector<Xapian::docid> out, merged;
    for (const std::vector<Xapian::docid>& f : found) {
        merged.resize(out.size() + f.size());
        std::merge(out.begin(), out.end(), f.begin(), f.end(), merged.begin());
        out.swap(merged);
    }
    return out;
}

/// The first position in [at, end) not below `target`: a galloping search, so walking a
/// short list through a long one costs a logarithm per step and a dense walk a step.
const Xapian::docid* advance(const Xapian::docid* at, const Xapian::docid* end,
                             Xapian::docid target) {
    std::size_t step = 1;
    const Xapian::docid* low = at;
    while (at < end && *at < target) {
        low = at + 1;
        at += step;
        step *= 2;
    }
    return std::lower_bound(low, std::min(at, end), target);
}

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

/// Collects the documents a match sees, as docids of the combined database (docids.hpp).
class DocidSpy : public Xapian::MatchSpy {
public:
    DocidSpy(std::vector<Xapian::docid>& out, std::size_t shard, std::size_t count)
        : m_out(out), m_shard(shard), m_count(count) {}
    void operator()(const Xapian::Document& doc, double) override {
        m_out.push_back(combined_docid(doc.get_docid(), m_shard, m_count));
    }

private:
    std::vector<Xapian::docid>& m_out;
    std::size_t m_shard;
    std::size_t m_count;
};

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

std::vector<Xapian::docid> Matcher::phrase_holders(const QueryNode& node) {
    const auto count = static_cast<Xapian::docid>(m_shards.size());
    if (!std::all_of(m_shards.begin(), m_shards.end(), has_positions))
        return phrase_holders_by_xapian(node);
    // The candidates hold every word; the positions store says where.
    std::vector<DocList> lists;
    std::size_t entries = 0;
    for (const QueryNode& t : node.children) {
        lists.push_back(docs_of(t));
        entries += lists.back().size;
    }
    const std::vector<Xapian::docid> candidates = intersect_all(std::move(lists));
    // Reading a term's run and stepping over an entry costs about 15 ns an entry (10 of
    // them reading, at the million), a document's own positions about 5 us (its value read,
    // the phrase's words found in it): a few candidates among long lists are checked one
    // by one.
    if (candidates.size() * 330 < entries) {
        std::vector<Xapian::docid> out;
        for (const Xapian::docid d : candidates)
            if (holds_phrase(node, d))
                out.push_back(d);
        return out;
    }
    std::vector<std::vector<Xapian::docid>> found(count);
    for_each_shard(count, [&](std::size_t shard) {
        std::vector<Xapian::docid> local;
        for (const Xapian::docid d : candidates)
            if (shard_of(d, count) == shard)
                local.push_back(local_docid(d, count));
        if (local.empty())
            return;
        // A word the phrase repeats is read once.
        std::vector<std::unique_ptr<TermPositions>> read;
        std::unordered_map<std::string, const TermPositions*> by_term;
        std::vector<const TermPositions*> terms;
        for (const QueryNode& t : node.children) {
            auto [it, fresh] = by_term.try_emplace(t.term, nullptr);
            if (fresh) {
                read.push_back(std::make_unique<TermPositions>(m_shards[shard], t.term));
                it->second = read.back().get();
            }
            terms.push_back(it->second);
        }
        for (const Xapian::docid l : phrase_in(terms, local))
            found[shard].push_back(combined_docid(l, shard, count));
    });
    return in_combined_order(found);
}

std::vector<Xapian::docid> Matcher::phrase_holders_by_xapian(const QueryNode& node) {
    // Xapian's own phrase matcher reads positions several times faster for a whole list
    // than the public API does one document at a time. Each shard is matched on its own
    // thread (the caller's thread takes the first): a match spy sees docids local to its
    // database, and an MSet of every match costs a third again as much as the matching.
    std::vector<Xapian::Query> terms;
    for (const QueryNode& t : node.children)
        terms.emplace_back(t.term);
    const Xapian::Query phrase(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                               static_cast<Xapian::termcount>(terms.size()));
    const std::size_t count = m_shards.size();
    std::vector<std::vector<Xapian::docid>> found(count);
    for_each_shard(count, [&](std::size_t k) {
        DocidSpy spy(found[k], k, count);
        Xapian::Enquire enquire(m_shards[k]);
        enquire.set_query(phrase);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.add_matchspy(&spy);
        (void)enquire.get_mset(0, 0, m_shards[k].get_doccount());
    });
    return in_combined_order(found);
}

std::vector<std::vector<Xapian::termpos>> Matcher::positions(const QueryNode& phrase,
                                                             Xapian::docid d) {
    const std::size_t k = shard_of(d, m_shards.size());
    const Xapian::docid local = local_docid(d, m_shards.size());
    std::vector<std::string> terms;
    for (const QueryNode& t : phrase.children)
        terms.push_back(t.term);
    if (m_document_positions.empty()) // read when first needed: most queries never are
        for (const Xapian::Database& shard : m_shards)
            m_document_positions.push_back(has_document_positions(shard) ? 1 : 0);
    if (m_document_positions[k]) {
        if (m_positions_of != d) {
            m_positions_value = m_shards[k]
                                    .get_document(local, Xapian::DOC_ASSUME_VALID)
                                    .get_value(schema::slot_positions);
            m_positions_of = d;
        }
        return positions_in_document(m_positions_value, terms);
    }
    std::vector<std::vector<Xapian::termpos>> out(terms.size());
    for (std::size_t i = 0; i < terms.size(); ++i)
        for (auto p = m_shards[k].positionlist_begin(local, terms[i]);
             p != m_shards[k].positionlist_end(local, terms[i]); ++p)
            out[i].push_back(*p);
    return out;
}

bool Matcher::holds_phrase(const QueryNode& node, Xapian::docid d) {
    const std::vector<std::vector<Xapian::termpos>> at = positions(node, d);
    std::vector<Xapian::termpos> starts = at[0];
    for (std::size_t i = 1; i < at.size() && !starts.empty(); ++i) {
        const auto offset = static_cast<Xapian::termpos>(i);
        std::erase_if(starts, [&](Xapian::termpos p) {
            return !std::binary_search(at[i].begin(), at[i].end(), p + offset);
        });
    }
    return !starts.empty();
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

std::string Matcher::phrase_key(const QueryNode& node) const {
    std::string key = m_revision + "\nPHRASE";
    for (const QueryNode& t : node.children)
        key += ' ' + t.term;
    return key;
}

std::shared_ptr<const std::vector<Xapian::docid>> Matcher::phrase_docs(const QueryNode& node) {
    const std::string key = phrase_key(node);
    if (auto cached = m_caches.phrases.find(key))
        return cached;
    auto found = std::make_shared<std::vector<Xapian::docid>>(phrase_holders(node));
    m_caches.phrases.insert(key, found, found->size() * 4 + 64);
    return found;
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

Matcher::PhraseCost Matcher::phrase_cost(const QueryNode& node) {
    PhraseCost cost;
    if (node.op == QueryNode::Op::phrase) {
        cost.phrases = 1;
        for (const QueryNode& t : node.children)
            cost.entries += m_db.get_termfreq(t.term);
        return cost;
    }
    for (const QueryNode& c : node.children) {
        const PhraseCost inner = phrase_cost(c);
        cost.entries += inner.entries;
        cost.phrases += inner.phrases;
    }
    return cost;
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

double Matcher::term_weight(Xapian::doccount termfreq) const {
    // BM25's inverse document frequency, kept positive the way Xapian keeps it for terms in
    // more than a third of the documents.
    double tw = (m_collection.documents - termfreq + 0.5) / (termfreq + 0.5);
    if (tw < 2)
        tw = tw * 0.5 + 1;
    constexpr double wqf = 1;
    return std::log(tw) * ((bm25_k3 + 1) * wqf / (bm25_k3 + wqf)) * (bm25_k1 + 1);
}

void Matcher::weigh_term(const std::string& term, const std::vector<Xapian::docid>& docs,
                         double factor, std::vector<double>& weights,
                         std::vector<std::uint8_t>& match, TermMatch how) {
    const std::size_t n = docs.size();
    const auto p = postings(term);
    const double tw = term_weight(p->termfreq) * factor;
    const double* const norm = m_collection.norm.data();
    auto absent = [&](std::size_t i) {
        if (how == TermMatch::clears)
            match[i] = 0;
    };
    auto present = [&](std::size_t i, Xapian::termcount wdf) {
        if (how == TermMatch::sets)
            match[i] = 1;
        const double w = static_cast<double>(wdf);
        weights[i] += tw * (w / (norm[docs[i]] + w));
    };
    if (p->dense) {
        for (std::size_t i = 0; i < n; ++i) {
            if (const std::uint8_t v = p->by_docid[docs[i]]; v == 0)
                absent(i);
            else
                present(i, v != TermPostings::large_mark ? v - 1u : p->wdf_in(docs[i]));
        }
        return;
    }
    const Xapian::docid* begin = p->docs.data();
    const Xapian::docid* const end = begin + p->docs.size();
    for (std::size_t i = 0; i < n; ++i) {
        begin = advance(begin, end, docs[i]);
        if (begin != end && *begin == docs[i])
            present(i, p->wdf[static_cast<std::size_t>(begin - p->docs.data())]);
        else
            absent(i);
    }
}

void Matcher::weigh(const QueryNode& node, const std::vector<Xapian::docid>& docs, double factor,
                    std::vector<double>& weights, std::vector<std::uint8_t>& match) {
    const std::size_t n = docs.size();
    weights.assign(n, 0.0);
    match.assign(n, 0);
    const double f = factor * node.scale;
    std::vector<double> cw;
    std::vector<std::uint8_t> cm;
    switch (node.op) {
    case QueryNode::Op::term:
        weigh_term(node.term, docs, f, weights, match, TermMatch::sets);
        break;
    case QueryNode::Op::match_all:
        match.assign(n, 1);
        break;
    case QueryNode::Op::all_of:
    case QueryNode::Op::phrase: {
        match.assign(n, 1);
        for (const QueryNode& c : node.children) {
            if (c.op == QueryNode::Op::term) {
                // Straight into the sums: no list of its own to allocate and add.
                weigh_term(c.term, docs, f * c.scale, weights, match, TermMatch::clears);
                continue;
            }
            weigh(c, docs, f, cw, cm);
            for (std::size_t i = 0; i < n; ++i) {
                match[i] &= cm[i];
                weights[i] += cw[i];
            }
        }
        if (node.op == QueryNode::Op::phrase) {
            // The whole list when this query made it or another left it cached; otherwise
            // (a boost over the best few) the positions of just these documents.
            std::optional<DocList> listed;
            if (const auto it = m_docs.find(&node); it != m_docs.end()) {
                listed = it->second;
            } else if (auto cached = m_caches.phrases.find(phrase_key(node))) {
                listed = DocList{cached->data(), cached->size()};
                m_held.push_back(std::move(cached));
            }
            if (listed) {
                const Xapian::docid* at = listed->begin();
                for (std::size_t i = 0; i < n; ++i)
                    if (match[i])
                        match[i] = listed->holds(docs[i], at);
            } else {
                for (std::size_t i = 0; i < n; ++i)
                    if (match[i])
                        match[i] = holds_phrase(node, docs[i]);
            }
        }
        for (std::size_t i = 0; i < n; ++i)
            if (!match[i])
                weights[i] = 0;
        break;
    }
    case QueryNode::Op::any_of:
        for (const QueryNode& c : node.children) {
            weigh(c, docs, f, cw, cm);
            for (std::size_t i = 0; i < n; ++i) {
                match[i] |= cm[i];
                weights[i] += cw[i];
            }
        }
        break;
    case QueryNode::Op::but_not: {
        weigh(node.children.at(0), docs, f, weights, match);
        const DocList drop = docs_of(node.children.at(1));
        const Xapian::docid* at = drop.begin();
        for (std::size_t i = 0; i < n; ++i)
            if (match[i] && drop.holds(docs[i], at)) {
                match[i] = 0;
                weights[i] = 0;
            }
        break;
    }
    case QueryNode::Op::maybe:
        weigh(node.children.at(0), docs, f, weights, match);
        weigh(node.children.at(1), docs, f, cw, cm);
        for (std::size_t i = 0; i < n; ++i)
            if (match[i])
                weights[i] += cw[i];
        break;
    }
}

Scored Matcher::evaluate(const QueryNode& node) {
    Scored out;
    if (node.empty())
        return out;
    const DocList docs = listed(docs_of(node));
    out.docs.assign(docs.begin(), docs.end());
    std::vector<std::uint8_t> match;
    weigh(node, out.docs, 1.0, out.weights, match);
    return out;
}

std::vector<Xapian::docid> Matcher::documents(const QueryNode& node) {
    if (node.empty())
        return {};
    const DocList docs = listed(docs_of(node));
    return {docs.begin(), docs.end()};
}

Xapian::doccount Matcher::count(const QueryNode& node) {
    return node.empty() ? 0 : static_cast<Xapian::doccount>(docs_of(node).size);
}

void Matcher::weigh_in(const QueryNode& node, const std::vector<Xapian::docid>& docs,
                       std::vector<double>& weights, std::vector<std::uint8_t>& matched) {
    weigh(node, docs, 1.0, weights, matched);
}

void Matcher::add_bounds(const QueryNode& node, const std::vector<Xapian::docid>& docs,
                         std::vector<double>& weights) {
    if (node.op != QueryNode::Op::phrase) {
        add_weights(node, docs, weights);
        return;
    }
    QueryNode words = node;
    words.op = QueryNode::Op::all_of;
    add_weights(words, docs, weights);
}

std::size_t Matcher::add_weights(const QueryNode& node, const std::vector<Xapian::docid>& docs,
                                 std::vector<double>& weights) {
    assert(weights.size() == docs.size());
    std::vector<double> w;
    std::vector<std::uint8_t> m;
    weigh(node, docs, 1.0, w, m);
    std::size_t matched = 0;
    for (std::size_t i = 0; i < docs.size(); ++i) {
        weights[i] += w[i];
        matched += m[i];
    }
    return matched;
}

} // namespace vnsearch
