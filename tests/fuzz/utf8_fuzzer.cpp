// Fuzz target: the first stages of the text pipeline on arbitrary bytes. decode_utf8 must
// turn anything into clean text and say truthfully what it repaired; the normalizer and
// folding must keep that text valid and agree with each other on every word.

#include "check.hpp"
#include "text/vietnamese.hpp"
#include "vnsearch/utf8.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace vnsearch;

void check_decoding(std::string_view bytes, const DecodedText& d) {
    VNSEARCH_FUZZ_CHECK(fuzz::clean_text(d.text));
    // Repairs are reported exactly when there was something to repair.
    VNSEARCH_FUZZ_CHECK((d.invalid_sequences == 0) == is_valid_utf8(bytes));
    // One replacement character (3 bytes) for at least one bad byte, a space per control.
    VNSEARCH_FUZZ_CHECK(d.text.size() <= 3 * bytes.size());
    VNSEARCH_FUZZ_CHECK(d.invalid_sequences + d.control_chars <= bytes.size());
    // Clean input passes through untouched, but for a leading byte order mark.
    if (d.invalid_sequences == 0 && d.control_chars == 0) {
        const std::string_view body =
            bytes.substr(0, 3) == "\xEF\xBB\xBF" ? bytes.substr(3) : bytes;
        VNSEARCH_FUZZ_CHECK(d.text == body);
    }
    // Decoding what was decoded repairs nothing more.
    const DecodedText again = decode_utf8(d.text);
    VNSEARCH_FUZZ_CHECK(again.invalid_sequences == 0 && again.control_chars == 0);
    const std::string_view kept = std::string_view(d.text).substr(0, 3) == "\xEF\xBB\xBF"
                                      ? std::string_view(d.text).substr(3)
                                      : std::string_view(d.text);
    VNSEARCH_FUZZ_CHECK(again.text == kept);
}

void check_folding(std::string_view text) {
    const std::string folded = fold_diacritics(text);
    VNSEARCH_FUZZ_CHECK(is_valid_utf8(folded));
    VNSEARCH_FUZZ_CHECK(folded.size() <= text.size());
    VNSEARCH_FUZZ_CHECK(!has_diacritics(folded));
    VNSEARCH_FUZZ_CHECK(fold_diacritics(folded) == folded);
    // Text has diacritics exactly when folding changes it.
    VNSEARCH_FUZZ_CHECK(has_diacritics(text) == (folded != text));
}

void check_word(std::string_view word) {
    const WordForms w = normalize_word(word);
    const WordForms t = normalize_token(word);
    for (const std::string* s : {&w.norm, &w.folded, &t.norm, &t.folded})
        VNSEARCH_FUZZ_CHECK(is_valid_utf8(*s));
    // Moving a tone mark never changes what the word folds to.
    VNSEARCH_FUZZ_CHECK(w.folded == t.folded);
    // The folded form is the normalized form folded.
    VNSEARCH_FUZZ_CHECK(w.folded == fold_diacritics(w.norm));
    VNSEARCH_FUZZ_CHECK(t.folded == fold_diacritics(t.norm));
    VNSEARCH_FUZZ_CHECK(!has_diacritics(w.folded));
    VNSEARCH_FUZZ_CHECK(to_lower_nfc(word) == t.norm);
    VNSEARCH_FUZZ_CHECK(word.empty() == w.norm.empty());
    // Normalized forms are fixed points: a word normalized twice gives the same term.
    const WordForms w2 = normalize_word(w.norm);
    VNSEARCH_FUZZ_CHECK(w2.norm == w.norm && w2.folded == w.folded);
    VNSEARCH_FUZZ_CHECK(normalize_token(t.norm).norm == t.norm);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const DecodedText d = decode_utf8(bytes);
    check_decoding(bytes, d);
    check_folding(d.text);
    check_word(d.text);
    // Word by word, as the tokenizer hands words over: short enough for tone placement.
    const std::string_view text = d.text;
    for (std::size_t start = 0; start < text.size();) {
        const std::size_t space = text.find_first_of(" \t\r\n", start);
        const std::size_t end = space == std::string_view::npos ? text.size() : space;
        if (end > start)
            check_word(text.substr(start, end - start));
        start = end + 1;
    }
    return 0;
}
