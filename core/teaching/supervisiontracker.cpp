#include "teaching/supervisiontracker.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

constexpr qint64 kUsPerMs = 1000;
constexpr qsizetype kCountedDecisions = 16; // far more than the decisions one moment can bring

} // namespace

void SupervisionTracker::rebuild(const SupervisorConfig &config)
{
    m_workerCount = std::max(config.workers, 1);
    const int supervisors = config.supervisorCount();
    m_nodes.assign(size_t(m_workerCount + supervisors), Node {});
    m_supervisions.assign(size_t(supervisors), Supervision {});
    refreshConfigs(config);
    for (int supervisor = 0; supervisor < supervisors; ++supervisor) {
        const QList<TreeChild> &children = m_configs->children[size_t(supervisor)];
        for (qsizetype position = 0; position < children.size(); ++position) {
            const int id = nodeId(children.at(position));
            if (id < 0)
                continue;
            m_nodes[size_t(id)].parent = supervisor;
            m_nodes[size_t(id)].position = int(position);
        }
    }
}

void SupervisionTracker::refreshConfigs(const SupervisorConfig &config)
{
    auto configs = std::make_shared<Configs>();
    configs->config = config;
    for (int worker = 0; worker < m_workerCount; ++worker)
        configs->workers.push_back(config.forWorker(worker));
    for (int supervisor = 0; supervisor < supervisorCount(); ++supervisor) {
        configs->supervisors.push_back(config.forSupervisor(supervisor));
        configs->children.push_back(config.childrenOf(supervisor));
    }
    m_configs = std::move(configs);
}

const SupervisorConfig &SupervisionTracker::workerConfig(int worker) const
{
    if (worker < 0 || size_t(worker) >= m_configs->workers.size())
        return m_configs->config;
    return m_configs->workers[size_t(worker)];
}

const SupervisorConfig &SupervisionTracker::supervisorConfig(int supervisor) const
{
    if (supervisor < 0 || size_t(supervisor) >= m_configs->supervisors.size())
        return m_configs->config;
    return m_configs->supervisors[size_t(supervisor)];
}

int SupervisionTracker::nodeId(TreeChild child) const
{
    if (child.index < 0)
        return -1;
    const int id = child.supervisor ? m_workerCount + child.index : child.index;
    const bool known = child.supervisor ? child.index < supervisorCount() : child.index < m_workerCount;
    return known ? id : -1;
}

TreeChild SupervisionTracker::childAt(int id) const
{
    return id >= m_workerCount ? TreeChild { true, id - m_workerCount } : TreeChild { false, id };
}

const SupervisionTracker::Node *SupervisionTracker::node(TreeChild child) const
{
    const int id = nodeId(child);
    return id < 0 ? nullptr : &m_nodes[size_t(id)];
}

SupervisionTracker::Node *SupervisionTracker::node(TreeChild child)
{
    const int id = nodeId(child);
    return id < 0 ? nullptr : &m_nodes[size_t(id)];
}

int SupervisionTracker::parentOf(TreeChild child) const
{
    const Node *found = node(child);
    return found ? found->parent : -1;
}

RestartType SupervisionTracker::restartTypeOf(TreeChild child) const
{
    if (child.supervisor)
        return supervisorConfig(child.index).restartTypeOf(0);
    return config().restartTypeOf(child.index);
}

ExitKind SupervisionTracker::lastExitOf(TreeChild child) const
{
    const Node *found = node(child);
    return found ? found->lastExit : ExitKind::Stopped;
}

TreeChild SupervisionTracker::childOf(const RestartCause &cause)
{
    return cause.supervisor >= 0 ? TreeChild { true, cause.supervisor } : TreeChild { false, cause.worker };
}

TreeChild SupervisionTracker::childOf(const LifecycleEvent &event)
{
    switch (event.kind) {
    case EventKind::SupervisorStarted:
    case EventKind::SupervisorStopping:
    case EventKind::SupervisorStopped:
    case EventKind::SupervisorGaveUp:
        return { true, event.supervisorIndex };
    default:
        break;
    }
    return event.worker >= 0 ? TreeChild { false, event.worker } : TreeChild { true, event.supervisorIndex };
}

