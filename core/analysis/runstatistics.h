#pragma once

#include "analysis/dependencytracker.h"
#include "events/lifecycleevent.h"
#include "events/restartrate.h"

#include <QList>
#include <QString>

#include <array>
#include <optional>
#include <vector>

namespace SupervisorLab {

class EventLog;

// The statistics of one run, taken in incrementally from its EventLog: each update() reads only the events
// appended since the previous one, so it can be called at display rate on a log of millions of events.
//
// Time. Queries take `nowUs`, the run's current time, so that an incarnation still running counts up to now.
// The time actually used is never earlier than the last event taken in, and stops at supervisor_stopped: a
// finished run's figures stay put however long the window stays open.
//
// Availability of a worker is its running time over the time since its *first start*, not since the run
// began. It is meant to show what the pattern is about, the time lost to failures, restart delays, backoff
// and open circuits, and not how long the supervisor took to start its children; a worker that has not
// started yet has no availability (std::nullopt) rather than 0 %. The run's availability is the mean over
// the workers that have started, so that each worker weighs the same however long it has existed.
//
// MTBF is running time over failures (undefined without failures). MTTR is the mean time from a worker_failed
// to that worker's next worker_started; a failure not followed by a start (yet) is not counted, so a worker
// the supervisor gave up on or whose circuit is open does not show a growing MTTR. The totals use the same
// rules over all workers: the run's MTBF is the total running time over all failures, its MTTR the mean of
// every recovery, and recoveryTimesUs() keeps each recovery's time, for percentiles.
//
// An outage of a worker is a stretch of time after its first start during which none of its incarnations runs:
// a restart delay, an open circuit, a worker down for good. A start a dependency turns away (it fails for a
// dependency in the same microsecond) runs nothing: it neither ends an outage nor counts as a recovery, though it
// is a start and a failure like any other. The longest outage counts a stretch still going on
// up to the time used.
class RunStatistics
{
public:
    static constexpr qint64 kBucketUs = RestartRate::kStepUs; // restarts are counted per 100 ms of run time

    enum class CircuitState
    {
        Closed,
        Open,
        HalfOpen,
    };

    // The figures of one worker, or of all of them, at a given time.
    struct Measures
    {
        qint64 starts = 0;
        qint64 restarts = 0; // restarts done: isRestart(), a worker_started with incarnation > 1
        qint64 completions = 0;
        std::array<qint64, kFailureKindCount> failuresByKind {};
        qint64 stops = 0;
        qint64 abandons = 0;
        int running = 0; // incarnations running now
        qint64 runningUs = 0; // time spent running, from worker_started to the incarnation's terminal event
        qint64 observedUs = 0; // time since the first start (for the totals: summed over workers)
        qint64 recoveries = 0; // failures followed by a start
        qint64 longestOutageUs = 0; // for the totals: the longest of any worker
        qint64 currentOutageUs = 0; // since its last incarnation ended, while none runs; totals: the longest
        std::optional<double> availability; // 0..1
        std::optional<qint64> mtbfUs;
        std::optional<qint64> mttrUs;

        qint64 failures() const;
        qint64 failures(FailureKind kind) const { return failuresByKind[size_t(kind)]; }
        friend bool operator==(const Measures &, const Measures &) = default;
    };

    // Takes in the events appended since the last call, up to `end` (-1: all of them), so that views fed the same
    // prefix of a log show the same figures. A log shorter than what was already taken in is a different log: the
    // statistics start over from its beginning.
    void update(const EventLog &log, qsizetype end = -1);
    void reset();
    qsizetype eventsTakenIn() const { return m_taken; }

    // Workers are known from the run_started config, or as their indexes appear.
    int workerCount() const { return int(m_workers.size()); }
    Measures worker(int index, qint64 nowUs) const;
    Measures total(qint64 nowUs) const;

    // A supervisor of the run's tree (the root, 0, in any run) and the workers below it, at any depth.
    struct Subtree
    {
        Measures measures; // over the subtree's workers, by the rules of total()
        qint64 starts = 0; // the supervisor's own: supervisor_started
        qint64 restarts = 0; // ... after the first
        qint64 gaveUps = 0;
        bool running = false;
    };
    int supervisorCount() const { return int(m_supervisors.size()); }
    QString supervisorName(int supervisor) const;
    // The supervisor a supervisor is a child of (-1 for the root), and a worker's.
    int parentOfSupervisor(int supervisor) const;
    int supervisorOfWorker(int worker) const;
    Subtree subtree(int supervisor, qint64 nowUs) const;
    CircuitState circuit(int worker) const;
    int openCircuits() const; // open or half-open

