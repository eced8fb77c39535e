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
    //: The verb of "%1%2 %3 stopped and restarted with it.": singular.
    return count == 1 ? QCoreApplication::translate("Explainer", "is")
                      //: The verb of "%1%2 %3 stopped and restarted with it.": plural.
                      : QCoreApplication::translate("Explainer", "are");
}

QString restartsText(qint64 count)
{
    return QCoreApplication::translate("Explainer", "%n restart(s)", nullptr, int(count));
}

QString limitText(const SupervisorConfig &own)
{
    if (own.maxRestarts < 0)
        return QCoreApplication::translate("Explainer", "no restart limit");
    //: A supervisor's restart intensity: %1 is "N restart(s)", %2 a duration.
    return QCoreApplication::translate("Explainer", "at most %1 within %2")
        .arg(restartsText(own.maxRestarts), durationText(own.withinMs));
}

constexpr const char *kOneAtATime = QT_TRANSLATE_NOOP("Explainer", "the last started stops first, one at a time");

} // namespace

QString Explainer::name(int worker) const
{
    if (m_tree.config().isTree())
        return tr("Worker %1 (%2)").arg(worker).arg(m_tree.config().workerName(worker));
    return m_tree.config().workers == 1 ? tr("The worker") : tr("Worker %1").arg(worker);
}

QString Explainer::lowerName(int worker) const
{
    if (m_tree.config().isTree())
        return tr("worker %1 (%2)").arg(worker).arg(m_tree.config().workerName(worker));
    return m_tree.config().workers == 1 ? tr("the worker") : tr("worker %1").arg(worker);
}

QString Explainer::supervisorTitle(int supervisor) const
{
    return m_tree.isNested() ? tr("Supervisor %1").arg(m_tree.supervisorName(supervisor)) : tr("The supervisor");
}

