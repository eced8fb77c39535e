#include "teaching/narrator.h"

#include "teaching/dependencywords.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {

QString Narrator::worker(int index) const
{
    if (m_world.config().isTree())
        return m_world.config().workerName(index);
    return m_workers == 1 ? u"Worker"_s : u"Worker %1"_s.arg(index);
}

QString Narrator::workerLower(int index) const
{
    if (m_world.config().isTree())
        return m_world.config().workerName(index);
    return m_workers == 1 ? u"the worker"_s : u"worker %1"_s.arg(index);
}

QString Narrator::narrate(const LifecycleEvent &event)
{
    QString text = narrateEvent(event);
    m_world.observe(event);
    for (const DependencyTracker::Recovery &recovery : m_world.justRecovered()) {
        text += u" World: "_s + DependencyWords::recovery(m_world, recovery) + u'.';
    }
    return text;
}

QString Narrator::narrateEvent(const LifecycleEvent &event)
{
    const int w = event.worker;
    switch (event.kind) {
    case EventKind::RunStarted: {
        m_workers = std::max(1, int(event.run.config.value(u"workers"_s).toInteger(1)));
        const QString strategy = event.run.config.value(u"strategy"_s).toString();
        return u"Run: %1 %2, %3, seed %4."_s.arg(m_workers)
            .arg(m_workers == 1 ? u"worker"_s : u"workers"_s, strategy)
            .arg(event.run.seed);
    }
    case EventKind::SupervisorStarted:
        return u"Supervisor: Started."_s;
    case EventKind::WorkerStarted:
        return worker(w) + u": Started"_s;
    case EventKind::WorkerCompleted:
        m_lastEnd.insert(w, event.kind);
        return worker(w) + u": Completed work successfully."_s;
    case EventKind::WorkerFailed:
        m_lastEnd.insert(w, event.kind);
        switch (event.failure) {
        case FailureKind::Error:
            return worker(w) + u": Simulated failure!"_s;
        case FailureKind::Hang:
            return u"Supervisor: No heartbeat from %1; declared it hung."_s.arg(workerLower(w));
        case FailureKind::Exception:
            break;
        case FailureKind::DependencyDown:
        case FailureKind::Overloaded:
            return worker(w) + u": Failed: "_s + DependencyWords::failure(m_world, event) + u'.';
        }
        return worker(w) + u": Crashed with %1"_s.arg(event.reason);
    case EventKind::RestartScheduled: {
        const EventKind lastEnd = m_lastEnd.value(w, EventKind::WorkerFailed);
        const QString who = worker(w);
        if (event.cause.isValid() && event.cause.worker != w)
            return u"Supervisor: %1 was stopped with its group, restarting..."_s.arg(who);
        if (lastEnd == EventKind::WorkerCompleted)
            return u"Supervisor: %1 completed, restarting..."_s.arg(who);
        if (lastEnd == EventKind::WorkerFailed)
            return u"Supervisor: %1 failed, restarting..."_s.arg(who);
        return u"Supervisor: %1 was stopped with its group, restarting..."_s.arg(who);
    }
    case EventKind::WorkerStopping:
        m_lastEnd.insert(w, EventKind::WorkerStopping);
        if (event.reason == u"sibling_failed")
            return u"Supervisor: Stopping %1 because a sibling failed."_s.arg(workerLower(w));
        return u"Supervisor: Asking %1 to stop."_s.arg(workerLower(w));
    case EventKind::WorkerStopped:
        return worker(w) + u": Received stop signal."_s;
    case EventKind::WorkerAbandoned:
        return u"Supervisor: %1 ignored the stop signal; abandoned it."_s.arg(worker(w));
    case EventKind::SupervisorStopping:
        return u"Supervisor: Stopping worker supervision."_s;
    case EventKind::SupervisorGaveUp:
        return u"Supervisor: Giving up: %1."_s.arg(event.reason);
    case EventKind::SupervisorStopped:
        return u"Supervisor: Stopped."_s;
    case EventKind::CircuitOpened:
        return u"Supervisor: Circuit opened for %1; no restarts until the cooldown has passed."_s.arg(workerLower(w));
    case EventKind::CircuitHalfOpen:
        return u"Supervisor: Circuit half-open for %1; one trial restart."_s.arg(workerLower(w));
    case EventKind::CircuitClosed:
        return u"Supervisor: Circuit closed for %1; it ran cleanly."_s.arg(workerLower(w));
    case EventKind::ConfigChanged:
        return u"Config: %1 set to %2."_s.arg(event.key, event.value);
    case EventKind::DependencyDown:
    case EventKind::DependencyUp: {
        return u"World: "_s + DependencyWords::change(m_world, event) + u'.';
    }
    case EventKind::RunFinished: {
        const RunCounts &c = event.counts;
        const QString subject = m_workers == 1 ? u"the worker was"_s : u"workers were"_s;
        return u"Done: %1 restarted %2 %3 (%4 %5, %6 %7)."_s.arg(subject)
            .arg(c.restarts)
            .arg(c.restarts == 1 ? u"time"_s : u"times"_s)
            .arg(c.failures)
            .arg(c.failures == 1 ? u"failure"_s : u"failures"_s)
            .arg(c.completions)
            .arg(c.completions == 1 ? u"completion"_s : u"completions"_s);
    }
    }
    return {};
}

} // namespace SupervisorLab
