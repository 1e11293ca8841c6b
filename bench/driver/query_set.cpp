#include "query_set.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vnsearch::bench {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(c);
        }
    }
    out.push_back(cur);
    return out;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \r");
    if (b == std::string::npos)
        return {};
    const auto e = s.find_last_not_of(" \r");
    return s.substr(b, e - b + 1);
}

std::vector<std::string> values(const std::string& field) {
    std::vector<std::string> out;
    for (const std::string& v : split(field, '|'))
        if (const std::string t = trim(v); !t.empty())
            out.push_back(t);
    return out;
}

} // namespace

int BenchQuery::filter_count() const {
    return static_cast<int>(!provinces.empty()) + static_cast<int>(!carriers.empty()) +
           static_cast<int>(!years.empty()) + static_cast<int>(!pillars.empty());
}

std::vector<BenchQuery> read_query_set(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot read the query set " + path.string());
    std::vector<BenchQuery> out;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (trim(line).empty() || line[0] == '#')
            continue;
        const auto where = [&] { return path.string() + ":" + std::to_string(number) + ": "; };
        std::vector<std::string> f = split(line, '\t');
        if (f.size() < 3 || f.size() > 7)
            throw std::runtime_error(where() + "expected 3 to 7 tab-separated fields, got " +
                                     std::to_string(f.size()));
        f.resize(7);
        BenchQuery q;
        q.id = trim(f[0]);
        q.kind = trim(f[1]);
        q.text = trim(f[2]);
        q.provinces = values(f[3]);
        q.carriers = values(f[4]);
        for (const std::string& y : values(f[5])) {
            int year = 0;
            const auto [end, ec] = std::from_chars(y.data(), y.data() + y.size(), year);
            if (ec != std::errc() || end != y.data() + y.size() || year < 1900 || year > 2100)
                throw std::runtime_error(where() + "year '" + y + "' is not a year");
            q.years.push_back(year);
        }
        q.pillars = values(f[6]);
        if (q.id.empty())
            throw std::runtime_error(where() + "the query has no id");
        out.push_back(std::move(q));
    }
    if (out.empty())
        throw std::runtime_error("the query set " + path.string() + " holds no query");
    return out;
}

std::vector<TextPart> split_phrases(const std::string& text) {
    std::vector<TextPart> out;
    const std::vector<std::string> pieces = split(text, '"');
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        std::istringstream words(pieces[i]);
        std::string w, joined;
        while (words >> w)
            joined += (joined.empty() ? "" : " ") + w;
        if (joined.empty())
            continue;
        if (i % 2 == 1) {
            out.push_back({joined, true});
        } else {
            std::istringstream loose(joined);
            while (loose >> w)
                out.push_back({w, false});
        }
    }
    return out;
}

} // namespace vnsearch::bench
