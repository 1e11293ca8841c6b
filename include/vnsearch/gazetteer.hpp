#pragma once
/// Names of places and companies found in analysed text, whatever spelling the text uses.

#include "vnsearch/tokenizer.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace vnsearch {

/// A name found in a token stream.
struct Mention {
    std::uint32_t first = 0;   ///< index of its first token
    std::uint32_t last = 0;    ///< index of its last token (not one past)
    std::uint32_t payload = 0; ///< what the caller attached to the variant
};

/// Options of Gazetteer::find.
struct FindOptions {
    /// Where a variant has a capital letter the text must have one too ("Hòa Bình" the
    /// province, not "hòa bình" peace). Right for articles; queries are typed loosely.
    bool match_case = true;
};

/// Multi-token names matched longest-first against tokens. A text token with diacritics
/// must equal the variant's normalized token; one without diacritics only its folded
/// form, so "Dak Nong" finds "Đắk Nông" but "Đăk Nông" needs a variant of its own.
class Gazetteer {
public:
    /// Payload of variants that block a match ("Thái Bình Dương" is no "Thái Bình").
    static constexpr std::uint32_t blocked = 0xFFFFFFFF;

    /// Adds a variant; returns false if it has no tokens.
    bool add(std::string_view variant, std::uint32_t payload);

    /// Every mention, left to right, the longest variant winning at each position.
    std::vector<Mention> find(std::string_view text, const std::vector<Token>& tokens,
                              FindOptions options = {}) const;

    std::size_t size() const noexcept { return m_variants.size(); }

    /// Calls `f(variant as written, payload)` for every variant.
    template <typename F>
    void for_each_variant(F&& f) const {
        for (const Variant& v : m_variants)
            f(std::string_view(v.written), v.payload);
    }

private:
    struct Variant {
        std::vector<std::string> norms;
        std::vector<std::string> folded;
        std::vector<bool> capital;
        std::uint32_t payload;
        std::string written;
    };
    std::vector<Variant> m_variants;
    std::unordered_map<std::string, std::vector<std::uint32_t>> m_by_first; // folded first token
};

} // namespace vnsearch
