#include "tree/supervisiontreemodel.h"

#include "analysis/timeaxis.h"
#include "analysis/timelineindex.h"
#include "events/eventlog.h"

#include <QFont>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

constexpr qint64 kUsPerMs = 1000;

quintptr idOf(const TreeChild &node)
{
    return quintptr(node.index) * 2 + (node.supervisor ? 1 : 0);
}

TreeChild nodeOfId(quintptr id)
{
    return { (id & 1) != 0, int(id / 2) };
}

} // namespace

SupervisionTreeModel::SupervisionTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{
    adoptTree(m_planned);
}

SupervisionTreeModel::~SupervisionTreeModel() = default;

void SupervisionTreeModel::setPlannedConfig(const SupervisorConfig &config)
{
    m_planned = config;
    if (!m_log)
        adoptTree(config);
}

void SupervisionTreeModel::setLog(std::shared_ptr<const EventLog> log)
{
    m_log = std::move(log);
    m_takenIn = 0;
    m_groups = RestartGroups();
    // Until its run_started says otherwise, a run has the tree it was planned with.
    adoptTree(m_planned);
    clearRecords();
    refresh();
}

bool SupervisionTreeModel::hasSameShape(const SupervisorConfig &config) const
{
    if (m_children.empty() || config.supervisorCount() != int(m_children.size())
        || (config.isTree() ? int(config.workerSpecs.size()) : config.workers) != m_workerCount
        || config.isTree() != m_config.isTree())
        return false;
    for (int supervisor = 0; supervisor < config.supervisorCount(); ++supervisor) {
        if (config.childrenOf(supervisor) != m_children[size_t(supervisor)]
            || config.supervisorName(supervisor) != m_config.supervisorName(supervisor))
            return false;
    }
    for (int worker = 0; worker < m_workerCount; ++worker) {
        if (config.workerName(worker) != m_config.workerName(worker))
            return false;
    }
    return true;
}

void SupervisionTreeModel::adoptTree(const SupervisorConfig &config)
{
    if (hasSameShape(config)) {
        m_config = config; // restart types and names of what is shown may still differ in wording
        return;
    }
    beginResetModel();
    m_config = config;
    m_workerCount = config.isTree() ? int(config.workerSpecs.size()) : std::max(0, config.workers);
    const int supervisors = config.supervisorCount();
    m_children.assign(size_t(supervisors), {});
    m_supervisorRows.assign(size_t(supervisors), 0);
    m_workerRows.assign(size_t(m_workerCount), 0);
    for (int supervisor = 0; supervisor < supervisors; ++supervisor) {
        QList<TreeChild> &children = m_children[size_t(supervisor)];
        for (const TreeChild &child : config.childrenOf(supervisor)) {
            std::vector<int> &rows = child.supervisor ? m_supervisorRows : m_workerRows;
            if (child.index >= 0 && child.index < int(rows.size()) && (!child.supervisor || child.index > 0)) {
                rows[size_t(child.index)] = int(children.size());
                children.append(child);
            }
        }
    }
    m_supervisors.assign(size_t(supervisors), NodeRecord());
    m_workers.assign(size_t(m_workerCount), NodeRecord());
    m_anyChanged = false;
    endResetModel();
}

void SupervisionTreeModel::clearRecords()
{
    for (std::vector<NodeRecord> *records : { &m_supervisors, &m_workers }) {
        for (NodeRecord &node : *records) {
            node = NodeRecord();
            node.changed = true;
        }
    }
    m_anyChanged = true;
}

SupervisionTreeModel::NodeRecord *SupervisionTreeModel::record(const TreeChild &node)
{
    std::vector<NodeRecord> &records = node.supervisor ? m_supervisors : m_workers;
    return node.index >= 0 && node.index < int(records.size()) ? &records[size_t(node.index)] : nullptr;
}

const SupervisionTreeModel::NodeRecord *SupervisionTreeModel::record(const TreeChild &node) const
{
    const std::vector<NodeRecord> &records = node.supervisor ? m_supervisors : m_workers;
    return node.index >= 0 && node.index < int(records.size()) ? &records[size_t(node.index)] : nullptr;
}

int SupervisionTreeModel::parentOf(const TreeChild &node) const
{
    if (!node.supervisor)
        return m_config.supervisorOf(node.index);
    return node.index <= 0 ? -1 : std::max(0, m_config.supervisorSpecs.value(node.index).parent);
}

void SupervisionTreeModel::takeIn(qsizetype end)
{
    if (!m_log)
        return;
    end = std::min(end, m_log->size());
    for (; m_takenIn < end; ++m_takenIn)
        take(m_log->withoutReasonAt(m_takenIn), m_takenIn);
}

