#include "gazetteer.hpp"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <utility>

namespace vnsearch::gen {

namespace {

// Current provinces, indices as in FACTS.md.
enum Cur : std::uint8_t {
    HaNoi,
    Hue,
    LaiChau,
    DienBien,
    SonLa,
    LangSon,
    QuangNinh,
    ThanhHoa,
    NgheAn,
    HaTinh,
    CaoBang,
    TuyenQuang,
    LaoCai,
    ThaiNguyen,
    PhuTho,
    BacNinh,
    HungYen,
    HaiPhong,
    NinhBinh,
    QuangTri,
    DaNang,
    QuangNgai,
    GiaLai,
    KhanhHoa,
    LamDong,
    DakLak,
    HoChiMinh,
    DongNai,
    TayNinh,
    CanTho,
    VinhLong,
    DongThap,
    CaMau,
    AnGiang
};

constexpr CurrentProvince current_table[] = {
    {"Hà Nội", "Hà Nội", "", true},
    {"Huế", "Huế", "", true},
    {"Lai Châu", "Lai Châu", "", false},
    {"Điện Biên", "Điện Biên", "", false},
    {"Sơn La", "Sơn La", "", false},
    {"Lạng Sơn", "Lạng Sơn", "", false},
    {"Quảng Ninh", "Quảng Ninh", "", false},
    {"Thanh Hóa", "Thanh Hóa", "Thanh Hoá", false},
    {"Nghệ An", "Nghệ An", "", false},
    {"Hà Tĩnh", "Hà Tĩnh", "", false},
    {"Cao Bằng", "Cao Bằng", "", false},
    {"Tuyên Quang", "Tuyên Quang", "", false},
    {"Lào Cai", "Lào Cai", "", false},
    {"Thái Nguyên", "Thái Nguyên", "", false},
    {"Phú Thọ", "Phú Thọ", "", false},
    {"Bắc Ninh", "Bắc Ninh", "", false},
    {"Hưng Yên", "Hưng Yên", "", false},
    {"Hải Phòng", "Hải Phòng", "", true},
    {"Ninh Bình", "Ninh Bình", "", false},
    {"Quảng Trị", "Quảng Trị", "", false},
    {"Đà Nẵng", "Đà Nẵng", "", true},
    {"Quảng Ngãi", "Quảng Ngãi", "", false},
    {"Gia Lai", "Gia Lai", "", false},
    {"Khánh Hòa", "Khánh Hòa", "Khánh Hoà", false},
    {"Lâm Đồng", "Lâm Đồng", "", false},
    {"Đắk Lắk", "Đắk Lắk", "Đăk Lăk", false},
    {"TP. Hồ Chí Minh", "Hồ Chí Minh", "TP.HCM", true},
    {"Đồng Nai", "Đồng Nai", "", false},
    {"Tây Ninh", "Tây Ninh", "", false},
    {"Cần Thơ", "Cần Thơ", "", true},
    {"Vĩnh Long", "Vĩnh Long", "", false},
    {"Đồng Tháp", "Đồng Tháp", "", false},
    {"Cà Mau", "Cà Mau", "", false},
    {"An Giang", "An Giang", "", false},
};
static_assert(std::size(current_table) == current_province_count);

// Roughly how much each province is written about: big cities and large provinces first.
// The generator draws ranks in this order with Zipf weights.
constexpr OldProvince old_table[] = {
    {"Hà Nội", "Hà Nội", "", "", HaNoi, true},
    {"TP. Hồ Chí Minh", "Hồ Chí Minh", "", "TP.HCM", HoChiMinh, true},
    {"Đà Nẵng", "Đà Nẵng", "", "", DaNang, true},
    {"Hải Phòng", "Hải Phòng", "", "", HaiPhong, true},
    {"Cần Thơ", "Cần Thơ", "", "", CanTho, true},
    {"Quảng Ninh", "Quảng Ninh", "Hạ Long", "", QuangNinh, false},
    {"Thanh Hóa", "Thanh Hóa", "Thanh Hóa", "Thanh Hoá", ThanhHoa, false},
    {"Nghệ An", "Nghệ An", "Vinh", "", NgheAn, false},
    {"Bình Dương", "Bình Dương", "Thủ Dầu Một", "", HoChiMinh, false},
    {"Đồng Nai", "Đồng Nai", "Biên Hòa", "", DongNai, false},
    {"Khánh Hòa", "Khánh Hòa", "Nha Trang", "Khánh Hoà", KhanhHoa, false},
    {"Thừa Thiên Huế", "Thừa Thiên Huế", "Huế", "Thừa Thiên - Huế", Hue, false},
    {"Bắc Ninh", "Bắc Ninh", "Bắc Ninh", "", BacNinh, false},
    {"Lâm Đồng", "Lâm Đồng", "Đà Lạt", "", LamDong, false},
    {"Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu", "Bà Rịa", "BR-VT", HoChiMinh, false},
    {"Đắk Lắk", "Đắk Lắk", "Buôn Ma Thuột", "Đăk Lăk", DakLak, false},
    {"Gia Lai", "Gia Lai", "Pleiku", "", GiaLai, false},
    {"Bình Định", "Bình Định", "Quy Nhơn", "", GiaLai, false},
    {"Lào Cai", "Lào Cai", "Lào Cai", "", LaoCai, false},
    {"Thái Nguyên", "Thái Nguyên", "Thái Nguyên", "", ThaiNguyen, false},
    {"Hải Dương", "Hải Dương", "Hải Dương", "", HaiPhong, false},
    {"Quảng Nam", "Quảng Nam", "Tam Kỳ", "", DaNang, false},
    {"Long An", "Long An", "Tân An", "", TayNinh, false},
    {"An Giang", "An Giang", "Long Xuyên", "", AnGiang, false},
    {"Kiên Giang", "Kiên Giang", "Rạch Giá", "", AnGiang, false},
    {"Vĩnh Phúc", "Vĩnh Phúc", "Vĩnh Yên", "", PhuTho, false},
    {"Phú Thọ", "Phú Thọ", "Việt Trì", "", PhuTho, false},
    {"Bắc Giang", "Bắc Giang", "Bắc Giang", "", BacNinh, false},
    {"Hưng Yên", "Hưng Yên", "Hưng Yên", "", HungYen, false},
    {"Thái Bình", "Thái Bình", "Thái Bình", "", HungYen, false},
    {"Nam Định", "Nam Định", "Nam Định", "", NinhBinh, false},
    {"Ninh Bình", "Ninh Bình", "Ninh Bình", "", NinhBinh, false},
    {"Hà Tĩnh", "Hà Tĩnh", "Hà Tĩnh", "", HaTinh, false},
    {"Quảng Bình", "Quảng Bình", "Đồng Hới", "", QuangTri, false},
    {"Quảng Trị", "Quảng Trị", "Đông Hà", "", QuangTri, false},
    {"Quảng Ngãi", "Quảng Ngãi", "Quảng Ngãi", "", QuangNgai, false},
    {"Bình Thuận", "Bình Thuận", "Phan Thiết", "", LamDong, false},
    {"Tây Ninh", "Tây Ninh", "Tây Ninh", "", TayNinh, false},
    {"Tiền Giang", "Tiền Giang", "Mỹ Tho", "", DongThap, false},
    {"Bến Tre", "Bến Tre", "Bến Tre", "", VinhLong, false},
    {"Đồng Tháp", "Đồng Tháp", "Cao Lãnh", "", DongThap, false},
    {"Vĩnh Long", "Vĩnh Long", "Vĩnh Long", "", VinhLong, false},
    {"Sóc Trăng", "Sóc Trăng", "Sóc Trăng", "", CanTho, false},
    {"Cà Mau", "Cà Mau", "Cà Mau", "", CaMau, false},
    {"Tuyên Quang", "Tuyên Quang", "Tuyên Quang", "", TuyenQuang, false},
    {"Hà Giang", "Hà Giang", "Hà Giang", "", TuyenQuang, false},
    {"Yên Bái", "Yên Bái", "Yên Bái", "", LaoCai, false},
    {"Sơn La", "Sơn La", "Sơn La", "", SonLa, false},
    {"Hòa Bình", "Hòa Bình", "Hòa Bình", "Hoà Bình", PhuTho, false},
    {"Lạng Sơn", "Lạng Sơn", "Lạng Sơn", "", LangSon, false},
    {"Cao Bằng", "Cao Bằng", "Cao Bằng", "", CaoBang, false},
    {"Điện Biên", "Điện Biên", "Điện Biên Phủ", "", DienBien, false},
    {"Lai Châu", "Lai Châu", "Lai Châu", "", LaiChau, false},
    {"Bắc Kạn", "Bắc Kạn", "Bắc Kạn", "", ThaiNguyen, false},
    {"Hà Nam", "Hà Nam", "Phủ Lý", "", NinhBinh, false},
    {"Phú Yên", "Phú Yên", "Tuy Hòa", "", DakLak, false},
    {"Ninh Thuận", "Ninh Thuận", "Phan Rang - Tháp Chàm", "", KhanhHoa, false},
    {"Kon Tum", "Kon Tum", "Kon Tum", "Kontum", QuangNgai, false},
    {"Đắk Nông", "Đắk Nông", "Gia Nghĩa", "Đăk Nông", LamDong, false},
    {"Bình Phước", "Bình Phước", "Đồng Xoài", "", DongNai, false},
    {"Hậu Giang", "Hậu Giang", "Vị Thanh", "", CanTho, false},
    {"Trà Vinh", "Trà Vinh", "Trà Vinh", "", VinhLong, false},
    {"Bạc Liêu", "Bạc Liêu", "Bạc Liêu", "", CaMau, false},
};
static_assert(std::size(old_table) == old_province_count);

constexpr Carrier carrier_table[] = {
    {"VNPT", "Tập đoàn Bưu chính Viễn thông Việt Nam", 32},
    {"Viettel", "Tập đoàn Công nghiệp - Viễn thông Quân đội", 34},
    {"MobiFone", "Tổng công ty Viễn thông MobiFone", 14},
    {"FPT", "Tập đoàn FPT", 12},
    {"CMC", "Tập đoàn Công nghệ CMC", 8},
};
static_assert(std::size(carrier_table) == carrier_count);

std::uint8_t old_index(std::string_view name) {
    for (std::size_t i = 0; i < old_province_count; ++i)
        if (old_table[i].name == name)
            return static_cast<std::uint8_t>(i);
    return 0xFF; // caught by the check in province_forms()
}

void sort_longest_first(std::vector<NameForm>& forms) {
    std::stable_sort(forms.begin(), forms.end(), [](const NameForm& a, const NameForm& b) {
        return a.text.size() > b.text.size();
    });
}

std::vector<NameForm> make_province_forms() {
    std::vector<NameForm> forms;
    for (std::size_t i = 0; i < old_province_count; ++i) {
        const auto id = static_cast<std::uint8_t>(i);
        forms.push_back({old_table[i].name, id, 0});
        if (old_table[i].bare != old_table[i].name)
            forms.push_back({old_table[i].bare, id, 0});
        if (!old_table[i].variant.empty())
            forms.push_back({old_table[i].variant, id, 0});
    }
    // Spellings of real text that neither table lists.
    const std::pair<std::string_view, std::string_view> extra_names[] = {
        {"Huế", "Thừa Thiên Huế"},
        {"TP HCM", "TP. Hồ Chí Minh"},
        {"TPHCM", "TP. Hồ Chí Minh"},
        {"Sài Gòn", "TP. Hồ Chí Minh"},
        {"Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"},
        {"Đắc Nông", "Đắk Nông"},
        {"Thanh Hoá", "Thanh Hóa"},
        {"Khánh Hoà", "Khánh Hòa"},
    };
    for (const auto& [text, province] : extra_names)
        forms.push_back({text, old_index(province), 0});
    // Seats and towns (tag 1): a one-syllable name ("Vinh") is also a given name, so the
    // parser takes it as a town only after "thành phố" or "TP.".
    for (std::size_t i = 0; i < old_province_count; ++i) {
        const std::string_view seat = old_table[i].seat;
        const bool is_province_name = std::any_of(
            forms.begin(), forms.end(), [&](auto& f) { return f.tag == 0 && f.text == seat; });
        if (!seat.empty() && !is_province_name)
            forms.push_back({seat, static_cast<std::uint8_t>(i), 1});
    }
    const std::pair<std::string_view, std::string_view> towns[] = {
        {"Vũng Tàu", "Bà Rịa - Vũng Tàu"}, {"Phan Rang", "Ninh Thuận"},
        {"Hội An", "Quảng Nam"},           {"Sa Pa", "Lào Cai"},
        {"Sầm Sơn", "Thanh Hóa"},          {"Cửa Lò", "Nghệ An"},
        {"Vân Đồn", "Quảng Ninh"},         {"Mộc Châu", "Sơn La"},
        {"Nghĩa Lộ", "Yên Bái"},           {"Buôn Hồ", "Đắk Lắk"},
        {"Long Thành", "Đồng Nai"},        {"Phú Quốc", "Kiên Giang"},
        {"Móng Cái", "Quảng Ninh"},        {"Cam Ranh", "Khánh Hòa"},
        {"Bảo Lộc", "Lâm Đồng"},           {"Châu Đốc", "An Giang"},
        {"Hà Tiên", "Kiên Giang"},         {"Sa Đéc", "Đồng Tháp"},
        {"Hồng Ngự", "Đồng Tháp"},         {"Vĩnh Châu", "Sóc Trăng"},
        {"Ninh Kiều", "Cần Thơ"},          {"Mũi Né", "Bình Thuận"},
        {"Phong Nha", "Quảng Bình"},       {"Mèo Vạc", "Hà Giang"},
        {"Mù Cang Chải", "Yên Bái"},       {"Mai Châu", "Hòa Bình"},
        {"Lý Sơn", "Quảng Ngãi"},          {"Đồng Đăng", "Lạng Sơn"},
        {"Nghi Sơn", "Thanh Hóa"},         {"Vũng Áng", "Hà Tĩnh"},
        {"Dung Quất", "Quảng Ngãi"},
    };
    for (const auto& [text, province] : towns)
        forms.push_back({text, old_index(province), 1});
    sort_longest_first(forms);
    return forms;
}

std::vector<NameForm> make_carrier_forms() {
    std::vector<NameForm> forms = {
        {"Tập đoàn Bưu chính Viễn thông Việt Nam", 0, 1},
        {"Bưu chính Viễn thông Việt Nam", 0, 1},
        {"VNPT", 0, 0},
        {"Tập đoàn Công nghiệp - Viễn thông Quân đội", 1, 1},
        {"Tập đoàn Công nghiệp – Viễn thông Quân đội", 1, 1},
        {"Viettel", 1, 0},
        {"Tổng công ty Viễn thông MobiFone", 2, 1},
        {"Tổng Công ty Viễn thông MobiFone", 2, 1},
        {"MobiFone", 2, 0},
        {"Mobifone", 2, 0},
        {"Công ty Cổ phần FPT", 3, 1},
        {"Tập đoàn FPT", 3, 1},
        {"FPT", 3, 0},
        {"Tập đoàn Công nghệ CMC", 4, 1},
        {"CMC", 4, 0},
    };
    sort_longest_first(forms);
    return forms;
}

} // namespace

const std::array<OldProvince, old_province_count>& old_provinces() {
    static const std::array<OldProvince, old_province_count> table = std::to_array(old_table);
    return table;
}

const std::array<CurrentProvince, current_province_count>& current_provinces() {
    static const std::array<CurrentProvince, current_province_count> table =
        std::to_array(current_table);
    return table;
}

const std::array<Carrier, carrier_count>& carriers() {
    static const std::array<Carrier, carrier_count> table = std::to_array(carrier_table);
    return table;
}

const std::vector<NameForm>& province_forms() {
    static const std::vector<NameForm> forms = [] {
        auto f = make_province_forms();
        // A misspelt name in the tables above would map to index 0xFF: refuse to run.
        for (const auto& form : f)
            if (form.id >= old_province_count)
                std::abort();
        return f;
    }();
    return forms;
}

const std::vector<NameForm>& carrier_forms() {
    static const std::vector<NameForm> forms = make_carrier_forms();
    return forms;
}

} // namespace vnsearch::gen
