#include "policy/supervisorpolicy.h"

#include "policy/parameterspec.h"
#include "policy/restartdelay.h"

#include <QVarLengthArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

constexpr qint64 kUsPerMs = 1000;

} // namespace

bool SupervisorPolicy::restartsAfter(RestartType type, ExitKind kind)
{
    switch (type) {
    case RestartType::Permanent:
        return true;
    case RestartType::Transient:
        return kind == ExitKind::Failed;
    case RestartType::Temporary:
        return false;
    }
    return false;
}

SupervisorPolicy::SupervisorPolicy(const SupervisorConfig &config, JitterDraw jitterDraw)
    : m_config(config)
    , m_jitterDraw(std::move(jitterDraw))
    , m_children(size_t(std::max(config.workers, 1)))
{
    updateWorkerConfigs();
}

void SupervisorPolicy::updateWorkerConfigs()
{
    m_workerConfigs.clear();
    for (int worker = 0; worker < workerCount(); ++worker)
        m_workerConfigs.push_back(m_config.forWorker(worker));
}

int SupervisorPolicy::restartsWithin(qint64 nowUs) const
{
    return m_intensity.restartsWithin(nowUs, m_config.withinMs * kUsPerMs);
}

bool SupervisorPolicy::isValid(int worker, quint32 incarnation) const
{
    if (worker < 0 || worker >= workerCount())
        return false;
    const Child &child = m_children[size_t(worker)];
    return child.alive && child.incarnation == incarnation;
}

Decisions &SupervisorPolicy::freshDecisions()
{
    m_decisions.clear(); // keeps its capacity: deciding a restart allocates nothing
    return m_decisions;
}

const Decisions &SupervisorPolicy::start(qint64 nowUs)
{
    Decisions &out = freshDecisions();
    if (m_phase != Phase::Idle)
        return out;
    m_phase = Phase::Running;
    out.emplace_back(LifecycleEvent::supervisor(EventKind::SupervisorStarted));
    for (int worker = 0; worker < workerCount(); ++worker)
        startChild(worker, nowUs, out);
    return out;
}

const Decisions &SupervisorPolicy::childExited(const ChildExit &exit)
{
    Decisions &out = freshDecisions();
    if (!isValid(exit.worker, exit.incarnation))
        return out;
    childDown(exit.worker, exit.kind, exit.nowUs, out);
    return out;
}

const Decisions &SupervisorPolicy::heartbeatMissed(int worker, quint32 incarnation, qint64 nowUs)
{
    Decisions &out = freshDecisions();
    if (!isValid(worker, incarnation))
        return out;
    out.emplace_back(LifecycleEvent::workerFailed(worker, incarnation, FailureKind::Hang));
    out.emplace_back(KillChild { worker, incarnation });
    childDown(worker, ExitKind::Failed, nowUs, out);
    return out;
}

const Decisions &SupervisorPolicy::dependencyLost(
    int worker, quint32 incarnation, const LifecycleEvent &failure, qint64 nowUs)
{
    Decisions &out = freshDecisions();
    if (!isValid(worker, incarnation))
        return out;
    out.emplace_back(failure);
    out.emplace_back(KillChild { worker, incarnation });
    childDown(worker, ExitKind::Failed, nowUs, out);
    return out;
}

const Decisions &SupervisorPolicy::startRefused(int worker, quint32 incarnation, qint64 nowUs)
{
    Decisions &out = freshDecisions();
    if (!isValid(worker, incarnation))
        return out;
    childDown(worker, ExitKind::Failed, nowUs, out);
    return out;
}

const Decisions &SupervisorPolicy::shutdownDeadlinePassed(int worker, quint32 incarnation, qint64 nowUs)
{
    Decisions &out = freshDecisions();
    if (!isValid(worker, incarnation) || !m_children[size_t(worker)].stopping)
        return out;
    out.emplace_back(LifecycleEvent::forWorker(EventKind::WorkerAbandoned, worker, incarnation));
    out.emplace_back(KillChild { worker, incarnation });
    childDown(worker, ExitKind::Stopped, nowUs, out);
    return out;
}

