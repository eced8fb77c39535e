#include "io/csvwriter.h"

#include "events/eventlog.h"
#include "policy/supervisorconfig.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

const QByteArray &CsvWriter::header(int columns)
{
    static const QByteArray text = "t_us,event,worker,incarnation,reason,delay_ms,attempt\n";
    static const QByteArray withDependency = "t_us,event,worker,incarnation,reason,delay_ms,attempt,dependency\n";
    static const QByteArray withSupervisor
        = "t_us,event,worker,incarnation,reason,delay_ms,attempt,dependency,supervisor\n";
    static const QByteArray withOutput
        = "t_us,event,worker,incarnation,reason,delay_ms,attempt,dependency,supervisor,output\n";
    if (columns == kColumnsWithOutput)
        return withOutput;
    if (columns == kColumnsWithSupervisor)
        return withSupervisor;
    return columns == kColumnsWithDependency ? withDependency : text;
}

int CsvWriter::columnsFor(const RunHeader &run)
{
    // Whether a worker runs a program is the config's to say (a node's own command, or the run's); a config that does
    // not read (a log made by hand) runs none.
    SupervisorConfig config;
    if (config.applyJson(run.config).isEmpty() && config.hasPrograms())
        return kColumnsWithOutput;
    const QJsonObject tree = run.config.value(u"tree"_s).toObject();
    for (const QJsonValue child : tree.value(u"children"_s).toArray()) {
        if (child.toObject().contains(u"children"_s))
            return kColumnsWithSupervisor;
    }
    return run.config.value(u"dependencies"_s).toArray().isEmpty() ? kColumns : kColumnsWithDependency;
}

QByteArray CsvWriter::runStartedComment(const RunHeader &run)
{
    QJsonObject object;
    object.insert(u"version"_s, run.version);
    object.insert(u"seed"_s, qint64(run.seed));
    object.insert(u"config"_s, run.config);
    return "# run_started " + QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

bool CsvWriter::startsLikeAFormula(QStringView text)
{
    // OWASP's list of what makes a spreadsheet evaluate a cell, and the apostrophe that hides it.
    return !text.isEmpty() && QStringView(u"=+-@\t\r'").contains(text.front());
}

QByteArray CsvWriter::quoted(const QString &field)
{
    QByteArray utf8 = field.toUtf8();
    if (startsLikeAFormula(field))
        utf8.prepend('\'');
    if (!utf8.contains(',') && !utf8.contains('"') && !utf8.contains('\n') && !utf8.contains('\r'))
        return utf8;
    utf8.replace("\"", "\"\"");
    return '"' + utf8 + '"';
}

QString CsvWriter::unquotedText(const QByteArray &cell)
{
    const QString text = QString::fromUtf8(cell);
    return text.startsWith(u'\'') ? text.sliced(1) : text;
}

QString CsvWriter::countsText(const RunCounts &counts)
{
    return u"restarts=%1 failures=%2 completions=%3"_s.arg(counts.restarts)
        .arg(counts.failures)
        .arg(counts.completions);
}

QByteArray CsvWriter::line(const LifecycleEvent &event, int columns)
{
    QString reason = event.reason;
    if (event.has(FieldKeyValue))
        reason = event.key + u'=' + event.value;
    else if (event.has(FieldCounts))
        reason = countsText(event.counts);

    QByteArray out = QByteArray::number(event.tUs) + ',' + eventName(event.kind).toUtf8() + ',';
    const bool nested = event.isNestedSupervisors();
    if ((event.has(FieldWorker) && !nested) || (event.has(FieldKeyValue) && event.worker >= 0))
        out += QByteArray::number(event.worker);
    out += ',';
    if (event.has(FieldIncarnation) || (nested && event.has(FieldSupervisor)))
        out += QByteArray::number(event.incarnation);
    out += ',' + quoted(reason) + ',';
    if (event.has(FieldDelay))
        out += QByteArray::number(event.delayMs);
    out += ',';
    if (event.has(FieldAttempt))
        out += QByteArray::number(event.attempt);
    if (columns >= kColumnsWithDependency) {
        out += ',';
        if (event.has(FieldDependency))
            out += QByteArray::number(event.dependency);
    }
    if (columns >= kColumnsWithSupervisor) {
        out += ',';
        if (nested)
            out += QByteArray::number(event.supervisorIndex);
    }
    if (columns >= kColumnsWithOutput) {
        out += ',';
        if (event.has(FieldOutput)) // free text: quoted, and kept from looking like a formula, as a reason is
            out += quoted(event.output);
    }
    out += '\n';
    return out;
}

bool CsvWriter::write(const EventLog &log, qsizetype count, QIODevice &device)
{
    const int columns = columnsFor(log.header());
    QByteArray chunk = header(columns);
    for (qsizetype i = 0; i < count; ++i) {
        const LifecycleEvent event = log.at(i);
        if (event.kind == EventKind::RunStarted)
            chunk.append(runStartedComment(event.run));
        chunk.append(line(event, columns));
        if (chunk.size() > (1 << 16)) {
            if (device.write(chunk) != chunk.size())
                return false;
            chunk.clear();
        }
    }
    return device.write(chunk) == chunk.size();
}

} // namespace SupervisorLab
