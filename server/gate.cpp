#include "gate.hpp"

#include "request_log.hpp"
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
namespace {

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

constexpr std::uint64_t listen_id = 0;
constexpr std::uint64_t wake_id = 1;
constexpr std::size_t max_read_per_event = 64 * 1024;
constexpr auto tick = std::chrono::milliseconds(100);

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

/// The public socket: non-blocking, so that one accept too many never blocks the loop.
int open_listener(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found) != 0)
        return -1;
    int fd = -1;
    for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
        fd = ::socket(a->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
            continue;
        int yes = 1;
        int no = 0;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        if (a->ai_family == AF_INET6)
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &no, sizeof no);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, SOMAXCONN) != 0) {
            ::close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(found);
    return fd;
}

int bound_port(int fd) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        return -1;
    if (addr.ss_family == AF_INET)
        return ntohs(reinterpret_cast<sockaddr_in&>(addr).sin_port);
    return ntohs(reinterpret_cast<sockaddr_in6&>(addr).sin6_port);
}

/// Each connection takes a descriptor: raises the soft limit toward the hard one, and says
/// so when even that is too low for the caps.
void raise_descriptor_limit(std::size_t needed) {
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur >= needed)
        return;
    lim.rlim_cur = lim.rlim_max == RLIM_INFINITY ? needed : std::min<rlim_t>(needed, lim.rlim_max);
    setrlimit(RLIMIT_NOFILE, &lim);
    if (lim.rlim_cur < needed)
        std::fprintf(stderr,
                     "warning: %llu file descriptors allowed, %zu wanted for --max-connections; "
                     "new connections wait when they run out\n",
                     static_cast<unsigned long long>(lim.rlim_cur), needed);
}

} // namespace

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
    std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> connections;
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
    void watch(Connection& c, std::uint32_t events);
    void watch_listener(bool on);
    void accept_ready();
    void admit(int fd, const sockaddr_storage& addr);
    void on_event(Connection& c, std::uint32_t events);
    void read_ready(Connection& c);
    void advance(Connection& c);
    void dispatch(Connection& c);
    bool resume_in_worker(Connection& c, const RelayOutcome& outcome);
    void take_back();
    void send_then(Connection& c, std::string data, bool keep_alive, bool held_bytes);
    void write_ready(Connection& c);
    void after_answer(Connection& c);
    void refuse(Connection& c, const Refusal& r, const RequestHead& head);
    void linger(Connection& c);
    void drop_bytes(Connection& c);
    void uncount(Connection& c);
    void close_now(Connection& c);
    void expire();
    void expire_one(Connection& c);
    void shut_down();
};

void Gate::Loop::watch(Connection& c, std::uint32_t events) {
    if (events == c.watching)
        return;
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = c.id;
    const int op = c.watching == 0 ? EPOLL_CTL_ADD : events == 0 ? EPOLL_CTL_DEL : EPOLL_CTL_MOD;
    epoll_ctl(epoll_fd, op, c.fd, &ev);
    c.watching = events;
}

void Gate::Loop::watch_listener(bool on) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = listen_id;
    epoll_ctl(epoll_fd, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, listen_fd, &ev);
}

void Gate::Loop::run() {
    epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = wake_id;
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &ev);
    watch_listener(true);
    pool =
        std::make_unique<WorkerPool>(options.workers, options.workers * options.queued_per_worker);
    std::array<epoll_event, 256> events;
    while (!stopping) {
        const int n = epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()),
                                 static_cast<int>(tick.count()));
        for (int i = 0; i < n; ++i) {
            const std::uint64_t id = events[static_cast<std::size_t>(i)].data.u64;
            if (id == listen_id) {
                accept_ready();
            } else if (id == wake_id) {
                take_back();
            } else if (const auto it = connections.find(id); it != connections.end()) {
                on_event(*it->second, events[static_cast<std::size_t>(i)].events);
            }
        }
        expire();
        for (const std::uint64_t id : buried)
            connections.erase(id);
        buried.clear();
    }
    shut_down();
}

