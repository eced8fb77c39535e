#include "subtreestatisticsmodel.h"

#include "statisticsmodel.h"

namespace SupervisorLab {

SubtreeStatisticsModel::SubtreeStatisticsModel(const RunStatistics *statistics, QObject *parent)
    : FigureTableModel(ColumnCount, RestartsColumn, parent)
    , m_statistics(statistics)
{
}

void SubtreeStatisticsModel::refreshAt(qint64 nowUs)
{
    m_nowUs = nowUs;
    refresh();
}

int SubtreeStatisticsModel::rowsNow() const
{
    return m_statistics->supervisorCount() > 1 ? m_statistics->supervisorCount() : 0;
}

int SubtreeStatisticsModel::depthOf(int supervisor) const
{
    int depth = 0;
    for (int at = m_statistics->parentOfSupervisor(supervisor); at >= 0; at = m_statistics->parentOfSupervisor(at))
        ++depth;
    return depth;
}

QVariant SubtreeStatisticsModel::value(int supervisor, int column) const
{
    const RunStatistics::Subtree subtree = m_statistics->subtree(supervisor, m_nowUs);
    switch (Column(column)) {
    case SupervisorColumn:
        return QString(QString(depthOf(supervisor) * 2, u' ') + m_statistics->supervisorName(supervisor));
    case StateColumn:
        if (subtree.running)
            return tr("running");
        return subtree.gaveUps > 0 ? tr("gave up") : (subtree.starts > 0 ? tr("stopped") : tr("not started"));
    case RestartsColumn:
        return subtree.restarts;
    case GaveUpColumn:
        return subtree.gaveUps;
    case WorkerRestartsColumn:
        return subtree.measures.restarts;
    case FailuresColumn:
        return subtree.measures.failures();
    case AvailabilityColumn:
        return StatisticsModel::formatAvailability(subtree.measures.availability);
    case ColumnCount:
        break;
    }
    return {};
}

QString SubtreeStatisticsModel::header(int column) const
{
    switch (Column(column)) {
    case SupervisorColumn:
        return tr("Supervisor");
    case StateColumn:
        return tr("Now");
    case RestartsColumn:
        return tr("Restarted");
    case GaveUpColumn:
        return tr("Gave up");
    case WorkerRestartsColumn:
        return tr("Worker restarts");
    case FailuresColumn:
        return tr("Failures");
    case AvailabilityColumn:
        return tr("Availability");
    case ColumnCount:
        break;
    }
    return {};
}

QString SubtreeStatisticsModel::explanation(Column column)
{
    switch (column) {
    case SupervisorColumn:
        return tr("A supervisor of the tree, indented under the one that supervises it.");
    case StateColumn:
        return tr("Whether it runs now, has stopped, or stopped last because it gave up.");
    case RestartsColumn:
        return tr("How many times its parent started it again: after it gave up (escalation), or with its group.");
    case GaveUpColumn:
        return tr("How many times it exceeded its restart intensity, stopped its children and exited.");
    case WorkerRestartsColumn:
        return tr("Restarts of the workers below it, at any depth: worker_started after the first.");
    case FailuresColumn:
        return tr("Failures of the workers below it, at any depth.");
    case AvailabilityColumn:
        return tr("The mean availability of the workers below it: running time over time since each first started. "
                  "Fragile workers deep in the tree should cost their own subtree, not the rest (the error kernel).");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace SupervisorLab
