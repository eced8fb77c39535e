#pragma once

#include "analysis/chunkedvector.h"
#include "events/lifecycleevent.h"
#include "events/restartgroups.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <limits>
#include <vector>

namespace SupervisorLab {

class EventLog;

// How an incarnation's bar ends on the timeline.
enum class BarEnd : quint8
{
    Running,
    Completed,
    FailedError,
    FailedException,
    FailedHang,
    FailedDependency,
    FailedOverloaded,
    Stopped,
    Abandoned,
    GaveUp, // a supervisor's incarnation: it gave up, stopped its children and exited
};

// One incarnation of a worker, from worker_started to its terminal event; on a nested supervisor's lane, from
// supervisor_started to supervisor_stopped (a give-up is its stopping and its end event).
struct TimelineBar
{
    qint64 startUs = 0;
    qint64 endUs = 0; // TimelineIndex::kOpen while it runs
    qint64 stoppingUs = -1; // when a stop was requested, or -1
    qsizetype startEvent = -1;
    qsizetype endEvent = -1;
    qsizetype stoppingEvent = -1;
    quint32 incarnation = 0;
    BarEnd end = BarEnd::Running;

    friend bool operator==(const TimelineBar &, const TimelineBar &) = default;
};

// A worker waiting to be restarted: from the end of its incarnation (or the decision, if that came first)
// to the start of the next one. `causeEvent` is the failure or completion that led to the restart: the
// worker's own, or under one-for-all / rest-for-one a sibling's.
struct TimelineGap
{
    qint64 fromUs = 0;
    qint64 untilUs = 0; // TimelineIndex::kOpen while waiting
    qint64 scheduledUs = 0;
    qint64 delayMs = 0;
    quint32 attempt = 0;
    qsizetype scheduleEvent = -1;
    qsizetype causeEvent = -1;
    qint64 causeUs = 0;
    int causeWorker = -1;
    int causeSupervisor = -1; // the exit of a nested supervisor caused it (causeWorker is then -1)
    qsizetype restartEvent = -1;
    bool cancelled = false; // the supervisor stopped or gave up before the restart

    friend bool operator==(const TimelineGap &, const TimelineGap &) = default;
};

// A circuit breaker's open (or half-open) period for one worker; on a dependency's lane, an outage.
struct TimelinePeriod
{
    qint64 fromUs = 0;
    qint64 untilUs = 0; // TimelineIndex::kOpen while it lasts
    int worker = -1;
    qsizetype fromEvent = -1;
    bool halfOpen = false;
    bool manual = false; // a dependency's outage: taken down by hand

    friend bool operator==(const TimelinePeriod &, const TimelinePeriod &) = default;
};

// An event placed on a lane by itself: supervisor events, config changes, restart decisions.
struct TimelineMark
{
    qint64 tUs = 0;
    qsizetype event = -1;
    EventKind kind = EventKind::RunStarted;
    FailureKind failure = FailureKind::Error; // on a dependency's lane: an attempt while it was down, or refused

    friend bool operator==(const TimelineMark &, const TimelineMark &) = default;
};

// What grows with the run is kept in chunks: a vector doubling under a million bars copied them all in one go and
// stalled a frame.
template<typename Item> using TimelineItems = ChunkedVector<Item>;

// What a lane did in one stretch of long-past time whose items are no longer kept one by one (see
// TimelineIndex::detailFromUs()): enough to paint it at a zoom that fits the whole run.
struct TimelineBucket
{
    qint64 runningUs = 0; // time covered by bars (incarnations running)
    qint64 waitingUs = 0; // time covered by gaps (waiting to be restarted)
    quint32 starts = 0; // bars that began in it
    quint32 failures = 0; // bars that ended in a failure in it
    quint32 marks = 0; // marks in it (a supervisor's events, a dependency's turned-away starts, a subtree's failures)

    friend bool operator==(const TimelineBucket &, const TimelineBucket &) = default;
};

struct TimelineLane
{
    int worker = -1; // -1: a supervisor's lane, or a dependency's
    int supervisor = -1; // a supervisor's lane: 0 the root's, > 0 a nested supervisor's
    int dependency = -1; // a dependency's lane: its outages and the starts it turned away (marks)
    std::vector<TimelinePeriod> outages;
    TimelineItems<TimelineBar> bars;
    TimelineItems<TimelineGap> gaps;
    std::vector<TimelinePeriod> circuitPeriods;
    TimelineItems<TimelineMark> marks;
    // The ends of the bars and of the gaps once more (kOpen while open), packed: a painter searches them in
    // every pixel column, and eight of them share a cache line where one bar or gap takes one or two.
    TimelineItems<qint64> barEndsUs;
    TimelineItems<qint64> gapEndsUs;
    qint64 longestGapUs = 0; // of the closed gaps, from the start of each to its end
    // The time before TimelineIndex::detailFromUs(), in buckets of TimelineIndex::summaryBucketUs(): bucket i covers
    // [i × width, (i + 1) × width). Empty while every item is kept.
    std::vector<TimelineBucket> summary;

