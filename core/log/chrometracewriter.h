#pragma once

#include <QtGlobal>

class QIODevice;

namespace SupervisorLab {

class EventLog;

// Chrome Trace Event JSON (object form), for Perfetto and chrome://tracing: one track per worker under a
// supervisor track; each incarnation an "X" slice, each restart delay an "X" slice between the end that
// caused it and the start it led to, failures and give-ups "i" instants, "M" events naming and ordering the
// tracks, and the run's config in "otherData".
class ChromeTraceWriter
{
public:
    static bool write(const EventLog &log, qsizetype count, QIODevice &device);
};

} // namespace SupervisorLab