bool SupervisionTracker::gaveUp(int supervisor) const
{
    return supervisor >= 0 && supervisor < supervisorCount() && m_supervisions[size_t(supervisor)].gaveUp;
}

int SupervisionTracker::restartsWithin(int supervisor, qint64 tUs) const
{
    if (supervisor < 0 || supervisor >= supervisorCount())
        return 0;
    return m_supervisions[size_t(supervisor)].intensity.restartsWithin(
        tUs, supervisorConfig(supervisor).withinMs * kUsPerMs);
}

int SupervisionTracker::runningChildren(int supervisor) const
{
    if (supervisor < 0 || supervisor >= supervisorCount())
        return 0;
    const QList<TreeChild> &children = m_configs->children[size_t(supervisor)];
    return int(std::count_if(children.begin(), children.end(), [this](TreeChild child) {
        const Node *found = node(child);
        return found && found->alive;
    }));
}

int SupervisionTracker::runningWorkers() const
{
    return int(std::count_if(
        m_nodes.begin(), m_nodes.begin() + m_workerCount, [](const Node &worker) { return worker.alive; }));
}

QString SupervisionTracker::nameOf(TreeChild child) const
{
    if (child.supervisor)
        return supervisorName(child.index);
    if (config().isTree())
        return config().workerName(child.index);
    //: A worker's name within a sentence, when the run has several: %1 is its index.
    return m_workerCount == 1 ? tr("the worker") : tr("worker %1").arg(child.index);
}

QString SupervisionTracker::supervisorName(int supervisor) const
{
    return config().isTree() ? config().supervisorName(supervisor) : tr("the supervisor");
}

QString SupervisionTracker::listOf(const QList<TreeChild> &children) const
{
    QStringList names;
    if (config().isTree()) {
        for (const TreeChild &child : children)
            names << nameOf(child);
    } else {
        QList<int> workers;
        for (const TreeChild &child : children)
            workers << child.index;
        std::sort(workers.begin(), workers.end());
        for (const int worker : workers)
            names << QString::number(worker);
    }
    if (names.isEmpty())
        return {};
    if (names.size() == 1)
        //: One worker of a list, by index: %1 is its index ("worker 3").
        return config().isTree() ? names.constFirst() : tr("worker %1").arg(names.constFirst());
    const QString last = names.takeLast();
    //: Separates the names of a list but the last ("conn-1, conn-2 and conn-3").
    const QString others = names.join(tr(", "));
    if (config().isTree())
        //: A list of names: %1 is all but the last, separated by commas ("conn-1, conn-2"), %2 the last.
        return tr("%1 and %2").arg(others, last);
    //: A list of workers by index: %1 is all but the last, separated by commas ("1, 2"), %2 the last.
    return tr("workers %1 and %2").arg(others, last);
}

SupervisionTracker::HaltAbove SupervisionTracker::haltAbove(int supervisor) const
{
    // Bounded by the number of supervisors, whatever a log's tree says.
    for (int at = supervisor, steps = 0; at >= 0 && at < supervisorCount() && steps <= supervisorCount();
         at = parentOf({ true, at }), ++steps) {
        const Node &own = *node({ true, at });
        const Supervision &supervision = m_supervisions[size_t(at)];
        if (at > 0 && (own.pending || ((own.stopping || own.toStop) && own.cause.isValid())))
            return { Halt::WithItsGroup, at };
        if (supervision.exiting == Exiting::GiveUp)
            return { Halt::GivingUp, at };
        if (supervision.exiting == Exiting::Shutdown || own.stopping || own.toStop)
            return { Halt::ShuttingDown, at };
    }
    return {};
}

qint64 SupervisionTracker::startedUs(TreeChild child) const
{
    const Node *found = node(child);
    return found ? found->startedUs : -1;
}

