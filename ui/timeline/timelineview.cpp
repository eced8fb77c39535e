#include "timeline/timelineview.h"

#include "programoutput.h"
#include "statecolors.h"

#include "analysis/timeaxis.h"
#include "events/eventlog.h"
#include "events/readinglocale.h"
#include "teaching/programwords.h"
#include "timeline/timelineaccessible.h"
#include "timeline/timelinemodel.h"

#include <QAccessible>
#include <QContextMenuEvent>
#include <QFocusEvent>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>
#include <QSlider>
#include <QTextDocument>
#include <QToolTip>
#include <QWheelEvent>
#include <QWidgetAction>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

constexpr int kHitTolerancePx = 5;
constexpr int kDragThresholdPx = 4;
constexpr double kWheelZoomStep = 1.25;
constexpr double kLiveEdgeAt = 0.95; // share of the width left of the live edge while following it
constexpr int kSnapPx = 5; // a range's end this close to an event is drawn to it
constexpr double kKeyZoomStep = 1.5;
constexpr double kKeyPanShare = 0.125; // of the width, per key press
// A program's output in a tooltip: its last lines, each cut to this width.
constexpr int kOutputLinesShown = 6;
constexpr int kOutputWidth = 120;

// The last lines a program's incarnation wrote, for a tooltip that explains its end; empty if it wrote none.
QString outputLines(const LifecycleEvent &end)
{
    const QString tail = ProgramOutput::tail(end.output, kOutputLinesShown, kOutputWidth);
    return tail.isEmpty() ? QString()
                          : u'\n' + QCoreApplication::translate("TimelineView", "last output:") + u'\n' + tail;
}

// The first event in [first, end) of the log not before `tUs` (its times never decrease), or `end`.
qsizetype firstEventFrom(const EventLog &log, qsizetype first, qsizetype end, qint64 tUs)
{
    while (first < end) {
        const qsizetype middle = first + (end - first) / 2;
        if (log.timeAt(middle) < tUs)
            first = middle + 1;
        else
            end = middle;
    }
    return first;
}

// An event in words: its kind and whose it is, when, and why; with a program's last output if `output`.
QString eventLine(const TimelineModel &model, const LifecycleEvent &event, bool output = true)
{
    QString line = eventName(event.kind);
    if (event.has(FieldWorker) && event.worker >= 0)
        line += u" · "_s + model.workerName(event.worker);
    if (event.isNestedSupervisors())
        line += u" · "_s + model.supervisorName(event.supervisorIndex);
    if (event.has(FieldDependency))
        line += u" · "_s + model.dependencyName(event.dependency);
    if (event.has(FieldIncarnation))
        line += u" #%1"_s.arg(event.incarnation);
    //: An event and when it happened: %1 is "worker_failed · Worker 0 #1", %2 a time ("1.0 s")
    line = QCoreApplication::translate("TimelineView", "%1 at %2").arg(line, TimeAxis::formatTime(event.tUs, 1));
    if (event.has(FieldReason) && !event.reason.isEmpty())
        line += u'\n' + QCoreApplication::translate("TimelineView", "reason: %1").arg(event.reason);
    if (event.kind == EventKind::RestartScheduled) {
        //: A scheduled restart: %1 is its delay in milliseconds, %2 which attempt it is
        line += u'\n'
            + QCoreApplication::translate("TimelineView", "delay %1 ms, attempt %2")
                  .arg(TimelinePainter::numberText(event.delayMs), TimelinePainter::numberText(event.attempt));
    }
    if (event.kind == EventKind::ConfigChanged)
        line += u"\n%1 = %2"_s.arg(event.key, event.value);
    if (output && event.isTerminal())
        line += outputLines(event);
    return line;
}

} // namespace

TimelineView::TimelineView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setMouseTracking(true);
    viewport()->setMouseTracking(true);
    // Always shown: otherwise lanes appearing would change the width and make the picture jump.
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    verticalScrollBar()->setSingleStep(kLaneHeight);
    connect(horizontalScrollBar(), &QScrollBar::valueChanged, this, &TimelineView::onHorizontalScroll);
    setMinimumSize(320, kAxisHeight + kSupervisorLaneHeight + 2 * kLaneHeight);
    setFocusPolicy(Qt::StrongFocus);
    setToolTip(tr("Timeline: drag to pan, Ctrl+wheel to zoom around the cursor, Shift+drag to measure a time range, "
                  "click an event to select it, right-click a worker or a supervisor for actions (or the Menu key), "
                  "click a supervisor's triangle to collapse its subtree. Keys: W/S zoom, A/D pan, N/P next and "
                  "previous failure, Up/Down lanes, Home/End"));
    m_axis.widthPx = std::max(1, laneAreaWidth());
    TimelineAccessible::install();
    m_announcement.setSingleShot(true);
    m_announcement.setInterval(500);
    connect(&m_announcement, &QTimer::timeout, this, &TimelineView::sendAnnouncement);
}

void TimelineView::setModel(TimelineModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    m_selectedEvent = -1;
    if (m_model) {
        const auto changed = [this] {
            updateScrollBars();
            viewport()->update();
        };
        connect(m_model, &QAbstractItemModel::modelReset, this, [this, changed] {
            m_selectedEvent = -1;
            changed();
            announceChange(false);
        });
        connect(m_model, &QAbstractItemModel::rowsInserted, this, changed);
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, changed);
        connect(m_model, &QAbstractItemModel::dataChanged, this, changed);
    }
    updateScrollBars();
    viewport()->update();
    announceChange(false);
}

qint64 TimelineView::runEndUs() const
{
    return std::max(m_nowUs, m_model ? m_model->lastEventUs() : 0);
}

int TimelineView::laneAreaWidth() const
{
    return std::max(1, viewport()->width() - kGutterWidth);
}

void TimelineView::setNow(qint64 nowUs)
{
    m_nowUs = nowUs;
    if (m_followLive)
        followLiveEdge();
    updateScrollBars();
    viewport()->update();
}

void TimelineView::setFollowLive(bool follow)
{
    if (follow == m_followLive)
        return;
    m_followLive = follow;
    if (follow)
        followLiveEdge();
    viewport()->update();
    emit followLiveChanged(follow);
}

void TimelineView::followLiveEdge()
{
    TimeAxis live = m_axis;
    live.widthPx = laneAreaWidth();
    // Room after the live edge for its last marks and labels, however narrow the view.
    const double edgeX
        = std::max(live.widthPx / 2.0, std::min(kLiveEdgeAt * live.widthPx, double(live.widthPx - kLiveEdgeMarginPx)));
    live.startUs = std::max<qint64>(0, m_nowUs - std::llround(edgeX * live.usPerPixel));
    changeAxis(live, false);
}

