#pragma once

#include "analysis/timeaxis.h"
#include "analysis/timelineindex.h"
#include "policy/supervisorconfig.h"
#include "statecolors.h"
#include "timeline/glyphstamps.h"

#include <QBrush>
#include <QCoreApplication>
#include <QFont>
#include <QFontMetrics>
#include <QPalette>
#include <QRect>
#include <QSize>

#include <algorithm>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

class QPainter;

namespace SupervisorLab {

class TimelineModel;

// Paints a timeline onto any QPainter: the time axis on top, the supervisor lane under it, then the model's other
// rows (dependencies, workers, nested supervisors), with the lane names in a gutter on the left, indented by their
// depth in the tree; a nested supervisor's name has a disclosure triangle before it. The live view and exported
// pictures both paint through it, each with its own axis, size, scroll position, palette and font. Painting costs what
// is visible: lanes outside the area are skipped, items are found by binary search over time, and at most about one
// item is painted per pixel column however many fall into it; where the marks of ends crowd, each column shows how
// many fell into it (MarkDensity).
class TimelinePainter
{
    Q_DECLARE_TR_FUNCTIONS(TimelinePainter)

public:
    static constexpr int kGutterWidth = 120;
    static constexpr int kAxisHeight = 24;
    static constexpr int kSupervisorLaneHeight = 40;
    static constexpr int kLaneHeight = 26;
    static constexpr int kIndentPx = 10; // per level of the tree, in the gutter

    // Paints `model`'s lanes; `axis` maps time onto the lane area right of the gutter.
    TimelinePainter(const TimelineModel &model, const TimeAxis &axis, const QPalette &palette, const QFont &font);

    // The area to paint, gutter included, holding the first `lanes` lanes (the supervisor's included) with the
    // worker lanes scrolled up by `scrolledPx` under the pinned axis and supervisor lane.
    void setArea(const QSize &size, int lanes, int scrolledPx = 0);
    // The run's current time: open bars and gaps reach it, and the live edge is marked there if asked.
    void setNow(qint64 nowUs, bool markLiveEdge);
    // Where the restart intensity window ends; -1 for where the supervisor gave up, or else the end of the run.
    void setIntensityAnchor(qint64 anchorUs) { m_intensityAnchorUs = anchorUs; }
    // Shown in the corner above the lane names.
    void setCornerText(const QString &text) { m_cornerText = text; }
    // The row whose name is highlighted in the gutter (-1: none).
    void setSelectedRow(int row) { m_selectedRow = row; }

    // A lane's rectangle in an area `width` wide whose worker lanes are scrolled up by `scrolledPx`.
    static QRect laneRect(int lane, int width, int scrolledPx);
    // A worker's restart type as its lane's gutter shows it: "perm", "trans", "temp"; in brief "P", "T", "t", where the
    // gutter has no room for the word beside the name.
    static QString restartTypeTag(RestartType type, bool brief = false);
    // Where a label `width` wide that would like to begin at `left` begins once kept within [minLeft, maxRight]:
    // shifted left where it would overflow, never left of minLeft.
    static double keepInside(double left, double width, double minLeft, double maxRight)
    {
        return std::max(minLeft, std::min(left, maxRight - width));
    }
    // Where a label `width` wide beside a mark at `markX` begins: `gapPx` right of it, or left of it where the right
    // side has no room before `maxRight`.
    static double besideMark(double markX, double gapPx, double width, double maxRight)
    {
        return markX + gapPx + width <= maxRight ? markX + gapPx : markX - gapPx - width;
    }
    QRect laneRect(int lane) const { return laneRect(lane, m_size.width(), m_scrolledPx); }
    // The state a lane shows at `tUs`, as its gutter's dot shows it at the run's end (TimelineIndex::kOpen): running,
    // waiting to restart, or how its last incarnation ended; a dependency's up (running) or down; the root
    // supervisor's from its start, stop and give-up. None before its first start.
    static std::optional<StateColor> laneState(const TimelineLane &lane, qint64 tUs = TimelineIndex::kOpen);
    // A count or a whole number of milliseconds in the user's digits, without group separators, as TimeAxis writes
    // its numbers: "1000 ms" reads the same in a tooltip and on the axis.
    static QString numberText(qint64 n);
    // Where a row of `depth` begins its name in the gutter; a nested supervisor's row has its disclosure triangle
    // there, and its name after it.
    static int nameIndent(int depth) { return 6 + std::max(0, depth - 1) * kIndentPx; }
    static QRect disclosureRect(const QRect &laneRect, int depth);
    double xOf(qint64 tUs) const { return kGutterWidth + m_axis.mapTimeToX(tUs); }

