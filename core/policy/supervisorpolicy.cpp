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

std::pair<qsizetype, qsizetype> SupervisorPolicy::groupSpan(Strategy strategy, qsizetype exited, qsizetype children)
{
    switch (strategy) {
    case Strategy::OneForOne:
        return { exited, exited + 1 };
    case Strategy::OneForAll:
        return { 0, children };
    case Strategy::RestForOne:
        break;
    }
    return { exited, children };
}

SupervisorPolicy::SupervisorPolicy(const SupervisorConfig &config, JitterDraw jitterDraw)
    : m_config(config)
    , m_jitterDraw(std::move(jitterDraw))
    , m_workerCount(std::max(config.workers, 1))
{
    const int supervisors = config.supervisorCount();
    m_nodes.resize(size_t(m_workerCount + supervisors));
    m_supervisions.resize(size_t(supervisors));
    for (int supervisor = 0; supervisor < supervisors; ++supervisor) {
        Node &node = m_nodes[size_t(supervisorNodeId(supervisor))];
        node.isSupervisor = true;
        node.index = supervisor;
        node.parent = supervisor == 0 ? -1 : config.supervisorSpecs.at(supervisor).parent;
        for (const TreeChild &child : config.childrenOf(supervisor)) {
            const int id = child.supervisor ? supervisorNodeId(child.index) : child.index;
            m_supervisions[size_t(supervisor)].children.append(id);
            if (!child.supervisor) {
                m_nodes[size_t(id)].index = child.index;
                m_nodes[size_t(id)].parent = supervisor;
            }
        }
    }
    updateConfigs();
}

void SupervisorPolicy::updateConfigs()
{
    m_workerConfigs.clear();
    for (int worker = 0; worker < workerCount(); ++worker)
        m_workerConfigs.push_back(m_config.forWorker(worker));
    m_supervisorConfigs.clear();
    for (int supervisor = 0; supervisor < supervisorCount(); ++supervisor)
        m_supervisorConfigs.push_back(m_config.forSupervisor(supervisor));
}

const SupervisorConfig &SupervisorPolicy::nodeConfig(const Node &node) const
{
    return node.isSupervisor ? supervisorConfig(node.index) : workerConfig(node.index);
}

int SupervisorPolicy::restartsWithin(qint64 nowUs, int supervisor) const
{
    return m_supervisions.at(size_t(supervisor))
        .intensity.restartsWithin(nowUs, supervisorConfig(supervisor).withinMs * kUsPerMs);
}

bool SupervisorPolicy::isValid(int worker, quint32 incarnation) const
{
    if (worker < 0 || worker >= workerCount())
        return false;
    const Node &child = m_nodes[size_t(worker)];
    return child.alive && child.incarnation == incarnation;
}

bool SupervisorPolicy::inStoppingSubtree(int supervisor) const
{
    for (int at = supervisor; at >= 0; at = supervisorNode(at).parent) {
        const Node &node = supervisorNode(at);
        if (m_supervisions[size_t(at)].exiting != Exit::None || node.stopping || node.toStop)
            return true;
    }
    return false;
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
    startSupervisor(0, nowUs, out);
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
    if (!isValid(worker, incarnation) || !m_nodes[size_t(worker)].stopping)
        return out;
    out.emplace_back(LifecycleEvent::forWorker(EventKind::WorkerAbandoned, worker, incarnation));
    out.emplace_back(KillChild { worker, incarnation });
    childDown(worker, ExitKind::Stopped, nowUs, out);
    return out;
}

