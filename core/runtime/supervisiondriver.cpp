#include "runtime/supervisiondriver.h"

#include "runtime/workerend.h"
#include "supervisorlabversion.h"
#include "world/seededdraws.h"
#include "world/workerplan.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

constexpr qint64 kUsPerMs = 1000;
// A restart is never due in the same microsecond it was decided: a zero-delay restart loop then still moves
// virtual time forward and reaches the end of the run.
constexpr qint64 kShortestRestartUs = 1;

template<class... Handlers> struct Overloaded : Handlers...
{
    using Handlers::operator()...;
};
template<class... Handlers> Overloaded(Handlers...) -> Overloaded<Handlers...>;

} // namespace

SupervisionDriver::SupervisionDriver(
    const SupervisorConfig &config, EventLog &log, const Clock &clock, WorkerHost &host)
    : m_policy(config, SeededDraws(config.seed).jitter())
    , m_log(log)
    , m_clock(clock)
    , m_host(host)
    , m_world(config)
    , m_deadlines(size_t(m_policy.nodeCount()))
{
}

void SupervisionDriver::begin()
{
    const SupervisorConfig &config = m_policy.config();
    m_log.record(
        LifecycleEvent::runStarted(RunHeader { versionString(), config.seed, config.toJson() }), m_clock.nowUs());
    if (config.durationMs > 0)
        m_runEndUs = config.durationMs * kUsPerMs;
    applyDependencyChanges(m_world.advanceTo(m_clock.nowUs())); // a dependency down from the start
    apply(m_policy.start(m_clock.nowUs()));
}

QString SupervisionDriver::takeDownDependency(int dependency)
{
    if (dependency < 0 || dependency >= m_world.count())
        return u"there is no dependency %1"_s.arg(dependency);
    if (!m_over)
        applyDependencyChanges(m_world.takeDown(dependency, m_clock.nowUs()));
    return {};
}

QString SupervisionDriver::bringBackDependency(int dependency)
{
    if (dependency < 0 || dependency >= m_world.count())
        return u"there is no dependency %1"_s.arg(dependency);
    if (!m_over)
        applyDependencyChanges(m_world.bringBack(dependency, m_clock.nowUs()));
    return {};
}

QString SupervisionDriver::setDependencyCapacity(int dependency, qint64 capacity)
{
    if (dependency < 0 || dependency >= m_world.count())
        return u"there is no dependency %1"_s.arg(dependency);
    if (capacity < 0 || capacity > DependencySpec::kMaxCapacity)
        return u"capacity must be between 0 and %1, got %2"_s.arg(DependencySpec::kMaxCapacity).arg(capacity);
    m_world.setCapacity(dependency, capacity);
    return {};
}

QString SupervisionDriver::act(ManualAction action, int index)
{
    QString error;
    if (!m_over)
        apply(m_policy.act(action, index, m_clock.nowUs(), &error));
    return error;
}

QString SupervisionDriver::endWorker(int worker, ExitKind kind)
{
    if (worker < 0 || worker >= m_policy.workerCount())
        return u"there is no worker %1"_s.arg(worker);
    const quint32 incarnation = m_policy.incarnation(worker);
    if (m_over || !m_policy.isAlive(worker) || m_policy.isStopping(worker) || !m_host.claimEnd(worker, incarnation))
        return u"worker %1 is not running"_s.arg(worker);
    const WorkerEnd end = kind == ExitKind::Completed ? WorkerEnd::completed() : WorkerEnd::failed(FailureKind::Error);
    m_log.record(end.event(worker, incarnation), m_clock.nowUs());
    m_host.kill(worker, incarnation);
    childExited(worker, incarnation, end.exit);
    return {};
}

LifecycleEvent SupervisionDriver::dependencyFailure(
    int worker, quint32 incarnation, const DependencyWorld::Refusal &refusal) const
{
    return LifecycleEvent::workerFailed(worker, incarnation, refusal.kind, m_world.name(refusal.dependency));
}

