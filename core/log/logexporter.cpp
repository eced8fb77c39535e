#include "logexporter.h"

#include "chrometracewriter.h"
#include "csvwriter.h"
#include "eventlog.h"
#include "jsonlineswriter.h"

#include <QSaveFile>

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
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = u"%1: cannot write: %2"_s.arg(path, file.errorString());
        return false;
    }
    const qsizetype count = log.size();
    bool written = false;
    switch (*format) {
    case LogFormat::JsonLines:
        written = JsonLinesWriter::write(log, count, file);
        break;
    case LogFormat::Csv:
        written = CsvWriter::write(log, count, file);
        break;
    case LogFormat::ChromeTrace:
        written = ChromeTraceWriter::write(log, count, file);
        break;
    }
    if (!written || !file.commit()) {
        *error = u"%1: write failed: %2"_s.arg(path, file.errorString());
        file.cancelWriting();
        return false;
    }
    return true;
}

} // namespace SupervisorLab
