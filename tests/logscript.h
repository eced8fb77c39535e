#pragma once

#include "events/eventlog.h"
#include "io/eventtyping.h"

#include <QStringList>

namespace SupervisorLab {

// Single events with their time set, for building logs by hand.
LifecycleEvent at(qint64 tUs, LifecycleEvent event);
LifecycleEvent workerEvent(qint64 tUs, EventKind kind, int worker, quint32 incarnation, const QString &reason = {});
// run_started at time 0 for a run of `workers` workers.
LifecycleEvent runStartedEvent(int workers, quint64 seed = 1);

// Builds a known event log event by event, with explicit times, and tells where each event landed.
class LogScript
{
public:
    // Starts with run_started (the config made from `settings`, as in withSettings) and supervisor_started.
    explicit LogScript(const QStringList &settings = {});

    qsizetype add(qint64 tUs, LifecycleEvent event);
    qsizetype start(qint64 tUs, int worker, quint32 incarnation);
    qsizetype end(qint64 tUs, EventKind kind, int worker, quint32 incarnation, const QString &reason = {});
    qsizetype schedule(qint64 tUs, int worker, qint64 delayMs, quint32 attempt);

    EventLog log;

private:
    EventTyping m_typing; // gives the script's events what the engine would have: failure kinds, restart causes
};

} // namespace SupervisorLab
