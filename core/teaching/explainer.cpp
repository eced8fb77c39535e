#include "teaching/explainer.h"

#include "teaching/programwords.h"

#include "teaching/dependencywords.h"
#include "teaching/durationtext.h"

#include "policy/restartdelay.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

constexpr qint64 kUsPerMs = 1000;

QString superscript(qint64 number)
{
    static const QString digits = u"⁰¹²³⁴⁵⁶⁷⁸⁹"_s;
    QString text;
    for (const QChar digit : QString::number(number))
        text += digits.at(digit.digitValue());
    return text;
}

QString isOrAre(qsizetype count)
{
    return count == 1 ? u"is"_s : u"are"_s;
}

QString restartsText(qint64 count)
{
    return count == 1 ? u"1 restart"_s : u"%1 restarts"_s.arg(count);
}

QString limitText(const SupervisorConfig &own)
{
    if (own.maxRestarts < 0)
        return u"no restart limit"_s;
    return u"at most %1 within %2"_s.arg(restartsText(own.maxRestarts), durationText(own.withinMs));
}

constexpr auto kOneAtATime = u"the last started stops first, one at a time";

} // namespace

QString Explainer::name(int worker) const
{
    if (m_tree.config().isTree())
        return u"Worker %1 (%2)"_s.arg(worker).arg(m_tree.config().workerName(worker));
    return m_tree.config().workers == 1 ? u"The worker"_s : u"Worker %1"_s.arg(worker);
}

QString Explainer::lowerName(int worker) const
{
    if (m_tree.config().isTree())
        return u"worker %1 (%2)"_s.arg(worker).arg(m_tree.config().workerName(worker));
    return m_tree.config().workers == 1 ? u"the worker"_s : u"worker %1"_s.arg(worker);
}

QString Explainer::supervisorTitle(int supervisor) const
{
    return m_tree.isNested() ? u"Supervisor "_s + m_tree.supervisorName(supervisor) : u"The supervisor"_s;
}

QString Explainer::supervisorWord(int supervisor) const
{
    return m_tree.isNested() ? m_tree.supervisorName(supervisor) : u"the supervisor"_s;
}

QString Explainer::childWord(TreeChild child) const
{
    return child.supervisor ? supervisorWord(child.index) : m_tree.nameOf(child);
}

QString Explainer::intensityText(int supervisor) const
{
    return limitText(m_tree.supervisorConfig(supervisor));
}

QString Explainer::explain(const LifecycleEvent &event)
{
    m_tree.settle(event);
    QString text = sentence(event);
    observe(event);
    for (const DependencyTracker::Recovery &recovery : m_world.justRecovered()) {
        text += u' ' + DependencyWords::recovery(m_world, recovery) + u'.';
    }
    return text;
}

void Explainer::observe(const LifecycleEvent &event)
{
    if (event.kind == EventKind::RunStarted)
        *this = Explainer();
    m_world.observe(event);
    switch (event.kind) {
    case EventKind::WorkerStarted:
        m_incarnation.insert(delayKey({ false, event.worker }), event.incarnation);
        break;
    case EventKind::SupervisorStarted:
        m_incarnation.insert(delayKey({ true, event.supervisorIndex }), event.incarnation);
        break;
    case EventKind::WorkerStopping:
        m_stoppingSinceUs.insert(event.worker, event.tUs);
        break;
    case EventKind::RestartScheduled: {
        // The policy gives a group the delay of the child whose exit restarts it, and remembers it for that child.
        const TreeChild child = SupervisionTracker::childOf(event);
        if (!event.cause.isValid() || SupervisionTracker::childOf(event.cause) == child) {
            PreviousDelay &delay = m_previousDelays[delayKey(child)];
            delay = { event.delayMs, delay.latestMs, event.cause };
        }
        break;
    }
    default:
        if (event.isTerminal())
            m_stoppingSinceUs.remove(event.worker);
        break;
    }
    m_tree.observe(event);
}