ExitVerdict SupervisionTracker::verdictOn(const LifecycleEvent &event) const
{
    if (!m_refusals.isEmpty()) {
        // The policy hears the starts turned away before this one first.
        SupervisionTracker ahead = *this;
        ahead.hearRefusals();
        return ahead.verdictOn(event);
    }
    switch (event.kind) {
    case EventKind::WorkerCompleted:
        return verdictIf({ false, event.worker }, ExitKind::Completed, event.tUs);
    case EventKind::WorkerFailed:
        return verdictIf({ false, event.worker }, ExitKind::Failed, event.tUs);
    case EventKind::SupervisorStopped: {
        const TreeChild child { true, event.supervisorIndex };
        const Node *own = node(child);
        // A supervisor that gave up exits with reason shutdown; one asked to stop exits as asked.
        const bool exitAfterGivingUp = own && !own->stopping && gaveUp(child.index);
        return verdictIf(child, exitAfterGivingUp ? ExitKind::GaveUp : ExitKind::Stopped, event.tUs);
    }
    default:
        break;
    }
    ExitVerdict none;
    none.kind = ExitVerdict::Kind::RootExit;
    return none;
}

ExitVerdict SupervisionTracker::verdictIf(TreeChild child, ExitKind kind, qint64 tUs) const
{
    ExitVerdict verdict;
    verdict.child = child;
    const Node *own = node(child);
    const int parent = parentOf(child);
    if (!own || parent < 0) {
        verdict.kind = ExitVerdict::Kind::RootExit;
        return verdict;
    }
    const SupervisorConfig &deciding = supervisorConfig(parent);
    verdict.supervisor = parent;
    verdict.restart = restartTypeOf(child);
    verdict.strategy = deciding.strategy;
    verdict.maxRestarts = deciding.maxRestarts;
    verdict.withinMs = deciding.withinMs;
    if (own->stopping) {
        // Whatever the exit, it is the one its supervisor waited for; what follows is what the stop was for.
        verdict.kind = ExitVerdict::Kind::AskedToStop;
        switch (own->stopWhy) {
        case Stop::Why::Shutdown:
            verdict.halt = Halt::ShuttingDown;
            break;
        case Stop::Why::GiveUp:
            verdict.halt = Halt::GivingUp;
            break;
        case Stop::Why::WithItsGroup:
            verdict.halt = Halt::WithItsGroup;
            break;
        case Stop::Why::Group:
            verdict.cause = own->stopCause;
            verdict.causeExit = lastExitOf(childOf(own->stopCause));
            break;
        case Stop::Why::ByHand:
            break;
        }
        return verdict;
    }
    if (own->pending || (own->toStop && own->cause.isValid())) {
        verdict.kind = ExitVerdict::Kind::AlreadyScheduled;
        verdict.cause = own->cause;
        verdict.causeExit = lastExitOf(childOf(own->cause));
        return verdict;
    }
    if (const HaltAbove above = haltAbove(parent); above.halt != Halt::None) {
        verdict.kind = ExitVerdict::Kind::SubtreeStopping;
        verdict.supervisor = above.supervisor;
        verdict.halt = above.halt;
        return verdict;
    }
    if (!SupervisorPolicy::restartsAfter(verdict.restart, kind)) {
        verdict.kind = ExitVerdict::Kind::NotRestarted;
        return verdict;
    }
    verdict.restarts = restartsWithin(parent, tUs) + 1;
    if (deciding.maxRestarts >= 0 && verdict.restarts > deciding.maxRestarts) {
        verdict.kind = ExitVerdict::Kind::GiveUp;
        return verdict;
    }
    verdict.kind = ExitVerdict::Kind::Restart;
    const QList<TreeChild> &children = m_configs->children[size_t(parent)];
    const auto [first, end]
        = SupervisorPolicy::groupSpan(deciding.strategy, std::max<qsizetype>(0, own->position), children.size());
    for (qsizetype position = first; position < end; ++position) {
        const TreeChild member = children.at(position);
        const Node *other = node(member);
        if (member == child || !other)
            continue;
        const bool temporary = restartTypeOf(member) == RestartType::Temporary;
        if (!SupervisorPolicy::joinsGroup(other->alive, restartTypeOf(member)))
            continue;
        if (other->alive && !other->stopping)
            verdict.stopped.prepend(member);
        if (temporary)
            verdict.dropped << member;
        else
            verdict.restarted << member;
    }
    return verdict;
}

