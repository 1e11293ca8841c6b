#include "numbers.hpp"

#include "text.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

namespace vnsearch::gen {

namespace {

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

std::int64_t to_int(std::string_view s) {
    std::int64_t v = 0;
    for (char c : s)
        v = v * 10 + (c - '0');
    return v;
}

/// The years a template moves with its article's year.
bool is_year(std::int64_t v) {
    return v >= 2010 && v <= 2029;
}

/// The last year of a period may lie further ahead than a year of its own ("2025 - 2030").
bool is_period_end(std::int64_t v) {
    return v >= 2010 && v <= 2050;
}

/// What may join the digits of a figure or a date, never end it.
bool is_number_punctuation(char c) {
    return c == '.' || c == ',' || c == '/' || c == '-';
}

/// A code such as 52-NQ/TW or QĐ-749 is not a figure: the run must stand alone.
bool inside_code(std::string_view s, std::size_t pos) {
    return pos >= 2 && (s[pos - 1] == '/' || s[pos - 1] == '-' || s[pos - 1] == '.') &&
           is_word_char(code_point_before(s, pos - 1));
}

/// The end of the run of word characters, dots, commas, slashes and hyphens from `pos`,
/// without the punctuation that ends the run.
std::size_t run_end(std::string_view s, std::size_t pos) {
    std::size_t end = pos;
    while (end < s.size()) {
        std::size_t len = 0;
        const char32_t c = code_point_at(s, end, len);
        if (!is_word_char(c) && c != U'.' && c != U',' && c != U'/' && c != U'-')
            break;
        end += len;
    }
    while (end > pos && is_number_punctuation(s[end - 1]))
        --end;
    return end;
}

/// `out` ends with a year and a dash: the figure that follows closes a period.
bool after_period_start(const std::vector<Piece>& out) {
    return out.size() >= 2 && out[out.size() - 2].slot == Slot::year &&
           out.back().slot == Slot::text &&
           (out.back().text == " - " || out.back().text == "-" || out.back().text == " – " ||
            out.back().text == "–");
}

/// A run of digits alone: a year, or a figure.
bool read_year_or_figure(std::string_view run, bool percent, std::vector<Piece>& out) {
    const std::int64_t v = to_int(run);
    Piece p;
    p.text = std::string(run);
    // The end of a period ("2025 - 2030") moves with its start, whatever its value.
    if (run.size() == 4 && (is_year(v) || (after_period_start(out) && is_period_end(v)))) {
        p.slot = Slot::year;
        p.value = v;
    } else if (run.size() == 4 && v >= 1990) {
        return false; // a year outside the window (a vision, a law) stays as written
    } else if (run.front() != '0' && run.size() <= 9 && v > 10 && v != 100) {
        p.slot = Slot::number;
        p.value = v;
    } else {
        return false;
    }
    p.flags = percent ? 2 : 0;
    out.push_back(std::move(p));
    return true;
}

/// 2024-2028: two years written as one run.
bool is_period(std::string_view run) {
    return run.size() == 9 && run[4] == '-' && all_digits(run.substr(0, 4)) &&
           all_digits(run.substr(5)) && is_year(to_int(run.substr(0, 4))) &&
           is_period_end(to_int(run.substr(5)));
}

void read_period(std::string_view run, std::vector<Piece>& out) {
    out.push_back({Slot::year, 0, 0, 0, to_int(run.substr(0, 4)), std::string(run.substr(0, 4))});
    out.push_back({Slot::text, 0, 0, 0, 0, "-"});
    out.push_back({Slot::year, 0, 0, 0, to_int(run.substr(5)), std::string(run.substr(5))});
}

/// The numbers of a run written d/m, d/m/yyyy or m/yyyy (two or three runs of digits
/// between slashes); empty when the run does not have that shape.
std::vector<std::string_view> date_parts(std::string_view run) {
    std::vector<std::string_view> parts;
    for (std::size_t a = 0;;) {
        const auto b = run.find('/', a);
        parts.push_back(run.substr(a, b == std::string_view::npos ? run.npos : b - a));
        if (b == std::string_view::npos)
            break;
        a = b + 1;
    }
    if (parts.size() >= 2 && parts.size() <= 3 &&
        std::all_of(parts.begin(), parts.end(), [](auto x) { return all_digits(x); }))
        return parts;
    return {};
}

/// A run of the shape of a date that holds a day and month, a month and year or a full
/// date.
bool read_date(std::string_view run, const std::vector<std::string_view>& parts,
               std::vector<Piece>& out) {
    const std::int64_t a = to_int(parts[0]);
    const std::int64_t b = to_int(parts[1]);
    Piece p;
    p.text = std::string(run);
    if (a == 24 && b == 7 && parts.size() == 2) {
        return false; // "24/7": around the clock, not a date
    } else if (parts.size() == 2 && parts[0].size() <= 2 && parts[1].size() <= 2 && a >= 1 &&
               a <= 31 && b >= 1 && b <= 12) {
        p.slot = Slot::day_month;
    } else if (parts.size() == 2 && parts[0].size() <= 2 && parts[1].size() == 4 && a >= 1 &&
               a <= 12 && is_year(b)) {
        p.slot = Slot::month_year;
        p.value = b;
        p.id = static_cast<std::uint8_t>(a);
    } else if (parts.size() == 3 && parts[0].size() <= 2 && parts[1].size() <= 2 &&
               parts[2].size() == 4 && a >= 1 && a <= 31 && b >= 1 && b <= 12 &&
               is_year(to_int(parts[2]))) {
        p.slot = Slot::full_date;
        p.value = to_int(parts[2]);
        p.form = parts[0].size() == 2 || parts[1].size() == 2;
    } else {
        return false;
    }
    out.push_back(std::move(p));
    return true;
}

/// The digits of an integer part grouped by thousands ("1.250" -> "1250"); sets `grouped`
/// when a dot was seen. False when a group is not three digits where it must be.
bool join_groups(std::string_view int_part, std::string& digits, bool& grouped) {
    for (std::size_t a = 0;;) {
        const auto b = int_part.find('.', a);
        const auto group = int_part.substr(a, b == std::string_view::npos ? int_part.npos : b - a);
        if (!all_digits(group) || (a > 0 && group.size() != 3) ||
            (a == 0 && group.size() > 3 && b != int_part.npos))
            return false;
        digits += group;
        if (b == std::string_view::npos)
            return true;
        grouped = true;
        a = b + 1;
    }
}

/// 1.250 / 98,5 / 1.250,75: Vietnamese groups thousands with dots, decimals with a comma.
bool read_grouped(std::string_view run, bool percent, std::vector<Piece>& out) {
    const auto comma = run.find(',');
    const std::string_view int_part = run.substr(0, comma);
    const std::string_view dec_part =
        comma == std::string_view::npos ? std::string_view{} : run.substr(comma + 1);
    if (!dec_part.empty() && (!all_digits(dec_part) || dec_part.size() > 3))
        return false;
    std::string digits;
    bool grouped = false;
    if (!join_groups(int_part, digits, grouped))
        return false;
    if (digits.empty() || digits.size() > 12 || (digits.front() == '0' && digits.size() > 1))
        return false;
    Piece p;
    p.text = std::string(run);
    p.slot = Slot::number;
    p.value = to_int(digits + std::string(dec_part));
    p.form = static_cast<std::uint8_t>(dec_part.size());
    p.flags = static_cast<std::uint8_t>((grouped ? 1 : 0) | (percent ? 2 : 0));
    out.push_back(std::move(p));
    return true;
}

} // namespace

std::size_t parse_number(std::string_view s, std::size_t pos, std::vector<Piece>& out) {
    if (inside_code(s, pos))
        return 0;
    const std::size_t end = run_end(s, pos);
    const std::string_view run = s.substr(pos, end - pos);
    const bool percent = end < s.size() && s[end] == '%';
    bool read = false;
    if (all_digits(run)) {
        read = read_year_or_figure(run, percent, out);
    } else if (is_period(run)) {
        read_period(run, out);
        read = true;
    } else if (const auto parts = date_parts(run); !parts.empty()) {
        read = read_date(run, parts, out);
    } else {
        read = read_grouped(run, percent, out);
    }
    return read ? run.size() : 0;
}

} // namespace vnsearch::gen
