#include "timeline/timelinemodel.h"

#include "events/eventlog.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {

TimelineModel::TimelineModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void TimelineModel::setLog(std::shared_ptr<const EventLog> log)
{
    beginResetModel();
    m_log = std::move(log);
    m_index.reset();
    if (m_log)
        m_index.update(*m_log);
    m_rows = m_index.laneCount();
    m_announced = m_index.eventCount();
    endResetModel();
}

void TimelineModel::takeIn(qsizetype upTo)
{
    if (m_log)
        m_index.update(*m_log, upTo);
}

bool TimelineModel::refresh(qsizetype upTo)
{
    takeIn(upTo);
    if (!m_log || m_index.eventCount() == m_announced)
        return false;
    m_announced = m_index.eventCount();
    const int before = m_rows;
    if (m_index.laneCount() > before) {
        beginInsertRows({}, before, m_index.laneCount() - 1);
        m_rows = m_index.laneCount();
        endInsertRows();
    }
    if (before > 0)
        emit dataChanged(index(0), index(before - 1), { LaneRole, Qt::ToolTipRole });
    return true;
}

LifecycleEvent TimelineModel::event(qsizetype index) const
{
    Q_ASSERT(hasEvent(index));
    return m_log->at(index);
}

RunHeader TimelineModel::runHeader() const
{
    return m_log ? m_log->header() : RunHeader();
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

QString TimelineModel::laneName(int worker)
{
    return worker < 0 ? u"Supervisor"_s : u"Worker %1"_s.arg(worker);
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TimelineLane &lane = m_index.lane(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return laneName(lane.worker);
    case Qt::ToolTipRole: {
        if (lane.worker < 0) {
            return u"The supervisor: its start, stop and give-up, restart decisions, circuit breakers "
                   "and parameter changes"_s;
        }
        const qsizetype restarts = lane.bars.empty() ? 0 : qsizetype(lane.bars.back().incarnation) - 1;
        return u"%1: %2 incarnation(s), %3 restart(s)"_s.arg(laneName(lane.worker)).arg(lane.bars.size()).arg(restarts);
    }
    case LaneRole:
        return QVariant::fromValue(&lane);
    case WorkerRole:
        return lane.worker;
    default:
        return {};
    }
}

QHash<int, QByteArray> TimelineModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(LaneRole, "lane");
    names.insert(WorkerRole, "worker");
    return names;
}

} // namespace SupervisorLab