void SupervisionDriver::applyDependencyChanges(const std::vector<DependencyWorld::Change> &changes)
{
    for (const DependencyWorld::Change &change : changes) {
        if (m_over)
            return;
        if (!change.down) {
            m_log.record(change.event(), m_clock.nowUs());
            continue;
        }
        // Its running dependents lose it now. Those that ended on their own first keep their own end, which is
        // already in the log, before the dependency_down.
        std::vector<std::pair<int, quint32>> lost;
        for (const int worker : m_world.dependents(change.dependency)) {
            const quint32 incarnation = m_policy.incarnation(worker);
            if (m_policy.isAlive(worker) && m_host.claimEnd(worker, incarnation))
                lost.emplace_back(worker, incarnation);
        }
        m_log.record(change.event(), m_clock.nowUs());
        // One at a time, as OTP hears exits: a group restart decided for the first does not ask the others to stop,
        // since they are already lost (their own failure follows).
        const DependencyWorld::Refusal down { change.dependency, FailureKind::DependencyDown };
        m_lost = lost;
        for (const auto &[worker, incarnation] : lost) {
            apply(m_policy.dependencyLost(
                worker, incarnation, dependencyFailure(worker, incarnation, down), m_clock.nowUs()));
            m_lost.erase(m_lost.begin());
        }
    }
}

void SupervisionDriver::childExited(int worker, quint32 incarnation, ExitKind kind)
{
    apply(m_policy.childExited(ChildExit { worker, incarnation, kind, m_clock.nowUs() }));
}

void SupervisionDriver::requestStop()
{
    m_runEndUs = kNever;
    apply(m_policy.stopRequested(m_clock.nowUs()));
}

void SupervisionDriver::stopNow()
{
    if (m_over)
        return;
    if (m_policy.phase() == SupervisorPolicy::Phase::Running)
        requestStop();
    m_stoppingNow = true; // and every one asked after them: stops go one at a time
    const qint64 nowUs = m_clock.nowUs();
    for (NodeDeadlines &deadlines : m_deadlines) {
        if (deadlines.shutdownUs != kNever)
            deadlines.shutdownUs = nowUs;
        if (deadlines.supervisorShutdownUs != kNever)
            deadlines.supervisorShutdownUs = nowUs;
    }
    processDue();
}

QString SupervisionDriver::changeParameter(const QString &key, const QString &value, int worker)
{
    QString error;
    const qint64 nowUs = m_clock.nowUs();
    apply(m_policy.changeConfig(key, value, nowUs, &error, worker));
    if (!error.isEmpty())
        return error;
    for (int worker = 0; worker < m_policy.workerCount(); ++worker) {
        m_host.workerConfigChanged(worker, m_policy.workerConfig(worker));
        if (key == u"heartbeat_timeout")
            m_deadlines[size_t(worker)].heartbeatUs = m_policy.isAlive(worker) ? nowUs : kNever; // re-check now
    }
    return {};
}

bool SupervisionDriver::isCurrent(int worker, quint32 incarnation) const
{
    return m_policy.isAlive(worker) && m_policy.incarnation(worker) == incarnation;
}

