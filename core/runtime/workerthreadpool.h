#pragma once

#include <QObject>
#include <QThread>

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace SupervisorLab {

// Reusable QThreads, each with its own event loop. A task goes to an idle thread, or to a new one when all
// are busy, so a hung worker holding its thread never blocks a slot that another worker needs.
class WorkerThreadPool
{
public:
    WorkerThreadPool();
    ~WorkerThreadPool();
    WorkerThreadPool(const WorkerThreadPool &) = delete;
    WorkerThreadPool &operator=(const WorkerThreadPool &) = delete;

    void run(std::function<void()> task);
    // Quits and joins every thread. Tasks still running must be on their way out (killed, stopped).
    void shutDown();

    int threadCount() const;
    int idleCount() const;

private:
    struct Slot
    {
        QThread thread;
        QObject context; // lives in `thread`: tasks are queued to it
    };

    void release(Slot *slot);

    mutable std::mutex m_mutex;
    std::vector<std::unique_ptr<Slot>> m_slots;
    std::vector<Slot *> m_idle;
};

} // namespace SupervisorLab
