#include "timeline/timelinepainter.h"

#include "events/eventlog.h"
#include "events/readinglocale.h"
#include "statecolors.h"
#include "timeline/markdensity.h"
#include "timeline/timelineglyphs.h"
#include "timeline/timelinemodel.h"

#include <QHash>
#include <QLocale>
#include <QPaintEngine>
#include <QPainter>
#include <QPainterPath>
#include <QStaticText>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

constexpr double kMinLabelWidthPx = 18; // narrower boxes cannot hold any label
constexpr double kMinArrowGapPx = 14; // narrower gaps have no room for the arrow from failure to restart

// The first index in [from, count) whose end is not before `tUs`, the ends being sorted. It gallops from
// `from`: while painting, the next item to draw is a few items on, rarely half the run away.
template<typename EndAt> qsizetype firstEndingFrom(qsizetype from, qsizetype count, qint64 tUs, EndAt endAt)
{
    qsizetype low = from;
    qsizetype high = count;
    for (qsizetype step = 1; count - low > step; step *= 2) {
        if (endAt(low + step) >= tUs) {
            high = low + step;
            break;
        }
        low += step;
    }
    while (low < high) {
        const qsizetype middle = low + (high - low) / 2;
        if (endAt(middle) < tUs)
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

// Walks the items of a time-sorted, non-overlapping sequence that meet [fromUs, toUs], skipping by search
// over every item that would fall inside a pixel column already painted. `endAt(i)` is the end of item i: the
// search reads many ends and paints few items. `paint` returns the right edge (in pixels) of what it painted.
template<typename Items, typename StartOf, typename EndAt, typename Paint>
void forEachVisible(const Items &items, qint64 fromUs, qint64 toUs, const TimeAxis &axis, StartOf startOf, EndAt endAt,
    Paint paint, int &painted)
{
    const qsizetype count = qsizetype(items.size());
    qsizetype i = firstEndingFrom(0, count, fromUs, endAt);
    double paintedUntilX = -1e18;
    while (i < count && startOf(items[size_t(i)]) <= toUs) {
        if (axis.mapTimeToX(endAt(i)) < paintedUntilX) {
            // Rounded up, so that the search always moves past the item that brought it here.
            const qint64 resumeUs = axis.startUs + qint64(std::ceil(paintedUntilX * axis.usPerPixel));
            const qsizetype next = firstEndingFrom(i, count, resumeUs, endAt);
            i = next == i ? i + 1 : next;
            continue;
        }
        const auto &item = items[size_t(i)];
        // Every item claims at least the pixel column it starts in.
        paintedUntilX = std::max({ paintedUntilX, paint(item), std::floor(axis.mapTimeToX(startOf(item))) + 1 });
        ++painted;
        ++i;
    }
}

// Lane names are few and drawn in every frame: each is elided and laid out once, not shaped again every time.
const QStaticText &laneLabel(const QString &name, const QFont &font, const QFontMetrics &elision, int width)
{
    static QHash<QString, QStaticText> labels;
    const QString key = font.key() + u'|' + QString::number(width) + u'|' + name;
    auto label = labels.constFind(key);
    if (label == labels.constEnd()) {
        if (labels.size() > 4096)
            labels.clear();
        QStaticText text(elision.elidedText(name, Qt::ElideRight, width));
        text.setTextFormat(Qt::PlainText);
        text.prepare(QTransform(), font);
        label = labels.insert(key, text);
    }
    return *label;
}

// Boxes of one fill across one lane, in time order: those that touch or overlap are filled as one, so a dense
// stretch of a run costs one fill rather than one per pixel column. Whatever goes over a box waits for flush().
template<typename Fill> class MergedBoxes
{
public:
    MergedBoxes(Fill fill, double top, double height)
        : m_fill(std::move(fill))
        , m_top(top)
        , m_height(height)
    {
    }

    void add(double x0, double x1)
    {
        if (m_x1 > m_x0 && x0 <= m_x1) {
            m_x1 = std::max(m_x1, x1);
            return;
        }
        flush();
        m_x0 = x0;
        m_x1 = x1;
    }

    void flush()
    {
        if (m_x1 > m_x0)
            m_fill(QRectF(m_x0, m_top, m_x1 - m_x0, m_height));
        m_x0 = m_x1 = 0;
    }

private:
    Fill m_fill;
    double m_top;
    double m_height;
    double m_x0 = 0;
    double m_x1 = 0;
};

} // namespace

TimelinePainter::TimelinePainter(
    const TimelineModel &model, const TimeAxis &axis, const QPalette &palette, const QFont &font)
    : m_model(model)
    , m_axis(axis)
    , m_palette(palette)
    , m_font(font)
    , m_metrics(font)
{
    // Labels are measured only where a box could hold the narrowest of them: measuring text costs more than
    // painting a box, and a dense stretch has a box in every pixel column.
    int narrowestDigit = m_metrics.horizontalAdvance(u'0');
    for (char16_t digit = u'1'; digit <= u'9'; ++digit)
        narrowestDigit = std::min(narrowestDigit, m_metrics.horizontalAdvance(QChar(digit)));
    m_narrowestBarLabelPx = m_metrics.horizontalAdvance(u'#') + narrowestDigit - 1;
    m_narrowestGapLabelPx = narrowestDigit + m_metrics.horizontalAdvance(u" s"_s) - 1;
}

void TimelinePainter::setArea(const QSize &size, int lanes, int scrolledPx)
{
    m_size = size;
    m_lanes = std::min(lanes, m_model.rowCount());
    m_scrolledPx = scrolledPx;
}

void TimelinePainter::setNow(qint64 nowUs, bool markLiveEdge)
{
    m_nowUs = nowUs;
    m_markLiveEdge = markLiveEdge;
}

QString TimelinePainter::restartTypeTag(RestartType type, bool brief)
{
    switch (type) {
    case RestartType::Permanent:
        //: A worker's restart type (permanent) beside its name in the timeline's gutter; "P" where room is short
        return brief ? tr("P") : tr("perm");
    case RestartType::Transient:
        //: A worker's restart type (transient) beside its name; "T" where room is short, unlike temporary's "t"
        return brief ? tr("T") : tr("trans");
    case RestartType::Temporary:
        //: A worker's restart type (temporary) beside its name; "t" where room is short, unlike transient's "T"
        return brief ? tr("t") : tr("temp");
    }
    return {};
}

QString TimelinePainter::numberText(qint64 n)
{
    return readingLocale().toString(n);
}

std::optional<StateColor> TimelinePainter::laneState(const TimelineLane &lane, qint64 tUs)
{
    const auto until = [tUs](qint64 endUs) { return endUs == TimelineIndex::kOpen || tUs < endUs; };
    if (lane.dependency >= 0) {
        for (auto outage = lane.outages.rbegin(); outage != lane.outages.rend(); ++outage) {
            if (outage->fromUs <= tUs)
                return until(outage->untilUs) ? StateColor::DependencyDown : StateColor::Running;
        }
        return StateColor::Running;
    }
    if (lane.worker < 0 && lane.supervisor == 0) {
        // The root's lane has no bars: its start, stop and give-up are marks, painted in these states.
        const auto last = std::partition_point(
            lane.marks.begin(), lane.marks.end(), [tUs](const TimelineMark &mark) { return mark.tUs <= tUs; });
        for (auto mark = last; mark != lane.marks.begin();) {
            switch ((--mark)->kind) {
            case EventKind::SupervisorStarted:
                return StateColor::Running;
            case EventKind::SupervisorStopping:
                return StateColor::Stopping;
            case EventKind::SupervisorStopped:
                return StateColor::Stopped;
            case EventKind::SupervisorGaveUp:
                return StateColor::GaveUp;
            default:
                break;
            }
        }
        return std::nullopt;
    }
    const auto bar = std::partition_point(
        lane.bars.begin(), lane.bars.end(), [tUs](const TimelineBar &bar) { return bar.startUs <= tUs; });
    if (bar == lane.bars.begin())
        return std::nullopt;
    // Waiting from the end of an incarnation (or the decision, if that came first) to the restart.
    const auto gap = std::partition_point(
        lane.gaps.begin(), lane.gaps.end(), [tUs](const TimelineGap &gap) { return gap.fromUs <= tUs; });
    if (gap != lane.gaps.begin() && until(std::prev(gap)->untilUs))
        return StateColor::Waiting;
    const TimelineBar &last = *std::prev(bar);
    return until(last.endUs) ? StateColor::Running : StateColors::ofBarEnd(last.end);
}

QRect TimelinePainter::laneRect(int lane, int width, int scrolledPx)
{
    if (lane == TimelineIndex::kSupervisorLane)
        return { 0, kAxisHeight, width, kSupervisorLaneHeight };
    const int top = kAxisHeight + kSupervisorLaneHeight + (lane - 1) * kLaneHeight - scrolledPx;
    return { 0, top, width, kLaneHeight };
}

QRect TimelinePainter::disclosureRect(const QRect &laneRect, int depth)
{
    return { nameIndent(depth) - 1, laneRect.center().y() - 5, 11, 11 };
}

QRect TimelinePainter::workerArea() const
{
    return { 0, kAxisHeight + kSupervisorLaneHeight, m_size.width(),
        std::max(0, m_size.height() - kAxisHeight - kSupervisorLaneHeight) };
}

qint64 TimelinePainter::intensityAnchorUs() const
{
    if (m_intensityAnchorUs >= 0)
        return m_intensityAnchorUs;
    if (m_model.gaveUpUs() >= 0)
        return m_model.gaveUpUs();
    return std::max(m_nowUs, m_model.lastEventUs());
}

void TimelinePainter::paintLanes(QPainter &painter)
{
    m_itemsPainted = 0;
    // On a raster device, gaps are filled with a ready texture and marks stamped from pixmaps; vector output
    // (SVG) keeps drawing both as shapes.
    if (painter.paintEngine() && painter.paintEngine()->type() == QPaintEngine::Raster) {
        m_gapBrush = TimelineGlyphs::gapBrush(m_palette);
        m_stamps.emplace(m_palette, painter.device()->devicePixelRatioF());
    } else {
        m_gapBrush = QBrush();
        m_stamps.reset();
    }
    painter.setFont(m_font);
    const QPalette &colors = m_palette;
    const QRect all(QPoint(0, 0), m_size);
    painter.fillRect(all, colors.color(QPalette::Base));
    if (m_lanes == 0)
        return;
    const QRect workers = workerArea();

    painter.save();
    painter.setClipRect(workers);
    int lastLane = firstWorkerLane();
    QColor selected = colors.color(QPalette::Highlight);
    selected.setAlphaF(0.12f);
    for (int lane = firstWorkerLane(); isLaneShown(lane, workers); ++lane) {
        const TimelineModel::Row &row = m_model.row(lane);
        if (row.kind == TimelineModel::RowKind::Supervisor) // a nested supervisor heads its subtree's group of lanes
            painter.fillRect(
                laneRect(lane), colors.color(QPalette::Window).lighter(StateColors::isDark(colors) ? 115 : 101));
        else if (lane % 2 == 0)
            painter.fillRect(laneRect(lane), colors.color(QPalette::AlternateBase));
        if (lane == m_selectedRow)
            painter.fillRect(laneRect(lane), selected);
        lastLane = lane;
    }
    paintGrid(painter, workers);
    for (int lane = firstWorkerLane(); lane <= lastLane && lane < m_lanes; ++lane)
        paintRow(painter, lane, laneRect(lane));
    painter.setClipRect(workers.adjusted(kGutterWidth, 0, 0, 0));
    paintLinks(painter, workers);
    painter.restore();

    const QRect supervisorRect = laneRect(TimelineIndex::kSupervisorLane);
    painter.fillRect(supervisorRect, colors.color(QPalette::Window).lighter(StateColors::isDark(colors) ? 120 : 103));
    if (m_selectedRow == TimelineIndex::kSupervisorLane)
        painter.fillRect(supervisorRect, selected);
    painter.save();
    painter.setClipRect(supervisorRect.adjusted(kGutterWidth, 0, 0, 0));
    paintGrid(painter, supervisorRect);
    paintSupervisorLane(painter, supervisorRect);
    painter.restore();
    painter.setPen(colors.color(QPalette::Mid));
    painter.drawLine(0, supervisorRect.bottom(), all.width(), supervisorRect.bottom());

    const double liveX = xOf(m_nowUs);
    if (m_markLiveEdge && m_nowUs > 0 && liveX >= kGutterWidth && liveX <= all.width()) {
        painter.setPen(QPen(colors.color(QPalette::Highlight), 1));
        painter.drawLine(QPointF(liveX, kAxisHeight), QPointF(liveX, all.height()));
    }
}

void TimelinePainter::paintFrame(QPainter &painter)
{
    painter.setFont(m_font);
    paintAxis(painter);
    paintGutter(painter);
}

void TimelinePainter::paintGrid(QPainter &painter, const QRect &area) const
{
    QColor grid = m_palette.color(QPalette::Mid);
    grid.setAlphaF(0.35f);
    painter.setPen(grid);
    for (const TimeAxis::Tick &tick : m_axis.ticks(90)) {
        const int x = int(std::lround(kGutterWidth + tick.x));
        painter.drawLine(x, area.top(), x, area.bottom());
    }
}

void TimelinePainter::paintAxis(QPainter &painter) const
{
    const QPalette &colors = m_palette;
    const QRect axisRect(0, 0, m_size.width(), kAxisHeight);
    painter.fillRect(axisRect, colors.color(QPalette::Window));
    painter.setPen(colors.color(QPalette::Mid));
    painter.drawLine(axisRect.bottomLeft(), axisRect.bottomRight());
    painter.setPen(colors.color(QPalette::WindowText));
    for (const TimeAxis::Tick &tick : m_axis.ticks(90)) {
        const int x = int(std::lround(kGutterWidth + tick.x));
        if (x < kGutterWidth)
            continue;
        painter.drawLine(x, kAxisHeight - 6, x, kAxisHeight - 1);
        const QString &label = tick.label;
        const int labelWidth = m_metrics.horizontalAdvance(label);
        const double left = keepInside(x + 3, labelWidth, kGutterWidth + 2, m_size.width() - 2);
        painter.drawText(QPointF(left, kAxisHeight - 7 - m_metrics.descent()), label);
    }
    const double liveX = xOf(m_nowUs);
    if (m_markLiveEdge && m_nowUs > 0 && liveX >= kGutterWidth && liveX <= axisRect.width()) {
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colors.color(QPalette::Highlight));
        painter.drawPolygon(QPolygonF({ QPointF(liveX - 5, kAxisHeight - 8), QPointF(liveX + 5, kAxisHeight - 8),
            QPointF(liveX, kAxisHeight - 1) }));
        painter.restore();
    }
}

