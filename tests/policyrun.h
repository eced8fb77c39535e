#pragma once

#include "policy/supervisorpolicy.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

namespace SupervisorLab {

// Drives the policy by hand, as a runtime would, and keeps the events it decided, each at the given time: a log made
// by the engine's own rules, for the texts that tell a run. Times are in milliseconds. A stop the policy asks for is
// acknowledged at once unless `acknowledgeStops` is off.
class PolicyRun
{
public:
    // `scenario` is a scenario file's config object with its "tree" beside the config keys.
    explicit PolicyRun(const QJsonObject &scenario);

    void start(qint64 ms);
    void complete(int worker, qint64 ms);
    void fail(int worker, qint64 ms, const QString &reason = QStringLiteral("error"));
    void stopped(int worker, qint64 ms);
    // Fires every restart timer armed and not yet fired, workers first, then supervisors.
    void fireRestarts(qint64 ms);
    void stop(qint64 ms);
    void terminate(int worker, qint64 ms);
    void restartByHand(int worker, qint64 ms);
    void giveUp(int supervisor, qint64 ms);

    const SupervisorPolicy &policy() const { return m_policy; }
    // The events so far, run_started first.
    const QList<LifecycleEvent> &events() const { return m_events; }

    bool acknowledgeStops = true;

private:
    void apply(const Decisions &decisions, qint64 ms);

    SupervisorPolicy m_policy;
    QList<LifecycleEvent> m_events;
    QHash<int, quint64> m_restartTimers; // node -> token
};

} // namespace SupervisorLab
