// vnsearch-server: the search page and the JSON API over one or more indexes.
//
// The public socket belongs to the gate (gate.hpp), which reads and checks every request
// and passes it on to the cpp-httplib server holding the routes, listening on a private
// loopback port.
#include "api.hpp"
#include "gate.hpp"
#include "vnsearch/data_dir.hpp"

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <malloc.h>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <thread>

namespace {
vnsearch::server::Gate* running = nullptr;
void stop(int) {
    if (running != nullptr)
        running->stop();
}

/// The gate's limits as options; the defaults are GateOptions's.
void add_gate_options(CLI::App& app, vnsearch::server::GateOptions& gate) {
    auto seconds = [&app](const char* name, std::chrono::seconds& value, const char* what) {
        app.add_option_function<int>(
               name, [&value](int s) { value = std::chrono::seconds(s); },
               std::string(what) + " (default " + std::to_string(value.count()) + ")")
            ->check(CLI::Range(1, 3600));
    };
    seconds("--request-timeout", gate.request_timeout,
            "Seconds a client has to send a whole request, from its first byte");
    seconds("--idle-timeout", gate.idle_timeout,
            "Seconds a connection may wait for its first or next request");
    seconds("--write-timeout", gate.relay.write_timeout,
            "Seconds a client has to read an answer, plus one for each 32 KB of it");
    app.add_option("--max-connections", gate.max_connections,
                   "Connections open at once; beyond, new ones get 503 (default 512)")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--max-connections-per-client", gate.max_connections_per_client,
                   "Connections open at once from one address (default 64)")
        ->check(CLI::Range(1, 1000000));
}

/// The cpp-httplib server behind the gate, bound to a free port of 127.0.0.1; the port.
int bind_backend(httplib::Server& http, unsigned threads) {
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // The gate sends each request whole, at once: these are a second line only.
    http.set_read_timeout(5, 0);
    http.set_write_timeout(30, 0);
    http.set_payload_max_length(vnsearch::server::max_body_bytes);
    // Each worker of the gate keeps its connection, and a thread here, from one request to
    // the next; idle for 5 s, the connection is closed and opened again when needed.
    http.set_keep_alive_timeout(5);
    http.set_keep_alive_max_count(1000000);
    int listener = -1;
    http.set_socket_options([&listener](socket_t sock) {
        listener = sock;
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    });
    const int port = http.bind_to_any_port("127.0.0.1");
    http.set_socket_options(nullptr); // `listener` is about to go
    // cpp-httplib 0.11.4 listens with a backlog of 5, compiled in; when more workers than
    // that connect at once (after an idle time), the others would wait a second or more
    // for the kernel to retry them. Listening again on the socket raises it.
    if (port > 0 && listener >= 0)
        ::listen(listener, SOMAXCONN);
    return port;
}

/// The engine over `dbs`: the in-memory one, or Xapian's matcher when a shard is remote (or
/// `xapian_matcher` asks for it).
std::unique_ptr<vnsearch::SearchEngine> open_engine(const std::vector<std::string>& dbs,
                                                    bool xapian_matcher,
                                                    const vnsearch::ShardOptions& shard_options,
                                                    std::size_t postings_bytes) {
    auto knowledge = vnsearch::Knowledge::load(vnsearch::data_dir());
    if (xapian_matcher || vnsearch::SearchEngine::names_remote_shard(dbs))
        return std::make_unique<vnsearch::SearchEngine>(dbs, std::move(knowledge), shard_options);
    std::vector<std::filesystem::path> paths(dbs.begin(), dbs.end());
    return std::make_unique<vnsearch::SearchEngine>(paths, std::move(knowledge), postings_bytes);
}

/// What the command line asks for.
struct CommandLine {
    std::vector<std::string> dbs;
    vnsearch::server::GateOptions gate;
    vnsearch::server::ServerOptions server;
    vnsearch::ShardOptions shards;
    std::string web;
    bool quiet = false;
    bool xapian_matcher = false;
    bool no_partial = false;
    std::size_t postings_mb = vnsearch::SearchEngine::default_postings_budget_bytes >> 20;
};

