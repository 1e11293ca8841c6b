#include "extract/dates.hpp"

#include <algorithm>
#include <array>

namespace vnsearch::extract {
namespace {

// The opening of a story: a date in its first sentences dates the story.
constexpr std::size_t opening_sentences = 3;
/// "14/3/2024" or "14/3" as a date token's norm gives them.
std::optional<DateMention> from_date_token(const Token& t, std::uint32_t index) {
    const std::size_t a = t.norm.find('/');
    if (a == std::string::npos)
        return std::nullopt;
    const std::size_t b = t.norm.find('/', a + 1);
    DateMention m;
    m.token = index;
    m.date.day = read_digits(std::string_view(t.norm).substr(0, a));
    m.date.month =
        read_digits(std::string_view(t.norm).substr(a + 1, b == std::string::npos ? b : b - a - 1));
    if (b != std::string::npos) {
        m.date.year = read_digits(std::string_view(t.norm).substr(b + 1));
        if (!PartialDate::parse(m.date.iso()))
            return std::nullopt;
    } else {
        m.day_month_only = true;
        PartialDate probe{2000, m.date.month, m.date.day}; // a leap year
        if (!PartialDate::parse(probe.iso()))
            return std::nullopt;
    }
    return m;
}

/// A date in a web address: "/2020/12/17/", "/2020/12/", "/202012/", "-20210715172131.htm",
/// "/2021-07-15/". Only the path counts, and only a real calendar date.
PartialDate date_in_url(std::string_view url) {
    const std::size_t scheme = url.find("://");
    const std::size_t path = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
    if (path == std::string_view::npos)
        return {};
    const std::string_view p = url.substr(path);
    auto digits_at = [&](std::size_t at, std::size_t n) {
        if (at + n > p.size())
            return -1;
        return read_digits(p.substr(at, n));
    };
    for (std::size_t i = 0; i + 5 < p.size(); ++i) {
        if (p[i] != '/' && p[i] != '-' && p[i] != '_')
            continue;
        const int year = digits_at(i + 1, 4);
        if (year < 1990 || year > 2099)
            continue;
        const std::size_t after = i + 5;
        PartialDate d{year, 0, 0};
        if (after < p.size() && (p[after] == '/' || p[after] == '-')) {
            d.month = digits_at(after + 1, 2); // "/2020/12/17", "/2021-07-15"
            if (after + 3 < p.size() && p[after + 3] == p[after])
                d.day = digits_at(after + 4, 2);
        } else {
            d.month = digits_at(after, 2); // "/202012/", "-20210715..."
            if (d.month > 0 && after + 2 < p.size() && p[after + 2] >= '0' && p[after + 2] <= '9')
                d.day = digits_at(after + 2, 2);
        }
        if (d.month < 1 || d.month > 12)
            continue;
        if (d.day < 1 || d.day > 31)
            d.day = 0;
        if (PartialDate::parse(d.iso()))
            return d;
    }
    return {};
}

} // namespace

int read_digits(std::string_view s) {
    int v = 0;
    if (s.empty() || s.size() > 4)
        return -1;
    for (const char c : s) {
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

std::vector<DateMention> dates_in(const Page& page, const Sentence& s) {
    std::vector<DateMention> out;
    const std::vector<Token>& tokens = page.tokens;
    for (std::uint32_t i = s.first_token; i < s.end_token; ++i) {
        const Token& t = tokens[i];
        if (t.part)
            continue;
        if (t.kind == TokenKind::date) {
            if (auto m = from_date_token(t, i))
                out.push_back(*m);
            continue;
        }
        const Token* n1 = next_main(tokens, i, 1);
        const Token* n2 = next_main(tokens, i, 2);
        const Token* n3 = next_main(tokens, i, 3);
        const Token* n4 = next_main(tokens, i, 4);
        const Token* n5 = next_main(tokens, i, 5);
        // "ngày 26 tháng 12 năm 2014", "ngày 26 tháng 12"
        if (t.folded == "ngay" && n1 && n1->kind == TokenKind::number && is(n2, "thang") && n3 &&
            n3->kind == TokenKind::number) {
            DateMention m;
            m.token = i;
            m.date.day = read_digits(n1->norm);
            m.date.month = read_digits(n3->norm);
            const Token* last = n3;
            if (is(n4, "nam") && n5 && n5->kind == TokenKind::year) {
                m.date.year = read_digits(n5->norm);
                last = n5;
                if (PartialDate::parse(m.date.iso()))
                    out.push_back(m);
            } else if (PartialDate::parse(PartialDate{2000, m.date.month, m.date.day}.iso())) {
                m.day_month_only = true;
                out.push_back(m);
            }
            i = static_cast<std::uint32_t>(last - tokens.data()); // read on after it
            continue;
        }
        // "tháng 12 năm 2014", "tháng 9/2016", "tháng 12-2014"
        if (t.folded == "thang" && n1 != nullptr) {
            DateMention m;
            m.token = i;
            const Token* last = n1;
            if (n1->kind == TokenKind::number && is(n2, "nam") && n3 &&
                n3->kind == TokenKind::year) {
                m.date.month = read_digits(n1->norm);
                m.date.year = read_digits(n3->norm);
                last = n3;
            } else if (n1->kind == TokenKind::code) {
                const std::size_t sep = n1->norm.find_first_of("/-");
                if (sep != std::string::npos) {
                    m.date.month = read_digits(std::string_view(n1->norm).substr(0, sep));
                    m.date.year = read_digits(std::string_view(n1->norm).substr(sep + 1));
                }
            }
            if (m.date.year > 0 && PartialDate::parse(m.date.iso())) {
                out.push_back(m);
                i = static_cast<std::uint32_t>(last - tokens.data());
            }
            continue;
        }
        // "năm 2016", "vào năm 2016"
        if (t.folded == "nam" && n1 != nullptr && n1->kind == TokenKind::year) {
            const Token* before = previous_main(tokens, i);
            if (before != nullptr &&
                (before->folded == "den" || before->folded == "nhin" || before->folded == "toi"))
                continue; // "đến năm 2030", "tầm nhìn năm 2045": a horizon, not a date
            DateMention m;
            m.token = i;
            m.date.year = read_digits(n1->norm);
            out.push_back(m);
        }
    }
    return out;
}

int year_for(int month, int day, const PartialDate& not_before) {
    if (not_before.month == 0)
        return not_before.year;
    const int mention = month * 100 + day;
    const int bound = not_before.month * 100 + (not_before.day > 0 ? not_before.day : 31);
    return mention > bound ? not_before.year - 1 : not_before.year;
}

namespace {

/// The article's own time stamp (with a clock time, or under the headline) and the
/// portal's date of the day (above the headline, often without a time), among the page's.
struct PageStamps {
    const Stamp* own = nullptr;
    const Stamp* portal = nullptr;
};

PageStamps stamps_of(const Page& page) {
    PageStamps out;
    for (const Stamp& s : page.stamps) {
        const bool own = !s.above_title && (s.has_time || !page.title_in_text);
        if ((own && (out.own == nullptr || (s.has_time && !out.own->has_time))) ||
            (!own && s.has_time && out.own == nullptr))
            out.own = &s;
        else if (out.portal == nullptr)
            out.portal = &s;
    }
    return out;
}

/// A date in the opening: in full (when there is no date line), or a day and month
/// completed by the date line.
std::optional<FoundDate> date_in_opening(const Page& page) {
    const PartialDate& line = page.date_line;
    for (std::size_t i = page.story;
         i < page.sentences.size() && i < page.story + opening_sentences; ++i) {
        for (const DateMention& m : dates_in(page, page.sentences[i])) {
            if (!m.day_month_only && full(m.date) && line.empty())
                return FoundDate{m.date, "text_full_date", i};
            if (m.day_month_only && !line.empty() &&
                (line.month == 0 || line.month == m.date.month))
                return FoundDate{{line.year, m.date.month, m.date.day}, "date_line_day_month", i};
        }
    }
    return std::nullopt;
}

/// A day and month in the opening with the year the agreement's period starts in.
std::optional<FoundDate> day_month_in_period(const Page& page, int period_start) {
    if (period_start <= 0)
        return std::nullopt;
    for (std::size_t i = page.story;
         i < page.sentences.size() && i < page.story + opening_sentences; ++i)
        for (const DateMention& m : dates_in(page, page.sentences[i]))
            if (m.day_month_only)
                return FoundDate{
                    {period_start, m.date.month, m.date.day}, "text_day_month_period", i};
    return std::nullopt;
}

} // namespace

FoundDate find_published(const Page& page, std::string_view json_published, std::string_view url,
                         int period_start) {
    const PartialDate& line = page.date_line;
    if (full(line))
        return {line, "date_line", std::nullopt};
    if (json_published.size() >= 10)
        if (const auto d = PartialDate::parse(json_published.substr(0, 10)))
            return {*d, "published", std::nullopt};
    const PageStamps stamps = stamps_of(page);
    if (const Stamp* own = stamps.own;
        own != nullptr && (line.empty() || (own->date.year == line.year &&
                                            (line.month == 0 || own->date.month == line.month))))
        return {own->date, line.empty() ? "stamp" : "date_line_stamp",
                page.sentence_at(own->begin)};
    if (auto found = date_in_opening(page))
        return *found;
    if (!line.empty())
        return {line, "date_line", std::nullopt};
    // The web address often carries the date the site filed the story under.
    if (const PartialDate d = date_in_url(url); !d.empty())
        return {d, "url", std::nullopt};
    if (auto found = day_month_in_period(page, period_start))
        return *found;
    if (const Stamp* portal = stamps.portal)
        return {portal->date, "page_date", page.sentence_at(portal->begin)};
    return {{}, "none", std::nullopt};
}

} // namespace vnsearch::extract
