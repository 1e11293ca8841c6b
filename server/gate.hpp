#pragma once
// The gate: vnsearch-server's public socket. cpp-httplib 0.11.4 keeps its connection
// handling private (no deadline for a whole request, a thread held by each connection, an
// unbounded queue of accepted connections, a body it refused read as the next request), so
// the gate accepts and reads every request itself on one epoll thread, with deadlines,
// connection caps and strict framing, and hands each whole, checked request to a bounded
// pool of workers that pass it to cpp-httplib on a private loopback port (docs/security.md).

#include "relay.hpp"
#include "request_head.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace vnsearch::server {

/// Where the gate listens, its limits and its workers.
struct GateOptions {
    std::string host = "127.0.0.1";
    int port = 8080; ///< 0: a free port, which listen() returns
    unsigned workers = 16;
    std::size_t queued_per_worker = 4; ///< requests waiting for a worker, beyond: 503
    /// From a request's first byte to its last (line, headers and body); else 408.
    std::chrono::seconds request_timeout{10};
    /// How long a connection may wait for its first or next request.
    std::chrono::seconds idle_timeout{5};
    std::size_t max_connections = 512;
    std::size_t max_connections_per_client = 64;
    /// How long a refused connection is read and its bytes dropped before it is closed, so
    /// that closing with bytes unread does not reset the connection before the client has
    /// read the refusal; and how many connections may be in that state at once.
    std::chrono::seconds linger{2};
    std::size_t max_lingering = 256;
    std::size_t max_linger_bytes = 1024 * 1024;
    /// The bytes of answers the gate may hold for slow readers, in all.
    std::size_t held_bytes_budget = 64 * 1024 * 1024;
    RelayOptions relay; ///< the server behind, the request limits, the write deadline
};

class Gate {
public:
    explicit Gate(GateOptions options);
    ~Gate();
    Gate(const Gate&) = delete;
    Gate& operator=(const Gate&) = delete;

    /// Binds and listens on host:port; the port, or -1 when that address cannot be had.
    int listen();
    /// Serves until stop(); workers are joined and connections closed before it returns.
    void run();
    /// Asks run() to return. Safe in a signal handler.
    void stop();

private:
    struct Loop;
    std::unique_ptr<Loop> m_loop;
};

} // namespace vnsearch::server