QString Explainer::sentence(const LifecycleEvent &event) const
{
    const int w = event.worker;
    switch (event.kind) {
    case EventKind::RunStarted:
        return runSentence(event);
    case EventKind::SupervisorStarted:
        return supervisorStartedSentence(event);
    case EventKind::WorkerStarted:
        if (event.incarnation == 1)
            return u"%1 starts (incarnation 1)."_s.arg(name(w));
        return u"%1 starts again: incarnation %2, restart #%3."_s.arg(name(w))
            .arg(event.incarnation)
            .arg(event.incarnation - 1);
    case EventKind::WorkerReady:
        return u"%1 tells its supervisor it is ready (READY=1 on its notify socket), as a systemd service of "
               "Type=notify does."_s.arg(name(w));
    case EventKind::WorkerCompleted:
        return completionSentence(event);
    case EventKind::WorkerFailed:
        return failureSentence(event);
    case EventKind::RestartScheduled:
        return restartSentence(event);
    case EventKind::WorkerStopping:
        return stoppingSentence(event);
    case EventKind::WorkerStopped:
        if (m_tree.workerConfig(w).program.isProgram())
            return u"%1's process group ended after SIGTERM%2."_s.arg(name(w), ProgramWords::lastOutput(event));
        return u"%1 stopped when asked."_s.arg(name(w));
    case EventKind::WorkerAbandoned: {
        const qint64 waitedMs = (event.tUs - m_stoppingSinceUs.value(w, event.tUs)) / kUsPerMs;
        return u"%1 ignored the request to stop for %2 (the shutdown timeout is %3), so it is abandoned: "
               "the shutdown does not wait for it any longer."_s.arg(
                   name(w), durationText(waitedMs), durationText(m_tree.workerConfig(w).shutdownTimeoutMs))
            + (m_tree.workerConfig(w).program.isProgram()
                    ? u" Its process group is sent SIGKILL, which cannot be ignored."_s
                    : QString());
    }
    case EventKind::SupervisorStopping:
        return supervisorStoppingSentence(event) + overtakenSentence(event);
    case EventKind::SupervisorStopped:
        return supervisorStoppedSentence(event);
    case EventKind::SupervisorGaveUp:
        return gaveUpSentence(event) + overtakenSentence(event);
    case EventKind::CircuitOpened: {
        const SupervisorConfig &own = m_tree.workerConfig(w);
        return u"The circuit opens for %1: %2 failure(s) within %3 reached the threshold, so no restart for "
               "%4 (the cooldown)."_s.arg(lowerName(w))
                   .arg(own.breakerThreshold)
                   .arg(durationText(own.breakerWindowMs), durationText(own.breakerCooldownMs));
    }
    case EventKind::CircuitHalfOpen:
        return u"The cooldown is over: the circuit is half-open and %1 gets one trial run."_s.arg(lowerName(w));
    case EventKind::CircuitClosed:
        return u"%1 ran cleanly for %2: the circuit closes and restarts are normal again."_s.arg(
            name(w), durationText(m_tree.workerConfig(w).resetAfterMs));
    case EventKind::ConfigChanged:
        if (event.worker >= 0)
            return u"%1 of %2 alone is now %3, changed while the run goes on; the others keep theirs."_s.arg(
                event.key, lowerName(event.worker), event.value);
        return u"%1 is now %2, changed while the run goes on; the supervisor uses it from its next decision."_s.arg(
            event.key, event.value);
    case EventKind::DependencyDown:
    case EventKind::DependencyUp:
        return dependencySentence(event);
    case EventKind::RunFinished:
        return u"The run is over: %1 restart(s), %2 failure(s), %3 completion(s)."_s.arg(event.counts.restarts)
            .arg(event.counts.failures)
            .arg(event.counts.completions);
    }
    return {};
}

QString Explainer::overtakenSentence(const LifecycleEvent &event) const
{
    const QString overtaken = m_tree.overtakenText(m_tree.overtakenBy(event));
    if (overtaken.isEmpty())
        return {};
    return u' ' + overtaken.first(1).toUpper() + overtaken.mid(1) + u'.';
}

QString Explainer::runSentence(const LifecycleEvent &event) const
{
    SupervisorConfig config;
    config.applyJson(event.run.config);
    if (!config.isNested())
        return u"A run of %1 %2 under %3 supervision, seed %4."_s.arg(config.workers)
            .arg(config.workers == 1 ? u"worker"_s : u"workers"_s, nameOf(config.strategy))
            .arg(event.run.seed);
    QStringList supervisors;
    for (int supervisor = 0; supervisor < config.supervisorCount(); ++supervisor) {
        const SupervisorConfig own = config.forSupervisor(supervisor);
        supervisors << u"%1 is %2 (%3)"_s.arg(config.supervisorName(supervisor), nameOf(own.strategy), limitText(own));
    }
    return u"A run of %1 %2 under a tree of %3 supervisors, seed %4: %5. Each decides with its own strategy "
           "and intensity."_s.arg(config.workers)
               .arg(config.workers == 1 ? u"worker"_s : u"workers"_s)
               .arg(config.supervisorCount())
               .arg(event.run.seed)
               .arg(supervisors.join(u", "_s));
}

