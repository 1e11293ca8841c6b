// Golden files: tests/data/analyzer/*.golden hold Vietnamese input and the tokens,
// folded forms and compounds the analyzer must give, so the behaviour reads as data.
//
//   === name of the case
//   <<< input text, with \xHH (a raw byte), \uHHHH (a code point), \n, \t and \\ escapes
//   <<<* N text       the text repeated N times (large inputs)
//   kind | original text | normalized | folded [| break]
//     kind | ...      a part of the composite token above it (two spaces first)
//   compound | original text | normalized | folded
//   invalid N / controls N      repairs made by the decoder (when not 0)
//   count KIND N                 for large inputs: only counts are compared
#include "vnsearch/analyzer.hpp"
#include "vnsearch/utf8.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace vnsearch;

namespace {

struct GoldenCase {
    std::string file;
    std::size_t line = 0;
    std::string name;
    std::string input;
    std::vector<std::string> expected;
};

std::string unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 >= s.size()) {
            out.push_back(s[i]);
            continue;
        }
        const char c = s[++i];
        if (c == 'n') {
            out.push_back('\n');
        } else if (c == 't') {
            out.push_back('\t');
        } else if (c == 'x') {
            out.push_back(
                static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
            i += 2;
        } else if (c == 'u') {
            append_utf8(out, static_cast<char32_t>(
                                 std::stoi(std::string(s.substr(i + 1, 4)), nullptr, 16)));
            i += 4;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::vector<GoldenCase> read_cases(const std::filesystem::path& file) {
    std::ifstream in(file);
    REQUIRE(in);
    std::vector<GoldenCase> cases;
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.rfind("=== ", 0) == 0) {
            cases.push_back({file.filename().string(), line_no, line.substr(4), {}, {}});
        } else if (line.rfind("<<<* ", 0) == 0) {
            REQUIRE(!cases.empty());
            const auto space = line.find(' ', 5);
            const std::size_t times = std::stoul(line.substr(5, space - 5));
            const std::string unit = unescape(line.substr(space + 1));
            cases.back().input.reserve(unit.size() * times);
            for (std::size_t k = 0; k < times; ++k)
                cases.back().input += unit;
        } else if (line.rfind("<<< ", 0) == 0 || line == "<<<") {
            REQUIRE(!cases.empty());
            cases.back().input += line.size() > 4 ? unescape(line.substr(4)) : "";
        } else if (!line.empty() && line[0] != '#') {
            REQUIRE(!cases.empty());
            cases.back().expected.push_back(line);
        }
    }
    return cases;
}

/// The analyzer's output in the golden format.
std::vector<std::string> describe(std::string_view raw, const Analyzer& analyzer,
                                  bool counts_only) {
    const DecodedText decoded = decode_utf8(raw);
    const Analysis a = analyzer.analyze(decoded.text);
    std::vector<std::string> out;
    auto original = [&](std::uint32_t b, std::uint32_t e) {
        return std::string(decoded.text.substr(b, e - b));
    };
    if (counts_only) {
        std::map<std::string, std::size_t> counts;
        for (const Token& t : a.tokens)
            ++counts[std::string(kind_name(t.kind))];
        counts["compound"] = a.compounds.size();
        for (const auto& [k, n] : counts)
            if (n > 0)
                out.push_back("count " + k + " " + std::to_string(n));
    } else {
        for (const Token& t : a.tokens) {
            std::string row = (t.part ? "  " : "") + std::string(kind_name(t.kind)) + " | " +
                              original(t.begin, t.end) + " | " + t.norm + " | " + t.folded;
            if (t.after_break)
                row += " | break";
            out.push_back(row);
        }
        for (const Compound& c : a.compounds) {
            const Token& first = a.tokens[c.first];
            const Token& last = a.tokens[c.first + c.count - 1];
            out.push_back("compound | " + original(first.begin, last.end) + " | " + c.norm + " | " +
                          c.folded);
        }
    }
    if (decoded.invalid_sequences > 0)
        out.push_back("invalid " + std::to_string(decoded.invalid_sequences));
    if (decoded.control_chars > 0)
        out.push_back("controls " + std::to_string(decoded.control_chars));
    return out;
}

std::string joined(const std::vector<std::string>& rows) {
    std::string s;
    for (const auto& r : rows)
        s += r + "\n";
    return s;
}

} // namespace

TEST_CASE("the analyzer gives the tokens written in the golden files") {
    const std::filesystem::path dir = std::filesystem::path(VNSEARCH_TEST_DATA_DIR) / "analyzer";
    const auto lexicon = std::make_shared<Lexicon>(Lexicon::load(dir / "lexicon.txt"));
    const Analyzer analyzer(lexicon);
    std::size_t total = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".golden")
            continue;
        for (const GoldenCase& gc : read_cases(entry.path())) {
            ++total;
            const bool counts_only =
                !gc.expected.empty() && gc.expected.front().rfind("count ", 0) == 0;
            const auto actual = describe(gc.input, analyzer, counts_only);
            INFO(gc.file << ":" << gc.line << ": " << gc.name);
            CHECK(joined(actual) == joined(gc.expected));
        }
    }
    // The suite is only a specification if it is complete enough to be one.
    CHECK(total >= 60);
}

TEST_CASE("every token of a long single-line input points inside it") {
    std::string text;
    for (int i = 0; i < 200000; ++i)
        text += "Chuyển đổi số 4G/5G 1.250 ";
    const Analysis a = Analyzer(std::make_shared<Lexicon>()).analyze(text);
    CHECK(a.tokens.size() == 200000u * 7u);
    std::uint32_t last_end = 0;
    for (const Token& t : a.tokens) {
        REQUIRE(t.end <= text.size());
        if (!t.part) {
            REQUIRE(t.begin >= last_end);
            last_end = t.end;
        }
    }
}