const Decisions &SupervisorPolicy::timerFired(const PolicyTimer &timer, qint64 nowUs)
{
    Decisions &out = freshDecisions();
    if (timer.node < 0 || timer.node >= nodeCount() || m_phase == Phase::Idle || m_phase == Phase::Stopped)
        return out;
    Node &node = m_nodes[size_t(timer.node)];
    switch (timer.kind) {
    case TimerKind::Restart:
        if (!node.pending || node.token != timer.token)
            return out;
        node.due = true;
        startDueChildren(node.parent, nowUs, out);
        break;
    case TimerKind::CleanRun:
        if (!node.isSupervisor && isValid(node.index, quint32(timer.token)) && node.breaker.close())
            out.emplace_back(LifecycleEvent::circuit(EventKind::CircuitClosed, node.index));
        break;
    case TimerKind::SupervisorShutdown:
        if (!node.isSupervisor || !node.alive || !node.stopping || node.shutdownToken != timer.token)
            return out;
        // OTP kills a supervisor that outlasts its shutdown time, and its children go down with it.
        abandonSubtree(node.index, out);
        exitSupervisor(node.index, nowUs, out);
        break;
    }
    return out;
}

const Decisions &SupervisorPolicy::stopRequested(qint64 nowUs)
{
    Decisions &out = freshDecisions();
    if (m_phase != Phase::Running)
        return out;
    m_phase = Phase::Stopping;
    out.emplace_back(LifecycleEvent::supervisor(EventKind::SupervisorStopping));
    m_supervisions[0].exiting = Exit::Shutdown;
    cancelRestarts(0); // a restart pending when stop arrives is cancelled, not carried out
    markChildrenToStop(0, {});
    continueStops(0, nowUs, out);
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
    updateConfigs();
    const QString said = worker >= 0 ? workerConfig(worker).valueText(key) : m_config.valueText(key);
    out.emplace_back(LifecycleEvent::configChanged(key, said, worker));
    return out;
}

const Decisions &SupervisorPolicy::terminateChild(int worker, qint64 nowUs, QString *error)
{
    Decisions &out = freshDecisions();
    error->clear();
    if (worker < 0 || worker >= workerCount()) {
        *error = u"there is no worker %1"_s.arg(worker);
        return out;
    }
    Node &child = m_nodes[size_t(worker)];
    if (!child.alive || inStoppingSubtree(child.parent)) {
        *error = u"worker %1 is not running"_s.arg(worker);
        return out;
    }
    if (child.stopping || child.toStop)
        return out; // already on its way down
    child.pending = false; // not even with a group restart decided before
    child.toStop = true;
    child.stopCause = {};
    continueStops(child.parent, nowUs, out);
    return out;
}

const Decisions &SupervisorPolicy::restartChild(int worker, qint64, QString *error)
{
    Decisions &out = freshDecisions();
    error->clear();
    if (worker < 0 || worker >= workerCount()) {
        *error = u"there is no worker %1"_s.arg(worker);
        return out;
    }
    Node &child = m_nodes[size_t(worker)];
    if (child.alive || child.pending) {
        *error = child.alive ? u"worker %1 is running"_s.arg(worker) : u"worker %1 is waiting to restart"_s.arg(worker);
        return out;
    }
    if (m_phase != Phase::Running || inStoppingSubtree(child.parent)) {
        *error = u"worker %1's supervisor is not running"_s.arg(worker);
        return out;
    }
    // Decided and carried out at once: a restart like any other in the log, but not one the intensity counts.
    child.attempt = 0;
    child.previousDelayMs = 0;
    scheduleRestart(worker, 0, 1, ++m_lastGroup, RestartCause { worker, child.incarnation }, out);
    return out;
}

const Decisions &SupervisorPolicy::giveUpNow(int supervisor, qint64 nowUs, QString *error)
{
    Decisions &out = freshDecisions();
    error->clear();
    if (supervisor < 0 || supervisor >= supervisorCount()) {
        *error = u"there is no supervisor %1"_s.arg(supervisor);
        return out;
    }
    if (m_phase != Phase::Running || !supervisorNode(supervisor).alive || inStoppingSubtree(supervisor)) {
        *error = u"supervisor %1 is not running"_s.arg(supervisor);
        return out;
    }
    giveUp(supervisor, u"manual"_s, nowUs, out);
    return out;
}

const Decisions &SupervisorPolicy::act(ManualAction action, int index, qint64 nowUs, QString *error)
{
    switch (action) {
    case ManualAction::StopWorker:
        return terminateChild(index, nowUs, error);
    case ManualAction::RestartWorker:
        return restartChild(index, nowUs, error);
    case ManualAction::GiveUpSupervisor:
        break;
    }
    return giveUpNow(index, nowUs, error);
}

