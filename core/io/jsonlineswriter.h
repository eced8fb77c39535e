#pragma once

#include "events/lifecycleevent.h"

#include <QByteArray>

class QIODevice;

namespace SupervisorLab {

class EventLog;

// JSON Lines: one object per event, fields in a fixed order (t_us, event, then the kind's own fields), so
// that the same log always gives the same bytes.
class JsonLinesWriter
{
public:
    static QByteArray line(const LifecycleEvent &event); // with its newline
    // Writes events [0, count) of `log`; false if the device refused.
    static bool write(const EventLog &log, qsizetype count, QIODevice &device);
};

} // namespace SupervisorLab