void declare_options(CLI::App& app, CommandLine& c) {
    // Requests answered at once: a worker of the gate and a thread behind it each. Idle
    // connections hold neither.
    c.server.threads = 16;
    app.add_option("--db", c.dbs,
                   "Index folder, or tcp://HOST:PORT of a xapian-tcpsrv shard (repeat to search "
                   "several as one)")
        ->required();
    app.add_flag("--xapian-matcher", c.xapian_matcher,
                 "Search with Xapian's own matcher, as over remote shards (the default when a "
                 "shard is remote)");
    app.add_option("--shard-timeout", c.shards.timeout,
                   "Remote shards: the most a request waits on a shard that stopped answering, in "
                   "ms (default 4000)")
        ->check(CLI::Range(100, 600000));
    app.add_option("--connect-timeout", c.shards.connect_timeout,
                   "Remote shards: the most a connection to a shard may take, in ms (default "
                   "2000)")
        ->check(CLI::Range(100, 600000));
    app.add_flag("--no-partial", c.no_partial,
                 "Remote shards: answer 503 when a shard is missing instead of a partial answer "
                 "that names it");
    app.add_option("--host", c.gate.host, "Address to bind (default 127.0.0.1: this machine only)");
    app.add_option("--port", c.gate.port, "Port (0 picks a free one and prints it)")
        ->check(CLI::Range(0, 65535));
    app.add_option("--threads", c.server.threads, "Requests answered at once (default 16)")
        ->check(CLI::Range(1, 256));
    app.add_option("--web", c.web, "Folder of the search page (default: the installed one)");
    app.add_flag("--quiet", c.quiet, "Do not log one line per request");
    app.add_option("--postings-mb", c.postings_mb,
                   "Memory for posting lists held for matching, in MB (default 64; more "
                   "speeds up a large index's first queries)")
        ->check(CLI::Range(8, 1 << 20));
    add_gate_options(app, c.gate);
}

/// Completes the options from what the command line said together.
void complete_options(CommandLine& c) {
    c.server.web_dir = c.web.empty() ? vnsearch::web_dir() : std::filesystem::path(c.web);
    c.server.log_requests = !c.quiet;
    c.gate.workers = c.server.threads;
    c.gate.relay.log_requests = c.server.log_requests;
    c.gate.relay.limits.max_body_bytes = vnsearch::server::max_body_bytes;
    for (const std::string_view path : vnsearch::server::post_paths)
        c.gate.relay.limits.body_routes.emplace_back("POST", path);
    c.shards.partial = !c.no_partial;
}

/// Opens the index and serves it until SIGINT or SIGTERM; the exit status.
int serve(CommandLine& c) {
    std::unique_ptr<vnsearch::SearchEngine> engine =
        open_engine(c.dbs, c.xapian_matcher, c.shards, c.postings_mb << 20);
    httplib::Server http;
    vnsearch::server::install_routes(http, *engine, c.server);
    c.gate.relay.backend_port = bind_backend(http, c.server.threads);
    vnsearch::server::Gate gate(c.gate);
    const int bound = c.gate.relay.backend_port > 0 ? gate.listen() : -1;
    if (bound <= 0) {
        std::cerr << "vnsearch-server: cannot listen on " << c.gate.host << ":" << c.gate.port
                  << " (in use, or not an address of this machine)\n";
        return 1;
    }
    std::printf("listening on http://%s:%d\n", c.gate.host.c_str(), bound);
    std::fflush(stdout);
    std::thread backend([&http] { http.listen_after_bind(); });
    running = &gate;
    std::signal(SIGINT, stop);
    std::signal(SIGTERM, stop);
    gate.run();
    running = nullptr;
    http.stop();
    backend.join();
    return 0;
}

} // namespace

// Whatever escapes start-up or serving is reported, never left to std::terminate.
int main(int argc, char** argv) try {
    // Sixteen workers would otherwise get a malloc arena each, every one keeping the peak
    // of the large per-query arrays it once held: at 1,000,000 documents, 329 MiB resident
    // after a wrk run against 270 MiB with two arenas, at about the same requests/s.
    mallopt(M_ARENA_MAX, 2);
    CLI::App app{"vnsearch-server: search page and JSON API over vnsearch indexes"};
    CommandLine c;
    declare_options(app, c);
    CLI11_PARSE(app, argc, argv);
    complete_options(c);
    return serve(c);
} catch (const std::exception& e) {
    std::cerr << "vnsearch-server: " << e.what() << "\n";
    return 1;
} catch (...) {
    std::cerr << "vnsearch-server: an unknown error stopped the server\n";
    return 1;
}
