// vnsearch-server: the search page and the JSON API over one or more indexes.
#include "api.hpp"
#include "vnsearch/data_dir.hpp"

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace {
httplib::Server* running = nullptr;
void stop(int) {
    if (running != nullptr)
        running->stop();
}
} // namespace

int main(int argc, char** argv) {
    // Sixteen workers would otherwise get a malloc arena each, every one keeping the peak
    // of the large per-query arrays it once held: at 1,000,000 documents, 329 MiB resident
    // after a wrk run against 270 MiB with two arenas, at about the same requests/s.
    mallopt(M_ARENA_MAX, 2);
    CLI::App app{"vnsearch-server: search page and JSON API over vnsearch indexes"};
    std::vector<std::string> dbs;
    std::string host = "127.0.0.1";
    int port = 8080;
    vnsearch::server::ServerOptions options;
    // Browsers keep connections open and each open connection holds a worker while it
    // idles, so there are more workers than cores.
    options.threads = 16;
    std::string web;
    bool quiet = false;
    app.add_option("--db", dbs, "Index folder (repeat to search several as one)")->required();
    app.add_option("--host", host, "Address to bind (default 127.0.0.1: this machine only)");
    app.add_option("--port", port, "Port (0 picks a free one and prints it)")
        ->check(CLI::Range(0, 65535));
    app.add_option("--threads", options.threads, "Worker threads")->check(CLI::Range(1, 256));
    app.add_option("--web", web, "Folder of the search page (default: the installed one)");
    app.add_flag("--quiet", quiet, "Do not log one line per request");
    std::size_t postings_mb = vnsearch::SearchEngine::default_postings_budget_bytes >> 20;
    app.add_option("--postings-mb", postings_mb,
                   "Memory for posting lists held for matching, in MB (default 64; more "
                   "speeds up a large index's first queries)")
        ->check(CLI::Range(8, 1 << 20));
    CLI11_PARSE(app, argc, argv);
    options.web_dir = web.empty() ? vnsearch::web_dir() : std::filesystem::path(web);
    options.log_requests = !quiet;

    try {
        std::vector<std::filesystem::path> paths(dbs.begin(), dbs.end());
        vnsearch::SearchEngine engine(paths, vnsearch::Knowledge::load(vnsearch::data_dir()),
                                      postings_mb << 20);
        httplib::Server http;
        const unsigned threads = options.threads;
        http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
        http.set_read_timeout(5, 0);
        http.set_write_timeout(30, 0);
        http.set_keep_alive_timeout(2);
        http.set_keep_alive_max_count(1000);
        http.set_payload_max_length(vnsearch::server::max_body_bytes);
        // Answers go out in more than one write; without TCP_NODELAY (inherited by accepted
        // sockets from the listening one) Nagle's algorithm and delayed ACKs hold each
        // answer on a kept-alive connection for ~40 ms.
        http.set_socket_options([](socket_t sock) {
            int yes = 1;
            setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
            setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
        });
        vnsearch::server::install_routes(http, engine, options);

        int bound = port;
        if (port == 0) {
            bound = http.bind_to_any_port(host);
        } else if (!http.bind_to_port(host, port)) {
            bound = -1;
        }
        if (bound <= 0) {
            std::cerr << "vnsearch-server: cannot listen on " << host << ":" << port
                      << " (in use, or not an address of this machine)\n";
            return 1;
        }
        std::printf("listening on http://%s:%d\n", host.c_str(), bound);
        std::fflush(stdout);
        running = &http;
        std::signal(SIGINT, stop);
        std::signal(SIGTERM, stop);
        http.listen_after_bind();
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "vnsearch-server: " << e.what() << "\n";
        return 1;
    }
}
