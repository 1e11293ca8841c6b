#include "query/lexer.hpp"

#include "text/vietnamese.hpp"
#include "vnsearch/query.hpp"

namespace vnsearch::detail {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

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

} // namespace vnsearch::detail
