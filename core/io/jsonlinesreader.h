#pragma once

#include "events/lifecycleevent.h"

#include <QByteArrayView>
#include <QCoreApplication>

#include <optional>

class QJsonObject;
class QJsonValue;

namespace SupervisorLab {

struct LogFieldRange;

// Reads one line of a JSON Lines log back into an event: exactly the fields JsonLinesWriter writes for its kind,
// each of the right type and in range. What the line means for the run (order, workers, config) is for
// LogImporter to judge.
class JsonLinesReader
{
    Q_DECLARE_TR_FUNCTIONS(JsonLinesReader)

public:
    // `line` without its newline; std::nullopt with `*problem` set if it is not an event.
    static std::optional<LifecycleEvent> parse(QByteArrayView line, QString *problem);
    // The version, seed and config of a run_started object (a JSON Lines line, or the CSV comment).
    static std::optional<RunHeader> header(const QJsonObject &object, QString *problem);
    static std::optional<qint64> integer(const QJsonValue &value, const LogFieldRange &range, QString *problem);
};

} // namespace SupervisorLab