const Decisions &SupervisorPolicy::timerFired(const PolicyTimer &timer, qint64 nowUs)
{
    Decisions &out = freshDecisions();
    if (timer.worker < 0 || timer.worker >= workerCount() || m_phase != Phase::Running)
        return out;
    Child &child = m_children[size_t(timer.worker)];
    switch (timer.kind) {
    case TimerKind::Restart:
        if (!child.pending || child.token != timer.token)
            return out;
        child.due = true;
        startDueChildren(nowUs, out);
        break;
    case TimerKind::CleanRun:
        if (isValid(timer.worker, quint32(timer.token)) && child.breaker.close())
            out.emplace_back(LifecycleEvent::circuit(EventKind::CircuitClosed, timer.worker));
        break;
    }
    return out;
}

const Decisions &SupervisorPolicy::stopRequested(qint64)
{
    Decisions &out = freshDecisions();
    if (m_phase != Phase::Running)
        return out;
    m_phase = Phase::Stopping;
    out.emplace_back(LifecycleEvent::supervisor(EventKind::SupervisorStopping));
    stopAllChildren(out);
    finishIfAllDown(out);
    return out;
}

const Decisions &SupervisorPolicy::changeConfig(
    const QString &key, const QString &value, qint64, QString *error, int worker)
{
    Decisions &out = freshDecisions();
    const ParameterSpec *spec = findParameter(key);
    if (!spec) {
        *error = u"'%1' is not a parameter"_s.arg(key);
        return out;
    }
    if (!spec->live && m_phase != Phase::Idle) {
        *error = u"%1 cannot change during a run"_s.arg(key);
        return out;
    }
    SupervisorConfig updated = m_config;
    QString problem = worker >= 0 ? updated.setWorkerValue(worker, key, value) : updated.setValue(key, value);
    if (problem.isEmpty())
        problem = updated.validate();
    if (!problem.isEmpty()) {
        *error = key + u": "_s + problem;
        return out;
    }
    error->clear();
    if (updated == m_config)
        return out;
    m_config = updated;
    updateWorkerConfigs();
    const QString said = worker >= 0 ? workerConfig(worker).valueText(key) : m_config.valueText(key);
    out.emplace_back(LifecycleEvent::configChanged(key, said, worker));
    return out;
}

void SupervisorPolicy::startChild(int worker, qint64 nowUs, Decisions &out)
{
    Child &child = m_children[size_t(worker)];
    ++child.incarnation;
    child.alive = true;
    child.stopping = false;
    child.startedUs = nowUs;
    child.pending = false;
    child.due = false;
    out.emplace_back(LifecycleEvent::forWorker(EventKind::WorkerStarted, worker, child.incarnation));
    out.emplace_back(StartChild { worker, child.incarnation });
    if (child.breaker.state() == CircuitBreaker::State::HalfOpen) {
        const PolicyTimer cleanRun { TimerKind::CleanRun, worker, child.incarnation };
        out.emplace_back(ArmTimer { cleanRun, workerConfig(worker).resetAfterMs * kUsPerMs });
    }
}

void SupervisorPolicy::childDown(int worker, ExitKind kind, qint64 nowUs, Decisions &out)
{
    Child &child = m_children[size_t(worker)];
    const bool wasStopping = child.stopping;
    child.alive = false;
    child.stopping = false;
    if (m_phase == Phase::Stopping) {
        finishIfAllDown(out);
        return;
    }
    if (m_phase != Phase::Running)
        return;
    if (wasStopping) // stopped for a sibling's group restart, which is already scheduled
        startDueChildren(nowUs, out);
    else
        restartAfterExit(worker, kind, nowUs, out);
}

void SupervisorPolicy::restartAfterExit(int worker, ExitKind kind, qint64 nowUs, Decisions &out)
{
    Child &child = m_children[size_t(worker)];
    const SupervisorConfig &own = workerConfig(worker);
    if (!restartsAfter(own.restartTypeOf(0), kind))
        return;

    const bool failed = kind == ExitKind::Failed;
    if (failed) {
        if (child.breaker.recordFailure(nowUs, own.breakerThreshold, own.breakerWindowMs * kUsPerMs))
            out.emplace_back(LifecycleEvent::circuit(EventKind::CircuitOpened, worker));
    } else if (child.breaker.close()) {
        out.emplace_back(LifecycleEvent::circuit(EventKind::CircuitClosed, worker));
    }

    if (m_intensity.recordRestart(nowUs, m_config.maxRestarts, m_config.withinMs * kUsPerMs)) {
        giveUp(nowUs, out);
        return;
    }

    // Backoff slows down a failure loop; a clean completion or a long enough run starts it over.
    if (!failed || nowUs - child.startedUs >= own.resetAfterMs * kUsPerMs) {
        child.attempt = 0;
        child.previousDelayMs = 0;
    }
    ++child.attempt;
    qint64 delayMs
        = RestartDelay::nextMs(own, child.attempt, child.previousDelayMs, m_jitterDraw(worker, child.incarnation));
    child.previousDelayMs = delayMs;
    if (child.breaker.state() == CircuitBreaker::State::Open)
        delayMs = std::max(delayMs, own.breakerCooldownMs);

    const RestartCause cause { worker, child.incarnation };
    const Group group = restartGroup(worker, failed);
    for (const int sibling : group) {
        Child &other = m_children[size_t(sibling)];
        if (sibling == worker || !other.alive || other.stopping)
            continue;
        other.stopping = true;
        out.emplace_back(StopChild { sibling, other.incarnation, cause });
    }
    const quint64 groupId = ++m_lastGroup;
    for (const int member : group) {
        if (member != worker && m_config.restartTypeOf(member) == RestartType::Temporary) {
            m_children[size_t(member)].pending = false; // OTP: a temporary child is never restarted
            continue;
        }
        scheduleRestart(member, delayMs, child.attempt, groupId, cause, out);
    }
}