void TimelineView::changeAxis(const TimeAxis &axis, bool byUser)
{
    m_fitted = false;
    if (byUser)
        setFollowLive(false);
    if (axis == m_axis)
        return;
    m_axis = axis;
    updateScrollBars();
    viewport()->update();
    emit axisChanged();
    announceChange(byUser);
}

void TimelineView::setAxis(const TimeAxis &axis)
{
    TimeAxis sized = axis;
    sized.widthPx = laneAreaWidth();
    changeAxis(sized, true);
}

void TimelineView::zoomIn()
{
    zoomBy(2.0);
}

void TimelineView::zoomOut()
{
    zoomBy(0.5);
}

void TimelineView::zoomBy(double factor)
{
    // Around the live edge while following it, so it stays in view; else around the selected event if it is in
    // view, or the middle.
    double anchor = m_followLive ? m_axis.mapTimeToX(m_nowUs) : m_axis.widthPx / 2.0;
    if (!m_followLive && m_model && m_model->hasEvent(m_selectedEvent)) {
        const double x = m_axis.mapTimeToX(m_model->event(m_selectedEvent).tUs);
        if (x >= 0 && x <= m_axis.widthPx)
            anchor = x;
    }
    const TimeAxis zoomed = m_axis.zoomedAround(anchor, factor);
    if (m_followLive) {
        m_axis.usPerPixel = zoomed.usPerPixel;
        followLiveEdge();
    } else {
        changeAxis(zoomed, true);
    }
}

void TimelineView::zoomToFit()
{
    const qint64 end = std::max<qint64>(runEndUs(), 1000);
    const int width = laneAreaWidth();
    const qint64 shown = std::llround(double(end) * width / std::max(1, width - kLiveEdgeMarginPx));
    changeAxis(m_axis.showing(0, std::max(shown, end + end / 50)), true);
    m_fitted = true;
}

void TimelineView::goToStart()
{
    TimeAxis start = m_axis;
    start.startUs = 0;
    changeAxis(start, true);
}

void TimelineView::goToEnd()
{
    // Following the live edge is the end of a run that is over, and keeps up with one that goes on (or a replay).
    if (m_followLive)
        followLiveEdge();
    else
        setFollowLive(true);
}

QString TimelineView::emptyHint()
{
    return tr("No run yet.\nPress Start (F5) to run the supervisor, or open a recorded log (Ctrl+O).");
}

void TimelineView::setSelectedRange(qint64 fromUs, qint64 toUs)
{
    if (fromUs > toUs)
        std::swap(fromUs, toUs);
    if (fromUs == toUs) {
        clearSelectedRange();
        return;
    }
    m_range = std::pair { fromUs, toUs };
    viewport()->update();
    emit rangeSelected(fromUs, toUs);
    announceChange();
}

void TimelineView::clearSelectedRange()
{
    if (!m_range)
        return;
    m_range.reset();
    viewport()->update();
    emit rangeCleared();
    announceChange();
}

RangeSummary TimelineView::rangeSummary() const
{
    if (!m_range || !m_model || !m_model->log())
        return {};
    const EventLog &log = *m_model->log();
    const qint64 toUs = std::clamp(runEndUs(), m_range->first, m_range->second);
    const qsizetype events = log.size();
    const bool stale = !m_summaryCache || m_summaryCache->range != *m_range || m_summaryCache->toUs != toUs
        || (!m_summaryCache->final && m_summaryCache->events != events);
    if (stale)
        m_summaryCache = SummaryCache { *m_range, toUs, events, log.lastTimeUs() >= toUs,
            RangeSummary::of(log, m_range->first, toUs) };
    return m_summaryCache->summary;
}

QString TimelineView::describeRange(qint64 fromUs, qint64 toUs, const RangeSummary &summary)
{
    //: A measured time range: %1 its length, %2 and %3 its ends
    QString text = tr("Δ %1, from %2 to %3")
                       .arg(TimeAxis::formatDuration(toUs - fromUs), TimeAxis::formatTime(fromUs, 1),
                           TimeAxis::formatTime(toUs, 1));
    //: What happened in a measured range: "2 restarts", "1 failure", "0 completions"
    text += u'\n'
        + tr("%1, %2, %3")
              .arg(tr("%n restart(s)", nullptr, int(summary.restarts)),
                  tr("%n failure(s)", nullptr, int(summary.failures)),
                  tr("%n completion(s)", nullptr, int(summary.completions)));
    //: The share of the range the workers were up, in per cent
    text += u'\n'
        + (summary.availability < 0
                ? tr("availability: no worker had started")
                : tr("availability %1 %").arg(readingLocale().toString(100.0 * summary.availability, 'f', 1)));
    if (summary.meanRestartDelayUs >= 0)
        text += u'\n'
            + tr("mean restart delay %1 (end → restart)").arg(TimeAxis::formatDuration(summary.meanRestartDelayUs));
    return text;
}

void TimelineView::zoomToRange()
{
    if (!m_range)
        return;
    const qint64 padding = (m_range->second - m_range->first) / 20;
    changeAxis(m_axis.showing(m_range->first - padding, m_range->second + padding), true);
}

void TimelineView::selectFailure(bool forward)
{
    if (!m_model || !m_model->log())
        return;
    const EventLog &log = *m_model->log();
    const qsizetype first = log.firstIndex();
    const qsizetype end = std::min(m_model->eventCount(), log.size());
    qsizetype i = 0;
    if (m_model->hasEvent(m_selectedEvent) && m_selectedEvent >= first && m_selectedEvent < end) {
        i = m_selectedEvent + (forward ? 1 : -1);
    } else {
        // From the middle of the view: the first event at or after it, or the last before it.
        const qsizetype middle = firstEventFrom(log, first, end, m_axis.mapXToTime(m_axis.widthPx / 2.0));
        i = forward ? middle : middle - 1;
    }
    for (; i >= first && i < end; i += forward ? 1 : -1) {
        const EventKind kind = log.kindAt(i);
        if (kind == EventKind::WorkerFailed || kind == EventKind::SupervisorGaveUp) {
            selectEvent(i);
            emit eventSelected(i);
            return;
        }
    }
}

void TimelineView::selectEvent(qsizetype eventIndex)
{
    m_selectedEvent = eventIndex;
    if (m_model && m_model->hasEvent(eventIndex)) {
        const LifecycleEvent event = m_model->event(eventIndex);
        if (event.tUs < m_axis.startUs || event.tUs > m_axis.endUs())
            changeAxis(m_axis.pannedBy(m_axis.widthPx / 2.0 - m_axis.mapTimeToX(event.tUs)), true);
        const int row = m_model->rowOfEvent(event);
        if (const std::optional<TreeChild> node = m_model->nodeOfRow(row)) {
            // The event's own node, even where a collapsed row stands for it.
            if (event.has(FieldWorker) && event.worker >= 0 && row != TimelineIndex::kSupervisorLane)
                m_selectedNode = TreeChild { false, event.worker };
            else if (event.isNestedSupervisors())
                m_selectedNode = TreeChild { true, event.supervisorIndex };
            else
                m_selectedNode = node;
        }
        if (row > 0)
            scrollToRow(row);
    }
    viewport()->update();
    announceChange();
}

