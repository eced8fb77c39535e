#pragma once

#include <QThread>

#include <condition_variable>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <vector>

namespace SupervisorLab {

// Reusable QThreads for worker incarnations. A task goes to an idle thread, or to a new one when all are busy,
// so a hung worker holding its thread never blocks a slot that another worker needs. An idle thread waits on a
// condition variable rather than an event loop: handing it the next task is the cheapest wake-up there is.
// Threads beyond `maxIdleThreads` idle ones end, so a burst of hung workers leaves no lasting crowd of threads.
class WorkerThreadPool
{
public:
    explicit WorkerThreadPool(int maxIdleThreads = std::numeric_limits<int>::max());
    ~WorkerThreadPool();
    WorkerThreadPool(const WorkerThreadPool &) = delete;
    WorkerThreadPool &operator=(const WorkerThreadPool &) = delete;

    void run(std::function<void()> task);
    // Lets every thread finish its task, then joins them all. Tasks still running must be on their way out
    // (killed, stopped).
    void shutDown();

    int threadCount() const;
    int idleCount() const;

private:
    struct Slot
    {
        std::unique_ptr<QThread> thread;
        std::mutex mutex;
        std::condition_variable wakeUp;
        std::function<void()> task; // guarded by mutex
        bool retiring = false; // guarded by mutex
    };

    void serve(Slot &slot); // each thread's loop
    // Offers the slot's thread for the next task; false if there are idle threads enough and this one must end.
    bool release(Slot *slot);
    // Joins the threads that have ended; takes m_mutex.
    void reapRetired();

    const int m_maxIdleThreads;
    mutable std::mutex m_mutex;
    std::vector<std::unique_ptr<Slot>> m_slots;
    std::vector<Slot *> m_idle;
    std::vector<std::unique_ptr<Slot>> m_retired; // ending, or ended and not yet joined
};

} // namespace SupervisorLab
