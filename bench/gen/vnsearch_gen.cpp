// vnsearch-gen: writes a deterministic scale corpus in JSON Lines (and optionally in the
// crawled .txt format) from the sentences of the sample corpus. See bench/README.md.
#include "gazetteer.hpp"
#include "model.hpp"
#include "writer.hpp"

#include <CLI/CLI.hpp>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#ifndef VNSEARCH_CORPUS_ARTICLES_DIR
#define VNSEARCH_CORPUS_ARTICLES_DIR "corpus/articles"
#endif

namespace {

namespace fs = std::filesystem;
using vnsearch::gen::Document;

struct Options {
    std::uint64_t docs = 100000;
    std::uint64_t seed = 1;
    std::string out;
    std::string txt_dir;
    std::string corpus = VNSEARCH_CORPUS_ARTICLES_DIR;
    bool stats = false;
};

/// A FILE* that closes itself; output goes through a large buffer.
struct File {
    explicit File(const fs::path& path) : m_path(path), m_f(std::fopen(path.c_str(), "wb")) {
        if (m_f == nullptr)
            throw std::runtime_error(path.string() + ": cannot create");
        std::setvbuf(m_f, nullptr, _IOFBF, 1 << 20);
    }
    File(const File&) = delete;
    File& operator=(const File&) = delete;
    ~File() {
        if (m_f != nullptr)
            std::fclose(m_f);
    }
    void write(std::string_view s) {
        if (std::fwrite(s.data(), 1, s.size(), m_f) != s.size())
            throw std::runtime_error(m_path.string() + ": write failed");
    }
    void close() {
        const int rc = std::fclose(m_f);
        m_f = nullptr;
        if (rc != 0)
            throw std::runtime_error(m_path.string() + ": write failed");
    }

private:
    fs::path m_path;
    std::FILE* m_f;
};

/// Distribution of what was generated, for --stats.
struct Stats {
    std::uint64_t docs = 0, coop = 0, nfd = 0, text_bytes = 0, min_bytes = ~0ULL, max_bytes = 0;
    std::map<int, std::uint64_t> years;
    std::array<std::uint64_t, vnsearch::gen::carrier_count> carriers{};
    std::array<std::uint64_t, 4> pillars{};
    std::map<std::string, std::uint64_t> provinces; ///< under the name written
    std::uint64_t no_province = 0;

    void add(const Document& d) {
        ++docs;
        coop += d.cooperation;
        nfd += d.nfd;
        text_bytes += d.text.size();
        min_bytes = std::min<std::uint64_t>(min_bytes, d.text.size());
        max_bytes = std::max<std::uint64_t>(max_bytes, d.text.size());
        ++years[d.year];
        for (auto c : d.carriers)
            ++carriers[c];
        for (std::size_t p = 0; p < 4; ++p)
            pillars[p] += d.cooperation && (d.pillars & (1u << p)) != 0;
        if (d.old_province < 0)
            ++no_province;
        else if (d.published < "2025-07-01")
            ++provinces[std::string(
                vnsearch::gen::old_provinces()[static_cast<std::size_t>(d.old_province)].name)];
        else
            ++provinces[std::string(
                vnsearch::gen::current_provinces()[static_cast<std::size_t>(d.current_province)]
                    .name)];
    }

