#include "io/logexporter.h"

#include "events/eventlog.h"
#include "io/atomicfile.h"
#include "io/chrometracewriter.h"
#include "io/csvwriter.h"
#include "io/jsonlineswriter.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {

std::optional<LogFormat> LogExporter::formatFor(const QString &path)
{
    const QString lower = path.toLower();
    if (lower.endsWith(u".trace.json"))
        return LogFormat::ChromeTrace;
    if (lower.endsWith(u".jsonl"))
        return LogFormat::JsonLines;
    if (lower.endsWith(u".csv"))
        return LogFormat::Csv;
    return std::nullopt;
}

QString LogExporter::supportedExtensions()
{
    return u".jsonl, .csv or .trace.json"_s;
}

bool LogExporter::save(const EventLog &log, const QString &path, QString *error)
{
    const auto format = formatFor(path);
    if (!format) {
        *error = u"%1: unknown format; the name must end in %2"_s.arg(path, supportedExtensions());
        return false;
    }
    if (log.firstIndex() > 0) {
        *error = u"%1: not written; the run kept only its latest %2 of %3 events in memory"_s.arg(path)
                     .arg(log.size() - log.firstIndex())
                     .arg(log.size());
        return false;
    }
    return AtomicFile::write(
        path,
        [&](QIODevice &file) {
            const qsizetype count = log.size(); // the events recorded so far: a consistent snapshot
            switch (*format) {
            case LogFormat::JsonLines:
                return JsonLinesWriter::write(log, count, file);
            case LogFormat::Csv:
                return CsvWriter::write(log, count, file);
            case LogFormat::ChromeTrace:
                return ChromeTraceWriter::write(log, count, file);
            }
            return false;
        },
        error);
}

} // namespace SupervisorLab
