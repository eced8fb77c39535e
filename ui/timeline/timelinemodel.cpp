#include "timeline/timelinemodel.h"

#include "analysis/timeaxis.h"
#include "events/eventlog.h"
#include "timeline/timelinepainter.h"

#include <algorithm>

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
    m_supervisorRestartTypes.clear();
    m_configRead = false;
    if (m_log)
        m_index.update(*m_log);
    readConfig();
    m_plannedWorkerLanes = m_log ? m_index.laneCount() - 1 : -1;
    m_plannedDependencies = m_index.dependencyLaneCount();
    adoptRows(planRows());
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
    const int before = rowCount();
    m_plannedWorkerLanes = m_index.laneCount() - 1;
    m_plannedDependencies = m_index.dependencyLaneCount();
    std::vector<Row> rows = planRows();
    const bool extends = rows.size() >= m_rows.size()
        && std::equal(m_rows.begin(), m_rows.end(), rows.begin(),
            [](const Row &a, const Row &b) { return a.kind == b.kind && a.index == b.index && a.depth == b.depth; });
    if (!extends) { // only a log that names its lanes late does this
        beginResetModel();
        adoptRows(std::move(rows));
        endResetModel();
        return true;
    }
    if (int(rows.size()) > before) {
        beginInsertRows({}, before, int(rows.size()) - 1);
        adoptRows(std::move(rows));
        endInsertRows();
    }
    if (before > 0)
        emit dataChanged(index(0), index(before - 1), { LaneRole, SubtreeLaneRole, Qt::ToolTipRole });
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
    return parent.isValid() ? 0 : int(m_rows.size());
}

void TimelineModel::readConfig()
{
    if (m_configRead || !m_log || m_index.eventCount() == 0)
        return;
    m_configRead = true;
    m_config.applyJson(m_log->header().config);
    for (int supervisor = 0; supervisor < m_config.supervisorCount(); ++supervisor)
        m_supervisorRestartTypes << m_config.forSupervisor(supervisor).restartTypeOf(0);
    // A new run of the same tree keeps its subtrees as they were shown; another tree starts expanded.
    QStringList names;
    for (int supervisor = 0; supervisor < m_config.supervisorCount(); ++supervisor)
        names << m_config.supervisorName(supervisor);
    if (names != m_collapsedTree) {
        m_collapsedTree = names;
        m_collapsed.assign(size_t(m_config.supervisorCount()), false);
    }
}

bool TimelineModel::hasNestedRows() const
{
    return m_configRead && m_config.isNested() && m_index.supervisorCount() >= m_config.supervisorCount()
        && m_plannedWorkerLanes >= int(m_config.workerSpecs.size());
}

std::vector<TimelineModel::Row> TimelineModel::planRows() const
{
    std::vector<Row> rows;
    if (m_plannedWorkerLanes < 0)
        return rows; // no log: no lanes
    rows.push_back({ RowKind::Supervisor, 0, 0 });
    for (int dependency = 0; dependency < m_plannedDependencies; ++dependency)
        rows.push_back({ RowKind::Dependency, dependency, 0 });
    int treeWorkers = 0;
    if (hasNestedRows()) {
        appendSubtree(rows, 0, 1);
        treeWorkers = int(m_config.workerSpecs.size());
    }
    for (int worker = treeWorkers; worker < m_plannedWorkerLanes; ++worker)
        rows.push_back({ RowKind::Worker, worker, 1 });
    return rows;
}

void TimelineModel::appendSubtree(std::vector<Row> &rows, int supervisor, int depth) const
{
    for (const TreeChild &child : m_config.childrenOf(supervisor)) {
        if (!child.supervisor) {
            rows.push_back({ RowKind::Worker, child.index, depth });
            continue;
        }
        rows.push_back({ RowKind::Supervisor, child.index, depth });
        if (!isCollapsed(child.index))
            appendSubtree(rows, child.index, depth + 1);
    }
}

void TimelineModel::adoptRows(std::vector<Row> rows)
{
    m_rows = std::move(rows);
    m_workerRows.assign(size_t(std::max(0, m_plannedWorkerLanes)), -1);
    m_supervisorRows.assign(size_t(m_index.supervisorCount()), -1);
    for (int row = 0; row < rowCount(); ++row) {
        const Row &shown = m_rows[size_t(row)];
        if (shown.kind == RowKind::Worker && shown.index < int(m_workerRows.size()))
            m_workerRows[size_t(shown.index)] = row;
        else if (shown.kind == RowKind::Supervisor && shown.index < int(m_supervisorRows.size()))
            m_supervisorRows[size_t(shown.index)] = row;
    }
    if (!hasNestedRows())
        return;
    // What a collapsed subtree hides is shown by the row of its topmost collapsed supervisor: depth-first order
    // puts every supervisor after its parent, so the parent's row is known first.
    for (int supervisor = 1; supervisor < int(m_supervisorRows.size()); ++supervisor) {
        if (m_supervisorRows[size_t(supervisor)] < 0)
            m_supervisorRows[size_t(supervisor)] = m_supervisorRows[size_t(m_index.parentOf(supervisor))];
    }
    for (int worker = 0; worker < int(m_workerRows.size()); ++worker) {
        if (m_workerRows[size_t(worker)] < 0)
            m_workerRows[size_t(worker)] = m_supervisorRows[size_t(m_index.supervisorOfWorker(worker))];
    }
}

