#pragma once
/// Dates of an article: when it was published, and when the agreement it reports or
/// recalls was signed, each with the rule that found it.

#include "extract/page.hpp"
#include "extract/stance.hpp"
#include "vnsearch/record.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch::extract {

/// A date written in a sentence: "14/3/2024", "ngày 26 tháng 12 năm 2014", "Chiều 17/12",
/// "11-9", "tháng 9/2016", "năm 2016". A day and month alone have no year (year 0).
struct DateMention {
    PartialDate date;
    bool day_month_only = false; ///< "17/12": the year must come from elsewhere
    std::uint32_t token = 0;     ///< index of its first token
};

/// Up to four digits as a number; -1 for anything else.
int read_digits(std::string_view s);

/// Whether the date has a year, a month and a day.
inline bool full(const PartialDate& d) {
    return d.year > 0 && d.month > 0 && d.day > 0;
}

/// Every date written in the sentence, in order.
std::vector<DateMention> dates_in(const Page& page, const Sentence& sentence);

/// The year a day and month belong to, judged from a date known to come at or after it
/// (the article's publication): the same year, or the one before when the day and month
/// would fall after it.
int year_for(int month, int day, const PartialDate& not_before);

/// A date, the rule that found it, and the sentence that decided it (when one did).
struct FoundDate {
    PartialDate date;
    std::string rule;
    std::optional<std::size_t> sentence;
};

/// The article's own date: the date line, the JSON `published` field, the article's time
/// stamp (not the portal's date of the day), a date in the opening (a day and month alone
/// take the year of the date line), the web address, or a day and month in the opening
/// with the year the agreement's period starts in (an agreement is reported in the year its
/// period starts more often than not).
FoundDate find_published(const Page& page, std::string_view json_published, std::string_view url,
                         int period_start);

/// When the agreement was signed. `signing` is the sentence that reports or recalls the
/// signing (none: the story names no signing); `reports_signing` tells whether the story
/// reports it as news (then the publication date bounds it), `period_start` the first
/// year of the agreement's period, or 0.
FoundDate find_signed(const Page& page, std::optional<std::size_t> signing, bool reports_signing,
                      const FoundDate& published, int period_start);

} // namespace vnsearch::extract
