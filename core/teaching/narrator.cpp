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
    //: A worker's name at the start of a line, when the run has several: %1 is its index.
    return m_workers == 1 ? tr("Worker") : tr("Worker %1").arg(index);
}

QString Narrator::workerLower(int index) const
{
    if (m_tree.config().isTree())
        return m_tree.config().workerName(index);
    //: A worker's name within a sentence, when the run has several: %1 is its index.
    return m_workers == 1 ? tr("the worker") : tr("worker %1").arg(index);
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
        return tr("Supervisor");
    //: Who speaks in a tree of supervisors: %1 is the supervisor's name ("pool").
    return tr("Supervisor %1").arg(m_tree.supervisorName(std::max(supervisor, 0)));
}

QString Narrator::causeText(const RestartCause &cause) const
{
    const TreeChild child = SupervisionTracker::childOf(cause);
    switch (m_tree.lastExitOf(child)) {
    //: Why a restart or stop happens: %1 is a worker or supervisor ("worker 1").
    case ExitKind::Completed:
        return tr("%1 completed").arg(childWord(child));
    case ExitKind::Failed:
        return tr("%1 failed").arg(childWord(child));
    case ExitKind::GaveUp:
        return tr("%1 gave up").arg(childWord(child));
    case ExitKind::Stopped:
        break;
    }
    return tr("%1 exited").arg(childWord(child));
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
        //: %1 is what the world did ("All 4 workers that depend on db run again from 33.5 s...").
        text += u' ' + tr("World: %1.").arg(DependencyWords::recovery(m_world, recovery));
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
            //: %1 is who speaks ("Supervisor pool"), %2 the incarnation's number.
            return tr("%1: Started again (incarnation %2), with no restarts remembered.")
                .arg(speaker(event.supervisorIndex), QString::number(event.incarnation));
        //: %1 is who speaks ("Supervisor", "Worker 2"); the same for the lines below.
        return tr("%1: Started.").arg(speaker(event.supervisorIndex));
    case EventKind::WorkerStarted:
        return tr("%1: Started").arg(worker(w));
    case EventKind::WorkerReady:
        return tr("%1: Ready (READY=1).").arg(worker(w));
    case EventKind::WorkerCompleted:
        if (m_tree.workerConfig(w).program.isProgram())
            //: %1 is the worker, %2 how long it ran, %3 its last output ("; last output: ...") or nothing.
            return tr("%1: Exited with status 0 after %2, a completion%3.")
                .arg(worker(w), durationText(ranUs(event) / 1000), ProgramWords::lastOutput(event));
        return tr("%1: Completed work successfully.").arg(worker(w));
    case EventKind::WorkerFailed:
        if (const QString ending = ProgramWords::ending(event, ranUs(event)); !ending.isEmpty())
            //: %1 is the worker, %2 how its program ended ("Exit 3 after 212 ms"), %3 its last output or nothing.
            return tr("%1: %2%3.")
                .arg(worker(w), ending.first(1).toUpper() + ending.mid(1), ProgramWords::lastOutput(event));
        switch (event.failure) {
        case FailureKind::Error:
            return tr("%1: Simulated failure!").arg(worker(w));
        case FailureKind::Hang:
            //: %1 is who speaks ("Supervisor"), %2 the worker, %3 its last output or nothing.
            return tr("%1: No heartbeat from %2; declared it hung%3.")
                .arg(parent, workerLower(w), ProgramWords::lastOutput(event));
        case FailureKind::Exception:
        case FailureKind::ExitStatus: // said above
        case FailureKind::Signal:
        case FailureKind::CannotStart:
            break;
        case FailureKind::DependencyDown:
        case FailureKind::Overloaded:
            //: %1 is the worker, %2 what the dependency did ("db is down (outage since 3.0 s)").
            return tr("%1: Failed: %2.").arg(worker(w), DependencyWords::failure(m_world, event));
        }
        //: %1 is the worker, %2 the failure's reason as recorded ("exception: disk full").
        return tr("%1: Crashed with %2").arg(worker(w), event.reason);
    case EventKind::RestartScheduled:
        return restartScheduled(event);
    case EventKind::WorkerStopping:
        return workerStopping(event);
    case EventKind::WorkerStopped:
        if (m_tree.workerConfig(w).program.isProgram())
            //: %1 is the worker, %2 its last output ("; last output: ...") or nothing.
            return tr("%1: Stopped on SIGTERM%2.").arg(worker(w), ProgramWords::lastOutput(event));
        return tr("%1: Received stop signal.").arg(worker(w));
    case EventKind::WorkerAbandoned:
        if (m_tree.workerConfig(w).program.isProgram())
            //: %1 is who speaks ("Supervisor"), %2 the worker, %3 its last output or nothing.
            return tr("%1: %2 outlived SIGTERM by the shutdown timeout; killed its process group with SIGKILL%3.")
                .arg(parent, worker(w), ProgramWords::lastOutput(event));
        //: %1 is who speaks ("Supervisor"), %2 the worker.
        return tr("%1: %2 ignored the stop signal; abandoned it.").arg(parent, worker(w));
    case EventKind::SupervisorStopping:
        return supervisorStopping(event);
    case EventKind::SupervisorGaveUp:
        return supervisorGaveUp(event);
    case EventKind::SupervisorStopped:
        return supervisorStopped(event);
    case EventKind::CircuitOpened:
        //: %1 is who speaks ("Supervisor"), %2 the worker; the same for the two lines below.
        return tr("%1: Circuit opened for %2; no restarts until the cooldown has passed.").arg(parent, workerLower(w));
    case EventKind::CircuitHalfOpen:
        return tr("%1: Circuit half-open for %2; one trial restart.").arg(parent, workerLower(w));
    case EventKind::CircuitClosed:
        return tr("%1: Circuit closed for %2; it ran cleanly.").arg(parent, workerLower(w));
    case EventKind::ConfigChanged:
        //: %1 is a parameter's key as written in files ("max_restarts"), %2 its new value.
        return tr("Config: %1 set to %2.").arg(event.key, event.value);
    case EventKind::DependencyDown:
    case EventKind::DependencyUp:
        //: %1 is what a dependency did ("db goes down (outage); 4 workers depend on it").
        return tr("World: %1.").arg(DependencyWords::change(m_world, event));
    case EventKind::RunFinished: {
        const RunCounts &c = event.counts;
        //: Part of "Done: ... (%1, %2)."
        const QString failures = tr("%n failure(s)", nullptr, int(c.failures));
        //: Part of "Done: ... (%1, %2)."
        const QString completions = tr("%n completion(s)", nullptr, int(c.completions));
        if (m_workers == 1)
            //: %1 is "N failure(s)", %2 "N completion(s)".
            return tr("Done: the worker was restarted %n time(s) (%1, %2).", nullptr, int(c.restarts))
                .arg(failures, completions);
        //: %1 is "N failure(s)", %2 "N completion(s)".
        return tr("Done: workers were restarted %n time(s) (%1, %2).", nullptr, int(c.restarts))
            .arg(failures, completions);
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
        //: %1 is the strategy as written in files ("one-for-one"), %2 the seed.
        return tr("Run: %n worker(s), %1, seed %2.", nullptr, m_workers).arg(strategy, QString::number(event.run.seed));
    }
    QStringList supervisors;
    for (int supervisor = 0; supervisor < config.supervisorCount(); ++supervisor)
        supervisors << config.supervisorName(supervisor) + u' ' + nameOf(config.forSupervisor(supervisor).strategy);
    //: %1 is the number of supervisors (two or more), %2 each with its strategy ("app one-for-one, pool
    //: one-for-all"), %3 the seed.
    return tr("Run: %n worker(s) under %1 supervisors (%2), seed %3.", nullptr, config.workers)
        .arg(QString::number(config.supervisorCount()), supervisors.join(u", "_s), QString::number(event.run.seed));
}