QString Explainer::supervisorStartedSentence(const LifecycleEvent &event) const
{
    const int s = event.supervisorIndex;
    if (!m_tree.isNested())
        return u"The supervisor starts; it will start its workers in order and watch them."_s;
    if (s == 0)
        return u"%1 starts; it starts its children in order, a child supervisor with its whole subtree before the "
               "next sibling, and watches them."_s.arg(supervisorTitle(s));
    const QString parent = supervisorWord(m_tree.parentOf({ true, s }));
    if (event.incarnation <= 1)
        return u"%1 starts under %2: it starts its own children in order before %2 starts its next child."_s.arg(
            supervisorTitle(s), parent);
    return u"%1 starts again (incarnation %2): a new supervisor, with no restarts remembered, starts its children "
           "in order."_s.arg(supervisorTitle(s))
               .arg(event.incarnation);
}

QString Explainer::supervisorStoppingSentence(const LifecycleEvent &event) const
{
    const int s = event.supervisorIndex;
    if (s == 0) {
        const SupervisorConfig &config = m_tree.config();
        const QString who = m_tree.isNested()
            ? u"%1 stops its children in reverse start order, one at a time (a child supervisor its own subtree "
              "first)"_s.arg(supervisorWord(0))
            : u"the supervisor stops every worker gracefully"_s;
        if (config.durationMs > 0 && event.tUs >= config.durationMs * kUsPerMs)
            return u"The run's duration of %1 is over: %2, and a restart still pending is cancelled."_s.arg(
                durationText(config.durationMs), who);
        return u"A stop was requested: %1, and a restart still pending is cancelled."_s.arg(who);
    }
    const SupervisionTracker::Stop stop = m_tree.stopOf(event);
    QString why;
    switch (stop.why) {
    case SupervisionTracker::Stop::Why::Group:
        why = u": %1 is %2, so it goes down with %3"_s.arg(supervisorWord(stop.supervisor),
            nameOf(m_tree.supervisorConfig(stop.supervisor).strategy), causeText(stop.cause));
        break;
    case SupervisionTracker::Stop::Why::Shutdown:
        why = u", since %1 is shutting down"_s.arg(supervisorWord(stop.by));
        break;
    case SupervisionTracker::Stop::Why::GiveUp:
        why = u", since %1 gave up"_s.arg(supervisorWord(stop.by));
        break;
    case SupervisionTracker::Stop::Why::WithItsGroup:
        why = u", since %1 is stopped with its group"_s.arg(supervisorWord(stop.by));
        break;
    case SupervisionTracker::Stop::Why::ByHand:
        break;
    }
    return u"%1 is asked to stop%2%3%4. It stops its own children first, the last started first, one at a time, "
           "within its shutdown timeout of %5."_s.arg(supervisorTitle(s), orderText(stop), why,
               stop.first ? u"; "_s + kOneAtATime : QString(),
               durationText(m_tree.supervisorConfig(s).shutdownTimeoutMs));
}

