#include "backend.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <unistd.h>

namespace vnsearch::server {
namespace {

bool is_field(std::string_view line, std::string_view name) {
    if (line.size() <= name.size() || line[name.size()] != ':')
        return false;
    return std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) ==
               std::tolower(static_cast<unsigned char>(b));
    });
}

/// A number in `s` (leading spaces skipped), in `base`; 0 when there is none.
std::size_t number(std::string_view s, int base) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    std::size_t n = 0;
    std::from_chars(s.data(), s.data() + s.size(), n, base);
    return n;
}

std::string lower_value(std::string_view line) {
    std::string v(line.substr(line.find(':') + 1));
    std::transform(v.begin(), v.end(), v.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return v;
}

} // namespace

void BodyEnd::feed(std::string_view bytes) {
    if (m_kind == Kind::length)
        m_left -= std::min(m_left, bytes.size());
    else if (m_kind == Kind::chunked)
        feed_chunked(bytes);
}

bool BodyEnd::done() const {
    return m_kind == Kind::length ? m_left == 0
                                  : m_kind == Kind::chunked && m_chunk == Chunk::finished;
}

void BodyEnd::feed_chunked(std::string_view bytes) {
    std::size_t i = 0;
    while (i < bytes.size() && m_chunk != Chunk::finished) {
        if (m_chunk == Chunk::data) {
            const std::size_t n = std::min(m_left, bytes.size() - i);
            m_left -= n;
            i += n;
            if (m_left == 0)
                m_chunk = Chunk::data_end;
            continue;
        }
        const char c = bytes[i++];
        if (c != '\n') {
            if (c != '\r')
                m_line.push_back(c);
            continue;
        }
        // A line ends: a chunk's size, the CRLF after its data, or a trailer field.
        if (m_chunk == Chunk::size) {
            m_left = number(m_line, 16);
            m_chunk = m_left == 0 ? Chunk::trailer : Chunk::data;
        } else if (m_chunk == Chunk::data_end) {
            m_chunk = Chunk::size;
        } else if (m_line.empty()) {
            m_chunk = Chunk::finished;
        }
        m_line.clear();
    }
}

bool parse_answer_head(std::string_view raw, std::string_view method, AnswerHead& out) {
    out = AnswerHead{};
    if (raw.size() < 16 || raw.substr(0, 9) != "HTTP/1.1 " ||
        !std::all_of(raw.begin() + 9, raw.begin() + 12,
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        return false;
    out.status = std::stoi(std::string(raw.substr(9, 3)));
    const bool bodiless =
        method == "HEAD" || out.status < 200 || out.status == 204 || out.status == 304;
    out.body = bodiless ? BodyEnd::empty() : BodyEnd::at_close();
    std::size_t pos = raw.find("\r\n") + 2;
    out.fields = std::string(raw.substr(0, pos));
    for (std::size_t eol = raw.find("\r\n", pos); eol != pos && eol != std::string_view::npos;
         pos = eol + 2, eol = raw.find("\r\n", pos)) {
        const std::string_view line = raw.substr(pos, eol - pos);
        if (is_field(line, "Connection")) {
            out.closes = out.closes || lower_value(line).find("close") != std::string::npos;
            continue;
        }
        if (is_field(line, "Keep-Alive"))
            continue;
        if (!bodiless && is_field(line, "Content-Length"))
            out.body = BodyEnd::length(number(line.substr(line.find(':') + 1), 10));
        if (!bodiless && is_field(line, "Transfer-Encoding"))
            out.body = lower_value(line).find("chunked") != std::string::npos ? BodyEnd::chunked()
                                                                              : BodyEnd::at_close();
        out.fields.append(line);
        out.fields.append("\r\n");
    }
    out.closes = out.closes || !out.body.framed();
    return true;
}

int Backend::connect() {
    // A kept connection that the server behind has closed meanwhile is found when the
    // request is sent or its answer read; relay() then opens another and sends it again.
    if (m_fd < 0) {
        m_fd = connect_loopback(m_port);
        m_reused = false;
    }
    return m_fd;
}

void Backend::drop() {
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_reused = false;
}

} // namespace vnsearch::server