void TimelineView::selectNode(const std::optional<TreeChild> &node)
{
    if (m_selectedNode == node)
        return;
    m_selectedNode = node;
    if (m_model && node)
        scrollToRow(m_model->rowOfNode(*node));
    viewport()->update();
    announceChange();
}

void TimelineView::scrollToRow(int row)
{
    if (row <= 0)
        return; // the supervisor lane is pinned in view
    const QRect lane = laneRect(row);
    const int top = kAxisHeight + kSupervisorLaneHeight;
    if (lane.top() < top || lane.bottom() > viewport()->height())
        verticalScrollBar()->setValue(
            verticalScrollBar()->value() + lane.center().y() - (top + viewport()->height()) / 2);
}

std::vector<const TimelineLane *> TimelineView::lanesOf(int row) const
{
    std::vector<const TimelineLane *> lanes { &m_model->lane(row) };
    if (const TimelineLane *subtree = m_model->subtreeLane(row))
        lanes.push_back(subtree);
    return lanes;
}

QRect TimelineView::laneRect(int lane) const
{
    return TimelinePainter::laneRect(lane, viewport()->width(), verticalScrollBar()->value());
}

int TimelineView::laneAt(const QPoint &pos) const
{
    if (!m_model || pos.y() < kAxisHeight)
        return -1;
    if (pos.y() < kAxisHeight + kSupervisorLaneHeight)
        return TimelineIndex::kSupervisorLane;
    const int lane = 1 + (pos.y() - kAxisHeight - kSupervisorLaneHeight + verticalScrollBar()->value()) / kLaneHeight;
    return lane < m_model->rowCount() ? lane : -1;
}

qsizetype TimelineView::eventAt(const QPoint &pos) const
{
    const int laneIndex = laneAt(pos);
    if (laneIndex < 0 || pos.x() < kGutterWidth)
        return -1;
    const qint64 tUs = m_axis.mapXToTime(pos.x() - kGutterWidth);
    const qint64 toleranceUs = std::llround(kHitTolerancePx * m_axis.usPerPixel);
    qsizetype best = -1;
    qint64 bestDistance = std::numeric_limits<qint64>::max();
    int bestRank = -1;
    // Within a pixel, how an incarnation ended matters more than the decisions and starts at the same instant.
    const auto consider = [&](qint64 atUs, qsizetype event, int rank) {
        if (event < 0 || std::abs(atUs - tUs) > toleranceUs)
            return;
        const qint64 distance = std::llround(double(std::abs(atUs - tUs)) / m_axis.usPerPixel);
        if (distance < bestDistance || (distance == bestDistance && rank > bestRank)) {
            best = event;
            bestDistance = distance;
            bestRank = rank;
        }
    };
    const auto nearFrom = [&](const auto &items, auto endOf) {
        return std::partition_point(
            items.begin(), items.end(), [&](const auto &item) { return endOf(item) < tUs - toleranceUs; });
    };
    const TimelineBar *inside = nullptr;
    const TimelineGap *insideGap = nullptr;
    // A collapsed row shows its supervisor's lane and its subtree's; the supervisor's own come first.
    for (const TimelineLane *shown : lanesOf(laneIndex)) {
        const TimelineLane &lane = *shown;
        for (auto it = nearFrom(lane.marks, [](const TimelineMark &m) { return m.tUs; });
             it != lane.marks.end() && it->tUs <= tUs + toleranceUs; ++it)
            consider(it->tUs, it->event, 1);
        for (const TimelinePeriod &outage : lane.outages) { // a dependency's: its going down
            consider(outage.fromUs, outage.fromEvent, 0);
            if (outage.fromUs <= tUs && tUs <= effectiveEnd(outage.untilUs) && best < 0)
                best = outage.fromEvent;
        }
        const auto barEnd = [this](const TimelineBar &bar) { return effectiveEnd(bar.endUs); };
        for (auto it = nearFrom(lane.bars, barEnd); it != lane.bars.end() && it->startUs <= tUs + toleranceUs; ++it) {
            consider(it->startUs, it->startEvent, 0);
            consider(it->stoppingUs, it->stoppingEvent, 1);
            if (it->endUs != TimelineIndex::kOpen)
                consider(it->endUs, it->endEvent, 2);
            if (!inside && it->startUs <= tUs && tUs <= barEnd(*it))
                inside = &*it;
        }
        const auto gapEnd = [this](const TimelineGap &gap) { return effectiveEnd(gap.untilUs); };
        for (auto it = nearFrom(lane.gaps, gapEnd); it != lane.gaps.end() && it->fromUs <= tUs + toleranceUs; ++it) {
            consider(it->scheduledUs, it->scheduleEvent, 1);
            if (!insideGap && it->fromUs <= tUs && tUs <= gapEnd(*it))
                insideGap = &*it;
        }
    }
    if (best >= 0)
        return best;
    if (inside)
        return inside->startEvent;
    if (insideGap)
        return insideGap->scheduleEvent;
    return -1;
}

QString TimelineView::toolTipAt(const QPoint &pos) const
{
    // Over the selected range: its measure, on the axis and wherever no item has a tooltip of its own.
    if (!isInRange(pos))
        return itemToolTipAt(pos);
    const QString item = pos.y() < kAxisHeight ? QString() : itemToolTipAt(pos);
    return item.isEmpty() ? describeRange(m_range->first, m_range->second, rangeSummary()) : item;
}

