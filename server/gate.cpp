#include "gate.hpp"

#include "gate_loop.hpp"
#include "request_log.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <unistd.h>

namespace vnsearch::server {

using namespace detail;

namespace {

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
