// The clauses of a piece of query text: syllables with their spellings, compounds, names of
// provinces and carriers, phrases and titles, with the boosts that rank and the words that
// snippets mark.

#include "query/text_piece.hpp"
#include "vnsearch/schema.hpp"

#include <algorithm>

namespace vnsearch {
namespace {

// Weights of the optional parts of a query, relative to a plain term match.
constexpr double phrase_boost = 2.0;    // the words of a compound or name side by side
constexpr double proximity_boost = 1.0; // two query words adjacent in the text
constexpr double entity_boost = 1.5;    // any spelling of the place or company

std::string prefixed(std::string_view prefix, std::string_view term) {
    std::string t(prefix);
    t.append(term);
    return t;
}

} // namespace

/// Makes the clauses of one piece of text (text_clauses), with what they mark and boost.
class QueryParser::ClauseBuilder {
public:
    ClauseBuilder(const QueryParser& parser, const TextPiece& piece, ParsedQuery& out)
        : k(*parser.m_knowledge), m_piece(piece), m_out(out),
          a(parser.m_analyzer.analyze_query(piece.text)) {
        for (std::size_t i = 0; i < a.tokens.size(); ++i)
            if (!a.tokens[i].part)
                main.push_back(i);
    }

    std::vector<Clause> clauses() {
        if (main.empty())
            return {};
        if (m_piece.phrase || m_piece.title)
            return {phrase_or_title()};
        const std::vector<std::pair<Mention, bool>> spans = name_spans();
        mark_words(spans);
        return word_clauses(spans);
    }

private:
    /// The clause of tokens first..last (indexes into a.tokens), as typed.
    Clause clause(QueryNode node, std::size_t first, std::size_t last, bool name) const {
        const Token& f = a.tokens[first];
        const Token& l = a.tokens[last];
        bool required = m_piece.required || m_piece.phrase || m_piece.title;
        if (m_piece.required_at != nullptr)
            for (std::size_t i = first; i <= last && !required; ++i)
                required = std::find(m_piece.required_at->begin(), m_piece.required_at->end(),
                                     a.tokens[i].begin) != m_piece.required_at->end();
        std::string typed(m_piece.text.substr(f.begin, l.end - f.begin));
        if (m_piece.phrase)
            typed = '"' + typed + '"';
        else if (m_piece.title)
            typed = "title:" + typed;
        return Clause{std::move(node), std::move(typed), required, name};
    }

    QueryNode syllable(const Token& t) {
        if (m_piece.title)
            return QueryNode::leaf(prefixed(schema::title, t.folded));
        if (t.norm == t.folded)
            return QueryNode::leaf(t.folded);
        if (k.usual_form(t.folded) == t.norm) {
            // Most documents write it so and store no XA term for it: see usual_exact.
            if (!m_piece.negated &&
                std::find(m_out.usual_exact.begin(), m_out.usual_exact.end(),
                          std::pair(t.folded, t.norm)) == m_out.usual_exact.end())
                m_out.usual_exact.emplace_back(t.folded, t.norm);
            return QueryNode::leaf(t.folded);
        }
        // Diacritics typed: the exact form ranks above forms that only fold alike.
        return QueryNode::of(
            QueryNode::Op::any_of,
            {QueryNode::leaf(t.folded), QueryNode::leaf(prefixed(schema::accented, t.norm))});
    }

    QueryNode phrase_of(std::size_t first, std::size_t last) const {
        std::vector<QueryNode> terms;
        for (std::size_t i = first; i <= last; ++i)
            if (!a.tokens[i].part)
                terms.push_back(QueryNode::leaf(a.tokens[i].folded));
        return QueryNode::of(QueryNode::Op::phrase, std::move(terms));
    }

    /// A quoted phrase or a title: one required clause.
    Clause phrase_or_title() {
        for (std::size_t i : main) {
            const Token& t = a.tokens[i];
            m_out.words.push_back(t.norm);
            (t.norm == t.folded ? m_out.highlight_terms : m_out.highlight_exact).push_back(t.norm);
        }
        std::vector<QueryNode> parts;
        for (std::size_t i : main)
            parts.push_back(syllable(a.tokens[i]));
        QueryNode all = QueryNode::of(QueryNode::Op::all_of, std::move(parts));
        if (m_piece.title || main.size() == 1)
            return clause(std::move(all), main.front(), main.back(), false);
        // The phrase of folded terms matches and weighs as the words' AND would; a word typed
        // in a spelling that is not its usual one adds its XA term's weight where present.
        // (The AND filtered by the phrase walked the same posting lists twice, five times
        // slower at 100,000 documents.)
        std::vector<QueryNode> spellings;
        for (std::size_t i : main) {
            const Token& t = a.tokens[i];
            if (t.norm != t.folded && k.usual_form(t.folded) != t.norm)
                spellings.push_back(QueryNode::leaf(prefixed(schema::accented, t.norm)));
        }
        QueryNode words = phrase_of(main.front(), main.back());
        if (!spellings.empty())
            words = QueryNode::of(
                QueryNode::Op::maybe,
                {std::move(words), QueryNode::of(QueryNode::Op::any_of, std::move(spellings))});
        return clause(std::move(words), main.front(), main.back(), false);
    }

