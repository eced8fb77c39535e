#include "io/jsonlinesreader.h"

#include "io/logfieldrange.h"
#include "io/strictjson.h"
#include "policy/echoedtext.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

struct FieldKeys
{
    EventField field;
    std::array<QStringView, 3> keys;
};

constexpr std::array<FieldKeys, 10> kFieldKeys { {
    { FieldWorker, { u"worker" } },
    { FieldIncarnation, { u"incarnation" } },
    { FieldReason, { u"reason" } },
    { FieldDelay, { u"delay_ms" } },
    { FieldAttempt, { u"attempt" } },
    { FieldKeyValue, { u"key", u"value" } },
    { FieldCounts, { u"restarts", u"failures", u"completions" } },
    { FieldRunHeader, { u"version", u"seed", u"config" } },
    { FieldDependency, { u"dependency" } },
    { FieldOutput, { u"output" } },
} };

bool belongsTo(QStringView key, EventKind kind)
{
    if (key == u"t_us" || key == u"event")
        return true;
    if (key == u"worker" && kind == EventKind::ConfigChanged) // a change of one worker's own value
        return true;
    if (key == u"supervisor" && (kind == EventKind::RestartScheduled || (eventFields(kind) & FieldSupervisor)))
        return true; // a nested supervisor's event
    if (key == u"incarnation" && (eventFields(kind) & FieldSupervisor))
        return true;
    for (const FieldKeys &entry : kFieldKeys) {
        if (eventFields(kind) & entry.field) {
            for (QStringView known : entry.keys) {
                if (known == key)
                    return true;
            }
        }
    }
    return false;
}

QString textOf(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QJsonValue::String:
        return u"\"%1\""_s.arg(echoed(value.toString()));
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Array:
        //: What a log line holds where it should not: "'config' must be an object, not an array"
        return QCoreApplication::translate("JsonLinesReader", "an array");
    case QJsonValue::Object:
        //: What a log line holds where it should not: "'reason' must be a string, not an object"
        return QCoreApplication::translate("JsonLinesReader", "an object");
    case QJsonValue::Undefined:
        break;
    }
    //: What a log line holds where it should hold a value
    return QCoreApplication::translate("JsonLinesReader", "nothing");
}

class ObjectReader
{
public:
    ObjectReader(const QJsonObject &object, QString *problem)
        : m_object(object)
        , m_problem(problem)
    {
    }

    bool ok() const { return m_problem->isEmpty(); }

    QJsonValue required(QStringView key)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined() && ok())
            //: %1 is a field's name, as the file has it ("worker")
            *m_problem = QCoreApplication::translate("JsonLinesReader", "'%1' is missing").arg(key);
        return value;
    }

    template<typename Number> Number integer(const LogFieldRange &range)
    {
        const QJsonValue value = required(range.name);
        if (!ok())
            return 0;
        const std::optional<qint64> number = JsonLinesReader::integer(value, range, m_problem);
        return number ? Number(*number) : Number(0);
    }

    QString string(QStringView key)
    {
        const QJsonValue value = required(key);
        if (ok() && !value.isString())
            //: %1 is a field's name ("reason"), %2 what the line holds there ("42", "an object")
            *m_problem = QCoreApplication::translate("JsonLinesReader", "'%1' must be a string, not %2")
                             .arg(key, textOf(value));
        const QString text = value.toString();
        // A \u escape can name half of a surrogate pair, which UTF-8 cannot encode: no format could write it back.
        if (ok() && !text.isValidUtf16())
            //: %1 is a field's name ("reason"); \u is JSON's escape of a character by its code
            *m_problem = QCoreApplication::translate(
                "JsonLinesReader", "'%1' holds an unpaired surrogate (a \\u escape of half a character)")
                             .arg(key);
        return text;
    }

private:
    const QJsonObject &m_object;
    QString *m_problem;
};

} // namespace

std::optional<qint64> JsonLinesReader::integer(const QJsonValue &value, const LogFieldRange &range, QString *problem)
{
    // Integers beyond 2^53 are stored exactly; toDouble() only decides whether the value is whole and near range.
    const double real = value.toDouble();
    if (!value.isDouble() || !std::isfinite(real) || real != std::floor(real) || std::abs(real) > 9.3e18) {
        *problem = range.problemWithText(textOf(value));
        return std::nullopt;
    }
    const qint64 number = value.toInteger();
    if (QString outOfRange = range.problemWith(number); !outOfRange.isEmpty()) {
        *problem = outOfRange;
        return std::nullopt;
    }
    return number;
}

