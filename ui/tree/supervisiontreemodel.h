#pragma once

#include "events/restartgroups.h"
#include "policy/supervisorconfig.h"
#include "statecolors.h"

#include <QAbstractItemModel>

#include <memory>
#include <optional>
#include <vector>

namespace SupervisorLab {

class EventLog;

// A run's supervision tree as an item model, as Erlang's Observer shows an application: the root supervisor, its
// children in start order below it, a nested supervisor's children below that. Each node shows its state now
// (running, stopping, waiting to restart, gave up, stopped, or how a worker last ended), its restarts, and its last
// failure with its reason: a worker's last worker_failed, a supervisor's last give-up. With no run it shows the tree
// the next run will have, nothing started.
//
// It reads the run's log as the other panels do: takeIn() takes in new events (cheap, a few fields a node), refresh()
// tells views about the nodes that changed since, in one dataChanged per group of siblings; the feed calls it ten
// times a second at most, never per event.
class SupervisionTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        StateColumn,
        RestartsColumn,
        LastFailureColumn,
        ColumnCount,
    };
    enum Role
    {
        IsSupervisorRole = Qt::UserRole + 1, // bool
        NodeIndexRole, // int: the supervisor's or the worker's index in the run
        StateRole, // int: the StateColor of the node's state, or -1 before it started
        RestartsRole, // qint64
    };

    explicit SupervisionTreeModel(QObject *parent = nullptr);
    ~SupervisionTreeModel() override;

    // The tree shown while there is no run: the next run's.
    void setPlannedConfig(const SupervisorConfig &config);
    // A run began (its log), or was cleared (nullptr): every node starts over; takeIn() takes the log's events in.
    void setLog(std::shared_ptr<const EventLog> log);
    // Takes in the log's events up to `end`, without telling views yet.
    void takeIn(qsizetype end);
    // Tells views about every node that changed since the last refresh.
    void refresh();

    qsizetype eventsTakenIn() const { return m_takenIn; }
    const SupervisorConfig &config() const { return m_config; }
    QString nodeName(const TreeChild &node) const;
    // The node's state now; none before it started.
    std::optional<StateColor> state(const TreeChild &node) const;
    qint64 restarts(const TreeChild &node) const;
    // Whether its supervisor is running, so that it can be started again by hand.
    bool isParentRunning(const TreeChild &node) const;

    QModelIndex indexOf(const TreeChild &node, int column = NameColumn) const;
    std::optional<TreeChild> nodeOf(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct NodeRecord
    {
        std::optional<StateColor> state;
        StateColor down
            = StateColor::Stopped; // how it last ended, shown again when a wait for its restart is cancelled
        quint32 incarnation = 0;
        bool restartPending = false; // a restart was decided, and has not started yet
        bool gaveUp = false; // a supervisor's incarnation gave up
        qint64 restartDelayMs = 0;
        qint64 lastFailureUs = -1;
        QString lastFailure;
        qint64 childRestarts = 0; // a supervisor's: the restart decisions it took
        bool changed = false;
    };

    void adoptTree(const SupervisorConfig &config);
    bool hasSameShape(const SupervisorConfig &config) const;
    void clearRecords();
    NodeRecord *record(const TreeChild &node);
    const NodeRecord *record(const TreeChild &node) const;
    int parentOf(const TreeChild &node) const; // -1 for the root
    void take(const LifecycleEvent &event, qsizetype index);
    void start(NodeRecord &node, quint32 incarnation);
    void end(NodeRecord &node, StateColor how);
    void scheduleRestart(const TreeChild &node, const LifecycleEvent &event);
    void cancelWaitsBelow(int supervisor);
    QString stateText(const TreeChild &node) const;
    QString toolTip(const TreeChild &node, int column) const;

    SupervisorConfig m_planned;
    SupervisorConfig m_config; // the tree shown
    int m_workerCount = 0;
    std::vector<QList<TreeChild>> m_children; // by supervisor
    std::vector<int> m_supervisorRows; // each supervisor's row under its parent
    std::vector<int> m_workerRows;
    std::vector<NodeRecord> m_supervisors;
    std::vector<NodeRecord> m_workers;
    std::shared_ptr<const EventLog> m_log;
    qsizetype m_takenIn = 0;
    RestartGroups m_groups;
    bool m_anyChanged = false;
};

} // namespace SupervisorLab