QString Explainer::gaveUpSentence(const LifecycleEvent &event) const
{
    const int s = event.supervisorIndex;
    if (!m_tree.isNested())
        return u"The supervisor gives up (%1): restarting has not helped, so it stops every worker and ends, "
               "leaving the decision to whoever supervises it."_s.arg(event.reason);
    QString what;
    if (event.reason == u"manual") {
        what = u"%1 is made to give up by hand"_s.arg(supervisorTitle(s));
    } else {
        const int restarts = m_tree.restartsWithin(s, event.tUs);
        if (restarts == 0)
            what = u"%1 gives up: its own restart intensity allows no restart (%2)"_s.arg(
                supervisorTitle(s), intensityText(s));
        else
            what = u"%1 gives up after %2 within %3: one more is more than its own restart intensity allows (%4)"_s.arg(
                supervisorTitle(s), restartsText(restarts), durationText(m_tree.supervisorConfig(s).withinMs),
                intensityText(s));
    }
    if (s == 0)
        return what
            + u". It stops its children, the last started first, one at a time, and the run ends: nothing "
              "supervises the root."_s;
    const ExitVerdict then = m_tree.verdictIf({ true, s }, ExitKind::GaveUp, event.tUs);
    const QString parent = supervisorWord(then.supervisor);
    QString next;
    switch (then.kind) {
    case ExitVerdict::Kind::Restart:
        next = u"then %1 restarts it, as it is permanent: OTP's escalation"_s.arg(parent);
        break;
    case ExitVerdict::Kind::NotRestarted:
        next = then.restart == RestartType::Temporary
            ? u"%1 will not restart it: it is temporary"_s.arg(parent)
            : u"%1 will not restart it: a supervisor that gives up exits with reason shutdown, a normal exit for a "
              "transient child"_s.arg(parent);
        break;
    case ExitVerdict::Kind::GiveUp:
        next = u"restarting it would make %1 within %2 for %3, more than its limit of %4, so %3 will give up "
               "too"_s.arg(restartsText(then.restarts), durationText(then.withinMs), parent)
                   .arg(then.maxRestarts);
        break;
    default:
        next = decision(then).chopped(1);
        break;
    }
    return what + u". It stops its children, the last started first, one at a time, and exits; "_s + next + u'.';
}

QString Explainer::supervisorStoppedSentence(const LifecycleEvent &event) const
{
    const int s = event.supervisorIndex;
    if (s == 0) {
        if (!m_tree.isNested())
            return u"The supervisor has stopped; no worker is left running."_s;
        return u"%1 has stopped; no child is left running."_s.arg(supervisorTitle(0));
    }
    const ExitVerdict verdict = m_tree.verdictOn(event);
    if (verdict.kind == ExitVerdict::Kind::AskedToStop)
        return u"%1 has stopped, its children down, as %2 asked."_s.arg(
            supervisorTitle(s), supervisorWord(verdict.supervisor));
    const QString stopped = m_tree.gaveUp(s)
        ? u"%1 has stopped its children and exits, having given up; "_s.arg(supervisorTitle(s))
        : u"%1 has stopped; "_s.arg(supervisorTitle(s));
    const QString parent = supervisorWord(verdict.supervisor);
    switch (verdict.kind) {
    case ExitVerdict::Kind::Restart:
        return stopped + u"for %1 that is the exit of a child, and %2 is permanent: "_s.arg(parent, supervisorWord(s))
            + groupDecision(verdict);
    case ExitVerdict::Kind::NotRestarted:
        if (verdict.restart == RestartType::Temporary)
            return stopped + u"%1 does not restart it: it is temporary."_s.arg(parent);
        return stopped
            + u"%1 does not restart it: a supervisor that gives up exits with reason shutdown, a normal exit for a "
              "transient child."_s.arg(parent);
    default:
        return stopped + decision(verdict);
    }
}

QString Explainer::strategyOf(const ExitVerdict &verdict) const
{
    if (!m_tree.isNested())
        return nameOf(verdict.strategy);
    return u"%1 is %2"_s.arg(supervisorWord(verdict.supervisor), nameOf(verdict.strategy));
}

QString Explainer::groupDecision(const ExitVerdict &verdict) const
{
    const QString strategy = strategyOf(verdict);
    if (verdict.strategy == Strategy::OneForOne)
        return strategy + u", so only it is restarted."_s;
    const QString noun = m_tree.isNested() ? u"child"_s : u"worker"_s;
    if (verdict.stopped.isEmpty() && verdict.restarted.isEmpty()) {
        if (verdict.strategy == Strategy::RestForOne)
            return strategy + u", and no %1 started after it is running."_s.arg(noun);
        return strategy + u", but no other %1 is running."_s.arg(noun);
    }
    return strategy + u", so "_s + groupMembers(verdict);
}

