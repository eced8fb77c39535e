#include "scenario.h"

#include "echoedtext.h"
#include "supervisorconfig.h"

#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

std::optional<Scenario> Scenario::fromJson(const QByteArray &json, const QString &origin, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error
            = u"%1: not valid JSON at byte %2: %3"_s.arg(origin).arg(parseError.offset).arg(parseError.errorString());
        return std::nullopt;
    }
    if (!document.isObject() || !document.object().value(u"config"_s).isObject()) {
        *error = u"%1: expected an object with a \"config\" object"_s.arg(origin);
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    Scenario scenario;
    scenario.name = object.value(u"name"_s).toString();
    scenario.title = object.value(u"title"_s).toString();
    scenario.goal = object.value(u"goal"_s).toString();
    scenario.description = object.value(u"description"_s).toString();
    scenario.watch = object.value(u"watch"_s).toString();
    scenario.config = object.value(u"config"_s).toObject();
    scenario.compareWith = object.value(u"compare_with"_s).toString();
    if (!scenario.compareWith.isEmpty() && scenario.compareWith != u"article") {
        *error = u"%1: compare_with must be \"article\", not \"%2\""_s.arg(origin, echoed(scenario.compareWith));
        return std::nullopt;
    }

    SupervisorConfig check;
    const QString problem = check.applyJson(scenario.config);
    if (!problem.isEmpty()) {
        *error = u"%1: %2"_s.arg(origin, problem);
        return std::nullopt;
    }
    return scenario;
}

} // namespace SupervisorLab