    /// Entities: any spelling of a province or a carrier in the text (true: a carrier).
    std::vector<std::pair<Mention, bool>> name_spans() const {
        std::vector<std::pair<Mention, bool>> spans;
        for (const Mention& m : k.places.find(m_piece.text, a.tokens, FindOptions{false}))
            if (PlaceRef::unpack(m.payload).kind != PlaceRef::town)
                spans.push_back({m, false});
        for (const Mention& m : k.carrier_names.find(m_piece.text, a.tokens, FindOptions{false}))
            spans.push_back({m, true});
        return spans;
    }

    /// Snippets mark a name through its mentions (any spelling), its words otherwise.
    void mark_words(const std::vector<std::pair<Mention, bool>>& spans) {
        for (std::size_t i : main) {
            const Token& t = a.tokens[i];
            m_out.words.push_back(t.norm);
            const bool in_name = std::any_of(spans.begin(), spans.end(), [&](const auto& s) {
                return s.first.first <= i && i <= s.first.last;
            });
            if (in_name)
                continue;
            if (t.norm == t.folded)
                m_out.highlight_terms.push_back(t.folded);
            else
                m_out.highlight_exact.push_back(t.norm);
        }
    }

    /// The clause of a name: its words side by side or its mention term.
    Clause name_clause(const std::pair<Mention, bool>& span) {
        const Mention& m = span.first;
        std::string term;
        if (span.second) {
            term = k.carrier_mention(static_cast<int>(m.payload));
            m_out.highlight_entities.push_back(m.payload | 0x80000000u);
        } else {
            term = k.place_mention(PlaceRef::unpack(m.payload));
            m_out.highlight_entities.push_back(m.payload);
        }
        return clause(QueryNode::of(QueryNode::Op::any_of, {phrase_of(m.first, m.last),
                                                            QueryNode::leaf(term, entity_boost)}),
                      m.first, m.last, true);
    }

    /// Names, compounds and words: what must match, and (in out.boosts) what ranks.
    std::vector<Clause> word_clauses(const std::vector<std::pair<Mention, bool>>& spans) {
        std::vector<Clause> required;
        std::vector<Clause> optional; // stop words: they rank, and decide nothing
        std::vector<QueryNode> boosts;
        std::size_t position = 0; // index into main
        while (position < main.size()) {
            const std::size_t ti = main[position];
            const auto span = std::find_if(spans.begin(), spans.end(),
                                           [&](const auto& s) { return s.first.first == ti; });
            if (span != spans.end()) {
                required.push_back(name_clause(*span));
                while (position < main.size() && main[position] <= span->first.last)
                    ++position;
                continue;
            }
            const auto compound = std::find_if(a.compounds.begin(), a.compounds.end(),
                                               [&](const Compound& c) { return c.first == ti; });
            if (compound != a.compounds.end()) {
                std::vector<QueryNode> syllables;
                for (std::size_t k2 = 0; k2 < compound->count; ++k2)
                    syllables.push_back(syllable(a.tokens[ti + k2]));
                required.push_back(
                    clause(QueryNode::of(QueryNode::Op::all_of, std::move(syllables)), ti,
                           ti + compound->count - 1, false));
                boosts.push_back(phrase_of(ti, ti + compound->count - 1));
                boosts.back().scale = phrase_boost;
                position += compound->count;
                continue;
            }
            const Token& t = a.tokens[ti];
            (k.stopwords.contains(t.norm) && main.size() > 1 ? optional : required)
                .push_back(clause(syllable(t), ti, ti, false));
            ++position;
        }
        // Words typed side by side rank higher side by side in the text ("Lê Văn Hùng").
        for (std::size_t p = 0; p + 1 < main.size(); ++p) {
            const Token& next = a.tokens[main[p + 1]];
            if (!next.after_break) {
                boosts.push_back(phrase_of(main[p], main[p + 1]));
                boosts.back().scale = proximity_boost;
            }
        }
        if (required.empty())
            required.swap(optional);
        // What must match decides the results; the rest only ranks them (ParsedQuery::boosts).
        if (!m_piece.negated) {
            for (Clause& c : optional)
                m_out.boosts.push_back(std::move(c.node));
            m_out.boosts.insert(m_out.boosts.end(), boosts.begin(), boosts.end());
        }
        return required;
    }

    const Knowledge& k;
    const TextPiece& m_piece;
    ParsedQuery& m_out;
    const Analysis a;
    std::vector<std::size_t> main; ///< the main tokens (no parts), as indexes into a.tokens
};

std::vector<Clause> QueryParser::text_clauses(const TextPiece& piece, ParsedQuery& out) const {
    return ClauseBuilder(*this, piece, out).clauses();
}

} // namespace vnsearch
