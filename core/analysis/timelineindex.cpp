#include "analysis/timelineindex.h"

#include "events/eventlog.h"
#include "policy/restartwindow.h"
#include "policy/supervisorconfig.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <atomic>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {
constexpr qint64 kUsPerMs = 1000;
std::atomic<size_t> g_defaultDetailBudget { TimelineIndex::kDefaultDetailBudgetBytes };
} // namespace

void TimelineIndex::setDefaultDetailBudgetBytes(size_t bytes)
{
    g_defaultDetailBudget.store(bytes, std::memory_order_relaxed);
}

size_t TimelineIndex::defaultDetailBudgetBytes()
{
    return g_defaultDetailBudget.load(std::memory_order_relaxed);
}

void TimelineIndex::reset()
{
    const size_t budget = m_detailBudget;
    *this = TimelineIndex();
    m_detailBudget = budget;
}

BarEnd TimelineIndex::barEndOf(const LifecycleEvent &event)
{
    switch (event.kind) {
    case EventKind::WorkerCompleted:
        return BarEnd::Completed;
    case EventKind::WorkerFailed:
        switch (event.failure) {
        case FailureKind::Error:
        case FailureKind::ExitStatus: // a program's error: it said so with its exit status
        case FailureKind::CannotStart:
            return BarEnd::FailedError;
        case FailureKind::Exception:
        case FailureKind::Signal: // a program's crash
            return BarEnd::FailedException;
        case FailureKind::Hang:
            return BarEnd::FailedHang;
        case FailureKind::DependencyDown:
            return BarEnd::FailedDependency;
        case FailureKind::Overloaded:
            return BarEnd::FailedOverloaded;
        }
        break;
    case EventKind::WorkerStopped:
        return BarEnd::Stopped;
    case EventKind::WorkerAbandoned:
        return BarEnd::Abandoned;
    default:
        break;
    }
    return BarEnd::Running;
}

TimelineIndex::Update TimelineIndex::update(const EventLog &log, qsizetype upTo)
{
    Update result;
    const int lanesBefore = laneCount();
    if (m_lanes.empty())
        ensureWorkers(0); // the supervisor lane exists from the start
    const qsizetype end = upTo < 0 ? log.size() : std::min(upTo, log.size());
    result.events = std::max<qsizetype>(0, end - m_consumed);
    m_reading = &log;
    // Events the log no longer holds (a long run's, dropped when the disk ran short) cannot be taken in.
    m_consumed = std::max(m_consumed, std::min(end, log.firstIndex()));
    constexpr qsizetype kBudgetCheckEvents = 1 << 16;
    for (; m_consumed < end; ++m_consumed) {
        take(log.withoutReasonAt(m_consumed), m_consumed); // no text is needed: a failure's kind is in the event
        if ((m_consumed & (kBudgetCheckEvents - 1)) == kBudgetCheckEvents - 1)
            keepWithinBudget();
    }
    keepWithinBudget();
    m_reading = nullptr;
    result.lanesAdded = laneCount() - lanesBefore;
    return result;
}

const TimelineLane &TimelineIndex::supervisorLane(int supervisor) const
{
    return supervisor == 0 ? m_lanes.front() : m_supervisions[size_t(supervisor)].lane;
}

int TimelineIndex::restartsWithin(int supervisor, qint64 toUs) const
{
    const Supervision &deciding = m_supervisions[size_t(supervisor)];
    return RestartWindow::countIn(deciding.decisions.begin(), deciding.decisions.end(), toUs, deciding.withinUs,
        [](const TimelineMark &mark) { return mark.tUs; });
}

void TimelineIndex::ensureWorkers(int workers)
{
    if (m_lanes.empty()) {
        TimelineLane root;
        root.supervisor = 0;
        m_lanes.push_back(std::move(root));
    }
    while (laneCount() < workers + 1) {
        TimelineLane lane;
        lane.worker = laneCount() - 1;
        m_lanes.push_back(std::move(lane));
    }
}

TimelineLane &TimelineIndex::laneFor(int worker)
{
    ensureWorkers(worker + 1);
    return m_lanes[size_t(laneOfWorker(worker))];
}