void SupervisorPolicy::startNode(int node, qint64 nowUs, Decisions &out)
{
    if (m_nodes[size_t(node)].isSupervisor)
        startSupervisor(m_nodes[size_t(node)].index, nowUs, out);
    else
        startChild(node, nowUs, out);
}

void SupervisorPolicy::startChild(int worker, qint64 nowUs, Decisions &out)
{
    Node &child = m_nodes[size_t(worker)];
    ++child.incarnation;
    child.alive = true;
    child.stopping = false;
    child.toStop = false;
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

void SupervisorPolicy::startSupervisor(int supervisor, qint64 nowUs, Decisions &out)
{
    Node &node = m_nodes[size_t(supervisorNodeId(supervisor))];
    ++node.incarnation;
    node.alive = true;
    node.stopping = false;
    node.toStop = false;
    node.startedUs = nowUs;
    node.pending = false;
    node.due = false;
    Supervision &supervision = m_supervisions[size_t(supervisor)];
    supervision.intensity = {}; // a new supervisor process remembers no restarts
    supervision.exiting = Exit::None;
    out.emplace_back(LifecycleEvent::supervisor(EventKind::SupervisorStarted, {}, supervisor, node.incarnation));
    for (const int child : supervision.children)
        startNode(child, nowUs, out);
}

void SupervisorPolicy::childDown(int id, ExitKind kind, qint64 nowUs, Decisions &out)
{
    Node &node = m_nodes[size_t(id)];
    // A child its supervisor stops, or will stop for a group restart already decided, answers no new decision.
    const bool expected = node.stopping || node.toStop || node.pending;
    node.alive = false;
    node.stopping = false;
    node.toStop = false;
    if (node.parent < 0)
        return;
    if (expected || inStoppingSubtree(node.parent))
        continueStops(node.parent, nowUs, out);
    else
        restartAfterExit(id, kind, nowUs, out);
}

void SupervisorPolicy::restartAfterExit(int id, ExitKind kind, qint64 nowUs, Decisions &out)
{
    Node &child = m_nodes[size_t(id)];
    const int supervisor = child.parent;
    const SupervisorConfig &own = nodeConfig(child);
    const bool failed = kind == ExitKind::Failed || kind == ExitKind::GaveUp;
    if (!restartsAfter(own.restartTypeOf(0), kind))
        return;

    if (!child.isSupervisor) {
        if (failed) {
            if (child.breaker.recordFailure(nowUs, own.breakerThreshold, own.breakerWindowMs * kUsPerMs))
                out.emplace_back(LifecycleEvent::circuit(EventKind::CircuitOpened, child.index));
        } else if (child.breaker.close()) {
            out.emplace_back(LifecycleEvent::circuit(EventKind::CircuitClosed, child.index));
        }
    }

    const SupervisorConfig &deciding = supervisorConfig(supervisor);
    if (m_supervisions[size_t(supervisor)].intensity.recordRestart(
            nowUs, deciding.maxRestarts, deciding.withinMs * kUsPerMs)) {
        giveUp(supervisor,
            u"restart intensity exceeded: more than %1 restarts within %2 ms"_s.arg(deciding.maxRestarts)
                .arg(deciding.withinMs),
            nowUs, out);
        return;
    }

    // Backoff slows down a failure loop; a clean completion or a long enough run starts it over.
    if (!failed || nowUs - child.startedUs >= own.resetAfterMs * kUsPerMs) {
        child.attempt = 0;
        child.previousDelayMs = 0;
    }
    ++child.attempt;
    const int drawer = child.isSupervisor ? workerCount() + child.index : child.index;
    qint64 delayMs
        = RestartDelay::nextMs(own, child.attempt, child.previousDelayMs, m_jitterDraw(drawer, child.incarnation));
    child.previousDelayMs = delayMs;
    if (!child.isSupervisor && child.breaker.state() == CircuitBreaker::State::Open)
        delayMs = std::max(delayMs, own.breakerCooldownMs);

    const RestartCause cause = child.isSupervisor ? RestartCause { -1, child.incarnation, child.index }
                                                  : RestartCause { child.index, child.incarnation };
    const Group group = restartGroup(id);
    const quint64 groupId = ++m_lastGroup;
    for (const int member : group) {
        Node &other = m_nodes[size_t(member)];
        if (member != id && other.alive && !other.stopping) {
            other.toStop = true;
            other.stopCause = cause;
        }
        if (member != id && nodeConfig(other).restartTypeOf(0) == RestartType::Temporary) {
            other.pending = false; // OTP: a temporary child is stopped with its group, never restarted
            continue;
        }
        scheduleRestart(member, delayMs, child.attempt, groupId, cause, out);
    }
    continueStops(supervisor, nowUs, out);
}

SupervisorPolicy::Group SupervisorPolicy::restartGroup(int id) const
{
    Group group;
    const Supervision &supervision = m_supervisions[size_t(m_nodes[size_t(id)].parent)];
    const auto [first, end] = groupSpan(supervisorConfig(m_nodes[size_t(id)].parent).strategy,
        supervision.children.indexOf(id), supervision.children.size());
    for (qsizetype position = first; position < end; ++position) {
        const int member = supervision.children.at(position);
        const Node &child = m_nodes[size_t(member)];
        if (member == id || joinsGroup(child.alive, nodeConfig(child).restartTypeOf(0)))
            group.append(member);
    }
    return group;
}

void SupervisorPolicy::scheduleRestart(
    int id, qint64 delayMs, quint32 attempt, quint64 group, RestartCause cause, Decisions &out)
{
    Node &child = m_nodes[size_t(id)];
    child.pending = true;
    child.due = false;
    child.token = ++m_lastToken;
    child.group = group;
    out.emplace_back(child.isSupervisor
            ? LifecycleEvent::supervisorRestartScheduled(child.index, delayMs, attempt, cause)
            : LifecycleEvent::restartScheduled(child.index, delayMs, attempt, cause));
    out.emplace_back(ArmTimer { PolicyTimer { TimerKind::Restart, id, child.token }, delayMs * kUsPerMs });
}

void SupervisorPolicy::startDueChildren(int supervisor, qint64 nowUs, Decisions &out)
{
    if (inStoppingSubtree(supervisor))
        return;
    const QList<int> &children = m_supervisions[size_t(supervisor)].children;
    // A group starts once every member's delay has passed and every member's previous run has ended.
    QVarLengthArray<quint64, 16> waitingGroups;
    for (const int id : children) {
        const Node &child = m_nodes[size_t(id)];
        if (child.pending && (!child.due || child.alive))
            waitingGroups.append(child.group);
    }
    std::sort(waitingGroups.begin(), waitingGroups.end());
    for (const int id : children) {
        Node &child = m_nodes[size_t(id)];
        if (!child.pending || std::binary_search(waitingGroups.begin(), waitingGroups.end(), child.group))
            continue;
        if (!child.isSupervisor && child.breaker.halfOpen())
            out.emplace_back(LifecycleEvent::circuit(EventKind::CircuitHalfOpen, child.index));
        startNode(id, nowUs, out);
    }
}

void SupervisorPolicy::markChildrenToStop(int supervisor, RestartCause cause)
{
    for (const int id : m_supervisions[size_t(supervisor)].children) {
        Node &child = m_nodes[size_t(id)];
        if (child.alive && !child.stopping) {
            child.toStop = true;
            child.stopCause = cause;
        }
    }
}

void SupervisorPolicy::cancelRestarts(int supervisor)
{
    for (const int id : m_supervisions[size_t(supervisor)].children) {
        Node &child = m_nodes[size_t(id)];
        child.pending = false;
        child.due = false;
        if (child.isSupervisor)
            cancelRestarts(child.index);
    }
}

void SupervisorPolicy::continueStops(int supervisor, qint64 nowUs, Decisions &out)
{
    const QList<int> &children = m_supervisions[size_t(supervisor)].children;
    // One at a time, in reverse start order: the next is asked once the one asked before is down.
    if (std::any_of(children.begin(), children.end(), [this](int id) { return m_nodes[size_t(id)].stopping; }))
        return;
    for (auto it = children.rbegin(); it != children.rend(); ++it) {
        if (m_nodes[size_t(*it)].toStop) {
            askToStop(*it, nowUs, out);
            return;
        }
    }
    if (m_supervisions[size_t(supervisor)].exiting != Exit::None)
        exitSupervisor(supervisor, nowUs, out);
    else
        startDueChildren(supervisor, nowUs, out);
}

void SupervisorPolicy::askToStop(int id, qint64 nowUs, Decisions &out)
{
    Node &child = m_nodes[size_t(id)];
    child.toStop = false;
    child.stopping = true;
    if (!child.isSupervisor) {
        out.emplace_back(StopChild { child.index, child.incarnation, child.stopCause });
        return;
    }
    const int supervisor = child.index;
    if (m_supervisions[size_t(supervisor)].exiting == Exit::None) { // one that gave up is stopping already
        out.emplace_back(LifecycleEvent::supervisor(EventKind::SupervisorStopping, {}, supervisor, child.incarnation));
        m_supervisions[size_t(supervisor)].exiting = Exit::Shutdown;
        cancelRestarts(supervisor);
        markChildrenToStop(supervisor, {});
    }
    child.shutdownToken = ++m_lastToken;
    const PolicyTimer deadline { TimerKind::SupervisorShutdown, id, child.shutdownToken };
    out.emplace_back(ArmTimer { deadline, supervisorConfig(supervisor).shutdownTimeoutMs * kUsPerMs });
    continueStops(supervisor, nowUs, out);
}

void SupervisorPolicy::exitSupervisor(int supervisor, qint64 nowUs, Decisions &out)
{
    Node &node = m_nodes[size_t(supervisorNodeId(supervisor))];
    Supervision &supervision = m_supervisions[size_t(supervisor)];
    const bool gaveUp = supervision.exiting == Exit::GiveUp;
    supervision.exiting = Exit::None;
    out.emplace_back(LifecycleEvent::supervisor(EventKind::SupervisorStopped, {}, supervisor, node.incarnation));
    if (supervisor == 0) {
        node.alive = false;
        m_phase = Phase::Stopped;
        out.emplace_back(RunOver {});
        return;
    }
    // For its parent this is the exit of a child; OTP's supervisor that gave up exits with reason `shutdown`.
    childDown(supervisorNodeId(supervisor), gaveUp ? ExitKind::GaveUp : ExitKind::Stopped, nowUs, out);
}

void SupervisorPolicy::abandonSubtree(int supervisor, Decisions &out)
{
    const QList<int> &children = m_supervisions[size_t(supervisor)].children;
    for (auto it = children.rbegin(); it != children.rend(); ++it) {
        Node &child = m_nodes[size_t(*it)];
        if (!child.alive)
            continue;
        if (child.isSupervisor) {
            abandonSubtree(child.index, out);
            out.emplace_back(
                LifecycleEvent::supervisor(EventKind::SupervisorStopped, {}, child.index, child.incarnation));
            m_supervisions[size_t(child.index)].exiting = Exit::None;
        } else {
            out.emplace_back(AbandonChild { child.index, child.incarnation });
        }
        child.alive = false;
        child.stopping = false;
        child.toStop = false;
    }
}

void SupervisorPolicy::giveUp(int supervisor, const QString &reason, qint64 nowUs, Decisions &out)
{
    if (supervisor == 0) {
        m_phase = Phase::Stopping;
        m_gaveUp = true;
    }
    out.emplace_back(LifecycleEvent::supervisor(
        EventKind::SupervisorGaveUp, reason, supervisor, supervisorNode(supervisor).incarnation));
    m_supervisions[size_t(supervisor)].exiting = Exit::GiveUp;
    cancelRestarts(supervisor);
    markChildrenToStop(supervisor, {});
    continueStops(supervisor, nowUs, out);
}

} // namespace SupervisorLab
