#include "runtime/workerthreadpool.h"

#include <algorithm>
#include <iterator>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

WorkerThreadPool::WorkerThreadPool(int maxIdleThreads)
    : m_maxIdleThreads(maxIdleThreads)
{
}

WorkerThreadPool::~WorkerThreadPool()
{
    shutDown();
}

void WorkerThreadPool::run(std::function<void()> task)
{
    reapRetired();
    Slot *slot = nullptr;
    {
        std::lock_guard lock(m_mutex);
        if (m_idle.empty()) {
            auto created = std::make_unique<Slot>();
            slot = created.get();
            slot->task = std::move(task);
            slot->thread.reset(QThread::create([this, slot] { serve(*slot); }));
            slot->thread->setObjectName(u"worker-thread-%1"_s.arg(m_slots.size()));
            slot->thread->start();
            m_slots.push_back(std::move(created));
            return;
        }
        slot = m_idle.back();
        m_idle.pop_back();
    }
    {
        std::lock_guard lock(slot->mutex);
        slot->task = std::move(task);
    }
    slot->wakeUp.notify_one();
}

void WorkerThreadPool::serve(Slot &slot)
{
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(slot.mutex);
            slot.wakeUp.wait(lock, [&] { return slot.task || slot.retiring; });
            if (!slot.task)
                return;
            task = std::exchange(slot.task, nullptr);
        }
        task();
        task = nullptr; // what the task holds goes before its thread is offered again
        if (!release(&slot))
            return;
    }
}

bool WorkerThreadPool::release(Slot *slot)
{
    std::lock_guard lock(m_mutex);
    if (int(m_idle.size()) < m_maxIdleThreads) {
        m_idle.push_back(slot);
        return true;
    }
    const auto held
        = std::find_if(m_slots.begin(), m_slots.end(), [&](const auto &owned) { return owned.get() == slot; });
    if (held == m_slots.end())
        return false; // shutting down: the pool has let go of its threads already
    m_retired.push_back(std::move(*held));
    m_slots.erase(held);
    return false;
}

void WorkerThreadPool::reapRetired()
{
    std::vector<std::unique_ptr<Slot>> ended;
    {
        std::lock_guard lock(m_mutex);
        if (m_retired.empty())
            return;
        const auto stillRunning = std::partition(
            m_retired.begin(), m_retired.end(), [](const auto &slot) { return !slot->thread->isFinished(); });
        std::move(stillRunning, m_retired.end(), std::back_inserter(ended));
        m_retired.erase(stillRunning, m_retired.end());
    }
    for (const auto &slot : ended)
        slot->thread->wait();
}

void WorkerThreadPool::shutDown()
{
    std::vector<std::unique_ptr<Slot>> retired;
    {
        std::lock_guard lock(m_mutex);
        retired.swap(m_slots);
        std::move(m_retired.begin(), m_retired.end(), std::back_inserter(retired));
        m_retired.clear();
        m_idle.clear();
    }
    for (const auto &slot : retired) {
        {
            std::lock_guard lock(slot->mutex);
            slot->retiring = true;
        }
        slot->wakeUp.notify_one();
    }
    for (const auto &slot : retired)
        slot->thread->wait();
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
