#pragma once

#include "io/logexporter.h"

#include <QString>

#include <memory>
#include <optional>

class QIODevice;

namespace SupervisorLab {

class EventLog;

// Reads an event log back from JSON Lines or CSV, as exported, so that a run can be replayed and re-exported
// byte for byte. It trusts nothing: every line must be an event of the vocabulary with its fields in range, the
// log must be one run (run_started first, times never going back, workers within the run's, nothing after
// run_finished), and it was written by a version of the lab that this one reads. Memory stays bounded by the
// events themselves: a line longer than kMaxLineBytes is refused as soon as it is seen to be.
// A log without run_finished is accepted: it was exported while its run went on.
class LogImporter
{
public:
    static constexpr qsizetype kMaxLineBytes = 64 * 1024;

    // The format a file name asks for: .jsonl or .csv.
    static std::optional<LogFormat> formatFor(const QString &path);
    static QString supportedExtensions();

    // The log in `path`; nullptr with a one-line `*error` naming the file, the line and what is wrong. A log of more
    // than `maxEvents` events (0: no limit) is refused at the first event too many: the memory limit (MemoryLimit)
    // holds no more.
    static std::shared_ptr<EventLog> load(const QString &path, QString *error, qint64 maxEvents = 0);
    // The same from an open device; `name` stands for it in errors.
    static std::shared_ptr<EventLog> read(
        QIODevice &device, LogFormat format, const QString &name, QString *error, qint64 maxEvents = 0);
};

} // namespace SupervisorLab
