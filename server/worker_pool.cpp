#include "worker_pool.hpp"

namespace vnsearch::server {

WorkerPool::WorkerPool(unsigned threads, std::size_t max_queued) : m_max_queued(max_queued) {
    m_threads.reserve(threads);
    for (unsigned i = 0; i < threads; ++i)
        m_threads.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() {
    stop();
}

bool WorkerPool::try_submit(Task task) {
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping || m_queue.size() >= m_max_queued)
            return false;
        m_queue.push_back(std::move(task));
    }
    m_ready.notify_one();
    return true;
}

void WorkerPool::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_queue.clear();
    }
    m_ready.notify_all();
    for (std::thread& t : m_threads)
        if (t.joinable())
            t.join();
}

void WorkerPool::work() {
    for (;;) {
        Task task;
        {
            std::unique_lock lock(m_mutex);
            m_ready.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_stopping)
                return;
            task = std::move(m_queue.front());
            m_queue.pop_front();
        }
        task();
    }
}

} // namespace vnsearch::server
