#pragma once

#include "events/eventlog.h"
#include "runtime/supervisiondriver.h"
#include "runtime/virtualclock.h"
#include "runtime/workerhost.h"

#include <memory>
#include <queue>
#include <vector>

namespace SupervisorLab {

// Runs the policy and the simulated workers as a discrete-event simulation over a virtual clock: the same
// decisions and the same event vocabulary as the threaded runtime, as fast as the CPU allows. A run is a
// pure function of its configuration (seed included): the log is identical every time.
class VirtualRuntime final : private WorkerHost
{
public:
    explicit VirtualRuntime(
        const SupervisorConfig &config, std::shared_ptr<EventLog> log = std::make_shared<EventLog>());
    ~VirtualRuntime() override;

    // Runs until the supervisor has stopped (at the configured duration, or when it gave up).
    void run();
    // Advances to the next instant at which something happens and handles it; false once the run is over.
    bool step();
    // Runs every instant up to and including `timeUs`.
    void runUntil(qint64 timeUs);

    void requestStop();
    // Stops the run, as requestStop() does, once its log holds `events` (0, the default: no limit); see MemoryLimit.
    void setEventLimit(qint64 events) { m_driver.setEventLimit(events); }
    bool reachedEventLimit() const { return m_driver.reachedEventLimit(); }
    // Stops now: workers still asked to stop are abandoned at once rather than at their shutdown timeout.
    void stopNow();
    QString changeParameter(const QString &key, const QString &value, int worker = -1);
    // The world by hand, at the current virtual time (see SupervisionDriver).
    QString takeDownDependency(int dependency) { return m_driver.takeDownDependency(dependency); }
    QString bringBackDependency(int dependency) { return m_driver.bringBackDependency(dependency); }
    QString setDependencyCapacity(int dependency, qint64 capacity)
    {
        return m_driver.setDependencyCapacity(dependency, capacity);
    }
    const DependencyWorld &world() const { return m_driver.world(); }
    // By hand, at the current virtual time (see SupervisorPolicy::act).
    QString act(ManualAction action, int index) { return m_driver.act(action, index); }
    QString endWorker(int worker, ExitKind kind) { return m_driver.endWorker(worker, kind); }

    qint64 nowUs() const { return m_clock.nowUs(); }
    bool isOver() const { return m_driver.isOver(); }
    const SupervisorPolicy &policy() const { return m_driver.policy(); }
    const std::shared_ptr<EventLog> &log() const { return m_log; }

private:
    enum class Happening
    {
        WorkEnds,
        StopNoticed
    };
    struct Pending
    {
        qint64 tUs;
        quint64 sequence;
        Happening what;
        int worker;
        quint32 incarnation;
        // Later happenings sink in the queue; at the same time, the first scheduled comes first.
        bool operator>(const Pending &other) const
        {
            return tUs != other.tUs ? tUs > other.tUs : sequence > other.sequence;
        }
    };
    struct SimulatedWorker
    {
        quint32 incarnation = 0;
        WorkerPlan plan;
        bool running = false;
        qint64 hungSinceUs = -1; // stopped beating and ignores stop
    };

    void startIncarnation(const StartChild &start, const WorkerPlan &plan) override;
    bool requestStop(int worker, quint32 incarnation, const std::function<void()> &recordRequest) override;
    void kill(int worker, quint32 incarnation) override;
    bool claimEnd(int worker, quint32 incarnation) override;
    qint64 lastHeartbeatUs(int worker, quint32 incarnation) const override;
    void workerConfigChanged(int, const SupervisorConfig &) override { }

    void schedule(qint64 tUs, Happening what, int worker, quint32 incarnation);
    void handle(const Pending &pending);
    SimulatedWorker *current(int worker, quint32 incarnation);
    qint64 nextTimeUs() const;

    std::shared_ptr<EventLog> m_log;
    VirtualClock m_clock;
    std::vector<SimulatedWorker> m_workers;
    std::priority_queue<Pending, std::vector<Pending>, std::greater<>> m_pending;
    quint64 m_sequence = 0;
    SupervisionDriver m_driver;
    bool m_begun = false;
};

} // namespace SupervisorLab
