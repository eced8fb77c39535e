#pragma once

#include "events/eventlog.h"
#include "runtime/incarnation.h"
#include "runtime/programworkers.h"
#include "runtime/scaledclock.h"
#include "runtime/supervisiondriver.h"
#include "runtime/workerhost.h"
#include "runtime/workerthreadpool.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSemaphore>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace SupervisorLab {

// The threaded runtime's supervisor: lives in its own QThread with an event loop, runs the policy through the
// supervision driver, starts each worker incarnation on a pooled QThread, and turns what happens on those
// threads into policy inputs. Every method but workerThreadCount() runs in the supervisor thread.
class SupervisorLoop final : public QObject, private WorkerHost
{
    Q_OBJECT

public:
    SupervisorLoop(const SupervisorConfig &config, std::shared_ptr<EventLog> log, std::shared_ptr<ScaledClock> clock,
        std::function<void(int, quint32)> workerEntryHook = {});
    ~SupervisorLoop() override;

    void begin();
    void requestStop();
    void stopNow();
    void changeParameter(const QString &key, const QString &value, int worker = -1);
    void failWorker(int worker);
    void takeDownDependency(int dependency);
    void bringBackDependency(int dependency);
    void setDependencyCapacity(int dependency, qint64 capacity);
    void act(ManualAction action, int index);
    void clockChanged();
    // Lets the paused clock run until the log grows, then pauses it again and emits stepped().
    void stepToNextEvent();
    void cancelStep() { m_stepFromSize = -1; }
    // Kills what still runs, joins the worker threads, and hands this object over to `owner`'s thread.
    void shutDown(QThread *owner);

    // Marks the pending notification as seen; returns whether one was pending. Any thread.
    bool takeNotification() { return m_notificationPending.exchange(false, std::memory_order_acq_rel); }
    int workerThreadCount() const { return m_pool.threadCount(); }
    // Before begin(), from the thread that made this; after the run, once its thread is joined.
    void setEventLimit(qint64 events) { m_driver.setEventLimit(events); }
    bool reachedEventLimit() const { return m_driver.reachedEventLimit(); }
    // Blocks until the run is over or the deadline passes. Any thread but the supervisor's.
    bool waitUntilOver(int timeoutMs) { return m_over.tryAcquire(1, timeoutMs); }

signals:
    void eventsAvailable(); // at most one outstanding: the receiver takes it with takeNotification()
    void parameterRejected(const QString &key, const QString &error);
    void runOver();
    void stepped();

private:
    void startIncarnation(const StartChild &start, const WorkerPlan &plan) override;
    bool requestStop(int worker, quint32 incarnation, const std::function<void()> &recordRequest) override;
    void kill(int worker, quint32 incarnation) override;
    bool claimEnd(int worker, quint32 incarnation) override;
    qint64 lastHeartbeatUs(int worker, quint32 incarnation) const override;
    QString outputOf(int worker, quint32 incarnation) const override;
    void workerConfigChanged(int worker, const SupervisorConfig &workerConfig) override;

    Incarnation *current(int worker, quint32 incarnation) const;
    void runIncarnation(Incarnation &incarnation); // on a worker thread
    bool runsProgram(int worker) const { return m_programs && m_programs->runsProgram(worker); }
    void programEnded(int worker, quint32 incarnation, const WorkerEnd &end);
    void settle();
    void announceEvents();
    // Handles what is due; returns the real microseconds until the next deadline, or -1 if there is none (or the
    // clock is paused).
    qint64 processDue();

    std::shared_ptr<EventLog> m_log;
    std::shared_ptr<ScaledClock> m_clock;
    const std::function<void(int, quint32)> m_workerEntryHook;
    // Per worker, read by its threads as the work ends: a live change acts on runs already under way.
    std::unique_ptr<std::atomic<double>[]> m_failureRates;
    std::unique_ptr<std::atomic<qint64>[]> m_heartbeatTimeoutsUs;
    std::atomic<bool> m_notificationPending { false };
    std::vector<std::shared_ptr<Incarnation>> m_incarnations;
    const SupervisorConfig m_config;
    std::unique_ptr<ProgramWorkers> m_programs; // made in the supervisor thread as the run begins, if it runs programs
    SupervisionDriver m_driver;
    QTimer *m_deadlineTimer;
    QTimer *m_announceTimer;
    QElapsedTimer m_lastAnnouncement;
    bool m_overAnnounced = false;
    QSemaphore m_over;
    qsizetype m_announcedSize = 0;
    qsizetype m_stepFromSize = -1; // while stepping: the log's size when the step began
    WorkerThreadPool m_pool; // last: its threads are joined before anything they use goes away
};

} // namespace SupervisorLab
