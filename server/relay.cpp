#include "relay.hpp"

#include "request_log.hpp"

#include <array>
#include <cerrno>
#include <poll.h>
#include <unistd.h>

namespace vnsearch::server {
namespace {

constexpr std::size_t max_answer_head_bytes = 64 * 1024;

/// A socket closed when it goes out of scope.
class Socket {
public:
    explicit Socket(int fd) : m_fd(fd) {}
    ~Socket() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    int fd() const { return m_fd; }

private:
    int m_fd;
};

bool is_field(std::string_view line, std::string_view name) {
    if (line.size() <= name.size() || line[name.size()] != ':')
        return false;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(line[i])) !=
            std::tolower(static_cast<unsigned char>(name[i])))
            return false;
    return true;
}

/// The answer head of the server behind, with its Connection and Keep-Alive fields replaced
/// by the client connection's: kept alive when the client wants it, the answer's end is
/// known to the client (a length, chunks, or no body) and nothing went wrong behind.
struct AnswerHead {
    std::string text;
    bool keep_alive = false;
};

bool rewrite_head(std::string_view raw, const RequestHead& request, const RelayOptions& options,
                  AnswerHead& out) {
    if (raw.size() < 12 || raw.substr(0, 5) != "HTTP/" || raw[8] != ' ')
        return false;
    const int status = std::atoi(std::string(raw.substr(9, 3)).c_str());
    bool framed = request.method == "HEAD" || status < 200 || status == 204 || status == 304;
    std::size_t pos = raw.find("\r\n") + 2;
    out.text = std::string(raw.substr(0, pos));
    for (std::size_t eol = raw.find("\r\n", pos); eol != pos && eol != std::string_view::npos;
         pos = eol + 2, eol = raw.find("\r\n", pos)) {
        const std::string_view line = raw.substr(pos, eol - pos + 2);
        if (is_field(line, "Connection") || is_field(line, "Keep-Alive"))
            continue;
        framed = framed || is_field(line, "Content-Length") || is_field(line, "Transfer-Encoding");
        out.text += line;
    }
    out.keep_alive = request.keep_alive && framed && status < 500;
    out.text += out.keep_alive ? "Connection: keep-alive\r\nKeep-Alive: timeout=" +
                                     std::to_string(options.idle_timeout.count()) + "\r\n"
                               : std::string("Connection: close\r\n");
    out.text += "\r\n";
    return true;
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

/// Appends what the socket holds now to `buffer`, up to `limit` bytes in all; -1 on an
/// error, 0 at the end of the answer, 1 when more may come.
int receive_ready(int fd, std::string& buffer, std::size_t limit) {
    std::array<char, 64 * 1024> chunk;
    while (buffer.size() < limit) {
        const ssize_t n =
            ::recv(fd, chunk.data(), std::min(chunk.size(), limit - buffer.size()), 0);
        if (n == 0)
            return 0;
        if (n < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 1 : -1;
        buffer.append(chunk.data(), static_cast<std::size_t>(n));
    }
    return 1;
}

/// Streams the answer from the server behind to the client. While the client takes it,
/// reading goes on; when `handoff_bytes` wait for the client, the worker waits for it.
/// The end of the answer that the client has not taken when the server behind is done is
/// handed to the gate loop, within the HeldBytes budget, so that a slow reader does not
/// hold a worker.
RelayOutcome pass_answer(int client_fd, int backend_fd, std::string pending, bool keep_alive,
                         const RelayOptions& options, HeldBytes& held) {
    const Clock::time_point start = Clock::now();
    std::size_t sent = 0;
    bool done = false;
    for (;;) {
        if (!done && pending.size() < options.handoff_bytes) {
            const int got = receive_ready(backend_fd, pending, options.handoff_bytes);
            if (got < 0)
                return {};
            done = got == 0;
        }
        const ssize_t n = send_now(client_fd, pending);
        if (n < 0)
            return {};
        pending.erase(0, static_cast<std::size_t>(n));
        sent += static_cast<std::size_t>(n);
        if (done)
            break;
        const bool client_turn = pending.size() >= options.handoff_bytes;
        const bool ready =
            client_turn ? wait_ready(client_fd, POLLOUT, pace_deadline(start, sent, options))
                        : wait_ready(backend_fd, POLLIN, Clock::now() + options.backend_timeout);
        if (!ready)
            return {}; // an answer cut short: the client's connection cannot go on
    }
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
    const Refusal r = status == 504
                          ? Refusal{504, "backend_timeout", "the search server did not answer", 0}
                          : Refusal{502, "backend_error", "the search server could not answer", 0};
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
    Socket backend(connect_loopback(options.backend_port));
    std::string request = backend_request(head, options.limits);
    request.append(body);
    if (backend.fd() < 0)
        return gateway_error(502, head, options, started);
    // When the server behind answers before it has read the whole request (a refusal), the
    // rest cannot be sent, but its answer is still there to read.
    send_all(backend.fd(), request, Clock::now() + options.backend_timeout);
    std::string buffer;
    bool timed_out = false;
    const std::size_t end = read_answer_head(backend.fd(), options, buffer, timed_out);
    AnswerHead answer;
    if (end == std::string::npos ||
        !rewrite_head(std::string_view(buffer).substr(0, end), head, options, answer))
        return gateway_error(timed_out ? 504 : 502, head, options, started);
    std::string pending = std::move(answer.text);
    pending.append(buffer, end);
    return pass_answer(client_fd, backend.fd(), std::move(pending), answer.keep_alive, options,
                       held);
}

} // namespace vnsearch::server
