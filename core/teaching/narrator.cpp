#include "teaching/narrator.h"

#include "teaching/durationtext.h"
#include "teaching/programwords.h"

#include "teaching/dependencywords.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {

QString Narrator::worker(int index) const
{
    if (m_tree.config().isTree())
        return m_tree.config().workerName(index);
    return m_workers == 1 ? u"Worker"_s : u"Worker %1"_s.arg(index);
}

QString Narrator::workerLower(int index) const
{
    if (m_tree.config().isTree())
        return m_tree.config().workerName(index);
    return m_workers == 1 ? u"the worker"_s : u"worker %1"_s.arg(index);
}

QString Narrator::childWord(TreeChild child) const
{
    return child.supervisor ? m_tree.supervisorName(child.index) : workerLower(child.index);
}

QString Narrator::capitalChildWord(TreeChild child) const
{
    return child.supervisor ? m_tree.supervisorName(child.index) : worker(child.index);
}

QString Narrator::speaker(int supervisor) const
{
    if (!m_tree.isNested())
        return u"Supervisor"_s;
    return u"Supervisor "_s + m_tree.supervisorName(std::max(supervisor, 0));
}

QString Narrator::causeText(const RestartCause &cause) const
{
    const TreeChild child = SupervisionTracker::childOf(cause);
    switch (m_tree.lastExitOf(child)) {
    case ExitKind::Completed:
        return childWord(child) + u" completed"_s;
    case ExitKind::Failed:
        return childWord(child) + u" failed"_s;
    case ExitKind::GaveUp:
        return childWord(child) + u" gave up"_s;
    case ExitKind::Stopped:
        break;
    }
    return childWord(child) + u" exited"_s;
}

QString Narrator::narrate(const LifecycleEvent &event)
{
    if (event.kind == EventKind::RunStarted)
        m_workers = std::max(1, int(event.run.config.value(u"workers"_s).toInteger(1)));
    m_tree.settle(event);
    QString text = narrateEvent(event);
    if (event.kind == EventKind::WorkerFailed || event.kind == EventKind::WorkerCompleted
        || event.kind == EventKind::SupervisorStopping || event.kind == EventKind::SupervisorGaveUp) {
        if (const QString follows = stopFollowUp(event); !follows.isEmpty()) {
            if (!text.isEmpty() && !u".!?"_s.contains(text.back()))
                text += u'.';
            text += follows;
        }
    }
    switch (event.kind) {
    case EventKind::WorkerCompleted:
    case EventKind::WorkerFailed:
    case EventKind::WorkerStopping:
        m_lastEnd.insert(event.worker, event.kind);
        break;
    default:
        break;
    }
    m_tree.observe(event);
    m_world.observe(event);
    for (const DependencyTracker::Recovery &recovery : m_world.justRecovered()) {
        text += u" World: "_s + DependencyWords::recovery(m_world, recovery) + u'.';
    }
    return text;
}

qint64 Narrator::ranUs(const LifecycleEvent &event) const
{
    const qint64 startedUs = m_tree.startedUs({ false, event.worker });
    return startedUs >= 0 ? event.tUs - startedUs : -1;
}