void Gate::Loop::accept_ready() {
    for (int i = 0; i < 64; ++i) {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        const int fd = accept4(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len,
                               SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            admit(fd, addr);
            continue;
        }
        if (errno == ECONNABORTED || errno == EINTR)
            continue;
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
            // Out of descriptors: the pending connections wait in the backlog a moment,
            // rather than the loop spinning on a listener it cannot empty.
            watch_listener(false);
            accept_paused = true;
            accept_resume = Clock::now() + tick;
        }
        return;
    }
}

void Gate::Loop::admit(int fd, const sockaddr_storage& addr) {
    make_nonblocking(fd);
    auto owned = std::make_unique<Connection>();
    Connection& c = *owned;
    c.id = next_id++;
    c.fd = fd;
    c.client = address_key(addr);
    c.started = Clock::now();
    connections.emplace(c.id, std::move(owned));
    const auto from_client = per_client.find(c.client);
    const bool client_full = from_client != per_client.end() &&
                             from_client->second >= options.max_connections_per_client;
    if (counted >= options.max_connections || client_full) {
        refuse(c,
               {503,
                "too_many_connections",
                client_full ? "too many connections from this address: try again in a moment"
                            : "the server has too many connections: try again in a moment",
                1,
                {}},
               RequestHead{});
        return;
    }
    c.counted = true;
    ++counted;
    ++per_client[c.client];
    c.deadline = c.started + options.idle_timeout;
    watch(c, EPOLLIN);
}

void Gate::Loop::on_event(Connection& c, std::uint32_t events) {
    switch (c.phase) {
    case Phase::waiting:
    case Phase::reading:
        read_ready(c);
        break;
    case Phase::writing:
        if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0)
            write_ready(c);
        break;
    case Phase::lingering:
        drop_bytes(c);
        break;
    case Phase::busy:
    case Phase::closed:
        break;
    }
}

void Gate::Loop::read_ready(Connection& c) {
    std::array<char, 16 * 1024> chunk;
    std::size_t got = 0;
    while (got < max_read_per_event) {
        const ssize_t n = ::recv(c.fd, chunk.data(), chunk.size(), 0);
        if (n > 0) {
            c.in.append(chunk.data(), static_cast<std::size_t>(n));
            got += static_cast<std::size_t>(n);
            // A short read took what had come; anything later makes the socket ready again.
            if (static_cast<std::size_t>(n) < chunk.size())
                break;
        } else if (n == 0) {
            c.peer_closed = true;
            break;
        } else if (errno == EINTR) {
            continue;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            break;
        } else {
            close_now(c);
            return;
        }
    }
    if (got > 0 && c.phase == Phase::waiting) {
        c.phase = Phase::reading;
        c.started = Clock::now();
        c.deadline = c.started + options.request_timeout;
    }
    if (got > 0)
        advance(c);
    // A client that ended its stream with no whole request left has nothing to be answered.
    if (c.peer_closed && (c.phase == Phase::waiting || c.phase == Phase::reading))
        close_now(c);
}

void Gate::Loop::advance(Connection& c) {
    if (!c.head) {
        HeadResult r = read_head(c.in, options.relay.limits);
        if (r.kind == HeadResult::Kind::incomplete)
            return;
        if (r.kind == HeadResult::Kind::refused) {
            refuse(c, r.refusal, r.head);
            return;
        }
        c.head = std::move(r.head);
    }
    if (c.in.size() < c.head->head_bytes + c.head->body_bytes) {
        if (c.head->expects_continue && !c.continue_sent) {
            c.continue_sent = true;
            send_now(c.fd, "HTTP/1.1 100 Continue\r\n\r\n");
        }
        return;
    }
    dispatch(c);
}

