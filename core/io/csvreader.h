#pragma once

#include "events/lifecycleevent.h"

#include <QByteArrayList>
#include <QByteArrayView>

#include <optional>

namespace SupervisorLab {

// Reads the CSV that CsvWriter writes (RFC 4180, header t_us,event,worker,incarnation,reason,delay_ms,attempt):
// a field a kind does not carry must be blank, and every number in range. A quoted reason may span lines; the
// caller joins them until isComplete() says the record is whole.
class CsvReader
{
public:
    static constexpr int kColumns = 7;

    static bool isHeader(QByteArrayView line); // without its newline
    static bool isComment(QByteArrayView line);
    // Whether `record` closes every quoted field it opens.
    static bool isComplete(QByteArrayView record);
    // The fields of a complete record; std::nullopt with `*problem` set if its quoting is broken.
    static std::optional<QByteArrayList> fields(QByteArrayView record, QString *problem);
    // The event a record describes. A run_started row carries no header of its own: it takes the comment's.
    static std::optional<LifecycleEvent> parse(QByteArrayView record, QString *problem);
    // The "# run_started {...}" comment line: the run's version, seed and config.
    static std::optional<RunHeader> parseComment(QByteArrayView line, QString *problem);
};

} // namespace SupervisorLab
