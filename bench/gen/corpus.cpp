#include "corpus.hpp"

#include "text.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vnsearch::gen {

namespace {

bool starts_with_digit(std::string_view s) {
    return !s.empty() && is_digit(s.front());
}

/// Reads one to `max` digits at `pos`; returns how many were read.
std::size_t digits_at(std::string_view s, std::size_t pos, std::size_t max) {
    std::size_t n = 0;
    while (pos + n < s.size() && n < max && is_digit(s[pos + n]))
        ++n;
    return n;
}

/// Finds d/m/yyyy (one or two digits for day and month) anywhere in `s`.
bool find_full_date(std::string_view s, int* year) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i > 0 && is_digit(s[i - 1]))
            continue;
        const std::size_t d = digits_at(s, i, 2);
        if (d == 0 || i + d >= s.size() || s[i + d] != '/')
            continue;
        const std::size_t m_pos = i + d + 1;
        const std::size_t m = digits_at(s, m_pos, 2);
        if (m == 0 || m_pos + m >= s.size() || s[m_pos + m] != '/')
            continue;
        const std::size_t y_pos = m_pos + m + 1;
        if (digits_at(s, y_pos, 5) != 4)
            continue;
        if (year != nullptr)
            *year = std::stoi(std::string(s.substr(y_pos, 4)));
        return true;
    }
    return false;
}

/// The first "giai đoạn YYYY" or, failing that, the first year 2010..2029 in `s`.
int find_year(std::string_view s) {
    const std::string_view key = "giai đoạn ";
    if (auto p = s.find(key); p != std::string_view::npos) {
        auto y = s.substr(p + key.size(), 4);
        if (y.size() == 4 && std::all_of(y.begin(), y.end(), is_digit))
            return std::stoi(std::string(y));
    }
    for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
        if ((i > 0 && is_digit(s[i - 1])) || (i + 4 < s.size() && is_digit(s[i + 4])))
            continue;
        if (s[i] == '2' && s[i + 1] == '0' && (s[i + 2] == '1' || s[i + 2] == '2') &&
            is_digit(s[i + 3]))
            return std::stoi(std::string(s.substr(i, 4)));
    }
    return 0;
}

/// A navigation bar: "Trang chủ  Thời sự  Kinh tế", "TIN TỨC | KINH TẾ", "A » B » C".
bool is_menu(std::string_view line) {
    if (line.find("Trang chủ") != std::string_view::npos || line.starts_with("Home "))
        return true;
    std::size_t separators = 0;
    for (std::string_view sep : {"  ", " | ", " » ", " > "}) {
        for (auto p = line.find(sep); p != std::string_view::npos; p = line.find(sep, p + 1))
            ++separators;
    }
    return separators >= 2;
}

/// "14/03/2024 09:42 GMT+7", "Thứ Năm, 14/03/2024 - 09:42": a short line with a full date.
bool is_time_stamp(std::string_view line) {
    return line.size() < 80 && find_full_date(line, nullptr) && !line.ends_with(".");
}

/// A photo caption or credit: "Ảnh: T.L", "ẢNH: TRẦN MINH", "... - Ảnh 2.".
bool is_caption(std::string_view line) {
    if (line.find("Ảnh:") != std::string_view::npos ||
        line.find("ẢNH:") != std::string_view::npos ||
        line.find("(Ảnh") != std::string_view::npos || line.starts_with("Ảnh "))
        return true;
    const auto p = line.rfind("- Ảnh ");
    return p != std::string_view::npos && p + 12 >= line.size();
}

bool ends_sentence(std::string_view line) {
    for (std::string_view end : {".", "!", "?", "…", "\"", "”", ")"})
        if (line.ends_with(end))
            return true;
    return false;
}

/// A paragraph of the story, as opposed to a headline, byline or other leftover.
bool is_body(std::string_view line) {
    return count_words(line) >= 8 && ends_sentence(line) && !is_caption(line) && !is_menu(line);
}

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::runtime_error(file.string() + ": cannot open");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad())
        throw std::runtime_error(file.string() + ": read error");
    return ss.str();
}

} // namespace

std::vector<std::filesystem::path> list_articles(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw std::runtime_error(dir.string() + ": not a folder");
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".txt")
            files.push_back(e.path());
    if (files.empty())
        throw std::runtime_error(dir.string() + ": no .txt articles in this folder");
    std::sort(files.begin(), files.end());
    return files;
}

