// Rendering templates: the slots of a sentence filled in for one document.
#include "draft.hpp"
#include "gazetteer.hpp"
#include "writer.hpp"

#include <algorithm>
#include <cassert>
#include <string>

namespace vnsearch::gen {

namespace {

std::int64_t pow10(int n) {
    std::int64_t p = 1;
    while (n-- > 0)
        p *= 10;
    return p;
}

/// 1250 -> "1.250", 1250 with 1 decimal -> "125,0": the Vietnamese way.
void append_number(std::string& out, std::int64_t scaled, int decimals) {
    const std::int64_t unit = pow10(decimals);
    const std::string ip = std::to_string(scaled / unit);
    for (std::size_t i = 0; i < ip.size(); ++i) {
        if (i > 0 && (ip.size() - i) % 3 == 0 && ip.size() > 3)
            out.push_back('.');
        out.push_back(ip[i]);
    }
    if (decimals > 0) {
        out.push_back(',');
        append_padded(out, static_cast<int>(scaled % unit), decimals);
    }
}

std::string_view last_syllable(std::string_view name) {
    const auto p = name.rfind(' ');
    return p == std::string_view::npos ? name : name.substr(p + 1);
}

/// A year of a template moved by `shift`, the years between its article and the document.
int moved_year(std::int64_t year, int shift) {
    return std::clamp(static_cast<int>(year) + shift, 2005, 2045);
}

/// A figure redrawn within +-40 %, rounded to the power of ten it was a multiple of; a
/// percentage stays at most 100.
void append_redrawn(const Piece& p, Rng& rng, std::string& out) {
    std::int64_t v = p.value;
    std::int64_t unit = 1;
    while (v % (unit * 10) == 0 && unit < 1'000'000'000'000)
        unit *= 10;
    std::int64_t nv = v * rng.between(60, 140) / 100;
    nv = std::max(unit, (nv + unit / 2) / unit * unit);
    if ((p.flags & 2) != 0)
        nv = std::min(nv, 100 * pow10(p.form));
    append_number(out, nv, p.form);
}

} // namespace

std::string ArticleWriter::invent_name(bool woman, Rng& rng) const {
    const auto& names = m_model.names;
    std::string name = names.families[m_family_rank.draw(rng)];
    const auto& middles = names.middles[woman];
    const auto& givens = names.givens[woman];
    // Men are sometimes given two middle names (Nguyễn Văn Minh Tuấn); women one (Thị, Thu).
    const int n_middle = !woman && rng.percent(15) ? 2 : 1;
    std::string_view previous;
    for (int k = 0; k < n_middle; ++k) {
        const std::string& mid = middles[rng.below(middles.size())];
        if (mid == previous)
            continue;
        name += ' ';
        name += mid;
        previous = mid;
    }
    name += ' ';
    name += givens[rng.below(givens.size())];
    return name;
}

void ArticleWriter::render_person(const Piece& p, Draft& d, std::string& out) const {
    const bool woman = p.form != 0;
    if (p.slot == Slot::person) {
        for (const auto& x : d.people)
            if (x.source == p.text) {
                out += x.name;
                return;
            }
        d.people.push_back({p.text, invent_name(woman, d.rng), woman});
        out += d.people.back().name;
        return;
    }
    // "ông Thịnh": the person of that given name, else somebody already in the story.
    for (const auto& x : d.people)
        if (last_syllable(x.source) == p.text) {
            out += last_syllable(x.name);
            return;
        }
    std::vector<std::size_t> same;
    for (std::size_t i = 0; i < d.people.size(); ++i)
        if (d.people[i].woman == woman)
            same.push_back(i);
    const std::string name =
        same.empty() ? invent_name(woman, d.rng) : d.people[same[d.rng.below(same.size())]].name;
    d.people.push_back({p.text, name, woman});
    out += last_syllable(name);
}

void ArticleWriter::render_province(const Piece& p, const Draft& d, std::string& out) {
    if (d.old < 0) {
        out += prefix_text(static_cast<Prefix>(p.form));
        out += p.text;
        return;
    }
    const auto& o = old_provinces()[static_cast<std::size_t>(d.old)];
    const auto& c = current_provinces()[static_cast<std::size_t>(d.cur)];
    const std::string_view name = d.after_merger ? c.name : o.name;
    const std::string_view bare = d.after_merger ? c.bare : o.bare;
    const std::string_view variant = d.after_merger ? c.variant : o.variant;
    const bool city = d.after_merger ? c.city : o.city;
    switch (static_cast<Prefix>(p.form)) {
    case Prefix::none:
        out += d.variant && !variant.empty() ? variant : name;
        break;
    case Prefix::tinh:
    case Prefix::thanh_pho:
        out += city ? "thành phố " : "tỉnh ";
        out += bare;
        break;
    case Prefix::Tinh:
    case Prefix::Thanh_pho:
        out += city ? "Thành phố " : "Tỉnh ";
        out += bare;
        break;
    case Prefix::tp:
        out += city ? "TP. " : "tỉnh ";
        out += bare;
        break;
    }
}

void ArticleWriter::render_date(const Piece& p, Draft& d, bool as_lead, int shift,
                                std::string& out) {
    switch (p.slot) {
    case Slot::day_month:
        if (as_lead) {
            out += std::to_string(d.date.d) + '/' + std::to_string(d.date.m);
        } else {
            // The operands of + are unsequenced: g++ drew the month first, and statements of
            // their own keep that order (and the corpora already generated) on every compiler.
            const auto month = d.rng.between(1, 12);
            const auto day = d.rng.between(1, 28);
            out += std::to_string(day) + '/' + std::to_string(month);
        }
        break;
    case Slot::full_date: {
        const int y = as_lead ? d.date.y : moved_year(p.value, shift);
        const int m = as_lead ? d.date.m : static_cast<int>(d.rng.between(1, 12));
        const int day = as_lead ? d.date.d : static_cast<int>(d.rng.between(1, 28));
        append_padded(out, day, p.form != 0 ? 2 : 1);
        out += '/';
        append_padded(out, m, p.form != 0 ? 2 : 1);
        out += '/' + std::to_string(y);
        break;
    }
    case Slot::month_year:
        out += std::to_string(p.id) + '/' + std::to_string(moved_year(p.value, shift));
        break;
    default:
        assert(false && "render_date: not a date slot");
    }
}

void ArticleWriter::render(const Sentence& s, Draft& d, bool as_lead, std::string& out) const {
    const int shift = d.date.y - s.source_year;
    // Carriers of the sentence in order of appearance -> the carriers of the document.
    int first_carrier = -1;
    const std::size_t rotate = d.carriers.size() > 1 ? d.rng.below(d.carriers.size()) : 0;
    for (const Piece& p : s.pieces) {
        switch (p.slot) {
        case Slot::text:
            out += p.text;
            break;
        case Slot::province:
            render_province(p, d, out);
            break;
        case Slot::town:
            if (d.old < 0) {
                out += p.text;
            } else {
                const auto& o = old_provinces()[static_cast<std::size_t>(d.old)];
                out += o.seat.empty() ? o.bare : o.seat;
            }
            break;
        case Slot::carrier: {
            if (d.carriers.empty()) {
                out += p.text;
                break;
            }
            if (first_carrier < 0)
                first_carrier = p.id;
            const std::size_t k = (p.id == first_carrier ? 0 : 1) + rotate;
            const Carrier& c = carriers()[d.carriers[k % d.carriers.size()]];
            out += p.form != 0 ? c.long_name : c.canonical;
            break;
        }
        case Slot::person:
        case Slot::given_name:
            render_person(p, d, out);
            break;
        case Slot::year:
            out += std::to_string(moved_year(p.value, shift));
            break;
        case Slot::number:
            append_redrawn(p, d.rng, out);
            break;
        case Slot::day_month:
        case Slot::full_date:
        case Slot::month_year:
            render_date(p, d, as_lead, shift, out);
            break;
        }
    }
}

} // namespace vnsearch::gen
