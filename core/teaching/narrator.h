#pragma once

#include "analysis/dependencytracker.h"
#include "events/lifecycleevent.h"
#include "teaching/supervisiontracker.h"

#include <QCoreApplication>
#include <QHash>
#include <QString>

namespace SupervisorLab {

// Tells a run in plain words, one line per event ("Worker: Started", "Supervisor: Worker failed,
// restarting..."). In a tree of supervisors each supervisor speaks for itself ("Supervisor pool: conn-1 failed,
// restarting..."). Follows the tree to say why a restart or a stop happens.
class Narrator
{
    Q_DECLARE_TR_FUNCTIONS(Narrator)

public:
    QString narrate(const LifecycleEvent &event);

private:
    // How long the worker's incarnation ran until its end `event` (not yet observed); -1 if unknown.
    qint64 ranUs(const LifecycleEvent &event) const;
    QString worker(int index) const; // "Worker", or "Worker 2" when there are several; a tree's name
    QString workerLower(int index) const;
    QString childWord(TreeChild child) const;
    QString capitalChildWord(TreeChild child) const;
    // "Supervisor" for the one supervisor of a run, "Supervisor pool" in a tree of supervisors.
    QString speaker(int supervisor) const;
    QString causeText(const RestartCause &cause) const; // "worker 1 failed"

    QString narrateEvent(const LifecycleEvent &event) const;
    QString runStarted(const LifecycleEvent &event) const;
    QString restartScheduled(const LifecycleEvent &event) const;
    QString workerStopping(const LifecycleEvent &event) const;
    QString supervisorStopping(const LifecycleEvent &event) const;
    QString supervisorGaveUp(const LifecycleEvent &event) const;
    QString supervisorStopped(const LifecycleEvent &event) const;
    // The shutdown rule (SupervisionTracker::verdictOn), for a worker's exit: what follows when it restarts nothing
    // because it was asked to stop, or its supervisor is on its way down (" It failed while stopping; the supervisor
    // is shutting down, so it is not restarted."); for a supervisor's stop or give-up, the exits told before it whose
    // decision it overtook. Empty when the supervisor decides as usual.
    QString stopFollowUp(const LifecycleEvent &event) const;

    int m_workers = 1;
    QHash<int, EventKind> m_lastEnd; // by worker
    SupervisionTracker m_tree;
    DependencyTracker m_world;
};

} // namespace SupervisorLab
