#include "vnsearch/schema.hpp"

namespace vnsearch::schema {

std::string FacetRecord::pack() const {
    std::string s(11, '\0');
    s[0] = static_cast<char>(province);
    s[1] = static_cast<char>(former);
    s[2] = static_cast<char>(carriers);
    s[3] = static_cast<char>(pillars);
    s[4] = static_cast<char>(year & 0xFF);
    s[5] = static_cast<char>(year >> 8);
    for (int i = 0; i < 4; ++i)
        s[6 + static_cast<std::size_t>(i)] = static_cast<char>((yyyymmdd >> (8 * i)) & 0xFF);
    s[10] = static_cast<char>(kind);
    return s;
}

FacetRecord FacetRecord::unpack(std::string_view b) noexcept {
    FacetRecord r;
    if (b.size() < 11)
        return r;
    auto u = [&](std::size_t i) { return static_cast<std::uint8_t>(b[i]); };
    r.province = u(0);
    r.former = u(1);
    r.carriers = u(2);
    r.pillars = u(3);
    r.year = static_cast<std::uint16_t>(u(4) | (u(5) << 8));
    r.yyyymmdd = static_cast<std::uint32_t>(u(6)) | (static_cast<std::uint32_t>(u(7)) << 8) |
                 (static_cast<std::uint32_t>(u(8)) << 16) |
                 (static_cast<std::uint32_t>(u(9)) << 24);
    r.kind = u(10);
    return r;
}

} // namespace vnsearch::schema
