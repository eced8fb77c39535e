#include "io/jsonlineswriter.h"

#include "events/eventlog.h"
#include "io/jsontext.h"
#include "policy/parameterspec.h"

#include <QIODevice>
#include <QJsonDocument>

namespace SupervisorLab {
namespace {

// config_changed values keep the JSON type their parameter has in the run's config object.
QByteArray configValue(const QString &key, const QString &value)
{
    const ParameterSpec *spec = findParameter(key);
    bool numeric = false;
    if (spec) {
        switch (spec->kind) {
        case ParameterKind::Count:
        case ParameterKind::Rate:
        case ParameterKind::Milliseconds:
        case ParameterKind::Factor:
        case ParameterKind::Seed:
        case ParameterKind::Flag:
            numeric = true;
            break;
        case ParameterKind::Limit:
            numeric = value != QLatin1StringView("unlimited");
            break;
        case ParameterKind::Choice:
        case ParameterKind::ChoiceList:
            break;
        }
    }
    return numeric ? value.toUtf8() : jsonQuoted(value);
}

} // namespace

QByteArray JsonLinesWriter::line(const LifecycleEvent &event)
{
    QByteArray out;
    out.reserve(96);
    out.append("{\"t_us\":").append(QByteArray::number(event.tUs));
    out.append(",\"event\":").append(jsonQuoted(eventName(event.kind)));
    if (event.isNestedSupervisors())
        out.append(",\"supervisor\":").append(QByteArray::number(event.supervisorIndex));
    else if (event.has(FieldWorker))
        out.append(",\"worker\":").append(QByteArray::number(event.worker));
    if (event.has(FieldIncarnation) || (event.has(FieldSupervisor) && event.supervisorIndex > 0))
        out.append(",\"incarnation\":").append(QByteArray::number(event.incarnation));
    if (event.has(FieldDependency))
        out.append(",\"dependency\":").append(QByteArray::number(event.dependency));
    if (event.has(FieldReason))
        out.append(",\"reason\":").append(jsonQuoted(event.reason));
    if (event.has(FieldOutput) && !event.output.isEmpty()) // a program's end, if it wrote anything
        out.append(",\"output\":").append(jsonQuoted(event.output));
    if (event.has(FieldDelay))
        out.append(",\"delay_ms\":").append(QByteArray::number(event.delayMs));
    if (event.has(FieldAttempt))
        out.append(",\"attempt\":").append(QByteArray::number(event.attempt));
    if (event.has(FieldKeyValue)) {
        if (event.worker >= 0) // one worker's own value
            out.append(",\"worker\":").append(QByteArray::number(event.worker));
        out.append(",\"key\":").append(jsonQuoted(event.key));
        out.append(",\"value\":").append(configValue(event.key, event.value));
    }
    if (event.has(FieldCounts)) {
        out.append(",\"restarts\":").append(QByteArray::number(event.counts.restarts));
        out.append(",\"failures\":").append(QByteArray::number(event.counts.failures));
        out.append(",\"completions\":").append(QByteArray::number(event.counts.completions));
    }
    if (event.has(FieldRunHeader)) {
        out.append(",\"version\":").append(jsonQuoted(event.run.version));
        out.append(",\"seed\":").append(QByteArray::number(event.run.seed));
        out.append(",\"config\":").append(QJsonDocument(event.run.config).toJson(QJsonDocument::Compact));
    }
    out.append("}\n");
    return out;
}

bool JsonLinesWriter::write(const EventLog &log, qsizetype count, QIODevice &device)
{
    QByteArray chunk;
    for (qsizetype i = 0; i < count; ++i) {
        chunk.append(line(log.at(i)));
        if (chunk.size() > (1 << 16)) {
            if (device.write(chunk) != chunk.size())
                return false;
            chunk.clear();
        }
    }
    return device.write(chunk) == chunk.size();
}

} // namespace SupervisorLab
