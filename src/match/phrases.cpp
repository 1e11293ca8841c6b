// Phrases: the documents holding a query's words side by side, from the positions store
// (or Xapian's own positions for an index without one), and the positions of a phrase's
// words in one document.

#include "index/docids.hpp"
#include "match/doc_lists.hpp"
#include "match/matcher.hpp"
#include "positions/positions.hpp"
#include "vnsearch/schema.hpp"

#include <algorithm>
#include <unordered_map>

namespace vnsearch {
namespace {

using detail::in_combined_order;

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

} // namespace

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

} // namespace vnsearch