QString Explainer::groupMembers(const ExitVerdict &verdict) const
{
    const QString after = verdict.strategy == Strategy::RestForOne ? u", started after it,"_s : QString();
    QString text;
    if (verdict.stopped == QList<TreeChild>(verdict.restarted.rbegin(), verdict.restarted.rend())) {
        text = u"%1%2 %3 stopped and restarted with it."_s.arg(
            m_tree.listOf(verdict.restarted), after, isOrAre(verdict.restarted.size()));
    } else {
        QStringList parts;
        if (!verdict.stopped.isEmpty())
            parts << u"%1%2 %3 stopped"_s.arg(m_tree.listOf(verdict.stopped), after, isOrAre(verdict.stopped.size()));
        if (!verdict.restarted.isEmpty())
            parts << u"%1 %2 restarted with it"_s.arg(
                m_tree.listOf(verdict.restarted), isOrAre(verdict.restarted.size()));
        else
            parts << u"only it is restarted"_s;
        text = parts.join(u" and "_s) + u'.';
    }
    if (!verdict.dropped.isEmpty())
        text.insert(text.size() - 1,
            u"; %1 %2 temporary, so not restarted"_s.arg(
                m_tree.listOf(verdict.dropped), isOrAre(verdict.dropped.size())));
    return text;
}

QString Explainer::causeText(const RestartCause &cause) const
{
    return causeText(cause, m_tree.lastExitOf(SupervisionTracker::childOf(cause)));
}

QString Explainer::causeText(const RestartCause &cause, ExitKind exit) const
{
    if (!cause.isValid())
        return u"the child that exited"_s;
    const TreeChild child = SupervisionTracker::childOf(cause);
    switch (exit) {
    case ExitKind::Completed:
        return childWord(child) + u", which completed and is permanent"_s;
    case ExitKind::Failed:
        return childWord(child) + u", which failed"_s;
    case ExitKind::GaveUp:
        return childWord(child) + u", which gave up"_s;
    case ExitKind::Stopped:
        break;
    }
    return childWord(child) + u", which exited"_s;
}

QString Explainer::decision(const ExitVerdict &verdict) const
{
    const QString deciding = supervisorWord(verdict.supervisor);
    switch (verdict.kind) {
    case ExitVerdict::Kind::Restart:
        return groupDecision(verdict);
    case ExitVerdict::Kind::NotRestarted:
        if (verdict.restart == RestartType::Temporary)
            return u"it is temporary, so it is not restarted."_s;
        return u"it is transient and ended normally, so it is not restarted."_s;
    case ExitVerdict::Kind::GiveUp:
        if (!m_tree.isNested())
            return u"restarting it would make %1 within %2, more than the limit of %3, so the supervisor gives up "
                   "instead."_s.arg(restartsText(verdict.restarts), durationText(verdict.withinMs))
                       .arg(verdict.maxRestarts);
        return u"restarting it would make %1 within %2 for %3, more than its limit of %4, so %3 gives up instead."_s
            .arg(restartsText(verdict.restarts), durationText(verdict.withinMs), deciding)
            .arg(verdict.maxRestarts);
    case ExitVerdict::Kind::AlreadyScheduled:
        return u"it was already due to restart with the group of %1, so this exit answers no new decision."_s.arg(
            causeText(verdict.cause, verdict.causeExit));
    case ExitVerdict::Kind::AskedToStop: // the exit its supervisor waited for: what the stop was for follows
    case ExitVerdict::Kind::SubtreeStopping:
        return m_tree.undecidedText(verdict) + u'.';
    case ExitVerdict::Kind::RootExit:
        break;
    }
    return u"nothing above it decides."_s;
}

QString Explainer::failureSentence(const LifecycleEvent &event) const
{
    const int w = event.worker;
    QString what;
    switch (event.failure) {
    case FailureKind::Hang:
        what = u"%1 sent no heartbeat for %2 (the heartbeat timeout), so it is declared hung and failed"_s.arg(
            name(w), durationText(m_tree.workerConfig(w).heartbeatTimeoutMs));
        break;
    case FailureKind::Exception:
    case FailureKind::Error:
        what = u"%1 failed (%2)"_s.arg(name(w), event.reason);
        break;
    case FailureKind::ExitStatus:
    case FailureKind::Signal:
    case FailureKind::CannotStart: {
        const qint64 startedUs = m_tree.startedUs({ false, w });
        what = u"%1's program ended: %2%3"_s.arg(name(w),
            ProgramWords::ending(event, startedUs >= 0 ? event.tUs - startedUs : -1), ProgramWords::lastOutput(event));
        break;
    }
    case FailureKind::DependencyDown:
    case FailureKind::Overloaded:
        what = u"%1 failed: %2"_s.arg(name(w), DependencyWords::failure(m_world, event));
        break;
    }
    const ExitVerdict verdict = m_tree.verdictOn(event);
    // A failure of a worker asked to stop restarts nothing, whatever the strategy: say so, and what the stop was for.
    if (verdict.kind == ExitVerdict::Kind::AskedToStop)
        what += u" while stopping"_s;
    return what + u"; "_s + decision(verdict);
}

