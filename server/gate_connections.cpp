// The gate's connections: reading a request, handing it to a worker and taking it back,
// writing what the gate holds, refusing, lingering and closing.

#include "gate_loop.hpp"
#include "request_log.hpp"

#include <sys/epoll.h>
#include <unistd.h>

namespace vnsearch::server {

using namespace detail;

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

} // namespace vnsearch::server
