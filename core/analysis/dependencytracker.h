#pragma once

#include "events/lifecycleevent.h"
#include "policy/supervisorconfig.h"

#include <QList>

#include <vector>

namespace SupervisorLab {

// Follows a run's log, event by event, and keeps what its dependencies went through: outages, the attempts that
// hit one while it was down, the attempts it turned away for capacity, and each recovery: how long after it came
// back every worker that needs it ran again. The one reading of the log that the statistics, the explorer, the
// narration and the explanations share.
//
// A worker "runs again" with a start that gets through: a start that fails at once, in the same microsecond, for
// a dependency (down or overloaded) does not count. Recovery waits for the dependents that had a restart
// scheduled when the dependency came back; it ends when the last of them runs, or never (the run
// ended, or the supervisor gave up, first).
class DependencyTracker
{
public:
    struct Recovery
    {
        int dependency = -1;
        qint64 upUs = 0;
        qint64 outageUs = 0; // how long it had been down
        int dependents = 0; // workers that need it
        qint64 lagUs = -1; // from its return until every waiting dependent ran again; -1 while (or if never) done
    };

    struct Figures
    {
        QString name;
        bool down = false;
        qint64 downSinceUs = -1;
        QString downReason; // outage or manual
        qint64 outages = 0;
        qint64 downUs = 0; // time down, over the outages that ended
        qint64 attemptsWhileDown = 0;
        qint64 refusedAttempts = 0; // for capacity
        qint64 dependentsLost = 0; // running dependents that failed as it went down
        std::vector<qint64> recoveryLagsUs; // completed recoveries
        qint64 unrecovered = 0; // recoveries the run ended before
        int dependents = 0;
    };

    // Takes the next event of the log in. It needs the reason only of a worker_failed for a dependency.
    void observe(const LifecycleEvent &event);

    int count() const { return int(m_figures.size()); }
    const Figures &figures(int dependency) const { return m_figures.at(size_t(dependency)); }
    const SupervisorConfig &config() const { return m_config; }
    // The dependency the reason of a worker_failed names, or -1.
    int dependencyNamed(QStringView reason) const;
    // Recoveries the last observed event completed (at most one per dependency).
    const QList<Recovery> &justRecovered() const { return m_justRecovered; }
    // The latest recovery of a dependency (lagUs -1 while it goes on); false if it has not come back yet.
    bool latestRecovery(int dependency, Recovery *out) const;

private:
    struct Waiting
    {
        Recovery recovery;
        QList<int> workers; // dependents still to run again
        bool open = false;
    };
    struct WorkerState
    {
        bool running = false;
        qint64 startedUs = -1;
        bool unconfirmed = false; // started, and a failure at the same moment may still turn the start away
        bool waitingForRestart = false; // a restart is scheduled
    };

    void confirmStarts(qint64 nowUs);
    void workerRuns(int worker, qint64 atUs);

    SupervisorConfig m_config;
    std::vector<Figures> m_figures;
    std::vector<Waiting> m_waiting;
    std::vector<Recovery> m_latest;
    std::vector<WorkerState> m_workers;
    std::vector<int> m_unconfirmed; // workers whose latest start may still be turned away
    QList<Recovery> m_justRecovered;
    bool m_supervisorStopping = false;
};

} // namespace SupervisorLab