void TimelinePainter::paintGutter(QPainter &painter) const
{
    const QPalette &colors = m_palette;
    const QRect gutter(0, 0, kGutterWidth, m_size.height());
    painter.fillRect(gutter, colors.color(QPalette::Window));
    painter.setPen(colors.color(QPalette::WindowText));
    painter.drawText(QRect(6, 0, kGutterWidth - 8, kAxisHeight), Qt::AlignVCenter | Qt::AlignLeft, m_cornerText);
    for (int lane = 0; lane < m_lanes; ++lane) {
        const QRect rect = laneRect(lane);
        if (lane > 0 && (rect.bottom() < kAxisHeight + kSupervisorLaneHeight || rect.top() > gutter.bottom()))
            continue;
        if (lane > 0 && rect.top() < kAxisHeight + kSupervisorLaneHeight)
            continue; // half hidden under the pinned supervisor lane
        paintGutterRow(painter, lane, rect);
    }
    painter.setPen(colors.color(QPalette::Mid));
    painter.drawLine(kGutterWidth - 1, 0, kGutterWidth - 1, gutter.bottom());
}

void TimelinePainter::paintGutterRow(QPainter &painter, int lane, const QRect &rect) const
{
    const QPalette &colors = m_palette;
    const TimelineLane &data = m_model.lane(lane);
    const TimelineModel::Row &row = m_model.row(lane);
    const bool nested = row.kind == TimelineModel::RowKind::Supervisor && row.index > 0;
    const bool selected = lane == m_selectedRow;
    const QColor ink = colors.color(selected ? QPalette::HighlightedText : QPalette::WindowText);
    if (selected)
        painter.fillRect(QRect(0, rect.top(), kGutterWidth - 1, rect.height()), colors.color(QPalette::Highlight));
    QFont font = painter.font();
    font.setBold(row.kind == TimelineModel::RowKind::Supervisor);
    font.setItalic(data.dependency >= 0);
    painter.setFont(font);
    painter.setPen(ink);
    int nameX = nameIndent(row.depth);
    if (nested) {
        // A triangle pointing right while the subtree is collapsed into this lane, down while it is shown.
        const QRectF box = disclosureRect(rect, row.depth).adjusted(1.5, 1.5, -1.5, -1.5);
        const QPolygonF triangle = m_model.isCollapsed(row.index)
            ? QPolygonF({ box.topLeft(), QPointF(box.right(), box.center().y()), box.bottomLeft() })
            : QPolygonF({ box.topLeft(), box.topRight(), QPointF(box.center().x(), box.bottom()) });
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(ink);
        painter.drawPolygon(triangle);
        painter.restore();
        nameX += kIndentPx + 1;
    }
    // A child's restart type beside its name, always: what its lane's ends lead to. Where the name would not fit
    // beside the word, in brief (the lane's tooltip spells it out).
    const bool child = (row.kind == TimelineModel::RowKind::Worker) || nested;
    const RestartType restartType
        = nested ? m_model.restartTypeOfSupervisor(row.index) : m_model.config().restartTypeOf(data.worker);
    const QString laneName = m_model.laneName(data);
    const QFontMetrics nameMetrics(font);
    QString type = child ? restartTypeTag(restartType) : QString();
    int typeWidth = type.isEmpty() ? 0 : m_metrics.horizontalAdvance(type) + 4;
    if (child && nameMetrics.horizontalAdvance(laneName) > kGutterWidth - 18 - typeWidth - nameX) {
        type = restartTypeTag(restartType, true);
        typeWidth = m_metrics.horizontalAdvance(type) + 4;
    }
    const QStaticText &name = laneLabel(laneName, font, nameMetrics, kGutterWidth - 18 - typeWidth - nameX);
    painter.drawStaticText(QPointF(rect.left() + nameX, rect.center().y() + 0.5 - name.size().height() / 2), name);
    if (typeWidth > 0) {
        QFont regular = painter.font();
        regular.setBold(false);
        painter.save();
        painter.setFont(regular);
        painter.setPen(selected ? ink : colors.color(QPalette::PlaceholderText));
        painter.drawText(QRect(kGutterWidth - 18 - typeWidth, rect.top(), typeWidth, rect.height()),
            Qt::AlignVCenter | Qt::AlignRight, type);
        painter.restore();
    }
    // A dependency's state now (up, or down), a child's (running, waiting to restart, or how it last ended).
    const std::optional<StateColor> state = data.dependency >= 0 || child ? laneState(data) : std::nullopt;
    if (state) {
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(selected ? QPen(ink, 1) : QPen(Qt::NoPen));
        painter.setBrush(StateColors::color(*state, colors));
        painter.drawEllipse(QPointF(kGutterWidth - 11, rect.center().y() + 0.5), 4, 4);
        painter.restore();
    }
}

