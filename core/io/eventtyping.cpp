#include "io/eventtyping.h"

#include "policy/supervisorpolicy.h"

#include <algorithm>

namespace SupervisorLab {

EventTyping::EventTyping(const SupervisorConfig &config)
{
    setConfig(config);
}

void EventTyping::setConfig(const SupervisorConfig &config)
{
    m_workerCount = std::max(config.workers, 0);
    const int supervisors = config.supervisorCount();
    m_nodes.resize(size_t(m_workerCount + supervisors));
    m_lastCauses.resize(size_t(supervisors));
    for (int worker = 0; worker < m_workerCount; ++worker)
        node(workerNode(worker)).restart = config.restartTypeOf(worker);
    for (int supervisor = 0; supervisor < supervisors; ++supervisor) {
        const SupervisorConfig own = config.forSupervisor(supervisor);
        node(supervisorNode(supervisor)).restart = own.restartTypeOf(0);
        node(supervisorNode(supervisor)).strategy = own.strategy;
        const QList<TreeChild> children = config.childrenOf(supervisor);
        for (qsizetype position = 0; position < children.size(); ++position) {
            const TreeChild &child = children.at(position);
            Node &member = node(child.supervisor ? supervisorNode(child.index) : workerNode(child.index));
            member.parent = supervisor;
            member.position = int(position);
        }
    }
}

int EventTyping::workerNode(int worker)
{
    return worker;
}

int EventTyping::supervisorNode(int supervisor)
{
    return m_workerCount + supervisor;
}

EventTyping::Node &EventTyping::node(int id)
{
    if (size_t(id) >= m_nodes.size()) // a log that names more than its config has: the importer refuses it later
        m_nodes.resize(size_t(id) + 1);
    return m_nodes[size_t(id)];
}

RestartCause EventTyping::causeOf(int id)
{
    if (id >= m_workerCount)
        return RestartCause { -1, node(id).incarnation, id - m_workerCount };
    return RestartCause { id, node(id).incarnation };
}

bool EventTyping::inStoppingSubtree(int supervisor)
{
    for (int at = supervisor; at >= 0 && size_t(supervisorNode(at)) < m_nodes.size();
         at = node(supervisorNode(at)).parent) {
        const Node &ancestor = node(supervisorNode(at));
        if (ancestor.exiting || ancestor.stopping || ancestor.pending)
            return true;
    }
    return false;
}

void EventTyping::answered(int id)
{
    std::erase_if(m_unanswered, [id](const auto &exit) { return exit.first == id; });
}

void EventTyping::forgetExitsBelow(int supervisor)
{
    std::erase_if(m_unanswered, [&](const auto &exit) {
        for (int at = node(exit.first).parent; at >= 0; at = node(supervisorNode(at)).parent) {
            if (at == supervisor)
                return true;
            if (at == 0)
                break;
        }
        return false;
    });
}

void EventTyping::exited(int id, ExitKind kind)
{
    Node &child = node(id);
    const bool expected = child.stopping || child.pending || inStoppingSubtree(child.parent);
    // A child's newer exit supersedes an older one still listed, so the list holds a child at most once.
    answered(id);
    if (!expected && child.parent >= 0 && SupervisorPolicy::restartsAfter(child.restart, kind))
        m_unanswered.emplace_back(id, causeOf(id));
    child.stopping = false;
    child.pending = false;
}

RestartCause EventTyping::causeOfNewGroup(int firstMember)
{
    const int supervisor = node(firstMember).parent;
    if (node(supervisorNode(supervisor)).strategy != Strategy::OneForAll)
        return causeOf(firstMember);
    for (const auto &[id, cause] : m_unanswered) {
        if (node(id).parent == supervisor)
            return cause;
    }
    return causeOf(firstMember);
}

void EventTyping::type(LifecycleEvent &event)
{
    switch (event.kind) {
    case EventKind::WorkerStarted: {
        Node &started = node(workerNode(event.worker));
        started.incarnation = event.incarnation;
        started.stopping = false;
        started.pending = false;
        break;
    }
    case EventKind::WorkerReady:
        // A program's READY=1, which the supervisor's thread records between its decisions, never inside one: what
        // follows it is a new decision. It changes nothing the policy decides by.
        break;
    case EventKind::WorkerFailed:
    case EventKind::WorkerCompleted: {
        const bool failed = event.kind == EventKind::WorkerFailed;
        if (failed)
            event.failure = failureKindFromReason(event.reason);
        node(workerNode(event.worker)).incarnation = event.incarnation; // the incarnation a restart answers
        exited(workerNode(event.worker), failed ? ExitKind::Failed : ExitKind::Completed);
        // A worker's own end may come between the restarts of one group; a missed heartbeat is the supervisor's.
        if (!(failed && event.failure == FailureKind::Hang))
            return;
        break;
    }
    case EventKind::WorkerStopped:
        node(workerNode(event.worker)).stopping = false;
        node(workerNode(event.worker)).pending = false;
        return; // a worker's own end, like completed
    case EventKind::WorkerAbandoned:
        node(workerNode(event.worker)).stopping = false;
        node(workerNode(event.worker)).pending = false;
        break;
    case EventKind::WorkerStopping: {
        Node &stopped = node(workerNode(event.worker));
        stopped.stopping = true;
        event.cause = {};
        if (event.reason == u"sibling_failed")
            event.cause = stopped.pendingCause.isValid() && stopped.pending
                ? stopped.pendingCause
                : m_lastCauses.at(size_t(std::max(stopped.parent, 0)));
        break;
    }
    case EventKind::SupervisorStarted: {
        Node &started = node(supervisorNode(event.supervisorIndex));
        started.incarnation = event.incarnation;
        started.stopping = false;
        started.pending = false;
        started.exiting = false;
        break;
    }
    case EventKind::SupervisorStopping:
        node(supervisorNode(event.supervisorIndex)).stopping = true;
        node(supervisorNode(event.supervisorIndex)).exiting = true;
        forgetExitsBelow(event.supervisorIndex);
        break;
    case EventKind::SupervisorGaveUp: // it answered the exit that made it give up by giving up
        node(supervisorNode(event.supervisorIndex)).exiting = true;
        forgetExitsBelow(event.supervisorIndex);
        break;
    case EventKind::SupervisorStopped:
        node(supervisorNode(event.supervisorIndex)).exiting = false;
        if (event.supervisorIndex > 0) // not asked to stop: it gave up, and its parent hears of its exit
            exited(supervisorNode(event.supervisorIndex), ExitKind::GaveUp);
        break;
    case EventKind::RestartScheduled: {
        const int member = event.worker >= 0 ? workerNode(event.worker) : supervisorNode(event.supervisorIndex);
        const Node &scheduled = node(member);
        const bool continues = m_groupOpen && !m_group.single && scheduled.parent == m_group.supervisor
            && scheduled.position > m_group.lastPosition && event.delayMs == m_group.delayMs
            && event.attempt == m_group.attempt;
        if (!continues) {
            const RestartCause cause = causeOfNewGroup(member);
            const int supervisor = std::max(scheduled.parent, 0);
            const bool single = node(supervisorNode(supervisor)).strategy == Strategy::OneForOne;
            m_group = { cause, single, supervisor, -1, event.delayMs, event.attempt };
            m_lastCauses.at(size_t(supervisor)) = cause;
            std::erase_if(m_unanswered, [&cause](const auto &exit) { return exit.second == cause; });
        }
        m_group.lastPosition = scheduled.position;
        m_groupOpen = true;
        answered(member);
        Node &pending = node(member);
        pending.pending = true;
        pending.pendingCause = m_group.cause;
        event.cause = m_group.cause;
        return;
    }
    default:
        break;
    }
    m_groupOpen = false; // the supervisor recorded something else: the next restart begins a new decision
}

} // namespace SupervisorLab