QString TimelineView::itemToolTipAt(const QPoint &pos) const
{
    const int laneIndex = laneAt(pos);
    if (laneIndex < 0 || !m_model || m_model->eventCount() == 0)
        return {};
    if (pos.x() < kGutterWidth)
        return m_model->data(m_model->index(laneIndex), Qt::ToolTipRole).toString();
    const TimelineLane &lane = m_model->lane(laneIndex);
    const qint64 tUs = m_axis.mapXToTime(pos.x() - kGutterWidth);
    const qint64 toleranceUs = std::llround(kHitTolerancePx * m_axis.usPerPixel);
    if (lane.dependency >= 0)
        return dependencyToolTip(lane, tUs, toleranceUs);

    // An incarnation's end under the cursor explains itself (a program's with its last output), also where the
    // restart delay it caused begins.
    if (const qsizetype ending = eventAt(pos); ending >= 0 && m_model->hasEvent(ending)) {
        const LifecycleEvent event = m_model->event(ending);
        if (event.isTerminal() && std::abs(event.tUs - tUs) <= toleranceUs)
            return eventLine(*m_model, event);
    }
    for (const TimelineGap &gap : lane.gaps) {
        if (gap.fromUs > tUs)
            break;
        if (tUs > effectiveEnd(gap.untilUs))
            continue;
        //: A restart delay: %1 the worker's name, %2 which attempt, %3 the delay in milliseconds
        QString text = tr("%1 waiting to restart (attempt %2)\nscheduled delay: %3 ms")
                           .arg(m_model->laneName(lane), TimelinePainter::numberText(gap.attempt),
                               TimelinePainter::numberText(gap.delayMs));
        if (gap.untilUs == TimelineIndex::kOpen)
            text += u'\n' + tr("waiting for %1 so far").arg(TimeAxis::formatDuration(m_nowUs - gap.causeUs));
        else if (gap.cancelled)
            text += u'\n' + tr("cancelled: the supervisor stopped first");
        else
            text += u'\n'
                + tr("measured delay: %1 (failure → restart)").arg(TimeAxis::formatDuration(gap.untilUs - gap.causeUs));
        if (m_model->hasEvent(gap.causeEvent)) {
            //: %1 is the event that caused a restart: "worker_failed · Worker 0 #1 at 1.0 s"
            text += u'\n'
                + tr("caused by: %1").arg(eventLine(*m_model, m_model->event(gap.causeEvent)).section(u'\n', 0, 0));
        }
        return text;
    }

    const qsizetype event = eventAt(pos);
    if (event >= 0) {
        const LifecycleEvent lifecycle = m_model->event(event);
        if (std::abs(lifecycle.tUs - tUs) <= toleranceUs || laneIndex == TimelineIndex::kSupervisorLane)
            return eventLine(*m_model, lifecycle);
        if (const TimelineLane *subtree = m_model->subtreeLane(laneIndex)) {
            for (const TimelineBar &bar : subtree->bars) {
                if (bar.startEvent != event)
                    continue;
                //: %1 a supervisor's name, %2 a time, %3 a length of time
                return tr("%1's subtree (collapsed): some of its workers running from %2 for %3\nExpand it to see "
                          "each one")
                    .arg(m_model->laneName(lane), TimeAxis::formatTime(bar.startUs, 1),
                        TimeAxis::formatDuration(effectiveEnd(bar.endUs) - bar.startUs));
            }
        }
        for (const TimelineBar &bar : lane.bars) {
            if (bar.startEvent != event)
                continue;
            const qint64 end = effectiveEnd(bar.endUs);
            //: An incarnation: %1 the worker's name, %2 its number, %3 when it started, %4 how it ended ("completed",
            //: "running"), %5 how long it ran
            QString text
                = tr("%1, incarnation %2\nstarted at %3, %4\nran for %5")
                      .arg(m_model->laneName(lane), TimelinePainter::numberText(bar.incarnation),
                          TimeAxis::formatTime(bar.startUs, 1), StateColors::label(StateColors::ofBarEnd(bar.end)),
                          TimeAxis::formatDuration(end - bar.startUs));
            // A real program's bar says how it ended, as the narration does (how long it ran is said above), and
            // what it wrote last.
            if (m_model->hasEvent(bar.endEvent) && bar.endUs != TimelineIndex::kOpen) {
                const LifecycleEvent ended = m_model->event(bar.endEvent);
                if (const QString ending = ProgramWords::ending(ended, -1); !ending.isEmpty())
                    text += u'\n' + tr("ended: %1").arg(ending);
                text += outputLines(ended);
            }
            return text;
        }
        return eventLine(*m_model, lifecycle);
    }
    if (laneIndex == TimelineIndex::kSupervisorLane) {
        const TimelineModel &timeline = *m_model;
        const qint64 anchor = tUs;
        const int restarts = timeline.restartsWithin(anchor);
        //: The supervisor's restart limit: %1 restarts within %2 (a length of time)
        const QString limit = timeline.maxRestarts() < 0
            ? tr("no limit")
            : tr("limit: at most %1 within %2")
                  .arg(TimelinePainter::numberText(timeline.maxRestarts()),
                      TimeAxis::formatDuration(timeline.restartWindowUs()));
        //: %1 a time, %2 a length of time (the intensity window), %3 the limit ("limit: at most 3 within 5 s")
        return tr("Restart intensity at %1: %n restart(s) decided within the last %2 (%3)", nullptr, restarts)
            .arg(TimeAxis::formatTime(anchor, 1000), TimeAxis::formatDuration(timeline.restartWindowUs()), limit);
    }
    return {};
}

void TimelineView::updateScrollBars()
{
    m_updatingScrollBars = true;
    const int rows = m_model ? m_model->rowCount() : 0;
    const int workerArea = viewport()->height() - kAxisHeight - kSupervisorLaneHeight;
    const int contentHeight = std::max(0, rows - 1) * kLaneHeight;
    verticalScrollBar()->setRange(0, std::max(0, contentHeight - workerArea));
    verticalScrollBar()->setPageStep(std::max(kLaneHeight, workerArea));

    QScrollBar *horizontal = horizontalScrollBar();
    const qint64 endUs = std::max(runEndUs(), m_axis.endUs());
    const double totalPx = std::max(0.0, double(endUs) / m_axis.usPerPixel - m_axis.widthPx);
    horizontal->setRange(0, int(std::min(totalPx, 2e9)));
    horizontal->setPageStep(std::max(1, m_axis.widthPx));
    horizontal->setSingleStep(std::max(1, m_axis.widthPx / 10));
    horizontal->setValue(int(std::clamp(double(m_axis.startUs) / m_axis.usPerPixel, 0.0, 2e9)));
    m_updatingScrollBars = false;
}

void TimelineView::onHorizontalScroll(int value)
{
    if (m_updatingScrollBars)
        return;
    TimeAxis scrolled = m_axis;
    scrolled.startUs = std::llround(value * m_axis.usPerPixel);
    changeAxis(scrolled, true);
}

