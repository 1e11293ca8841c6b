#pragma once
/// A bounded queue from one thread to another (the indexer's reader to its workers).

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace vnsearch::util {

/// A bounded queue between threads: push waits while it is full, pop while it is empty, and
/// close wakes both (pop then drains what is left and returns nothing).
template <typename T>
class Channel {
public:
    explicit Channel(std::size_t capacity) : m_capacity(capacity) {}

    void push(T item) {
        std::unique_lock lock(m_mutex);
        m_not_full.wait(lock, [&] { return m_items.size() < m_capacity || m_closed; });
        m_items.push_back(std::move(item));
        m_not_empty.notify_one();
    }
    std::optional<T> pop() {
        std::unique_lock lock(m_mutex);
        m_not_empty.wait(lock, [&] { return !m_items.empty() || m_closed; });
        if (m_items.empty())
            return std::nullopt;
        T item = std::move(m_items.front());
        m_items.pop_front();
        m_not_full.notify_one();
        return item;
    }
    void close() {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_not_empty.notify_all();
        m_not_full.notify_all();
    }

private:
    std::size_t m_capacity;
    std::deque<T> m_items;
    bool m_closed = false;
    std::mutex m_mutex;
    std::condition_variable m_not_empty, m_not_full;
};

} // namespace vnsearch::util