    // The run time the figures use for `nowUs` (see the class comment).
    qint64 timeUs(qint64 nowUs) const;
    qint64 lastEventUs() const { return m_lastEventUs; }
    bool isFinished() const { return m_endUs.has_value(); }
    std::optional<qint64> endUs() const { return m_endUs; }
    // The root's give-up: the run's. A nested supervisor's is its subtree's (subtree().gaveUps).
    bool gaveUp() const { return m_gaveUpUs.has_value(); }
    std::optional<qint64> gaveUpAtUs() const { return m_gaveUpUs; }
    QString gaveUpReason() const { return m_gaveUpReason; }

    // Restarts done (isRestart()), the count every view shows.
    qint64 restarts() const { return m_restartRate.total(); }
    // The run's dependencies: outages, attempts while down, attempts refused, recovery lags.
    const DependencyTracker &world() const { return m_world; }
    // The time of every recovery (a worker_failed to that worker's next worker_started), all workers, in log order.
    const QList<qint64> &recoveryTimesUs() const { return m_recoveryTimesUs; }
    // Whether recoveryTimesUs() keeps every recovery (the default: the explorer's percentiles need them). The window,
    // which never reads them, turns it off: 8 bytes per restart, the one part of the statistics that would grow with
    // the events rather than with the workers and the buckets. Kept across reset().
    void setKeepsRecoveryTimes(bool keep) { m_keepsRecoveryTimes = keep; }
    // The restart rate's rule and counts (events/restartrate.h): what the chart, "now" and the trace show.
    const RestartRate &restartRate() const { return m_restartRate; }
    // Restarts whose time falls in [fromUs, toUs), both rounded down to a whole 100 ms bucket.
    qint64 restartsBetween(qint64 fromUs, qint64 toUs) const { return m_restartRate.between(fromUs, toUs); }
    // The width restartRate() uses for a requested one: a whole number of 100 ms buckets, at least one.
    static qint64 bucketWidthUs(qint64 requestedUs);
    // The restart rate (RestartRate::at(), restarts per second over the last second) averaged over each of the
    // consecutive bars of bucketWidthUs(bucketUs), the first starting at 0, covering run time up to `untilUs` (by
    // default the last event taken in). One restart adds 1/s to one second's worth of bars, whatever their width.
    // Costs one step per returned bar.
    QList<double> restartRate(qint64 bucketUs, qint64 untilUs = -1) const;
    // The restart rate at timeUs(nowUs) while the run goes on; none once it is over (it stopped or gave up): a
    // finished run has no "now", and its last second is not a rate that goes on.
    std::optional<double> restartRateNow(qint64 nowUs) const;

private:
    struct Worker
    {
        Measures counted; // counts and closed incarnations; time-dependent figures are derived on query
        qint64 firstStartUs = -1;
        qint64 runningSinceUs = -1; // start of the running incarnation, -1 when none runs
        qint64 unrecoveredFailureUs = -1; // last failure not yet followed by a start
        qint64 recoveryUs = 0; // summed over recoveries
        qint64 downSinceUs = -1; // end of the last incarnation, while none runs
        CircuitState circuit = CircuitState::Closed;
        // As it was before the latest start, should a dependency turn that start away.
        struct Snapshot
        {
            qint64 downSinceUs = -1;
            qint64 unrecoveredFailureUs = -1;
            qint64 longestOutageUs = 0;
            qint64 recoveries = 0;
            qint64 recoveryUs = 0;
            qsizetype recoveryTimes = 0;
        } beforeStart;
    };

    struct Supervisor
    {
        QString name = QStringLiteral("supervisor");
        int parent = -1;
        qint64 starts = 0;
        qint64 gaveUps = 0;
        bool running = false;
    };

    void take(const EventLog &log, qsizetype index);
    void takeTree(const QJsonObject &config);
    bool isBelow(int worker, int supervisor) const;
    Measures sumOver(qint64 nowUs, int supervisor) const;
    Worker *workerFor(int index);

    std::vector<Worker> m_workers;
    std::vector<int> m_workerSupervisor; // from the run's tree; 0 for a worker it does not place
    std::vector<Supervisor> m_supervisors { Supervisor {} };
    qsizetype m_taken = 0;
    qint64 m_lastEventUs = 0;
    std::optional<qint64> m_endUs;
    std::optional<qint64> m_gaveUpUs;
    QString m_gaveUpReason;
    QList<qint64> m_recoveryTimesUs;
    bool m_keepsRecoveryTimes = true;
    // Memory grows with the 100 ms buckets that hold restarts, not with the run time (a log may jump days ahead
    // between two events).
    RestartRate m_restartRate;
    DependencyTracker m_world;
};

} // namespace SupervisorLab