    // The background, the lanes and what links them, and the live edge. A view paints its selection over these,
    // then the axis and the gutter over everything with paintFrame().
    void paintLanes(QPainter &painter);
    void paintFrame(QPainter &painter);
    // Bars, gaps and marks painted so far: bounded by the visible pixels, not by the run's length.
    int itemsPainted() const { return m_itemsPainted; }

private:
    qint64 effectiveEnd(qint64 endUs) const { return endUs == TimelineIndex::kOpen ? m_nowUs : endUs; }
    int laneCenterY(int lane) const { return laneRect(lane).center().y(); }
    qint64 intensityAnchorUs() const;
    QRect workerArea() const;
    int firstWorkerLane() const { return std::max(1, 1 + m_scrolledPx / kLaneHeight); }
    bool isLaneShown(int lane, const QRect &area) const
    {
        return lane < m_lanes && laneRect(lane).top() < area.bottom();
    }

    void paintAxis(QPainter &painter) const;
    void paintGrid(QPainter &painter, const QRect &area) const;
    void paintGutter(QPainter &painter) const;
    void paintSupervisorLane(QPainter &painter, const QRect &rect);
    struct LaneBars;
    void paintRow(QPainter &painter, int row, const QRect &rect);
    void paintWorkerLane(QPainter &painter, const TimelineLane &lane, const QRect &rect);
    void paintSummary(QPainter &painter, const TimelineLane &lane, const QRect &rect) const;
    // A collapsed subtree: where any of its workers runs, each of their failures, and the supervisor's own stretches,
    // waits and give-ups.
    void paintSubtreeSummary(
        QPainter &painter, const TimelineLane &supervisor, const TimelineLane &subtree, const QRect &rect);
    void paintGutterRow(QPainter &painter, int row, const QRect &rect) const;
    void paintDependencyLane(QPainter &painter, const TimelineLane &lane, const QRect &rect);
    LaneBars layOutBars(const TimelineLane &lane, const QRect &rect);
    // The marks of `count` ends at ascending times: whole where they stand apart, else a column per pixel whose height
    // follows how many fell into it (see MarkDensity).
    void layOutEnds(LaneBars &bars, qsizetype count, const std::function<qint64(qsizetype)> &timeAt,
        const std::function<StateColor(qsizetype)> &stateAt, const QRect &rect) const;
    void paintBars(QPainter &painter, const LaneBars &bars, const QRect &rect);
    void paintEnds(QPainter &painter, const LaneBars &bars);
    void fillGap(QPainter &painter, const QRectF &box) const;
    void paintMark(QPainter &painter, StateColor state, const QRectF &box);
    // The gaps, except where `barRuns` (pixel ranges [x0, x1)) will be painted over them.
    void paintGaps(QPainter &painter, const TimelineLane &lane, const QRect &rect,
        const std::vector<std::pair<double, double>> &barRuns);
    void paintCircuitPeriods(
        QPainter &painter, const std::vector<TimelinePeriod> &periods, const QRect &rect, bool labelled) const;
    // Whether any gap of the lane, closed or still open, spans at least `px` pixels.
    bool hasGapAsWideAs(const TimelineLane &lane, double px) const;
    void paintLinks(QPainter &painter, const QRect &area);
    void paintIntensityWindow(QPainter &painter, const QRect &rect) const;

    const TimelineModel &m_model;
    TimeAxis m_axis;
    QPalette m_palette;
    QFont m_font;
    QFontMetrics m_metrics;
    int m_narrowestBarLabelPx = 0; // no incarnation's label is narrower
    int m_narrowestGapLabelPx = 0; // no measured delay's label is narrower
    QSize m_size;
    int m_lanes = 0;
    int m_scrolledPx = 0;
    qint64 m_nowUs = 0;
    bool m_markLiveEdge = false;
    qint64 m_intensityAnchorUs = -1;
    QString m_cornerText;
    int m_selectedRow = -1;
    int m_itemsPainted = 0;
    QBrush m_gapBrush; // a texture on raster devices, else none
    std::optional<GlyphStamps> m_stamps; // on raster devices
};

} // namespace SupervisorLab
