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
    m_config = SupervisorConfig();
    m_configRead = false;
    if (m_log)
        m_index.update(*m_log);
    readConfig();
    m_rows = laneRows();
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
    readConfig();
    const int before = m_rows;
    if (laneRows() > before) {
        beginInsertRows({}, before, laneRows() - 1);
        m_rows = laneRows();
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

void TimelineModel::readConfig()
{
    if (m_configRead || !m_log || m_index.eventCount() == 0)
        return;
    m_configRead = true;
    m_config.applyJson(m_log->header().config);
}

QString TimelineModel::workerName(int worker) const
{
    if (m_config.isTree())
        return m_config.workerName(worker);
    return u"Worker %1"_s.arg(worker);
}

QString TimelineModel::dependencyName(int dependency) const
{
    return m_config.dependencies.value(dependency).name;
}

QString TimelineModel::laneName(const TimelineLane &lane) const
{
    if (lane.dependency >= 0)
        return dependencyName(lane.dependency);
    return lane.worker < 0 ? u"Supervisor"_s : workerName(lane.worker);
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TimelineLane &lane = this->lane(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return laneName(lane);
    case Qt::ToolTipRole: {
        if (lane.dependency >= 0) {
            const DependencySpec spec = m_config.dependencies.value(lane.dependency);
            const bool down = !lane.outages.empty() && lane.outages.back().untilUs == TimelineIndex::kOpen;
            const QString capacity = spec.capacity > 0
                ? u"takes %1 attempts per %2 ms"_s.arg(spec.capacity).arg(spec.capacityWindowMs)
                : u"no capacity limit"_s;
            return u"Dependency %1: %2 now; %3 outage(s); %4; %5 start(s) turned away. Right-click to take it "
                   "down or bring it back."_s.arg(spec.name, down ? u"down"_s : u"up"_s)
                       .arg(lane.outages.size())
                       .arg(capacity)
                       .arg(lane.marks.size());
        }
        if (lane.worker < 0) {
            return u"The supervisor: its start, stop and give-up, restart decisions, circuit breakers "
                   "and parameter changes"_s;
        }
        const qsizetype restarts = lane.bars.empty() ? 0 : qsizetype(lane.bars.back().incarnation) - 1;
        return u"%1 (%2): %3 incarnation(s), %4 restart(s)"_s
            .arg(laneName(lane), nameOf(m_config.restartTypeOf(lane.worker)))
            .arg(lane.bars.size())
            .arg(restarts);
    }
    case LaneRole:
        return QVariant::fromValue(&lane);
    case WorkerRole:
        return lane.worker;
    case DependencyRole:
        return lane.dependency;
    default:
        return {};
    }
}

QHash<int, QByteArray> TimelineModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(LaneRole, "lane");
    names.insert(WorkerRole, "worker");
    names.insert(DependencyRole, "dependency");
    return names;
}

} // namespace SupervisorLab
