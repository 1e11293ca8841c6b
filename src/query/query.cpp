#include "vnsearch/query.hpp"

#include "text/vietnamese.hpp"
#include "vnsearch/schema.hpp"
#include "vnsearch/utf8.hpp"

#include <algorithm>
#include <array>
#include <functional>

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

// Groups nest this deep at most; deeper parentheses only group what the outer ones do.
constexpr int max_group_depth = 32;

/// One item of the input: a run of words, a quoted phrase, a field filter, OR, or a
/// parenthesis.
struct Piece {
    enum Kind { words, phrase, filter, op_or, open, close } kind = words;
    std::string text;
    std::string field;
    bool negated = false;  ///< -x, NOT x
    bool required = false; ///< +x
    /// words: where in `text` each word typed with a + begins.
    std::vector<std::uint32_t> required_at;
    std::size_t begin = 0; ///< byte offset in the input (open, close: of the parenthesis)
};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::vector<Piece> lex(std::string_view in) {
    std::vector<Piece> pieces;
    std::size_t i = 0;
    auto skip_space = [&] {
        while (i < in.size() && is_space(in[i]))
            ++i;
    };
    // A value after a field name: quoted, or up to the next space.
    auto read_value = [&]() -> std::string {
        if (i < in.size() && in[i] == '"') {
            const std::size_t close = in.find('"', i + 1);
            const std::size_t end = close == std::string_view::npos ? in.size() : close;
            std::string v(in.substr(i + 1, end - i - 1));
            i = close == std::string_view::npos ? in.size() : close + 1;
            return v;
        }
        const std::size_t start = i;
        while (i < in.size() && !is_space(in[i]) && in[i] != ')')
            ++i;
        return std::string(in.substr(start, i - start));
    };
    // A bare word ends at a space or a parenthesis: "(VNPT OR Viettel)".
    auto read_word = [&]() -> std::string {
        const std::size_t start = i;
        while (i < in.size() && !is_space(in[i]) && in[i] != '(' && in[i] != ')')
            ++i;
        return std::string(in.substr(start, i - start));
    };
    bool next_and_not = false;
    while (true) {
        skip_space();
        if (i >= in.size())
            break;
        if (in[i] == ')') {
            pieces.push_back({Piece::close, {}, {}, false, false, {}, i});
            ++i;
            continue;
        }
        bool negated = next_and_not;
        bool required = false;
        next_and_not = false;
        if ((in[i] == '-' || in[i] == '+') && i + 1 < in.size() && !is_space(in[i + 1])) {
            (in[i] == '-' ? negated : required) = true;
            ++i;
        }
        if (in[i] == '(') {
            pieces.push_back({Piece::open, {}, {}, negated, required, {}, i});
            ++i;
            continue;
        }
        if (in[i] == '"') {
            const std::size_t at = i;
            pieces.push_back({Piece::phrase, read_value(), {}, negated, required, {}, at});
            continue;
        }
        const std::size_t start = i;
        std::string word = read_word();
        if (word.empty())
            continue;
        if (!negated && !required) {
            if (word == "OR" || word == "HOẶC") {
                pieces.push_back({Piece::op_or, {}, {}, false, false, {}, start});
                continue;
            }
            if (word == "AND" || word == "VÀ")
                continue;
            if (word == "NOT" || word == "KHÔNG") {
                next_and_not = true;
                continue;
            }
        }
        const std::size_t colon = word.find(':');
        if (colon != std::string::npos && colon > 0) {
            const std::string field = to_lower_nfc(word.substr(0, colon));
            if (is_field_name(field)) {
                i = start + colon + 1;
                pieces.push_back(
                    {Piece::filter, read_value(), field, negated, required, {}, start});
                continue;
            }
        }
        if (!negated && !pieces.empty() && pieces.back().kind == Piece::words &&
            !pieces.back().negated) {
            Piece& run = pieces.back();
            run.text += ' ';
            if (required)
                run.required_at.push_back(static_cast<std::uint32_t>(run.text.size()));
            run.text += word;
        } else {
            Piece piece{Piece::words, word, {}, negated, false, {}, start};
            if (required)
                piece.required_at.push_back(0);
            pieces.push_back(std::move(piece));
        }
    }
    return pieces;
}

