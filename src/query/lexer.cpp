#include "query/lexer.hpp"

#include "text/vietnamese.hpp"
#include "vnsearch/query.hpp"

namespace vnsearch::detail {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// Reads a query into pieces, left to right.
class Lexer {
public:
    explicit Lexer(std::string_view in) : m_in(in) {}

    std::vector<Piece> run() {
        while (true) {
            skip_space();
            if (m_at >= m_in.size())
                break;
            step();
        }
        return std::move(m_pieces);
    }

private:
    void skip_space() {
        while (m_at < m_in.size() && is_space(m_in[m_at]))
            ++m_at;
    }

    /// A value after a field name: quoted, or up to the next space.
    std::string read_value() {
        if (m_at < m_in.size() && m_in[m_at] == '"') {
            const std::size_t close = m_in.find('"', m_at + 1);
            const std::size_t end = close == std::string_view::npos ? m_in.size() : close;
            std::string v(m_in.substr(m_at + 1, end - m_at - 1));
            m_at = close == std::string_view::npos ? m_in.size() : close + 1;
            return v;
        }
        const std::size_t start = m_at;
        while (m_at < m_in.size() && !is_space(m_in[m_at]) && m_in[m_at] != ')')
            ++m_at;
        return std::string(m_in.substr(start, m_at - start));
    }

    /// A bare word ends at a space or a parenthesis: "(VNPT OR Viettel)".
    std::string read_word() {
        const std::size_t start = m_at;
        while (m_at < m_in.size() && !is_space(m_in[m_at]) && m_in[m_at] != '(' &&
               m_in[m_at] != ')')
            ++m_at;
        return std::string(m_in.substr(start, m_at - start));
    }

    /// One piece (or an operator's effect on the next) from the current position.
    void step() {
        if (m_in[m_at] == ')') {
            m_pieces.push_back({Piece::close, {}, {}, false, false, {}, m_at});
            ++m_at;
            return;
        }
        bool negated = m_next_and_not;
        bool required = false;
        m_next_and_not = false;
        if ((m_in[m_at] == '-' || m_in[m_at] == '+') && m_at + 1 < m_in.size() &&
            !is_space(m_in[m_at + 1])) {
            (m_in[m_at] == '-' ? negated : required) = true;
            ++m_at;
        }
        if (m_in[m_at] == '(') {
            m_pieces.push_back({Piece::open, {}, {}, negated, required, {}, m_at});
            ++m_at;
            return;
        }
        if (m_in[m_at] == '"') {
            const std::size_t at = m_at;
            m_pieces.push_back({Piece::phrase, read_value(), {}, negated, required, {}, at});
            return;
        }
        const std::size_t start = m_at;
        std::string word = read_word();
        if (word.empty() || (!negated && !required && operator_word(word, start)) ||
            filter(word, start, negated, required))
            return;
        add_word(std::move(word), start, negated, required);
    }

    /// OR, AND and NOT (and their Vietnamese words) written alone.
    bool operator_word(const std::string& word, std::size_t start) {
        if (word == "OR" || word == "HOẶC") {
            m_pieces.push_back({Piece::op_or, {}, {}, false, false, {}, start});
            return true;
        }
        if (word == "AND" || word == "VÀ")
            return true;
        if (word == "NOT" || word == "KHÔNG") {
            m_next_and_not = true;
            return true;
        }
        return false;
    }

    /// "field:value", when the field is one the language knows.
    bool filter(const std::string& word, std::size_t start, bool negated, bool required) {
        const std::size_t colon = word.find(':');
        if (colon == std::string::npos || colon == 0)
            return false;
        std::string field = to_lower_nfc(word.substr(0, colon));
        if (!is_field_name(field))
            return false;
        m_at = start + colon + 1;
        m_pieces.push_back(
            {Piece::filter, read_value(), std::move(field), negated, required, {}, start});
        return true;
    }

    /// A plain word joins the run of words before it, unless either is excluded.
    void add_word(std::string word, std::size_t start, bool negated, bool required) {
        if (!negated && !m_pieces.empty() && m_pieces.back().kind == Piece::words &&
            !m_pieces.back().negated) {
            Piece& run = m_pieces.back();
            run.text += ' ';
            if (required)
                run.required_at.push_back(static_cast<std::uint32_t>(run.text.size()));
            run.text += word;
            return;
        }
        Piece piece{Piece::words, std::move(word), {}, negated, false, {}, start};
        if (required)
            piece.required_at.push_back(0);
        m_pieces.push_back(std::move(piece));
    }

    std::string_view m_in;
    std::size_t m_at = 0;
    std::vector<Piece> m_pieces;
    bool m_next_and_not = false; ///< NOT was read: the next piece is excluded
};

} // namespace

std::vector<Piece> lex(std::string_view in) {
    return Lexer(in).run();
}

} // namespace vnsearch::detail
