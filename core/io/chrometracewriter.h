#pragma once

#include <QtGlobal>

class QIODevice;

namespace SupervisorLab {

class EventLog;

// Chrome Trace Event JSON (object form), for Perfetto and chrome://tracing: one track per worker under a
// supervisor track; each incarnation an "X" slice, each restart delay an "X" slice while the worker is down
// and waiting (from the decision, or from the end of the incarnation it was still stopping, to the start it
// led to or the stop that cancelled it), failures and give-ups "i" instants, "M" events naming and ordering
// the tracks, and the run's config in "otherData". A worker's track shows one slice at a time. A run with nested
// supervisors puts each supervisor in a process of its own, named by its path in the tree ("app / pool"), its own
// track (its incarnations, the time it spends stopping, its give-ups, its restart delays) above its workers'. Each
// restart a worker's failure caused gets a flow ("s" bound to the restart delay that begins at the failure, on the
// failing worker's track; "f" with "bp":"e" bound to the incarnation the restart begins), and the restart rate
// (events/restartrate.h) is a "C" counter track. The first `count` events make a snapshot: what is still open closes
// at the last of them.
class ChromeTraceWriter
{
public:
    static bool write(const EventLog &log, qsizetype count, QIODevice &device);
};

} // namespace SupervisorLab