QString Explainer::completionSentence(const LifecycleEvent &event) const
{
    const int w = event.worker;
    const ExitVerdict verdict = m_tree.verdictOn(event);
    switch (verdict.restart) {
    case RestartType::Permanent:
        break;
    case RestartType::Transient:
        return u"%1 finished its work; it is transient, so a clean finish is final."_s.arg(name(w));
    case RestartType::Temporary:
        return u"%1 finished its work; it is temporary and never restarted."_s.arg(name(w));
    }
    if (verdict.kind == ExitVerdict::Kind::GiveUp)
        return u"%1 finished its work; it is permanent, but %2"_s.arg(name(w), decision(verdict));
    if (verdict.kind == ExitVerdict::Kind::AskedToStop)
        return u"%1 finished its work while stopping; %2"_s.arg(name(w), decision(verdict));
    if (verdict.kind != ExitVerdict::Kind::Restart)
        return u"%1 finished its work; %2"_s.arg(name(w), decision(verdict));
    const QString restarted = m_tree.isNested()
        ? u"%1 finished its work; it is permanent, so %2 restarts it even after a clean finish"_s.arg(
            name(w), supervisorWord(verdict.supervisor))
        : u"%1 finished its work; it is permanent, so it is restarted even after a clean finish"_s.arg(name(w));
    if (verdict.stopped.isEmpty() && verdict.restarted.isEmpty())
        return restarted + u'.';
    const QString group = verdict.strategy == Strategy::OneForAll ? u"its whole group"_s : u"those started after it"_s;
    return restarted
        + u", and under %1 %2 with it, as in OTP: %3"_s.arg(nameOf(verdict.strategy), group, groupMembers(verdict));
}

QString Explainer::restartSentence(const LifecycleEvent &event) const
{
    const TreeChild child = SupervisionTracker::childOf(event);
    const int deciding = m_tree.parentOf(child);
    if (m_tree.isRestartByHand(event))
        return u"%1 is restarted by hand (restart_child), at once; a restart by hand does not count toward %2's "
               "restart intensity."_s.arg(
                   child.supervisor ? supervisorTitle(child.index) : name(child.index), supervisorWord(deciding));
    // A group restarts with the delay of the child whose exit restarts it.
    const bool ownExit = !event.cause.isValid() || SupervisionTracker::childOf(event.cause) == child;
    const TreeChild delayed = ownExit ? child : SupervisionTracker::childOf(event.cause);
    const SupervisorConfig &config
        = delayed.supervisor ? m_tree.supervisorConfig(delayed.index) : m_tree.workerConfig(delayed.index);
    const quint32 restart = m_incarnation.value(delayKey(child), 0);
    if (!child.supervisor) {
        QString text = u"Restart #%1 of %2 in %3: %4."_s.arg(restart).arg(
            lowerName(child.index), durationText(event.delayMs), delayReason(event, config));
        if (m_tree.isNested() && !ownExit)
            text += u" It goes with the group of %1."_s.arg(causeText(event.cause));
        return text;
    }
    QString text = u"Restart #%1 of supervisor %2 in %3: %4."_s.arg(restart).arg(
        m_tree.supervisorName(child.index), durationText(event.delayMs), delayReason(event, config));
    if (ownExit)
        text += u" It gave up and is permanent, so %1 restarts it (OTP's escalation); the new %2 remembers no "
                "restarts."_s.arg(supervisorWord(deciding), m_tree.supervisorName(child.index));
    else
        text += u" It goes with the group of %1, and starts its whole subtree again."_s.arg(causeText(event.cause));
    return text;
}

QString Explainer::orderText(const SupervisionTracker::Stop &stop) const
{
    if (stop.afterAnother)
        return u", now that %1 is down"_s.arg(childWord(stop.previous));
    return stop.first ? u" first"_s : QString();
}