void SupervisionDriver::apply(const Decisions &decisions)
{
    ++m_applying;
    qint64 lastUs = m_clock.nowUs();
    for (const Decision &decision : decisions) {
        std::visit(Overloaded {
                       [&](const LifecycleEvent &event) {
                           if (event.kind == EventKind::WorkerStarted) {
                               // The world is asked as the start is recorded: a start it turns away ends in the same
                               // microsecond, with nothing between the two in the log.
                               const DependencyWorld::Refusal refusal = m_world.admit(event.worker, m_clock.nowUs());
                               if (refusal.refused()) {
                                   lastUs = m_log.recordTogether(event,
                                       dependencyFailure(event.worker, event.incarnation, refusal), m_clock.nowUs());
                                   m_refusedStarts.push_back({ event.worker, event.incarnation });
                                   m_deadlines[size_t(event.worker)].refusedIncarnation = event.incarnation;
                                   return;
                               }
                           }
                           if (event.isTerminal() && event.worker >= 0) { // written off: what it wrote goes with it
                               LifecycleEvent withOutput = event;
                               withOutput.output = m_host.outputOf(event.worker, event.incarnation);
                               lastUs = m_log.record(withOutput, m_clock.nowUs());
                               return;
                           }
                           lastUs = m_log.record(event, m_clock.nowUs());
                       },
                       [&](const StartChild &start) {
                           NodeDeadlines &deadlines = m_deadlines[size_t(start.worker)];
                           const SupervisorConfig &own = m_policy.workerConfig(start.worker);
                           deadlines.incarnation = start.incarnation;
                           deadlines.shutdownUs = kNever;
                           deadlines.heartbeatUs = kNever;
                           if (deadlines.refusedIncarnation == start.incarnation)
                               return; // turned away as it was recorded
                           if (own.heartbeatTimeoutMs > 0)
                               deadlines.heartbeatUs = lastUs + own.heartbeatTimeoutMs * kUsPerMs;
                           m_host.startIncarnation(start, WorkerPlan::draw(own, start.worker, start.incarnation));
                       },
                       [&](const StopChild &stop) {
                           if (std::find(m_lost.begin(), m_lost.end(), std::pair(stop.worker, stop.incarnation))
                               != m_lost.end())
                               return;
                           const auto recordRequest = [&] { lastUs = m_log.record(stop.event(), m_clock.nowUs()); };
                           if (m_host.requestStop(stop.worker, stop.incarnation, recordRequest))
                               m_deadlines[size_t(stop.worker)].shutdownUs = m_stoppingNow
                                   ? lastUs
                                   : lastUs + m_policy.workerConfig(stop.worker).shutdownTimeoutMs * kUsPerMs;
                       },
                       [&](const KillChild &kill) {
                           m_deadlines[size_t(kill.worker)].heartbeatUs = kNever;
                           m_deadlines[size_t(kill.worker)].shutdownUs = kNever;
                           m_host.kill(kill.worker, kill.incarnation);
                       },
                       [&](const AbandonChild &abandon) {
                           m_deadlines[size_t(abandon.worker)].heartbeatUs = kNever;
                           m_deadlines[size_t(abandon.worker)].shutdownUs = kNever;
                           if (!m_host.claimEnd(abandon.worker, abandon.incarnation))
                               return; // it ended on its own just now, and recorded how
                           LifecycleEvent abandoned = LifecycleEvent::forWorker(
                               EventKind::WorkerAbandoned, abandon.worker, abandon.incarnation);
                           abandoned.output = m_host.outputOf(abandon.worker, abandon.incarnation);
                           lastUs = m_log.record(abandoned, m_clock.nowUs());
                           m_host.kill(abandon.worker, abandon.incarnation);
                       },
                       [&](const ArmTimer &arm) {
                           NodeDeadlines &deadlines = m_deadlines[size_t(arm.timer.node)];
                           switch (arm.timer.kind) {
                           case TimerKind::Restart:
                               deadlines.restartUs = lastUs + std::max(arm.delayUs, kShortestRestartUs);
                               deadlines.restartToken = arm.timer.token;
                               break;
                           case TimerKind::CleanRun:
                               deadlines.cleanRunUs = lastUs + arm.delayUs;
                               deadlines.cleanRunToken = arm.timer.token;
                               break;
                           case TimerKind::SupervisorShutdown:
                               deadlines.supervisorShutdownUs = m_stoppingNow ? lastUs : lastUs + arm.delayUs;
                               deadlines.supervisorShutdownToken = arm.timer.token;
                               break;
                           }
                       },
                       [&](const RunOver &) {
                           m_runEndUs = kNever;
                           m_log.record(LifecycleEvent::runFinished(m_log.counts()), m_clock.nowUs());
                           m_over = true;
                       },
                   },
            decision);
    }
    --m_applying;
    if (m_applying == 0)
        failRefusedStarts();
    checkEventLimit();
}

void SupervisionDriver::failRefusedStarts()
{
    // The policy's decisions live in one list it reuses: the failures are fed back only once they are all applied.
    // What they set off may turn more starts away; those join the end of the list, and this loop takes them too.
    if (m_failingRefused)
        return;
    m_failingRefused = true;
    for (size_t i = 0; i < m_refusedStarts.size() && !m_over; ++i) {
        const auto [worker, incarnation] = m_refusedStarts[i];
        m_deadlines[size_t(worker)].refusedIncarnation = 0;
        apply(m_policy.startRefused(worker, incarnation, m_clock.nowUs()));
    }
    m_refusedStarts.clear();
    m_failingRefused = false;
}

