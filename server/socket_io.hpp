#pragma once
// Small socket operations the gate is made of: non-blocking sockets, waits with deadlines,
// sends that never raise SIGPIPE, and the loopback connection to the server behind it.

#include <chrono>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <sys/types.h>

namespace vnsearch::server {

using Clock = std::chrono::steady_clock;

/// Makes `fd` non-blocking, and for TCP sends each write at once (TCP_NODELAY): answers go
/// out in two writes, which Nagle's algorithm and delayed ACKs would hold ~40 ms.
void make_nonblocking(int fd);

/// Waits until `fd` is ready for `events` (POLLIN, POLLOUT); false when `deadline` passes
/// first. An error or a hang-up counts as ready, for the next read or write to report.
bool wait_ready(int fd, short events, Clock::time_point deadline);

/// Sends what the socket takes now; the bytes sent, or -1 when the peer is gone.
ssize_t send_now(int fd, std::string_view data);

/// Sends all of `data`, waiting while the socket is full; false when the peer is gone or
/// `deadline` passes.
bool send_all(int fd, std::string_view data, Clock::time_point deadline);

/// A connected, non-blocking socket to 127.0.0.1:`port`, or -1.
int connect_loopback(int port);

/// The peer's address as bytes (an IPv4 address mapped into IPv6 counts as IPv4): the key
/// the per-client connection cap counts by.
std::string address_key(const sockaddr_storage& addr);

} // namespace vnsearch::server
