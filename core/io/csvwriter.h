#pragma once

#include "events/lifecycleevent.h"

#include <QByteArray>

class QIODevice;

namespace SupervisorLab {

class EventLog;

// CSV (RFC 4180) with the header t_us,event,worker,incarnation,reason,delay_ms,attempt and blank cells for
// absent fields; a run with dependencies adds an eighth column, dependency (the header says which). The run's version,
// seed and config ride in a "# run_started" comment line; config_changed puts "key=value" and run_finished "restarts=N
// failures=N completions=N" in the reason column.
class CsvWriter
{
public:
    static const QByteArray &header(bool dependencyColumn = false); // with its newline
    static QByteArray runStartedComment(const RunHeader &run); // with its newline
    static QByteArray line(const LifecycleEvent &event, bool dependencyColumn = false); // with its newline
    // Whether a run with this header is written with the dependency column: it has dependencies.
    static bool needsDependencyColumn(const RunHeader &run);
    // A text cell, quoted where RFC 4180 needs it. A text a spreadsheet would take for a formula (it begins with
    // = + - @, a tab or a carriage return) gets a leading apostrophe, as OWASP advises against CSV injection; so
    // does a text that begins with an apostrophe, so that unquotedText() gives back exactly what was written.
    static QByteArray quoted(const QString &field);
    // The text of a cell that quoted() wrote, after the CSV reader has undone the RFC 4180 quoting.
    static QString unquotedText(const QByteArray &cell);
    static bool startsLikeAFormula(QStringView text);
    static QString countsText(const RunCounts &counts);
    static bool write(const EventLog &log, qsizetype count, QIODevice &device);
};

} // namespace SupervisorLab