void TimelinePainter::paintCircuitPeriods(
    QPainter &painter, const std::vector<TimelinePeriod> &periods, const QRect &rect, bool labelled) const
{
    const QPalette &colors = m_palette;
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
            //: A worker's circuit breaker on the supervisor's lane; %1 is the worker's name
            const QString label = period.halfOpen ? tr("half-open · %1").arg(m_model.workerName(period.worker))
                                                  : tr("circuit open · %1").arg(m_model.workerName(period.worker));
            if (m_metrics.horizontalAdvance(label) + 8 < band.width()) {
                painter.setPen(colors.color(QPalette::Text));
                painter.drawText(band.adjusted(4, 2, -2, 0), Qt::AlignTop | Qt::AlignLeft, label);
            }
        }
    }
}

void TimelinePainter::paintIntensityWindow(QPainter &painter, const QRect &rect) const
{
    const TimelineModel &timeline = m_model;
    if (timeline.restartWindowUs() <= 0 || timeline.eventCount() == 0)
        return;
    const QPalette &colors = m_palette;
    const qint64 anchor = intensityAnchorUs();
    const int restarts = timeline.restartsWithin(anchor);
    const bool exceeded = timeline.maxRestarts() >= 0 && restarts > timeline.maxRestarts();
    const double x0 = xOf(anchor - timeline.restartWindowUs());
    const double x1 = xOf(anchor);
    const QRectF band(x0, rect.top() + rect.height() / 2.0, std::max(1.0, x1 - x0), rect.height() / 2.0 - 9);
    painter.fillRect(band,
        exceeded ? StateColors::color(StateColor::CircuitOpen, colors)
                 : StateColors::color(StateColor::IntensityWindow, colors));
    painter.setPen(StateColors::color(exceeded ? StateColor::GaveUp : StateColor::Completed, colors));
    painter.drawLine(QPointF(x1, band.top()), QPointF(x1, band.bottom()));
    const QString limit = timeline.maxRestarts() < 0 ? tr("no limit")
                                                     //: The most restarts the supervisor allows within its window
                                                     : tr("limit %1").arg(numberText(timeline.maxRestarts()));
    //: The restart intensity band: %1 is the window's length ("5 s"), %2 the limit ("limit 3", "no limit")
    const QString text = tr("%n restart(s) decided in the last %1 · %2", nullptr, restarts)
                             .arg(TimeAxis::formatDuration(timeline.restartWindowUs()), limit);
    const int textWidth = m_metrics.horizontalAdvance(text);
    painter.setPen(colors.color(QPalette::Text));
    // Ending at the anchor, inside the band where it is wide enough; never past the lane area's edges.
    const double textLeft = keepInside(x1 - textWidth - 6, textWidth + 4, double(kGutterWidth) + 4, m_size.width() - 2);
    painter.drawText(
        QRectF(textLeft, band.top(), textWidth + 4, band.height()), Qt::AlignVCenter | Qt::AlignLeft, text);
}

