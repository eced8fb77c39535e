#pragma once

#include "events/lifecycleevent.h"

#include <QByteArray>

class QIODevice;

namespace SupervisorLab {

class EventLog;

// CSV (RFC 4180) with the header t_us,event,worker,incarnation,reason,delay_ms,attempt and blank cells for
// absent fields; a run with dependencies adds an eighth column, dependency, and a run with nested supervisors a
// ninth, supervisor, after it (the header says which; a nested supervisor's event has its incarnation too); a run of
// real programs a tenth, output, after those (a program's last lines, on its end). The run's version, seed and config
// ride in a "# run_started" comment line; config_changed puts "key=value" and run_finished
// "restarts=N failures=N completions=N" in the reason column.
class CsvWriter
{
public:
    static constexpr int kColumns = 7;
    static constexpr int kColumnsWithDependency = 8;
    static constexpr int kColumnsWithSupervisor = 9; // the dependency column too, blank in a run without any
    static constexpr int kColumnsWithOutput = 10; // the dependency and supervisor columns too, blank where unused

    static const QByteArray &header(int columns = kColumns); // with its newline
    static QByteArray runStartedComment(const RunHeader &run); // with its newline
    static QByteArray line(const LifecycleEvent &event, int columns = kColumns); // with its newline
    // The columns a run with this header is written with: 8 if it has dependencies, 9 if nested supervisors, 10 if
    // it runs real programs; 7 for any other, as it always was.
    static int columnsFor(const RunHeader &run);
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