void SupervisionTracker::apply(const ExitVerdict &verdict, qint64 tUs)
{
    Node *own = node(verdict.child);
    if (!own)
        return;
    switch (verdict.kind) {
    case ExitVerdict::Kind::Restart: {
        const RestartCause cause = verdict.child.supervisor ? RestartCause { -1, own->incarnation, verdict.child.index }
                                                            : RestartCause { verdict.child.index, own->incarnation };
        countDecision(verdict.supervisor, cause, tUs);
        own->pending = true;
        own->cause = cause;
        own->undecided = true;
        for (const TreeChild &member : verdict.stopped) {
            node(member)->toStop = true;
            node(member)->cause = cause;
        }
        for (const TreeChild &member : verdict.restarted) {
            node(member)->pending = true;
            node(member)->cause = cause;
        }
        for (const TreeChild &member : verdict.dropped)
            node(member)->keptDown = true;
        break;
    }
    case ExitVerdict::Kind::GiveUp:
        m_supervisions[size_t(verdict.supervisor)].gaveUp = true;
        beginExit(verdict.supervisor, Exiting::GiveUp);
        break;
    case ExitVerdict::Kind::NotRestarted:
        own->keptDown = true;
        break;
    default:
        break;
    }
}

void SupervisionTracker::started(Node *own, quint32 incarnation, qint64 tUs)
{
    Node fresh;
    fresh.parent = own->parent;
    fresh.position = own->position;
    fresh.alive = true;
    fresh.incarnation = incarnation;
    fresh.startedUs = tUs;
    *own = fresh;
}

bool SupervisionTracker::isRefusal(const LifecycleEvent &event) const
{
    // The world turned the start away: it was recorded with its start, nothing between.
    if (event.kind != EventKind::WorkerFailed || !isDependencyFailure(event.failure) || event.worker != m_lastStarted)
        return false;
    const Node *own = node({ false, event.worker });
    return own && own->alive && own->startedUs == event.tUs && own->incarnation == event.incarnation;
}

bool SupervisionTracker::continuesBatch(const LifecycleEvent &event) const
{
    if (event.tUs != m_refusals.constFirst().tUs)
        return false;
    switch (event.kind) {
    case EventKind::WorkerStarted:
    case EventKind::SupervisorStarted:
    case EventKind::CircuitHalfOpen:
        return true;
    default:
        return isRefusal(event);
    }
}

void SupervisionTracker::hearRefusals()
{
    const QList<Refusal> refusals = std::exchange(m_refusals, {});
    for (const Refusal &refusal : refusals) {
        apply(verdictIf(refusal.child, ExitKind::Failed, refusal.tUs), refusal.tUs);
        childEnded(refusal.child, ExitKind::Failed);
    }
}

void SupervisionTracker::settle(const LifecycleEvent &event)
{
    if (!m_refusals.isEmpty() && !continuesBatch(event))
        hearRefusals();
}

void SupervisionTracker::childEnded(TreeChild child, ExitKind kind)
{
    Node *own = node(child);
    if (!own)
        return;
    own->alive = false;
    own->stopping = false;
    own->toStop = false;
    own->lastExit = kind;
}

void SupervisionTracker::countDecision(int supervisor, const RestartCause &cause, qint64 tUs)
{
    if (supervisor < 0 || supervisor >= supervisorCount())
        return;
    Supervision &supervision = m_supervisions[size_t(supervisor)];
    // A group restart counts once: its restart_scheduled events share the cause, and a predicted decision was
    // counted when its exit was seen.
    if (cause.isValid() && supervision.counted.contains(cause))
        return;
    const SupervisorConfig &own = supervisorConfig(supervisor);
    supervision.intensity.recordRestart(tUs, own.maxRestarts, own.withinMs * kUsPerMs);
    if (!cause.isValid())
        return;
    supervision.counted.append(cause);
    if (supervision.counted.size() > kCountedDecisions)
        supervision.counted.removeFirst();
}

