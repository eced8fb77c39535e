#pragma once

#include "world/workerplan.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace SupervisorLab {

// What a running worker incarnation shares with its supervisor across threads.
class Incarnation
{
public:
    Incarnation(int worker, quint32 number, const WorkerPlan &plan);

    const int worker;
    const quint32 number;
    const WorkerPlan plan;

    // Unless the incarnation has ended, runs `recordRequest` and raises the stop flag; false if it had ended.
    bool requestStop(const std::function<void()> &recordRequest);
    bool isStopRequested() const { return m_stopRequested.load(std::memory_order_acquire); }
    void kill();
    bool isKilled() const { return m_killed.load(std::memory_order_acquire); }
    // Makes the run fail at its next slice, as if its work had gone wrong ("fail this worker now").
    void injectFailure();
    bool isFailureInjected() const { return m_failureInjected.load(std::memory_order_acquire); }

    // Ending is claimed once: by the worker ending on its own (which records its end while holding the claim, so
    // that no stop request is recorded after it), or by the supervisor writing it off.
    bool endOnItsOwn(const std::function<void()> &recordEnd);
    bool claimEnd();

    void beat(qint64 nowUs) { m_lastBeatUs.store(nowUs, std::memory_order_release); }
    qint64 lastBeatUs() const { return m_lastBeatUs.load(std::memory_order_acquire); }

    // Sleeps up to `timeout`, waking early for a kill, and for a stop request unless `ignoreStop`.
    void sleep(std::chrono::microseconds timeout, bool ignoreStop);

private:
    void wake();

    std::atomic<bool> m_stopRequested { false };
    std::atomic<bool> m_killed { false };
    std::atomic<bool> m_failureInjected { false };
    bool m_ended = false; // guarded by m_mutex
    std::atomic<qint64> m_lastBeatUs { 0 };
    std::mutex m_mutex;
    std::condition_variable m_wakeUp;
};

} // namespace SupervisorLab
