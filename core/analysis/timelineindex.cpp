#include "analysis/timelineindex.h"

#include "events/eventlog.h"
#include "policy/restartwindow.h"
#include "policy/supervisorconfig.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {
constexpr qint64 kUsPerMs = 1000;
}

void TimelineIndex::reset()
{
    *this = TimelineIndex();
}

BarEnd TimelineIndex::barEndOf(const LifecycleEvent &event)
{
    switch (event.kind) {
    case EventKind::WorkerCompleted:
        return BarEnd::Completed;
    case EventKind::WorkerFailed:
        switch (event.failure) {
        case FailureKind::Error:
            return BarEnd::FailedError;
        case FailureKind::Exception:
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
        m_lanes.emplace_back(); // the supervisor lane exists from the start
    const qsizetype end = upTo < 0 ? log.size() : std::min(upTo, log.size());
    result.events = std::max<qsizetype>(0, end - m_consumed);
    m_reading = &log;
    for (; m_consumed < end; ++m_consumed)
        take(log.withoutReasonAt(m_consumed), m_consumed); // no text is needed: a failure's kind is in the event
    m_reading = nullptr;
    result.lanesAdded = laneCount() - lanesBefore;
    return result;
}

int TimelineIndex::restartsWithin(qint64 toUs) const
{
    return RestartWindow::countIn(m_restartDecisions.begin(), m_restartDecisions.end(), toUs, m_withinUs,
        [](const TimelineMark &mark) { return mark.tUs; });
}

void TimelineIndex::ensureWorkers(int workers)
{
    if (m_lanes.empty())
        m_lanes.emplace_back();
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

void TimelineIndex::applyLimit(const QString &key, const QString &value)
{
    if (key == u"max_restarts")
        m_maxRestarts = value == u"unlimited" ? -1 : value.toLongLong();
    else if (key == u"within")
        m_withinUs = value.toLongLong() * kUsPerMs;
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

void TimelineIndex::takeWorkerEvent(const LifecycleEvent &event, qsizetype index)
{
    TimelineLane &lane = laneFor(event.worker);
    switch (event.kind) {
    case EventKind::WorkerStarted: {
        if (!lane.gaps.empty() && lane.gaps.back().untilUs == kOpen) {
            lane.gaps.back().untilUs = event.tUs;
            lane.gaps.back().restartEvent = index;
            lane.gapEndsUs.back() = event.tUs;
            lane.longestGapUs = std::max(lane.longestGapUs, event.tUs - lane.gaps.back().fromUs);
        }
        TimelineBar bar;
        bar.startUs = event.tUs;
        bar.endUs = kOpen;
        bar.startEvent = index;
        bar.incarnation = event.incarnation;
        lane.bars.push_back(bar);
        lane.barEndsUs.push_back(kOpen);
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
        if (lane.bars.empty() || lane.bars.back().endUs != kOpen)
            break;
        TimelineBar &bar = lane.bars.back();
        bar.endUs = event.tUs;
        bar.endEvent = index;
        lane.barEndsUs.back() = event.tUs;
        bar.end = barEndOf(event);
        if (event.kind == EventKind::WorkerFailed && isDependencyFailure(event.failure) && bar.startUs == event.tUs)
            markTurnedAway(event, index);
        // A restart decided while the worker was still stopping waits from the moment it is down.
        if (!lane.gaps.empty() && lane.gaps.back().untilUs == kOpen && lane.gaps.back().fromUs >= bar.startUs)
            lane.gaps.back().fromUs = event.tUs;
        break;
    }
    case EventKind::RestartScheduled:
        scheduleRestart(event, index);
        break;
    default:
        break;
    }
}

void TimelineIndex::scheduleRestart(const LifecycleEvent &event, qsizetype index)
{
    // The exit the decision answers: the cause's incarnation, which has ended and not yet been restarted.
    TimelineGap cause;
    if (event.cause.isValid()) {
        const TimelineLane &causeLane = laneFor(event.cause.worker);
        if (!causeLane.bars.empty() && causeLane.bars.back().incarnation == event.cause.incarnation
            && causeLane.bars.back().endEvent >= 0) {
            cause.causeEvent = causeLane.bars.back().endEvent;
            cause.causeUs = causeLane.bars.back().endUs;
            cause.causeWorker = event.cause.worker;
        }
    }
    if (m_groups.beginsDecision(event))
        m_restartDecisions.push_back({ event.tUs, cause.causeEvent, EventKind::RestartScheduled });

    TimelineLane &lane = laneFor(event.worker);
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
}

void TimelineIndex::closeOpenGaps(qint64 tUs)
{
    for (TimelineLane &lane : m_lanes) {
        if (lane.gaps.empty() || lane.gaps.back().untilUs != kOpen)
            continue;
        // A restart decided while the worker was still stopping would have waited from the moment it was down;
        // cancelled before that, the worker never waited at all.
        const bool stillStopping = !lane.bars.empty() && lane.bars.back().endUs == kOpen
            && lane.gaps.back().fromUs >= lane.bars.back().startUs;
        if (stillStopping) {
            lane.gaps.pop_back();
            lane.gapEndsUs.pop_back();
            continue;
        }
        lane.gaps.back().untilUs = tUs;
        lane.gaps.back().cancelled = true;
        lane.gapEndsUs.back() = tUs;
        lane.longestGapUs = std::max(lane.longestGapUs, tUs - lane.gaps.back().fromUs);
    }
}

} // namespace SupervisorLab