const TimelineLane &TimelineModel::lane(int row) const
{
    const Row &shown = m_rows[size_t(row)];
    switch (shown.kind) {
    case RowKind::Supervisor:
        return m_index.supervisorLane(shown.index);
    case RowKind::Dependency:
        return m_index.dependencyLane(shown.index);
    case RowKind::Worker:
        break;
    }
    return m_index.lane(TimelineIndex::laneOfWorker(shown.index));
}

int TimelineModel::rowOfWorker(int worker) const
{
    return worker >= 0 && worker < int(m_workerRows.size()) ? m_workerRows[size_t(worker)] : -1;
}

int TimelineModel::rowOfSupervisor(int supervisor) const
{
    return supervisor >= 0 && supervisor < int(m_supervisorRows.size()) ? m_supervisorRows[size_t(supervisor)] : -1;
}

int TimelineModel::rowOfNode(const TreeChild &node) const
{
    return node.supervisor ? rowOfSupervisor(node.index) : rowOfWorker(node.index);
}

int TimelineModel::rowOfEvent(const LifecycleEvent &event) const
{
    const bool circuit = event.kind == EventKind::CircuitOpened || event.kind == EventKind::CircuitHalfOpen
        || event.kind == EventKind::CircuitClosed;
    if (event.has(FieldWorker) && event.worker >= 0 && !circuit)
        return rowOfWorker(event.worker);
    if (event.has(FieldDependency))
        return event.dependency >= 0 && event.dependency < m_plannedDependencies ? rowOfDependency(event.dependency)
                                                                                 : -1;
    if (event.isNestedSupervisors())
        return rowOfSupervisor(event.supervisorIndex);
    return m_rows.empty() ? -1 : TimelineIndex::kSupervisorLane;
}

std::optional<TreeChild> TimelineModel::nodeOfRow(int row) const
{
    if (row < 0 || row >= rowCount() || m_rows[size_t(row)].kind == RowKind::Dependency)
        return std::nullopt;
    const Row &shown = m_rows[size_t(row)];
    return TreeChild { shown.kind == RowKind::Supervisor, shown.index };
}

bool TimelineModel::isCollapsed(int supervisor) const
{
    return supervisor > 0 && supervisor < int(m_collapsed.size()) && m_collapsed[size_t(supervisor)];
}

bool TimelineModel::isCollapsible(int row) const
{
    return row > 0 && row < rowCount() && m_rows[size_t(row)].kind == RowKind::Supervisor && hasNestedRows();
}

void TimelineModel::setCollapsed(int supervisor, bool collapsed)
{
    if (supervisor <= 0 || supervisor >= int(m_collapsed.size()) || isCollapsed(supervisor) == collapsed)
        return;
    m_collapsed[size_t(supervisor)] = collapsed;
    const int row = rowOfSupervisor(supervisor);
    if (row < 0 || !hasNestedRows())
        return;
    if (m_rows[size_t(row)].kind != RowKind::Supervisor || m_rows[size_t(row)].index != supervisor)
        return; // inside a collapsed subtree: nothing shown changes until that one opens
    std::vector<Row> rows = planRows();
    const int before = rowCount();
    const int after = int(rows.size());
    if (after < before) {
        beginRemoveRows({}, row + 1, row + before - after);
        adoptRows(std::move(rows));
        endRemoveRows();
    } else if (after > before) {
        beginInsertRows({}, row + 1, row + after - before);
        adoptRows(std::move(rows));
        endInsertRows();
    }
    emit dataChanged(
        index(row), index(row), { Qt::DisplayRole, LaneRole, CollapsedRole, SubtreeLaneRole, Qt::ToolTipRole });
}

const TimelineLane *TimelineModel::subtreeLane(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    const Row &shown = m_rows[size_t(row)];
    if (shown.kind != RowKind::Supervisor || !isCollapsed(shown.index))
        return nullptr;
    return &m_index.subtreeLane(shown.index);
}

int TimelineModel::lanesBelow(int supervisor) const
{
    int lanes = 0;
    for (const TreeChild &child : m_config.childrenOf(supervisor))
        lanes += 1 + (child.supervisor ? lanesBelow(child.index) : 0);
    return lanes;
}

QString TimelineModel::workerName(int worker) const
{
    if (m_config.isTree())
        return m_config.workerName(worker);
    //: A worker's lane in a run whose workers have no names of their own; %1 is its number from 0
    return tr("Worker %1").arg(worker);
}

QString TimelineModel::supervisorName(int supervisor) const
{
    return supervisor == 0 ? tr("Supervisor") : m_config.supervisorName(supervisor);
}

