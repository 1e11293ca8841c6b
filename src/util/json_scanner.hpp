#pragma once
/// Reads JSON text value by value, for readers that fill their own structures without
/// building a JSON tree. Each reading function returns false at anything it does not
/// expect, leaving the position undefined: the caller gives up (and may fall back to a
/// general parser).

#include <cstddef>
#include <string>
#include <string_view>

namespace vnsearch::util {

class JsonScanner {
public:
    explicit JsonScanner(std::string_view s) : m_s(s) {}

    /// Whether all of the text was read (but for white space).
    bool at_end() {
        space();
        return m_at == m_s.size();
    }

    /// Past white space.
    void space() {
        while (m_at < m_s.size() &&
               (m_s[m_at] == ' ' || m_s[m_at] == '\n' || m_s[m_at] == '\r' || m_s[m_at] == '\t'))
            ++m_at;
    }
    /// Whether the next character but white space is `c` (not taken).
    bool next_is(char c) {
        space();
        return m_at < m_s.size() && m_s[m_at] == c;
    }
    /// Takes `c` if it comes next.
    bool take(char c) {
        if (!next_is(c))
            return false;
        ++m_at;
        return true;
    }
    /// Takes the literal `w` (true, false, null) if it comes next.
    bool word(std::string_view w) {
        space();
        if (m_s.substr(m_at, w.size()) != w)
            return false;
        m_at += w.size();
        return true;
    }

    /// `{ "key": value, ... }`, each value read by `member(key)`.
    template <typename F>
    bool object(F&& member) {
        if (!take('{'))
            return false;
        if (take('}'))
            return true;
        std::string key;
        do {
            if (!string(key) || !take(':') || !member(std::string_view(key)))
                return false;
        } while (take(','));
        return take('}');
    }
    /// `[ value, ... ]`, each value read by `element()`.
    template <typename F>
    bool array(F&& element) {
        if (!take('['))
            return false;
        if (take(']'))
            return true;
        do {
            if (!element())
                return false;
        } while (take(','));
        return take(']');
    }

    /// A JSON string, unescaped into `out`.
    bool string(std::string& out);
    /// A number; `integral` tells whether it was written as an integer, `value` its value
    /// then (as nlohmann::json::get<int> would give it).
    bool number(bool& integral, int& value);
    /// A string into `out`, or any other value skipped with `out` left empty.
    bool text(std::string& out);
    /// An integer into `out`, or any other value skipped with `out` left 0.
    bool integer(int& out);
    /// Any value, read and dropped.
    bool skip();

private:
    bool hex4(char32_t& cp);

    std::string_view m_s;
    std::size_t m_at = 0;
};

} // namespace vnsearch::util
