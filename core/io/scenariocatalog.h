#pragma once

#include "io/scenario.h"

#include <QList>

namespace SupervisorLab {

// The built-in scenarios, and scenario files given by path.
class ScenarioCatalog
{
public:
    static const QList<Scenario> &builtIn();
    static std::optional<Scenario> find(const QString &name);
    // A built-in name, or the path of a .json scenario file.
    static std::optional<Scenario> load(const QString &nameOrPath, QString *error);
};

} // namespace SupervisorLab
