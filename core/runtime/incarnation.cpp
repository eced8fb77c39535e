#include "runtime/incarnation.h"

namespace SupervisorLab {

Incarnation::Incarnation(int worker, quint32 number, const WorkerPlan &plan)
    : worker(worker)
    , number(number)
    , plan(plan)
{
}

void Incarnation::wake()
{
    // Taking the lock orders the flag change before a sleeper's check, so no wake-up is lost.
    {
        std::lock_guard lock(m_mutex);
    }
    m_wakeUp.notify_all();
}

bool Incarnation::requestStop(const std::function<void()> &recordRequest)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_ended)
            return false;
        recordRequest();
        m_stopRequested.store(true, std::memory_order_release);
    }
    m_wakeUp.notify_all();
    return true;
}

bool Incarnation::endOnItsOwn(const std::function<void()> &recordEnd)
{
    std::lock_guard lock(m_mutex);
    if (m_ended)
        return false;
    m_ended = true;
    recordEnd();
    return true;
}

bool Incarnation::claimEnd()
{
    std::lock_guard lock(m_mutex);
    return !std::exchange(m_ended, true);
}

void Incarnation::kill()
{
    m_killed.store(true, std::memory_order_release);
    wake();
}

void Incarnation::injectFailure()
{
    m_failureInjected.store(true, std::memory_order_release);
    wake();
}

void Incarnation::sleep(std::chrono::microseconds timeout, bool ignoreStop)
{
    std::unique_lock lock(m_mutex);
    m_wakeUp.wait_for(
        lock, timeout, [&] { return isKilled() || (!ignoreStop && (isStopRequested() || isFailureInjected())); });
}

} // namespace SupervisorLab