void Gate::Loop::dispatch(Connection& c) {
    RequestHead head = std::move(*c.head);
    c.head.reset();
    c.continue_sent = false;
    std::string body = c.in.substr(head.head_bytes, head.body_bytes);
    c.in.erase(0, head.head_bytes + head.body_bytes);
    // Out of the epoll set before a worker may have it back.
    watch(c, 0);
    c.phase = Phase::busy;
    auto task = [this, conn = &c, head, body = std::move(body)] {
        RelayOutcome outcome = relay(conn->fd, head, body, options.relay, held);
        if (resume_in_worker(*conn, outcome))
            return;
        {
            std::lock_guard lock(returned_mutex);
            returned.emplace_back(conn->id, std::move(outcome));
        }
        eventfd_write(wake_fd, 1);
    };
    if (!pool->try_submit(std::move(task)))
        refuse(c, {503, "overloaded", "the server is busy: try again in a moment", 1, {}}, head);
}

bool Gate::Loop::resume_in_worker(Connection& c, const RelayOutcome& outcome) {
    // The usual end of a request: the answer is out and the connection waits for the next.
    // The worker puts it back in the epoll set itself, sparing the loop a wake-up.
    if (!outcome.open || !outcome.keep_alive || !outcome.unsent.empty() || !c.in.empty() ||
        c.peer_closed || stopping)
        return false;
    c.started = Clock::now();
    c.deadline = c.started + options.idle_timeout;
    c.watching = EPOLLIN;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = c.id;
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, c.fd, &ev);
    c.phase = Phase::waiting;
    return true;
}

void Gate::Loop::take_back() {
    eventfd_t ignored = 0;
    eventfd_read(wake_fd, &ignored);
    std::vector<std::pair<std::uint64_t, RelayOutcome>> done;
    {
        std::lock_guard lock(returned_mutex);
        done.swap(returned);
    }
    for (auto& [id, outcome] : done) {
        const auto it = connections.find(id);
        if (it == connections.end() || it->second->phase != Phase::busy) {
            if (outcome.held)
                held.give_back(outcome.unsent.size());
            continue;
        }
        Connection& c = *it->second;
        if (!outcome.open)
            close_now(c);
        else
            send_then(c, std::move(outcome.unsent), outcome.keep_alive, outcome.held);
    }
}

void Gate::Loop::send_then(Connection& c, std::string data, bool keep_alive, bool held_bytes) {
    c.out = std::move(data);
    c.out_sent = 0;
    c.out_held = held_bytes;
    c.keep_after_out = keep_alive;
    c.out_start = Clock::now();
    write_ready(c);
}

void Gate::Loop::write_ready(Connection& c) {
    if (c.out_sent < c.out.size()) {
        const ssize_t n = send_now(c.fd, std::string_view(c.out).substr(c.out_sent));
        if (n < 0) {
            close_now(c);
            return;
        }
        c.out_sent += static_cast<std::size_t>(n);
        if (c.out_sent < c.out.size()) {
            c.phase = Phase::writing;
            c.deadline = pace_deadline(c.out_start, c.out_sent, options.relay);
            watch(c, EPOLLOUT);
            return;
        }
    }
    if (c.out_held)
        held.give_back(c.out.size());
    c.out_held = false;
    std::string().swap(c.out);
    after_answer(c);
}

void Gate::Loop::after_answer(Connection& c) {
    if (!c.keep_after_out || stopping || (c.peer_closed && c.in.empty())) {
        linger(c);
        return;
    }
    const Clock::time_point now = Clock::now();
    c.phase = c.in.empty() ? Phase::waiting : Phase::reading;
    c.started = now;
    c.deadline = now + (c.in.empty() ? options.idle_timeout : options.request_timeout);
    // Requests that came in the same writes as the last one are answered in turn.
    if (!c.peer_closed)
        watch(c, EPOLLIN);
    if (!c.in.empty())
        advance(c);
    if (c.peer_closed && (c.phase == Phase::waiting || c.phase == Phase::reading))
        close_now(c);
}

