#include "vnsearch/query.hpp"

#include "query/lexer.hpp"
#include "query/text_piece.hpp"
#include "text/vietnamese.hpp"
#include "vnsearch/schema.hpp"
#include "vnsearch/utf8.hpp"

#include <algorithm>
#include <array>
#include <functional>

namespace vnsearch {
namespace {

using detail::lex;
using detail::Piece;

// Groups nest this deep at most; deeper parentheses only group what the outer ones do.
constexpr int max_group_depth = 32;

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
                nodes.reserve(clauses.size());
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

/// `text` without U+FEFF: a byte order mark, or a zero-width no-break space pasted in with the
/// text, means nothing in a query. decode_utf8() drops one at the start; any other would
/// glue the word or quote it stands before to what precedes it, so that a query and its
/// decoded text could read differently.
std::string without_byte_order_marks(std::string text) {
    static constexpr std::string_view mark = "\xEF\xBB\xBF";
    for (std::size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at))
        text.erase(at, mark.size());
    return text;
}

} // namespace

ParsedQuery QueryParser::parse(std::string_view typed) const {
    // What users type may be any bytes; the analyzer reads only valid UTF-8.
    const std::string decoded = without_byte_order_marks(decode_utf8(typed).text);
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
