#pragma once

#include "events/eventlog.h"
#include "events/lifecycleevent.h"
#include "policy/manualaction.h"
#include "policy/supervisorconfig.h"

#include <QObject>
#include <QThread>

#include <functional>
#include <memory>

namespace SupervisorLab {

class ScaledClock;
class SupervisorLoop;

// A supervisor running for real: its own QThread with an event loop, each worker incarnation on a pooled
// QThread. Lives in the thread that creates it and emits its signals there, in log order: one per lifecycle
// event, and a batch per delivery for consumers that want events in bulk. Deliveries coalesce: however fast
// the engine goes, at most one is queued at a time. A Supervisor runs once; a new run takes a new one.
class Supervisor : public QObject
{
    Q_OBJECT

public:
    // However fast events are recorded, they are delivered at most once per interval (and at once after a quiet
    // spell): waking the receiving thread for every event would cost more than the events.
    static constexpr int kDeliveryIntervalMs = 1;
    // How long destroying a running supervisor waits for its graceful stop before abandoning what still runs.
    static constexpr int kLongestGraceMs = 5000;

    explicit Supervisor(const SupervisorConfig &config, QObject *parent = nullptr);
    // Stops a run still going on (bounded by the shutdown timeout) and joins every thread it started.
    ~Supervisor() override;

    void start();
    // Graceful stop: running workers are asked to stop, those that ignore it are abandoned after the
    // shutdown timeout; finished() follows.
    void stop();
    // Forced stop, as a second Ctrl+C: as stop(), but the workers that have not stopped yet are abandoned now.
    void stopNow();
    // A live change; a bad value comes back through parameterRejected() and changes nothing.
    void setParameter(const QString &key, const QString &value);
    // The same for one worker's own value of a worker key (its spec), the others keeping theirs; -1: all workers.
    void setWorkerParameter(int worker, const QString &key, const QString &value);
    // Makes the worker's running incarnation fail now, as if its work had gone wrong.
    void failWorker(int worker);
    // Takes a dependency of the run down now (its running dependents fail; dependency_down, reason "manual"), or
    // brings it back (dependency_up); sets how many attempts it accepts per capacity window (0: unlimited). The
    // index is the dependency's in the config; a bad one comes back through parameterRejected().
    void takeDownDependency(int dependency);
    void bringBackDependency(int dependency);
    void setDependencyCapacity(int dependency, qint64 capacity);
    // Stops or restarts a worker, or makes a supervisor give up, by hand (see SupervisorPolicy::act); what cannot be
    // done comes back through parameterRejected().
    void act(ManualAction action, int index);
    // A run with real programs goes in real time: pausing, stepping and other speeds are refused there (through
    // parameterRejected()).
    void setPaused(bool paused);
    // While paused: runs until the next event is recorded (with whatever it sets off at the same moment), then
    // pauses again and emits stepped().
    void step();
    void setSpeed(double speed);
    // Called on each incarnation's own thread as the first thing it runs, before its work: for measuring the
    // hand-off from a failure to the replacement, or for preparing the thread. Set it before start().
    void setWorkerEntryHook(std::function<void(int worker, quint32 incarnation)> hook);
    // For runs too long to keep whole: once delivered, events older than the latest `events` are dropped from
    // the log, a block at a time (0, the default, keeps everything). Counts, the header and the signals stay
    // complete; an export of a log that has dropped events is refused. The log's readers must then be in this
    // object's thread.
    void setRetainedEvents(qsizetype events) { m_retainedEvents = events; }
    // Stops the run, as stop() does, once its log holds `events` (0, the default: no limit); see MemoryLimit.
    // Set it before start(). Whether the run reached it is known once it is finished.
    void setEventLimit(qint64 events) { m_eventLimit = events; }
    bool reachedEventLimit() const { return m_reachedEventLimit; }

    const SupervisorConfig &config() const { return m_config; }
    bool isRunning() const { return m_started && !m_finished; }
    bool isFinished() const { return m_finished; }
    bool isPaused() const;
    std::shared_ptr<const EventLog> log() const { return m_log; }
    qint64 nowUs() const;
    // Threads the run holds: the supervisor's own and its worker pool. 0 once finished.
    int threadCount() const;

signals:
    // The log has grown to `logSize` events: the cheap notice for consumers that read the log themselves.
    void eventsAvailable(qsizetype logSize);
    // Each event, in log order, delivered with the notice that brought it.
    void eventRecorded(const SupervisorLab::LifecycleEvent &event);
    void parameterRejected(const QString &key, const QString &error);
    void finished();
    void stepped();

private:
    void publishEvents();
    // A run with real programs goes in real time: says so through parameterRejected() and returns true.
    bool refusedForPrograms(const QString &what);
    void onRunOver();
    void joinThreads();

    SupervisorConfig m_config;
    bool m_runsPrograms = false;
    std::function<void(int, quint32)> m_workerEntryHook;
    std::shared_ptr<EventLog> m_log;
    std::shared_ptr<ScaledClock> m_clock;
    QThread m_thread;
    SupervisorLoop *m_loop = nullptr;
    qsizetype m_published = 0;
    qsizetype m_retainedEvents = 0;
    qint64 m_eventLimit = 0;
    bool m_reachedEventLimit = false;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace SupervisorLab