void SupervisionTreeModel::take(const LifecycleEvent &event, qsizetype index)
{
    if (event.kind == EventKind::RunStarted) {
        SupervisorConfig recorded;
        if (recorded.applyJson(event.run.config).isEmpty())
            adoptTree(recorded);
        return;
    }
    if (event.has(FieldWorker) && event.worker >= 0) {
        const TreeChild worker { false, event.worker };
        NodeRecord *node = record(worker);
        if (!node)
            return;
        switch (event.kind) {
        case EventKind::WorkerStarted:
            start(*node, event.incarnation);
            break;
        case EventKind::WorkerStopping:
            if (node->state == StateColor::Running) {
                node->state = StateColor::Stopping;
                node->changed = m_anyChanged = true;
            }
            break;
        case EventKind::WorkerCompleted:
        case EventKind::WorkerStopped:
        case EventKind::WorkerAbandoned:
            end(*node, StateColors::ofBarEnd(TimelineIndex::barEndOf(event)));
            break;
        case EventKind::WorkerFailed:
            node->lastFailure = m_log->at(index).reason;
            node->lastFailureUs = event.tUs;
            end(*node, StateColors::ofFailure(event.failure));
            break;
        case EventKind::RestartScheduled:
            scheduleRestart(worker, event);
            break;
        default:
            break;
        }
        return;
    }
    if (event.kind == EventKind::RestartScheduled && event.supervisorIndex > 0) {
        scheduleRestart({ true, event.supervisorIndex }, event);
        return;
    }
    if (!event.has(FieldSupervisor))
        return;
    const int supervisor = event.supervisorIndex;
    NodeRecord *node = record({ true, supervisor });
    if (!node)
        return;
    switch (event.kind) {
    case EventKind::SupervisorStarted:
        node->gaveUp = false;
        start(*node, supervisor == 0 ? 1 : event.incarnation);
        break;
    case EventKind::SupervisorStopping:
        if (node->state == StateColor::Running) {
            node->state = StateColor::Stopping;
            node->changed = m_anyChanged = true;
        }
        cancelWaitsBelow(supervisor);
        break;
    case EventKind::SupervisorGaveUp:
        // It has given up as it begins to stop its children: that is the state to show until it is restarted.
        node->gaveUp = true;
        node->state = StateColor::GaveUp;
        node->lastFailure = m_log->at(index).reason;
        node->lastFailureUs = event.tUs;
        node->changed = m_anyChanged = true;
        cancelWaitsBelow(supervisor);
        break;
    case EventKind::SupervisorStopped:
        end(*node, node->gaveUp ? StateColor::GaveUp : StateColor::Stopped);
        break;
    default:
        break;
    }
}

void SupervisionTreeModel::start(NodeRecord &node, quint32 incarnation)
{
    node.state = StateColor::Running;
    node.incarnation = incarnation;
    node.restartPending = false;
    node.changed = m_anyChanged = true;
}

void SupervisionTreeModel::end(NodeRecord &node, StateColor how)
{
    node.down = how;
    node.state = node.restartPending ? StateColor::Waiting : how;
    node.changed = m_anyChanged = true;
}

void SupervisionTreeModel::scheduleRestart(const TreeChild &child, const LifecycleEvent &event)
{
    NodeRecord *node = record(child);
    if (!node)
        return;
    node->restartPending = true;
    node->restartDelayMs = event.delayMs;
    if (node->state != StateColor::Running && node->state != StateColor::Stopping)
        node->state = StateColor::Waiting; // else it waits once it is down
    node->changed = m_anyChanged = true;
    if (m_groups.beginsDecision(event)) {
        if (NodeRecord *deciding = record({ true, std::max(0, parentOf(child)) })) {
            ++deciding->childRestarts;
            deciding->changed = true;
        }
    }
}

void SupervisionTreeModel::cancelWaitsBelow(int supervisor)
{
    // A supervisor that stops forgets the restarts it had decided: its children stay as they ended.
    if (supervisor < 0 || supervisor >= int(m_children.size()))
        return;
    for (const TreeChild &child : m_children[size_t(supervisor)]) {
        NodeRecord *node = record(child);
        if (node && node->restartPending) {
            node->restartPending = false;
            if (node->state == StateColor::Waiting)
                node->state = node->down;
            node->changed = m_anyChanged = true;
        }
        if (child.supervisor)
            cancelWaitsBelow(child.index);
    }
}

