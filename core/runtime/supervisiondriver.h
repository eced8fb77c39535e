#pragma once

#include "events/eventlog.h"
#include "policy/supervisorpolicy.h"
#include "runtime/clock.h"
#include "runtime/workerhost.h"
#include "world/dependencyworld.h"

#include <limits>
#include <vector>

namespace SupervisorLab {

// Runs the policy against a clock, a log and a worker host. The one place that turns decisions into effects
// and keeps the deadlines (restart delays, heartbeats, shutdown timeouts, the end of the run), shared by the
// threaded and the virtual-time runtime. Single-threaded: its runtime calls it from one thread.
class SupervisionDriver
{
public:
    static constexpr qint64 kNever = std::numeric_limits<qint64>::max();

    SupervisionDriver(const SupervisorConfig &config, EventLog &log, const Clock &clock, WorkerHost &host);

    // Records run_started and starts every worker.
    void begin();
    // A worker incarnation ended on its own and has recorded how.
    void childExited(int worker, quint32 incarnation, ExitKind kind);
    void requestStop();
    // Stops the run now: asks for the stop if nobody has yet, and abandons every worker still asked to stop at once
    // instead of at the end of its shutdown timeout (a second Ctrl+C).
    void stopNow();
    // Applies a live parameter change; returns what is wrong with it, or an empty string.
    QString changeParameter(const QString &key, const QString &value, int worker = -1);
    // Handles every deadline that has passed.
    void processDue();
    // The incarnation said it is broken (systemd's WATCHDOG=trigger): it fails now as a missed heartbeat does,
    // whether or not it has a heartbeat timeout.
    void watchdogTriggered(int worker, quint32 incarnation, qint64 nowUs);
    // A dependency taken down by hand (its dependents fail), or brought back; recorded with reason "manual".
    // Return what is wrong (an unknown dependency), or an empty string.
    QString takeDownDependency(int dependency);
    QString bringBackDependency(int dependency);
    // How many attempts the dependency accepts per capacity window from now on (0: unlimited).
    QString setDependencyCapacity(int dependency, qint64 capacity);
    // Stops or restarts a worker, or makes a supervisor give up, by hand; returns what is wrong, or an empty string.
    QString act(ManualAction action, int index);
    // Ends a worker's running incarnation now, as its work would: completed, or failed (reason "error"). For runs
    // driven step by step in virtual time; returns what is wrong, or an empty string.
    QString endWorker(int worker, ExitKind kind);
    const DependencyWorld &world() const { return m_world; }
    // Stops the run, as a user would, once the log holds `events` (0: no limit): a run whose records would grow
    // past the memory it may use ends there instead (MemoryLimit). Set it before begin().
    void setEventLimit(qint64 events) { m_eventLimit = events; }
    bool reachedEventLimit() const { return m_reachedEventLimit; }
    qint64 nextDeadlineUs() const;

    bool isOver() const { return m_over; }
    const SupervisorPolicy &policy() const { return m_policy; }

private:
    // A node's deadlines: a worker's, or a nested supervisor's (its restart and its shutdown timeout).
    struct NodeDeadlines
    {
        quint32 incarnation = 0;
        qint64 restartUs = kNever;
        quint64 restartToken = 0;
        qint64 cleanRunUs = kNever;
        quint64 cleanRunToken = 0;
        qint64 heartbeatUs = kNever;
        qint64 shutdownUs = kNever;
        qint64 supervisorShutdownUs = kNever;
        quint64 supervisorShutdownToken = 0;
        quint32 refusedIncarnation = 0; // turned away as it started, its failure not yet fed to the policy
    };

    void apply(const Decisions &decisions);
    void failRefusedStarts();
    void applyDependencyChanges(const std::vector<DependencyWorld::Change> &changes);
    LifecycleEvent dependencyFailure(int worker, quint32 incarnation, const DependencyWorld::Refusal &refusal) const;
    void checkEventLimit();
    void checkHeartbeat(int worker, qint64 nowUs);
    // A hang, by silence or by the program's word: unless the incarnation has ended on its own, it fails.
    void declareHung(int worker, quint32 incarnation, qint64 nowUs);
    void checkShutdown(int worker, qint64 nowUs);
    bool isCurrent(int worker, quint32 incarnation) const;

    SupervisorPolicy m_policy;
    EventLog &m_log;
    const Clock &m_clock;
    WorkerHost &m_host;
    DependencyWorld m_world;
    // Starts the world turned away, recorded with their failure; the policy hears of each once the decisions that
    // started it are all applied.
    std::vector<std::pair<int, quint32>> m_refusedStarts;
    bool m_failingRefused = false;
    std::vector<std::pair<int, quint32>> m_lost; // incarnations a dependency took down, their failures not yet fed
    int m_applying = 0;
    std::vector<NodeDeadlines> m_deadlines; // by the policy's node: the workers, then the supervisors
    qint64 m_runEndUs = kNever;
    qint64 m_eventLimit = 0;
    bool m_reachedEventLimit = false;
    bool m_stoppingNow = false;
    bool m_over = false;
};

} // namespace SupervisorLab
