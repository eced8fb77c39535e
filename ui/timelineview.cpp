#include "timelineview.h"

#include "eventlog.h"
#include "timelineglyphs.h"
#include "timelinemodel.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

constexpr int kHitTolerancePx = 5;
constexpr int kDragThresholdPx = 4;
constexpr double kWheelZoomStep = 1.25;
constexpr double kLiveEdgeAt = 0.95;
constexpr double kMinLabelWidthPx
    = 18; // narrower boxes cannot hold any label // share of the width left of the live edge while following it

StateColor stateOf(BarEnd end)
{
    switch (end) {
    case BarEnd::Running:
        return StateColor::Running;
    case BarEnd::Completed:
        return StateColor::Completed;
    case BarEnd::FailedError:
        return StateColor::FailedError;
    case BarEnd::FailedException:
        return StateColor::FailedException;
    case BarEnd::FailedHang:
        return StateColor::FailedHang;
    case BarEnd::Stopped:
        return StateColor::Stopped;
    case BarEnd::Abandoned:
        return StateColor::Abandoned;
    }
    return StateColor::Running;
}

QString endText(BarEnd end)
{
    switch (end) {
    case BarEnd::Running:
        return u"running"_s;
    case BarEnd::Completed:
        return u"completed"_s;
    case BarEnd::FailedError:
        return u"failed (error)"_s;
    case BarEnd::FailedException:
        return u"failed (exception)"_s;
    case BarEnd::FailedHang:
        return u"failed (hang: heartbeat timeout)"_s;
    case BarEnd::Stopped:
        return u"stopped"_s;
    case BarEnd::Abandoned:
        return u"abandoned (ignored the stop)"_s;
    }
    return {};
}

// Walks the items of a time-sorted, non-overlapping sequence that meet [fromUs, toUs], skipping by binary
// search over every item that would fall inside a pixel column already painted. `paint` returns the right
// edge (in pixels) of what it painted.
template<typename Items, typename StartOf, typename EndOf, typename Paint>
void forEachVisible(const Items &items, qint64 fromUs, qint64 toUs, const TimeAxis &axis, StartOf startOf, EndOf endOf,
    Paint paint, int &painted)
{
    auto it = std::partition_point(items.begin(), items.end(), [&](const auto &item) { return endOf(item) < fromUs; });
    double paintedUntilX = -1e18;
    while (it != items.end() && startOf(*it) <= toUs) {
        if (axis.mapTimeToX(endOf(*it)) < paintedUntilX) {
            // Rounded up, so that the search always moves past the item that brought it here.
            const qint64 resumeUs = axis.startUs + qint64(std::ceil(paintedUntilX * axis.usPerPixel));
            const auto next
                = std::partition_point(it, items.end(), [&](const auto &item) { return endOf(item) < resumeUs; });
            it = next == it ? std::next(it) : next;
            continue;
        }
        // Every item claims at least the pixel column it starts in.
        paintedUntilX = std::max({ paintedUntilX, paint(*it), std::floor(axis.mapTimeToX(startOf(*it))) + 1 });
        ++painted;
        ++it;
    }
}

QString eventLine(const LifecycleEvent &event)
{
    QString line = eventName(event.kind);
    if (event.has(FieldWorker) && event.worker >= 0)
        line += u" · "_s + TimelineModel::laneName(event.worker);
    if (event.has(FieldIncarnation))
        line += u" #%1"_s.arg(event.incarnation);
    line += u" at "_s + TimeAxis::formatTime(event.tUs, 1);
    if (event.has(FieldReason) && !event.reason.isEmpty())
        line += u"\nreason: "_s + event.reason;
    if (event.kind == EventKind::RestartScheduled)
        line += u"\ndelay %1 ms, attempt %2"_s.arg(event.delayMs).arg(event.attempt);
    if (event.kind == EventKind::ConfigChanged)
        line += u"\n%1 = %2"_s.arg(event.key, event.value);
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
    setToolTip(u"Timeline: drag to pan, Ctrl+wheel to zoom around the cursor, click an event to select it, "
               "right-click a worker for actions"_s);
    m_axis.widthPx = std::max(1, laneAreaWidth());
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
        });
        connect(m_model, &QAbstractItemModel::rowsInserted, this, changed);
        connect(m_model, &QAbstractItemModel::dataChanged, this, changed);
    }
    updateScrollBars();
    viewport()->update();
}

