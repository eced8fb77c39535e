#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace SupervisorLab {

struct SupervisorConfig;

// The tree form of a run's config: a scenario's `dependencies` and `tree` read into a SupervisorConfig, and
// written back as run_started's config carries them (every node named, `count` expanded). Supervisors and workers
// are numbered depth-first, each among their kind, the root supervisor 0.
namespace ChildTree {

// Each returns one line naming the node (or dependency) and the key at fault, or an empty string; on a mistake
// `config` is left as it was.
QString applyDependencies(const QJsonValue &dependencies, SupervisorConfig *config);
// Needs the dependencies already applied: `depends_on` names them.
QString applyTree(const QJsonValue &tree, SupervisorConfig *config);

QJsonObject treeJson(const SupervisorConfig &config);
QJsonArray dependenciesJson(const SupervisorConfig &config);

} // namespace ChildTree
} // namespace SupervisorLab
