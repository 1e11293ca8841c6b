#pragma once
// A worker's part of the gate: one validated request passed to the server behind it on a
// loopback port, and its answer passed back to the client, with the Connection header
// rewritten for the client's connection.

#include "request_head.hpp"
#include "socket_io.hpp"

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>

namespace vnsearch::server {

/// The bytes of answers the gate loop holds for slow clients, under a budget.
class HeldBytes {
public:
    explicit HeldBytes(std::size_t budget) : m_budget(budget) {}
    /// Takes `n` bytes of the budget; false (nothing taken) when they do not fit.
    bool take(std::size_t n);
    void give_back(std::size_t n) { m_held -= n; }

private:
    std::size_t m_budget;
    std::atomic<std::size_t> m_held{0};
};

/// How requests are relayed.
struct RelayOptions {
    int backend_port = 0;
    RequestLimits limits;
    /// A client has this long to take an answer, plus a second for each `pace_bytes` of it.
    std::chrono::seconds write_timeout{30};
    std::size_t pace_bytes = 32 * 1024;
    /// The longest the server behind may stay silent in the middle of an answer.
    std::chrono::seconds backend_timeout{120};
    /// Told to clients in Keep-Alive (the gate sets it from GateOptions::idle_timeout).
    std::chrono::seconds idle_timeout{5};
    /// An answer whose end the client has not taken yet is handed to the gate loop, up to
    /// this size; a larger one the worker sends itself, waiting for the client.
    std::size_t handoff_bytes = 256 * 1024;
    bool log_requests = true;
};

/// What remains to do on the client's connection after a relayed request.
struct RelayOutcome {
    bool open = false;       ///< false: the client is gone or too slow; close at once
    bool keep_alive = false; ///< once `unsent` is sent, read the next request
    std::string unsent;      ///< the end of the answer, for the gate loop to send
    bool held = false;       ///< `unsent` was taken from the HeldBytes budget
};

/// When an answer of which `sent` bytes went out since `start` must be complete.
Clock::time_point pace_deadline(Clock::time_point start, std::size_t sent,
                                const RelayOptions& options);

/// Relays one request (`body` is its whole body) for the client on `client_fd`.
RelayOutcome relay(int client_fd, const RequestHead& head, std::string_view body,
                   const RelayOptions& options, HeldBytes& held);

} // namespace vnsearch::server
