#pragma once

#include "analysis/rangesummary.h"
#include "analysis/timeaxis.h"
#include "analysis/timelineindex.h"
#include "policy/manualaction.h"
#include "timeline/timelinekeys.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelinepainter.h"

#include <QAbstractScrollArea>
#include <QHash>
#include <QPointer>
#include <QTimer>

#include <optional>
#include <utility>
#include <vector>

class QMenu;

namespace SupervisorLab {

// The live timeline: a time axis on top, the supervisor lane pinned under it, then the model's other lanes (one per
// worker, grouped by subtree in a tree). It follows the live edge until the user pans or zooms; Ctrl+wheel zooms
// around the cursor, dragging pans, hovering explains what is under the cursor, clicking selects an event and its
// lane, and a click on a nested supervisor's triangle collapses or expands its subtree. Shift+drag (or a drag on the
// time axis) selects a time range and measures it. Every action has a key (TimelineKeys), and Tab leaves it as it
// leaves any other widget. TimelinePainter paints it, at a cost that follows the visible pixels: lanes are culled by
// scrolling, items by time.
class TimelineView : public QAbstractScrollArea
{
    Q_OBJECT

public:
    static constexpr int kGutterWidth = TimelinePainter::kGutterWidth;
    static constexpr int kAxisHeight = TimelinePainter::kAxisHeight;
    static constexpr int kSupervisorLaneHeight = TimelinePainter::kSupervisorLaneHeight;
    static constexpr int kLaneHeight = TimelinePainter::kLaneHeight;
    // Room right of the live edge while following it, and right of the run's end when fitted: its last marks whole.
    static constexpr int kLiveEdgeMarginPx = 24;

    explicit TimelineView(QWidget *parent = nullptr);

    void setModel(TimelineModel *model);
    TimelineModel *model() const { return m_model; }

    // The run's current time; the live edge. Call it at display rate while a run goes on.
    void setNow(qint64 nowUs);
    qint64 nowUs() const { return m_nowUs; }
    // The end of the run so far: the live edge, or the last event if later.
    qint64 runEndUs() const;
    bool followsLive() const { return m_followLive; }
    void setFollowLive(bool follow);
    // Whether a run is going on that a "fail this worker" action could act on.
    void setRunActive(bool active)
    {
        if (active && !m_runActive)
            m_capacities.clear(); // a new run starts from its own capacities
        m_runActive = active;
    }

    const TimeAxis &axis() const { return m_axis; }
    void setAxis(const TimeAxis &axis); // stops following the live edge
    void zoomIn();
    void zoomOut();
    void zoomToFit();
    void goToStart();
    // The end of the run, following it live (the same picture once it is over).
    void goToEnd();

    // Every key and gesture of the timeline with what it does, for a Help dialog: { "W, +", "Zoom in, ..." }.
    static QList<std::pair<QString, QString>> keyboardShortcuts() { return TimelineKeys::shortcuts(); }
    // What the empty timeline says before any run: how to start one.
    static QString emptyHint();

    // The selected time range [from, to), if any.
    std::optional<std::pair<qint64, qint64>> selectedRange() const { return m_range; }
    // Selects a range (the ends in either order) and emits rangeSelected(); an empty one clears it.
    void setSelectedRange(qint64 fromUs, qint64 toUs);
    // Clears the range, emitting rangeCleared() if there was one.
    void clearSelectedRange();
    // What happened within the selected range, up to the run's time so far; requires a range.
    RangeSummary rangeSummary() const;
    // The range's length and counts in words, as its tooltip says them: also for a status bar.
    static QString describeRange(qint64 fromUs, qint64 toUs, const RangeSummary &summary);
    void zoomToRange();
    // The next (or previous) failure after the selected event (or the middle of the view): selected, brought into
    // view, and announced with eventSelected().
    void selectFailure(bool forward);

    qsizetype selectedEvent() const { return m_selectedEvent; }
    // Selects an event, and the lane that shows it, without emitting eventSelected(), and brings it into view.
    void selectEvent(qsizetype eventIndex);
    // The worker or supervisor whose lane is selected (its own, or the collapsed row that stands for it).
    std::optional<TreeChild> selectedNode() const { return m_selectedNode; }
    // Selects a node's lane without emitting nodeSelected(), and scrolls it into view.
    void selectNode(const std::optional<TreeChild> &node);

