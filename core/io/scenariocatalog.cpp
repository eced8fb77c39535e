#include "io/scenariocatalog.h"

#include "io/examplesdirectory.h"
#include "io/regularfile.h"
#include "policy/echoedtext.h"

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
        const QDir dir(u":/scenarios"_s);
        for (const QString &entry : dir.entryList({ u"*.json"_s }, QDir::Files)) {
            QFile file(dir.filePath(entry));
            QString error;
            if (file.open(QIODevice::ReadOnly)) {
                if (auto scenario
                    = Scenario::fromJson(file.readAll(), file.fileName(), &error, ExamplesDirectory::path()))
                    list << *scenario;
            }
            Q_ASSERT_X(error.isEmpty(), "ScenarioCatalog", qPrintable(error));
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
        QStringList names;
        for (const Scenario &scenario : builtIn())
            names << scenario.name;
        *error = u"no scenario named '%1' (built in: %2; or give a .json file)"_s.arg(
            echoed(nameOrPath), names.join(u", "_s));
        return std::nullopt;
    }
    if (const QString problem = RegularFile::problemWithInput(nameOrPath); !problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    QFile file(nameOrPath);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"%1: cannot read: %2"_s.arg(nameOrPath, file.errorString());
        return std::nullopt;
    }
    if (file.size() > kMaxScenarioBytes) {
        *error = u"%1: too large for a scenario file (%2 bytes)"_s.arg(nameOrPath).arg(file.size());
        return std::nullopt;
    }
    auto scenario = Scenario::fromJson(
        file.read(kMaxScenarioBytes), nameOrPath, error, QFileInfo(nameOrPath).absolutePath());
    if (scenario && scenario->name.isEmpty())
        scenario->name = QFileInfo(nameOrPath).completeBaseName();
    return scenario;
}

} // namespace SupervisorLab
