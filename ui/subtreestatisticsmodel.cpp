#include "subtreestatisticsmodel.h"

#include "statisticsmodel.h"

using namespace Qt::StringLiterals;

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
            return u"running"_s;
        return subtree.gaveUps > 0 ? u"gave up"_s : (subtree.starts > 0 ? u"stopped"_s : u"not started"_s);
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
        return u"Supervisor"_s;
    case StateColumn:
        return u"Now"_s;
    case RestartsColumn:
        return u"Restarted"_s;
    case GaveUpColumn:
        return u"Gave up"_s;
    case WorkerRestartsColumn:
        return u"Worker restarts"_s;
    case FailuresColumn:
        return u"Failures"_s;
    case AvailabilityColumn:
        return u"Availability"_s;
    case ColumnCount:
        break;
    }
    return {};
}

QString SubtreeStatisticsModel::explanation(Column column)
{
    switch (column) {
    case SupervisorColumn:
        return u"A supervisor of the tree, indented under the one that supervises it."_s;
    case StateColumn:
        return u"Whether it runs now, has stopped, or stopped last because it gave up."_s;
    case RestartsColumn:
        return u"How many times its parent started it again: after it gave up (escalation), or with its group."_s;
    case GaveUpColumn:
        return u"How many times it exceeded its restart intensity, stopped its children and exited."_s;
    case WorkerRestartsColumn:
        return u"Restarts of the workers below it, at any depth: worker_started after the first."_s;
    case FailuresColumn:
        return u"Failures of the workers below it, at any depth."_s;
    case AvailabilityColumn:
        return u"The mean availability of the workers below it: running time over time since each first started. "
               "Fragile workers deep in the tree should cost their own subtree, not the rest (the error kernel)."_s;
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace SupervisorLab
