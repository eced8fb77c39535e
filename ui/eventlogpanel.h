#pragma once

#include "events/eventlog.h"

#include <QTimer>
#include <QWidget>

#include <memory>

class QItemSelection;
class QLineEdit;
class QMenu;
class QTableView;
class QToolButton;

namespace SupervisorLab {

class EventFilterModel;
class EventLogModel;
class FilterBar;

// The event log of the current run as a filterable table: worker and event menus, a text search, the active
// filters as removable chips, and the table itself, which follows the newest event while it is scrolled to the
// bottom.
class EventLogPanel : public QWidget
{
    Q_OBJECT

public:
    // While the table follows the newest event, unfiltered, it holds only this many of the newest rows; the
    // others come back as soon as the user scrolls up, filters or selects an older event.
    static constexpr int kFollowedRows = 1000;

    explicit EventLogPanel(QWidget *parent = nullptr);
    ~EventLogPanel() override;

    // A new run: the table shows its log from the start and follows its newest event. Filters stay.
    void setLog(std::shared_ptr<const EventLog> log);
    // Takes in the events appended since the last call, up to `upTo` (-1: all of them); call it at display rate.
    void refresh(qsizetype upTo = -1);

    // Selects and shows the row of `eventIndex` without emitting eventSelected. The filters are kept: if they
    // hide the event, nothing is selected, the table shows where the event would be, and this returns false.
    bool selectEvent(qsizetype eventIndex);
    qsizetype selectedEventIndex() const; // -1 if none
    // Shows only the events of `worker` (EventFilterModel::kSupervisor for the supervisor's); other filters stay.
    void setWorkerFilter(int worker);

    bool isFollowingNewest() const { return m_following; }
    EventLogModel *logModel() const { return m_model; }
    EventFilterModel *filterModel() const { return m_filter; }
    QTableView *view() const { return m_view; }

signals:
    // The user selected the row of this event; not emitted for selectEvent().
    void eventSelected(qsizetype eventIndex);

private:
    void updateWorkerCount();
    void rebuildWorkerMenu();
    void syncControlsWithFilters();
    void applySearch();
    void onSelectionChanged(const QItemSelection &selected);
    void keepPlaceAfterFiltering();
    void onScrolled(int value);
    void setFollowing(bool following);
    // The newest rows only while following without filters, else every row, keeping the rows in view in place.
    void updateRowWindow();
    void onScrollRangeChanged(int maximum);

    EventLogModel *m_model = nullptr;
    EventFilterModel *m_filter = nullptr;
    QToolButton *m_workerButton = nullptr;
    QMenu *m_workerMenu = nullptr;
    QToolButton *m_eventButton = nullptr;
    QMenu *m_eventMenu = nullptr;
    QLineEdit *m_search = nullptr;
    QTimer m_searchDelay;
    FilterBar *m_filterBar = nullptr;
    QTableView *m_view = nullptr;
    int m_workerCount = 0;
    bool m_following = true;
    bool m_selectingProgrammatically = false;
    bool m_clamping = false;
    bool m_adjustingScroll = false;
};

} // namespace SupervisorLab