void SupervisionTreeModel::refresh()
{
    if (!m_anyChanged)
        return;
    m_anyChanged = false;
    // One notice per group of siblings that changed: a flood that touches a thousand workers costs a few signals.
    const auto notify = [this](const TreeChild &node, int &first, int &last) {
        NodeRecord *changed = record(node);
        if (!changed || !changed->changed)
            return;
        changed->changed = false;
        const int row = indexOf(node).row();
        first = first < 0 ? row : std::min(first, row);
        last = std::max(last, row);
    };
    int rootFirst = -1;
    int rootLast = -1;
    notify({ true, 0 }, rootFirst, rootLast);
    if (rootFirst >= 0)
        emit dataChanged(index(0, StateColumn), index(0, LastFailureColumn));
    for (int supervisor = 0; supervisor < int(m_children.size()); ++supervisor) {
        int first = -1;
        int last = -1;
        for (const TreeChild &child : m_children[size_t(supervisor)])
            notify(child, first, last);
        if (first < 0)
            continue;
        const QModelIndex parent = indexOf({ true, supervisor });
        emit dataChanged(index(first, StateColumn, parent), index(last, LastFailureColumn, parent));
    }
}

QString SupervisionTreeModel::nodeName(const TreeChild &node) const
{
    if (node.supervisor)
        return m_config.isTree() ? m_config.supervisorName(node.index) : tr("Supervisor");
    //: %1 is the worker's number, from 0
    return m_config.isTree() ? m_config.workerName(node.index) : tr("Worker %1").arg(node.index);
}

std::optional<StateColor> SupervisionTreeModel::state(const TreeChild &node) const
{
    const NodeRecord *known = record(node);
    return known ? known->state : std::nullopt;
}

qint64 SupervisionTreeModel::restarts(const TreeChild &node) const
{
    const NodeRecord *known = record(node);
    return known && known->incarnation > 1 ? qint64(known->incarnation) - 1 : 0;
}

bool SupervisionTreeModel::isParentRunning(const TreeChild &node) const
{
    const int parent = parentOf(node);
    return parent >= 0 && state({ true, parent }) == StateColor::Running;
}

QModelIndex SupervisionTreeModel::indexOf(const TreeChild &node, int column) const
{
    if (!record(node) || column < 0 || column >= ColumnCount)
        return {};
    if (node.supervisor && node.index == 0)
        return createIndex(0, column, idOf(node));
    const std::vector<int> &rows = node.supervisor ? m_supervisorRows : m_workerRows;
    return createIndex(rows[size_t(node.index)], column, idOf(node));
}

std::optional<TreeChild> SupervisionTreeModel::nodeOf(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return std::nullopt;
    return nodeOfId(index.internalId());
}

QModelIndex SupervisionTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || m_children.empty())
        return {};
    if (!parent.isValid())
        return row == 0 ? createIndex(0, column, idOf({ true, 0 })) : QModelIndex();
    const std::optional<TreeChild> node = nodeOf(parent);
    if (!node || !node->supervisor || parent.column() != NameColumn)
        return {};
    const QList<TreeChild> &children = m_children[size_t(node->index)];
    return row < children.size() ? createIndex(row, column, idOf(children.at(row))) : QModelIndex();
}

QModelIndex SupervisionTreeModel::parent(const QModelIndex &child) const
{
    const std::optional<TreeChild> node = nodeOf(child);
    if (!node)
        return {};
    const int parent = parentOf(*node);
    return parent < 0 ? QModelIndex() : indexOf({ true, parent });
}

int SupervisionTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return m_children.empty() ? 0 : 1;
    const std::optional<TreeChild> node = nodeOf(parent);
    if (!node || !node->supervisor || parent.column() != NameColumn)
        return 0;
    return int(m_children[size_t(node->index)].size());
}

int SupervisionTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString SupervisionTreeModel::stateText(const TreeChild &node) const
{
    const NodeRecord *known = record(node);
    if (!known || !known->state)
        return tr("not started");
    return StateColors::label(*known->state);
}