QString Explainer::supervisorWord(int supervisor) const
{
    return m_tree.isNested() ? m_tree.supervisorName(supervisor) : tr("the supervisor");
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
            return tr("%1 starts (incarnation 1).").arg(name(w));
        return tr("%1 starts again: incarnation %2, restart #%3.")
            .arg(name(w))
            .arg(event.incarnation)
            .arg(event.incarnation - 1);
    case EventKind::WorkerReady:
        return tr("%1 tells its supervisor it is ready (READY=1 on its notify socket), as a systemd service of "
                  "Type=notify does.")
            .arg(name(w));
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
            return tr("%1's process group ended after SIGTERM%2.").arg(name(w), ProgramWords::lastOutput(event));
        return tr("%1 stopped when asked.").arg(name(w));
    case EventKind::WorkerAbandoned: {
        const qint64 waitedMs = (event.tUs - m_stoppingSinceUs.value(w, event.tUs)) / kUsPerMs;
        return tr("%1 ignored the request to stop for %2 (the shutdown timeout is %3), so it is abandoned: "
                  "the shutdown does not wait for it any longer.")
                   .arg(name(w), durationText(waitedMs), durationText(m_tree.workerConfig(w).shutdownTimeoutMs))
            + (m_tree.workerConfig(w).program.isProgram()
                    ? tr(" Its process group is sent SIGKILL, which cannot be ignored.")
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
        //: %1 is the worker, %2 the breaker's window, %3 its cooldown (durations).
        return tr("The circuit opens for %1: %n failure(s) within %2 reached the threshold, so no restart for "
                  "%3 (the cooldown).",
            nullptr, int(own.breakerThreshold))
            .arg(lowerName(w), durationText(own.breakerWindowMs), durationText(own.breakerCooldownMs));
    }
    case EventKind::CircuitHalfOpen:
        return tr("The cooldown is over: the circuit is half-open and %1 gets one trial run.").arg(lowerName(w));
    case EventKind::CircuitClosed:
        return tr("%1 ran cleanly for %2: the circuit closes and restarts are normal again.")
            .arg(name(w), durationText(m_tree.workerConfig(w).resetAfterMs));
    case EventKind::ConfigChanged:
        if (event.worker >= 0)
            return tr("%1 of %2 alone is now %3, changed while the run goes on; the others keep theirs.")
                .arg(event.key, lowerName(event.worker), event.value);
        return tr("%1 is now %2, changed while the run goes on; the supervisor uses it from its next decision.")
            .arg(event.key, event.value);
    case EventKind::DependencyDown:
    case EventKind::DependencyUp:
        return dependencySentence(event);
    case EventKind::RunFinished:
        //: %1 is "N failure(s)", %2 "N completion(s)".
        return tr("The run is over: %n restart(s), %1, %2.", nullptr, int(event.counts.restarts))
            .arg(tr("%n failure(s)", nullptr, int(event.counts.failures)),
                tr("%n completion(s)", nullptr, int(event.counts.completions)));
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
        //: %1 is the strategy as written in files ("one-for-one"), %2 the seed.
        return tr("A run of %n worker(s) under %1 supervision, seed %2.", nullptr, config.workers)
            .arg(nameOf(config.strategy), QString::number(event.run.seed));
    QStringList supervisors;
    for (int supervisor = 0; supervisor < config.supervisorCount(); ++supervisor) {
        const SupervisorConfig own = config.forSupervisor(supervisor);
        //: %1 is a supervisor ("pool"), %2 its strategy as written in files, %3 its restart intensity.
        supervisors << tr("%1 is %2 (%3)").arg(config.supervisorName(supervisor), nameOf(own.strategy), limitText(own));
    }
    //: %1 is the number of supervisors (two or more), %2 the seed, %3 each supervisor with its strategy and
    //: intensity ("app is one-for-one (at most 5 restart(s) within 60 s), pool is ...").
    return tr("A run of %n worker(s) under a tree of %1 supervisors, seed %2: %3. Each decides with its own strategy "
              "and intensity.",
        nullptr, config.workers)
        .arg(QString::number(config.supervisorCount()), QString::number(event.run.seed), supervisors.join(u", "_s));
}

QString Explainer::supervisorStartedSentence(const LifecycleEvent &event) const
{
    const int s = event.supervisorIndex;
    if (!m_tree.isNested())
        return tr("The supervisor starts; it will start its workers in order and watch them.");
    if (s == 0)
        return tr("%1 starts; it starts its children in order, a child supervisor with its whole subtree before the "
                  "next sibling, and watches them.")
            .arg(supervisorTitle(s));
    const QString parent = supervisorWord(m_tree.parentOf({ true, s }));
    if (event.incarnation <= 1)
        return tr("%1 starts under %2: it starts its own children in order before %2 starts its next child.")
            .arg(supervisorTitle(s), parent);
    return tr("%1 starts again (incarnation %2): a new supervisor, with no restarts remembered, starts its children "
              "in order.")
        .arg(supervisorTitle(s))
        .arg(event.incarnation);
}

QString Explainer::supervisorStoppingSentence(const LifecycleEvent &event) const
{
    const int s = event.supervisorIndex;
    if (s == 0) {
        const SupervisorConfig &config = m_tree.config();
        const QString who = m_tree.isNested()
            ? tr("%1 stops its children in reverse start order, one at a time (a child supervisor its own subtree "
                 "first)")
                  .arg(supervisorWord(0))
            : tr("the supervisor stops every worker gracefully");
        if (config.durationMs > 0 && event.tUs >= config.durationMs * kUsPerMs)
            return tr("The run's duration of %1 is over: %2, and a restart still pending is cancelled.")
                .arg(durationText(config.durationMs), who);
        return tr("A stop was requested: %1, and a restart still pending is cancelled.").arg(who);
    }
    const SupervisionTracker::Stop stop = m_tree.stopOf(event);
    QString why;
    switch (stop.why) {
    case SupervisionTracker::Stop::Why::Group:
        why = tr(": %1 is %2, so it goes down with %3")
                  .arg(supervisorWord(stop.supervisor), nameOf(m_tree.supervisorConfig(stop.supervisor).strategy),
                      causeText(stop.cause));
        break;
    case SupervisionTracker::Stop::Why::Shutdown:
        why = tr(", since %1 is shutting down").arg(supervisorWord(stop.by));
        break;
    case SupervisionTracker::Stop::Why::GiveUp:
        why = tr(", since %1 gave up").arg(supervisorWord(stop.by));
        break;
    case SupervisionTracker::Stop::Why::WithItsGroup:
        why = tr(", since %1 is stopped with its group").arg(supervisorWord(stop.by));
        break;
    case SupervisionTracker::Stop::Why::ByHand:
        break;
    }
    return tr("%1 is asked to stop%2%3%4. It stops its own children first, the last started first, one at a time, "
              "within its shutdown timeout of %5.")
        .arg(supervisorTitle(s), orderText(stop), why, stop.first ? u"; "_s + tr(kOneAtATime) : QString(),
            durationText(m_tree.supervisorConfig(s).shutdownTimeoutMs));
}

QString Explainer::gaveUpSentence(const LifecycleEvent &event) const
{
    const int s = event.supervisorIndex;
    if (!m_tree.isNested())
        return tr("The supervisor gives up (%1): restarting has not helped, so it stops every worker and ends, "
                  "leaving the decision to whoever supervises it.")
            .arg(event.reason);
    QString what;
    if (event.reason == u"manual") {
        what = tr("%1 is made to give up by hand").arg(supervisorTitle(s));
    } else {
        const int restarts = m_tree.restartsWithin(s, event.tUs);
        if (restarts == 0)
            what = tr("%1 gives up: its own restart intensity allows no restart (%2)")
                       .arg(supervisorTitle(s), intensityText(s));
        else
            what = tr("%1 gives up after %2 within %3: one more is more than its own restart intensity allows (%4)")
                       .arg(supervisorTitle(s), restartsText(restarts),
                           durationText(m_tree.supervisorConfig(s).withinMs), intensityText(s));
    }
    if (s == 0)
        return what
            + tr(". It stops its children, the last started first, one at a time, and the run ends: nothing "
                 "supervises the root.");
    const ExitVerdict then = m_tree.verdictIf({ true, s }, ExitKind::GaveUp, event.tUs);
    const QString parent = supervisorWord(then.supervisor);
    QString next;
    switch (then.kind) {
    case ExitVerdict::Kind::Restart:
        next = tr("then %1 restarts it, as it is permanent: OTP's escalation").arg(parent);
        break;
    case ExitVerdict::Kind::NotRestarted:
        next = then.restart == RestartType::Temporary
            ? tr("%1 will not restart it: it is temporary").arg(parent)
            : tr("%1 will not restart it: a supervisor that gives up exits with reason shutdown, a normal exit for a "
                 "transient child")
                  .arg(parent);
        break;
    case ExitVerdict::Kind::GiveUp:
        next = tr("restarting it would make %1 within %2 for %3, more than its limit of %4, so %3 will give up "
                  "too")
                   .arg(restartsText(then.restarts), durationText(then.withinMs), parent)
                   .arg(then.maxRestarts);
        break;
    default:
        next = decision(then).chopped(1);
        break;
    }
    return what + tr(". It stops its children, the last started first, one at a time, and exits; ") + next + u'.';
}

QString Explainer::supervisorStoppedSentence(const LifecycleEvent &event) const
{
    const int s = event.supervisorIndex;
    if (s == 0) {
        if (!m_tree.isNested())
            return tr("The supervisor has stopped; no worker is left running.");
        return tr("%1 has stopped; no child is left running.").arg(supervisorTitle(0));
    }
    const ExitVerdict verdict = m_tree.verdictOn(event);
    if (verdict.kind == ExitVerdict::Kind::AskedToStop)
        return tr("%1 has stopped, its children down, as %2 asked.")
            .arg(supervisorTitle(s), supervisorWord(verdict.supervisor));
    const QString stopped = m_tree.gaveUp(s)
        ? tr("%1 has stopped its children and exits, having given up; ").arg(supervisorTitle(s))
        : tr("%1 has stopped; ").arg(supervisorTitle(s));
    const QString parent = supervisorWord(verdict.supervisor);
    switch (verdict.kind) {
    case ExitVerdict::Kind::Restart:
        return stopped + tr("for %1 that is the exit of a child, and %2 is permanent: ").arg(parent, supervisorWord(s))
            + groupDecision(verdict);
    case ExitVerdict::Kind::NotRestarted:
        if (verdict.restart == RestartType::Temporary)
            return stopped + tr("%1 does not restart it: it is temporary.").arg(parent);
        return stopped
            + tr("%1 does not restart it: a supervisor that gives up exits with reason shutdown, a normal exit for a "
                 "transient child.")
                  .arg(parent);
    default:
        return stopped + decision(verdict);
    }
}

QString Explainer::strategyOf(const ExitVerdict &verdict) const
{
    if (!m_tree.isNested())
        return nameOf(verdict.strategy);
    return tr("%1 is %2").arg(supervisorWord(verdict.supervisor), nameOf(verdict.strategy));
}

QString Explainer::groupDecision(const ExitVerdict &verdict) const
{
    const QString strategy = strategyOf(verdict);
    if (verdict.strategy == Strategy::OneForOne)
        return strategy + tr(", so only it is restarted.");
    const QString noun = m_tree.isNested() ? tr("child") : tr("worker");
    if (verdict.stopped.isEmpty() && verdict.restarted.isEmpty()) {
        if (verdict.strategy == Strategy::RestForOne)
            return strategy + tr(", and no %1 started after it is running.").arg(noun);
        return strategy + tr(", but no other %1 is running.").arg(noun);
    }
    return strategy + tr(", so ") + groupMembers(verdict);
}

QString Explainer::groupMembers(const ExitVerdict &verdict) const
{
    const QString after = verdict.strategy == Strategy::RestForOne ? tr(", started after it,") : QString();
    QString text;
    if (verdict.stopped == QList<TreeChild>(verdict.restarted.rbegin(), verdict.restarted.rend())) {
        text = tr("%1%2 %3 stopped and restarted with it.")
                   .arg(m_tree.listOf(verdict.restarted), after, isOrAre(verdict.restarted.size()));
    } else {
        QStringList parts;
        if (!verdict.stopped.isEmpty())
            parts << tr("%1%2 %3 stopped").arg(m_tree.listOf(verdict.stopped), after, isOrAre(verdict.stopped.size()));
        if (!verdict.restarted.isEmpty())
            parts << tr("%1 %2 restarted with it")
                         .arg(m_tree.listOf(verdict.restarted), isOrAre(verdict.restarted.size()));
        else
            parts << tr("only it is restarted");
        text = parts.join(tr(" and ")) + u'.';
    }
    if (!verdict.dropped.isEmpty())
        text.insert(text.size() - 1,
            tr("; %1 %2 temporary, so not restarted")
                .arg(m_tree.listOf(verdict.dropped), isOrAre(verdict.dropped.size())));
    return text;
}

QString Explainer::causeText(const RestartCause &cause) const
{
    return causeText(cause, m_tree.lastExitOf(SupervisionTracker::childOf(cause)));
}

QString Explainer::causeText(const RestartCause &cause, ExitKind exit) const
{
    if (!cause.isValid())
        return tr("the child that exited");
    const TreeChild child = SupervisionTracker::childOf(cause);
    switch (exit) {
    case ExitKind::Completed:
        return childWord(child) + tr(", which completed and is permanent");
    case ExitKind::Failed:
        return childWord(child) + tr(", which failed");
    case ExitKind::GaveUp:
        return childWord(child) + tr(", which gave up");
    case ExitKind::Stopped:
        break;
    }
    return childWord(child) + tr(", which exited");
}

QString Explainer::decision(const ExitVerdict &verdict) const
{
    const QString deciding = supervisorWord(verdict.supervisor);
    switch (verdict.kind) {
    case ExitVerdict::Kind::Restart:
        return groupDecision(verdict);
    case ExitVerdict::Kind::NotRestarted:
        if (verdict.restart == RestartType::Temporary)
            return tr("it is temporary, so it is not restarted.");
        return tr("it is transient and ended normally, so it is not restarted.");
    case ExitVerdict::Kind::GiveUp:
        if (!m_tree.isNested())
            return tr("restarting it would make %1 within %2, more than the limit of %3, so the supervisor gives up "
                      "instead.")
                .arg(restartsText(verdict.restarts), durationText(verdict.withinMs))
                .arg(verdict.maxRestarts);
        return tr("restarting it would make %1 within %2 for %3, more than its limit of %4, so %3 gives up instead.")
            .arg(restartsText(verdict.restarts), durationText(verdict.withinMs), deciding)
            .arg(verdict.maxRestarts);
    case ExitVerdict::Kind::AlreadyScheduled:
        return tr("it was already due to restart with the group of %1, so this exit answers no new decision.")
            .arg(causeText(verdict.cause, verdict.causeExit));
    case ExitVerdict::Kind::AskedToStop: // the exit its supervisor waited for: what the stop was for follows
    case ExitVerdict::Kind::SubtreeStopping:
        return m_tree.undecidedText(verdict) + u'.';
    case ExitVerdict::Kind::RootExit:
        break;
    }
    return tr("nothing above it decides.");
}

QString Explainer::failureSentence(const LifecycleEvent &event) const
{
    const int w = event.worker;
    QString what;
    switch (event.failure) {
    case FailureKind::Hang:
        what = tr("%1 sent no heartbeat for %2 (the heartbeat timeout), so it is declared hung and failed")
                   .arg(name(w), durationText(m_tree.workerConfig(w).heartbeatTimeoutMs));
        break;
    case FailureKind::Exception:
    case FailureKind::Error:
        what = tr("%1 failed (%2)").arg(name(w), event.reason);
        break;
    case FailureKind::ExitStatus:
    case FailureKind::Signal:
    case FailureKind::CannotStart: {
        const qint64 startedUs = m_tree.startedUs({ false, w });
        what = tr("%1's program ended: %2%3")
                   .arg(name(w), ProgramWords::ending(event, startedUs >= 0 ? event.tUs - startedUs : -1),
                       ProgramWords::lastOutput(event));
        break;
    }
    case FailureKind::DependencyDown:
    case FailureKind::Overloaded:
        what = tr("%1 failed: %2").arg(name(w), DependencyWords::failure(m_world, event));
        break;
    }
    const ExitVerdict verdict = m_tree.verdictOn(event);
    // A failure of a worker asked to stop restarts nothing, whatever the strategy: say so, and what the stop was for.
    if (verdict.kind == ExitVerdict::Kind::AskedToStop)
        what += tr(" while stopping");
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
        return tr("%1 finished its work; it is transient, so a clean finish is final.").arg(name(w));
    case RestartType::Temporary:
        return tr("%1 finished its work; it is temporary and never restarted.").arg(name(w));
    }
    if (verdict.kind == ExitVerdict::Kind::GiveUp)
        return tr("%1 finished its work; it is permanent, but %2").arg(name(w), decision(verdict));
    if (verdict.kind == ExitVerdict::Kind::AskedToStop)
        return tr("%1 finished its work while stopping; %2").arg(name(w), decision(verdict));
    if (verdict.kind != ExitVerdict::Kind::Restart)
        return tr("%1 finished its work; %2").arg(name(w), decision(verdict));
    const QString restarted = m_tree.isNested()
        ? tr("%1 finished its work; it is permanent, so %2 restarts it even after a clean finish")
              .arg(name(w), supervisorWord(verdict.supervisor))
        : tr("%1 finished its work; it is permanent, so it is restarted even after a clean finish").arg(name(w));
    if (verdict.stopped.isEmpty() && verdict.restarted.isEmpty())
        return restarted + u'.';
    const QString group
        = verdict.strategy == Strategy::OneForAll ? tr("its whole group") : tr("those started after it");
    return restarted
        + tr(", and under %1 %2 with it, as in OTP: %3").arg(nameOf(verdict.strategy), group, groupMembers(verdict));
}

