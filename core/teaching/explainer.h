#pragma once

#include "analysis/dependencytracker.h"
#include "events/lifecycleevent.h"
#include "policy/supervisorconfig.h"

#include <QHash>
#include <QSet>
#include <QString>

namespace SupervisorLab {

// Says why each event of a run happened, in plain words and with the numbers that decided it: "Worker 2
// failed (exception: disk full); one-for-all, so workers 0, 1 and 3 are stopped and restarted with it.",
// "Restart #4 of worker 2 in 800 ms: exponential backoff, 100 ms × 2³." It follows the run's parameters from
// run_started and config_changed, and which workers are running, so every event must pass through it in order.
class Explainer
{
public:
    // The sentence for `event`; takes the event into account for the ones that follow.
    QString explain(const LifecycleEvent &event);
    // Takes an event into account without making its sentence (for events nobody will read).
    void observe(const LifecycleEvent &event);

private:
    QString sentence(const LifecycleEvent &event) const;
    QString failureSentence(const LifecycleEvent &event) const;
    QString completionSentence(const LifecycleEvent &event) const;
    QString restartSentence(const LifecycleEvent &event) const;
    QString delayReason(const LifecycleEvent &event) const;
    QString name(int worker) const; // "Worker 2", or "The worker" when there is one
    QString lowerName(int worker) const;
    QString listOf(QList<int> workers) const; // "workers 0, 1 and 3"
    QList<int> groupOf(int failed) const; // the running workers a failure of `failed` stops

    // The worker's own config (its restart type, delays, breaker, timeouts).
    const SupervisorConfig &own(int worker) const;
    QString dependencySentence(const LifecycleEvent &event) const;

    SupervisorConfig m_config;
    std::vector<SupervisorConfig> m_workerConfigs;
    DependencyTracker m_world;
    QSet<int> m_running;
    QHash<int, quint32> m_incarnation;
    QHash<int, qint64> m_previousDelayMs;
    QHash<int, qint64> m_stoppingSinceUs;
};

} // namespace SupervisorLab