void TimelineView::scrollContentsBy(int, int dy)
{
    viewport()->update();
    if (dy != 0) // other lanes in view
        announceChange();
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    m_axis.widthPx = laneAreaWidth();
    if (m_fitted)
        zoomToFit();
    else if (m_followLive)
        followLiveEdge();
    updateScrollBars();
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        m_pressed = true;
        m_dragging = false;
        m_pressPos = m_lastDragPos = event->position().toPoint();
        m_selectingRange = m_pressPos.x() >= kGutterWidth
            && ((event->modifiers() & Qt::ShiftModifier) || m_pressPos.y() < kAxisHeight);
        if (m_selectingRange)
            m_rangeAnchorUs = snappedTime(m_pressPos.x());
        event->accept();
        return;
    }
    QAbstractScrollArea::mousePressEvent(event);
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_pressed) {
        if (!m_dragging && (pos - m_pressPos).manhattanLength() >= kDragThresholdPx) {
            m_dragging = true;
            viewport()->setCursor(m_selectingRange ? Qt::SizeHorCursor : Qt::ClosedHandCursor);
        }
        if (m_dragging && m_selectingRange) {
            const qint64 tUs = snappedTime(std::max(pos.x(), kGutterWidth));
            if (tUs != m_rangeAnchorUs)
                m_range = std::pair { std::min(tUs, m_rangeAnchorUs), std::max(tUs, m_rangeAnchorUs) };
            viewport()->update();
        } else if (m_dragging) {
            const QPoint delta = pos - m_lastDragPos;
            m_lastDragPos = pos;
            changeAxis(m_axis.pannedBy(delta.x()), true);
            verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        }
    }
    const qint64 hover = laneAt(pos) == TimelineIndex::kSupervisorLane && pos.x() >= kGutterWidth
        ? m_axis.mapXToTime(pos.x() - kGutterWidth)
        : -1;
    if (hover != m_hoverUs) {
        m_hoverUs = hover;
        viewport()->update();
    }
    QAbstractScrollArea::mouseMoveEvent(event);
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_pressed) {
        m_pressed = false;
        if (std::exchange(m_selectingRange, false)) {
            if (m_dragging) {
                m_dragging = false;
                viewport()->unsetCursor();
                if (m_range)
                    emit rangeSelected(m_range->first, m_range->second);
                announceChange();
                event->accept();
                return;
            }
            if (m_pressPos.y() < kAxisHeight) { // a click on the axis
                clearSelectedRange();
                event->accept();
                return;
            }
            // A Shift+click: a click.
        }
        if (m_dragging) {
            m_dragging = false;
            viewport()->unsetCursor();
        } else {
            const QPoint pos = event->position().toPoint();
            const int row = laneAt(pos);
            if (m_model && m_model->isCollapsible(row) && pos.x() < kGutterWidth
                && TimelinePainter::disclosureRect(laneRect(row), m_model->row(row).depth)
                       .adjusted(-3, -3, 3, 3)
                       .contains(pos)) {
                const int supervisor = m_model->row(row).index;
                m_model->setCollapsed(supervisor, !m_model->isCollapsed(supervisor));
                event->accept();
                return;
            }
            m_selectedEvent = eventAt(pos);
            const std::optional<TreeChild> node = m_model ? m_model->nodeOfRow(row) : std::nullopt;
            viewport()->update();
            if (m_selectedEvent >= 0) {
                selectEvent(m_selectedEvent);
                emit eventSelected(m_selectedEvent);
            } else if (node) {
                m_selectedNode = node;
                emit nodeSelected(*node);
                announceChange();
            }
        }
        event->accept();
        return;
    }
    QAbstractScrollArea::mouseReleaseEvent(event);
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && isInRange(event->position().toPoint())) {
        zoomToRange();
        event->accept();
        return;
    }
    QAbstractScrollArea::mouseDoubleClickEvent(event);
}

bool TimelineView::isInRange(const QPoint &pos) const
{
    if (!m_range || pos.x() < kGutterWidth)
        return false;
    const qint64 tUs = m_axis.mapXToTime(pos.x() - kGutterWidth);
    return m_range->first <= tUs && tUs <= m_range->second;
}

qint64 TimelineView::snappedTime(int x) const
{
    const qint64 tUs = std::max<qint64>(0, m_axis.mapXToTime(x - kGutterWidth));
    if (!m_model || !m_model->log())
        return tUs;
    const EventLog &log = *m_model->log();
    const qsizetype first = log.firstIndex();
    const qsizetype end = std::min(m_model->eventCount(), log.size());
    const qsizetype low = firstEventFrom(log, first, end, tUs);
    qint64 snapped = tUs;
    qint64 nearestUs = std::llround(kSnapPx * m_axis.usPerPixel) + 1;
    for (const qsizetype candidate : { low - 1, low }) {
        if (candidate < first || candidate >= end)
            continue;
        const qint64 distance = std::abs(log.timeAt(candidate) - tUs);
        if (distance < nearestUs) {
            nearestUs = distance;
            snapped = log.timeAt(candidate);
        }
    }
    return snapped;
}

bool TimelineView::event(QEvent *event)
{
    // The timeline's keys win over the window's shortcuts while it has the focus (End, for one).
    if (event->type() == QEvent::ShortcutOverride) {
        if (const auto command = TimelineKeys::commandFor(*static_cast<QKeyEvent *>(event));
            command && canRun(*command)) {
            event->accept();
            return true;
        }
    }
    return QAbstractScrollArea::event(event);
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    const std::optional<TimelineCommand> command = TimelineKeys::commandFor(*event);
    const bool menuKeyHandled = std::exchange(m_menuKeyHandled, false) && event->key() == Qt::Key_Menu;
    if (!command || !canRun(*command)) {
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    if (!menuKeyHandled)
        run(*command);
    event->accept();
}

bool TimelineView::canRun(TimelineCommand command) const
{
    switch (command) {
    case TimelineCommand::ZoomToRange:
        return m_range.has_value();
    case TimelineCommand::ClearSelection:
        return m_range.has_value() || m_selectedEvent >= 0;
    case TimelineCommand::ActivateEvent:
        return m_model && m_model->hasEvent(m_selectedEvent);
    default:
        return true;
    }
}

void TimelineView::run(TimelineCommand command)
{
    switch (command) {
    case TimelineCommand::ZoomIn:
        zoomBy(kKeyZoomStep);
        break;
    case TimelineCommand::ZoomOut:
        zoomBy(1 / kKeyZoomStep);
        break;
    case TimelineCommand::PanLeft:
        panBy(kKeyPanShare * m_axis.widthPx);
        break;
    case TimelineCommand::PanRight:
        panBy(-kKeyPanShare * m_axis.widthPx);
        break;
    case TimelineCommand::PreviousLane:
        moveLaneSelection(-1);
        break;
    case TimelineCommand::NextLane:
        moveLaneSelection(1);
        break;
    case TimelineCommand::GoToStart:
        goToStart();
        break;
    case TimelineCommand::GoToEnd:
        goToEnd();
        break;
    case TimelineCommand::NextFailure:
        selectFailure(true);
        break;
    case TimelineCommand::PreviousFailure:
        selectFailure(false);
        break;
    case TimelineCommand::ZoomToRange:
        zoomToRange();
        break;
    case TimelineCommand::ClearSelection:
        if (m_range) {
            clearSelectedRange();
        } else {
            m_selectedEvent = -1;
            viewport()->update();
            announceChange();
        }
        break;
    case TimelineCommand::ActivateEvent:
        emit eventSelected(m_selectedEvent);
        break;
    case TimelineCommand::ContextMenu:
        showLaneMenu(selectedRow(), viewport()->mapToGlobal(keyboardMenuPos()));
        break;
    }
}

void TimelineView::panBy(double px)
{
    changeAxis(m_axis.pannedBy(px), true);
}

void TimelineView::moveLaneSelection(int step)
{
    if (!m_model || m_model->rowCount() == 0)
        return;
    const int current = selectedRow();
    for (int row = current < 0 ? 0 : current + step; row >= 0 && row < m_model->rowCount(); row += step) {
        const std::optional<TreeChild> node = m_model->nodeOfRow(row);
        if (!node)
            continue; // a dependency's lane: nothing to select
        if (m_model->hasEvent(m_selectedEvent) && m_model->rowOfEvent(m_model->event(m_selectedEvent)) != row)
            m_selectedEvent = -1;
        m_selectedNode = node;
        scrollToRow(row);
        viewport()->update();
        emit nodeSelected(*node);
        announceChange();
        return;
    }
}

void TimelineView::focusInEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusInEvent(event);
    viewport()->update();
}

