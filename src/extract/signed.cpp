#include "extract/dates.hpp"

#include <algorithm>
#include <array>

namespace vnsearch::extract {
namespace {

// A signing reported as news happened within this many days before publication; a date
// further back in a signing sentence is a recalled signing.
constexpr int reported_within_days = 45;

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

/// "2", "02", "hai", "ba": a small count of years, or 0.
int count_of(const Token& t) {
    if (t.kind == TokenKind::number)
        return read_digits(t.norm);
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
