#pragma once

#include <QtGlobal>

namespace SupervisorLab {

class EventLog;

// What happened within a stretch of a run, [fromUs, toUs): what a time range selected on the timeline measures.
// Derived from the log alone, so that the timeline, the status bar and tests agree.
struct RangeSummary
{
    qint64 fromUs = 0;
    qint64 toUs = 0;
    int restarts = 0; // worker_started with incarnation > 1, as run_finished counts them
    int failures = 0; // worker_failed
    int completions = 0; // worker_completed
    // The share of the workers' time spent running within the range, each worker counted from its first start (as
    // the statistics count availability); -1 when no worker had started by the range's end.
    double availability = -1;
    // The mean time from the end of a worker's incarnation to the restart that followed it, over the restarts in the
    // range; -1 when there were none.
    qint64 meanRestartDelayUs = -1;

    qint64 lengthUs() const { return toUs - fromUs; }

    // Reads the log from its first kept event up to `toUs`; the caller clamps `toUs` to the run's time so far
    // (running workers count as running up to it).
    static RangeSummary of(const EventLog &log, qint64 fromUs, qint64 toUs);

    friend bool operator==(const RangeSummary &, const RangeSummary &) = default;
};

} // namespace SupervisorLab