const TimelineIndex *TimelineView::index() const
{
    return m_model ? &m_model->timeline() : nullptr;
}

qint64 TimelineView::runEndUs() const
{
    const TimelineIndex *timeline = index();
    return std::max(m_nowUs, timeline ? timeline->lastEventUs() : 0);
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
    live.startUs = std::max<qint64>(0, m_nowUs - std::llround(kLiveEdgeAt * live.widthPx * live.usPerPixel));
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
    // Around the live edge while following it, so it stays in view; around the middle otherwise.
    const double anchor = m_followLive ? m_axis.mapTimeToX(m_nowUs) : m_axis.widthPx / 2.0;
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
    changeAxis(m_axis.showing(0, end + end / 50), true);
    m_fitted = true;
}

void TimelineView::selectEvent(qsizetype eventIndex)
{
    m_selectedEvent = eventIndex;
    if (eventIndex >= 0 && m_model && m_model->log() && eventIndex < m_model->log()->size()) {
        const LifecycleEvent event = m_model->log()->at(eventIndex);
        if (event.tUs < m_axis.startUs || event.tUs > m_axis.endUs())
            changeAxis(m_axis.pannedBy(m_axis.widthPx / 2.0 - m_axis.mapTimeToX(event.tUs)), true);
        if (event.has(FieldWorker) && event.worker >= 0) {
            const QRect lane = laneRect(TimelineIndex::laneOfWorker(event.worker));
            const int top = kAxisHeight + kSupervisorLaneHeight;
            if (lane.top() < top || lane.bottom() > viewport()->height())
                verticalScrollBar()->setValue(
                    verticalScrollBar()->value() + lane.center().y() - (top + viewport()->height()) / 2);
        }
    }
    viewport()->update();
}

QRect TimelineView::laneRect(int lane) const
{
    const int width = viewport()->width();
    if (lane == TimelineIndex::kSupervisorLane)
        return { 0, kAxisHeight, width, kSupervisorLaneHeight };
    const int top = kAxisHeight + kSupervisorLaneHeight + (lane - 1) * kLaneHeight - verticalScrollBar()->value();
    return { 0, top, width, kLaneHeight };
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
    const TimelineLane &lane = index()->lane(laneIndex);
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
    for (auto it = nearFrom(lane.marks, [](const TimelineMark &m) { return m.tUs; });
         it != lane.marks.end() && it->tUs <= tUs + toleranceUs; ++it)
        consider(it->tUs, it->event, 1);
    const auto barEnd = [this](const TimelineBar &bar) { return effectiveEnd(bar.endUs); };
    const TimelineBar *inside = nullptr;
    for (auto it = nearFrom(lane.bars, barEnd); it != lane.bars.end() && it->startUs <= tUs + toleranceUs; ++it) {
        consider(it->startUs, it->startEvent, 0);
        consider(it->stoppingUs, it->stoppingEvent, 1);
        if (it->endUs != TimelineIndex::kOpen)
            consider(it->endUs, it->endEvent, 2);
        if (it->startUs <= tUs && tUs <= barEnd(*it))
            inside = &*it;
    }
    const auto gapEnd = [this](const TimelineGap &gap) { return effectiveEnd(gap.untilUs); };
    const TimelineGap *insideGap = nullptr;
    for (auto it = nearFrom(lane.gaps, gapEnd); it != lane.gaps.end() && it->fromUs <= tUs + toleranceUs; ++it) {
        consider(it->scheduledUs, it->scheduleEvent, 1);
        if (it->fromUs <= tUs && tUs <= gapEnd(*it))
            insideGap = &*it;
    }
    if (best >= 0)
        return best;
    if (inside)
        return inside->startEvent;
    if (insideGap)
        return insideGap->scheduleEvent;
    return -1;
}

qint64 TimelineView::intensityAnchorUs() const
{
    const TimelineIndex *timeline = index();
    if (m_hoverUs >= 0)
        return m_hoverUs;
    if (timeline && timeline->gaveUpUs() >= 0)
        return timeline->gaveUpUs();
    return runEndUs();
}

