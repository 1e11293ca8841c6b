#pragma once
/// How a word gets mistyped, and put right: a syllable typed on a Vietnamese keyboard with
/// its input method off (Telex or VNI keys), a slip of one letter, and the letter case the
/// user typed.

#include <optional>
#include <string>
#include <string_view>

namespace vnsearch {

/// A syllable typed on a Telex keyboard with the input method off, as meant: "chuyeenr" is
/// "chuyển", "ddooir" "đổi", "dduwowngf" "đường"; nothing when `word` (lower case ASCII)
/// holds no Telex key.
std::optional<std::string> decode_telex(std::string_view word);

/// The same for VNI keys (digits after the letters they mark): "chuye6n3" is "chuyển",
/// "d9o6i3" "đổi".
std::optional<std::string> decode_vni(std::string_view word);

/// Whether `a` becomes `b` by one edit: a letter removed, added or changed, or two letters
/// side by side swapped (only the swap when `swap_only`).
bool one_edit_apart(std::string_view a, std::string_view b, bool swap_only = false);

/// Whether `word` is lower case ASCII letters only (and not empty).
bool is_ascii_word(std::string_view word);

/// `word` with the letter case of `typed`: all capitals, a capital first, or as it is.
std::string cased_like(std::string_view typed, const std::string& word);

} // namespace vnsearch