void SupervisionTracker::beginExit(int supervisor, Exiting how)
{
    if (supervisor < 0 || supervisor >= supervisorCount())
        return;
    Supervision &supervision = m_supervisions[size_t(supervisor)];
    if (supervision.exiting == how)
        return;
    supervision.exiting = how;
    ++supervision.epoch;
    cancelRestarts(supervisor);
    markChildrenToStop(supervisor);
}

void SupervisionTracker::markChildrenToStop(int supervisor)
{
    for (const TreeChild &child : m_configs->children[size_t(supervisor)]) {
        Node *own = node(child);
        if (own && own->alive && !own->stopping) {
            own->toStop = true;
            own->cause = {};
        }
    }
}

void SupervisionTracker::cancelRestarts(int supervisor)
{
    for (const TreeChild &child : m_configs->children[size_t(supervisor)]) {
        Node *own = node(child);
        if (!own)
            continue;
        own->pending = false;
        own->undecided = false;
        if (child.supervisor
            && child.index > supervisor) // depth-first numbering: a child's index is above its parent's
            cancelRestarts(child.index);
    }
}

SupervisionTracker::Stop SupervisionTracker::stopOf(const LifecycleEvent &event) const
{
    Stop stop;
    stop.child = childOf(event);
    stop.supervisor = parentOf(stop.child);
    const Node *own = node(stop.child);
    if (!own || stop.supervisor < 0) {
        stop.why = Stop::Why::Shutdown;
        return stop;
    }
    if (event.kind == EventKind::WorkerStopping && event.reason == u"sibling_failed") {
        stop.why = Stop::Why::Group;
        stop.cause = event.cause.isValid() ? event.cause : own->cause;
    } else if (stop.child.supervisor && (own->pending || own->cause.isValid())) {
        stop.why = Stop::Why::Group;
        stop.cause = own->cause;
    } else {
        const HaltAbove above = haltAbove(stop.supervisor);
        stop.by = above.supervisor;
        switch (above.halt) {
        case Halt::None:
            stop.why = Stop::Why::ByHand;
            return stop;
        case Halt::ShuttingDown:
            stop.why = Stop::Why::Shutdown;
            break;
        case Halt::GivingUp:
            stop.why = Stop::Why::GiveUp;
            break;
        case Halt::WithItsGroup:
            stop.why = Stop::Why::WithItsGroup;
            break;
        }
    }
    const Supervision &asking = m_supervisions[size_t(stop.supervisor)];
    const bool group = stop.why == Stop::Why::Group;
    const RestartCause sequenceCause = group ? stop.cause : RestartCause {};
    const quint64 sequenceEpoch = group ? 0 : asking.epoch;
    stop.afterAnother = asking.lastAsked >= 0 && asking.sequenceCause == sequenceCause
        && asking.sequenceEpoch == sequenceEpoch && childAt(asking.lastAsked) != stop.child;
    if (stop.afterAnother) {
        stop.previous = childAt(asking.lastAsked);
        return stop;
    }
    const QList<TreeChild> &siblings = m_configs->children[size_t(stop.supervisor)];
    stop.first = std::any_of(siblings.begin(), siblings.end(), [&](TreeChild sibling) {
        const Node *other = node(sibling);
        return sibling != stop.child && other && other->alive && other->toStop;
    });
    return stop;
}

void SupervisionTracker::asked(const Stop &stop)
{
    if (stop.why == Stop::Why::ByHand || stop.supervisor < 0 || stop.supervisor >= supervisorCount())
        return;
    Supervision &asking = m_supervisions[size_t(stop.supervisor)];
    const bool group = stop.why == Stop::Why::Group;
    asking.sequenceCause = group ? stop.cause : RestartCause {};
    asking.sequenceEpoch = group ? 0 : asking.epoch;
    asking.lastAsked = nodeId(stop.child);
}

