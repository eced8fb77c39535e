#pragma once

#include "events/eventlog.h"
#include "statecolors.h"

#include <QAbstractTableModel>

#include <memory>
#include <optional>

namespace SupervisorLab {

// The event log of a run as a table, one row per event in the log's order: row i is event firstEvent() + i,
// firstEvent() being 0 unless only the newest rows are kept (setNewestOnly()). Rows are read from the log when
// asked for, so the model's memory does not grow with the run: a long run's older rows are read back from the events
// the log spilled to its file. refresh() takes in the events appended since the last call in one insertion.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimeColumn,
        WorkerColumn,
        IncarnationColumn,
        EventColumn,
        DetailColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        EventIndexRole = Qt::UserRole + 1, // qsizetype: the event's index in the log
        TimeRole, // qint64: microseconds since the run began
        WorkerRole, // int: 0-based worker, -1 for events of the supervisor or the run
        KindRole, // int: EventKind
        FailureKindRole, // int: FailureKind, only for worker_failed
        StateColorRole, // int: StateColor, for events that show a state
    };
    Q_ENUM(Role)

    explicit EventLogModel(QObject *parent = nullptr);

    // A new run (or none): resets the model and takes in the events the log already holds.
    void setLog(std::shared_ptr<const EventLog> log);
    const std::shared_ptr<const EventLog> &log() const { return m_log; }
    // Takes in the events appended since the last call, up to `upTo` (-1: all of them), in one insertion.
    void refresh(qsizetype upTo = -1);

    // Keeps only the newest `rows` rows, older ones leaving as new ones come, or (rows <= 0) every row again.
    // A view following the newest event shows a screenful; a QTableView pays in every paint after an insertion
    // for all its rows, so a window of the newest keeps a flood's refreshes cheap however long the run grows.
    void setNewestOnly(int rows);
    // Every row, but no more than this: past it the oldest leave as with setNewestOnly(). A filter over the rows keeps
    // two ints a row and reads every row it is asked to filter, and a view's rows are counted in an int: an hour of
    // flood is 650 million events, which only an export can hold. The rows left out stay in the log and its export.
    static constexpr int kMaxRows = 1 << 22;
    qsizetype firstEvent() const { return m_first; }

    qsizetype eventIndex(int row) const; // -1 if there is no such row
    int rowOf(qsizetype eventIndex) const; // -1 if the event has no row
    LifecycleEvent event(int row) const; // requires a valid row

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The texts of the columns, shared with the filter's text search.
    static QString timeText(qint64 tUs); // "1.234567 s"
    static QString workerText(int worker); // "supervisor", "worker 2"
    static QString detailText(const LifecycleEvent &event); // "in 500 ms, attempt 2", "failure_rate = 0.3"
    static QString toolTipText(const LifecycleEvent &event); // the event as its JSON line
    static std::optional<StateColor> stateColorOf(const LifecycleEvent &event);

private:
    QString dependencyName(int dependency) const; // from the run's header
    QVariant displayText(const LifecycleEvent &event, int column) const;
    qsizetype rowLimit() const;
    void dropRowsBefore(qsizetype first);

    std::shared_ptr<const EventLog> m_log;
    qsizetype m_first = 0; // the event of row 0
    int m_rows = 0;
    int m_newestOnly = 0; // 0: every row
    mutable QStringList m_dependencyNames;
};

} // namespace SupervisorLab
