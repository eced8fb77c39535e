#include "io/csvreader.h"

#include "io/csvwriter.h"
#include "io/jsonlinesreader.h"
#include "io/logfieldrange.h"
#include "io/strictjson.h"
#include "policy/echoedtext.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace SupervisorLab {
namespace {

constexpr QByteArrayView kCommentPrefix = "# run_started ";

enum Column
{
    TimeColumn,
    EventColumn,
    WorkerColumn,
    IncarnationColumn,
    ReasonColumn,
    DelayColumn,
    AttemptColumn,
    DependencyColumn,
    SupervisorColumn,
    OutputColumn,
};

constexpr std::array<QStringView, CsvReader::kColumnsWithOutput> kColumnNames { u"t_us", u"event", u"worker",
    u"incarnation", u"reason", u"delay_ms", u"attempt", u"dependency", u"supervisor", u"output" };

std::optional<qint64> integer(const QByteArray &text, const LogFieldRange &range, QString *problem)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || text.isEmpty() || !(std::isdigit(static_cast<unsigned char>(text.front())) || text.front() == '-')) {
        *problem = range.problemWithText(QString::fromUtf8(text));
        return std::nullopt;
    }
    if (QString outOfRange = range.problemWith(value); !outOfRange.isEmpty()) {
        *problem = outOfRange;
        return std::nullopt;
    }
    return value;
}

// run_finished's reason column: "restarts=N failures=N completions=N".
std::optional<RunCounts> countsFrom(const QByteArray &text, QString *problem)
{
    const QByteArrayList parts = text.split(' ');
    const std::array<const LogFieldRange *, 3> ranges { &LogFieldRange::restarts, &LogFieldRange::failures,
        &LogFieldRange::completions };
    std::array<qint64, 3> values {};
    bool shaped = parts.size() == 3;
    for (size_t i = 0; shaped && i < ranges.size(); ++i) {
        const QByteArray prefix = ranges[i]->name.toLatin1() + '=';
        shaped = parts.at(qsizetype(i)).startsWith(prefix);
        if (shaped) {
            const std::optional<qint64> value = integer(parts.at(qsizetype(i)).mid(prefix.size()), *ranges[i], problem);
            if (!value)
                return std::nullopt;
            values[i] = *value;
        }
    }
    if (!shaped) {
        //: run_finished, reason and what it must read are as the file has them
        *problem = QCoreApplication::translate(
            "CsvReader", "run_finished's reason must read 'restarts=N failures=N completions=N'");
        return std::nullopt;
    }
    return RunCounts { values[0], values[1], values[2] };
}

} // namespace

bool CsvReader::isHeader(QByteArrayView line)
{
    return headerColumns(line) > 0;
}

int CsvReader::headerColumns(QByteArrayView line)
{
    for (const int columns : { kColumns, kColumnsWithDependency, kColumnsWithSupervisor, kColumnsWithOutput }) {
        if (line == QByteArrayView(CsvWriter::header(columns)).chopped(1))
            return columns;
    }
    return 0;
}

bool CsvReader::isComment(QByteArrayView line)
{
    return line.startsWith('#');
}

bool CsvReader::isComplete(QByteArrayView record)
{
    return record.count('"') % 2 == 0;
}

std::optional<QByteArrayList> CsvReader::fields(QByteArrayView record, QString *problem, int columns)
{
    QByteArrayList result;
    QByteArray field;
    qsizetype i = 0;
    for (;;) {
        field.clear();
        if (i < record.size() && record[i] == '"') {
            ++i;
            for (;;) {
                if (i >= record.size()) {
                    *problem = tr("a quoted field is not closed");
                    return std::nullopt;
                }
                if (record[i] == '"') {
                    if (i + 1 < record.size() && record[i + 1] == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field.append(record[i++]);
            }
            if (i < record.size() && record[i] != ',') {
                //: %1 is the column's number, from 1
                *problem = tr("a quoted field goes on after its closing quote (column %1)").arg(result.size() + 1);
                return std::nullopt;
            }
        } else {
            while (i < record.size() && record[i] != ',') {
                if (record[i] == '"') {
                    //: %1 is the column's number, from 1
                    *problem = tr("a quote inside an unquoted field (column %1)").arg(result.size() + 1);
                    return std::nullopt;
                }
                field.append(record[i++]);
            }
        }
        result.append(field);
        if (result.size() > columns) {
            //: %1 is how many columns the file's header has
            *problem = tr("more than %1 columns").arg(columns);
            return std::nullopt;
        }
        if (i >= record.size())
            break;
        ++i; // the comma
    }
    if (result.size() != columns) {
        //: %1 is how many columns the record has, %2 how many the file's header has
        *problem = tr("%1 columns where %2 are expected").arg(QString::number(result.size()), QString::number(columns));
        return std::nullopt;
    }
    return result;
}

std::optional<RunHeader> CsvReader::parseComment(QByteArrayView line, QString *problem)
{
    if (!line.startsWith(kCommentPrefix)) {
        //: '# run_started {…}' is the comment line as the file has it
        *problem = tr("the only comment a log has is '# run_started {…}'");
        return std::nullopt;
    }
    const std::optional<QJsonDocument> document
        = StrictJson::parse(line.sliced(kCommentPrefix.size()), StrictJson::Position::Column, problem);
    if (!document || !document->isObject()) {
        //: run_started is an event's name; %1 what is wrong with the comment's JSON
        *problem = document ? tr("the run_started comment is not a JSON object")
                            : tr("the run_started comment: %1").arg(*problem);
        return std::nullopt;
    }
    const QJsonObject object = document->object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() != u"version" && it.key() != u"seed" && it.key() != u"config") {
            //: run_started is an event's name; %1 a field's name as the file has it
            *problem = tr("the run_started comment has no field '%1'").arg(echoed(it.key()));
            return std::nullopt;
        }
    }
    return JsonLinesReader::header(object, problem);
}

