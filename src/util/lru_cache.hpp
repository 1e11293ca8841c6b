#pragma once
/// A thread-safe cache of immutable values by key, least recently used first out when the
/// values' sizes pass a budget.

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace vnsearch {

template <typename Value>
class LruCache {
public:
    explicit LruCache(std::size_t budget_bytes) : m_budget(budget_bytes) {}

    /// The value stored under `key` (now the most recent), or null.
    std::shared_ptr<const Value> find(const std::string& key) {
        std::lock_guard lock(m_mutex);
        const auto it = m_index.find(key);
        if (it == m_index.end())
            return nullptr;
        m_items.splice(m_items.begin(), m_items, it->second);
        return it->second->value;
    }

    /// Stores `value` of about `bytes` under `key` unless a value is there already, then
    /// drops the least recently used values until the rest fit (the newest always stays).
    void insert(const std::string& key, std::shared_ptr<const Value> value, std::size_t bytes) {
        std::lock_guard lock(m_mutex);
        if (m_index.count(key) != 0)
            return;
        m_items.push_front({key, std::move(value), bytes});
        m_index[key] = m_items.begin();
        m_bytes += bytes;
        while (m_bytes > m_budget && m_items.size() > 1) {
            m_bytes -= m_items.back().bytes;
            m_index.erase(m_items.back().key);
            m_items.pop_back();
        }
    }

private:
    struct Item {
        std::string key;
        std::shared_ptr<const Value> value;
        std::size_t bytes;
    };
    std::size_t m_budget;
    std::size_t m_bytes = 0;
    std::mutex m_mutex;
    std::list<Item> m_items;
    std::unordered_map<std::string, typename std::list<Item>::iterator> m_index;
};

} // namespace vnsearch