QString Narrator::restartScheduled(const LifecycleEvent &event) const
{
    const TreeChild child = SupervisionTracker::childOf(event);
    const int deciding = m_tree.parentOf(child);
    const QString who = capitalChildWord(child);
    const QString said = speaker(deciding);
    // In the lines below %1 is who speaks ("Supervisor", "Supervisor pool").
    if (m_tree.isRestartByHand(event))
        //: %2 is the worker or supervisor restarted.
        return tr("%1: Restarting %2 by hand (restart_child)...").arg(said, childWord(child));
    if (event.cause.isValid() && SupervisionTracker::childOf(event.cause) != child)
        //: %2 is the one restarted ("Worker 2"), %3 why ("worker 1 failed"), %4 the strategy as written in files.
        return tr("%1: %2 goes with the group: %3 (%4), restarting...")
            .arg(said, who, causeText(event.cause), nameOf(m_tree.supervisorConfig(deciding).strategy));
    if (child.supervisor)
        //: %2 is the supervisor restarted.
        return tr("%1: %2 gave up, restarting...").arg(said, who);
    const EventKind lastEnd = m_lastEnd.value(child.index, EventKind::WorkerFailed);
    if (lastEnd == EventKind::WorkerCompleted)
        //: %2 is the worker restarted ("Worker 2").
        return tr("%1: %2 completed, restarting...").arg(said, who);
    if (lastEnd == EventKind::WorkerFailed)
        //: %2 is the worker restarted ("Worker 2").
        return tr("%1: %2 failed, restarting...").arg(said, who);
    //: %2 is the worker restarted ("Worker 2").
    return tr("%1: %2 was stopped with its group, restarting...").arg(said, who);
}

