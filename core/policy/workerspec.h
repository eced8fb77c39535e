#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace SupervisorLab {

// One worker of a run in the tree form (a node's `count` expanded): its name, the supervisor it is a child of, the
// worker keys set for it (on its node, or on a supervisor above it), in the config object's spelling and types, and
// the dependencies it needs (indices into the run's dependencies). Keys it does not set come from the run's config.
struct WorkerSpec
{
    QString name;
    QJsonObject settings;
    QList<int> dependsOn;
    int supervisor = 0;

    friend bool operator==(const WorkerSpec &, const WorkerSpec &) = default;
};

} // namespace SupervisorLab
