#pragma once

#include <QString>

#include <optional>

namespace SupervisorLab {

class EventLog;

enum class LogFormat
{
    JsonLines,
    Csv,
    ChromeTrace
};

// Writes an event log to a file, atomically: the file appears complete or not at all, and a file that was
// there before survives a failed write untouched.
class LogExporter
{
public:
    // The format a file name asks for: .jsonl, .csv or .trace.json.
    static std::optional<LogFormat> formatFor(const QString &path);
    static QString supportedExtensions();
    // Exports the events recorded so far (a consistent snapshot, even while the run goes on).
    static bool save(const EventLog &log, const QString &path, QString *error);
};

} // namespace SupervisorLab