QString Narrator::workerStopping(const LifecycleEvent &event) const
{
    const SupervisionTracker::Stop stop = m_tree.stopOf(event);
    const QString said = speaker(stop.supervisor);
    const QString who = workerLower(event.worker);
    // In the lines below %1 is who speaks ("Supervisor", "Supervisor pool"), %2 the worker asked to stop.
    switch (stop.why) {
    case SupervisionTracker::Stop::Why::Group:
        if (!stop.cause.isValid())
            return tr("%1: Stopping %2 because a sibling failed.").arg(said, who);
        if (stop.first)
            //: %3 is why ("worker 1 failed").
            return tr("%1: Stopping %2 first, because %3: the last started stops first, one at a time.")
                .arg(said, who, causeText(stop.cause));
        //: %3 is why ("worker 1 failed").
        return tr("%1: Stopping %2 because %3.").arg(said, who, causeText(stop.cause));
    case SupervisionTracker::Stop::Why::ByHand:
        return tr("%1: Stopping %2 by hand (terminate_child); it stays down.").arg(said, who);
    case SupervisionTracker::Stop::Why::Shutdown:
    case SupervisionTracker::Stop::Why::GiveUp:
    case SupervisionTracker::Stop::Why::WithItsGroup:
        break;
    }
    if (stop.first)
        return tr("%1: Asking %2 to stop first: the last started stops first, one at a time.").arg(said, who);
    return tr("%1: Asking %2 to stop.").arg(said, who);
}