QString TimelineView::toolTipAt(const QPoint &pos) const
{
    const int laneIndex = laneAt(pos);
    if (laneIndex < 0 || !m_model || !m_model->log())
        return {};
    const EventLog &log = *m_model->log();
    if (pos.x() < kGutterWidth)
        return m_model->data(m_model->index(laneIndex), Qt::ToolTipRole).toString();
    const TimelineLane &lane = index()->lane(laneIndex);
    const qint64 tUs = m_axis.mapXToTime(pos.x() - kGutterWidth);
    const qint64 toleranceUs = std::llround(kHitTolerancePx * m_axis.usPerPixel);

    for (const TimelineGap &gap : lane.gaps) {
        if (gap.fromUs > tUs)
            break;
        if (tUs > effectiveEnd(gap.untilUs))
            continue;
        QString text
            = u"%1 waiting to restart (attempt %2)\nscheduled delay: %3 ms"_s.arg(TimelineModel::laneName(lane.worker))
                  .arg(gap.attempt)
                  .arg(gap.delayMs);
        if (gap.untilUs == TimelineIndex::kOpen)
            text += u"\nwaiting for %1 so far"_s.arg(TimeAxis::formatDuration(m_nowUs - gap.causeUs));
        else if (gap.cancelled)
            text += u"\ncancelled: the supervisor stopped first"_s;
        else
            text += u"\nmeasured delay: %1 (failure → restart)"_s.arg(
                TimeAxis::formatDuration(gap.untilUs - gap.causeUs));
        if (gap.causeEvent >= 0)
            text += u"\ncaused by: "_s + eventLine(log.at(gap.causeEvent)).section(u'\n', 0, 0);
        return text;
    }

    const qsizetype event = eventAt(pos);
    if (event >= 0) {
        const LifecycleEvent lifecycle = log.at(event);
        if (std::abs(lifecycle.tUs - tUs) <= toleranceUs || laneIndex == TimelineIndex::kSupervisorLane)
            return eventLine(lifecycle);
        for (const TimelineBar &bar : lane.bars) {
            if (bar.startEvent != event)
                continue;
            const qint64 end = effectiveEnd(bar.endUs);
            return u"%1, incarnation %2\nstarted at %3, %4\nran for %5"_s.arg(TimelineModel::laneName(lane.worker))
                .arg(bar.incarnation)
                .arg(TimeAxis::formatTime(bar.startUs, 1), endText(bar.end))
                .arg(TimeAxis::formatDuration(end - bar.startUs));
        }
        return eventLine(lifecycle);
    }
    if (laneIndex == TimelineIndex::kSupervisorLane) {
        const TimelineIndex &timeline = *index();
        const qint64 anchor = tUs;
        const int restarts = timeline.restartsWithin(anchor);
        const QString limit = timeline.maxRestarts() < 0 ? u"no limit"_s
                                                         : u"limit: at most %1 within %2"_s.arg(timeline.maxRestarts())
                                                               .arg(TimeAxis::formatDuration(timeline.withinUs()));
        return u"Restart intensity at %1: %2 restart(s) decided within the last %3 (%4)"_s
            .arg(TimeAxis::formatTime(anchor, 1000))
            .arg(restarts)
            .arg(TimeAxis::formatDuration(timeline.withinUs()), limit);
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

void TimelineView::scrollContentsBy(int, int)
{
    viewport()->update();
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
            viewport()->setCursor(Qt::ClosedHandCursor);
        }
        if (m_dragging) {
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
        if (m_dragging) {
            m_dragging = false;
            viewport()->unsetCursor();
        } else {
            m_selectedEvent = eventAt(event->position().toPoint());
            viewport()->update();
            if (m_selectedEvent >= 0)
                emit eventSelected(m_selectedEvent);
        }
        event->accept();
        return;
    }
    QAbstractScrollArea::mouseReleaseEvent(event);
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

void TimelineView::contextMenuEvent(QContextMenuEvent *event)
{
    const int laneIndex = laneAt(event->pos());
    QMenu menu(this);
    if (laneIndex > 0) {
        const int worker = index()->lane(laneIndex).worker;
        const QString name = TimelineModel::laneName(worker);
        QAction *fail
            = menu.addAction(u"Fail %1 now"_s.arg(name), this, [this, worker] { emit failWorkerRequested(worker); });
        fail->setEnabled(m_runActive);
        fail->setToolTip(u"Make the running incarnation fail, as if its work had gone wrong"_s);
        menu.addAction(u"Show only %1 in the event log"_s.arg(name), this,
            [this, worker] { emit showWorkerEventsRequested(worker); });
        menu.addSeparator();
    }
    menu.addAction(u"Zoom to fit"_s, this, &TimelineView::zoomToFit);
    QAction *follow = menu.addAction(u"Follow live"_s, this, [this] { setFollowLive(true); });
    follow->setEnabled(!m_followLive);
    menu.exec(event->globalPos());
}

bool TimelineView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::showText(help->globalPos(), toolTip(), viewport());
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
    m_itemsPainted = 0;
    QPainter painter(viewport());
    const QPalette &colors = palette();
    const QRect all = viewport()->rect();
    painter.fillRect(all, colors.color(QPalette::Base));
    if (!m_model || m_model->rowCount() == 0) {
        paintAxis(painter);
        paintGutter(painter);
        return;
    }
    const TimelineIndex &timeline = *index();
    const QRect workerArea(0, kAxisHeight + kSupervisorLaneHeight, all.width(),
        std::max(0, all.height() - kAxisHeight - kSupervisorLaneHeight));

    painter.save();
    painter.setClipRect(workerArea);
    const int rows = m_model->rowCount();
    const int firstLane = std::max(1, 1 + verticalScrollBar()->value() / kLaneHeight);
    int lastLane = firstLane;
    for (int lane = firstLane; lane < rows && laneRect(lane).top() < workerArea.bottom(); ++lane) {
        const QRect rect = laneRect(lane);
        if (lane % 2 == 0)
            painter.fillRect(rect, colors.color(QPalette::AlternateBase));
        lastLane = lane;
    }
    paintGrid(painter, workerArea);
    for (int lane = firstLane; lane <= lastLane && lane < rows; ++lane)
        paintWorkerLane(painter, timeline.lane(lane), laneRect(lane));
    painter.setClipRect(workerArea.adjusted(kGutterWidth, 0, 0, 0));
    paintLinks(painter, workerArea);
    painter.restore();

    const QRect supervisorRect = laneRect(TimelineIndex::kSupervisorLane);
    painter.fillRect(supervisorRect, colors.color(QPalette::Window).lighter(StateColors::isDark(colors) ? 120 : 103));
    painter.save();
    painter.setClipRect(supervisorRect.adjusted(kGutterWidth, 0, 0, 0));
    paintGrid(painter, supervisorRect);
    paintSupervisorLane(painter, supervisorRect);
    painter.restore();
    painter.setPen(colors.color(QPalette::Mid));
    painter.drawLine(0, supervisorRect.bottom(), all.width(), supervisorRect.bottom());

    const double liveX = xOf(m_nowUs);
    if (m_nowUs > 0 && liveX >= kGutterWidth && liveX <= all.width()) {
        painter.setPen(QPen(colors.color(QPalette::Highlight), 1));
        painter.drawLine(QPointF(liveX, kAxisHeight), QPointF(liveX, all.height()));
    }
    paintSelection(painter);
    paintAxis(painter);
    paintGutter(painter);
}

void TimelineView::paintGrid(QPainter &painter, const QRect &area) const
{
    QColor grid = palette().color(QPalette::Mid);
    grid.setAlphaF(0.35f);
    painter.setPen(grid);
    for (const TimeAxis::Tick &tick : m_axis.ticks(90)) {
        const int x = int(std::lround(kGutterWidth + tick.x));
        painter.drawLine(x, area.top(), x, area.bottom());
    }
}

void TimelineView::paintAxis(QPainter &painter) const
{
    const QPalette &colors = palette();
    const QRect axisRect(0, 0, viewport()->width(), kAxisHeight);
    painter.fillRect(axisRect, colors.color(QPalette::Window));
    painter.setPen(colors.color(QPalette::Mid));
    painter.drawLine(axisRect.bottomLeft(), axisRect.bottomRight());
    painter.setPen(colors.color(QPalette::WindowText));
    const QFontMetrics metrics = fontMetrics();
    for (const TimeAxis::Tick &tick : m_axis.ticks(90)) {
        const int x = int(std::lround(kGutterWidth + tick.x));
        if (x < kGutterWidth)
            continue;
        painter.drawLine(x, kAxisHeight - 6, x, kAxisHeight - 1);
        painter.drawText(x + 3, kAxisHeight - 7 - metrics.descent(), tick.label);
    }
    const double liveX = xOf(m_nowUs);
    if (m_nowUs > 0 && liveX >= kGutterWidth && liveX <= axisRect.width()) {
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colors.color(QPalette::Highlight));
        painter.drawPolygon(QPolygonF({ QPointF(liveX - 5, kAxisHeight - 8), QPointF(liveX + 5, kAxisHeight - 8),
            QPointF(liveX, kAxisHeight - 1) }));
        painter.restore();
    }
}

