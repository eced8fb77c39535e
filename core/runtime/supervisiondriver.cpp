#include "runtime/supervisiondriver.h"

#include "supervisorlabversion.h"
#include "world/seededdraws.h"
#include "world/workerplan.h"

#include <algorithm>

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
    , m_deadlines(size_t(m_policy.workerCount()))
{
}

void SupervisionDriver::begin()
{
    const SupervisorConfig &config = m_policy.config();
    m_log.record(
        LifecycleEvent::runStarted(RunHeader { versionString(), config.seed, config.toJson() }), m_clock.nowUs());
    if (config.durationMs > 0)
        m_runEndUs = config.durationMs * kUsPerMs;
    apply(m_policy.start(m_clock.nowUs()));
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
    const qint64 nowUs = m_clock.nowUs();
    for (WorkerDeadlines &deadlines : m_deadlines) {
        if (deadlines.shutdownUs != kNever)
            deadlines.shutdownUs = nowUs;
    }
    processDue();
}

QString SupervisionDriver::changeParameter(const QString &key, const QString &value)
{
    QString error;
    const qint64 nowUs = m_clock.nowUs();
    const qint64 heartbeatBefore = m_policy.config().heartbeatTimeoutMs;
    apply(m_policy.changeConfig(key, value, nowUs, &error));
    if (!error.isEmpty())
        return error;
    m_host.configChanged(m_policy.config());
    if (m_policy.config().heartbeatTimeoutMs != heartbeatBefore) {
        for (int worker = 0; worker < int(m_deadlines.size()); ++worker)
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
    const SupervisorConfig &config = m_policy.config();
    qint64 lastUs = m_clock.nowUs();
    for (const Decision &decision : decisions) {
        std::visit(Overloaded {
                       [&](const LifecycleEvent &event) { lastUs = m_log.record(event, m_clock.nowUs()); },
                       [&](const StartChild &start) {
                           WorkerDeadlines &deadlines = m_deadlines[size_t(start.worker)];
                           deadlines.incarnation = start.incarnation;
                           deadlines.shutdownUs = kNever;
                           deadlines.heartbeatUs
                               = config.heartbeatTimeoutMs > 0 ? lastUs + config.heartbeatTimeoutMs * kUsPerMs : kNever;
                           m_host.startIncarnation(
                               start, WorkerPlan::draw(m_policy.config(), start.worker, start.incarnation));
                       },
                       [&](const StopChild &stop) {
                           const auto recordRequest = [&] { lastUs = m_log.record(stop.event(), m_clock.nowUs()); };
                           if (m_host.requestStop(stop.worker, stop.incarnation, recordRequest))
                               m_deadlines[size_t(stop.worker)].shutdownUs
                                   = lastUs + config.shutdownTimeoutMs * kUsPerMs;
                       },
                       [&](const KillChild &kill) {
                           m_deadlines[size_t(kill.worker)].heartbeatUs = kNever;
                           m_deadlines[size_t(kill.worker)].shutdownUs = kNever;
                           m_host.kill(kill.worker, kill.incarnation);
                       },
                       [&](const ArmTimer &arm) {
                           WorkerDeadlines &deadlines = m_deadlines[size_t(arm.timer.worker)];
                           if (arm.timer.kind == TimerKind::Restart) {
                               deadlines.restartUs = lastUs + std::max(arm.delayUs, kShortestRestartUs);
                               deadlines.restartToken = arm.timer.token;
                           } else {
                               deadlines.cleanRunUs = lastUs + arm.delayUs;
                               deadlines.cleanRunToken = arm.timer.token;
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
    checkEventLimit();
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
        if (m_runEndUs <= nowUs)
            requestStop();
        for (int worker = 0; worker < int(m_deadlines.size()) && !m_over; ++worker) {
            WorkerDeadlines &deadlines = m_deadlines[size_t(worker)];
            if (deadlines.restartUs <= nowUs) {
                deadlines.restartUs = kNever;
                apply(m_policy.timerFired(PolicyTimer { TimerKind::Restart, worker, deadlines.restartToken }, nowUs));
            }
            if (deadlines.cleanRunUs <= nowUs) {
                deadlines.cleanRunUs = kNever;
                apply(m_policy.timerFired(PolicyTimer { TimerKind::CleanRun, worker, deadlines.cleanRunToken }, nowUs));
            }
            if (deadlines.heartbeatUs <= nowUs)
                checkHeartbeat(worker, nowUs);
            if (deadlines.shutdownUs <= nowUs)
                checkShutdown(worker, nowUs);
        }
    }
}

void SupervisionDriver::checkHeartbeat(int worker, qint64 nowUs)
{
    WorkerDeadlines &deadlines = m_deadlines[size_t(worker)];
    deadlines.heartbeatUs = kNever;
    const qint64 timeoutUs = m_policy.config().heartbeatTimeoutMs * kUsPerMs;
    if (timeoutUs <= 0 || !isCurrent(worker, deadlines.incarnation))
        return;
    const qint64 lastBeatUs = m_host.lastHeartbeatUs(worker, deadlines.incarnation);
    if (nowUs - lastBeatUs < timeoutUs) {
        deadlines.heartbeatUs = lastBeatUs + timeoutUs;
        return;
    }
    if (m_host.claimEnd(worker, deadlines.incarnation))
        apply(m_policy.heartbeatMissed(worker, deadlines.incarnation, nowUs));
}

void SupervisionDriver::checkShutdown(int worker, qint64 nowUs)
{
    WorkerDeadlines &deadlines = m_deadlines[size_t(worker)];
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
    qint64 next = m_runEndUs;
    for (const WorkerDeadlines &deadlines : m_deadlines)
        next = std::min(
            { next, deadlines.restartUs, deadlines.cleanRunUs, deadlines.heartbeatUs, deadlines.shutdownUs });
    return next;
}

} // namespace SupervisorLab