void TimelineView::focusOutEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusOutEvent(event);
    viewport()->update();
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    const QPoint delta = event->angleDelta();
    if (event->modifiers() & Qt::ControlModifier) {
        const double steps = delta.y() / 120.0;
        const double x = event->position().x() - kGutterWidth;
        changeAxis(m_axis.zoomedAround(std::max(0.0, x), std::pow(kWheelZoomStep, steps)), true);
        event->accept();
        return;
    }
    if ((event->modifiers() & Qt::ShiftModifier) || delta.x() != 0) {
        const int dx = delta.x() != 0 ? delta.x() : delta.y();
        changeAxis(m_axis.pannedBy(dx / 120.0 * m_axis.widthPx / 10.0), true);
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

QString TimelineView::dependencyToolTip(const TimelineLane &lane, qint64 tUs, qint64 toleranceUs) const
{
    const QString name = m_model->laneName(lane);
    for (const TimelineMark &mark : lane.marks) {
        if (std::abs(mark.tUs - tUs) > toleranceUs || !m_model->hasEvent(mark.event))
            continue;
        const LifecycleEvent failed = m_model->event(mark.event);
        const QString what = mark.failure == FailureKind::Overloaded
            ? tr("%1 turned a start away: it was full (overloaded)").arg(name)
            : tr("A start while %1 was down").arg(name);
        return what + u'\n' + eventLine(*m_model, failed);
    }
    for (const TimelinePeriod &outage : lane.outages) {
        if (tUs < outage.fromUs || tUs > effectiveEnd(outage.untilUs))
            continue;
        const QString why = outage.manual ? tr("taken down by hand") : tr("outage");
        //: A dependency's outage: %1 its length so far, or %1 its length and %2 when it ended
        const QString length = outage.untilUs == TimelineIndex::kOpen
            ? tr("down for %1 so far").arg(TimeAxis::formatDuration(m_nowUs - outage.fromUs))
            : tr("down for %1, back at %2")
                  .arg(TimeAxis::formatDuration(outage.untilUs - outage.fromUs),
                      TimeAxis::formatTime(outage.untilUs, 1));
        //: %1 a dependency's name, %2 why it was down ("outage", "taken down by hand"), %3 a time, %4 how long
        return tr("%1 down (%2) from %3\n%4").arg(name, why, TimeAxis::formatTime(outage.fromUs, 1), length);
    }
    //: A dependency that is up; %1 is its name
    return tr("%1 up").arg(name);
}

void TimelineView::contextMenuEvent(QContextMenuEvent *event)
{
    if (event->reason() == QContextMenuEvent::Keyboard) {
        // The Menu key, turned into this event by the platform before its key press reaches the view.
        m_menuKeyHandled = true;
        showLaneMenu(selectedRow(), viewport()->mapToGlobal(keyboardMenuPos()));
        return;
    }
    showLaneMenu(laneAt(event->pos()), event->globalPos());
}

int TimelineView::selectedRow() const
{
    if (!m_model)
        return -1;
    if (m_selectedNode)
        return m_model->rowOfNode(*m_selectedNode);
    if (m_model->hasEvent(m_selectedEvent))
        return m_model->rowOfEvent(m_model->event(m_selectedEvent));
    return -1;
}

QPoint TimelineView::keyboardMenuPos() const
{
    const int row = std::max(0, selectedRow());
    int x = kGutterWidth + 8;
    if (m_model && m_model->hasEvent(m_selectedEvent)) {
        const LifecycleEvent event = m_model->event(m_selectedEvent);
        const double eventX = xOf(event.tUs);
        if (m_model->rowOfEvent(event) == row && eventX >= kGutterWidth && eventX < viewport()->width())
            x = int(std::lround(eventX));
    }
    return { x, std::clamp(laneCenterY(row), kAxisHeight, std::max(kAxisHeight, viewport()->height() - 1)) };
}

void TimelineView::showLaneMenu(int laneIndex, const QPoint &globalPos)
{
    QMenu menu(this);
    if (laneIndex > 0 && m_model->lane(laneIndex).dependency >= 0) {
        addDependencyActions(menu, m_model->lane(laneIndex));
        menu.addSeparator();
    } else if (laneIndex > 0 && m_model->row(laneIndex).kind == TimelineModel::RowKind::Supervisor) {
        addTreeActions(menu, laneIndex);
        menu.addSeparator();
    } else if (laneIndex > 0) {
        const int worker = m_model->lane(laneIndex).worker;
        const QString name = m_model->workerName(worker);
        QAction *fail
            = menu.addAction(tr("Fail %1 now").arg(name), this, [this, worker] { emit failWorkerRequested(worker); });
        fail->setEnabled(m_runActive);
        fail->setToolTip(tr("Make the running incarnation fail, as if its work had gone wrong"));
        addTreeActions(menu, laneIndex);
        menu.addAction(tr("Show only %1 in the event log").arg(name), this,
            [this, worker] { emit showWorkerEventsRequested(worker); });
        QAction *edit = menu.addAction(tr("Edit %1's spec in the controls").arg(name), this,
            [this, worker] { emit editWorkerSpecRequested(worker); });
        edit->setToolTip(tr("The controls then show and change this worker's own parameters alone"));
        menu.addSeparator();
    }
    if (m_range) {
        menu.addAction(tr("Zoom to the selected range (Z)"), this, &TimelineView::zoomToRange);
        menu.addAction(tr("Clear the selected range (Esc)"), this, &TimelineView::clearSelectedRange);
    }
    menu.addAction(tr("Zoom to fit"), this, &TimelineView::zoomToFit);
    QAction *follow = menu.addAction(tr("Follow live"), this, [this] { setFollowLive(true); });
    follow->setEnabled(!m_followLive);
    menu.exec(globalPos);
}

void TimelineView::addTreeActions(QMenu &menu, int row)
{
    const TimelineModel::Row &shown = m_model->row(row);
    const TimelineLane &lane = m_model->lane(row);
    const bool running
        = !lane.bars.empty() && lane.bars.back().endUs == TimelineIndex::kOpen && lane.bars.back().stoppingUs < 0;
    if (shown.kind == TimelineModel::RowKind::Supervisor) {
        const int supervisor = shown.index;
        const QString name = m_model->supervisorName(supervisor);
        const bool collapsed = m_model->isCollapsed(supervisor);
        QAction *fold
            = menu.addAction(collapsed ? tr("Expand %1's subtree").arg(name) : tr("Collapse %1's subtree").arg(name),
                this, [this, supervisor, collapsed] { m_model->setCollapsed(supervisor, !collapsed); });
        fold->setToolTip(tr("Show its subtree as one lane, or each of its lanes again"));
        QAction *giveUp = menu.addAction(tr("Make %1 give up now").arg(name), this,
            [this, supervisor] { emit manualActionRequested(ManualAction::GiveUpSupervisor, supervisor); });
        giveUp->setEnabled(m_runActive && running);
        giveUp->setToolTip(tr("As if its restart intensity were exceeded: it stops its children and exits, and its "
                              "parent decides what follows"));
        return;
    }
    const int worker = shown.index;
    const QString name = m_model->workerName(worker);
    const bool waiting = !lane.gaps.empty() && lane.gaps.back().untilUs == TimelineIndex::kOpen;
    const bool down = lane.bars.empty() || lane.bars.back().endUs != TimelineIndex::kOpen;
    //: terminate_child is the name of Erlang's call, not translated
    QAction *stop = menu.addAction(tr("Stop %1 (terminate_child)").arg(name), this,
        [this, worker] { emit manualActionRequested(ManualAction::StopWorker, worker); });
    stop->setEnabled(m_runActive && running);
    stop->setToolTip(tr("Stop it and keep it down, whatever its restart type, until it is started again"));
    //: restart_child is the name of Erlang's call, not translated
    QAction *start = menu.addAction(tr("Start %1 again (restart_child)").arg(name), this,
        [this, worker] { emit manualActionRequested(ManualAction::RestartWorker, worker); });
    start->setEnabled(m_runActive && down && !waiting);
    start->setToolTip(tr("Start a worker that is down and not waiting to restart"));
}

void TimelineView::addDependencyActions(QMenu &menu, const TimelineLane &lane)
{
    const int dependency = lane.dependency;
    const QString name = m_model->laneName(lane);
    const bool down = !lane.outages.empty() && lane.outages.back().untilUs == TimelineIndex::kOpen;
    QAction *takeDown = menu.addAction(
        tr("Take %1 down now").arg(name), this, [this, dependency] { emit takeDownDependencyRequested(dependency); });
    takeDown->setEnabled(m_runActive && !down);
    takeDown->setToolTip(tr("An outage by hand: every worker that needs it fails, and stays failing until it is back"));
    QAction *bringBack = menu.addAction(
        tr("Bring %1 back").arg(name), this, [this, dependency] { emit bringBackDependencyRequested(dependency); });
    bringBack->setEnabled(m_runActive && down);

    // Its capacity, live: how many connection attempts it takes per capacity window (0: no limit).
    const DependencySpec spec = m_model->config().dependencies.value(dependency);
    auto *row = new QWidget(&menu);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(8, 2, 8, 2);
    auto *label = new QLabel(row);
    auto *slider = new QSlider(Qt::Horizontal, row);
    slider->setObjectName(u"dependencyCapacitySlider"_s);
    slider->setRange(0, 20);
    const qint64 current = m_capacities.value(dependency, spec.capacity);
    slider->setValue(int(std::min<qint64>(current, 20)));
    //: The accessible name of a dependency's capacity slider; %1 is the dependency's name
    slider->setAccessibleName(tr("Capacity of %1").arg(name));
    slider->setEnabled(m_runActive);
    const auto showCapacity = [label, window = spec.capacityWindowMs](int value) {
        //: A dependency's capacity: %1 connection attempts per %2 milliseconds
        label->setText(value == 0 ? tr("Capacity: no limit")
                                  : tr("Capacity: %1 per %2 ms")
                                        .arg(TimelinePainter::numberText(value), TimelinePainter::numberText(window)));
    };
    showCapacity(slider->value());
    connect(slider, &QSlider::valueChanged, row, showCapacity);
    connect(slider, &QSlider::valueChanged, this, [this, dependency](int value) {
        m_capacities.insert(dependency, value);
        emit dependencyCapacityRequested(dependency, value);
    });
    layout->addWidget(label);
    layout->addWidget(slider);
    auto *capacity = new QWidgetAction(&menu);
    capacity->setDefaultWidget(row);
    menu.addAction(capacity);
}

bool TimelineView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::showText(help->globalPos(), toolTip(), viewport());
        else if (Qt::mightBeRichText(text)) // a name from a file that looks like markup: shown as written
            QToolTip::showText(help->globalPos(), Qt::convertFromPlainText(text, Qt::WhiteSpacePre), viewport());
        else
            QToolTip::showText(help->globalPos(), text, viewport());
        return true;
    }
    if (event->type() == QEvent::Leave && m_hoverUs >= 0) {
        m_hoverUs = -1;
        viewport()->update();
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void TimelineView::paintEvent(QPaintEvent *)
{
    ++m_paintCount;
    const int lanes = m_model ? m_model->rowCount() : 0;
    TimelinePainter timeline(m_model ? *m_model : m_noModel, m_axis, palette(), font());
    timeline.setArea(viewport()->size(), lanes, verticalScrollBar()->value());
    timeline.setNow(m_nowUs, true);
    timeline.setIntensityAnchor(m_hoverUs);
    //: The run's current time, in the timeline's corner
    timeline.setCornerText(tr("t = %1").arg(TimeAxis::formatTime(m_nowUs, 10'000)));
    timeline.setSelectedRow(m_model && m_selectedNode ? m_model->rowOfNode(*m_selectedNode) : -1);
    QPainter painter(viewport());
    timeline.paintLanes(painter);
    if (lanes > 0)
        paintSelection(painter);
    paintRange(painter);
    timeline.paintFrame(painter);
    paintRangeLabel(painter);
    if (!m_model || m_model->eventCount() == 0)
        paintEmptyHint(painter);
    if (hasFocus())
        paintFocusFrame(painter);
    m_itemsPainted = timeline.itemsPainted();
}

void TimelineView::paintRange(QPainter &painter) const
{
    if (!m_range)
        return;
    const double x0 = xOf(m_range->first);
    const double x1 = xOf(m_range->second);
    const double right = viewport()->width();
    if (x1 < kGutterWidth || x0 > right)
        return;
    const QColor edge = palette().color(QPalette::Highlight);
    QColor shade = edge;
    shade.setAlphaF(0.15f);
    const double left = std::max(x0, double(kGutterWidth));
    painter.fillRect(QRectF(left, kAxisHeight, std::min(x1, right) - left, viewport()->height() - kAxisHeight), shade);
    painter.setPen(QPen(edge, 1));
    for (const double x : { x0, x1 }) {
        if (x >= kGutterWidth && x <= right)
            painter.drawLine(QPointF(x, kAxisHeight), QPointF(x, viewport()->height()));
    }
}

void TimelineView::paintRangeLabel(QPainter &painter) const
{
    if (!m_range)
        return;
    const double x0 = std::max(xOf(m_range->first), double(kGutterWidth));
    const double x1 = std::min(xOf(m_range->second), double(viewport()->width()));
    if (x1 < x0)
        return;
    const QColor highlight = palette().color(QPalette::Highlight);
    QColor span = highlight;
    span.setAlphaF(0.35f);
    painter.fillRect(QRectF(x0, 0, x1 - x0, kAxisHeight - 1), span);
    // The length, always whole and in view: what a drag from a failure to its restart measures.
    //: The length of a measured time range
    const QString length = tr("Δ %1").arg(TimeAxis::formatDuration(m_range->second - m_range->first));
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics metrics(bold);
    QString text = length;
    if (!m_selectingRange) { // counted once the range is chosen: counting reads the log up to its end
        const RangeSummary summary = rangeSummary();
        //: A measured range's label: %1 its length ("Δ 500 ms"), then "1 failure", "2 restarts"
        const QString counts = tr("%1 · %2 · %3")
                                   .arg(length, tr("%n failure(s)", nullptr, summary.failures),
                                       tr("%n restart(s)", nullptr, summary.restarts));
        if (metrics.horizontalAdvance(counts) + 12 <= x1 - x0)
            text = counts;
    }
    const double width = metrics.horizontalAdvance(text) + 12;
    const double left
        = TimelinePainter::keepInside((x0 + x1 - width) / 2, width, kGutterWidth + 1, viewport()->width() - 1.0);
    const QRectF box(left, 2, width, kAxisHeight - 5);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(highlight);
    painter.drawRoundedRect(box, 3, 3);
    painter.setFont(bold);
    painter.setPen(palette().color(QPalette::HighlightedText));
    painter.drawText(box, Qt::AlignCenter, text);
    painter.restore();
}

void TimelineView::paintEmptyHint(QPainter &painter) const
{
    // Placeholder text where it stands out from the base; else (a dark palette that kept a light theme's
    // placeholder) the text colour, softened towards the base.
    const QPalette &colors = palette();
    const QColor base = colors.color(QPalette::Base);
    QColor ink = colors.color(QPalette::PlaceholderText);
    const auto contrast = [&base](const QColor &colour) {
        const double alpha = colour.alphaF();
        const double lightness = alpha * colour.lightnessF() + (1 - alpha) * base.lightnessF();
        return std::abs(lightness - base.lightnessF());
    };
    if (contrast(ink) < 0.35) {
        const QColor text = colors.color(QPalette::Text);
        ink = QColor::fromRgbF(0.7f * text.redF() + 0.3f * base.redF(), 0.7f * text.greenF() + 0.3f * base.greenF(),
            0.7f * text.blueF() + 0.3f * base.blueF());
    }
    const QRect area(kGutterWidth + 12, kAxisHeight + 12, viewport()->width() - kGutterWidth - 24,
        viewport()->height() - kAxisHeight - 24);
    painter.save();
    painter.setPen(ink);
    painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, emptyHint());
    painter.restore();
}

QList<int> TimelineView::visibleRows() const
{
    QList<int> rows;
    if (!m_model || m_model->rowCount() == 0)
        return rows;
    rows << TimelineIndex::kSupervisorLane;
    const int firstRow = std::max(1, 1 + verticalScrollBar()->value() / kLaneHeight);
    for (int row = firstRow; row < m_model->rowCount(); ++row) {
        const QRect lane = laneRect(row);
        if (lane.top() >= viewport()->height())
            break;
        if (lane.top() >= kAxisHeight + kSupervisorLaneHeight)
            rows << row;
    }
    return rows;
}

QString TimelineView::describeEvent(qsizetype eventIndex) const
{
    if (!m_model || !m_model->hasEvent(eventIndex))
        return {};
    return eventLine(*m_model, m_model->event(eventIndex), false).split(u'\n').join(u"; "_s);
}

void TimelineView::announceChange(bool now)
{
    if (!now) {
        if (!m_announcement.isActive())
            m_announcement.start();
        return;
    }
    m_announcement.stop();
    sendAnnouncement();
}

void TimelineView::sendAnnouncement()
{
    ++m_announcementCount;
    QAccessibleEvent changed(this, QAccessible::DescriptionChanged);
    QAccessible::updateAccessibility(&changed);
}

void TimelineView::paintFocusFrame(QPainter &painter) const
{
    painter.save();
    painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(viewport()->rect()).adjusted(1, 1, -1, -1));
    painter.restore();
}

void TimelineView::paintSelection(QPainter &painter) const
{
    if (!m_model || !m_model->hasEvent(m_selectedEvent))
        return;
    const LifecycleEvent event = m_model->event(m_selectedEvent);
    const double x = xOf(event.tUs);
    if (x < kGutterWidth || x > viewport()->width())
        return;
    const int lane = m_model->rowOfEvent(event);
    const QColor highlight = palette().color(QPalette::Highlight);
    painter.save();
    painter.setPen(QPen(highlight, 1, Qt::DashLine));
    painter.drawLine(QPointF(x, kAxisHeight), QPointF(x, viewport()->height()));
    const int y = laneCenterY(lane);
    if (lane == TimelineIndex::kSupervisorLane || (lane > 0 && y > kAxisHeight + kSupervisorLaneHeight)) {
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(highlight, 2.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(QPointF(x, y + 0.5), 9, 9);
    }
    painter.restore();
}

} // namespace SupervisorLab
