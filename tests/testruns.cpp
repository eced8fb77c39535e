#include "testruns.h"

#include "events/eventlog.h"
#include "io/scenariocatalog.h"
#include "runtime/virtualruntime.h"

#include <QJsonDocument>

#include <QFile>

namespace SupervisorLab {

QJsonObject scenario(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

const char *const kPoolTree = R"({"delay": 100, "tree": {"name": "app", "max_restarts": 5, "within": 60000,
    "children": [{"name": "pool", "strategy": "one-for-all", "max_restarts": 2, "within": 60000,
    "children": [{"name": "conn", "count": 3}]}, {"name": "web", "restart": "transient"}]}})";

std::shared_ptr<EventLog> scenarioRun(const QString &name, quint64 seed)
{
    const std::optional<Scenario> scenario = ScenarioCatalog::find(name);
    if (!scenario)
        qFatal("no built-in scenario named %s", qPrintable(name));
    SupervisorConfig config;
    config.applyJson(scenario->config);
    config.seed = seed;
    config.virtualTime = true;
    VirtualRuntime runtime(config);
    runtime.run();
    return runtime.log();
}

QByteArray fileContents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace SupervisorLab