QString SupervisionTracker::undecidedText(const ExitVerdict &verdict) const
{
    const QString supervisor = isNested() ? supervisorName(verdict.supervisor) : tr("the supervisor");
    // In the sentences below %1 is the supervisor ("pool", "the supervisor").
    const auto notRestarted = [&](Halt halt) {
        switch (halt) {
        case Halt::GivingUp:
            return tr("%1 is giving up, so it is not restarted").arg(supervisor);
        case Halt::WithItsGroup:
            return tr("%1 is being restarted with its group, so it is not restarted").arg(supervisor);
        case Halt::ShuttingDown:
        case Halt::None:
            break;
        }
        return tr("%1 is shutting down, so it is not restarted").arg(supervisor);
    };
    switch (verdict.kind) {
    case ExitVerdict::Kind::AskedToStop:
        switch (verdict.halt) {
        case Halt::ShuttingDown:
        case Halt::GivingUp:
            return notRestarted(verdict.halt);
        case Halt::WithItsGroup:
            return tr("%1 is being restarted with its group, and it starts again with %1: no new decision")
                .arg(supervisor);
        case Halt::None:
            break;
        }
        if (verdict.cause.isValid())
            //: %1 is the worker or supervisor whose exit restarts the group ("conn-1").
            return tr("it restarts with the group of %1: no new decision").arg(nameOf(childOf(verdict.cause)));
        return tr("it was stopped by hand (terminate_child), so it is not restarted");
    case ExitVerdict::Kind::SubtreeStopping:
        if (!isNested())
            return notRestarted(verdict.halt);
        switch (verdict.halt) {
        case Halt::GivingUp:
            return tr("%1 is giving up, so nothing under it is restarted").arg(supervisor);
        case Halt::WithItsGroup:
            return tr("%1 is being restarted with its group, so nothing under it is restarted").arg(supervisor);
        case Halt::ShuttingDown:
        case Halt::None:
            break;
        }
        return tr("%1 is shutting down, so nothing under it is restarted").arg(supervisor);
    default:
        break;
    }
    return {};
}

QList<TreeChild> SupervisionTracker::overtakenBy(const LifecycleEvent &event) const
{
    QList<TreeChild> overtaken;
    if (event.kind != EventKind::SupervisorStopping && event.kind != EventKind::SupervisorGaveUp)
        return overtaken;
    const int stopping = std::max(event.supervisorIndex, 0);
    for (int id = 0; id < int(m_nodes.size()); ++id) {
        if (!m_nodes[size_t(id)].undecided || m_nodes[size_t(id)].alive)
            continue;
        // Below the stopping supervisor: bounded by the number of supervisors, whatever a log's tree says.
        int at = m_nodes[size_t(id)].parent;
        for (int steps = 0; at >= 0 && at != stopping && steps <= supervisorCount(); ++steps)
            at = parentOf({ true, at });
        if (at == stopping)
            overtaken << childAt(id);
    }
    return overtaken;
}

QString SupervisionTracker::overtakenText(const QList<TreeChild> &children) const
{
    if (children.isEmpty())
        return {};
    const bool failures = std::all_of(
        children.begin(), children.end(), [this](TreeChild child) { return lastExitOf(child) == ExitKind::Failed; });
    // %1 is the worker or supervisor ("conn-1"), or the list of them ("workers 1 and 2").
    if (children.size() == 1)
        return failures
            ? tr("the failure of %1 came in as it stops, so it is not restarted").arg(nameOf(children.first()))
            : tr("the exit of %1 came in as it stops, so it is not restarted").arg(nameOf(children.first()));
    return failures ? tr("the failures of %1 came in as it stops, so they are not restarted").arg(listOf(children))
                    : tr("the exits of %1 came in as it stops, so they are not restarted").arg(listOf(children));
}

bool SupervisionTracker::isRestartByHand(const LifecycleEvent &event) const
{
    const TreeChild child = childOf(event);
    const Node *own = node(child);
    return own && !own->alive && !own->pending && own->keptDown && event.delayMs == 0 && event.attempt == 1
        && (!event.cause.isValid() || childOf(event.cause) == child);
}

