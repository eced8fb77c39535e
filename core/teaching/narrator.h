#pragma once

#include "analysis/dependencytracker.h"
#include "events/lifecycleevent.h"

#include <QHash>
#include <QString>

namespace SupervisorLab {

// Tells a run in plain words, one line per event ("Worker: Started", "Supervisor: Worker failed,
// restarting..."). Keeps a little state to say why a restart happens.
class Narrator
{
public:
    QString narrate(const LifecycleEvent &event);

private:
    QString worker(int index) const; // "Worker", or "Worker 2" when there are several
    QString workerLower(int index) const;

    QString narrateEvent(const LifecycleEvent &event);

    int m_workers = 1;
    QHash<int, EventKind> m_lastEnd;
    DependencyTracker m_world;
};

} // namespace SupervisorLab