QString Explainer::restartSentence(const LifecycleEvent &event) const
{
    const TreeChild child = SupervisionTracker::childOf(event);
    const int deciding = m_tree.parentOf(child);
    if (m_tree.isRestartByHand(event))
        return tr("%1 is restarted by hand (restart_child), at once; a restart by hand does not count toward %2's "
                  "restart intensity.")
            .arg(child.supervisor ? supervisorTitle(child.index) : name(child.index), supervisorWord(deciding));
    // A group restarts with the delay of the child whose exit restarts it.
    const bool ownExit = !event.cause.isValid() || SupervisionTracker::childOf(event.cause) == child;
    const TreeChild delayed = ownExit ? child : SupervisionTracker::childOf(event.cause);
    const SupervisorConfig &config
        = delayed.supervisor ? m_tree.supervisorConfig(delayed.index) : m_tree.workerConfig(delayed.index);
    const quint32 restart = m_incarnation.value(delayKey(child), 0);
    if (!child.supervisor) {
        QString text = tr("Restart #%1 of %2 in %3: %4.")
                           .arg(restart)
                           .arg(lowerName(child.index), durationText(event.delayMs), delayReason(event, config));
        if (m_tree.isNested() && !ownExit)
            text += tr(" It goes with the group of %1.").arg(causeText(event.cause));
        return text;
    }
    QString text
        = tr("Restart #%1 of supervisor %2 in %3: %4.")
              .arg(restart)
              .arg(m_tree.supervisorName(child.index), durationText(event.delayMs), delayReason(event, config));
    if (ownExit)
        text += tr(" It gave up and is permanent, so %1 restarts it (OTP's escalation); the new %2 remembers no "
                   "restarts.")
                    .arg(supervisorWord(deciding), m_tree.supervisorName(child.index));
    else
        text += tr(" It goes with the group of %1, and starts its whole subtree again.").arg(causeText(event.cause));
    return text;
}

