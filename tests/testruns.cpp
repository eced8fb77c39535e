#include "testruns.h"

#include "events/eventlog.h"
#include "io/scenariocatalog.h"
#include "runtime/virtualruntime.h"

#include <QFile>

namespace SupervisorLab {

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
