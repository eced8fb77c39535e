#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace SupervisorLab {

// One worker of a run in the tree form (a node's `count` expanded): its name, the worker keys set for it (on its
// node, or on the supervisor above it), in the config object's spelling and types, and the dependencies it needs
// (indices into the run's dependencies). Keys it does not set come from the run's config.
struct WorkerSpec
{
    QString name;
    QJsonObject settings;
    QList<int> dependsOn;

    friend bool operator==(const WorkerSpec &, const WorkerSpec &) = default;
};

} // namespace SupervisorLab
