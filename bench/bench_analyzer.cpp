// Throughput of the text pipeline (decode, normalize, tokenize, fold, segment) on the
// sample corpus. Run: build/bench/vnsearch_bench_analyzer [--benchmark_...]
// The corpus folder can be overridden with VNSEARCH_BENCH_CORPUS.
#include "vnsearch/analyzer.hpp"
#include "vnsearch/data_dir.hpp"

#include <benchmark/benchmark.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

std::vector<std::string> load_corpus() {
    const char* env = std::getenv("VNSEARCH_BENCH_CORPUS");
    const std::filesystem::path dir = env != nullptr ? env : VNSEARCH_CORPUS_DIR;
    std::vector<std::string> docs;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
        if (e.path().extension() != ".txt")
            continue;
        std::ifstream in(e.path(), std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        docs.push_back(ss.str());
    }
    if (docs.empty()) {
        std::cerr << "no .txt documents under " << dir << "\n";
        std::exit(2);
    }
    return docs;
}

const std::vector<std::string>& corpus() {
    static const std::vector<std::string> docs = load_corpus();
    return docs;
}

const vnsearch::Analyzer& analyzer() {
    static const vnsearch::Analyzer a(std::make_shared<vnsearch::Lexicon>(
        vnsearch::Lexicon::load(vnsearch::data_dir() / "lexicon.txt")));
    return a;
}

void BM_pipeline(benchmark::State& state) {
    const auto& docs = corpus();
    const auto& a = analyzer();
    std::size_t bytes = 0;
    for (auto _ : state) {
        for (const std::string& raw : docs) {
            const auto decoded = vnsearch::decode_utf8(raw);
            auto analysis = a.analyze(decoded.text);
            benchmark::DoNotOptimize(analysis);
            bytes += raw.size();
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.counters["docs"] = static_cast<double>(docs.size());
}
BENCHMARK(BM_pipeline)->Unit(benchmark::kMillisecond);

void BM_tokenize_only(benchmark::State& state) {
    const auto& docs = corpus();
    std::size_t bytes = 0;
    for (auto _ : state) {
        for (const std::string& raw : docs) {
            auto tokens = vnsearch::tokenize(raw);
            benchmark::DoNotOptimize(tokens);
            bytes += raw.size();
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_tokenize_only)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
