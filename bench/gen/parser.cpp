#include "parser.hpp"

#include "gazetteer.hpp"
#include "numbers.hpp"
#include "text.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace vnsearch::gen {

namespace {

/// `text` ends with the word `word` (a space or the start of text before it).
bool ends_with_word(std::string_view text, std::string_view word) {
    return text.ends_with(word) && boundary_before(text, text.size() - word.size());
}

bool contains_word(std::string_view text, std::string_view word) {
    for (auto p = text.find(word); p != std::string_view::npos; p = text.find(word, p + 1))
        if (boundary_before(text, p) && boundary_at(text, p + word.size()))
            return true;
    return false;
}

bool contains_any(std::string_view text, std::initializer_list<std::string_view> keys) {
    return std::any_of(keys.begin(), keys.end(),
                       [&](std::string_view k) { return text.find(k) != std::string_view::npos; });
}

/// Capitalized words that begin a title or an organization, never a personal name.
bool is_title_word(std::string_view w) {
    static const std::set<std::string_view> words = {
        "Giám",  "Chủ",    "Phó",    "Tổng",  "Bí",    "Trưởng", "Thứ",   "Bộ",    "Sở",
        "Tập",   "Công",   "Ban",    "Phòng", "Trung", "Viện",   "Hội",   "Cục",   "Vụ",
        "Ủy",    "Uỷ",     "Thường", "Đại",   "Tỉnh",  "Thành",  "Huyện", "Xã",    "Phường",
        "Cổng",  "Trường", "Bệnh",   "Ngân",  "Chi",   "Tổ",     "Nhà",   "Theo",  "Tại",
        "Trong", "Đây",    "Khi",    "Sau",   "Với",   "Ngày",   "Sáng",  "Chiều", "Tối",
        "Ông",   "Bà",     "Anh",    "Chị",   "Đoàn",  "Nhóm",   "Quỹ",   "Báo",   "Đài"};
    return words.contains(w);
}

/// A capitalized syllable at `pos` ("Thịnh", not "UBND", not "iOffice"); sets `end`.
bool capitalized_syllable(std::string_view s, std::size_t pos, std::size_t& end) {
    std::size_t len = 0;
    if (pos >= s.size() || !is_upper(code_point_at(s, pos, len)))
        return false;
    std::size_t i = pos + len;
    while (i < s.size()) {
        const char32_t c = code_point_at(s, i, len);
        if (!is_word_char(c))
            break;
        if (!is_lower(c))
            return false;
        i += len;
    }
    end = i;
    return true;
}

/// Up to four capitalized syllables from `pos`, separated by single spaces.
std::vector<std::string_view> read_name(std::string_view s, std::size_t pos, std::size_t& end) {
    std::vector<std::string_view> syllables;
    std::size_t i = pos;
    while (syllables.size() < 4) {
        std::size_t e = 0;
        if (!capitalized_syllable(s, i, e) || is_title_word(s.substr(i, e - i)))
            break;
        syllables.push_back(s.substr(i, e - i));
        end = e;
        if (e + 1 >= s.size() || s[e] != ' ')
            break;
        i = e + 1;
    }
    return syllables;
}

const NameForm* match_form(const std::vector<NameForm>& forms, std::string_view s,
                           std::size_t pos) {
    for (const auto& f : forms)
        if (s.compare(pos, f.text.size(), f.text) == 0 && boundary_at(s, pos + f.text.size()))
            return &f;
    return nullptr;
}

/// The prefix before a province name, if `lit` ends with one.
std::pair<Prefix, std::size_t> prefix_of(std::string_view lit) {
    static constexpr std::array<std::pair<std::string_view, Prefix>, 7> prefixes = {{
        {"tỉnh ", Prefix::tinh},
        {"Tỉnh ", Prefix::Tinh},
        {"thành phố ", Prefix::thanh_pho},
        {"Thành phố ", Prefix::Thanh_pho},
        {"TP. ", Prefix::tp},
        {"TP.", Prefix::tp},
        {"Tp. ", Prefix::tp},
    }};
    for (const auto& [text, prefix] : prefixes)
        if (lit.ends_with(text) && boundary_before(lit, lit.size() - text.size()))
            return {prefix, text.size()};
    return {Prefix::none, 0};
}

/// Joins neighbouring literal pieces.
void merge_text(std::vector<Piece>& pieces) {
    std::vector<Piece> merged;
    for (auto& p : pieces) {
        if (p.slot == Slot::text && !merged.empty() && merged.back().slot == Slot::text)
            merged.back().text += p.text;
        else if (p.slot != Slot::text || !p.text.empty())
            merged.push_back(std::move(p));
    }
    pieces = std::move(merged);
}

/// Sets the topic flags of `out` from the words of `s`.
void classify(std::string_view s, Sentence& out) {
    std::string l = to_lower(s);
    // "đăng ký" (register) and "chữ ký số" (digital signature) are not a signing.
    for (std::string_view not_signing : {"đăng ký", "chữ ký", "ký số"})
        for (auto p = l.find(not_signing); p != std::string::npos; p = l.find(not_signing, p))
            l.replace(p, not_signing.size(), std::string(not_signing.size(), '_'));
    out.signing =
        contains_word(l, "ký") ||
        contains_any(l, {"thỏa thuận", "thoả thuận", "ghi nhớ", "hợp tác", "bắt tay", "hai bên",
                         "cam kết", "sơ kết", "đồng hành", "ký kết", "đối tác", "lễ ký"});
    out.quote = contains_any(l, {"\"", "“"});
    out.period = contains_any(l, {"giai đoạn 20", "giai đoạn từ 20"});
    out.merger = contains_any(
        l, {"hợp nhất", "sáp nhập", "sắp xếp", "hai cấp", "tỉnh mới", "1/7/2025", "trước đây"});
    std::uint8_t pillars = 0;
    if (contains_any(l, {"hạ tầng", "bts", "4g", "5g", "cáp quang", "phủ sóng", "trung tâm dữ liệu",
                         "đám mây", "băng rộng", "lõm sóng", "wifi", "wi-fi", "internet",
                         "truyền số liệu", "viễn thông"}))
        pillars |= Pillar::infrastructure;
    if (contains_any(l, {"chính quyền", "chính phủ", "dịch vụ công", "thủ tục", "một cửa", "ioc",
                         "điều hành", "cơ sở dữ liệu", "văn bản", "đề án 06", "hành chính",
                         "định danh"}))
        pillars |= Pillar::government;
    if (contains_any(l, {"kinh tế số", "thương mại điện tử", "thanh toán", "tiền mặt",
                         "doanh nghiệp", "hóa đơn", "hoá đơn", "ocop", "nông sản", "ví điện tử",
                         "logistics", "du lịch", "sàn giao dịch"}))
        pillars |= Pillar::economy;
    if (contains_any(l, {"xã hội số", "công dân số", "kỹ năng số", "giáo dục", "y tế", "sức khỏe",
                         "sức khoẻ", "trường", "học bạ", "bệnh viện", "khám chữa bệnh",
                         "tổ công nghệ số", "học sinh", "giáo viên", "an sinh"}))
        pillars |= Pillar::society;
    out.pillars = pillars;
}

} // namespace

