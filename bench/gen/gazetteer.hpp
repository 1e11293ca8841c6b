#pragma once
/// The names the generator substitutes: provinces before and after the merger of
/// 1 July 2025, their seats, and the carriers. The generator keeps its own table (rather
/// than reading data/) so that the scale corpus does not change when the extractor's
/// gazetteers grow.

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace vnsearch::gen {

/// One of the 63 provinces that existed until 30 June 2025.
struct OldProvince {
    std::string_view name; ///< as articles write it: "Bà Rịa - Vũng Tàu", "TP. Hồ Chí Minh"
    std::string_view bare; ///< after "tỉnh" / "thành phố": "Hồ Chí Minh" for TP. Hồ Chí Minh
    std::string_view seat;    ///< the provincial seat; empty for a centrally governed city
    std::string_view variant; ///< another spelling seen in real text, or empty
    std::uint8_t current;     ///< index into current_provinces()
    bool city;                ///< centrally governed city (written "thành phố X")
};

/// One of the 34 provinces since 1 July 2025.
struct CurrentProvince {
    std::string_view name;
    std::string_view bare;
    std::string_view variant;
    bool city;
};

/// A telecom or technology group.
struct Carrier {
    std::string_view canonical; ///< VNPT, Viettel, MobiFone, FPT, CMC
    std::string_view long_name; ///< "Tập đoàn Bưu chính Viễn thông Việt Nam"
    unsigned weight;            ///< popularity in the generated archive (percent)
};

/// A spelling the parser recognizes in the sample corpus, and what it stands for.
struct NameForm {
    std::string_view text;
    std::uint8_t id;  ///< old-province or carrier index
    std::uint8_t tag; ///< for provinces: 0 province name, 1 town; for carriers: 0 short, 1 long
};

inline constexpr std::size_t old_province_count = 63;
inline constexpr std::size_t current_province_count = 34;
inline constexpr std::size_t carrier_count = 5;

/// Old provinces in order of popularity in the generated archive (most written about first).
const std::array<OldProvince, old_province_count>& old_provinces();

/// Current provinces, in the order of data/provinces.tsv and FACTS.md.
const std::array<CurrentProvince, current_province_count>& current_provinces();

/// VNPT, Viettel, MobiFone, FPT, CMC.
const std::array<Carrier, carrier_count>& carriers();

/// Every province, variant and town spelling the parser looks for, longest first.
const std::vector<NameForm>& province_forms();

/// Every carrier spelling the parser looks for, longest first.
const std::vector<NameForm>& carrier_forms();

} // namespace vnsearch::gen