void TimelinePainter::paintSupervisorLane(QPainter &painter, const QRect &rect)
{
    const TimelineModel &timeline = m_model;
    const TimelineLane &lane = timeline.lane(TimelineIndex::kSupervisorLane);
    const QPalette &colors = m_palette;
    const qint64 fromUs = m_axis.startUs - std::llround(10 * m_axis.usPerPixel);
    const qint64 toUs = m_axis.endUs() + std::llround(10 * m_axis.usPerPixel);

    paintCircuitPeriods(painter, lane.circuitPeriods, rect, true);
    paintIntensityWindow(painter, rect);

    const QColor tick = StateColors::color(StateColor::Waiting, colors);
    const auto at = [](const TimelineMark &mark) { return mark.tUs; };
    const auto timeOf = [](const TimelineItems<TimelineMark> &marks) {
        return [&marks](qsizetype i) { return marks[size_t(i)].tUs; };
    };
    forEachVisible(
        timeline.restartDecisions(), fromUs, toUs, m_axis, at, timeOf(timeline.restartDecisions()),
        [&](const TimelineMark &mark) {
            const double x = std::floor(xOf(mark.tUs));
            painter.fillRect(QRectF(x, rect.bottom() - 8, 1, 7), tick);
            return x + 1 - kGutterWidth;
        },
        m_itemsPainted);

    forEachVisible(
        lane.marks, fromUs, toUs, m_axis, at, timeOf(lane.marks),
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
                const QString label = tr("gave up");
                const double width = QFontMetricsF(bold).horizontalAdvance(label);
                painter.drawText(QPointF(besideMark(x, 11, width, m_size.width() - 2), top + 12), label);
                painter.restore();
                return x + 8 - kGutterWidth;
            }
            case EventKind::ConfigChanged: {
                TimelineGlyphs::paint(painter, StateColor::ConfigChanged, QRectF(x - 5, top, 10, 10), colors);
                if (!m_model.hasEvent(mark.event))
                    return x + 5 - kGutterWidth;
                const LifecycleEvent event = m_model.event(mark.event);
                const QString label = event.key + u'=' + event.value;
                if (m_axis.usPerPixel * (m_metrics.horizontalAdvance(label) + 10) < 1e9) {
                    painter.setPen(StateColors::color(StateColor::ConfigChanged, colors));
                    painter.drawText(
                        QPointF(besideMark(x, 7, m_metrics.horizontalAdvance(label), m_size.width() - 2), top + 9),
                        label);
                }
                return x + 5 - kGutterWidth;
            }
            default:
                return x - kGutterWidth;
            }
        },
        m_itemsPainted);
}