CleanArticle read_crawled_article(const std::filesystem::path& file) {
    std::string raw = read_file(file);
    if (raw.starts_with("\xEF\xBB\xBF"))
        raw.erase(0, 3);
    CleanArticle art;
    art.id = file.stem().string();
    std::string text;
    try {
        text = to_nfc(raw);
    } catch (const std::exception& e) {
        throw std::runtime_error(file.string() + ": " + e.what());
    }

    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start <= text.size();) {
        auto end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        lines.push_back(trim(std::string_view(text).substr(start, end - start)));
        start = end + 1;
    }

    // The optional date line, possibly indented, possibly followed by the first sentence.
    std::size_t first = 0;
    while (first < lines.size() && lines[first].empty())
        ++first;
    if (first < lines.size() && lines[first].starts_with("date ")) {
        std::string_view rest = lines[first].substr(5);
        if (rest.size() >= 10 && starts_with_digit(rest))
            art.year = std::stoi(std::string(rest.substr(0, 4)));
        lines[first] = trim(rest.size() > 10 ? rest.substr(10) : std::string_view{});
    }

    bool in_body = false;
    bool in_related = false;
    for (std::size_t i = first; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        if (line.empty())
            continue;
        if (line.starts_with("Tin liên quan") || line.starts_with("Tin cùng chuyên mục") ||
            line.starts_with("Xem thêm")) {
            in_related = true;
            continue;
        }
        if (in_related) {
            if (count_words(line) >= 5 && !ends_sentence(line))
                art.related.emplace_back(line);
            continue;
        }
        if (is_menu(line) || is_caption(line))
            continue;
        if (is_time_stamp(line)) {
            int y = 0;
            if (art.year == 0 && find_full_date(line, &y))
                art.year = y;
            continue;
        }
        if (is_body(line)) {
            in_body = true;
            art.paragraphs.emplace_back(line);
        } else if (!in_body && art.headline.empty() && count_words(line) >= 5) {
            art.headline = std::string(line);
        }
    }
    if (art.year == 0)
        art.year = find_year(text);
    return art;
}

std::vector<std::string> split_sentences(std::string_view para) {
    // Abbreviations after which a full stop does not end a sentence.
    static constexpr std::array<std::string_view, 12> abbreviations = {
        "TP", "Tp", "TS", "ThS", "PGS", "GS", "BS", "KS", "TT", "Th", "St", "Mr"};
    std::size_t straight_quotes = 0;
    for (char c : para)
        straight_quotes += c == '"';
    // A quotation that runs on into the next paragraph leaves an odd count: ignore quotes.
    const bool track_quotes = straight_quotes % 2 == 0;

    std::vector<std::string> out;
    std::size_t start = 0;
    bool in_quote = false;
    int curly = 0;
    char32_t prev = 0;
    for (std::size_t i = 0; i < para.size();) {
        std::size_t len = 0;
        const char32_t c = code_point_at(para, i, len);
        const std::size_t end = i + len;
        bool terminal = false;
        if (c == U'"' && track_quotes) {
            in_quote = !in_quote;
            // A quotation closing a sentence: `... nói: "Chúng tôi sẵn sàng." Sau đó`
            terminal = !in_quote && (prev == U'.' || prev == U'!' || prev == U'?');
        } else if (c == U'“') {
            ++curly;
        } else if (c == U'”' && curly > 0) {
            --curly;
            terminal = curly == 0 && (prev == U'.' || prev == U'!' || prev == U'?');
        } else {
            terminal =
                (c == U'.' || c == U'!' || c == U'?' || c == U'…') && !in_quote && curly == 0;
        }
        prev = c;
        i = end;
        if (!terminal)
            continue;
        std::size_t next = end;
        while (next < para.size() && para[next] == ' ')
            ++next;
        if (next == end || next >= para.size())
            continue;
        std::size_t nlen = 0;
        const char32_t n = code_point_at(para, next, nlen);
        if (!is_upper(n) && n != U'"' && n != U'“')
            continue;
        if (c == U'.') {
            // The word before the full stop: an initial (T.L) or an abbreviation (TP.).
            std::size_t w = end - 1;
            while (w > start && is_word_char(code_point_before(para, w))) {
                --w;
                while (w > start && (static_cast<unsigned char>(para[w]) & 0xC0) == 0x80)
                    --w;
            }
            const std::string_view word = para.substr(w, end - 1 - w);
            const bool initial = word.size() == 1 && word[0] >= 'A' && word[0] <= 'Z';
            if (initial ||
                std::find(abbreviations.begin(), abbreviations.end(), word) != abbreviations.end())
                continue;
        }
        out.emplace_back(trim(para.substr(start, end - start)));
        start = next;
    }
    if (start < para.size())
        out.emplace_back(trim(para.substr(start)));
    return out;
}

} // namespace vnsearch::gen