std::string_view prefix_text(Prefix prefix) {
    switch (prefix) {
    case Prefix::none:
        return "";
    case Prefix::tinh:
        return "tỉnh ";
    case Prefix::Tinh:
        return "Tỉnh ";
    case Prefix::thanh_pho:
        return "thành phố ";
    case Prefix::Thanh_pho:
        return "Thành phố ";
    case Prefix::tp:
        return "TP. ";
    }
    return "";
}

SentenceParser::SentenceParser(const std::set<std::string, std::less<>>& families)
    : m_families(families) {}

std::vector<PersonName> SentenceParser::people(std::string_view s) {
    std::vector<PersonName> found;
    for (std::string_view title : {"ông ", "bà ", "Ông ", "Bà "}) {
        for (auto p = s.find(title); p != std::string_view::npos; p = s.find(title, p + 1)) {
            if (!boundary_before(s, p) || match_form(province_forms(), s, p))
                continue;
            std::size_t end = 0;
            auto name = read_name(s, p + title.size(), end);
            if (name.size() < 2 || match_form(province_forms(), s, p + title.size()) ||
                match_form(carrier_forms(), s, p + title.size()))
                continue;
            PersonName person;
            person.woman = title == "bà " || title == "Bà ";
            for (auto syl : name)
                person.syllables.emplace_back(syl);
            found.push_back(std::move(person));
        }
    }
    return found;
}