SupervisorPolicy::Group SupervisorPolicy::restartGroup(int worker, bool failed) const
{
    Group group;
    if (!failed || m_config.strategy == Strategy::OneForOne) {
        group.append(worker);
        return group;
    }
    const int first = m_config.strategy == Strategy::OneForAll ? 0 : worker;
    for (int member = first; member < workerCount(); ++member) {
        const Child &child = m_children[size_t(member)];
        // Children that are down for good (a temporary one, a transient one that completed) stay down.
        if (member == worker || child.alive || child.pending)
            group.append(member);
    }
    return group;
}

void SupervisorPolicy::scheduleRestart(
    int worker, qint64 delayMs, quint32 attempt, quint64 group, RestartCause cause, Decisions &out)
{
    Child &child = m_children[size_t(worker)];
    child.pending = true;
    child.due = false;
    child.token = ++m_lastToken;
    child.group = group;
    out.emplace_back(LifecycleEvent::restartScheduled(worker, delayMs, attempt, cause));
    out.emplace_back(ArmTimer { PolicyTimer { TimerKind::Restart, worker, child.token }, delayMs * kUsPerMs });
}

void SupervisorPolicy::startDueChildren(qint64 nowUs, Decisions &out)
{
    if (m_phase != Phase::Running)
        return;
    // A group starts once every member's delay has passed and every member's previous run has ended.
    QVarLengthArray<quint64, 16> waitingGroups;
    for (const Child &child : m_children) {
        if (child.pending && (!child.due || child.alive))
            waitingGroups.append(child.group);
    }
    std::sort(waitingGroups.begin(), waitingGroups.end());
    for (int worker = 0; worker < workerCount(); ++worker) {
        Child &child = m_children[size_t(worker)];
        if (!child.pending || std::binary_search(waitingGroups.begin(), waitingGroups.end(), child.group))
            continue;
        if (child.breaker.halfOpen())
            out.emplace_back(LifecycleEvent::circuit(EventKind::CircuitHalfOpen, worker));
        startChild(worker, nowUs, out);
    }
}

void SupervisorPolicy::stopAllChildren(Decisions &out)
{
    for (int worker = 0; worker < workerCount(); ++worker) {
        Child &child = m_children[size_t(worker)];
        child.pending = false; // a restart pending when stop arrives is cancelled, not carried out
        if (!child.alive || child.stopping)
            continue;
        child.stopping = true;
        out.emplace_back(StopChild { worker, child.incarnation, {} });
    }
}

void SupervisorPolicy::giveUp(qint64, Decisions &out)
{
    m_phase = Phase::Stopping;
    m_gaveUp = true;
    const QString reason = u"restart intensity exceeded: more than %1 restarts within %2 ms"_s.arg(m_config.maxRestarts)
                               .arg(m_config.withinMs);
    out.emplace_back(LifecycleEvent::supervisor(EventKind::SupervisorGaveUp, reason));
    stopAllChildren(out);
    finishIfAllDown(out);
}

void SupervisorPolicy::finishIfAllDown(Decisions &out)
{
    if (std::any_of(m_children.begin(), m_children.end(), [](const Child &child) { return child.alive; }))
        return;
    m_phase = Phase::Stopped;
    out.emplace_back(LifecycleEvent::supervisor(EventKind::SupervisorStopped));
    out.emplace_back(RunOver {});
}

} // namespace SupervisorLab
