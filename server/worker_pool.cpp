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
    Idle* worker = nullptr;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            return false;
        if (m_idle.empty()) {
            if (m_queue.size() >= m_max_queued)
                return false;
            m_queue.push_back(std::move(task));
            return true;
        }
        worker = m_idle.back();
        m_idle.pop_back();
        worker->task = std::move(task);
    }
    // Woken after the lock is released, the worker does not wake only to wait for it.
    worker->wake.notify_one();
    return true;
}

void WorkerPool::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_queue.clear();
        for (Idle* worker : m_idle)
            worker->wake.notify_one();
    }
    for (std::thread& t : m_threads)
        if (t.joinable())
            t.join();
}

void WorkerPool::work() {
    Idle self;
    for (;;) {
        Task task;
        {
            std::unique_lock lock(m_mutex);
            if (m_queue.empty() && !m_stopping) {
                m_idle.push_back(&self);
                self.wake.wait(lock, [&] { return m_stopping || self.task != nullptr; });
                if (self.task == nullptr)
                    std::erase(m_idle, &self); // stopping
                task = std::move(self.task);
                self.task = nullptr;
            } else if (!m_stopping) {
                task = std::move(m_queue.front());
                m_queue.pop_front();
            }
            if (task == nullptr)
                return;
        }
        task();
    }
}

} // namespace vnsearch::server
