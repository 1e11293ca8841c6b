#pragma once
// The gate's event loop (Gate::Loop) and its connections, shared by gate.cpp (the socket,
// accepting, deadlines, shutting down) and gate_connections.cpp (reading, handing to a
// worker, writing, refusing and lingering).

#include "gate.hpp"
#include "worker_pool.hpp"

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>
#include <optional>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace vnsearch::server {
namespace detail {

/// Where a connection is: waiting for a request, reading one, with a worker, sending an
/// answer the gate holds, lingering after a refusal or a last answer, or closed.
enum class Phase { waiting, reading, busy, writing, lingering, closed };

struct Connection {
    std::uint64_t id = 0;
    int fd = -1;
    std::string client; ///< the peer's address, for the per-client cap
    bool counted = false;
    bool peer_closed = false; ///< the client sent its end of the stream
    /// Busy, the connection is its worker's alone; the worker hands it back by storing
    /// another phase after everything else it wrote.
    std::atomic<Phase> phase = Phase::waiting;
    Clock::time_point deadline;
    Clock::time_point started;       ///< the current request's first byte
    std::string in;                  ///< received and not yet used
    std::optional<RequestHead> head; ///< read; the body is still coming
    bool continue_sent = false;
    std::string out; ///< an answer being sent by the loop
    std::size_t out_sent = 0;
    bool out_held = false;
    bool keep_after_out = false;
    Clock::time_point out_start;
    std::size_t lingered = 0;
    std::uint32_t watching = 0; ///< the epoll events asked for; 0: not in the epoll set
};

inline constexpr std::uint64_t listen_id = 0;
inline constexpr std::uint64_t wake_id = 1;
inline constexpr std::size_t max_read_per_event = 64 * 1024;
inline constexpr auto tick = std::chrono::milliseconds(100);

inline double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

} // namespace detail

struct Gate::Loop {
    explicit Loop(GateOptions o)
        : options(std::move(o)), wake_fd(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)),
          held(options.held_bytes_budget) {
        options.relay.idle_timeout = options.idle_timeout;
    }

    GateOptions options;
    int listen_fd = -1;
    int epoll_fd = -1;
    int wake_fd = -1;
    std::atomic<bool> stopping{false};
    std::unordered_map<std::uint64_t, std::unique_ptr<detail::Connection>> connections;
    std::vector<std::uint64_t> buried; ///< closed, to be erased after the current events
    std::unordered_map<std::string, std::size_t> per_client;
    std::size_t counted = 0;
    std::size_t lingering = 0;
    std::uint64_t next_id = 2;
    bool accept_paused = false;
    Clock::time_point accept_resume;
    Clock::time_point next_expiry;
    HeldBytes held;
    std::unique_ptr<WorkerPool> pool;
    std::mutex returned_mutex;
    std::vector<std::pair<std::uint64_t, RelayOutcome>> returned;

    void run();
    void watch(detail::Connection& c, std::uint32_t events);
    void watch_listener(bool on);
    void accept_ready();
    void admit(int fd, const sockaddr_storage& addr);
    void on_event(detail::Connection& c, std::uint32_t events);
    void read_ready(detail::Connection& c);
    void advance(detail::Connection& c);
    void dispatch(detail::Connection& c);
    bool resume_in_worker(detail::Connection& c, const RelayOutcome& outcome);
    void take_back();
    void send_then(detail::Connection& c, std::string data, bool keep_alive, bool held_bytes);
    void write_ready(detail::Connection& c);
    void after_answer(detail::Connection& c);
    void refuse(detail::Connection& c, const Refusal& r, const RequestHead& head);
    void linger(detail::Connection& c);
    void drop_bytes(detail::Connection& c);
    void uncount(detail::Connection& c);
    void close_now(detail::Connection& c);
    void expire();
    void expire_one(detail::Connection& c);
    void shut_down();
};

} // namespace vnsearch::server