std::optional<RunHeader> JsonLinesReader::header(const QJsonObject &object, QString *problem)
{
    ObjectReader read(object, problem);
    RunHeader header;
    header.version = read.string(u"version");
    header.seed = read.integer<quint64>(LogFieldRange::seed);
    const QJsonValue config = read.required(u"config");
    if (read.ok() && !config.isObject())
        //: config is a field's name; %1 what the line holds there ("42", "an array")
        *problem = tr("'config' must be an object, not %1").arg(textOf(config));
    header.config = config.toObject();
    if (!read.ok())
        return std::nullopt;
    return header;
}

std::optional<LifecycleEvent> JsonLinesReader::parse(QByteArrayView line, QString *problem)
{
    const std::optional<QJsonDocument> document = StrictJson::parse(line, StrictJson::Position::Column, problem);
    if (!document)
        return std::nullopt;
    if (!document->isObject()) {
        *problem = tr("not a JSON object");
        return std::nullopt;
    }
    const QJsonObject object = document->object();
    ObjectReader read(object, problem);
    const QString name = read.string(u"event");
    if (!read.ok())
        return std::nullopt;
    const std::optional<EventKind> kind = eventKindFromName(name);
    if (!kind) {
        //: %1 is the event's name as the line has it
        *problem = tr("unknown event '%1'").arg(echoed(name));
        return std::nullopt;
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!belongsTo(it.key(), *kind)) {
            //: %1 is the event's name (worker_started), %2 a field's name as the line has it
            *problem = tr("%1 has no field '%2'").arg(name, echoed(it.key()));
            return std::nullopt;
        }
    }

    LifecycleEvent event;
    event.kind = *kind;
    event.tUs = read.integer<qint64>(LogFieldRange::timeUs);
    const bool nested = object.contains(u"supervisor");
    if (nested && object.contains(u"worker")) {
        //: %1 is the event's name (restart_scheduled); worker and supervisor are fields' names
        *problem
            = tr("%1 is a worker's or a nested supervisor's, not both: it has 'worker' and 'supervisor'").arg(name);
        return std::nullopt;
    }
    if (event.has(FieldSupervisor) && object.contains(u"incarnation") != nested) {
        //: %1 is the event's name (supervisor_started); supervisor and incarnation are fields' names
        *problem = tr("%1 of a nested supervisor has 'supervisor' and 'incarnation'; the root's has neither").arg(name);
        return std::nullopt;
    }
    if (nested)
        event.supervisorIndex = read.integer<int>(LogFieldRange::supervisor);
    if (nested && event.has(FieldSupervisor))
        event.incarnation = read.integer<quint32>(LogFieldRange::incarnation);
    if (event.has(FieldWorker) && !nested)
        event.worker = read.integer<int>(LogFieldRange::worker);
    if (event.has(FieldIncarnation))
        event.incarnation = read.integer<quint32>(LogFieldRange::incarnation);
    if (event.has(FieldDependency))
        event.dependency = read.integer<int>(LogFieldRange::dependency);
    if (event.has(FieldReason))
        event.reason = read.string(u"reason");
    if (event.has(FieldOutput) && object.contains(u"output")) { // absent: the program wrote nothing
        event.output = read.string(u"output");
        if (read.ok())
            *problem = LogOutputText::problemWith(event.output);
    }
    if (event.has(FieldDelay))
        event.delayMs = read.integer<qint64>(LogFieldRange::delayMs);
    if (event.has(FieldAttempt))
        event.attempt = read.integer<quint32>(LogFieldRange::attempt);
    if (event.has(FieldKeyValue)) {
        if (object.contains(u"worker"))
            event.worker = read.integer<int>(LogFieldRange::worker);
        event.key = read.string(u"key");
        const QJsonValue value = read.required(u"value");
        if (read.ok() && !value.isString() && !value.isDouble() && !value.isBool())
            //: value is a field's name; %1 what the line holds there ("null", "an array")
            *problem = tr("'value' must be a number, string or boolean, not %1").arg(textOf(value));
        event.value = SupervisorConfig::jsonValueText(value);
    }
    if (event.has(FieldCounts)) {
        event.counts.restarts = read.integer<qint64>(LogFieldRange::restarts);
        event.counts.failures = read.integer<qint64>(LogFieldRange::failures);
        event.counts.completions = read.integer<qint64>(LogFieldRange::completions);
    }
    if (event.has(FieldRunHeader) && read.ok()) {
        if (std::optional<RunHeader> header = JsonLinesReader::header(object, problem))
            event.run = *header;
    }
    if (!read.ok())
        return std::nullopt;
    return event;
}

} // namespace SupervisorLab