/// Whether a name found in `tokens` is all of them. A code such as "TP.HCM" or "BR-VT" is
/// one token followed by its parts, which the name covers too.
bool spans_all(const Mention& m, const std::vector<Token>& tokens) {
    std::size_t last = tokens.size();
    while (last > 0 && tokens[last - 1].part)
        --last;
    return m.first == 0 && last > 0 && m.last == last - 1;
}

} // namespace

bool is_operator(std::string_view word) {
    return word == "OR" || word == "HOẶC" || word == "AND" || word == "VÀ" || word == "NOT" ||
           word == "KHÔNG";
}

bool is_field_name(std::string_view name) {
    static constexpr std::array<std::string_view, 13> fields = {
        "province", "tinh",   "tỉnh",  "former", "carrier", "year", "nam",
        "năm",      "pillar", "title", "kind",   "loai",    "loại"};
    return std::find(fields.begin(), fields.end(), name) != fields.end();
}

QueryNode QueryNode::leaf(std::string term, double scale) {
    return QueryNode{Op::term, std::move(term), scale, {}};
}

QueryNode QueryNode::of(Op op, std::vector<QueryNode> children) {
    if (children.size() == 1 && op != Op::but_not && op != Op::maybe)
        return std::move(children.front());
    return QueryNode{op, {}, 1.0, std::move(children)};
}

Xapian::Query QueryNode::to_xapian() const {
    Xapian::Query q;
    if (op == Op::term) {
        q = Xapian::Query(term);
    } else if (op == Op::match_all) {
        q = Xapian::Query::MatchAll;
    } else {
        std::vector<Xapian::Query> subs;
        for (const QueryNode& c : children)
            subs.push_back(c.to_xapian());
        switch (op) {
        case Op::any_of:
            q = Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end());
            break;
        case Op::but_not:
            q = Xapian::Query(Xapian::Query::OP_AND_NOT, subs.begin(), subs.end());
            break;
        case Op::maybe:
            q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, subs.begin(), subs.end());
            break;
        case Op::phrase:
            q = Xapian::Query(Xapian::Query::OP_PHRASE, subs.begin(), subs.end(),
                              static_cast<Xapian::termcount>(subs.size()));
            break;
        default:
            q = Xapian::Query(Xapian::Query::OP_AND, subs.begin(), subs.end());
        }
    }
    if (scale != 1.0)
        q = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, scale);
    return q;
}

std::string QueryNode::describe() const {
    static constexpr const char* names[] = {"", "*", "AND", "OR", "AND_NOT", "AND_MAYBE", "PHRASE"};
    std::string out = op == Op::term ? term : names[static_cast<int>(op)];
    if (scale != 1.0)
        out += '^' + std::to_string(scale);
    if (!children.empty()) {
        out += '(';
        for (std::size_t i = 0; i < children.size(); ++i) {
            if (i > 0)
                out += ' ';
            out += children[i].describe();
        }
        out += ')';
    }
    return out;
}

QueryParser::QueryParser(std::shared_ptr<const Knowledge> knowledge)
    : m_knowledge(std::move(knowledge)), m_analyzer(m_knowledge->lexicon) {}

std::optional<std::pair<int, int>> QueryParser::resolve_province(std::string_view name) const {
    std::string text = decode_utf8(name).text;
    std::replace(text.begin(), text.end(), '_', ' ');
    const auto tokens = tokenize(text);
    const auto mentions = m_knowledge->places.find(text, tokens, FindOptions{false});
    if (mentions.size() != 1 || !spans_all(mentions[0], tokens))
        return std::nullopt;
    const PlaceRef ref = PlaceRef::unpack(mentions[0].payload);
    if (ref.kind == PlaceRef::town)
        return std::nullopt;
    return std::make_pair(int{ref.province},
                          int{ref.kind == PlaceRef::former_name ? ref.former : 0});
}

int QueryParser::resolve_carrier(std::string_view name) const {
    std::string text = decode_utf8(name).text;
    std::replace(text.begin(), text.end(), '_', ' ');
    const auto tokens = tokenize(text);
    const auto mentions = m_knowledge->carrier_names.find(text, tokens, FindOptions{false});
    if (mentions.size() != 1 || !spans_all(mentions[0], tokens))
        return -1;
    return static_cast<int>(mentions[0].payload);
}