TimelineIndex::Supervision &TimelineIndex::supervision(int supervisor)
{
    // A log built by hand may name a supervisor its header does not have: it hangs under the root.
    while (supervisorCount() <= supervisor) {
        Supervision nested;
        nested.parent = 0;
        nested.lane.supervisor = supervisorCount();
        m_supervisions.push_back(std::move(nested));
    }
    return m_supervisions[size_t(supervisor)];
}

void TimelineIndex::readTree(const QJsonObject &config)
{
    if (!config.contains(u"tree"))
        return;
    SupervisorConfig tree;
    if (!tree.applyJson(config).isEmpty()) // a recorded log's config was checked as it was read
        return;
    for (int supervisor = 1; supervisor < tree.supervisorCount(); ++supervisor) {
        Supervision &nested = supervision(supervisor);
        nested.parent = std::max(0, tree.supervisorSpecs.at(supervisor).parent);
        const SupervisorConfig own = tree.forSupervisor(supervisor);
        nested.maxRestarts = own.maxRestarts;
        nested.withinUs = own.withinMs * kUsPerMs;
    }
    m_workerSupervisors.clear();
    for (const WorkerSpec &worker : tree.workerSpecs)
        m_workerSupervisors.push_back(std::clamp(worker.supervisor, 0, supervisorCount() - 1));
}

bool TimelineIndex::isInSubtree(int supervisor, int ancestor) const
{
    for (int above = supervisor; above >= 0; above = parentOf(above)) {
        if (above == ancestor)
            return true;
    }
    return false;
}

void TimelineIndex::applyLimit(const QString &key, const QString &value)
{
    // Changed live, the limit is the run's: the root's. A nested supervisor keeps the one its node set.
    Supervision &root = m_supervisions.front();
    if (key == u"max_restarts")
        root.maxRestarts = value == u"unlimited" ? -1 : value.toLongLong();
    else if (key == u"within")
        root.withinUs = value.toLongLong() * kUsPerMs;
}

void TimelineIndex::take(const LifecycleEvent &event, qsizetype index)
{
    m_lastEventUs = event.tUs;
    if (event.has(FieldWorker) && event.worker >= 0 && event.kind != EventKind::CircuitOpened
        && event.kind != EventKind::CircuitHalfOpen && event.kind != EventKind::CircuitClosed) {
        takeWorkerEvent(event, index);
        return;
    }
    if (event.has(FieldDependency)) {
        takeDependencyEvent(event, index);
        return;
    }
    if (event.isNestedSupervisors()) {
        takeNestedSupervisorEvent(event, index);
        return;
    }
    TimelineLane &supervisor = m_lanes.front();
    supervisor.marks.push_back({ event.tUs, index, event.kind });
    switch (event.kind) {
    case EventKind::RunStarted: {
        const QJsonObject config = event.run.config;
        ensureWorkers(std::max(1, config.value(u"workers").toInt(1)));
        for (const QJsonValue &dependency : config.value(u"dependencies").toArray()) {
            TimelineLane lane;
            lane.dependency = int(m_dependencyLanes.size());
            m_dependencyLanes.push_back(std::move(lane));
            m_dependencyNames << dependency.toObject().value(u"name").toString();
        }
        for (const QString &key : { u"max_restarts"_s, u"within"_s })
            applyLimit(key, SupervisorConfig::jsonValueText(config.value(key)));
        readTree(config);
        break;
    }
    case EventKind::ConfigChanged:
        applyLimit(event.key, event.value);
        break;
    case EventKind::SupervisorGaveUp:
        m_gaveUpUs = event.tUs;
        closeOpenGaps(event.tUs);
        break;
    case EventKind::SupervisorStopping:
        closeOpenGaps(event.tUs);
        break;
    case EventKind::RunFinished:
        m_runOver = true;
        break;
    case EventKind::CircuitOpened:
    case EventKind::CircuitHalfOpen:
    case EventKind::CircuitClosed: {
        // Each lane keeps the worker's periods; the supervisor lane keeps everyone's.
        for (TimelineLane *lane : { &supervisor, &laneFor(event.worker) }) {
            auto &periods = lane->circuitPeriods;
            const auto open = std::find_if(periods.rbegin(), periods.rend(),
                [&](const TimelinePeriod &p) { return p.worker == event.worker && p.untilUs == kOpen; });
            if (open != periods.rend())
                open->untilUs = event.tUs;
            if (event.kind != EventKind::CircuitClosed)
                periods.push_back({ event.tUs, kOpen, event.worker, index, event.kind == EventKind::CircuitHalfOpen });
        }
        break;
    }
    default:
        break;
    }
}