QString Explainer::orderText(const SupervisionTracker::Stop &stop) const
{
    if (stop.afterAnother)
        return tr(", now that %1 is down").arg(childWord(stop.previous));
    return stop.first ? tr(" first") : QString();
}

QString Explainer::stoppingSentence(const LifecycleEvent &event) const
{
    const int w = event.worker;
    const SupervisionTracker::Stop stop = m_tree.stopOf(event);
    const QString order = orderText(stop);
    const QString oneAtATime = stop.first ? u"; "_s + tr(kOneAtATime) : QString();
    switch (stop.why) {
    case SupervisionTracker::Stop::Why::Group: {
        const Strategy strategy = m_tree.supervisorConfig(stop.supervisor).strategy;
        if (!stop.cause.isValid())
            return tr("%1 is asked to stop: under %2 it goes down with the failed worker.")
                .arg(name(w), nameOf(strategy));
        const QString since = strategy == Strategy::RestForOne ? tr(", as it started after it") : QString();
        if (m_tree.isNested())
            return tr("%1 is asked to stop%2: %3 is %4, so it goes down with %5%6%7.")
                .arg(name(w), order, supervisorWord(stop.supervisor), nameOf(strategy), causeText(stop.cause), since,
                    oneAtATime);
        return tr("%1 is asked to stop%2: under %3 it goes down with %4%5%6.")
            .arg(name(w), order, nameOf(strategy), causeText(stop.cause), since, oneAtATime);
    }
    case SupervisionTracker::Stop::Why::Shutdown:
        return tr("%1 is asked to stop%2, since %3 is shutting down%4.")
            .arg(name(w), order, supervisorWord(stop.by), oneAtATime);
    case SupervisionTracker::Stop::Why::GiveUp:
        return tr("%1 is asked to stop%2, since %3 gave up: it stops its children before it exits%4.")
            .arg(name(w), order, supervisorWord(stop.by), oneAtATime);
    case SupervisionTracker::Stop::Why::WithItsGroup:
        return tr("%1 is asked to stop%2, since %3 is stopped with its group and stops its own children first%4.")
            .arg(name(w), order, supervisorWord(stop.by), oneAtATime);
    case SupervisionTracker::Stop::Why::ByHand:
        break;
    }
    return tr("%1 is stopped by hand (terminate_child): it stays down until it is restarted by hand, and %2 restarts "
              "nothing for its exit.")
        .arg(name(w), supervisorWord(stop.supervisor));
}

