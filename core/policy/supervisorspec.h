#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace SupervisorLab {

// A child of a supervisor in the tree form: a worker or a supervisor, by its index among its kind.
struct TreeChild
{
    bool supervisor = false;
    int index = 0;

    friend bool operator==(const TreeChild &, const TreeChild &) = default;
};

// One supervisor of a run in the tree form, numbered depth-first among supervisors (the root is 0). The root's own
// supervisor keys are the run config's; a nested supervisor's `settings` hold its strategy, intensity and, as the
// child of its parent, its restart type, shutdown timeout and restart delay keys (its own or inherited), in the
// config object's spelling. Keys it does not set come from the run's config.
struct SupervisorSpec
{
    QString name;
    int parent = -1; // -1: the root
    QJsonObject settings;
    QList<TreeChild> children; // in start order

    friend bool operator==(const SupervisorSpec &, const SupervisorSpec &) = default;
};

} // namespace SupervisorLab
