#include "socket_io.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <unistd.h>

namespace vnsearch::server {

void make_nonblocking(int fd) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK);
    int yes = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
}

bool wait_ready(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0)
            return false;
        pollfd p{fd, events, 0};
        const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
        if (n > 0)
            return true;
        if (n < 0 && errno != EINTR)
            return true; // the next read or write reports the error
    }
}

ssize_t send_now(int fd, std::string_view data) {
    for (;;) {
        const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n >= 0)
            return n;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 0;
        if (errno != EINTR)
            return -1;
    }
}

bool send_all(int fd, std::string_view data, Clock::time_point deadline) {
    while (!data.empty()) {
        const ssize_t n = send_now(fd, data);
        if (n < 0)
            return false;
        data.remove_prefix(static_cast<std::size_t>(n));
        if (!data.empty() && !wait_ready(fd, POLLOUT, deadline))
            return false;
    }
    return true;
}

int connect_loopback(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // A loopback connect completes at once or is refused: no need to wait for it.
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    make_nonblocking(fd);
    return fd;
}

std::string address_key(const sockaddr_storage& addr) {
    if (addr.ss_family == AF_INET) {
        const auto& a = reinterpret_cast<const sockaddr_in&>(addr);
        return std::string(reinterpret_cast<const char*>(&a.sin_addr), 4);
    }
    if (addr.ss_family == AF_INET6) {
        const auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
        const auto* bytes = reinterpret_cast<const char*>(&a.sin6_addr);
        if (IN6_IS_ADDR_V4MAPPED(&a.sin6_addr))
            return std::string(bytes + 12, 4);
        return std::string(bytes, 16);
    }
    return {};
}

} // namespace vnsearch::server
