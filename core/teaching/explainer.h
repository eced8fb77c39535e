#pragma once

#include "analysis/dependencytracker.h"
#include "events/lifecycleevent.h"
#include "teaching/supervisiontracker.h"

#include <QCoreApplication>
#include <QHash>
#include <QString>

namespace SupervisorLab {

// Says why each event of a run happened, in plain words and with the numbers that decided it: "Worker 2
// failed (exception: disk full); one-for-all, so workers 0, 1 and 3 are stopped and restarted with it.",
// "Restart #4 of worker 2 in 800 ms: exponential backoff, 100 ms × 2³." In a tree each decision is told with the
// deciding supervisor's own strategy and intensity, and by name: "pool is one-for-all", "pool gives up after 2
// restarts within 3 s". It follows the run's parameters from run_started and config_changed, and the tree's state,
// so every event must pass through it in order.
class Explainer
{
    Q_DECLARE_TR_FUNCTIONS(Explainer)

public:
    // The sentence for `event`; takes the event into account for the ones that follow.
    QString explain(const LifecycleEvent &event);
    // Takes an event into account without making its sentence (for events nobody will read).
    void observe(const LifecycleEvent &event);

private:
    QString sentence(const LifecycleEvent &event) const;
    QString runSentence(const LifecycleEvent &event) const;
    QString supervisorStartedSentence(const LifecycleEvent &event) const;
    QString supervisorStoppingSentence(const LifecycleEvent &event) const;
    QString gaveUpSentence(const LifecycleEvent &event) const;
    QString supervisorStoppedSentence(const LifecycleEvent &event) const;
    QString failureSentence(const LifecycleEvent &event) const;
    QString completionSentence(const LifecycleEvent &event) const;
    QString restartSentence(const LifecycleEvent &event) const;
    QString stoppingSentence(const LifecycleEvent &event) const;
    QString delayReason(const LifecycleEvent &event, const SupervisorConfig &config) const;
    QString dependencySentence(const LifecycleEvent &event) const;
    // " The failure of worker 5 came in as it stops, so it is not restarted." for a stop that overtook decisions told.
    QString overtakenSentence(const LifecycleEvent &event) const;

    // What a verdict means, as the end of a sentence ("one-for-one, so only it is restarted.").
    QString decision(const ExitVerdict &verdict) const;
    QString groupDecision(const ExitVerdict &verdict) const;
    // "conn-1 and conn-3 are stopped and restarted with it."
    QString groupMembers(const ExitVerdict &verdict) const;
    // "one-for-all", or in a nested tree "pool is one-for-all".
    QString strategyOf(const ExitVerdict &verdict) const;
    // "conn-1, which failed"
    QString causeText(const RestartCause &cause) const;
    QString causeText(const RestartCause &cause, ExitKind exit) const;
    // " first" or ", now that conn-3 is down", and what a sequence of stops tells at its first.
    QString orderText(const SupervisionTracker::Stop &stop) const;
    QString intensityText(int supervisor) const;

    QString name(int worker) const; // "Worker 2", or "The worker" when there is one; "Worker 0 (conn-1)" in a tree
    QString lowerName(int worker) const;
    // "Supervisor pool" in a nested tree, else "The supervisor".
    QString supervisorTitle(int supervisor) const;
    // "pool" in a nested tree, else "the supervisor".
    QString supervisorWord(int supervisor) const;
    QString childWord(TreeChild child) const;
    static int delayKey(TreeChild child) { return child.supervisor ? -1 - child.index : child.index; }

    SupervisionTracker m_tree;
    DependencyTracker m_world;
    QHash<int, quint32> m_incarnation; // by delayKey
    // The delays a child's own exits were last given: a group restarts with them, and decorrelated jitter draws
    // from the one before.
    struct PreviousDelay
    {
        qint64 latestMs = 0;
        qint64 beforeMs = 0;
        RestartCause setBy; // the exit whose decision recorded `latestMs`
    };
    QHash<int, PreviousDelay> m_previousDelays; // by delayKey
    QHash<int, qint64> m_stoppingSinceUs;
};

} // namespace SupervisorLab