void TimelineIndex::takeNestedSupervisorEvent(const LifecycleEvent &event, qsizetype index)
{
    const int supervisor = event.supervisorIndex;
    TimelineLane &lane = this->supervision(supervisor).lane;
    if (event.kind == EventKind::RestartScheduled) {
        scheduleRestart(event, index, lane);
        return;
    }
    lane.marks.push_back({ event.tUs, index, event.kind });
    Supervision &nested = m_supervisions[size_t(supervisor)];
    switch (event.kind) {
    case EventKind::SupervisorStarted:
        nested.gaveUpEvent = -1;
        startBar(lane, event.tUs, index, event.incarnation);
        break;
    case EventKind::SupervisorGaveUp:
        nested.gaveUpEvent = index;
        markStopping(lane, event.tUs, index);
        closeOpenGaps(event.tUs, supervisor);
        break;
    case EventKind::SupervisorStopping:
        markStopping(lane, event.tUs, index);
        closeOpenGaps(event.tUs, supervisor);
        break;
    case EventKind::SupervisorStopped:
        // A give-up is what ended the incarnation: the bar ends on it, where its stop began.
        if (nested.gaveUpEvent >= 0)
            endBar(lane, event.tUs, nested.gaveUpEvent, BarEnd::GaveUp);
        else
            endBar(lane, event.tUs, index, BarEnd::Stopped);
        nested.gaveUpEvent = -1;
        break;
    default:
        break;
    }
}

void TimelineIndex::takeDependencyEvent(const LifecycleEvent &event, qsizetype index)
{
    if (event.dependency < 0 || event.dependency >= dependencyLaneCount())
        return;
    std::vector<TimelinePeriod> &outages = m_dependencyLanes[size_t(event.dependency)].outages;
    const bool down = !outages.empty() && outages.back().untilUs == kOpen;
    if (event.kind == EventKind::DependencyDown && !down) {
        const bool manual = m_reading && m_reading->at(index).reason == u"manual";
        outages.push_back({ event.tUs, kOpen, -1, index, false, manual });
    } else if (event.kind == EventKind::DependencyUp && down) {
        outages.back().untilUs = event.tUs;
    }
}

void TimelineIndex::markTurnedAway(const LifecycleEvent &event, qsizetype index)
{
    if (!m_reading)
        return;
    const qsizetype dependency = m_dependencyNames.indexOf(dependencyOfReason(m_reading->at(index).reason));
    if (dependency >= 0)
        m_dependencyLanes[size_t(dependency)].marks.push_back({ event.tUs, index, event.kind, event.failure });
}

void TimelineIndex::startBar(TimelineLane &lane, qint64 tUs, qsizetype index, quint32 incarnation)
{
    if (!lane.gaps.empty() && lane.gaps.back().untilUs == kOpen) {
        lane.gaps.back().untilUs = tUs;
        lane.gaps.back().restartEvent = index;
        lane.gapEndsUs.back() = tUs;
        lane.longestGapUs = std::max(lane.longestGapUs, tUs - lane.gaps.back().fromUs);
    }
    TimelineBar bar;
    bar.startUs = tUs;
    bar.endUs = kOpen;
    bar.startEvent = index;
    bar.incarnation = incarnation;
    lane.bars.push_back(bar);
    lane.barEndsUs.push_back(kOpen);
}

bool TimelineIndex::endBar(TimelineLane &lane, qint64 tUs, qsizetype index, BarEnd end)
{
    if (lane.bars.empty() || lane.bars.back().endUs != kOpen)
        return false;
    TimelineBar &bar = lane.bars.back();
    bar.endUs = tUs;
    bar.endEvent = index;
    bar.end = end;
    lane.barEndsUs.back() = tUs;
    // A restart decided while the child was still stopping waits from the moment it is down.
    if (!lane.gaps.empty() && lane.gaps.back().untilUs == kOpen && lane.gaps.back().fromUs >= bar.startUs)
        lane.gaps.back().fromUs = tUs;
    return true;
}