QString Explainer::stoppingSentence(const LifecycleEvent &event) const
{
    const int w = event.worker;
    const SupervisionTracker::Stop stop = m_tree.stopOf(event);
    const QString order = orderText(stop);
    const QString oneAtATime = stop.first ? u"; "_s + kOneAtATime : QString();
    switch (stop.why) {
    case SupervisionTracker::Stop::Why::Group: {
        const Strategy strategy = m_tree.supervisorConfig(stop.supervisor).strategy;
        if (!stop.cause.isValid())
            return u"%1 is asked to stop: under %2 it goes down with the failed worker."_s.arg(
                name(w), nameOf(strategy));
        const QString since = strategy == Strategy::RestForOne ? u", as it started after it"_s : QString();
        if (m_tree.isNested())
            return u"%1 is asked to stop%2: %3 is %4, so it goes down with %5%6%7."_s.arg(name(w), order,
                supervisorWord(stop.supervisor), nameOf(strategy), causeText(stop.cause), since, oneAtATime);
        return u"%1 is asked to stop%2: under %3 it goes down with %4%5%6."_s.arg(
            name(w), order, nameOf(strategy), causeText(stop.cause), since, oneAtATime);
    }
    case SupervisionTracker::Stop::Why::Shutdown:
        return u"%1 is asked to stop%2, since %3 is shutting down%4."_s.arg(
            name(w), order, supervisorWord(stop.by), oneAtATime);
    case SupervisionTracker::Stop::Why::GiveUp:
        return u"%1 is asked to stop%2, since %3 gave up: it stops its children before it exits%4."_s.arg(
            name(w), order, supervisorWord(stop.by), oneAtATime);
    case SupervisionTracker::Stop::Why::WithItsGroup:
        return u"%1 is asked to stop%2, since %3 is stopped with its group and stops its own children first%4."_s.arg(
            name(w), order, supervisorWord(stop.by), oneAtATime);
    case SupervisionTracker::Stop::Why::ByHand:
        break;
    }
    return u"%1 is stopped by hand (terminate_child): it stays down until it is restarted by hand, and %2 restarts "
           "nothing for its exit."_s.arg(name(w), supervisorWord(stop.supervisor));
}

QString Explainer::dependencySentence(const LifecycleEvent &event) const
{
    const QString said = u"The dependency "_s + DependencyWords::change(m_world, event);
    if (event.kind == EventKind::DependencyDown)
        return said + u": every one that is running fails now, and a start while it is down fails at once."_s;
    return said + u": the next restart of each gets through, as its restart delay allows."_s;
}

QString Explainer::delayReason(const LifecycleEvent &event, const SupervisorConfig &config) const
{
    const qint64 base = RestartDelay::beforeJitterMs(config, event.attempt);
    QString reason;
    if (config.backoff == BackoffKind::Fixed) {
        reason = u"fixed delay of %1"_s.arg(durationText(config.delayMs));
    } else {
        const qint64 exponent = qint64(event.attempt) - 1;
        reason = u"exponential backoff, %1 × %2%3"_s.arg(
            durationText(config.delayMs), QString::number(config.backoffFactor), superscript(exponent));
        if (base >= config.maxDelayMs && exponent > 0)
            reason += u", capped at %1"_s.arg(durationText(config.maxDelayMs));
        reason += u" (attempt %1 since the last clean run)"_s.arg(event.attempt);
    }
    if (config.jitter != Jitter::None) {
        // The policy's previous delay starts over with the backoff.
        const TreeChild delayed
            = event.cause.isValid() ? SupervisionTracker::childOf(event.cause) : SupervisionTracker::childOf(event);
        // A group member after the child whose exit restarts the group comes when its delay is already recorded.
        const PreviousDelay recorded = m_previousDelays.value(delayKey(delayed));
        const qint64 before
            = event.cause.isValid() && recorded.setBy == event.cause ? recorded.beforeMs : recorded.latestMs;
        const qint64 previous = event.attempt > 1 ? before : 0;
        const RestartDelay::Range range = RestartDelay::rangeMs(config, event.attempt, previous);
        reason += u", then %1 jitter drew it from %2–%3"_s.arg(
            nameOf(config.jitter), durationText(range.lowMs), durationText(range.highMs));
    }
    if (config.breakerThreshold > 0 && event.delayMs == config.breakerCooldownMs && event.delayMs > base)
        reason += u", held back to the circuit breaker's cooldown"_s;
    return reason;
}

} // namespace SupervisorLab
