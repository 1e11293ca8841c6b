#pragma once
// A worker's connection to the cpp-httplib server behind the gate, kept alive between
// requests, and how the end of each answer is found on it.

#include "socket_io.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace vnsearch::server {

/// Where the body of an answer ends, followed as its bytes arrive: after a length, after
/// the last chunk, at once (HEAD, 204, 304), or when the server behind closes.
class BodyEnd {
public:
    static BodyEnd empty() { return BodyEnd(Kind::length, 0); }
    static BodyEnd length(std::size_t n) { return BodyEnd(Kind::length, n); }
    static BodyEnd chunked() { return BodyEnd(Kind::chunked, 0); }
    static BodyEnd at_close() { return BodyEnd(Kind::at_close, 0); }

    /// Follows `bytes` of the body.
    void feed(std::string_view bytes);
    /// Whether the whole body has been fed (never, for a body that ends at close).
    bool done() const;
    /// Whether the client can tell where the body ends without the connection closing.
    bool framed() const { return m_kind != Kind::at_close; }

private:
    enum class Kind { length, chunked, at_close };
    enum class Chunk { size, data, data_end, trailer, finished };
    BodyEnd(Kind kind, std::size_t n) : m_kind(kind), m_left(n) {}
    void feed_chunked(std::string_view bytes);

    Kind m_kind;
    std::size_t m_left; ///< bytes of the body (length) or of the chunk (chunked)
    Chunk m_chunk = Chunk::size;
    std::string m_line; ///< the chunk-size or trailer line being read
};

/// The head of an answer from the server behind, read from its text.
struct AnswerHead {
    int status = 0;
    std::string fields; ///< the status line and fields but Connection and Keep-Alive
    BodyEnd body = BodyEnd::at_close();
    bool closes = false; ///< the server behind closes the connection after it
};

/// Reads `raw` (the head, up to and with its blank line) for an answer to `method`; false
/// when it is not an HTTP/1.1 answer head.
bool parse_answer_head(std::string_view raw, std::string_view method, AnswerHead& out);

/// The connection of one worker to the server behind, on 127.0.0.1:`port`.
class Backend {
public:
    explicit Backend(int port) : m_port(port) {}
    ~Backend() { drop(); }
    Backend(const Backend&) = delete;
    Backend& operator=(const Backend&) = delete;

    /// The connection, kept or opened now; -1 when the server behind cannot be reached.
    int connect();
    /// The connection (after connect()), or -1.
    int fd() const { return m_fd; }
    /// Whether the connection served an answer before this request.
    bool reused() const { return m_reused; }
    /// Counts an answer read whole: the connection may serve the next request.
    void answered() { m_reused = true; }
    /// Closes the connection (after an error, or an answer that ends it).
    void drop();

private:
    int m_port;
    int m_fd = -1;
    bool m_reused = false;
};

} // namespace vnsearch::server
