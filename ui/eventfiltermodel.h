#pragma once

#include "events/lifecycleevent.h"

#include <QList>
#include <QPointer>
#include <QSortFilterProxyModel>

#include <set>

namespace SupervisorLab {

class EventLogModel;

// Filters the rows of an EventLogModel by worker, by event kind and by text. Rows keep the log's order (the
// proxy does not sort), so proxy rows ascend with event indexes. Rows that the source appends are filtered
// as they arrive; only a change of the filters looks at every row again.
class EventFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    static constexpr int kSupervisor = -1; // the "worker" of events that belong to no worker

    // One active filter as the user sees it: "worker 2", "event: worker_failed", "search: exception".
    struct Filter
    {
        QString id; // "worker:2", "worker:supervisor", "event:worker_failed", "search"
        QString label;
        friend bool operator==(const Filter &, const Filter &) = default;
    };

    explicit EventFilterModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *sourceModel) override;

    // An empty set of workers, or of kinds, lets every event through.
    QList<int> workers() const; // ascending, kSupervisor first
    void setWorkers(const QList<int> &workers);
    void addWorker(int worker);
    void removeWorker(int worker);
    void clearWorkers();

    QList<EventKind> kinds() const; // in the order of the vocabulary
    bool hasKind(EventKind kind) const { return m_kinds & kindBit(kind); }
    void setKinds(const QList<EventKind> &kinds);
    void addKind(EventKind kind);
    void removeKind(EventKind kind);
    void clearKinds();

    // Case-insensitive; matches the event name, the worker ("worker 2", "supervisor") and the detail text.
    QString searchText() const { return m_search; }
    void setSearchText(const QString &text); // surrounding spaces are ignored; empty clears the search

    QList<Filter> activeFilters() const;
    bool hasFilters() const { return !m_workers.empty() || m_kinds != 0 || !m_search.isEmpty(); }
    bool removeFilter(const QString &id); // false if no such filter is active
    void clearFilters();

    int mapFromEventIndex(qsizetype eventIndex) const; // the proxy row, or -1 if filtered out or unknown
    qsizetype eventIndex(int proxyRow) const; // -1 if there is no such row
    // The row of the last event shown at or before `eventIndex`, else the first one after it; -1 if none.
    int nearestRow(qsizetype eventIndex) const;

signals:
    void filtersChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    static quint32 kindBit(EventKind kind) { return quint32(1) << int(kind); }
    void refilter();

    QPointer<EventLogModel> m_events;
    std::set<int> m_workers;
    quint32 m_kinds = 0;
    QString m_search;
};

} // namespace SupervisorLab
