#include "text/numbers.hpp"

#include <algorithm>
#include <optional>
#include <string>

namespace vnsearch::text {
namespace {

/// A day or a month: one or two digits, else -1.
int small_number(std::string_view digits) {
    if (digits.empty() || digits.size() > 2)
        return -1;
    int v = 0;
    for (char c : digits)
        v = v * 10 + (c - '0');
    return v;
}

std::string strip_leading_zeros(std::string_view digits) {
    std::size_t i = 0;
    while (i + 1 < digits.size() && digits[i] == '0')
        ++i;
    return std::string(digits.substr(i));
}

/// 14/03/2024, 14-3-2024, 14.3.2024, 14/3 and 14.3 (day first, as Vietnamese writes it),
/// and 2024-03-14 (ISO, from metadata and date lines), as "14/3/2024" or "14/3".
std::optional<std::string> date_of(const std::vector<std::string_view>& groups, bool one_joiner,
                                   bool dashes) {
    const int day = small_number(groups[0]);
    const int month = small_number(groups[1]);
    const bool full_date = groups.size() == 3 && is_year(groups[2]);
    const bool short_date = groups.size() == 2 && groups[1].size() != 3;
    if (day >= 1 && day <= 31 && month >= 1 && month <= 12 && (full_date || short_date) &&
        one_joiner) {
        std::string norm = strip_leading_zeros(groups[0]);
        norm.append("/").append(strip_leading_zeros(groups[1]));
        if (full_date)
            norm.append("/").append(groups[2]);
        return norm;
    }
    if (groups.size() == 3 && is_year(groups[0]) && dashes) {
        const int m = small_number(groups[1]);
        const int d = small_number(groups[2]);
        if (m >= 1 && m <= 12 && d >= 1 && d <= 31) {
            std::string norm = strip_leading_zeros(groups[2]);
            norm.append("/").append(strip_leading_zeros(groups[1])).append("/").append(groups[0]);
            return norm;
        }
    }
    return std::nullopt;
}

} // namespace

bool is_year(std::string_view digits) {
    return digits.size() == 4 && (digits.substr(0, 2) == "19" || digits.substr(0, 2) == "20");
}

NumericReading read_numeric(const std::vector<std::string_view>& groups,
                            const std::vector<char32_t>& joiners, std::string_view whole) {
    auto joined_by = [&](char32_t a, char32_t b = 0) {
        return std::all_of(joiners.begin() + 1, joiners.end(),
                           [&](char32_t j) { return j == a || (b != 0 && j == b); });
    };
    // 2025-2030: a period of years.
    if (groups.size() == 2 && joined_by('-', 0x2013) && is_year(groups[0]) && is_year(groups[1])) {
        std::string norm = std::string(groups[0]) + "-" + std::string(groups[1]);
        return {TokenKind::year_range, {norm, norm}, true};
    }
    if (auto date =
            date_of(groups, joined_by('/') || joined_by('-') || joined_by('.'), joined_by('-')))
        return {TokenKind::date, {*date, *date}, true};
    // 1.250 / 1.250.000 / 1,5 / 98,5: Vietnamese thousands dots and decimal comma.
    if (joined_by('.', ',')) {
        std::string folded;
        const bool thousands =
            joined_by('.') && std::all_of(groups.begin() + 1, groups.end(),
                                          [](std::string_view g) { return g.size() == 3; });
        for (std::size_t g = 0; g < groups.size(); ++g) {
            if (g > 0 && !thousands)
                folded += static_cast<char>(joiners[g]);
            folded += groups[g];
        }
        return {TokenKind::number, {std::string(whole), folded}, false};
    }
    return {TokenKind::code, normalize_token(whole), true};
}

} // namespace vnsearch::text
