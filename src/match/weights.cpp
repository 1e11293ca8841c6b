// Weighing: BM25 of every match of a query tree, as Xapian's BM25Weight computes it, and
// the documents and counts of a tree.

#include "match/doc_lists.hpp"
#include "match/matcher.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace vnsearch {

using detail::advance;
using detail::bm25_b;
using detail::bm25_k1;
using detail::bm25_k3;
using detail::bm25_min_normlen;

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
    case QueryNode::Op::phrase:
        weigh_all_of(node, docs, f, weights, match);
        break;
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

void Matcher::weigh_all_of(const QueryNode& node, const std::vector<Xapian::docid>& docs, double f,
                           std::vector<double>& weights, std::vector<std::uint8_t>& match) {
    const std::size_t n = docs.size();
    std::vector<double> cw;
    std::vector<std::uint8_t> cm;
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
    if (node.op == QueryNode::Op::phrase)
        keep_phrase_matches(node, docs, match);
    for (std::size_t i = 0; i < n; ++i)
        if (!match[i])
            weights[i] = 0;
}

void Matcher::keep_phrase_matches(const QueryNode& node, const std::vector<Xapian::docid>& docs,
                                  std::vector<std::uint8_t>& match) {
    const std::size_t n = docs.size();
    // The whole list when this query made it or another left it cached; otherwise (a boost
    // over the best few) the positions of just these documents.
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
