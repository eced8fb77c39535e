#include "eventfiltermodel.h"

#include "eventlogmodel.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

constexpr QLatin1StringView kWorkerPrefix("worker:");
constexpr QLatin1StringView kEventPrefix("event:");
constexpr QLatin1StringView kSearchId("search");
constexpr QLatin1StringView kSupervisorId("supervisor");

} // namespace

EventFilterModel::EventFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // Appended rows are filtered as they arrive whatever this says; it matters for data changes, which a log
    // never has, and keeping it on costs nothing.
    setDynamicSortFilter(true);
}

void EventFilterModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    m_events = qobject_cast<EventLogModel *>(sourceModel);
    Q_ASSERT_X(!sourceModel || m_events, "EventFilterModel", "the source must be an EventLogModel");
    QSortFilterProxyModel::setSourceModel(sourceModel);
}

QList<int> EventFilterModel::workers() const
{
    return { m_workers.cbegin(), m_workers.cend() };
}

void EventFilterModel::setWorkers(const QList<int> &workers)
{
    const std::set<int> wanted(workers.cbegin(), workers.cend());
    if (wanted == m_workers)
        return;
    m_workers = wanted;
    refilter();
}

void EventFilterModel::addWorker(int worker)
{
    if (m_workers.insert(std::max(worker, kSupervisor)).second)
        refilter();
}

void EventFilterModel::removeWorker(int worker)
{
    if (m_workers.erase(std::max(worker, kSupervisor)) > 0)
        refilter();
}

void EventFilterModel::clearWorkers()
{
    if (m_workers.empty())
        return;
    m_workers.clear();
    refilter();
}

QList<EventKind> EventFilterModel::kinds() const
{
    QList<EventKind> result;
    for (int kind = 0; kind < kEventKindCount; ++kind) {
        if (hasKind(EventKind(kind)))
            result.append(EventKind(kind));
    }
    return result;
}

void EventFilterModel::setKinds(const QList<EventKind> &kinds)
{
    quint32 wanted = 0;
    for (const EventKind kind : kinds)
        wanted |= kindBit(kind);
    if (wanted == m_kinds)
        return;
    m_kinds = wanted;
    refilter();
}

void EventFilterModel::addKind(EventKind kind)
{
    if (hasKind(kind))
        return;
    m_kinds |= kindBit(kind);
    refilter();
}

void EventFilterModel::removeKind(EventKind kind)
{
    if (!hasKind(kind))
        return;
    m_kinds &= ~kindBit(kind);
    refilter();
}

void EventFilterModel::clearKinds()
{
    if (m_kinds == 0)
        return;
    m_kinds = 0;
    refilter();
}

void EventFilterModel::setSearchText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_search)
        return;
    m_search = trimmed;
    refilter();
}

QList<EventFilterModel::Filter> EventFilterModel::activeFilters() const
{
    QList<Filter> filters;
    for (const int worker : m_workers) {
        const QString id = kWorkerPrefix + (worker == kSupervisor ? kSupervisorId.toString() : QString::number(worker));
        filters.append({ id, EventLogModel::workerText(worker) });
    }
    //: A filter's chip: %1 is an event's name as the log writes it, "worker_failed"
    for (const EventKind kind : kinds())
        filters.append({ kEventPrefix + eventName(kind), tr("event: %1").arg(eventName(kind)) });
    //: A filter's chip: %1 is the text searched for
    if (!m_search.isEmpty())
        filters.append({ kSearchId.toString(), tr("search: %1").arg(m_search) });
    return filters;
}

bool EventFilterModel::removeFilter(const QString &id)
{
    if (id == kSearchId) {
        if (m_search.isEmpty())
            return false;
        setSearchText({});
        return true;
    }
    if (id.startsWith(kWorkerPrefix)) {
        const QStringView name = QStringView(id).mid(kWorkerPrefix.size());
        bool ok = name == kSupervisorId;
        const int worker = ok ? kSupervisor : name.toInt(&ok);
        if (!ok || worker < kSupervisor || !m_workers.contains(worker))
            return false;
        removeWorker(worker);
        return true;
    }
    if (id.startsWith(kEventPrefix)) {
        const auto kind = eventKindFromName(QStringView(id).mid(kEventPrefix.size()));
        if (!kind || !hasKind(*kind))
            return false;
        removeKind(*kind);
        return true;
    }
    return false;
}

void EventFilterModel::clearFilters()
{
    if (!hasFilters())
        return;
    m_workers.clear();
    m_kinds = 0;
    m_search.clear();
    refilter();
}

int EventFilterModel::mapFromEventIndex(qsizetype eventIndex) const
{
    const int row = m_events ? m_events->rowOf(eventIndex) : -1;
    return row < 0 ? -1 : mapFromSource(m_events->index(row, 0)).row();
}

qsizetype EventFilterModel::eventIndex(int proxyRow) const
{
    if (!m_events || proxyRow < 0 || proxyRow >= rowCount())
        return -1;
    return m_events->eventIndex(mapToSource(index(proxyRow, 0)).row());
}

int EventFilterModel::nearestRow(qsizetype eventIndex) const
{
    const int rows = rowCount();
    if (rows == 0)
        return -1;
    // The first row whose event comes after eventIndex; rows ascend because the proxy never sorts.
    int low = 0;
    int high = rows;
    while (low < high) {
        const int middle = low + (high - low) / 2;
        if (this->eventIndex(middle) <= eventIndex)
            low = middle + 1;
        else
            high = middle;
    }
    return low > 0 ? low - 1 : 0;
}

bool EventFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_events || !m_events->log() || sourceParent.isValid())
        return true;
    const EventLog &log = *m_events->log();
    const qsizetype eventIndex = m_events->eventIndex(sourceRow);
    // The kind is stored as is, so this test costs no decoding; the others need the whole event.
    if (m_kinds != 0 && !hasKind(log.kindAt(eventIndex)))
        return false;
    if (m_workers.empty() && m_search.isEmpty())
        return true;
    const LifecycleEvent event = log.at(eventIndex);
    if (!m_workers.empty() && !m_workers.contains(std::max(event.worker, kSupervisor)))
        return false;
    if (m_search.isEmpty())
        return true;
    return eventName(event.kind).contains(m_search, Qt::CaseInsensitive)
        || EventLogModel::workerText(event.worker).contains(m_search, Qt::CaseInsensitive)
        || EventLogModel::detailText(event).contains(m_search, Qt::CaseInsensitive);
}

void EventFilterModel::refilter()
{
    // Not invalidateRowsFilter(): it announces every run of rows that appears or goes as its own insertion or
    // removal, and each one shifts the whole mapping, so a filter that keeps every fourth event of 100k rows took
    // seconds (quadratic). A layout change rebuilds the mapping once, in linear time, and keeps the selection
    // wherever the selected row survives.
    invalidate();
    emit filtersChanged();
}

} // namespace SupervisorLab