    friend bool operator==(const TimelineLane &, const TimelineLane &) = default;
};

// What the timeline draws, derived from an event log and kept up to date incrementally: each call to
// update() costs in proportion to the events it takes in. Lane 0 is the root supervisor, lane w+1
// is worker w. Bars, gaps, periods and marks are each sorted by time and do not overlap within a lane, so
// a view finds the visible ones by binary search. No widgets here: the view and the tests share it.
//
// In a tree, each nested supervisor has a lane of its own (supervisorLane()): its incarnations, its stopping, its
// give-ups and its restart delays, as a worker's lane has them, for it is a child of its parent like a worker. Its
// subtree also has a summary lane (subtreeLane()), for a view that shows the subtree as one lane.
//
// Memory stays bounded however long the run (setDetailBudgetBytes()): when the items held pass the budget, the older
// half of the time kept in detail is folded into each lane's summary (counts and covered time per coarse bucket, at
// most kMaxSummaryBuckets per lane, the buckets widening by doubling as the run grows) and its items leave. The last
// bar, gap and mark of every lane always stay, and so does the restart-intensity window before the newest event, so
// the live edge, the lanes' states and restartsWithin() at the live edge are unchanged. Items held before
// detailFromUs() are gone; a view paints that time from the lanes' summaries.
class TimelineIndex
{
public:
    static constexpr qint64 kOpen = std::numeric_limits<qint64>::max();
    static constexpr int kSupervisorLane = 0;

    struct Update
    {
        qsizetype events = 0; // taken in by this update
        int lanesAdded = 0;
    };

    void reset();
    // Takes in the log's events up to `upTo` (-1: all of them).
    Update update(const EventLog &log, qsizetype upTo = -1);

    // The supervisor's lane and the workers' (dependencies have lanes of their own, below).
    int laneCount() const { return int(m_lanes.size()); }
    const TimelineLane &lane(int index) const { return m_lanes[size_t(index)]; }
    int dependencyLaneCount() const { return int(m_dependencyLanes.size()); }
    const TimelineLane &dependencyLane(int dependency) const { return m_dependencyLanes[size_t(dependency)]; }
    static int laneOfWorker(int worker) { return worker + 1; }

    // The supervisors, the root (0) and the nested ones (numbered depth-first, as in the run's tree).
    int supervisorCount() const { return int(m_supervisions.size()); }
    // Requires 0 <= supervisor < supervisorCount(); the root's is lane(kSupervisorLane).
    const TimelineLane &supervisorLane(int supervisor) const;
    // A nested supervisor's subtree as one lane: a bar wherever at least one of its workers runs (ending as the last
    // of them ended), and a mark for each failure of one of them. Empty for the root.
    const TimelineLane &subtreeLane(int supervisor) const { return m_supervisions[size_t(supervisor)].subtree; }
    int parentOf(int supervisor) const { return m_supervisions[size_t(supervisor)].parent; } // -1 for the root
    int supervisorOfWorker(int worker) const
    {
        return worker >= 0 && worker < int(m_workerSupervisors.size()) ? m_workerSupervisors[size_t(worker)] : 0;
    }

    qsizetype eventCount() const { return m_consumed; }
    qint64 lastEventUs() const { return m_lastEventUs; }
    bool isRunOver() const { return m_runOver; }
    qint64 gaveUpUs() const { return m_gaveUpUs; } // -1 if the root supervisor did not give up
    // The root's restart intensity limit in force (R restarts within T); maxRestarts < 0 means unlimited.
    qint64 maxRestarts() const { return maxRestarts(0); }
    qint64 withinUs() const { return withinUs(0); }
    // The root's restart decisions in (toUs - withinUs(), toUs], a group restart counting once, as the limit counts
    // them. In a tree, the root decides the restarts of its own children only.
    int restartsWithin(qint64 toUs) const { return restartsWithin(0, toUs); }
    const TimelineItems<TimelineMark> &restartDecisions() const { return restartDecisions(0); }
    // The same for any supervisor: the restarts of its children it decided, and its own limit.
    qint64 maxRestarts(int supervisor) const { return m_supervisions[size_t(supervisor)].maxRestarts; }
    qint64 withinUs(int supervisor) const { return m_supervisions[size_t(supervisor)].withinUs; }
    int restartsWithin(int supervisor, qint64 toUs) const;
    const TimelineItems<TimelineMark> &restartDecisions(int supervisor) const
    {
        return m_supervisions[size_t(supervisor)].decisions;
    }

