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

using Families = std::set<std::string, std::less<>>;

/// The pieces of a template while its sentence is read: literal text gathers in `lit`
/// until a slot ends it.
struct PieceList {
    std::vector<Piece> pieces;
    std::string lit;

    /// Ends the literal text gathered so far.
    void flush() {
        if (!lit.empty())
            pieces.push_back({Slot::text, 0, 0, 0, 0, std::move(lit)});
        lit.clear();
    }

    /// Appends a slot after the literal text gathered so far.
    void add(Piece p) {
        flush();
        pieces.push_back(std::move(p));
    }
};

/// A province or town name at `pos`, with the prefix written before it; returns the bytes
/// it takes (0: none).
std::size_t read_province(std::string_view s, std::size_t pos, PieceList& list) {
    const NameForm* f = match_form(province_forms(), s, pos);
    if (f == nullptr)
        return 0;
    auto [prefix, prefix_len] = prefix_of(list.lit);
    bool town = f->tag == 1;
    // "thành phố Hà Giang" is the provincial seat, not the province.
    if (!town &&
        (prefix == Prefix::thanh_pho || prefix == Prefix::Thanh_pho || prefix == Prefix::tp) &&
        !old_provinces()[f->id].city)
        town = true;
    const bool one_syllable = f->text.find(' ') == std::string_view::npos;
    if (town && one_syllable && prefix == Prefix::none)
        return 0;
    Piece p{town ? Slot::town : Slot::province, f->id, 0, 0, 0, std::string(f->text)};
    if (!town) {
        list.lit.resize(list.lit.size() - prefix_len);
        p.form = static_cast<std::uint8_t>(prefix);
    }
    list.add(std::move(p));
    return f->text.size();
}

/// A carrier name at `pos`; returns the bytes it takes (0: none).
std::size_t read_carrier(std::string_view s, std::size_t pos, PieceList& list) {
    const NameForm* f = match_form(carrier_forms(), s, pos);
    if (f == nullptr)
        return 0;
    list.add({Slot::carrier, f->id, f->tag, 0, 0, std::string(f->text)});
    return f->text.size();
}

/// A personal name at `pos`: after "ông" / "bà", or three syllables or more opening with a
/// known family name; returns the bytes it takes (0: none).
std::size_t read_person(std::string_view s, std::size_t pos, const Families& families,
                        PieceList& list) {
    const std::string& lit = list.lit;
    const bool titled = ends_with_word(lit, "ông ") || ends_with_word(lit, "Ông ") ||
                        ends_with_word(lit, "bà ") || ends_with_word(lit, "Bà ");
    std::size_t end = 0;
    const auto name = read_name(s, pos, end);
    const bool family_run = name.size() >= 3 && families.contains(name.front());
    if (!(titled && !name.empty()) && !family_run)
        return 0;
    const bool woman = ends_with_word(lit, "bà ") || ends_with_word(lit, "Bà ");
    const Slot slot = name.size() == 1 ? Slot::given_name : Slot::person;
    list.add({slot, 0, woman, 0, 0, std::string(s.substr(pos, end - pos))});
    return end - pos;
}

/// A name at `pos`, a capital letter after a word boundary: a province or town comes
/// first, then a carrier, then a person.
std::size_t read_proper_name(std::string_view s, std::size_t pos, const Families& families,
                             PieceList& list) {
    if (const std::size_t used = read_province(s, pos, list))
        return used;
    if (const std::size_t used = read_carrier(s, pos, list))
        return used;
    return read_person(s, pos, families, list);
}

/// The pieces of `s`: its names, years, figures and dates as slots, literal text between.
std::vector<Piece> read_pieces(std::string_view s, const Families& families) {
    PieceList list;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len = 0;
        const char32_t c = code_point_at(s, i, len);
        std::size_t used = 0;
        if (boundary_before(s, i) && is_upper(c))
            used = read_proper_name(s, i, families, list);
        if (used == 0 && is_digit(s[i]) && boundary_before(s, i)) {
            list.flush();
            used = parse_number(s, i, list.pieces);
        }
        if (used == 0) {
            list.lit.append(s.substr(i, len));
            used = len;
        }
        i += used;
    }
    list.flush();
    return std::move(list.pieces);
}

/// The old provinces that `pieces` names, as a province or by a town.
std::set<std::uint8_t> provinces_named(const std::vector<Piece>& pieces) {
    std::set<std::uint8_t> provinces;
    for (const auto& p : pieces)
        if (p.slot == Slot::province || p.slot == Slot::town)
            provinces.insert(p.id);
    return provinces;
}

/// A venue in another province ("tại Hà Nội") keeps its name: the city after "tại" in a
/// sentence that names more than one province becomes literal text.
void keep_venues(std::vector<Piece>& pieces) {
    if (provinces_named(pieces).size() <= 1)
        return;
    for (std::size_t k = 1; k < pieces.size(); ++k) {
        auto& p = pieces[k];
        if (p.slot == Slot::province && old_provinces()[p.id].city &&
            pieces[k - 1].slot == Slot::text && ends_with_word(pieces[k - 1].text, "tại ")) {
            p.slot = Slot::text;
            p.text = std::string(prefix_text(static_cast<Prefix>(p.form))) + p.text;
        }
    }
}

/// How many distinct carriers `pieces` names.
std::size_t carriers_named(const std::vector<Piece>& pieces) {
    std::set<std::uint8_t> carriers;
    for (const auto& p : pieces)
        if (p.slot == Slot::carrier)
            carriers.insert(p.id);
    return carriers.size();
}

/// The first two words of `s`.
std::string opening_of(std::string_view s) {
    const auto first = s.find(' ');
    const auto second = first == std::string_view::npos ? first : s.find(' ', first + 1);
    return std::string(s.substr(0, second));
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
    out.pieces = read_pieces(s, m_families);
    keep_venues(out.pieces);
    out.provinces = static_cast<std::uint8_t>(provinces_named(out.pieces).size());
    merge_text(out.pieces);
    out.carriers = static_cast<std::uint8_t>(carriers_named(out.pieces));
    out.opening = opening_of(s);
    out.bytes = static_cast<std::uint32_t>(s.size());
    out.source_year = static_cast<std::uint16_t>(source_year);
    out.lead = lead;
    classify(s, out);
    return out;
}

} // namespace vnsearch::gen
