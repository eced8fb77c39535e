#include "analysis/rangesummary.h"

#include "events/eventlog.h"

#include <algorithm>
#include <vector>

namespace SupervisorLab {

namespace {

qint64 overlapUs(qint64 from, qint64 to, qint64 rangeFrom, qint64 rangeTo)
{
    return std::max<qint64>(0, std::min(to, rangeTo) - std::max(from, rangeFrom));
}

struct WorkerTrack
{
    qint64 firstStartUs = -1;
    qint64 runningSinceUs = -1; // -1 while not running
    qint64 lastEndUs = -1;
};

} // namespace

RangeSummary RangeSummary::of(const EventLog &log, qint64 fromUs, qint64 toUs)
{
    RangeSummary summary;
    summary.fromUs = fromUs;
    summary.toUs = std::max(fromUs, toUs);
    toUs = summary.toUs;
    std::vector<WorkerTrack> workers;
    qint64 runningUs = 0;
    qint64 delaySumUs = 0;
    int delays = 0;
    for (qsizetype i = log.firstIndex(); i < log.size() && log.timeAt(i) < toUs; ++i) {
        const EventKind kind = log.kindAt(i);
        const bool starts = kind == EventKind::WorkerStarted;
        const bool ends = kind == EventKind::WorkerCompleted || kind == EventKind::WorkerFailed
            || kind == EventKind::WorkerStopped || kind == EventKind::WorkerAbandoned;
        if (!starts && !ends)
            continue;
        const LifecycleEvent event = log.withoutReasonAt(i);
        if (event.worker < 0)
            continue;
        if (size_t(event.worker) >= workers.size())
            workers.resize(size_t(event.worker) + 1);
        WorkerTrack &worker = workers[size_t(event.worker)];
        const bool inRange = event.tUs >= fromUs;
        if (starts) {
            if (worker.firstStartUs < 0)
                worker.firstStartUs = event.tUs;
            worker.runningSinceUs = event.tUs;
            if (event.incarnation > 1 && inRange) {
                ++summary.restarts;
                if (worker.lastEndUs >= 0) {
                    delaySumUs += event.tUs - worker.lastEndUs;
                    ++delays;
                }
            }
            continue;
        }
        if (worker.runningSinceUs >= 0)
            runningUs += overlapUs(worker.runningSinceUs, event.tUs, fromUs, toUs);
        worker.runningSinceUs = -1;
        worker.lastEndUs = event.tUs;
        if (inRange && kind == EventKind::WorkerFailed)
            ++summary.failures;
        if (inRange && kind == EventKind::WorkerCompleted)
            ++summary.completions;
    }
    qint64 observedUs = 0;
    for (const WorkerTrack &worker : workers) {
        if (worker.firstStartUs < 0)
            continue;
        observedUs += overlapUs(worker.firstStartUs, toUs, fromUs, toUs);
        if (worker.runningSinceUs >= 0)
            runningUs += overlapUs(worker.runningSinceUs, toUs, fromUs, toUs);
    }
    if (observedUs > 0)
        summary.availability = double(runningUs) / double(observedUs);
    if (delays > 0)
        summary.meanRestartDelayUs = delaySumUs / delays;
    return summary;
}

} // namespace SupervisorLab
