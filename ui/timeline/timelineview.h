#pragma once

#include "analysis/timeaxis.h"
#include "analysis/timelineindex.h"
#include "policy/manualaction.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelinepainter.h"

#include <QAbstractScrollArea>
#include <QHash>
#include <QPointer>

#include <optional>
#include <vector>

class QMenu;

namespace SupervisorLab {

// The live timeline: a time axis on top, the supervisor lane pinned under it, then the model's other lanes (one per
// worker, grouped by subtree in a tree). It follows the live edge until the user pans or zooms; Ctrl+wheel zooms
// around the cursor, dragging pans, hovering explains what is under the cursor, clicking selects an event and its
// lane, and a click on a nested supervisor's triangle collapses or expands its subtree. TimelinePainter paints it, at
// a cost that follows the visible pixels: lanes are culled by scrolling, items by time.
class TimelineView : public QAbstractScrollArea
{
    Q_OBJECT

public:
    static constexpr int kGutterWidth = TimelinePainter::kGutterWidth;
    static constexpr int kAxisHeight = TimelinePainter::kAxisHeight;
    static constexpr int kSupervisorLaneHeight = TimelinePainter::kSupervisorLaneHeight;
    static constexpr int kLaneHeight = TimelinePainter::kLaneHeight;

    explicit TimelineView(QWidget *parent = nullptr);

    void setModel(TimelineModel *model);
    TimelineModel *model() const { return m_model; }

    // The run's current time; the live edge. Call it at display rate while a run goes on.
    void setNow(qint64 nowUs);
    qint64 nowUs() const { return m_nowUs; }
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
    int paintCount() const { return m_paintCount; }
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

protected:
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
    qint64 runEndUs() const;
    int laneAreaWidth() const;
    void changeAxis(const TimeAxis &axis, bool byUser);
    void zoomBy(double factor);
    void followLiveEdge();
    void updateScrollBars();
    void onHorizontalScroll(int value);
    qint64 effectiveEnd(qint64 endUs) const { return endUs == TimelineIndex::kOpen ? m_nowUs : endUs; }

    void paintSelection(QPainter &painter) const;
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
    int m_itemsPainted = 0;
    bool m_updatingScrollBars = false;
    QHash<int, qint64> m_capacities; // set live from a dependency's menu, this run
};

} // namespace SupervisorLab