void TimelinePainter::fillGap(QPainter &painter, const QRectF &box) const
{
    if (m_gapBrush.style() == Qt::TexturePattern)
        painter.fillRect(box, m_gapBrush);
    else
        TimelineGlyphs::paintGap(painter, box, m_palette);
}

void TimelinePainter::paintMark(QPainter &painter, StateColor state, const QRectF &box)
{
    if (m_stamps)
        m_stamps->paint(painter, state, box);
    else
        TimelineGlyphs::paint(painter, state, box, m_palette);
}

// What a worker lane's bars consist of once laid out: the running stretches, with the bars that touch merged,
// and what goes over them.
struct TimelinePainter::LaneBars
{
    std::vector<std::pair<double, double>> runs; // [x0, x1), ascending and apart
    std::vector<QRectF> stopping;
    std::vector<std::pair<QRectF, QString>> labels;
    std::vector<QRectF> silent; // a hung incarnation's last stretch, when it was no longer beating
    std::vector<std::pair<QRectF, StateColor>> marks; // ends standing apart, each whole
    std::vector<std::pair<QRectF, StateColor>>
        density; // where ends crowd: a column per pixel, as tall as they are many
};

void TimelinePainter::paintDependencyLane(QPainter &painter, const TimelineLane &lane, const QRect &rect)
{
    const QPalette &colors = m_palette;
    // Up from the run's start to now, as a thin running line; down as a dark band with the outage's length.
    const double startX = std::max(xOf(0), double(kGutterWidth));
    const double nowX = std::min(xOf(std::max(m_nowUs, m_model.lastEventUs())), double(rect.right()) + 1);
    if (nowX > startX)
        painter.fillRect(
            QRectF(startX, rect.center().y() - 1, nowX - startX, 3), StateColors::color(StateColor::Running, colors));
    const QColor down = StateColors::color(StateColor::DependencyDown, colors);
    for (const TimelinePeriod &outage : lane.outages) {
        const double x0 = std::max(xOf(outage.fromUs), double(kGutterWidth) - 1);
        const double x1 = std::min(xOf(effectiveEnd(outage.untilUs)), double(rect.right()) + 1);
        if (x1 < kGutterWidth || x0 > rect.right())
            continue;
        const QRectF band(x0, rect.top() + 3, std::max(1.0, x1 - x0), rect.height() - 6);
        painter.fillRect(band, down);
        if (outage.manual)
            painter.fillRect(band, QBrush(TimelineGlyphs::textOn(down), Qt::BDiagPattern));
        ++m_itemsPainted;
    }
    // The starts it turned away: while down, or over its capacity.
    LaneBars turnedAway;
    layOutEnds(
        turnedAway, qsizetype(lane.marks.size()), [&lane](qsizetype i) { return lane.marks[size_t(i)].tUs; },
        [&lane](qsizetype i) { return StateColors::ofFailure(lane.marks[size_t(i)].failure); }, rect);
    paintEnds(painter, turnedAway);
    // The outages' lengths last, over the marks, on a patch of their own colour so that they stay legible.
    for (const TimelinePeriod &outage : lane.outages) {
        const double x0 = std::max(xOf(outage.fromUs), double(kGutterWidth) - 1);
        const double x1 = std::min(xOf(effectiveEnd(outage.untilUs)), double(rect.right()) + 1);
        const qint64 lengthUs = effectiveEnd(outage.untilUs) - outage.fromUs;
        //: A dependency's outage on its lane; %1 is its length ("2.5 s")
        const QString label = outage.manual ? tr("down %1 (by hand)").arg(TimeAxis::formatDuration(lengthUs))
                                            : tr("down %1").arg(TimeAxis::formatDuration(lengthUs));
        const int labelWidth = m_metrics.horizontalAdvance(label) + 8;
        if (x1 < kGutterWidth || x0 > rect.right() || labelWidth >= x1 - x0)
            continue;
        const QRectF box(x0 + 2, rect.top() + 5, labelWidth, rect.height() - 10);
        painter.fillRect(box, down);
        painter.setPen(TimelineGlyphs::textOn(down));
        painter.drawText(box.adjusted(4, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, label);
    }
}

void TimelinePainter::paintRow(QPainter &painter, int row, const QRect &rect)
{
    if (const TimelineLane *subtree = m_model.subtreeLane(row))
        paintSubtreeSummary(painter, m_model.lane(row), *subtree, rect);
    else
        paintWorkerLane(painter, m_model.lane(row), rect);
}

void TimelinePainter::paintSubtreeSummary(
    QPainter &painter, const TimelineLane &supervisor, const TimelineLane &subtree, const QRect &rect)
{
    LaneBars running = layOutBars(subtree, rect);
    // How the subtree fell quiet is no mark of its own: each failure in it has one, below.
    running.marks.clear();
    running.density.clear();
    const LaneBars own = layOutBars(supervisor, rect);
    paintGaps(painter, supervisor, rect, running.runs);
    paintBars(painter, running, rect);
    // The supervisor's own incarnations, as a line along the bottom: alive (even while none of its workers runs),
    // then stopping its children.
    const QColor alive = StateColors::color(StateColor::Running, m_palette).darker(150);
    const double lineTop = rect.bottom() - 3;
    for (const auto &[x0, x1] : own.runs)
        painter.fillRect(QRectF(x0, lineTop, x1 - x0, 3), alive);
    for (const QRectF &box : own.stopping)
        painter.fillRect(
            QRectF(box.left(), lineTop, box.width(), 3), StateColors::color(StateColor::Stopping, m_palette));
    LaneBars failures;
    layOutEnds(
        failures, qsizetype(subtree.marks.size()), [&subtree](qsizetype i) { return subtree.marks[size_t(i)].tUs; },
        [&subtree](qsizetype i) { return StateColors::ofFailure(subtree.marks[size_t(i)].failure); }, rect);
    paintEnds(painter, failures);
    paintEnds(painter, own);
}

void TimelinePainter::paintWorkerLane(QPainter &painter, const TimelineLane &lane, const QRect &rect)
{
    if (lane.dependency >= 0) {
        paintDependencyLane(painter, lane, rect);
        return;
    }
    paintCircuitPeriods(painter, lane.circuitPeriods, rect, false);
    paintSummary(painter, lane, rect);
    const LaneBars bars = layOutBars(lane, rect);
    paintGaps(painter, lane, rect, bars.runs);
    paintBars(painter, bars, rect);
}

void TimelinePainter::paintSummary(QPainter &painter, const TimelineLane &lane, const QRect &rect) const
{
    // Long-past time no longer kept item by item (TimelineIndex::detailFromUs()) is painted from its buckets: the
    // share of each bucket the worker ran, as the running colour's strength, and its failures as a column whose
    // height follows their count, on the same scale as the density of marks.
    const TimelineIndex &index = m_model.timelineIndex();
    const qint64 bucketUs = index.summaryBucketUs();
    if (lane.summary.empty() || bucketUs <= 0)
        return;
    const qint64 fromUs = std::max<qint64>(0, m_axis.mapXToTime(rect.left() - kGutterWidth));
    const qint64 toUs = std::min(index.detailFromUs(), m_axis.mapXToTime(rect.right() - kGutterWidth + 1));
    const QRectF band = rect.adjusted(0, 3, 0, -3);
    const QColor running = StateColors::color(StateColor::Running, m_palette);
    const QColor failed = StateColors::color(StateColor::FailedError, m_palette);
    for (qint64 bucket = fromUs / bucketUs; bucket < qint64(lane.summary.size()) && bucket * bucketUs < toUs;
         ++bucket) {
        const TimelineBucket &summary = lane.summary[size_t(bucket)];
        const double x0 = std::max<double>(xOf(bucket * bucketUs), rect.left());
        const double x1
            = std::min<double>(xOf(std::min((bucket + 1) * bucketUs, index.detailFromUs())), rect.right() + 1);
        if (x1 <= x0)
            continue;
        QColor shade = running;
        shade.setAlphaF(std::clamp(double(summary.runningUs) / double(bucketUs), 0.0, 1.0));
        painter.fillRect(QRectF(x0, band.top(), std::max(1.0, x1 - x0), band.height()), shade);
        if (summary.failures > 0) {
            // In the lower half, so the running share above it stays seen.
            const double share = std::min(1.0, 0.2 + 0.8 * (summary.failures - 1) / 15.0);
            const double height = band.height() / 2 * share;
            painter.fillRect(QRectF(x0, band.bottom() - height, std::max(1.0, x1 - x0), height), failed);
        }
    }
}

void TimelinePainter::paintGaps(QPainter &painter, const TimelineLane &lane, const QRect &rect,
    const std::vector<std::pair<double, double>> &barRuns)
{
    const QPalette &colors = m_palette;
    const qint64 fromUs = m_axis.startUs;
    const qint64 toUs = m_axis.endUs();
    const auto start = [](const TimelineGap &gap) { return gap.fromUs; };
    const auto endAt = [&](qsizetype i) { return effectiveEnd(lane.gapEndsUs[size_t(i)]); };
    // A bar box covers a gap box from top to bottom, and bars are painted after gaps: where a bar will be, gaps
    // are neither filled nor looked for. In a dense stretch that is nearly everywhere.
    auto bar = barRuns.begin();
    auto covering = barRuns.begin();
    const auto coveredUntil = [&](double x) {
        while (covering != barRuns.end() && covering->second <= x)
            ++covering;
        return covering != barRuns.end() && covering->first <= x ? covering->second : x;
    };
    const auto fillUncovered = [&](const QRectF &box) {
        double x = box.left();
        while (x < box.right()) {
            while (bar != barRuns.end() && bar->second <= x)
                ++bar;
            if (bar == barRuns.end() || bar->first >= box.right()) {
                fillGap(painter, QRectF(x, box.top(), box.right() - x, box.height()));
                return;
            }
            if (bar->first > x)
                fillGap(painter, QRectF(x, box.top(), bar->first - x, box.height()));
            x = bar->second;
        }
    };
    MergedBoxes gaps(fillUncovered, rect.top() + 7, rect.height() - 14);
    forEachVisible(
        lane.gaps, fromUs, toUs, m_axis, start, endAt,
        [&](const TimelineGap &gap) {
            const double x0 = std::floor(std::max(xOf(gap.fromUs), double(kGutterWidth) - 2));
            const double x1
                = std::max(x0 + 1, std::ceil(std::min(xOf(effectiveEnd(gap.untilUs)), double(rect.right()) + 2)));
            const QRectF box(x0, rect.top() + 7, x1 - x0, rect.height() - 14);
            gaps.add(x0, x1);
            if (gap.cancelled) {
                gaps.flush();
                painter.setPen(QPen(StateColors::color(StateColor::Stopped, colors), 1, Qt::DashLine));
                painter.drawLine(QPointF(x1 - 0.5, rect.top() + 3), QPointF(x1 - 0.5, rect.bottom() - 3));
            }
            if (gap.untilUs != TimelineIndex::kOpen && box.width() > kMinLabelWidthPx
                && box.width() > m_narrowestGapLabelPx + 10) {
                const QString label = TimeAxis::formatDuration(gap.untilUs - gap.causeUs);
                if (m_metrics.horizontalAdvance(label) + 10 < box.width()) {
                    gaps.flush();
                    painter.setPen(colors.color(QPalette::Text));
                    painter.drawText(box, Qt::AlignCenter, label);
                }
            }
            return coveredUntil(x1) - kGutterWidth;
        },
        m_itemsPainted);
    gaps.flush();
}

TimelinePainter::LaneBars TimelinePainter::layOutBars(const TimelineLane &lane, const QRect &rect)
{
    const qint64 fromUs = m_axis.startUs - std::llround(8 * m_axis.usPerPixel);
    const qint64 toUs = m_axis.endUs();
    const double right = rect.right() + 2;
    const double top = rect.top() + 4;
    const double height = rect.height() - 8;
    // A hung worker stopped beating at least a heartbeat timeout before it was declared hung: that stretch looks
    // silent. Heartbeats are not in the log, so it may have begun earlier still.
    const qint64 silentUs = lane.worker >= 0 ? m_model.config().forWorker(lane.worker).heartbeatTimeoutMs * 1000 : 0;
    LaneBars bars;
    MergedBoxes runs([&](const QRectF &box) { bars.runs.emplace_back(box.left(), box.right()); }, top, height);
    const auto start = [](const TimelineBar &bar) { return bar.startUs; };
    const auto endAt = [&](qsizetype i) { return effectiveEnd(lane.barEndsUs[size_t(i)]); };
    forEachVisible(
        lane.bars, fromUs, toUs, m_axis, start, endAt,
        [&](const TimelineBar &bar) {
            const double endX = xOf(effectiveEnd(bar.endUs));
            const double x0 = std::floor(std::max(xOf(bar.startUs), double(kGutterWidth) - 2));
            const double x1 = std::max(x0 + 1, std::ceil(std::min(endX, right)));
            const QRectF box(x0, top, x1 - x0, height);
            runs.add(x0, x1);
            if (bar.stoppingUs >= 0) {
                const double xs = std::clamp(std::floor(xOf(bar.stoppingUs)), x0, x1);
                bars.stopping.emplace_back(xs, top, x1 - xs, height);
            }
            if (bar.incarnation > 0 && box.width() > kMinLabelWidthPx && box.width() > m_narrowestBarLabelPx + 8) {
                QString number = u"#%1"_s.arg(bar.incarnation);
                if (box.width() > m_metrics.horizontalAdvance(number) + 8)
                    bars.labels.emplace_back(box.adjusted(4, 0, -2, 0), std::move(number));
            }
            if (bar.end == BarEnd::FailedHang && silentUs > 0) {
                const double xs = std::clamp(std::floor(xOf(std::max(bar.startUs, bar.endUs - silentUs))), x0, x1);
                if (x1 > xs)
                    bars.silent.emplace_back(xs, top, x1 - xs, height);
            }
            return x1 - kGutterWidth;
        },
        m_itemsPainted);
    runs.flush();
    const bool lastRuns = !lane.bars.empty() && lane.bars.back().endUs == TimelineIndex::kOpen;
    layOutEnds(
        bars, qsizetype(lane.bars.size()) - (lastRuns ? 1 : 0),
        [&lane](qsizetype i) { return lane.barEndsUs[size_t(i)]; },
        [&lane](qsizetype i) { return StateColors::ofBarEnd(lane.bars[size_t(i)].end); }, rect);
    return bars;
}

void TimelinePainter::paintBars(QPainter &painter, const LaneBars &bars, const QRect &rect)
{
    const QColor running = StateColors::color(StateColor::Running, m_palette);
    const double top = rect.top() + 4;
    const double height = rect.height() - 8;
    for (const auto &[x0, x1] : bars.runs)
        painter.fillRect(QRectF(x0, top, x1 - x0, height), running);
    // Then what goes over the bars: a mark is never hidden by the next bar.
    const QColor stopping = StateColors::color(StateColor::Stopping, m_palette);
    for (const QRectF &box : bars.stopping)
        painter.fillRect(box, stopping);
    for (const QRectF &box : bars.silent)
        TimelineGlyphs::paintSilent(painter, box, m_palette);
    painter.setPen(TimelineGlyphs::textOn(running));
    for (const auto &[box, number] : bars.labels)
        painter.drawText(box, Qt::AlignVCenter | Qt::AlignLeft, number);
    paintEnds(painter, bars);
}

void TimelinePainter::paintEnds(QPainter &painter, const LaneBars &bars)
{
    for (const auto &[box, state] : bars.density)
        painter.fillRect(box, StateColors::color(state, m_palette));
    for (const auto &[box, state] : bars.marks)
        paintMark(painter, state, box);
    m_itemsPainted += int(bars.density.size() + bars.marks.size());
}

void TimelinePainter::layOutEnds(LaneBars &bars, qsizetype count, const std::function<qint64(qsizetype)> &timeAt,
    const std::function<StateColor(qsizetype)> &stateAt, const QRect &rect) const
{
    const double markSize = rect.height() - 12;
    const double top = rect.top() + 4;
    const double height = rect.height() - 8;
    const MarkDensity::Layout layout = MarkDensity::layOut(count, timeAt, m_axis, markSize);
    for (const qsizetype i : layout.whole) {
        const double x = xOf(timeAt(i));
        const StateColor state = stateAt(i);
        if (state == StateColor::Completed)
            bars.marks.emplace_back(QRectF(x - 1.5, top, 3, height), state);
        else
            bars.marks.emplace_back(
                QRectF(x - markSize / 2, rect.center().y() - markSize / 2 + 0.5, markSize, markSize), state);
    }
    for (const MarkDensity::Column &column : layout.crowded) {
        // Its colour: the most frequent end among a few spread over the column.
        std::array<StateColor, 5> sampled {};
        const qsizetype samples = std::min(qsizetype(sampled.size()), column.count);
        for (qsizetype sample = 0; sample < samples; ++sample)
            sampled[size_t(sample)] = stateAt(column.first + sample * column.count / samples);
        const auto end = sampled.begin() + samples;
        const StateColor state = *std::max_element(sampled.begin(), end, [&](StateColor a, StateColor b) {
            return std::count(sampled.begin(), end, a) < std::count(sampled.begin(), end, b);
        });
        const double columnHeight = std::max(1.0, std::round(height * MarkDensity::heightShare(column.count)));
        bars.density.emplace_back(QRectF(kGutterWidth + column.x, top + height - columnHeight, 1, columnHeight), state);
    }
}

bool TimelinePainter::hasGapAsWideAs(const TimelineLane &lane, double px) const
{
    qint64 longestUs = lane.longestGapUs;
    if (!lane.gaps.empty() && lane.gaps.back().untilUs == TimelineIndex::kOpen)
        longestUs = std::max(longestUs, m_nowUs - lane.gaps.back().fromUs);
    return double(longestUs) >= px * m_axis.usPerPixel;
}

void TimelinePainter::paintLinks(QPainter &painter, const QRect &area)
{
    // From each failure to the restart it caused: along the gap on the same lane, or from a sibling's failure
    // under one-for-all and rest-for-one. Drawn only where a gap is wide enough for the arrow to read.
    const QPalette &colors = m_palette;
    QColor ink = StateColors::color(StateColor::Waiting, colors).darker(StateColors::isDark(colors) ? 100 : 140);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(ink, 1.3));
    painter.setBrush(ink);
    for (int laneIndex = firstWorkerLane(); isLaneShown(laneIndex, area); ++laneIndex) {
        const TimelineLane &lane = m_model.lane(laneIndex);
        if (!hasGapAsWideAs(lane, kMinArrowGapPx - 1)) // a pixel to spare for rounding
            continue;
        const double y = laneCenterY(laneIndex) + 0.5;
        const auto start = [](const TimelineGap &gap) { return std::min(gap.fromUs, gap.causeUs); };
        const auto end = [this](const TimelineGap &gap) { return effectiveEnd(gap.untilUs); };
        const auto endAt = [&](qsizetype i) { return effectiveEnd(lane.gapEndsUs[size_t(i)]); };
        forEachVisible(
            lane.gaps, m_axis.startUs, m_axis.endUs(), m_axis, start, endAt,
            [&](const TimelineGap &gap) {
                const double x1 = xOf(end(gap));
                if (gap.causeEvent < 0 || x1 - xOf(gap.fromUs) < kMinArrowGapPx)
                    return x1 - kGutterWidth;
                const double causeX = xOf(gap.causeUs);
                const double gapX = xOf(gap.fromUs);
                const int causeRow = gap.causeWorker >= 0 ? m_model.rowOfWorker(gap.causeWorker)
                                                          : m_model.rowOfSupervisor(gap.causeSupervisor);
                if (causeRow >= 0 && causeRow != laneIndex) {
                    const double causeY = laneCenterY(causeRow) + 0.5;
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

} // namespace SupervisorLab