Sentence SentenceParser::parse(std::string_view s, int source_year, bool lead) const {
    Sentence out;
    std::vector<Piece>& pieces = out.pieces;
    std::string lit;
    auto flush = [&] {
        if (!lit.empty())
            pieces.push_back({Slot::text, 0, 0, 0, 0, std::move(lit)});
        lit.clear();
    };
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len = 0;
        const char32_t c = code_point_at(s, i, len);
        if (boundary_before(s, i) && is_upper(c)) {
            if (const NameForm* f = match_form(province_forms(), s, i)) {
                auto [prefix, prefix_len] = prefix_of(lit);
                bool town = f->tag == 1;
                // "thành phố Hà Giang" is the provincial seat, not the province.
                if (!town &&
                    (prefix == Prefix::thanh_pho || prefix == Prefix::Thanh_pho ||
                     prefix == Prefix::tp) &&
                    !old_provinces()[f->id].city)
                    town = true;
                const bool one_syllable = f->text.find(' ') == std::string_view::npos;
                if (!(town && one_syllable && prefix == Prefix::none)) {
                    Piece p{
                        town ? Slot::town : Slot::province, f->id, 0, 0, 0, std::string(f->text)};
                    if (!town) {
                        lit.resize(lit.size() - prefix_len);
                        p.form = static_cast<std::uint8_t>(prefix);
                    }
                    flush();
                    pieces.push_back(std::move(p));
                    i += f->text.size();
                    continue;
                }
            }
            if (const NameForm* f = match_form(carrier_forms(), s, i)) {
                flush();
                pieces.push_back({Slot::carrier, f->id, f->tag, 0, 0, std::string(f->text)});
                i += f->text.size();
                continue;
            }
            const bool titled = ends_with_word(lit, "ông ") || ends_with_word(lit, "Ông ") ||
                                ends_with_word(lit, "bà ") || ends_with_word(lit, "Bà ");
            std::size_t end = 0;
            const auto name = read_name(s, i, end);
            const bool family_run = name.size() >= 3 && m_families.contains(name.front());
            if ((titled && !name.empty()) || family_run) {
                const bool woman = ends_with_word(lit, "bà ") || ends_with_word(lit, "Bà ");
                flush();
                const Slot slot = name.size() == 1 ? Slot::given_name : Slot::person;
                pieces.push_back({slot, 0, woman, 0, 0, std::string(s.substr(i, end - i))});
                i = end;
                continue;
            }
        }
        if (is_digit(s[i]) && boundary_before(s, i)) {
            flush();
            if (const std::size_t used = parse_number(s, i, pieces)) {
                i += used;
                continue;
            }
        }
        lit.append(s.substr(i, len));
        i += len;
    }
    flush();

    // A venue in another province ("tại Hà Nội") keeps its name.
    std::set<std::uint8_t> provinces;
    for (const auto& p : pieces)
        if (p.slot == Slot::province || p.slot == Slot::town)
            provinces.insert(p.id);
    if (provinces.size() > 1) {
        for (std::size_t k = 1; k < pieces.size(); ++k) {
            auto& p = pieces[k];
            if (p.slot == Slot::province && old_provinces()[p.id].city &&
                pieces[k - 1].slot == Slot::text && ends_with_word(pieces[k - 1].text, "tại ")) {
                p.slot = Slot::text;
                p.text = std::string(prefix_text(static_cast<Prefix>(p.form))) + p.text;
            }
        }
        provinces.clear();
        for (const auto& p : pieces)
            if (p.slot == Slot::province || p.slot == Slot::town)
                provinces.insert(p.id);
    }
    merge_text(pieces);
    std::set<std::uint8_t> carriers_named;
    for (const auto& p : pieces)
        if (p.slot == Slot::carrier)
            carriers_named.insert(p.id);

    {
        const auto first = s.find(' ');
        const auto second = first == std::string_view::npos ? first : s.find(' ', first + 1);
        out.opening = std::string(s.substr(0, second));
    }
    out.bytes = static_cast<std::uint32_t>(s.size());
    out.source_year = static_cast<std::uint16_t>(source_year);
    out.provinces = static_cast<std::uint8_t>(provinces.size());
    out.carriers = static_cast<std::uint8_t>(carriers_named.size());
    out.lead = lead;
    classify(s, out);
    return out;
}

} // namespace vnsearch::gen