void TimelineView::paintGutter(QPainter &painter) const
{
    const QPalette &colors = palette();
    const QRect gutter(0, 0, kGutterWidth, viewport()->height());
    painter.fillRect(gutter, colors.color(QPalette::Window));
    painter.setPen(colors.color(QPalette::WindowText));
    const QFontMetrics metrics = fontMetrics();
    painter.drawText(QRect(6, 0, kGutterWidth - 8, kAxisHeight), Qt::AlignVCenter | Qt::AlignLeft,
        u"t = "_s + TimeAxis::formatTime(m_nowUs, 10'000));
    if (m_model) {
        const int rows = m_model->rowCount();
        for (int lane = 0; lane < rows; ++lane) {
            const QRect rect = laneRect(lane);
            if (lane > 0 && (rect.bottom() < kAxisHeight + kSupervisorLaneHeight || rect.top() > gutter.bottom()))
                continue;
            if (lane > 0 && rect.top() < kAxisHeight + kSupervisorLaneHeight)
                continue; // half hidden under the pinned supervisor lane
            const TimelineLane &data = index()->lane(lane);
            QFont font = painter.font();
            font.setBold(lane == 0);
            painter.setFont(font);
            painter.setPen(colors.color(QPalette::WindowText));
            painter.drawText(rect.adjusted(6, 0, -18, 0), Qt::AlignVCenter | Qt::AlignLeft,
                metrics.elidedText(TimelineModel::laneName(data.worker), Qt::ElideRight, kGutterWidth - 24));
            if (lane > 0 && !data.bars.empty()) {
                // The worker's state now, as a dot: running, waiting to restart, or how it last ended.
                const TimelineBar &last = data.bars.back();
                StateColor state = stateOf(last.end);
                if (!data.gaps.empty() && data.gaps.back().untilUs == TimelineIndex::kOpen)
                    state = StateColor::Waiting;
                painter.save();
                painter.setRenderHint(QPainter::Antialiasing);
                painter.setPen(Qt::NoPen);
                painter.setBrush(StateColors::color(state, colors));
                painter.drawEllipse(QPointF(kGutterWidth - 11, rect.center().y() + 0.5), 4, 4);
                painter.restore();
            }
        }
    }
    painter.setPen(colors.color(QPalette::Mid));
    painter.drawLine(kGutterWidth - 1, 0, kGutterWidth - 1, gutter.bottom());
}

void TimelineView::paintCircuitPeriods(
    QPainter &painter, const std::vector<TimelinePeriod> &periods, const QRect &rect, bool labelled) const
{
    const QPalette &colors = palette();
    for (const TimelinePeriod &period : periods) {
        const double x0 = std::max(xOf(period.fromUs), double(kGutterWidth) - 1);
        const double x1 = std::min(xOf(effectiveEnd(period.untilUs)), double(rect.right()) + 1);
        if (x1 < kGutterWidth || x0 > rect.right())
            continue;
        const QRectF band(x0, rect.top() + 1, std::max(1.0, x1 - x0), rect.height() - 2);
        if (period.halfOpen) {
            painter.fillRect(band, QBrush(StateColors::color(StateColor::CircuitOpen, colors), Qt::Dense5Pattern));
        } else {
            painter.fillRect(band, StateColors::color(StateColor::CircuitOpen, colors));
        }
        if (labelled) {
            const QString label
                = (period.halfOpen ? u"half-open · "_s : u"circuit open · "_s) + TimelineModel::laneName(period.worker);
            if (fontMetrics().horizontalAdvance(label) + 8 < band.width()) {
                painter.setPen(colors.color(QPalette::Text));
                painter.drawText(band.adjusted(4, 2, -2, 0), Qt::AlignTop | Qt::AlignLeft, label);
            }
        }
    }
}

void TimelineView::paintIntensityWindow(QPainter &painter, const QRect &rect) const
{
    const TimelineIndex &timeline = *index();
    if (timeline.withinUs() <= 0 || timeline.eventCount() == 0)
        return;
    const QPalette &colors = palette();
    const qint64 anchor = intensityAnchorUs();
    const int restarts = timeline.restartsWithin(anchor);
    const bool exceeded = timeline.maxRestarts() >= 0 && restarts > timeline.maxRestarts();
    const double x0 = xOf(anchor - timeline.withinUs());
    const double x1 = xOf(anchor);
    const QRectF band(x0, rect.top() + rect.height() / 2.0, std::max(1.0, x1 - x0), rect.height() / 2.0 - 9);
    painter.fillRect(band,
        exceeded ? StateColors::color(StateColor::CircuitOpen, colors)
                 : StateColors::color(StateColor::IntensityWindow, colors));
    painter.setPen(StateColors::color(exceeded ? StateColor::GaveUp : StateColor::Completed, colors));
    painter.drawLine(QPointF(x1, band.top()), QPointF(x1, band.bottom()));
    const QString limit = timeline.maxRestarts() < 0 ? u"no limit"_s : u"limit %1"_s.arg(timeline.maxRestarts());
    const QString text = u"%1 restart(s) in the last %2 · %3"_s.arg(restarts).arg(
        TimeAxis::formatDuration(timeline.withinUs()), limit);
    const int textWidth = fontMetrics().horizontalAdvance(text);
    painter.setPen(palette().color(QPalette::Text));
    const double textLeft = std::max({ band.left(), x1 - textWidth - 6, double(kGutterWidth) + 4 });
    painter.drawText(
        QRectF(textLeft, band.top(), textWidth + 4, band.height()), Qt::AlignVCenter | Qt::AlignLeft, text);
}

void TimelineView::paintSupervisorLane(QPainter &painter, const QRect &rect) const
{
    const TimelineIndex &timeline = *index();
    const TimelineLane &lane = timeline.lane(TimelineIndex::kSupervisorLane);
    const QPalette &colors = palette();
    const qint64 fromUs = m_axis.startUs - std::llround(10 * m_axis.usPerPixel);
    const qint64 toUs = m_axis.endUs() + std::llround(10 * m_axis.usPerPixel);

    paintCircuitPeriods(painter, lane.circuitPeriods, rect, true);
    paintIntensityWindow(painter, rect);

    const QColor tick = StateColors::color(StateColor::Waiting, colors);
    const auto at = [](const TimelineMark &mark) { return mark.tUs; };
    forEachVisible(
        timeline.restartDecisions(), fromUs, toUs, m_axis, at, at,
        [&](const TimelineMark &mark) {
            const double x = std::floor(xOf(mark.tUs));
            painter.fillRect(QRectF(x, rect.bottom() - 8, 1, 7), tick);
            return x + 1 - kGutterWidth;
        },
        m_itemsPainted);

    const QFontMetrics metrics = fontMetrics();
    forEachVisible(
        lane.marks, fromUs, toUs, m_axis, at, at,
        [&](const TimelineMark &mark) {
            const double x = xOf(mark.tUs);
            const double top = rect.top() + 4;
            const double size = 12;
            switch (mark.kind) {
            case EventKind::SupervisorStarted:
            case EventKind::SupervisorStopping:
            case EventKind::SupervisorStopped: {
                const StateColor state = mark.kind == EventKind::SupervisorStarted ? StateColor::Running
                    : mark.kind == EventKind::SupervisorStopping                   ? StateColor::Stopping
                                                                                   : StateColor::Stopped;
                TimelineGlyphs::paint(painter, state, QRectF(x - 3, top, 6, size), colors);
                return x + 3 - kGutterWidth;
            }
            case EventKind::SupervisorGaveUp: {
                TimelineGlyphs::paint(painter, StateColor::GaveUp, QRectF(x - 8, top - 1, 16, 16), colors);
                painter.setPen(StateColors::color(StateColor::GaveUp, colors));
                QFont bold = painter.font();
                bold.setBold(true);
                painter.save();
                painter.setFont(bold);
                painter.drawText(QPointF(x + 11, top + 12), u"gave up"_s);
                painter.restore();
                return x + 8 - kGutterWidth;
            }
            case EventKind::ConfigChanged: {
                TimelineGlyphs::paint(painter, StateColor::ConfigChanged, QRectF(x - 5, top, 10, 10), colors);
                const LifecycleEvent event = m_model->log()->at(mark.event);
                const QString label = event.key + u'=' + event.value;
                if (m_axis.usPerPixel * (metrics.horizontalAdvance(label) + 10) < 1e9) {
                    painter.setPen(StateColors::color(StateColor::ConfigChanged, colors));
                    painter.drawText(QPointF(x + 7, top + 9), label);
                }
                return x + 5 - kGutterWidth;
            }
            default:
                return x - kGutterWidth;
            }
        },
        m_itemsPainted);
}

void TimelineView::paintWorkerLane(QPainter &painter, const TimelineLane &lane, const QRect &rect) const
{
    paintCircuitPeriods(painter, lane.circuitPeriods, rect, false);
    paintGaps(painter, lane, rect);
    paintBars(painter, lane, rect);
}

void TimelineView::paintGaps(QPainter &painter, const TimelineLane &lane, const QRect &rect) const
{
    const QPalette &colors = palette();
    const qint64 fromUs = m_axis.startUs;
    const qint64 toUs = m_axis.endUs();
    const QFontMetrics metrics = fontMetrics();
    const auto start = [](const TimelineGap &gap) { return gap.fromUs; };
    const auto end = [this](const TimelineGap &gap) { return effectiveEnd(gap.untilUs); };
    forEachVisible(
        lane.gaps, fromUs, toUs, m_axis, start, end,
        [&](const TimelineGap &gap) {
            const double x0 = std::floor(std::max(xOf(gap.fromUs), double(kGutterWidth) - 2));
            const double x1 = std::max(x0 + 1, std::ceil(std::min(xOf(end(gap)), double(rect.right()) + 2)));
            const QRectF box(x0, rect.top() + 7, x1 - x0, rect.height() - 14);
            TimelineGlyphs::paintGap(painter, box, colors);
            if (gap.cancelled) {
                painter.setPen(QPen(StateColors::color(StateColor::Stopped, colors), 1, Qt::DashLine));
                painter.drawLine(QPointF(x1 - 0.5, rect.top() + 3), QPointF(x1 - 0.5, rect.bottom() - 3));
            }
            const qint64 measuredUs = (gap.untilUs == TimelineIndex::kOpen ? m_nowUs : gap.untilUs) - gap.causeUs;
            const QString label = box.width() > kMinLabelWidthPx ? TimeAxis::formatDuration(measuredUs) : QString();
            if (!label.isEmpty() && metrics.horizontalAdvance(label) + 10 < box.width()
                && gap.untilUs != TimelineIndex::kOpen) {
                painter.setPen(colors.color(QPalette::Text));
                painter.drawText(box, Qt::AlignCenter, label);
            }
            return x1 - kGutterWidth;
        },
        m_itemsPainted);
}

void TimelineView::paintBars(QPainter &painter, const TimelineLane &lane, const QRect &rect) const
{
    const QPalette &colors = palette();
    const QColor running = StateColors::color(StateColor::Running, colors);
    const QColor stopping = StateColors::color(StateColor::Stopping, colors);
    const QColor label = TimelineGlyphs::textOn(running);
    const QFontMetrics metrics = fontMetrics();
    const qint64 fromUs = m_axis.startUs - std::llround(8 * m_axis.usPerPixel);
    const qint64 toUs = m_axis.endUs();
    const double right = rect.right() + 2;
    double markersUntilX = -1e18;
    const auto start = [](const TimelineBar &bar) { return bar.startUs; };
    const auto end = [this](const TimelineBar &bar) { return effectiveEnd(bar.endUs); };
    forEachVisible(
        lane.bars, fromUs, toUs, m_axis, start, end,
        [&](const TimelineBar &bar) {
            const double endX = xOf(end(bar));
            const double x0 = std::floor(std::max(xOf(bar.startUs), double(kGutterWidth) - 2));
            const double x1 = std::max(x0 + 1, std::ceil(std::min(endX, right)));
            const QRectF box(x0, rect.top() + 4, x1 - x0, rect.height() - 8);
            painter.fillRect(box, running);
            if (bar.stoppingUs >= 0) {
                const double xs = std::clamp(std::floor(xOf(bar.stoppingUs)), x0, x1);
                painter.fillRect(QRectF(xs, box.top(), x1 - xs, box.height()), stopping);
            }
            if (box.width() > kMinLabelWidthPx) {
                const QString number = u"#%1"_s.arg(bar.incarnation);
                if (box.width() > metrics.horizontalAdvance(number) + 8) {
                    painter.setPen(label);
                    painter.drawText(box.adjusted(4, 0, -2, 0), Qt::AlignVCenter | Qt::AlignLeft, number);
                }
            }
            const double size = rect.height() - 12;
            // Markers never overlap: where ends crowd together, the first one in each marker's width stands for them.
            if (bar.end != BarEnd::Running && endX <= right + 8 && endX - size / 2 >= markersUntilX) {
                markersUntilX = endX + size / 2;
                const QRectF mark(endX - size / 2, rect.center().y() - size / 2 + 0.5, size, size);
                if (bar.end == BarEnd::Completed)
                    TimelineGlyphs::paint(
                        painter, StateColor::Completed, QRectF(endX - 1.5, box.top(), 3, box.height()), colors);
                else
                    TimelineGlyphs::paint(painter, stateOf(bar.end), mark, colors);
            }
            return x1 - kGutterWidth;
        },
        m_itemsPainted);
}

void TimelineView::paintLinks(QPainter &painter, const QRect &area) const
{
    // From each failure to the restart it caused: along the gap on the same lane, or from a sibling's failure
    // under one-for-all and rest-for-one. Drawn only where a gap is wide enough for the arrow to read.
    const QPalette &colors = palette();
    QColor ink = StateColors::color(StateColor::Waiting, colors).darker(StateColors::isDark(colors) ? 100 : 140);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(ink, 1.3));
    painter.setBrush(ink);
    const int rows = m_model->rowCount();
    const TimelineIndex &timeline = *index();
    const int firstLane = std::max(1, 1 + verticalScrollBar()->value() / kLaneHeight);
    for (int laneIndex = firstLane; laneIndex < rows && laneRect(laneIndex).top() < area.bottom(); ++laneIndex) {
        const TimelineLane &lane = timeline.lane(laneIndex);
        const double y = laneCenterY(laneIndex) + 0.5;
        const auto start = [](const TimelineGap &gap) { return std::min(gap.fromUs, gap.causeUs); };
        const auto end = [this](const TimelineGap &gap) { return effectiveEnd(gap.untilUs); };
        forEachVisible(
            lane.gaps, m_axis.startUs, m_axis.endUs(), m_axis, start, end,
            [&](const TimelineGap &gap) {
                const double x1 = xOf(end(gap));
                if (gap.causeEvent < 0 || x1 - xOf(gap.fromUs) < 14)
                    return x1 - kGutterWidth;
                const double causeX = xOf(gap.causeUs);
                const double gapX = xOf(gap.fromUs);
                if (gap.causeWorker != lane.worker) {
                    const double causeY = laneCenterY(TimelineIndex::laneOfWorker(gap.causeWorker)) + 0.5;
                    QPainterPath path(QPointF(causeX, causeY));
                    path.cubicTo(QPointF(causeX + 12, causeY), QPointF(gapX - 12, y), QPointF(gapX + 2, y));
                    painter.setBrush(Qt::NoBrush);
                    painter.drawPath(path);
                    painter.setBrush(ink);
                }
                const bool restarted = gap.untilUs != TimelineIndex::kOpen && !gap.cancelled;
                const double lineEnd = restarted ? x1 - 6 : x1;
                painter.drawLine(QPointF(gapX + 2, y), QPointF(lineEnd, y));
                if (restarted)
                    painter.drawPolygon(QPolygonF({ QPointF(x1 - 7, y - 4), QPointF(x1, y), QPointF(x1 - 7, y + 4) }));
                return x1 - kGutterWidth;
            },
            m_itemsPainted);
    }
    painter.restore();
}

void TimelineView::paintSelection(QPainter &painter) const
{
    if (m_selectedEvent < 0 || !m_model || !m_model->log() || m_selectedEvent >= m_model->log()->size())
        return;
    const LifecycleEvent event = m_model->log()->at(m_selectedEvent);
    const double x = xOf(event.tUs);
    if (x < kGutterWidth || x > viewport()->width())
        return;
    const int lane = event.has(FieldWorker) && event.worker >= 0 && event.kind != EventKind::CircuitOpened
            && event.kind != EventKind::CircuitHalfOpen && event.kind != EventKind::CircuitClosed
        ? TimelineIndex::laneOfWorker(event.worker)
        : TimelineIndex::kSupervisorLane;
    const QColor highlight = palette().color(QPalette::Highlight);
    painter.save();
    painter.setPen(QPen(highlight, 1, Qt::DashLine));
    painter.drawLine(QPointF(x, kAxisHeight), QPointF(x, viewport()->height()));
    const int y = laneCenterY(lane);
    if (lane == TimelineIndex::kSupervisorLane || y > kAxisHeight + kSupervisorLaneHeight) {
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(highlight, 2.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(QPointF(x, y + 0.5), 9, 9);
    }
    painter.restore();
}

} // namespace SupervisorLab