QString TimelineModel::dependencyName(int dependency) const
{
    return m_config.dependencies.value(dependency).name;
}

QString TimelineModel::laneName(const TimelineLane &lane) const
{
    if (lane.dependency >= 0)
        return dependencyName(lane.dependency);
    if (lane.supervisor >= 0)
        return supervisorName(lane.supervisor);
    return lane.worker < 0 ? tr("Supervisor") : workerName(lane.worker);
}

QString TimelineModel::supervisorToolTip(int supervisor) const
{
    const TimelineLane &lane = m_index.supervisorLane(supervisor);
    const SupervisorConfig own = m_config.forSupervisor(supervisor);
    const qsizetype restarts = lane.bars.empty() ? 0 : qsizetype(lane.bars.back().incarnation) - 1;
    //: %1 is a length of time ("5 s")
    const QString limit = own.maxRestarts < 0
        ? tr("no restart limit")
        : tr("gives up after %n restart(s) within %1", nullptr, int(own.maxRestarts))
              .arg(TimeAxis::formatDuration(own.withinMs * 1000));
    //: A nested supervisor's lane: %1 its name, %2 its restart type, %3 its parent's name, %4 its strategy, %5 its
    //: restart limit, %6 and %7 its incarnations and restarts, %8 its children's restarts in the last %9 (a length)
    QString text
        = tr("%1: a supervisor (%2 as a child of %3; %4, %5)\n%6, %7; %8 of its children in the last %9")
              .arg(supervisorName(supervisor), nameOf(own.restartTypeOf(0)),
                  supervisorName(m_index.parentOf(supervisor)), nameOf(own.strategy), limit,
                  tr("%n incarnation(s)", nullptr, int(lane.bars.size())), tr("%n restart(s)", nullptr, int(restarts)),
                  tr("%n restart(s)", nullptr, m_index.restartsWithin(supervisor, m_index.lastEventUs())),
                  TimeAxis::formatDuration(m_index.withinUs(supervisor)));
    if (isCollapsed(supervisor))
        text += u'\n'
            + tr("Collapsed: this lane stands for the %n lane(s) of its subtree (green where any of its workers "
                 "runs, a mark for each failure). Click the triangle to expand it.",
                nullptr, lanesBelow(supervisor));
    else
        text += u'\n' + tr("Click the triangle to collapse its subtree into this lane.");
    return text;
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &shown = row(index.row());
    const TimelineLane &lane = this->lane(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return laneName(lane);
    case Qt::ToolTipRole: {
        if (lane.dependency >= 0) {
            const DependencySpec spec = m_config.dependencies.value(lane.dependency);
            const bool down = !lane.outages.empty() && lane.outages.back().untilUs == TimelineIndex::kOpen;
            //: %1 is a length of time in milliseconds
            const QString capacity = spec.capacity > 0
                ? tr("takes %n attempt(s) per %1 ms", nullptr, int(spec.capacity))
                      .arg(TimelinePainter::numberText(spec.capacityWindowMs))
                : tr("no capacity limit");
            //: A dependency's lane: %1 its name, %2 "up" or "down", %3 its outages, %4 its capacity, %5 the starts
            //: it turned away
            return tr("Dependency %1: %2 now; %3; %4; %5. Right-click to take it down or bring it back.")
                .arg(spec.name, down ? tr("down") : tr("up"), tr("%n outage(s)", nullptr, int(lane.outages.size())),
                    capacity, tr("%n start(s) turned away", nullptr, int(lane.marks.size())));
        }
        if (lane.supervisor > 0)
            return supervisorToolTip(lane.supervisor);
        if (lane.worker < 0) {
            return tr("The supervisor: its start, stop and give-up, restart decisions, circuit breakers "
                      "and parameter changes");
        }
        const qsizetype restarts = lane.bars.empty() ? 0 : qsizetype(lane.bars.back().incarnation) - 1;
        //: A worker's lane: %1 its name, %2 its restart type, %3 its incarnations, %4 its restarts
        return tr("%1 (%2): %3, %4")
            .arg(laneName(lane), nameOf(m_config.restartTypeOf(lane.worker)),
                tr("%n incarnation(s)", nullptr, int(lane.bars.size())), tr("%n restart(s)", nullptr, int(restarts)));
    }
    case LaneRole:
        return QVariant::fromValue(&lane);
    case WorkerRole:
        return lane.worker;
    case DependencyRole:
        return lane.dependency;
    case SupervisorRole:
        return shown.kind == RowKind::Supervisor ? shown.index : -1;
    case DepthRole:
        return shown.depth;
    case CollapsedRole:
        return shown.kind == RowKind::Supervisor && isCollapsed(shown.index);
    case SubtreeLaneRole:
        return QVariant::fromValue(subtreeLane(index.row()));
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
    names.insert(SupervisorRole, "supervisor");
    names.insert(DepthRole, "depth");
    names.insert(CollapsedRole, "collapsed");
    names.insert(SubtreeLaneRole, "subtreeLane");
    return names;
}

} // namespace SupervisorLab