    static BarEnd barEndOf(const LifecycleEvent &event);

    // Before this time the lanes keep summaries only (0 while every item is kept).
    qint64 detailFromUs() const { return m_detailFromUs; }
    qint64 summaryBucketUs() const { return m_summaryBucketUs; }
    static constexpr size_t kMaxSummaryBuckets = 1024;
    // About how many bytes the items held take; past the budget, the older half of the detail is summarised.
    size_t detailBytes() const { return m_detailBytes; }
    void setDetailBudgetBytes(size_t bytes) { m_detailBudget = bytes; } // 0: keep every item; kept across reset()
    size_t detailBudgetBytes() const { return m_detailBudget; }
    static constexpr size_t kDefaultDetailBudgetBytes = size_t(64) << 20; // about 1 M restarts of a flood in detail
    // The budget new indexes start with (kDefaultDetailBudgetBytes until set): for benchmarks, tests and settings.
    static void setDefaultDetailBudgetBytes(size_t bytes);
    static size_t defaultDetailBudgetBytes();

private:
    struct Supervision
    {
        TimelineLane lane; // a nested supervisor's; the root's is m_lanes[0]
        TimelineLane subtree;
        int parent = -1;
        int runningWorkers = 0; // of its subtree
        qsizetype gaveUpEvent = -1; // its incarnation that is stopping gave up there
        TimelineItems<TimelineMark> decisions;
        qint64 maxRestarts = -1;
        qint64 withinUs = 0;
    };

    TimelineLane &laneFor(int worker);
    void ensureWorkers(int workers);
    Supervision &supervision(int supervisor);
    void readTree(const QJsonObject &config);
    bool isInSubtree(int supervisor, int ancestor) const;
    void take(const LifecycleEvent &event, qsizetype index);
    void takeWorkerEvent(const LifecycleEvent &event, qsizetype index);
    void takeNestedSupervisorEvent(const LifecycleEvent &event, qsizetype index);
    void startBar(TimelineLane &lane, qint64 tUs, qsizetype index, quint32 incarnation);
    // Ends the lane's open bar; false if none was open.
    bool endBar(TimelineLane &lane, qint64 tUs, qsizetype index, BarEnd end);
    void markStopping(TimelineLane &lane, qint64 tUs, qsizetype index);
    void noteSubtreeStart(int worker, qint64 tUs, qsizetype index);
    void noteSubtreeEnd(const LifecycleEvent &event, qsizetype index);
    TimelineLane *causeLaneOf(const RestartCause &cause);
    void scheduleRestart(const LifecycleEvent &event, qsizetype index, TimelineLane &lane);
    // Cancels the waits of every lane below `supervisor` (for the root: of every lane).
    void closeOpenGaps(qint64 tUs, int supervisor = 0);
    static void closeOpenGap(TimelineLane &lane, qint64 tUs);
    void applyLimit(const QString &key, const QString &value);

    void takeDependencyEvent(const LifecycleEvent &event, qsizetype index);
    void keepWithinBudget();
    size_t heldBytes();
    void summariseBefore(qint64 cutoffUs);
    void summariseLane(TimelineLane &lane, qint64 cutoffUs);
    void widenSummaries(qint64 cutoffUs);
    void addCovered(TimelineLane &lane, qint64 fromUs, qint64 toUs, bool running);
    TimelineBucket &bucketAt(TimelineLane &lane, qint64 tUs);
    template<typename Visit> void forEachLane(Visit visit);
    void markTurnedAway(const LifecycleEvent &event, qsizetype index);

    std::vector<TimelineLane> m_lanes;
    std::vector<TimelineLane> m_dependencyLanes;
    std::vector<Supervision> m_supervisions = std::vector<Supervision>(1); // the root first
    std::vector<int> m_workerSupervisors;
    QStringList m_dependencyNames;
    const EventLog *m_reading = nullptr; // during update(): for the reason of a start a dependency turned away
    qsizetype m_consumed = 0;
    RestartGroups m_groups;
    qint64 m_lastEventUs = 0;
    qint64 m_gaveUpUs = -1;
    bool m_runOver = false;
    qint64 m_detailFromUs = 0;
    qint64 m_summaryBucketUs = 100'000;
    size_t m_detailBytes = 0;
    size_t m_detailBudget = defaultDetailBudgetBytes();
};

} // namespace SupervisorLab
