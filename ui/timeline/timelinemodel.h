#pragma once

#include "analysis/timelineindex.h"
#include "events/eventlog.h"
#include "policy/supervisorconfig.h"

#include <QAbstractListModel>

#include <memory>
#include <optional>
#include <vector>

namespace SupervisorLab {

// The lanes of the timeline as an item model: row 0 is the root supervisor, then a row per dependency of the run (its
// outages and the starts it turned away), then the tree's lanes, depth-first: a worker's lane, or a nested
// supervisor's followed by the lanes of its subtree, so that lanes are grouped by subtree. Without nested supervisors
// that is a row per worker, in the workers' order. A nested supervisor's subtree can be collapsed: its rows go, and
// the supervisor's row stands for all of them (SubtreeLaneRole). takeIn() and refresh() take in new events from the
// log. Views paint through this model only: each row's lane data (LaneRole, or lane() for a painter that visits
// thousands of items a frame, as Qt Creator's tracing models offer theirs), the events the lanes point to, and the
// run's figures drawn over them. The index behind it is GUI-free (core/analysis).
class TimelineModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        LaneRole = Qt::UserRole + 1, // const TimelineLane *
        WorkerRole, // int, -1 for the supervisors' lanes and the dependencies' lanes
        DependencyRole, // int, -1 but for a dependency's lane
        SupervisorRole, // int: 0 for the root's lane, > 0 for a nested supervisor's, else -1
        DepthRole, // int: 0 for the root and the dependencies, 1 for the root's children, 2 below them...
        CollapsedRole, // bool: a nested supervisor's row that stands for its whole subtree
        SubtreeLaneRole, // const TimelineLane *: what a collapsed row's subtree did, or nullptr
    };

    enum class RowKind : quint8
    {
        Supervisor,
        Dependency,
        Worker,
    };
    struct Row
    {
        RowKind kind = RowKind::Supervisor;
        int index = 0; // the supervisor's, the dependency's or the worker's
        int depth = 0;
    };

    explicit TimelineModel(QObject *parent = nullptr);

    void setLog(std::shared_ptr<const EventLog> log);
    std::shared_ptr<const EventLog> log() const { return m_log; }
    // Takes in the log's events up to `upTo` (-1: all of them) without telling views yet, so that a flood can be
    // taken in over several turns of the event loop and shown once per frame.
    void takeIn(qsizetype upTo);
    // Takes in the events up to `upTo` (-1: all of them) and tells views about everything taken in since the
    // last refresh; false if there was nothing.
    bool refresh(qsizetype upTo = -1);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // "Supervisor", "Worker 2" or, in a tree, the worker's own name ("conn-2"), a nested supervisor's ("pool"), "db".
    QString laneName(const TimelineLane &lane) const;
    QString workerName(int worker) const;
    QString supervisorName(int supervisor) const;
    QString dependencyName(int dependency) const;
    // The run's config as its run_started gave it (the default until one has been taken in).
    const SupervisorConfig &config() const { return m_config; }
    // A nested supervisor's restart type as a child of its parent.
    RestartType restartTypeOfSupervisor(int supervisor) const
    {
        return m_supervisorRestartTypes.value(supervisor, RestartType::Permanent);
    }

    // Requires 0 <= row < rowCount().
    const Row &row(int row) const { return m_rows[size_t(row)]; }
    const TimelineLane &lane(int row) const;
    // The row that shows a worker, a supervisor or an event: its own, or that of the collapsed subtree it is in;
    // -1 if none does.
    int rowOfWorker(int worker) const;
    int rowOfSupervisor(int supervisor) const;
    int rowOfDependency(int dependency) const { return 1 + dependency; }
    int rowOfNode(const TreeChild &node) const;
    int rowOfEvent(const LifecycleEvent &event) const;
    // The tree node a row shows (the root supervisor for row 0); none for a dependency's row.
    std::optional<TreeChild> nodeOfRow(int row) const;
    int dependencyCount() const { return m_index.dependencyLaneCount(); }

    // Collapsing a nested supervisor's subtree: its lanes leave, its row stands for them (rows are removed or
    // inserted, and the row changes). Kept across runs of the same tree.
    bool isCollapsed(int supervisor) const;
    void setCollapsed(int supervisor, bool collapsed);
    // Whether the row is a nested supervisor's whose subtree can be collapsed.
    bool isCollapsible(int row) const;
    // What a collapsed row's subtree did as one lane, or nullptr if the row is not a collapsed supervisor's.
    const TimelineLane *subtreeLane(int row) const;
    // The lanes a collapsed supervisor's row stands for: every worker and supervisor below it.
    int lanesBelow(int supervisor) const;

    // Events taken in; every event index a lane holds is below it.
    qsizetype eventCount() const { return m_index.eventCount(); }
    bool hasEvent(qsizetype index) const { return m_log && index >= 0 && index < m_log->size(); }
    // Requires hasEvent(index).
    LifecycleEvent event(qsizetype index) const;
    RunHeader runHeader() const;
    qint64 lastEventUs() const { return m_index.lastEventUs(); }
    qint64 gaveUpUs() const { return m_index.gaveUpUs(); }
    // The root's restart intensity: its window, its limit (negative: none), and the decisions in (toUs - window, toUs].
    qint64 restartWindowUs() const { return m_index.withinUs(); }
    qint64 maxRestarts() const { return m_index.maxRestarts(); }
    int restartsWithin(qint64 toUs) const { return m_index.restartsWithin(toUs); }
    const TimelineItems<TimelineMark> &restartDecisions() const { return m_index.restartDecisions(); }
    const TimelineIndex &timelineIndex() const { return m_index; }

private:
    void readConfig();
    bool hasNestedRows() const;
    std::vector<Row> planRows() const;
    void appendSubtree(std::vector<Row> &rows, int supervisor, int depth) const;
    void adoptRows(std::vector<Row> rows);
    QString supervisorToolTip(int supervisor) const;

    std::shared_ptr<const EventLog> m_log;
    SupervisorConfig m_config;
    bool m_configRead = false;
    TimelineIndex m_index;
    std::vector<Row> m_rows; // announced to views; the index may be ahead of them until refresh()
    std::vector<int> m_workerRows;
    std::vector<int> m_supervisorRows;
    // The lanes as the index had them at the last refresh (-1 workers: no log): what rows are planned from, the
    // index going on ahead of them between refreshes.
    int m_plannedWorkerLanes = -1;
    int m_plannedDependencies = 0;
    qsizetype m_announced = 0; // events taken in when views were last told
    QList<RestartType> m_supervisorRestartTypes;
    std::vector<bool> m_collapsed; // by supervisor
    QStringList m_collapsedTree; // the supervisors' names the collapsed set belongs to
};

} // namespace SupervisorLab

Q_DECLARE_METATYPE(const SupervisorLab::TimelineLane *)