void SupervisionDriver::checkEventLimit()
{
    // The events that workers record on their own threads count too: they are in the log by now.
    if (m_eventLimit <= 0 || m_reachedEventLimit || m_over || m_log.size() - m_log.firstIndex() < m_eventLimit)
        return;
    m_reachedEventLimit = true;
    if (m_policy.phase() == SupervisorPolicy::Phase::Running)
        requestStop();
}

void SupervisionDriver::processDue()
{
    while (!m_over) {
        const qint64 nowUs = m_clock.nowUs();
        if (nextDeadlineUs() > nowUs)
            return;
        if (m_world.nextChangeUs() <= nowUs)
            applyDependencyChanges(m_world.advanceTo(nowUs));
        if (m_runEndUs <= nowUs)
            requestStop();
        for (int node = 0; node < int(m_deadlines.size()) && !m_over; ++node) {
            NodeDeadlines &deadlines = m_deadlines[size_t(node)];
            if (deadlines.restartUs <= nowUs) {
                deadlines.restartUs = kNever;
                apply(m_policy.timerFired(PolicyTimer { TimerKind::Restart, node, deadlines.restartToken }, nowUs));
            }
            if (deadlines.cleanRunUs <= nowUs) {
                deadlines.cleanRunUs = kNever;
                apply(m_policy.timerFired(PolicyTimer { TimerKind::CleanRun, node, deadlines.cleanRunToken }, nowUs));
            }
            if (deadlines.supervisorShutdownUs <= nowUs) {
                deadlines.supervisorShutdownUs = kNever;
                apply(m_policy.timerFired(
                    PolicyTimer { TimerKind::SupervisorShutdown, node, deadlines.supervisorShutdownToken }, nowUs));
            }
            if (deadlines.heartbeatUs <= nowUs)
                checkHeartbeat(node, nowUs);
            if (deadlines.shutdownUs <= nowUs)
                checkShutdown(node, nowUs);
        }
    }
}

void SupervisionDriver::checkHeartbeat(int worker, qint64 nowUs)
{
    NodeDeadlines &deadlines = m_deadlines[size_t(worker)];
    deadlines.heartbeatUs = kNever;
    const qint64 timeoutUs = m_policy.workerConfig(worker).heartbeatTimeoutMs * kUsPerMs;
    if (timeoutUs <= 0 || !isCurrent(worker, deadlines.incarnation))
        return;
    const qint64 lastBeatUs = m_host.lastHeartbeatUs(worker, deadlines.incarnation);
    if (nowUs - lastBeatUs < timeoutUs) {
        deadlines.heartbeatUs = lastBeatUs + timeoutUs;
        return;
    }
    declareHung(worker, deadlines.incarnation, nowUs);
}

void SupervisionDriver::watchdogTriggered(int worker, quint32 incarnation, qint64 nowUs)
{
    NodeDeadlines &deadlines = m_deadlines[size_t(worker)];
    if (deadlines.incarnation != incarnation || !isCurrent(worker, incarnation))
        return;
    deadlines.heartbeatUs = kNever;
    declareHung(worker, incarnation, nowUs);
}

void SupervisionDriver::declareHung(int worker, quint32 incarnation, qint64 nowUs)
{
    if (m_host.claimEnd(worker, incarnation))
        apply(m_policy.heartbeatMissed(worker, incarnation, nowUs));
}

void SupervisionDriver::checkShutdown(int worker, qint64 nowUs)
{
    NodeDeadlines &deadlines = m_deadlines[size_t(worker)];
    deadlines.shutdownUs = kNever;
    if (!isCurrent(worker, deadlines.incarnation) || !m_policy.isStopping(worker))
        return;
    if (m_host.claimEnd(worker, deadlines.incarnation))
        apply(m_policy.shutdownDeadlinePassed(worker, deadlines.incarnation, nowUs));
}

qint64 SupervisionDriver::nextDeadlineUs() const
{
    if (m_over)
        return kNever;
    qint64 next = std::min(m_runEndUs, m_world.nextChangeUs());
    for (const NodeDeadlines &deadlines : m_deadlines)
        next = std::min({ next, deadlines.restartUs, deadlines.cleanRunUs, deadlines.heartbeatUs, deadlines.shutdownUs,
            deadlines.supervisorShutdownUs });
    return next;
}

} // namespace SupervisorLab