void TimelineIndex::markStopping(TimelineLane &lane, qint64 tUs, qsizetype index)
{
    if (!lane.bars.empty() && lane.bars.back().endUs == kOpen && lane.bars.back().stoppingEvent < 0) {
        lane.bars.back().stoppingUs = tUs;
        lane.bars.back().stoppingEvent = index;
    }
}

void TimelineIndex::noteSubtreeStart(int worker, qint64 tUs, qsizetype index)
{
    for (int above = supervisorOfWorker(worker); above > 0; above = parentOf(above)) {
        Supervision &nested = m_supervisions[size_t(above)];
        if (nested.runningWorkers++ == 0)
            startBar(nested.subtree, tUs, index, 0);
    }
}

void TimelineIndex::noteSubtreeEnd(const LifecycleEvent &event, qsizetype index)
{
    for (int above = supervisorOfWorker(event.worker); above > 0; above = parentOf(above)) {
        Supervision &nested = m_supervisions[size_t(above)];
        if (event.kind == EventKind::WorkerFailed)
            nested.subtree.marks.push_back({ event.tUs, index, event.kind, event.failure });
        if (nested.runningWorkers > 0 && --nested.runningWorkers == 0)
            endBar(nested.subtree, event.tUs, index, barEndOf(event));
    }
}

void TimelineIndex::takeWorkerEvent(const LifecycleEvent &event, qsizetype index)
{
    TimelineLane &lane = laneFor(event.worker);
    switch (event.kind) {
    case EventKind::WorkerStarted: {
        const bool wasRunning = !lane.bars.empty() && lane.bars.back().endUs == kOpen; // only in a log made by hand
        startBar(lane, event.tUs, index, event.incarnation);
        if (!wasRunning)
            noteSubtreeStart(event.worker, event.tUs, index);
        break;
    }
    case EventKind::WorkerStopping:
        if (!lane.bars.empty() && lane.bars.back().endUs == kOpen) {
            lane.bars.back().stoppingUs = event.tUs;
            lane.bars.back().stoppingEvent = index;
        }
        break;
    case EventKind::WorkerCompleted:
    case EventKind::WorkerFailed:
    case EventKind::WorkerStopped:
    case EventKind::WorkerAbandoned: {
        const qint64 startUs = lane.bars.empty() ? 0 : lane.bars.back().startUs;
        if (!endBar(lane, event.tUs, index, barEndOf(event)))
            break;
        if (event.kind == EventKind::WorkerFailed && isDependencyFailure(event.failure) && startUs == event.tUs)
            markTurnedAway(event, index);
        noteSubtreeEnd(event, index);
        break;
    }
    case EventKind::RestartScheduled:
        scheduleRestart(event, index, lane);
        break;
    default:
        break;
    }
}

TimelineLane *TimelineIndex::causeLaneOf(const RestartCause &cause)
{
    if (cause.worker >= 0)
        return &laneFor(cause.worker);
    if (cause.supervisor > 0)
        return &supervision(cause.supervisor).lane;
    return nullptr;
}

void TimelineIndex::scheduleRestart(const LifecycleEvent &event, qsizetype index, TimelineLane &lane)
{
    // The exit the decision answers: the cause's incarnation, which has ended and not yet been restarted.
    TimelineGap cause;
    if (const TimelineLane *causeLane = causeLaneOf(event.cause)) {
        if (!causeLane->bars.empty() && causeLane->bars.back().incarnation == event.cause.incarnation
            && causeLane->bars.back().endEvent >= 0) {
            cause.causeEvent = causeLane->bars.back().endEvent;
            cause.causeUs = causeLane->bars.back().endUs;
            cause.causeWorker = event.cause.worker;
            cause.causeSupervisor = event.cause.worker >= 0 ? -1 : event.cause.supervisor;
        }
    }
    // The restart of a child counts toward the intensity of the supervisor that decided it: its parent.
    const int deciding = lane.supervisor > 0 ? parentOf(lane.supervisor) : supervisorOfWorker(lane.worker);
    if (m_groups.beginsDecision(event))
        m_supervisions[size_t(deciding)].decisions.push_back(
            { event.tUs, cause.causeEvent, EventKind::RestartScheduled });

    const bool waiting = !lane.gaps.empty() && lane.gaps.back().untilUs == kOpen;
    if (!waiting) {
        TimelineGap gap;
        const bool down = lane.bars.empty() || lane.bars.back().endUs != kOpen;
        gap.fromUs = down && !lane.bars.empty() ? std::min(lane.bars.back().endUs, event.tUs) : event.tUs;
        gap.untilUs = kOpen;
        lane.gaps.push_back(gap);
        lane.gapEndsUs.push_back(kOpen);
    }
    TimelineGap &gap = lane.gaps.back();
    gap.scheduledUs = event.tUs;
    gap.delayMs = event.delayMs;
    gap.attempt = event.attempt;
    gap.scheduleEvent = index;
    gap.causeEvent = cause.causeEvent;
    gap.causeUs = cause.causeUs;
    gap.causeWorker = cause.causeWorker;
    gap.causeSupervisor = cause.causeSupervisor;
}

