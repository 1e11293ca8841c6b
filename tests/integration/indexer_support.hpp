#pragma once
// What the tests of vnsearch-index share: a run of the indexer with its JSON report.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vnsearch::test {

/// Runs vnsearch-index --quiet --db `db` `extra` `inputs`, requires it to end with
/// `expected_exit`, and gives its report (or, when it was to fail, {"stderr": ...}).
inline nlohmann::json index(const std::filesystem::path& db, const std::vector<std::string>& inputs,
                            std::vector<std::string> extra = {}, int expected_exit = 0) {
    TempDir dir;
    std::vector<std::string> args{indexer_path(), "--quiet",  "--db",
                                  db.string(),    "--report", (dir / "r.json").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), inputs.begin(), inputs.end());
    const RunResult r = run(args);
    INFO(r.err);
    REQUIRE(r.exit_code == expected_exit);
    return expected_exit == 0 ? nlohmann::json::parse(read_file(dir / "r.json"))
                              : nlohmann::json{{"stderr", r.err}};
}

} // namespace vnsearch::test
