#pragma once

#include "analysis/timelineindex.h"
#include "events/eventlog.h"
#include "policy/supervisorconfig.h"

#include <QAbstractListModel>

#include <memory>

namespace SupervisorLab {

// The lanes of the timeline as an item model: row 0 is the supervisor, then a row per dependency of the run (its
// outages and the starts it turned away), then a row per worker; takeIn() and refresh()
// take in new events from the log. Views paint through this model only: each row's lane data (LaneRole, or lane()
// for a painter that visits thousands of items a frame, as Qt Creator's tracing models offer theirs), the events
// the lanes point to, and the run's figures drawn over them. The index behind it is GUI-free (core/analysis).
class TimelineModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        LaneRole = Qt::UserRole + 1, // const TimelineLane *
        WorkerRole, // int, -1 for the supervisor lane and the dependencies' lanes
        DependencyRole, // int, -1 but for a dependency's lane
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

    // "Supervisor", "Worker 2" or, in a tree, the worker's own name ("conn-2"), "db".
    QString laneName(const TimelineLane &lane) const;
    QString workerName(int worker) const;
    QString dependencyName(int dependency) const;
    // The run's config as its run_started gave it (the default until one has been taken in).
    const SupervisorConfig &config() const { return m_config; }

    // The lane of `row` (0..rowCount() - 1).
    const TimelineLane &lane(int row) const
    {
        const int dependencies = m_index.dependencyLaneCount();
        if (row > 0 && row <= dependencies)
            return m_index.dependencyLane(row - 1);
        return m_index.lane(row > dependencies ? row - dependencies : row);
    }
    int rowOfWorker(int worker) const { return m_index.dependencyLaneCount() + TimelineIndex::laneOfWorker(worker); }
    int rowOfDependency(int dependency) const { return 1 + dependency; }
    int dependencyCount() const { return m_index.dependencyLaneCount(); }
    // Events taken in; every event index a lane holds is below it.
    qsizetype eventCount() const { return m_index.eventCount(); }
    bool hasEvent(qsizetype index) const { return m_log && index >= 0 && index < m_log->size(); }
    // Requires hasEvent(index).
    LifecycleEvent event(qsizetype index) const;
    RunHeader runHeader() const;
    qint64 lastEventUs() const { return m_index.lastEventUs(); }
    qint64 gaveUpUs() const { return m_index.gaveUpUs(); }
    // The restart intensity: its window, its limit (negative: none), and the decisions in (toUs - window, toUs].
    qint64 restartWindowUs() const { return m_index.withinUs(); }
    qint64 maxRestarts() const { return m_index.maxRestarts(); }
    int restartsWithin(qint64 toUs) const { return m_index.restartsWithin(toUs); }
    const TimelineItems<TimelineMark> &restartDecisions() const { return m_index.restartDecisions(); }

private:
    void readConfig();
    int laneRows() const { return m_index.laneCount() + m_index.dependencyLaneCount(); }

    std::shared_ptr<const EventLog> m_log;
    SupervisorConfig m_config;
    bool m_configRead = false;
    TimelineIndex m_index;
    int m_rows = 0; // lanes announced to views; the index may be ahead of them until refresh()
    qsizetype m_announced = 0; // events taken in when views were last told
};

} // namespace SupervisorLab

Q_DECLARE_METATYPE(const SupervisorLab::TimelineLane *)