QString Explainer::dependencySentence(const LifecycleEvent &event) const
{
    const QString said = tr("The dependency ") + DependencyWords::change(m_world, event);
    if (event.kind == EventKind::DependencyDown)
        return said + tr(": every one that is running fails now, and a start while it is down fails at once.");
    return said + tr(": the next restart of each gets through, as its restart delay allows.");
}

QString Explainer::delayReason(const LifecycleEvent &event, const SupervisorConfig &config) const
{
    const qint64 base = RestartDelay::beforeJitterMs(config, event.attempt);
    QString reason;
    if (config.backoff == BackoffKind::Fixed) {
        reason = tr("fixed delay of %1").arg(durationText(config.delayMs));
    } else {
        const qint64 exponent = qint64(event.attempt) - 1;
        reason = tr("exponential backoff, %1 × %2%3")
                     .arg(durationText(config.delayMs), QString::number(config.backoffFactor), superscript(exponent));
        if (base >= config.maxDelayMs && exponent > 0)
            reason += tr(", capped at %1").arg(durationText(config.maxDelayMs));
        reason += tr(" (attempt %1 since the last clean run)").arg(event.attempt);
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
        reason += tr(", then %1 jitter drew it from %2–%3")
                      .arg(nameOf(config.jitter), durationText(range.lowMs), durationText(range.highMs));
    }
    if (config.breakerThreshold > 0 && event.delayMs == config.breakerCooldownMs && event.delayMs > base)
        reason += tr(", held back to the circuit breaker's cooldown");
    return reason;
}

} // namespace SupervisorLab
