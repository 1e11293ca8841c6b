#pragma once
// A fixed set of threads taking tasks from a bounded queue: when the queue is full a task
// is refused at once, so that a burst is answered with 503 instead of waiting without end.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace vnsearch::server {

class WorkerPool {
public:
    using Task = std::function<void()>;

    /// `threads` workers; at most `max_queued` tasks wait for one.
    WorkerPool(unsigned threads, std::size_t max_queued);
    /// Stops: running tasks finish, queued ones are dropped.
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Hands a task to the worker idle the shortest time, or queues it; false when the
    /// queue is full (or the pool stopped).
    bool try_submit(Task task);
    /// Lets the running tasks finish, drops the queued ones and joins the threads.
    void stop();

private:
    /// A worker waiting for a task of its own.
    struct Idle {
        std::condition_variable wake;
        Task task;
    };
    void work();

    std::size_t m_max_queued;
    std::mutex m_mutex;
    std::deque<Task> m_queue;
    /// Idle workers, the last to finish on top: a light load keeps going to the same few
    /// threads, whose caches (and connections behind the gate) are warm.
    std::vector<Idle*> m_idle;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace vnsearch::server