    void print(std::ostream& os) const {
        auto pct = [&](std::uint64_t n) {
            return 100.0 * static_cast<double>(n) / static_cast<double>(docs);
        };
        os << "documents: " << docs << "\n";
        os << "cooperation: " << coop << " (" << pct(coop) << " %), news: " << docs - coop << "\n";
        os << "text bytes: mean " << text_bytes / docs << ", min " << min_bytes << ", max "
           << max_bytes << "\n";
        os << "NFD documents: " << nfd << "\n";
        os << "years:";
        for (auto [y, n] : years)
            os << ' ' << y << '=' << n;
        os << "\ncarriers:";
        for (std::size_t c = 0; c < carriers.size(); ++c)
            os << ' ' << vnsearch::gen::carriers()[c].canonical << '=' << carriers[c];
        os << "\npillars (cooperation documents):";
        static constexpr const char* pillar_names[] = {"infrastructure", "government", "economy",
                                                       "society"};
        for (std::size_t p = 0; p < 4; ++p)
            os << ' ' << pillar_names[p] << '=' << pillars[p];
        std::vector<std::pair<std::uint64_t, std::string>> ranked;
        for (const auto& [name, n] : provinces)
            ranked.emplace_back(n, name);
        std::sort(ranked.rbegin(), ranked.rend());
        os << "\nprovince names written: " << ranked.size() << " distinct, none in " << no_province
           << " documents; top:";
        for (std::size_t i = 0; i < ranked.size() && i < 10; ++i)
            os << ' ' << ranked[i].second << '=' << ranked[i].first;
        os << "\n";
    }
};

void run(const Options& opt) {
    const auto t0 = std::chrono::steady_clock::now();
    // Errors name the option whose value they concern.
    auto model = [&] {
        try {
            return vnsearch::gen::build_model(opt.corpus);
        } catch (const std::exception& e) {
            throw std::runtime_error(std::string("--corpus: ") + e.what());
        }
    }();
    const vnsearch::gen::ArticleWriter writer(model, opt.seed);

    std::unique_ptr<File> out;
    try {
        out = std::make_unique<File>(opt.out);
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("--out: ") + e.what());
    }
    if (!opt.txt_dir.empty()) {
        std::error_code ec;
        fs::create_directories(opt.txt_dir, ec);
        if (ec || !fs::is_directory(opt.txt_dir))
            throw std::runtime_error("--txt-dir: " + opt.txt_dir + ": cannot create the folder" +
                                     (ec ? " (" + ec.message() + ")" : std::string()));
    }
    Stats stats;
    std::string line;
    for (std::uint64_t i = 0; i < opt.docs; ++i) {
        const Document d = writer.write(i);
        nlohmann::ordered_json j;
        j["id"] = d.id;
        j["url"] = d.url;
        j["title"] = d.title;
        j["published"] = d.published;
        j["source"] = d.source;
        j["text"] = d.text;
        line = j.dump();
        line += '\n';
        out->write(line);
        if (!opt.txt_dir.empty()) {
            File txt(fs::path(opt.txt_dir) / (d.id + ".txt"));
            txt.write("date " + d.published + "\n" + d.title + "\n" + d.text + "\n");
            txt.close();
        }
        stats.add(d);
    }
    out->close();
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cerr << "vnsearch-gen: " << opt.docs << " documents from " << model.articles
              << " sample articles (" << model.sentences.size() << " sentences, "
              << model.titles.size() << " headlines) -> " << opt.out << " in " << secs << " s\n";
    if (opt.stats)
        stats.print(std::cerr);
}

} // namespace

int main(int argc, char** argv) {
    Options opt;
    CLI::App app{"vnsearch-gen: a deterministic scale corpus of Vietnamese news on digital "
                 "transformation, recombined from the sentences of the sample corpus. The same "
                 "options always give the same bytes."};
    app.add_option("--docs", opt.docs, "Number of documents to write")
        ->capture_default_str()
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100'000'000}));
    app.add_option("--seed", opt.seed, "Seed of the random streams (0 to 2^64 - 1)")
        ->capture_default_str()
        ->check(CLI::Validator(
            [](const std::string& v) {
                // CLI11 would wrap "-3" round to 2^64 - 3: refuse a sign instead.
                const bool digits =
                    !v.empty() && v.find_first_not_of("0123456789") == std::string::npos;
                const bool fits = v.size() < 20 || (v.size() == 20 && v <= "18446744073709551615");
                return digits && fits ? std::string()
                                      : "must be a whole number from 0 to 2^64 - 1, not " + v;
            },
            "UINT64"));
    app.add_option("--out", opt.out,
                   "JSON Lines file to write (fields id, url, title, "
                   "published, source, text); overwritten")
        ->required();
    app.add_option("--txt-dir", opt.txt_dir,
                   "Also write every document as DIR/<id>.txt in the crawled format "
                   "(date line, title line, body); the folder is created");
    app.add_option("--corpus", opt.corpus,
                   "Folder of sample articles (.txt) to take the sentences from")
        ->capture_default_str()
        ->check(CLI::ExistingDirectory);
    app.add_flag("--stats", opt.stats,
                 "Print the distribution of what was generated (years, provinces, carriers, "
                 "lengths) to standard error");
    CLI11_PARSE(app, argc, argv);
    try {
        run(opt);
    } catch (const std::exception& e) {
        std::cerr << "vnsearch-gen: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