QString Narrator::narrateEvent(const LifecycleEvent &event) const
{
    const int w = event.worker;
    const QString parent = speaker(m_tree.parentOf({ false, w }));
    switch (event.kind) {
    case EventKind::RunStarted:
        return runStarted(event);
    case EventKind::SupervisorStarted:
        if (event.supervisorIndex > 0 && event.incarnation > 1)
            return u"%1: Started again (incarnation %2), with no restarts remembered."_s
                .arg(speaker(event.supervisorIndex))
                .arg(event.incarnation);
        return speaker(event.supervisorIndex) + u": Started."_s;
    case EventKind::WorkerStarted:
        return worker(w) + u": Started"_s;
    case EventKind::WorkerReady:
        return worker(w) + u": Ready (READY=1)."_s;
    case EventKind::WorkerCompleted:
        if (m_tree.workerConfig(w).program.isProgram())
            return worker(w)
                + u": Exited with status 0 after %1, a completion%2."_s.arg(
                    durationText(ranUs(event) / 1000), ProgramWords::lastOutput(event));
        return worker(w) + u": Completed work successfully."_s;
    case EventKind::WorkerFailed:
        if (const QString ending = ProgramWords::ending(event, ranUs(event)); !ending.isEmpty())
            return worker(w) + u": "_s + ending.first(1).toUpper() + ending.mid(1) + ProgramWords::lastOutput(event)
                + u'.';
        switch (event.failure) {
        case FailureKind::Error:
            return worker(w) + u": Simulated failure!"_s;
        case FailureKind::Hang:
            return u"%1: No heartbeat from %2; declared it hung%3."_s.arg(
                parent, workerLower(w), ProgramWords::lastOutput(event));
        case FailureKind::Exception:
        case FailureKind::ExitStatus: // said above
        case FailureKind::Signal:
        case FailureKind::CannotStart:
            break;
        case FailureKind::DependencyDown:
        case FailureKind::Overloaded:
            return worker(w) + u": Failed: "_s + DependencyWords::failure(m_world, event) + u'.';
        }
        return worker(w) + u": Crashed with %1"_s.arg(event.reason);
    case EventKind::RestartScheduled:
        return restartScheduled(event);
    case EventKind::WorkerStopping:
        return workerStopping(event);
    case EventKind::WorkerStopped:
        if (m_tree.workerConfig(w).program.isProgram())
            return worker(w) + u": Stopped on SIGTERM%1."_s.arg(ProgramWords::lastOutput(event));
        return worker(w) + u": Received stop signal."_s;
    case EventKind::WorkerAbandoned:
        if (m_tree.workerConfig(w).program.isProgram())
            return u"%1: %2 outlived SIGTERM by the shutdown timeout; killed its process group with SIGKILL%3."_s.arg(
                parent, worker(w), ProgramWords::lastOutput(event));
        return u"%1: %2 ignored the stop signal; abandoned it."_s.arg(parent, worker(w));
    case EventKind::SupervisorStopping:
        return supervisorStopping(event);
    case EventKind::SupervisorGaveUp:
        return supervisorGaveUp(event);
    case EventKind::SupervisorStopped:
        return supervisorStopped(event);
    case EventKind::CircuitOpened:
        return u"%1: Circuit opened for %2; no restarts until the cooldown has passed."_s.arg(parent, workerLower(w));
    case EventKind::CircuitHalfOpen:
        return u"%1: Circuit half-open for %2; one trial restart."_s.arg(parent, workerLower(w));
    case EventKind::CircuitClosed:
        return u"%1: Circuit closed for %2; it ran cleanly."_s.arg(parent, workerLower(w));
    case EventKind::ConfigChanged:
        return u"Config: %1 set to %2."_s.arg(event.key, event.value);
    case EventKind::DependencyDown:
    case EventKind::DependencyUp:
        return u"World: "_s + DependencyWords::change(m_world, event) + u'.';
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

QString Narrator::runStarted(const LifecycleEvent &event) const
{
    SupervisorConfig config;
    config.applyJson(event.run.config);
    if (!config.isNested()) {
        const QString strategy = event.run.config.value(u"strategy"_s).toString();
        return u"Run: %1 %2, %3, seed %4."_s.arg(m_workers)
            .arg(m_workers == 1 ? u"worker"_s : u"workers"_s, strategy)
            .arg(event.run.seed);
    }
    QStringList supervisors;
    for (int supervisor = 0; supervisor < config.supervisorCount(); ++supervisor)
        supervisors << config.supervisorName(supervisor) + u' ' + nameOf(config.forSupervisor(supervisor).strategy);
    return u"Run: %1 %2 under %3 supervisors (%4), seed %5."_s.arg(config.workers)
        .arg(config.workers == 1 ? u"worker"_s : u"workers"_s)
        .arg(config.supervisorCount())
        .arg(supervisors.join(u", "_s))
        .arg(event.run.seed);
}

QString Narrator::restartScheduled(const LifecycleEvent &event) const
{
    const TreeChild child = SupervisionTracker::childOf(event);
    const int deciding = m_tree.parentOf(child);
    const QString who = capitalChildWord(child);
    const QString said = speaker(deciding) + u": "_s;
    if (m_tree.isRestartByHand(event))
        return said + u"Restarting %1 by hand (restart_child)..."_s.arg(childWord(child));
    if (event.cause.isValid() && SupervisionTracker::childOf(event.cause) != child)
        return said
            + u"%1 goes with the group: %2 (%3), restarting..."_s.arg(
                who, causeText(event.cause), nameOf(m_tree.supervisorConfig(deciding).strategy));
    if (child.supervisor)
        return said + u"%1 gave up, restarting..."_s.arg(who);
    const EventKind lastEnd = m_lastEnd.value(child.index, EventKind::WorkerFailed);
    if (lastEnd == EventKind::WorkerCompleted)
        return said + u"%1 completed, restarting..."_s.arg(who);
    if (lastEnd == EventKind::WorkerFailed)
        return said + u"%1 failed, restarting..."_s.arg(who);
    return said + u"%1 was stopped with its group, restarting..."_s.arg(who);
}

QString Narrator::workerStopping(const LifecycleEvent &event) const
{
    const SupervisionTracker::Stop stop = m_tree.stopOf(event);
    const QString said = speaker(stop.supervisor) + u": "_s;
    const QString who = workerLower(event.worker);
    const QString oneAtATime = u": the last started stops first, one at a time."_s;
    switch (stop.why) {
    case SupervisionTracker::Stop::Why::Group:
        if (!stop.cause.isValid())
            return said + u"Stopping %1 because a sibling failed."_s.arg(who);
        if (stop.first)
            return said + u"Stopping %1 first, because %2"_s.arg(who, causeText(stop.cause)) + oneAtATime;
        return said + u"Stopping %1 because %2."_s.arg(who, causeText(stop.cause));
    case SupervisionTracker::Stop::Why::ByHand:
        return said + u"Stopping %1 by hand (terminate_child); it stays down."_s.arg(who);
    case SupervisionTracker::Stop::Why::Shutdown:
    case SupervisionTracker::Stop::Why::GiveUp:
    case SupervisionTracker::Stop::Why::WithItsGroup:
        break;
    }
    if (stop.first)
        return said + u"Asking %1 to stop first"_s.arg(who) + oneAtATime;
    return said + u"Asking %1 to stop."_s.arg(who);
}

QString Narrator::supervisorStopping(const LifecycleEvent &event) const
{
    const int s = event.supervisorIndex;
    if (s == 0) {
        if (!m_tree.isNested())
            return u"Supervisor: Stopping worker supervision."_s;
        return speaker(0) + u": Stopping: its children in reverse start order, one at a time."_s;
    }
    const SupervisionTracker::Stop stop = m_tree.stopOf(event);
    const QString said = speaker(s) + u": "_s;
    const QString children = u"; stopping its own children first, the last started first."_s;
    switch (stop.why) {
    case SupervisionTracker::Stop::Why::Group:
        if (stop.cause.isValid())
            return said + u"Stopping with its group, because %1"_s.arg(causeText(stop.cause)) + children;
        return said + u"Stopping with its group"_s + children;
    case SupervisionTracker::Stop::Why::GiveUp:
        return said + u"Asked to stop as %1 gives up"_s.arg(m_tree.supervisorName(stop.by)) + children;
    case SupervisionTracker::Stop::Why::Shutdown:
    case SupervisionTracker::Stop::Why::WithItsGroup:
    case SupervisionTracker::Stop::Why::ByHand:
        break;
    }
    return said + u"Asked by %1 to stop"_s.arg(m_tree.supervisorName(stop.supervisor)) + children;
}

QString Narrator::supervisorGaveUp(const LifecycleEvent &event) const
{
    const int s = event.supervisorIndex;
    if (!m_tree.isNested())
        return u"Supervisor: Giving up: %1."_s.arg(event.reason);
    const QString reason = event.reason == u"manual" ? u"Giving up by hand"_s : u"Giving up: "_s + event.reason;
    if (s == 0)
        return speaker(0) + u": "_s + reason + u"; stopping its children, and the run ends."_s;
    return speaker(s) + u": "_s + reason
        + u"; stopping its children, the last started first, then exiting for %1 to decide."_s.arg(
            m_tree.supervisorName(std::max(m_tree.parentOf({ true, s }), 0)));
}

QString Narrator::supervisorStopped(const LifecycleEvent &event) const
{
    const int s = event.supervisorIndex;
    const QString stopped = speaker(s) + u": Stopped."_s;
    if (s == 0 || !m_tree.gaveUp(s))
        return stopped;
    const ExitVerdict verdict = m_tree.verdictOn(event);
    const QString parent = m_tree.supervisorName(verdict.supervisor);
    switch (verdict.kind) {
    case ExitVerdict::Kind::Restart:
        return speaker(s) + u": Stopped; %1 restarts it, as it is permanent."_s.arg(parent);
    case ExitVerdict::Kind::NotRestarted:
        if (verdict.restart == RestartType::Temporary)
            return speaker(s) + u": Stopped; %1 does not restart it, as it is temporary."_s.arg(parent);
        return speaker(s)
            + u": Stopped; %1 does not restart it: it is transient, and giving up is an exit with reason "
              "shutdown."_s.arg(parent);
    case ExitVerdict::Kind::GiveUp:
        return speaker(s) + u": Stopped; %1 gives up in turn, over its own restart intensity."_s.arg(parent);
    default:
        break;
    }
    return stopped;
}

QString Narrator::stopFollowUp(const LifecycleEvent &event) const
{
    if (event.kind == EventKind::SupervisorStopping || event.kind == EventKind::SupervisorGaveUp) {
        // Exits told before it whose decision the stop overtook (the threaded runtime records an exit where it
        // happens, and its supervisor decides when it hears of it).
        const QString overtaken = m_tree.overtakenText(m_tree.overtakenBy(event));
        return overtaken.isEmpty() ? QString() : u' ' + overtaken.first(1).toUpper() + overtaken.mid(1) + u'.';
    }
    // The tracker's verdict is the rule, as in the explanations: no restart_scheduled follows such an exit.
    const ExitVerdict verdict = m_tree.verdictOn(event);
    const QString follows = m_tree.undecidedText(verdict);
    if (follows.isEmpty())
        return {};
    if (verdict.kind == ExitVerdict::Kind::AskedToStop)
        return u" It %1 while stopping; %2."_s.arg(
            event.kind == EventKind::WorkerFailed ? u"failed"_s : u"completed"_s, follows);
    return u' ' + follows.first(1).toUpper() + follows.mid(1) + u'.';
}

} // namespace SupervisorLab
