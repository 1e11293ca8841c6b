#include "extract/dates.hpp"

#include <algorithm>
#include <array>

namespace vnsearch::extract {
namespace {

// The opening of a story: a date in its first sentences dates the story.
constexpr std::size_t opening_sentences = 3;
// A signing reported as news happened within this many days before publication; a date
// further back in a signing sentence is a recalled signing.
constexpr int reported_within_days = 45;

int number(std::string_view s) {
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

/// "14/3/2024" or "14/3" as a date token's norm gives them.
std::optional<DateMention> from_date_token(const Token& t, std::uint32_t index) {
    const std::size_t a = t.norm.find('/');
    if (a == std::string::npos)
        return std::nullopt;
    const std::size_t b = t.norm.find('/', a + 1);
    DateMention m;
    m.token = index;
    m.date.day = number(std::string_view(t.norm).substr(0, a));
    m.date.month =
        number(std::string_view(t.norm).substr(a + 1, b == std::string::npos ? b : b - a - 1));
    if (b != std::string::npos) {
        m.date.year = number(std::string_view(t.norm).substr(b + 1));
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

/// Days since an arbitrary epoch (proleptic Gregorian), for differences.
long days(const PartialDate& d) {
    const int y = d.month <= 2 ? d.year - 1 : d.year;
    const int era = y / 400;
    const int yoe = y - era * 400;
    const int mp = (d.month + 9) % 12;
    const int doy = (153 * mp + 2) / 5 + std::max(d.day, 1) - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097L + doe;
}

bool full(const PartialDate& d) {
    return d.year > 0 && d.month > 0 && d.day > 0;
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
        return number(p.substr(at, n));
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

/// "2", "02", "hai", "ba": a small count of years, or 0.
int count_of(const Token& t) {
    if (t.kind == TokenKind::number)
        return number(t.norm);
    static constexpr std::array<std::string_view, 10> words = {
        "một", "hai", "ba", "bốn", "", "sáu", "bảy", "tám", "chín", "mười"}; // "năm" is the year
    for (std::size_t i = 0; i < words.size(); ++i)
        if (!words[i].empty() && t.norm == words[i])
            return static_cast<int>(i) + 1;
    return 0;
}

/// How many years an agreement has run, as a review tells it: "sau 2 năm thực hiện",
/// "sơ kết 3 năm triển khai thỏa thuận", "sau gần 5 năm hợp tác"; 0 when not told.
int years_elapsed(const Page& page, const Sentence& s) {
    const std::vector<Token>& tokens = page.tokens;
    for (std::uint32_t i = s.first_token; i < s.end_token; ++i) {
        if (tokens[i].part || tokens[i].folded != "nam")
            continue;
        const Token* count = previous_main(tokens, i);
        const Token* after = next_main(tokens, i);
        if (count == nullptr || after == nullptr)
            continue;
        const int n = count_of(*count);
        if (n <= 0 || n > 30)
            continue;
        if (after->folded == "thuc" || after->folded == "trien" || after->folded == "hop" ||
            after->folded == "ky" || after->folded == "dong")
            return n; // "năm thực hiện", "năm triển khai", "năm hợp tác", "năm ký kết", "đồng hành"
    }
    return 0;
}

/// Whether a review's sentence also tells of the next agreement signed at the same event:
/// "sơ kết 5 năm thực hiện thỏa thuận giai đoạn 2015-2020 và ký kết hợp tác giai đoạn tiếp
/// theo", "tổng kết ... và ký kết thỏa thuận giai đoạn mới", or a period from the year the
/// story is published.
bool signs_next_agreement(const Page& page, const Sentence& s, int published_year) {
    const std::vector<Token>& tokens = page.tokens;
    bool signing = false;
    for (std::uint32_t i = s.first_token; i < s.end_token; ++i) {
        if (tokens[i].part)
            continue;
        const Token* next = next_main(tokens, i);
        if (!signing) {
            signing = tokens[i].folded == "ky" && is(next, "ket");
            continue;
        }
        if ((tokens[i].folded == "tiep" && is(next, "theo")) ||
            (tokens[i].folded == "doan" && is(next, "moi")))
            return true;
        const TokenKind kind = tokens[i].kind;
        if (published_year > 0 && (kind == TokenKind::year || kind == TokenKind::year_range)) {
            // a year, or a period's first year
            const int year = std::stoi(tokens[i].norm.substr(0, 4));
            if (year >= published_year - 1 && year <= published_year + 1)
                return true;
        }
    }
    return false;
}

} // namespace

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
            m.date.day = number(n1->norm);
            m.date.month = number(n3->norm);
            const Token* last = n3;
            if (is(n4, "nam") && n5 && n5->kind == TokenKind::year) {
                m.date.year = number(n5->norm);
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
                m.date.month = number(n1->norm);
                m.date.year = number(n3->norm);
                last = n3;
            } else if (n1->kind == TokenKind::code) {
                const std::size_t sep = n1->norm.find_first_of("/-");
                if (sep != std::string::npos) {
                    m.date.month = number(std::string_view(n1->norm).substr(0, sep));
                    m.date.year = number(std::string_view(n1->norm).substr(sep + 1));
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
            m.date.year = number(n1->norm);
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

FoundDate find_published(const Page& page, std::string_view json_published, std::string_view url,
                         int period_start) {
    FoundDate out;
    if (full(page.date_line)) {
        out.date = page.date_line;
        out.rule = "date_line";
        return out;
    }
    if (json_published.size() >= 10)
        if (const auto d = PartialDate::parse(json_published.substr(0, 10))) {
            out.date = *d;
            out.rule = "published";
            return out;
        }
    // The article's own stamp has a clock time or stands under the headline; the portal's
    // date of the day stands above it, often without a time.
    const Stamp* stamp = nullptr;
    const Stamp* portal = nullptr;
    for (const Stamp& s : page.stamps) {
        const bool own = !s.above_title && (s.has_time || !page.title_in_text);
        if ((own && (stamp == nullptr || (s.has_time && !stamp->has_time))) ||
            (!own && s.has_time && stamp == nullptr))
            stamp = &s;
        else if (portal == nullptr)
            portal = &s;
    }
    const PartialDate& line = page.date_line;
    if (stamp != nullptr &&
        (line.empty() ||
         (stamp->date.year == line.year && (line.month == 0 || stamp->date.month == line.month)))) {
        out.date = stamp->date;
        out.rule = line.empty() ? "stamp" : "date_line_stamp";
        out.sentence = page.sentence_at(stamp->begin);
        return out;
    }
    // A date in the opening: in full, or a day and month completed by the date line.
    for (std::size_t i = page.story;
         i < page.sentences.size() && i < page.story + opening_sentences; ++i) {
        for (const DateMention& m : dates_in(page, page.sentences[i])) {
            if (!m.day_month_only && full(m.date) && line.empty()) {
                out.date = m.date;
                out.rule = "text_full_date";
                out.sentence = i;
                return out;
            }
            if (m.day_month_only && !line.empty() &&
                (line.month == 0 || line.month == m.date.month)) {
                out.date = {line.year, m.date.month, m.date.day};
                out.rule = "date_line_day_month";
                out.sentence = i;
                return out;
            }
        }
    }
    if (!line.empty()) {
        out.date = line;
        out.rule = "date_line";
        return out;
    }
    // The web address often carries the date the site filed the story under.
    if (const PartialDate d = date_in_url(url); !d.empty()) {
        out.date = d;
        out.rule = "url";
        return out;
    }
    // A day and month in the opening with the year the agreement's period starts in.
    if (period_start > 0)
        for (std::size_t i = page.story;
             i < page.sentences.size() && i < page.story + opening_sentences; ++i)
            for (const DateMention& m : dates_in(page, page.sentences[i]))
                if (m.day_month_only) {
                    out.date = {period_start, m.date.month, m.date.day};
                    out.rule = "text_day_month_period";
                    out.sentence = i;
                    return out;
                }
    if (portal != nullptr) {
        out.date = portal->date;
        out.rule = "page_date";
        out.sentence = page.sentence_at(portal->begin);
        return out;
    }
    out.rule = "none";
    return out;
}

FoundDate find_signed(const Page& page, std::optional<std::size_t> signing, bool reports_signing,
                      const FoundDate& published, int period_start) {
    FoundDate out;
    const PartialDate& pub = published.date;
    // The sentence of the signing, then (for news of the day) the opening that sets its day.
    std::vector<std::size_t> where;
    if (signing)
        where.push_back(*signing);
    if (reports_signing && page.story < page.sentences.size() && page.story != signing)
        where.push_back(page.story);
    for (const std::size_t s : where) {
        std::vector<DateMention> mentions = dates_in(page, page.sentences[s]);
        if (!reports_signing) // a recalled signing is dated with its year; the day is the story's
            std::stable_partition(mentions.begin(), mentions.end(),
                                  [](const DateMention& m) { return !m.day_month_only; });
        for (const DateMention& m : mentions) {
            PartialDate d = m.date;
            if (m.day_month_only) {
                if (!pub.empty())
                    d.year = year_for(d.month, d.day, pub);
                else if (period_start > 0 && reports_signing)
                    d.year = period_start;
                else
                    continue;
                if (!PartialDate::parse(d.iso()))
                    continue;
            }
            // News of the day: a date well before publication is another event's.
            if (reports_signing && full(d) && full(pub) &&
                (days(pub) - days(d) > reported_within_days || days(d) > days(pub)))
                continue;
            if (reports_signing && d.month == 0 && !pub.empty() && d.year != pub.year)
                continue;
            out.date = d;
            out.rule = m.day_month_only ? "signing_day_month" : "signing_sentence";
            out.sentence = s;
            return out;
        }
    }
    if (reports_signing && !pub.empty()) {
        out.date = pub;
        out.rule = "published";
        out.sentence = signing;
        return out;
    }
    // A review tells how long the agreement has run: signed that many years before.
    if (!reports_signing && !pub.empty())
        for (std::size_t i = 0; i < page.sentences.size(); ++i)
            if (const int n = years_elapsed(page, page.sentences[i]); n > 0) {
                if (signs_next_agreement(page, page.sentences[i], pub.year)) {
                    out.date = pub; // the review's event renewed it: the new one is signed now
                    out.rule = "renewed_at_review";
                } else {
                    out.date.year = pub.year - n;
                    out.rule = "years_elapsed";
                }
                out.sentence = i;
                return out;
            }
    // Last, the period's first year: agreements are mostly signed in it.
    if (period_start > 0 && (reports_signing || signing)) {
        out.date.year = period_start;
        out.rule = "period_start";
        out.sentence = signing;
    }
    return out;
}

} // namespace vnsearch::extract