void TimelineIndex::closeOpenGap(TimelineLane &lane, qint64 tUs)
{
    if (lane.gaps.empty() || lane.gaps.back().untilUs != kOpen)
        return;
    // A restart decided while the child was still stopping would have waited from the moment it was down;
    // cancelled before that, the child never waited at all.
    const bool stillStopping
        = !lane.bars.empty() && lane.bars.back().endUs == kOpen && lane.gaps.back().fromUs >= lane.bars.back().startUs;
    if (stillStopping) {
        lane.gaps.pop_back();
        lane.gapEndsUs.pop_back();
        return;
    }
    lane.gaps.back().untilUs = tUs;
    lane.gaps.back().cancelled = true;
    lane.gapEndsUs.back() = tUs;
    lane.longestGapUs = std::max(lane.longestGapUs, tUs - lane.gaps.back().fromUs);
}

void TimelineIndex::closeOpenGaps(qint64 tUs, int supervisor)
{
    for (size_t lane = 1; lane < m_lanes.size(); ++lane) {
        if (isInSubtree(supervisorOfWorker(m_lanes[lane].worker), supervisor))
            closeOpenGap(m_lanes[lane], tUs);
    }
    for (int nested = supervisor + 1; nested < supervisorCount(); ++nested) {
        if (isInSubtree(nested, supervisor))
            closeOpenGap(m_supervisions[size_t(nested)].lane, tUs);
    }
}

} // namespace SupervisorLab