QString SupervisionTreeModel::toolTip(const TreeChild &node, int column) const
{
    const NodeRecord *known = record(node);
    const QString name = nodeName(node);
    switch (column) {
    case NameColumn: {
        if (!node.supervisor) {
            //: %1 is the worker's name, %2 its restart type (permanent, transient, temporary), %3 its supervisor
            return tr("%1: a worker (%2), a child of %3")
                .arg(name, nameOf(m_config.restartTypeOf(node.index)), nodeName({ true, parentOf(node) }));
        }
        const SupervisorConfig own = m_config.forSupervisor(node.index);
        const QLocale locale;
        //: Its restart intensity: %1 is the period in milliseconds
        const QString limit = own.maxRestarts < 0
            ? tr("no restart limit")
            : tr("gives up after %n restart(s) within %1 ms", nullptr, own.maxRestarts)
                  .arg(locale.toString(own.withinMs));
        if (node.index == 0) {
            //: %1 is its name, %2 its strategy (one_for_one...), %3 its restart limit
            return tr("%1: the root supervisor (%2, %3); when it gives up, the run ends")
                .arg(name, nameOf(own.strategy), limit);
        }
        //: %1 is its name, %2 its strategy (one_for_one...), %3 its restart limit, %4 its restart type
        //: (permanent...), %5 its parent
        return tr("%1: a supervisor (%2, %3), a %4 child of %5")
            .arg(name, nameOf(own.strategy), limit, nameOf(own.restartTypeOf(0)), nodeName({ true, parentOf(node) }));
    }
    case StateColumn: {
        const QLocale locale;
        //: %1 is its name, %2 its state
        QString text = tr("%1: %2").arg(name, stateText(node));
        if (known && known->state == StateColor::Waiting) {
            //: %1 is what the tooltip says so far, "worker 1: waiting to restart"
            text = tr("%1, after a delay of %2 ms").arg(text, locale.toString(known->restartDelayMs));
        }
        if (known && known->incarnation > 0)
            text += u'\n' + tr("incarnation %1").arg(locale.toString(known->incarnation));
        return text + u'\n' + tr("Right-click for what you can do to it by hand");
    }
    case RestartsColumn:
        //: %1 is its name
        if (!node.supervisor)
            return tr("%1 was restarted %n time(s)", nullptr, int(restarts(node))).arg(name);
        //: %1 is its name, %n how often its parent restarted it, %2 the restarts of its children it decided
        return tr("%1 was restarted %n time(s); it decided %2", nullptr, int(restarts(node)))
            .arg(name, tr("%n restart(s) of its children", nullptr, int(known ? known->childRestarts : 0)));
    case LastFailureColumn:
        if (!known || known->lastFailure.isEmpty())
            return node.supervisor ? tr("%1 has not given up").arg(name) : tr("%1 has not failed").arg(name);
        //: %1 is its name, %2 the run's time, %3 why
        return (node.supervisor ? tr("%1 last gave up at %2: %3") : tr("%1 last failed at %2: %3"))
            .arg(name, TimeAxis::formatTime(known->lastFailureUs, 1), known->lastFailure);
    default:
        return {};
    }
}

QVariant SupervisionTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const TreeChild node = nodeOfId(index.internalId());
    const NodeRecord *known = record(node);
    if (!known)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return nodeName(node);
        case StateColumn:
            return stateText(node);
        case RestartsColumn:
            return node.supervisor && node.index == 0 ? QVariant(u"—"_s) : QVariant(restarts(node));
        case LastFailureColumn:
            return known->lastFailure.isEmpty()
                ? QString()
                //: A last failure: %1 its reason, %2 the run's time
                : tr("%1 · %2").arg(known->lastFailure, TimeAxis::formatTime(known->lastFailureUs, kUsPerMs));
        default:
            return {};
        }
    case Qt::DecorationRole:
        if (index.column() != StateColumn || !known->state)
            return {};
        return StateColors::color(*known->state, QGuiApplication::palette()).toRgb();
    case Qt::FontRole:
        if (index.column() == NameColumn && node.supervisor) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ToolTipRole:
        return toolTip(node, index.column());
    case Qt::TextAlignmentRole:
        return index.column() == RestartsColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case IsSupervisorRole:
        return node.supervisor;
    case NodeIndexRole:
        return node.index;
    case StateRole:
        return known->state ? int(*known->state) : -1;
    case RestartsRole:
        return restarts(node);
    default:
        return {};
    }
}

QVariant SupervisionTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    static const char *const titles[] { QT_TR_NOOP("Name"), QT_TR_NOOP("State"), QT_TR_NOOP("Restarts"),
        QT_TR_NOOP("Last failure") };
    static const char *const tips[] { QT_TR_NOOP("The supervisors and workers of the run, as its tree nests them"),
        QT_TR_NOOP("What each one is doing now: running, stopping, waiting to restart, or how it last ended (a "
                   "supervisor that gave up stays so until its parent restarts it)"),
        QT_TR_NOOP("How often each one was restarted (a supervisor by its parent)"),
        QT_TR_NOOP("A worker's last failure, or a supervisor's last give-up, with its reason and time") };
    if (role == Qt::DisplayRole)
        return tr(titles[section]);
    if (role == Qt::ToolTipRole)
        return tr(tips[section]);
    return {};
}

} // namespace SupervisorLab
