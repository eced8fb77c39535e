#include "io/eventtyping.h"

#include "policy/supervisorpolicy.h"

#include <algorithm>
#include <limits>

namespace SupervisorLab {

EventTyping::EventTyping(const SupervisorConfig &config)
    : m_config(config)
{
}

void EventTyping::setConfig(const SupervisorConfig &config)
{
    m_config = config;
}

EventTyping::Worker &EventTyping::worker(int index)
{
    if (size_t(index) >= m_workers.size())
        m_workers.resize(size_t(index) + 1);
    return m_workers[size_t(index)];
}

RestartCause EventTyping::oldestUnanswered(int below) const
{
    const auto found = std::find_if(
        m_unanswered.cbegin(), m_unanswered.cend(), [below](const RestartCause &exit) { return exit.worker < below; });
    return found == m_unanswered.cend() ? RestartCause {} : *found;
}

void EventTyping::answered(int worker)
{
    std::erase_if(m_unanswered, [worker](const RestartCause &exit) { return exit.worker == worker; });
}

RestartCause EventTyping::causeOfNewGroup(int firstMember)
{
    const RestartCause own { firstMember, worker(firstMember).incarnation };
    if (m_config.strategy != Strategy::OneForAll)
        return own;
    const RestartCause oldest = oldestUnanswered(std::numeric_limits<int>::max());
    return oldest.isValid() ? oldest : own;
}

void EventTyping::type(LifecycleEvent &event)
{
    switch (event.kind) {
    case EventKind::WorkerStarted: {
        Worker &started = worker(event.worker);
        started.incarnation = event.incarnation;
        started.stopping = false;
        break;
    }
    case EventKind::WorkerFailed:
    case EventKind::WorkerCompleted: {
        const bool failed = event.kind == EventKind::WorkerFailed;
        if (failed)
            event.failure = failureKindFromReason(event.reason);
        const ExitKind exit = failed ? ExitKind::Failed : ExitKind::Completed;
        worker(event.worker).incarnation = event.incarnation; // the incarnation a restart answers
        worker(event.worker).failed = failed;
        // A worker's newer exit supersedes an older one still listed, so the list holds a worker at most once.
        answered(event.worker);
        if (!worker(event.worker).stopping
            && SupervisorPolicy::restartsAfter(m_config.restartTypeOf(event.worker), exit))
            m_unanswered.push_back({ event.worker, event.incarnation });
        // A worker's own end may come between the restarts of one group; a missed heartbeat is the supervisor's.
        if (!(failed && event.failure == FailureKind::Hang))
            return;
        break;
    }
    case EventKind::WorkerStopped:
        return; // a worker's own end, like completed
    case EventKind::WorkerStopping:
        worker(event.worker).stopping = true;
        event.cause = {};
        if (event.reason == u"sibling_failed") {
            const bool rest = m_config.strategy == Strategy::RestForOne;
            event.cause = oldestUnanswered(rest ? event.worker : std::numeric_limits<int>::max());
        }
        break;
    case EventKind::RestartScheduled: {
        const bool continues = m_groupOpen && !m_group.single && event.worker > m_group.lastMember
            && event.delayMs == m_group.delayMs && event.attempt == m_group.attempt;
        if (!continues) {
            const RestartCause cause = causeOfNewGroup(event.worker);
            const bool single = m_config.strategy == Strategy::OneForOne || !worker(cause.worker).failed;
            m_group = { cause, single, -1, event.delayMs, event.attempt };
            answered(cause.worker);
        }
        m_group.lastMember = event.worker;
        m_groupOpen = true;
        answered(event.worker);
        event.cause = m_group.cause;
        return;
    }
    default:
        break;
    }
    m_groupOpen = false; // the supervisor recorded something else: the next restart begins a new decision
}

} // namespace SupervisorLab
