#include "workerthreadpool.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {

WorkerThreadPool::WorkerThreadPool() = default;

WorkerThreadPool::~WorkerThreadPool()
{
    shutDown();
}

void WorkerThreadPool::run(std::function<void()> task)
{
    Slot *slot = nullptr;
    {
        std::lock_guard lock(m_mutex);
        if (m_idle.empty()) {
            auto created = std::make_unique<Slot>();
            created->thread.setObjectName(u"worker-thread-%1"_s.arg(m_slots.size()));
            created->context.moveToThread(&created->thread);
            created->thread.start();
            slot = created.get();
            m_slots.push_back(std::move(created));
        } else {
            slot = m_idle.back();
            m_idle.pop_back();
        }
    }
    QMetaObject::invokeMethod(
        &slot->context,
        [this, slot, task = std::move(task)] {
            task();
            release(slot);
        },
        Qt::QueuedConnection);
}

void WorkerThreadPool::release(Slot *slot)
{
    std::lock_guard lock(m_mutex);
    m_idle.push_back(slot);
}

void WorkerThreadPool::shutDown()
{
    std::vector<std::unique_ptr<Slot>> retired;
    {
        std::lock_guard lock(m_mutex);
        retired.swap(m_slots);
        m_idle.clear();
    }
    for (const auto &slot : retired)
        slot->thread.quit();
    for (const auto &slot : retired)
        slot->thread.wait();
    std::lock_guard lock(m_mutex);
    m_idle.clear(); // tasks that ended meanwhile handed back slots that are gone now
}

int WorkerThreadPool::threadCount() const
{
    std::lock_guard lock(m_mutex);
    return int(m_slots.size());
}

int WorkerThreadPool::idleCount() const
{
    std::lock_guard lock(m_mutex);
    return int(m_idle.size());
}

} // namespace SupervisorLab