QString Narrator::supervisorStopping(const LifecycleEvent &event) const
{
    const int s = event.supervisorIndex;
    if (s == 0) {
        if (!m_tree.isNested())
            return tr("Supervisor: Stopping worker supervision.");
        //: %1 is who speaks ("Supervisor app").
        return tr("%1: Stopping: its children in reverse start order, one at a time.").arg(speaker(0));
    }
    const SupervisionTracker::Stop stop = m_tree.stopOf(event);
    const QString said = speaker(s);
    // In the lines below %1 is who speaks ("Supervisor pool").
    switch (stop.why) {
    case SupervisionTracker::Stop::Why::Group:
        if (stop.cause.isValid())
            //: %2 is why ("conn-1 failed").
            return tr("%1: Stopping with its group, because %2; stopping its own children first, the last started "
                      "first.")
                .arg(said, causeText(stop.cause));
        return tr("%1: Stopping with its group; stopping its own children first, the last started first.").arg(said);
    case SupervisionTracker::Stop::Why::GiveUp:
        //: %2 is the supervisor that gives up ("app").
        return tr("%1: Asked to stop as %2 gives up; stopping its own children first, the last started first.")
            .arg(said, m_tree.supervisorName(stop.by));
    case SupervisionTracker::Stop::Why::Shutdown:
    case SupervisionTracker::Stop::Why::WithItsGroup:
    case SupervisionTracker::Stop::Why::ByHand:
        break;
    }
    //: %2 is the supervisor that asks ("app").
    return tr("%1: Asked by %2 to stop; stopping its own children first, the last started first.")
        .arg(said, m_tree.supervisorName(stop.supervisor));
}

QString Narrator::supervisorGaveUp(const LifecycleEvent &event) const
{
    const int s = event.supervisorIndex;
    if (!m_tree.isNested())
        //: %1 is the reason as recorded ("restart intensity exceeded: more than 3 restarts within 5000 ms").
        return tr("Supervisor: Giving up: %1.").arg(event.reason);
    const bool byHand = event.reason == u"manual";
    // In the lines below %1 is who speaks ("Supervisor pool"), %2 the reason as recorded.
    if (s == 0)
        return byHand ? tr("%1: Giving up by hand; stopping its children, and the run ends.").arg(speaker(0))
                      : tr("%1: Giving up: %2; stopping its children, and the run ends.").arg(speaker(0), event.reason);
    const QString parent = m_tree.supervisorName(std::max(m_tree.parentOf({ true, s }), 0));
    if (byHand)
        //: %2 is the parent supervisor ("app").
        return tr("%1: Giving up by hand; stopping its children, the last started first, then exiting for %2 to "
                  "decide.")
            .arg(speaker(s), parent);
    //: %3 is the parent supervisor ("app").
    return tr("%1: Giving up: %2; stopping its children, the last started first, then exiting for %3 to decide.")
        .arg(speaker(s), event.reason, parent);
}

QString Narrator::supervisorStopped(const LifecycleEvent &event) const
{
    const int s = event.supervisorIndex;
    //: %1 is who speaks ("Supervisor pool").
    const QString stopped = tr("%1: Stopped.").arg(speaker(s));
    if (s == 0 || !m_tree.gaveUp(s))
        return stopped;
    const ExitVerdict verdict = m_tree.verdictOn(event);
    const QString parent = m_tree.supervisorName(verdict.supervisor);
    // In the lines below %1 is who speaks ("Supervisor pool"), %2 its parent supervisor ("app").
    switch (verdict.kind) {
    case ExitVerdict::Kind::Restart:
        return tr("%1: Stopped; %2 restarts it, as it is permanent.").arg(speaker(s), parent);
    case ExitVerdict::Kind::NotRestarted:
        if (verdict.restart == RestartType::Temporary)
            return tr("%1: Stopped; %2 does not restart it, as it is temporary.").arg(speaker(s), parent);
        return tr("%1: Stopped; %2 does not restart it: it is transient, and giving up is an exit with reason "
                  "shutdown.")
            .arg(speaker(s), parent);
    case ExitVerdict::Kind::GiveUp:
        return tr("%1: Stopped; %2 gives up in turn, over its own restart intensity.").arg(speaker(s), parent);
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
        //: %1 is what follows ("the supervisor is shutting down, so it is not restarted").
        return u' '
            + (event.kind == EventKind::WorkerFailed ? tr("It failed while stopping; %1.").arg(follows)
                                                     : tr("It completed while stopping; %1.").arg(follows));
    return u' ' + follows.first(1).toUpper() + follows.mid(1) + u'.';
}

} // namespace SupervisorLab