namespace SupervisorLab {

template<typename Visit> void TimelineIndex::forEachLane(Visit visit)
{
    for (TimelineLane &lane : m_lanes)
        visit(lane);
    for (TimelineLane &lane : m_dependencyLanes)
        visit(lane);
    for (size_t supervisor = 0; supervisor < m_supervisions.size(); ++supervisor) {
        if (supervisor > 0)
            visit(m_supervisions[supervisor].lane);
        visit(m_supervisions[supervisor].subtree);
    }
}

size_t TimelineIndex::heldBytes()
{
    size_t bytes = 0;
    forEachLane([&bytes](const TimelineLane &lane) {
        bytes += lane.bars.size() * (sizeof(TimelineBar) + sizeof(qint64))
            + lane.gaps.size() * (sizeof(TimelineGap) + sizeof(qint64)) + lane.marks.size() * sizeof(TimelineMark);
    });
    for (const Supervision &supervision : m_supervisions)
        bytes += supervision.decisions.size() * sizeof(TimelineMark);
    return bytes;
}

void TimelineIndex::keepWithinBudget()
{
    m_detailBytes = heldBytes();
    while (m_detailBudget > 0 && m_detailBytes > m_detailBudget) {
        // The older half of the time held in detail goes into the summaries (in a steady flood, once is enough). When
        // no time is left to halve (a flood in virtual time with no work and no delay), everything but each lane's
        // last items goes, and that is all that can go.
        qint64 cutoffUs = m_detailFromUs + (m_lastEventUs - m_detailFromUs) / 2;
        if (cutoffUs <= m_detailFromUs)
            cutoffUs = m_lastEventUs + 1;
        summariseBefore(cutoffUs);
        m_detailBytes = heldBytes();
        if (cutoffUs > m_lastEventUs)
            break;
    }
}

TimelineBucket &TimelineIndex::bucketAt(TimelineLane &lane, qint64 tUs)
{
    const size_t bucket = size_t(std::max<qint64>(0, tUs) / m_summaryBucketUs);
    if (lane.summary.size() <= bucket)
        lane.summary.resize(bucket + 1);
    return lane.summary[bucket];
}

void TimelineIndex::addCovered(TimelineLane &lane, qint64 fromUs, qint64 toUs, bool running)
{
    fromUs = std::max<qint64>(0, fromUs);
    while (fromUs < toUs) {
        const qint64 bucketEndUs = (fromUs / m_summaryBucketUs + 1) * m_summaryBucketUs;
        const qint64 untilUs = std::min(toUs, bucketEndUs);
        TimelineBucket &bucket = bucketAt(lane, fromUs);
        (running ? bucket.runningUs : bucket.waitingUs) += untilUs - fromUs;
        fromUs = untilUs;
    }
}

void TimelineIndex::widenSummaries(qint64 cutoffUs)
{
    while (cutoffUs / m_summaryBucketUs >= qint64(kMaxSummaryBuckets)) {
        m_summaryBucketUs *= 2;
        forEachLane([](TimelineLane &lane) {
            std::vector<TimelineBucket> &summary = lane.summary;
            for (size_t i = 0; 2 * i < summary.size(); ++i) {
                TimelineBucket merged = summary[2 * i];
                if (2 * i + 1 < summary.size()) {
                    const TimelineBucket &next = summary[2 * i + 1];
                    merged.runningUs += next.runningUs;
                    merged.waitingUs += next.waitingUs;
                    merged.starts += next.starts;
                    merged.failures += next.failures;
                    merged.marks += next.marks;
                }
                summary[i] = merged;
            }
            summary.resize((summary.size() + 1) / 2);
        });
    }
}

void TimelineIndex::summariseLane(TimelineLane &lane, qint64 cutoffUs)
{
    // Items end in time order (the open one, if any, is last): those over before the cutoff leave, never the last.
    size_t bars = 0;
    while (bars + 1 < lane.bars.size() && lane.barEndsUs[bars] < cutoffUs)
        ++bars;
    for (size_t i = 0; i < bars; ++i) {
        const TimelineBar &bar = lane.bars[i];
        ++bucketAt(lane, bar.startUs).starts;
        if (bar.end >= BarEnd::FailedError && bar.end <= BarEnd::FailedOverloaded)
            ++bucketAt(lane, bar.endUs).failures;
        addCovered(lane, bar.startUs, bar.endUs, true);
    }
    lane.bars.dropFront(bars);
    lane.barEndsUs.dropFront(bars);

    size_t gaps = 0;
    while (gaps + 1 < lane.gaps.size() && lane.gapEndsUs[gaps] < cutoffUs)
        ++gaps;
    for (size_t i = 0; i < gaps; ++i)
        addCovered(lane, lane.gaps[i].fromUs, lane.gaps[i].untilUs, false);
    lane.gaps.dropFront(gaps);
    lane.gapEndsUs.dropFront(gaps);

    size_t marks = 0;
    while (marks + 1 < lane.marks.size() && lane.marks[marks].tUs < cutoffUs)
        ++marks;
    for (size_t i = 0; i < marks; ++i)
        ++bucketAt(lane, lane.marks[i].tUs).marks;
    lane.marks.dropFront(marks);
}

void TimelineIndex::summariseBefore(qint64 cutoffUs)
{
    widenSummaries(cutoffUs);
    forEachLane([this, cutoffUs](TimelineLane &lane) { summariseLane(lane, cutoffUs); });
    // Restart decisions are counted, not drawn one by one: those that can still fall in a supervisor's intensity
    // window before the newest event stay.
    for (Supervision &supervision : m_supervisions) {
        const qint64 keepFromUs = std::min(cutoffUs, m_lastEventUs - supervision.withinUs);
        size_t decisions = 0;
        while (decisions + 1 < supervision.decisions.size() && supervision.decisions[decisions].tUs < keepFromUs)
            ++decisions;
        supervision.decisions.dropFront(decisions);
    }
    m_detailFromUs = std::max(m_detailFromUs, std::min(cutoffUs, m_lastEventUs));
}

} // namespace SupervisorLab
