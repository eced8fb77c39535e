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
        release(&slot);
    }
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
