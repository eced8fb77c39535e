#pragma once

#include "events/lifecycleevent.h"
#include "io/csvwriter.h"

#include <QByteArrayList>
#include <QByteArrayView>
#include <QCoreApplication>

#include <optional>

namespace SupervisorLab {

// Reads the CSV that CsvWriter writes (RFC 4180, header t_us,event,worker,incarnation,reason,delay_ms,attempt):
// a field a kind does not carry must be blank, and every number in range. A quoted reason or output may span lines;
// the caller joins them until isComplete() says the record is whole.
class CsvReader
{
    Q_DECLARE_TR_FUNCTIONS(CsvReader)

public:
    static constexpr int kColumns = CsvWriter::kColumns;
    static constexpr int kColumnsWithDependency = CsvWriter::kColumnsWithDependency;
    static constexpr int kColumnsWithSupervisor = CsvWriter::kColumnsWithSupervisor;
    static constexpr int kColumnsWithOutput = CsvWriter::kColumnsWithOutput;

    static bool isHeader(QByteArrayView line); // without its newline
    // How many columns the records under this header have: 7, 8 with the dependency column, 9 with the supervisor
    // column too, 10 with the output column after those; 0 if not a header.
    static int headerColumns(QByteArrayView line);
    static bool isComment(QByteArrayView line);
    // Whether `record` closes every quoted field it opens.
    static bool isComplete(QByteArrayView record);
    // The fields of a complete record; std::nullopt with `*problem` set if its quoting is broken.
    static std::optional<QByteArrayList> fields(QByteArrayView record, QString *problem, int columns = kColumns);
    // The event a record describes. A run_started row carries no header of its own: it takes the comment's.
    static std::optional<LifecycleEvent> parse(QByteArrayView record, QString *problem, int columns = kColumns);
    // The "# run_started {...}" comment line: the run's version, seed and config.
    static std::optional<RunHeader> parseComment(QByteArrayView line, QString *problem);
};

} // namespace SupervisorLab
