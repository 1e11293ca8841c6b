#pragma once
// Helpers for tests that run the real programs: temporary folders, child processes,
// and a server started on an ephemeral loopback port.

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace vnsearch::test {

/// A fresh folder under the system temp dir, removed when the object goes away.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

/// What a finished child process printed and returned.
struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Runs a program to completion (no shell), capturing both streams.
RunResult run(const std::vector<std::string>& argv);

/// A child process running in the background; killed (SIGKILL) when destroyed.
class Child {
public:
    explicit Child(const std::vector<std::string>& argv, const std::filesystem::path& out_file,
                   const std::filesystem::path& err_file);
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    void kill_hard();
    /// Waits for it to end; returns its exit code (or -signal), also when running() saw
    /// it end first.
    int wait();
    bool running();
    int pid() const { return m_pid; }

private:
    int m_pid = -1;
    int m_exit = -1; ///< once it has ended
};

/// The real vnsearch-server over `dbs`, on a free port of 127.0.0.1, with `extra` options.
class ServerProcess {
public:
    explicit ServerProcess(const std::vector<std::filesystem::path>& dbs,
                           const std::vector<std::string>& extra = {});
    int port() const { return m_port; }
    std::string log() const;

private:
    TempDir m_dir;
    Child m_child;
    int m_port = 0;
};

std::string read_file(const std::filesystem::path& p);
void write_file(const std::filesystem::path& p, const std::string& content);

/// Paths of the built programs and of the source tree (set by CMake).
std::string indexer_path();
std::string server_path();
std::filesystem::path source_root();

/// The sample articles (corpus/articles/*.txt), counted.
std::size_t sample_articles();
/// How many rows of corpus/labels.tsv hold `value` in `column` (by its header name).
std::size_t labelled(const std::string& column, const std::string& value);
/// The rows of a TSV file with a header, as maps from column to cell.
std::vector<std::map<std::string, std::string>> read_tsv(const std::filesystem::path& file);

/// An index of the sample corpus and the given folders, and a server over it.
struct IndexedServer {
    TempDir dir;
    std::unique_ptr<ServerProcess> server;
    explicit IndexedServer(const std::vector<std::filesystem::path>& extra_inputs);
};

} // namespace vnsearch::test