void SupervisionTracker::observe(const LifecycleEvent &event)
{
    settle(event);
    const int lastStarted = std::exchange(m_lastStarted, -1);
    switch (event.kind) {
    case EventKind::RunStarted: {
        *this = SupervisionTracker();
        SupervisorConfig config;
        config.applyJson(event.run.config);
        rebuild(config);
        return;
    }
    case EventKind::ConfigChanged: {
        SupervisorConfig config = this->config();
        if (event.worker >= 0)
            config.setWorkerValue(event.worker, event.key, event.value);
        else
            config.setValue(event.key, event.value);
        refreshConfigs(config);
        return;
    }
    default:
        break;
    }
    if (m_nodes.empty()) // a log that does not begin with run_started: the default config's run
        rebuild(config());

    const TreeChild child = childOf(event);
    switch (event.kind) {
    case EventKind::SupervisorStarted:
        if (Node *own = node(child)) {
            started(own, event.incarnation, event.tUs);
            m_supervisions[size_t(child.index)] = Supervision {}; // a new supervisor remembers no restarts
        }
        break;
    case EventKind::SupervisorStopping:
        if (child.index == 0) {
            beginExit(0, Exiting::Shutdown);
        } else if (Node *own = node(child)) {
            const Stop stop = stopOf(event);
            asked(stop);
            own->stopping = true;
            own->toStop = false;
            own->stopWhy = stop.why;
            own->stopCause = stop.cause;
            beginExit(child.index, Exiting::Shutdown);
        }
        break;
    case EventKind::SupervisorGaveUp:
        if (node(child)) {
            m_supervisions[size_t(child.index)].gaveUp = true;
            beginExit(child.index, Exiting::GiveUp);
        }
        break;
    case EventKind::SupervisorStopped:
        if (Node *own = node(child)) {
            const ExitVerdict verdict = verdictOn(event);
            const bool exitAfterGivingUp = !own->stopping && gaveUp(child.index);
            apply(verdict, event.tUs);
            childEnded(child, exitAfterGivingUp ? ExitKind::GaveUp : ExitKind::Stopped);
            m_supervisions[size_t(child.index)].exiting = Exiting::None;
        }
        break;
    case EventKind::WorkerStarted:
        if (Node *own = node(child)) {
            started(own, event.incarnation, event.tUs);
            m_lastStarted = child.index;
        }
        break;
    case EventKind::WorkerCompleted:
    case EventKind::WorkerFailed:
        m_lastStarted = lastStarted; // isRefusal asks for the start just before
        if (isRefusal(event)) {
            m_refusals.append({ child, event.tUs });
            m_lastStarted = -1;
            break;
        }
        m_lastStarted = -1;
        if (Node *own = node(child)) {
            own->incarnation = event.incarnation;
            apply(verdictOn(event), event.tUs);
            childEnded(child, event.kind == EventKind::WorkerFailed ? ExitKind::Failed : ExitKind::Completed);
        }
        break;
    case EventKind::WorkerStopped:
    case EventKind::WorkerAbandoned:
        childEnded(child, ExitKind::Stopped);
        break;
    case EventKind::WorkerStopping:
        if (Node *own = node(child)) {
            const Stop stop = stopOf(event);
            asked(stop);
            own->stopping = true;
            own->toStop = false;
            own->stopWhy = stop.why;
            own->stopCause = stop.cause;
            if (stop.why == Stop::Why::ByHand) {
                own->keptDown = true;
                own->pending = false;
            }
        }
        break;
    case EventKind::RestartScheduled:
        if (event.cause.isValid()) {
            if (Node *exited = node(childOf(event.cause)))
                exited->undecided = false;
        }
        if (Node *own = node(child)) {
            if (!isRestartByHand(event))
                countDecision(parentOf(child), event.cause, event.tUs);
            own->undecided = false;
            own->pending = true;
            own->keptDown = false;
            if (event.cause.isValid())
                own->cause = event.cause;
        }
        break;
    default:
        break;
    }
}

} // namespace SupervisorLab
