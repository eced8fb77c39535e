#include "io/scenariocatalog.h"

#include "io/datadirectory.h"
#include "io/regularfile.h"
#include "policy/echoedtext.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {
constexpr qint64 kMaxScenarioBytes = 1 << 20;
}

const QList<Scenario> &ScenarioCatalog::builtIn()
{
    static const QList<Scenario> scenarios = [] {
        // The catalogue's order: the article's example first, then the lessons in teaching order.
        const QStringList order { u"seed"_s, u"restart-storm"_s, u"immediate-restart"_s, u"backoff"_s, u"jitter"_s,
            u"give-up"_s, u"one-for-one"_s, u"one-for-all"_s, u"one-for-all-completion"_s, u"rest-for-one"_s,
            u"restart-types"_s, u"failure-kinds"_s, u"hung-worker"_s, u"shutdown-timeout"_s, u"shutdown-order"_s,
            u"escalation"_s, u"error-kernel"_s, u"circuit-breaker"_s, u"real-program"_s, u"pitfalls"_s };
        QList<Scenario> list;
        const QString folder = DataDirectory::scenarios();
        if (folder.isEmpty())
            return list;
        const QDir dir(folder);
        const QString examples = DataDirectory::examples();
        for (const QString &entry : dir.entryList({ u"*.json"_s }, QDir::Files)) {
            QFile file(dir.filePath(entry));
            QString error;
            if (file.open(QIODevice::ReadOnly)) {
                if (auto scenario = Scenario::fromJson(file.readAll(), file.fileName(), &error, examples))
                    list << *scenario;
            }
            if (!error.isEmpty()) // a built-in file edited in place: the rest of the catalogue still serves
                qWarning("supervisor-lab: built-in scenario %s", qPrintable(error));
        }
        std::stable_sort(list.begin(), list.end(), [&](const Scenario &a, const Scenario &b) {
            const auto rank = [&](const Scenario &s) {
                const auto index = order.indexOf(s.name);
                return index < 0 ? order.size() : index;
            };
            return rank(a) < rank(b);
        });
        return list;
    }();
    return scenarios;
}

std::optional<Scenario> ScenarioCatalog::find(const QString &name)
{
    for (const Scenario &scenario : builtIn()) {
        if (scenario.name == name)
            return scenario;
    }
    return std::nullopt;
}

std::optional<Scenario> ScenarioCatalog::load(const QString &nameOrPath, QString *error)
{
    if (auto scenario = find(nameOrPath))
        return scenario;
    if (!nameOrPath.endsWith(u".json", Qt::CaseInsensitive)) {
        if (builtIn().isEmpty()) {
            *error = QCoreApplication::translate("ScenarioCatalog",
                "no scenario named '%1': the built-in scenarios are missing (looked for "
                "share/supervisor-lab/scenarios beside the program); give a .json file")
                         .arg(echoed(nameOrPath));
            return std::nullopt;
        }
        QStringList names;
        for (const Scenario &scenario : builtIn())
            names << scenario.name;
        *error = QCoreApplication::translate(
            "ScenarioCatalog", "no scenario named '%1' (built in: %2; or give a .json file)")
                     .arg(echoed(nameOrPath), names.join(u", "_s));
        return std::nullopt;
    }
    if (const QString problem = RegularFile::problemWithInput(nameOrPath); !problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    QFile file(nameOrPath);
    if (!file.open(QIODevice::ReadOnly)) {
        *error
            = QCoreApplication::translate("ScenarioCatalog", "%1: cannot read: %2").arg(nameOrPath, file.errorString());
        return std::nullopt;
    }
    if (file.size() > kMaxScenarioBytes) {
        *error = QCoreApplication::translate("ScenarioCatalog", "%1: too large for a scenario file (%2 bytes)")
                     .arg(nameOrPath)
                     .arg(file.size());
        return std::nullopt;
    }
    auto scenario
        = Scenario::fromJson(file.read(kMaxScenarioBytes), nameOrPath, error, QFileInfo(nameOrPath).absolutePath());
    if (scenario && scenario->name.isEmpty())
        scenario->name = QFileInfo(nameOrPath).completeBaseName();
    return scenario;
}

} // namespace SupervisorLab
