#include "support.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace vnsearch::test {
namespace fs = std::filesystem;

TempDir::TempDir() {
    std::random_device rd;
    for (int attempt = 0; attempt < 100; ++attempt) {
        fs::path p = fs::temp_directory_path() / ("vnsearch-test-" + std::to_string(rd()));
        if (fs::create_directory(p)) {
            m_path = p;
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary folder");
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file(const fs::path& p, const std::string& content) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
}

namespace {

int spawn(const std::vector<std::string>& argv, const fs::path& out, const fs::path& err) {
    const pid_t pid = fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int in = open("/dev/null", O_RDONLY);
        dup2(o, 1);
        dup2(e, 2);
        dup2(in, 0);
        std::vector<char*> args;
        for (const auto& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    return pid;
}

int decode_status(int status) {
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return -WTERMSIG(status);
    return -1;
}

} // namespace

RunResult run(const std::vector<std::string>& argv) {
    TempDir dir;
    const int pid = spawn(argv, dir / "out", dir / "err");
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return {decode_status(status), read_file(dir / "out"), read_file(dir / "err")};
}

Child::Child(const std::vector<std::string>& argv, const fs::path& out_file,
             const fs::path& err_file)
    : m_pid(spawn(argv, out_file, err_file)) {}

Child::~Child() {
    if (m_pid > 0 && running())
        kill_hard();
}

void Child::kill_hard() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        wait();
    }
}

int Child::wait() {
    if (m_pid <= 0)
        return m_exit;
    int status = 0;
    while (waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_pid = -1;
    m_exit = decode_status(status);
    return m_exit;
}

bool Child::running() {
    if (m_pid <= 0)
        return false;
    int status = 0;
    const pid_t r = waitpid(m_pid, &status, WNOHANG);
    if (r == m_pid) {
        m_pid = -1;
        m_exit = decode_status(status);
        return false;
    }
    return true;
}

namespace {
std::vector<std::string> server_args(const std::vector<fs::path>& dbs,
                                     const std::vector<std::string>& extra) {
    std::vector<std::string> args{server_path(), "--port", "0", "--threads", "4"};
    args.insert(args.end(), extra.begin(), extra.end());
    for (const auto& d : dbs) {
        args.push_back("--db");
        args.push_back(d.string());
    }
    return args;
}
} // namespace

ServerProcess::ServerProcess(const std::vector<fs::path>& dbs,
                             const std::vector<std::string>& extra)
    : m_child(server_args(dbs, extra), m_dir / "out", m_dir / "err") {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string out = read_file(m_dir / "out");
        const auto at = out.find("listening on http://127.0.0.1:");
        if (at != std::string::npos && out.find('\n', at) != std::string::npos) {
            m_port =
                std::stoi(out.substr(at + std::string("listening on http://127.0.0.1:").size()));
            return;
        }
        if (!m_child.running())
            throw std::runtime_error("server exited: " + read_file(m_dir / "err"));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("server did not start: " + read_file(m_dir / "err"));
}

std::string ServerProcess::log() const {
    return read_file(m_dir / "err");
}

std::string indexer_path() {
    return VNSEARCH_INDEXER;
}
std::string server_path() {
    return VNSEARCH_SERVER;
}
fs::path source_root() {
    return VNSEARCH_SOURCE_ROOT;
}

std::size_t sample_articles() {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(source_root() / "corpus" / "articles"))
        n += e.path().extension() == ".txt";
    return n;
}

std::vector<std::map<std::string, std::string>> read_tsv(const std::filesystem::path& file) {
    std::istringstream in(read_file(file));
    auto cells = [](const std::string& row) {
        std::vector<std::string> out;
        std::istringstream fields(row);
        std::string f;
        while (std::getline(fields, f, '\t'))
            out.push_back(f);
        return out;
    };
    std::string line;
    std::getline(in, line);
    const auto header = cells(line);
    std::vector<std::map<std::string, std::string>> rows;
    while (std::getline(in, line)) {
        const auto row = cells(line);
        auto& m = rows.emplace_back();
        for (std::size_t i = 0; i < header.size(); ++i)
            m[header[i]] = i < row.size() ? row[i] : "";
    }
    return rows;
}

std::size_t labelled(const std::string& column, const std::string& value) {
    const auto rows = read_tsv(source_root() / "corpus" / "labels.tsv");
    if (!rows.empty() && !rows.front().count(column))
        throw std::runtime_error("labels.tsv has no column " + column);
    return static_cast<std::size_t>(std::count_if(
        rows.begin(), rows.end(), [&](const auto& r) { return r.at(column) == value; }));
}

IndexedServer::IndexedServer(const std::vector<std::filesystem::path>& extra_inputs) {
    std::vector<std::string> argv = {indexer_path(), "--quiet", "--db", (dir / "db").string(),
                                     (source_root() / "corpus" / "articles").string()};
    for (const auto& input : extra_inputs)
        argv.push_back(input.string());
    const RunResult r = run(argv);
    if (r.exit_code != 0)
        throw std::runtime_error("indexing failed: " + r.err);
    server = std::make_unique<ServerProcess>(std::vector<std::filesystem::path>{dir / "db"});
}

} // namespace vnsearch::test