int QueryParser::resolve_kind(std::string_view name) const {
    const std::string folded = fold_diacritics(to_lower_nfc(decode_utf8(name).text));
    // The ids, and the words the page shows for them.
    static const std::array<std::array<std::string_view, 3>, 3> names = {{
        {"agreement", "ky ket", "thoa thuan"},
        {"implementation", "trien khai", "thuc hien"},
        {"other", "khac", "tin khac"},
    }};
    std::string spaced = folded;
    std::replace(spaced.begin(), spaced.end(), '_', ' ');
    for (std::size_t k = 0; k < names.size(); ++k)
        for (std::string_view n : names[k])
            if (spaced == n)
                return static_cast<int>(k);
    return -1;
}

int QueryParser::resolve_pillar(std::string_view name) const {
    const std::string folded = fold_diacritics(to_lower_nfc(decode_utf8(name).text));
    static const std::array<std::array<std::string_view, 3>, 4> names = {{
        {"infrastructure", "ha tang so", "ha tang"},
        {"government", "chinh quyen so", "chinh phu so"},
        {"economy", "kinh te so", "kinh te"},
        {"society", "xa hoi so", "xa hoi"},
    }};
    std::string spaced = folded;
    std::replace(spaced.begin(), spaced.end(), '_', ' ');
    for (std::size_t p = 0; p < names.size(); ++p)
        for (std::string_view n : names[p])
            if (spaced == n)
                return static_cast<int>(p);
    return -1;
}

struct QueryParser::TextPiece {
    std::string_view text;
    bool phrase = false; ///< a quoted phrase: one required clause
    bool title = false;  ///< title:...: one required clause of title terms
    bool negated = false;
    bool required = false; ///< +"phrase", +title:
    /// Where in `text` the words typed with a + begin.
    const std::vector<std::uint32_t>* required_at = nullptr;
};

QueryNode QueryGroup::node() const {
    std::vector<QueryNode> all;
    for (const Clause& c : clauses)
        all.push_back(c.node);
    QueryNode q = all.empty() ? QueryNode{QueryNode::Op::match_all, {}, 1.0, {}}
                              : QueryNode::of(QueryNode::Op::all_of, std::move(all));
    if (!negatives.empty())
        q = QueryNode::of(QueryNode::Op::but_not,
                          {std::move(q), QueryNode::of(QueryNode::Op::any_of, negatives)});
    return q;
}

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

namespace {

/// Turns the lexer's pieces into groups: OR between groups, the clauses of a group AND'ed,
/// a parenthesised group one clause of the group around it.
class GroupReader {
public:
    using TextClauses = std::function<std::vector<Clause>(const Piece&)>;
    using Filter = std::function<void(const Piece&)>;

    GroupReader(std::string_view input, const std::vector<Piece>& pieces, TextClauses text,
                Filter filter)
        : m_input(input), m_pieces(pieces), m_text(std::move(text)), m_filter(std::move(filter)) {}

    /// The groups of the whole input.
    std::vector<QueryGroup> read() { return groups(0); }

private:
    /// Reads groups up to the parenthesis closing this depth (or the end), and past it.
    std::vector<QueryGroup> groups(int depth) {
        std::vector<QueryGroup> out(1);
        while (m_at < m_pieces.size()) {
            const Piece& p = m_pieces[m_at++];
            switch (p.kind) {
            case Piece::close:
                m_closed_at = p.begin + 1;
                if (depth > 0)
                    return out;
                continue; // a parenthesis that closes nothing
            case Piece::op_or:
                if (!out.back().clauses.empty() || !out.back().negatives.empty())
                    out.emplace_back();
                continue;
            case Piece::open: {
                if (depth >= max_group_depth)
                    continue;
                m_closed_at = m_input.size();
                std::vector<QueryGroup> inner = groups(depth + 1);
                std::erase_if(inner, [](const QueryGroup& g) {
                    return g.clauses.empty() && g.negatives.empty();
                });
                if (inner.empty())
                    continue;
                std::vector<QueryNode> nodes;
                bool name = true;
                for (const QueryGroup& g : inner) {
                    nodes.push_back(g.node());
                    name = name && g.negatives.empty() && g.clauses.size() == 1 &&
                           g.clauses.front().name;
                }
                QueryNode node = QueryNode::of(QueryNode::Op::any_of, std::move(nodes));
                if (p.negated) {
                    out.back().negatives.push_back(std::move(node));
                } else {
                    std::string typed(m_input.substr(p.begin, m_closed_at - p.begin));
                    if (typed.back() != ')')
                        typed += ')';
                    out.back().clauses.push_back(
                        {std::move(node), std::move(typed), p.required, name});
                }
                continue;
            }
            case Piece::filter:
                if (p.field != "title") {
                    m_filter(p);
                    continue;
                }
                break;
            default:
                break;
            }
            std::vector<Clause> clauses = m_text(p);
            if (clauses.empty())
                continue;
            if (p.negated) {
                std::vector<QueryNode> nodes;
                for (Clause& c : clauses)
                    nodes.push_back(std::move(c.node));
                out.back().negatives.push_back(
                    QueryNode::of(QueryNode::Op::all_of, std::move(nodes)));
            } else {
                for (Clause& c : clauses)
                    out.back().clauses.push_back(std::move(c));
            }
        }
        return out;
    }