    // Geometry and hit testing, public so that tests can aim.
    QRect laneRect(int lane) const; // in viewport coordinates
    int laneAt(const QPoint &pos) const; // -1 if none
    qsizetype eventAt(const QPoint &pos) const; // the event under a viewport position, or -1
    QString toolTipAt(const QPoint &pos) const;
    // The rows whose lanes are in view, the pinned supervisor's first; not those half hidden under it.
    QList<int> visibleRows() const;
    // An event in the words of its tooltip (kind, whose, when, why) on one line, without a program's output; empty
    // for none. What the timeline tells a screen reader (TimelineAccessible) about the selected event.
    QString describeEvent(qsizetype eventIndex) const;
    int paintCount() const { return m_paintCount; }
    // Changes told to assistive technology (QAccessible DescriptionChanged events sent): for tests, since a platform
    // without accessibility (offscreen) drops the events before any update handler sees them.
    int announcementCount() const { return m_announcementCount; }
    // Bars, gaps and marks the last paint drew: bounded by the visible pixels, not by the run's length.
    int itemsPainted() const { return m_itemsPainted; }

signals:
    void eventSelected(qsizetype eventIndex);
    void followLiveChanged(bool follows);
    void axisChanged();
    void failWorkerRequested(int worker);
    void editWorkerSpecRequested(int worker);
    void takeDownDependencyRequested(int dependency);
    void bringBackDependencyRequested(int dependency);
    void dependencyCapacityRequested(int dependency, int capacity);
    void showWorkerEventsRequested(int worker);
    // A worker stopped or started again, or a supervisor made to give up, from a lane's menu.
    void manualActionRequested(SupervisorLab::ManualAction action, int index);
    // The user clicked a lane: its worker or supervisor.
    void nodeSelected(SupervisorLab::TreeChild node);
    // A time range selected by the user (by mouse, or setSelectedRange()), and cleared.
    void rangeSelected(qint64 fromUs, qint64 toUs);
    void rangeCleared();

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    int laneAreaWidth() const;
    void changeAxis(const TimeAxis &axis, bool byUser);
    void zoomBy(double factor);
    void followLiveEdge();
    void updateScrollBars();
    void onHorizontalScroll(int value);
    qint64 effectiveEnd(qint64 endUs) const { return endUs == TimelineIndex::kOpen ? m_nowUs : endUs; }

    QString itemToolTipAt(const QPoint &pos) const;
    void run(TimelineCommand command);
    // Whether a key's command has something to act on now; if not, the key goes on to the window.
    bool canRun(TimelineCommand command) const;
    void panBy(double px);
    void moveLaneSelection(int step);
    int selectedRow() const;
    void showLaneMenu(int laneIndex, const QPoint &globalPos);
    // Where a menu opened by keyboard points: at the selected event, or at the start of the selected lane.
    QPoint keyboardMenuPos() const;
    // The time at a viewport x, drawn to the nearest event within a few pixels.
    qint64 snappedTime(int x) const;
    bool isInRange(const QPoint &pos) const;

    void paintSelection(QPainter &painter) const;
    void paintRange(QPainter &painter) const;
    void paintRangeLabel(QPainter &painter) const;
    void paintEmptyHint(QPainter &painter) const;
    void paintFocusFrame(QPainter &painter) const;
    // Tells assistive technology that what the timeline shows changed: at once for what the user did, else (the
    // live edge moving at display rate, new events) at most twice a second.
    void announceChange(bool now = true);
    void sendAnnouncement();
    void scrollToRow(int row);
    // The lanes a row shows: its own, and a collapsed row's subtree.
    std::vector<const TimelineLane *> lanesOf(int row) const;
    void addTreeActions(QMenu &menu, int row);
    QString dependencyToolTip(const TimelineLane &lane, qint64 tUs, qint64 toleranceUs) const;
    void addDependencyActions(QMenu &menu, const TimelineLane &lane);

    double xOf(qint64 tUs) const { return kGutterWidth + m_axis.mapTimeToX(tUs); }
    int laneCenterY(int lane) const { return laneRect(lane).center().y(); }

    QPointer<TimelineModel> m_model;
    TimelineModel m_noModel; // painted while no model is set: an empty timeline
    TimeAxis m_axis;
    qint64 m_nowUs = 0;
    bool m_followLive = true;
    bool m_fitted = false; // the whole run is in view, and stays so when the view is resized
    bool m_runActive = false;
    qsizetype m_selectedEvent = -1;
    std::optional<TreeChild> m_selectedNode;
    QPoint m_pressPos;
    QPoint m_lastDragPos;
    bool m_dragging = false;
    bool m_pressed = false;
    qint64 m_hoverUs = -1; // the time under the mouse while it is over the supervisor lane
    int m_paintCount = 0;
    int m_announcementCount = 0;
    int m_itemsPainted = 0;
    bool m_updatingScrollBars = false;
    QHash<int, qint64> m_capacities; // set live from a dependency's menu, this run
    std::optional<std::pair<qint64, qint64>> m_range;
    bool m_selectingRange = false; // the press began a range: Shift held, or on the time axis
    qint64 m_rangeAnchorUs = 0;
    bool m_menuKeyHandled = false; // the platform already turned the Menu key into a context menu event
    struct SummaryCache
    {
        std::pair<qint64, qint64> range;
        qint64 toUs = 0;
        qsizetype events = -1;
        bool final = false; // every event before its end was in the log: new events cannot change it
        RangeSummary summary;
    };
    mutable std::optional<SummaryCache> m_summaryCache;
    QTimer m_announcement; // coalesces the changes that come at display rate
};

} // namespace SupervisorLab