void Gate::Loop::refuse(Connection& c, const Refusal& r, const RequestHead& head) {
    if (options.relay.log_requests)
        log_request(head.method, head.path, r.status, ms_since(c.started));
    c.head.reset();
    send_then(c, refusal_answer(r, head.method == "HEAD"), false, false);
}

void Gate::Loop::linger(Connection& c) {
    uncount(c);
    if (lingering >= options.max_lingering || c.peer_closed) {
        close_now(c);
        return;
    }
    // The client reads the answer while what it still sends is dropped, never parsed.
    ::shutdown(c.fd, SHUT_WR);
    ++lingering;
    c.phase = Phase::lingering;
    c.deadline = Clock::now() + options.linger;
    c.lingered = 0;
    c.head.reset();
    std::string().swap(c.in);
    watch(c, EPOLLIN);
}

void Gate::Loop::drop_bytes(Connection& c) {
    std::array<char, 16 * 1024> chunk;
    for (;;) {
        const ssize_t n = ::recv(c.fd, chunk.data(), chunk.size(), 0);
        if (n > 0) {
            c.lingered += static_cast<std::size_t>(n);
            if (c.lingered <= options.max_linger_bytes)
                continue;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        }
        close_now(c);
        return;
    }
}

void Gate::Loop::uncount(Connection& c) {
    if (!c.counted)
        return;
    c.counted = false;
    --counted;
    const auto it = per_client.find(c.client);
    if (it != per_client.end() && --it->second == 0)
        per_client.erase(it);
}

void Gate::Loop::close_now(Connection& c) {
    if (c.phase == Phase::closed)
        return;
    uncount(c);
    if (c.phase == Phase::lingering)
        --lingering;
    if (c.out_held)
        held.give_back(c.out.size());
    c.out_held = false;
    watch(c, 0);
    ::close(c.fd);
    c.fd = -1;
    c.phase = Phase::closed;
    buried.push_back(c.id);
}

void Gate::Loop::expire() {
    const Clock::time_point now = Clock::now();
    if (now < next_expiry)
        return;
    next_expiry = now + tick;
    if (accept_paused && now >= accept_resume) {
        accept_paused = false;
        watch_listener(true);
    }
    for (auto& [id, c] : connections)
        if (c->phase != Phase::busy && c->phase != Phase::closed && now >= c->deadline)
            expire_one(*c);
}

void Gate::Loop::expire_one(Connection& c) {
    if (c.phase != Phase::reading) {
        close_now(c); // idle, too slow to read its answer, or done lingering
        return;
    }
    const RequestHead head = c.head ? *c.head : RequestHead{};
    refuse(c,
           {408,
            "request_timeout",
            "the request was not received whole within " +
                std::to_string(options.request_timeout.count()) + " s",
            0,
            {}},
           head);
}

void Gate::Loop::shut_down() {
    ::close(listen_fd);
    listen_fd = -1;
    // Workers writing to a client see the connection end at once.
    for (auto& [id, c] : connections)
        if (c->phase == Phase::busy)
            ::shutdown(c->fd, SHUT_RDWR);
    pool->stop();
    for (auto& [id, c] : connections)
        if (c->phase != Phase::closed)
            close_now(*c);
    connections.clear();
    buried.clear();
    ::close(epoll_fd);
}

Gate::Gate(GateOptions options) : m_loop(std::make_unique<Loop>(std::move(options))) {}

Gate::~Gate() {
    if (m_loop->listen_fd >= 0)
        ::close(m_loop->listen_fd);
    ::close(m_loop->wake_fd);
}

int Gate::listen() {
    const GateOptions& o = m_loop->options;
    raise_descriptor_limit(o.max_connections + o.max_lingering + 2 * o.workers + 64);
    m_loop->listen_fd = open_listener(o.host, o.port);
    return m_loop->listen_fd < 0 ? -1 : bound_port(m_loop->listen_fd);
}

void Gate::run() {
    m_loop->run();
}

void Gate::stop() {
    m_loop->stopping = true;
    eventfd_write(m_loop->wake_fd, 1);
}

} // namespace vnsearch::server
