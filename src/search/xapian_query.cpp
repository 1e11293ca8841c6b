#include "search/xapian_query.hpp"

#include "vnsearch/schema.hpp"

#include <array>
#include <string>
#include <vector>

namespace vnsearch::detail {
namespace {

/// Stands for a code the index does not have: its filter admits nothing.
constexpr std::string_view unknown = "\x01none";

/// The filter terms of one facet's selected values, OR'ed; MatchAll when none is selected.
Xapian::Query any_term(std::string_view prefix, const std::vector<std::string>& values) {
    if (values.empty())
        return Xapian::Query::MatchAll;
    std::vector<Xapian::Query> terms;
    terms.reserve(values.size());
    for (const std::string& v : values)
        terms.emplace_back(std::string(prefix) + v);
    return {Xapian::Query::OP_OR, terms.begin(), terms.end()};
}

/// Slugs of the names that `codes` stand for in `names`, counted from `first`.
std::vector<std::string> slugs(const std::vector<int>& codes, const std::vector<std::string>& names,
                               int first) {
    std::vector<std::string> out;
    out.reserve(codes.size());
    for (int c : codes)
        if (c >= first && c - first < static_cast<int>(names.size()))
            out.push_back(slug(names[static_cast<std::size_t>(c - first)]));
        else
            out.emplace_back(unknown);
    return out;
}

/// The ids that `indexes` stand for in `all`.
template <std::size_t N>
std::vector<std::string> ids(const std::vector<int>& indexes,
                             const std::array<std::string_view, N>& all) {
    std::vector<std::string> out;
    out.reserve(indexes.size());
    for (int i : indexes)
        out.emplace_back(i >= 0 && i < static_cast<int>(N) ? all[static_cast<std::size_t>(i)]
                                                           : unknown);
    return out;
}

/// Documents whose `slot` holds one of `values`, exactly.
Xapian::Query any_value(Xapian::valueno slot, const std::vector<std::string>& values) {
    std::vector<Xapian::Query> each;
    each.reserve(values.size());
    for (const std::string& v : values)
        each.emplace_back(Xapian::Query::OP_VALUE_RANGE, slot, v, v);
    return {Xapian::Query::OP_OR, each.begin(), each.end()};
}

std::vector<std::string> serialised_years(const std::vector<int>& years) {
    std::vector<std::string> out;
    out.reserve(years.size());
    for (int y : years)
        out.push_back(Xapian::sortable_serialise(y));
    return out;
}

} // namespace

Xapian::Query text_query(const ParsedQuery& parsed) {
    if (!parsed.has_text)
        return Xapian::Query::MatchAll;
    Xapian::Query must = parsed.tree.to_xapian();
    if (parsed.boosts.empty())
        return must;
    std::vector<Xapian::Query> boosts;
    for (const QueryNode& b : parsed.boosts)
        boosts.push_back(b.to_xapian());
    return {Xapian::Query::OP_AND_MAYBE, must,
            Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end())};
}

bool selects(const Filters& f, unsigned bit) {
    switch (bit) {
    case 0:
        return !f.provinces.empty();
    case 1:
        return !f.formers.empty();
    case 2:
        return !f.carriers.empty();
    case 3:
        return !f.years.empty();
    case 4:
        return !f.pillars.empty();
    case 6:
        return !f.kinds.empty();
    case 7:
        return !f.sources.empty();
    default:
        return false;
    }
}

Xapian::Query filter_query(const Filters& f, const Snapshot& names,
                           std::optional<unsigned> except) {
    std::vector<Xapian::Query> parts;
    auto add = [&](unsigned bit, Xapian::Query q) {
        if (bit != except && selects(f, bit))
            parts.push_back(std::move(q));
    };
    add(0, any_term(schema::province, slugs(f.provinces, names.provinces, 1)));
    add(1, any_term(schema::former, slugs(f.formers, names.formers, 1)));
    add(2, any_term(schema::carrier, slugs(f.carriers, names.carriers, 0)));
    add(3, any_value(schema::slot_year, serialised_years(f.years)));
    add(4, any_term(schema::pillar, ids(f.pillars, pillar_ids)));
    add(6, any_term(schema::kind, ids(f.kinds, kind_ids)));
    add(7, any_value(schema::slot_outlet, f.sources));
    if (f.year_from)
        parts.emplace_back(Xapian::Query::OP_VALUE_GE, schema::slot_year,
                           Xapian::sortable_serialise(*f.year_from));
    if (f.year_to)
        parts.emplace_back(Xapian::Query::OP_VALUE_LE, schema::slot_year,
                           Xapian::sortable_serialise(*f.year_to));
    if (parts.empty())
        return Xapian::Query::MatchAll;
    return {Xapian::Query::OP_AND, parts.begin(), parts.end()};
}

Xapian::Query filtered(const Xapian::Query& text, const Xapian::Query& filters) {
    if (filters.get_type() == Xapian::Query::LEAF_MATCH_ALL)
        return text;
    return {Xapian::Query::OP_FILTER, text, filters};
}

} // namespace vnsearch::detail