std::optional<LifecycleEvent> CsvReader::parse(QByteArrayView record, QString *problem, int columns)
{
    const std::optional<QByteArrayList> cells = fields(record, problem, columns);
    if (!cells)
        return std::nullopt;
    const QByteArray &name = cells->at(EventColumn);
    const std::optional<EventKind> kind = eventKindFromName(QString::fromUtf8(name));
    if (!kind) {
        //: %1 is the event's name as the file has it
        *problem = tr("unknown event '%1'").arg(echoed(QString::fromUtf8(name)));
        return std::nullopt;
    }
    LifecycleEvent event;
    event.kind = *kind;
    const quint16 fields = eventFields(*kind);
    const auto expect = [&](Column column, bool carried) {
        // A reason may be blank where the kind carries one (the importer judges it), an output always may.
        if (carried && column != ReasonColumn && column != OutputColumn && cells->at(column).isEmpty()) {
            //: %1 is the event's name (restart_scheduled), %2 a column's name (delay_ms)
            *problem = tr("%1 needs '%2'").arg(QString::fromUtf8(name), kColumnNames[column]);
            return false;
        }
        if (!carried && !cells->at(column).isEmpty()) {
            //: %1 is the event's name (worker_started), %2 a column's name (delay_ms)
            *problem
                = tr("%1 has no '%2', but the column is not blank").arg(QString::fromUtf8(name), kColumnNames[column]);
            return false;
        }
        return true;
    };
    const bool carriesReason = fields & (FieldReason | FieldKeyValue | FieldCounts);
    const bool workerOfAChange = (fields & FieldKeyValue) && !cells->at(WorkerColumn).isEmpty();
    // A nested supervisor's event (a supervisor_* one, or its restart_scheduled) has a supervisor and no worker.
    const bool mayBeNested = (fields & FieldSupervisor) || *kind == EventKind::RestartScheduled;
    const bool nested = columns >= kColumnsWithSupervisor && mayBeNested && !cells->at(SupervisorColumn).isEmpty();
    if (!expect(WorkerColumn, ((fields & FieldWorker) && !nested) || workerOfAChange)
        || !expect(IncarnationColumn, (fields & FieldIncarnation) || (nested && (fields & FieldSupervisor)))
        || !expect(ReasonColumn, carriesReason) || !expect(DelayColumn, fields & FieldDelay)
        || !expect(AttemptColumn, fields & FieldAttempt))
        return std::nullopt;
    if (columns >= kColumnsWithDependency && !expect(DependencyColumn, fields & FieldDependency))
        return std::nullopt;
    if (columns >= kColumnsWithSupervisor && !mayBeNested && !expect(SupervisorColumn, false))
        return std::nullopt;
    if (columns >= kColumnsWithOutput && !expect(OutputColumn, fields & FieldOutput))
        return std::nullopt;
    if (columns == kColumns && (fields & FieldDependency)) {
        //: %1 is the event's name (dependency_down)
        *problem
            = tr("%1 needs the dependency column, which this file's header does not have").arg(QString::fromUtf8(name));
        return std::nullopt;
    }

    const auto read = [&](Column column, const LogFieldRange &range, auto &target) {
        const std::optional<qint64> value = integer(cells->at(column), range, problem);
        if (value)
            target = std::remove_reference_t<decltype(target)>(*value);
        return value.has_value();
    };
    if (!read(TimeColumn, LogFieldRange::timeUs, event.tUs))
        return std::nullopt;
    if ((((fields & FieldWorker) && !nested) || workerOfAChange)
        && !read(WorkerColumn, LogFieldRange::worker, event.worker))
        return std::nullopt;
    if (((fields & FieldIncarnation) || (nested && (fields & FieldSupervisor)))
        && !read(IncarnationColumn, LogFieldRange::incarnation, event.incarnation))
        return std::nullopt;
    if (nested && !read(SupervisorColumn, LogFieldRange::supervisor, event.supervisorIndex))
        return std::nullopt;
    if ((fields & FieldDelay) && !read(DelayColumn, LogFieldRange::delayMs, event.delayMs))
        return std::nullopt;
    if ((fields & FieldAttempt) && !read(AttemptColumn, LogFieldRange::attempt, event.attempt))
        return std::nullopt;
    if ((fields & FieldDependency) && !read(DependencyColumn, LogFieldRange::dependency, event.dependency))
        return std::nullopt;

    const QString reason = CsvWriter::unquotedText(cells->at(ReasonColumn));
    if (fields & FieldReason) {
        event.reason = reason;
    } else if (fields & FieldKeyValue) {
        const qsizetype equals = reason.indexOf(u'=');
        if (equals <= 0) {
            //: config_changed, reason and key=value are as the file has them
            *problem = tr("config_changed's reason must read 'key=value'");
            return std::nullopt;
        }
        event.key = reason.left(equals);
        event.value = reason.mid(equals + 1);
    } else if (fields & FieldCounts) {
        const std::optional<RunCounts> counts = countsFrom(cells->at(ReasonColumn), problem);
        if (!counts)
            return std::nullopt;
        event.counts = *counts;
    }
    if (columns >= kColumnsWithOutput && (fields & FieldOutput) && !cells->at(OutputColumn).isEmpty()) {
        event.output = CsvWriter::unquotedText(cells->at(OutputColumn));
        if (*problem = LogOutputText::problemWith(event.output); !problem->isEmpty())
            return std::nullopt;
    }
    return event;
}

} // namespace SupervisorLab
