#include "relay.hpp"

#include "backend.hpp"
#include "request_log.hpp"

#include <array>
#include <cerrno>
#include <poll.h>
#include <unistd.h>

namespace vnsearch::server {
namespace {

constexpr std::size_t max_answer_head_bytes = 64 * 1024;

/// This worker's connection to the server behind, kept from one request to the next.
Backend& worker_backend(int port) {
    thread_local Backend backend(port);
    return backend;
}

/// The answer's head for the client: its Connection field is the gate's.
std::string client_head(const AnswerHead& answer, bool keep_alive, const RelayOptions& options) {
    std::string out = answer.fields;
    out += keep_alive ? "Connection: keep-alive\r\nKeep-Alive: timeout=" +
                            std::to_string(options.idle_timeout.count()) + "\r\n"
                      : std::string("Connection: close\r\n");
    out += "\r\n";
    return out;
}

/// Reads until the answer head is in `buffer`; where it ends, or npos (`timed_out` tells
/// a silent server from a closed one).
std::size_t read_answer_head(int fd, const RelayOptions& options, std::string& buffer,
                             bool& timed_out) {
    std::array<char, 16 * 1024> chunk;
    for (;;) {
        if (const std::size_t end = buffer.find("\r\n\r\n"); end != std::string::npos)
            return end + 4;
        if (buffer.size() > max_answer_head_bytes)
            return std::string::npos;
        if (!wait_ready(fd, POLLIN, Clock::now() + options.backend_timeout)) {
            timed_out = true;
            return std::string::npos;
        }
        const ssize_t n = ::recv(fd, chunk.data(), chunk.size(), 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
            return std::string::npos;
        if (n > 0)
            buffer.append(chunk.data(), static_cast<std::size_t>(n));
    }
}

/// Sends the request and reads its answer's head into `buffer`. A kept connection that the
/// server behind closed meanwhile (its keep-alive timeout) is opened again, once.
std::size_t exchange_head(Backend& backend, const std::string& request, const RelayOptions& options,
                          std::string& buffer, bool& timed_out) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        const int fd = backend.connect();
        if (fd < 0)
            return std::string::npos;
        const bool reused = backend.reused();
        // When the server behind answers before it has read the whole request (a refusal),
        // the rest cannot be sent, but its answer is still there to read.
        send_all(fd, request, Clock::now() + options.backend_timeout);
        buffer.clear();
        const std::size_t end = read_answer_head(fd, options, buffer, timed_out);
        if (end != std::string::npos)
            return end;
        backend.drop();
        if (!reused || timed_out || !buffer.empty())
            break;
    }
    return std::string::npos;
}

/// Appends what the socket holds now to `buffer`, up to `limit` bytes in all, and follows
/// it in `body`; -1 on an error, 0 when the server behind closed, 1 when more may come.
/// Reading stops at the end of the body, without asking the socket for more.
int receive_ready(int fd, std::string& buffer, std::size_t limit, BodyEnd& body) {
    std::array<char, 64 * 1024> chunk;
    while (buffer.size() < limit && !body.done()) {
        const ssize_t n =
            ::recv(fd, chunk.data(), std::min(chunk.size(), limit - buffer.size()), 0);
        if (n == 0)
            return 0;
        if (n < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 1 : -1;
        buffer.append(chunk.data(), static_cast<std::size_t>(n));
        body.feed(std::string_view(chunk.data(), static_cast<std::size_t>(n)));
    }
    return 1;
}

/// Streams the answer's body from the server behind to the client, until `body` says it
/// is whole (then `whole` is set). While the client takes it, reading goes on; when
/// `handoff_bytes` wait for the client, the worker waits for it. The end of the answer that
/// the client has not taken when the server behind is done is handed to the gate loop,
/// within the HeldBytes budget, so that a slow reader does not hold a worker.
RelayOutcome pass_answer(int client_fd, int backend_fd, std::string pending, BodyEnd& body,
                         bool keep_alive, const RelayOptions& options, HeldBytes& held,
                         bool& whole) {
    const Clock::time_point start = Clock::now();
    std::size_t sent = 0;
    bool done = body.done();
    for (;;) {
        if (!done && pending.size() < options.handoff_bytes) {
            const int got = receive_ready(backend_fd, pending, options.handoff_bytes, body);
            // The server behind closing ends a body that runs to the close, and cuts short
            // any other.
            if (got < 0 || (got == 0 && body.framed() && !body.done()))
                return {};
            done = got == 0 || body.done();
        }
        // An answer that comes whole at once goes out in one write; a long one as it comes.
        if (done || pending.size() >= options.handoff_bytes / 4) {
            const ssize_t n = send_now(client_fd, pending);
            if (n < 0)
                return {};
            pending.erase(0, static_cast<std::size_t>(n));
            sent += static_cast<std::size_t>(n);
        }
        if (done)
            break;
        const bool client_turn = pending.size() >= options.handoff_bytes;
        const bool ready =
            client_turn ? wait_ready(client_fd, POLLOUT, pace_deadline(start, sent, options))
                        : wait_ready(backend_fd, POLLIN, Clock::now() + options.backend_timeout);
        if (!ready)
            return {}; // an answer cut short: the client's connection cannot go on
    }
    whole = true;
    RelayOutcome out{true, keep_alive, {}, false};
    if (pending.empty())
        return out;
    if (held.take(pending.size())) {
        out.unsent = std::move(pending);
        out.held = true;
        return out;
    }
    if (!send_all(client_fd, pending, pace_deadline(start, sent, options)))
        return {};
    return out;
}

RelayOutcome gateway_error(int status, const RequestHead& head, const RelayOptions& options,
                           Clock::time_point started) {
    const Refusal r =
        status == 504 ? Refusal{504, "backend_timeout", "the search server did not answer", 0, {}}
                      : Refusal{502, "backend_error", "the search server could not answer", 0, {}};
    if (options.log_requests)
        log_request(head.method, head.path, r.status,
                    std::chrono::duration<double, std::milli>(Clock::now() - started).count());
    return {true, false, refusal_answer(r, head.method == "HEAD"), false};
}

} // namespace

bool HeldBytes::take(std::size_t n) {
    std::size_t now = m_held.load();
    do {
        if (now + n > m_budget)
            return false;
    } while (!m_held.compare_exchange_weak(now, now + n));
    return true;
}

Clock::time_point pace_deadline(Clock::time_point start, std::size_t sent,
                                const RelayOptions& options) {
    return start + options.write_timeout +
           std::chrono::seconds(sent / std::max<std::size_t>(options.pace_bytes, 1));
}

RelayOutcome relay(int client_fd, const RequestHead& head, std::string_view body,
                   const RelayOptions& options, HeldBytes& held) {
    const Clock::time_point started = Clock::now();
    Backend& backend = worker_backend(options.backend_port);
    std::string request = backend_request(head, options.limits);
    // A route that refuses a body without reading it would read the body as the next
    // request: a request with a body ends the connection behind.
    if (head.body_bytes > 0)
        request.insert(request.size() - 2, "Connection: close\r\n");
    request.append(body);
    std::string buffer;
    bool timed_out = false;
    const std::size_t end = exchange_head(backend, request, options, buffer, timed_out);
    AnswerHead answer;
    if (end == std::string::npos ||
        !parse_answer_head(std::string_view(buffer).substr(0, end), head.method, answer)) {
        backend.drop();
        return gateway_error(timed_out ? 504 : 502, head, options, started);
    }
    const bool keep_alive = head.keep_alive && answer.body.framed() && answer.status < 500;
    std::string pending = client_head(answer, keep_alive, options);
    const std::string_view rest = std::string_view(buffer).substr(end);
    answer.body.feed(rest);
    pending.append(rest);
    bool whole = false;
    RelayOutcome out = pass_answer(client_fd, backend.fd(), std::move(pending), answer.body,
                                   keep_alive, options, held, whole);
    if (whole && !answer.closes && head.body_bytes == 0)
        backend.answered();
    else
        backend.drop();
    return out;
}

} // namespace vnsearch::server