    std::string_view m_input;
    const std::vector<Piece>& m_pieces;
    TextClauses m_text;
    Filter m_filter;
    std::size_t m_at = 0;
    std::size_t m_closed_at = 0; ///< one past the last closing parenthesis read
};

} // namespace

ParsedQuery QueryParser::parse(std::string_view typed) const {
    // What users type may be any bytes; the analyzer reads only valid UTF-8.
    const std::string decoded = decode_utf8(typed).text;
    const std::string_view input = decoded;
    ParsedQuery out;
    std::string free_text;
    auto filter = [&](const Piece& p) {
        const std::string& f = p.field;
        bool understood = true;
        if (f == "province" || f == "tinh" || f == "tỉnh" || f == "former") {
            if (const auto code = resolve_province(p.text)) {
                if (code->second != 0)
                    out.filters.formers.push_back(code->second);
                else
                    out.filters.provinces.push_back(code->first);
            } else {
                understood = false;
            }
        } else if (f == "carrier") {
            const int c = resolve_carrier(p.text);
            understood = c >= 0;
            if (understood)
                out.filters.carriers.push_back(c);
        } else if (f == "pillar") {
            const int pi = resolve_pillar(p.text);
            understood = pi >= 0;
            if (understood)
                out.filters.pillars.push_back(pi);
        } else if (f == "kind" || f == "loai" || f == "loại") {
            const int ki = resolve_kind(p.text);
            understood = ki >= 0;
            if (understood)
                out.filters.kinds.push_back(ki);
        } else if (f == "year" || f == "nam" || f == "năm") {
            const std::size_t dots = p.text.find("..");
            try {
                if (dots == std::string::npos) {
                    out.filters.years.push_back(std::stoi(p.text));
                } else {
                    if (dots > 0)
                        out.filters.year_from = std::stoi(p.text.substr(0, dots));
                    if (dots + 2 < p.text.size())
                        out.filters.year_to = std::stoi(p.text.substr(dots + 2));
                }
            } catch (const std::exception&) {
                understood = false;
            }
        }
        if (!understood)
            out.errors.push_back(f + ":" + p.text);
    };
    auto text = [&](const Piece& p) {
        TextPiece piece{p.text,     p.kind == Piece::phrase, p.kind == Piece::filter, p.negated,
                        p.required, &p.required_at};
        std::vector<Clause> clauses = text_clauses(piece, out);
        if (!clauses.empty() && !p.negated && p.kind != Piece::filter)
            free_text += (free_text.empty() ? "" : " ") + p.text;
        return clauses;
    };
    const std::vector<Piece> pieces = lex(input);
    out.groups = GroupReader(input, pieces, text, filter).read();
    std::erase_if(out.groups,
                  [](const QueryGroup& g) { return g.clauses.empty() && g.negatives.empty(); });
    std::vector<QueryNode> ored;
    for (const QueryGroup& g : out.groups)
        ored.push_back(g.node());
    if (!ored.empty()) {
        out.tree = QueryNode::of(QueryNode::Op::any_of, std::move(ored));
        out.has_text = true;
    }
    if (!free_text.empty() && !has_diacritics(free_text))
        out.unaccented_text = free_text;
    return out;
}

} // namespace vnsearch
