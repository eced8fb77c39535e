#pragma once

#include "events/eventstore.h"
#include "events/lifecycleevent.h"

#include <QHash>
#include <QList>
#include <QStringList>

#include <array>
#include <atomic>
#include <mutex>

namespace SupervisorLab {

// The event log of one run: thread-safe appends from the supervisor and from every worker thread,
// lock-free reads by index, 32 bytes per event (strings are interned), and running counts.
class EventLog
{
public:
    // A restart's cause is stored in 15 bits and a mark: its worker or supervisor must be below this.
    static constexpr int kMaxCauseWorker = 0x7fff - 1;

    EventLog();
    EventLog(const EventLog &) = delete;
    EventLog &operator=(const EventLog &) = delete;

    // Records `event` at time max(nowUs, time of the last event) and returns that time. Any thread.
    qint64 record(const LifecycleEvent &event, qint64 nowUs);
    // Records two events one right after the other, at the same time, with nothing between them (a start that ended
    // the moment it began). Any thread.
    qint64 recordTogether(const LifecycleEvent &first, const LifecycleEvent &second, qint64 nowUs);
    // Appends an event with its own time, as read from a file; false if it is earlier than the last one.
    bool append(const LifecycleEvent &event);

    // Events ever recorded, including any discarded since.
    qsizetype size() const { return qsizetype(m_store.size()); }
    bool isEmpty() const { return size() == 0; }
    // The oldest event still held (0 unless a long run has discarded old events). Every index from here to
    // size() can be read.
    qsizetype firstIndex() const { return qsizetype(m_store.firstIndex()); }
    // Drops the oldest events, in whole blocks, keeping at least those from `index` on. Counts and the run's
    // header stay. Only the log's reader may call it, and no other thread may read events while it runs.
    void discardBefore(qsizetype index) { m_store.discardBefore(size_t(std::max<qsizetype>(index, 0))); }
    LifecycleEvent at(qsizetype index) const;
    // The event without its reason and without run_finished's counts: for readers that follow every event of a
    // flood and need its numbers and the run's parameters only. No lock and no text for a worker's event.
    LifecycleEvent withoutReasonAt(qsizetype index) const;
    qint64 timeAt(qsizetype index) const { return m_store.at(size_t(index)).tUs; }
    EventKind kindAt(qsizetype index) const { return EventKind(m_store.at(size_t(index)).kind); }
    // The events from `from` (or the oldest still held) up to `to` (or the end).
    QList<LifecycleEvent> events(qsizetype from = 0, qsizetype to = -1) const;

    RunHeader header() const;
    // Counts over the events recorded so far, by the rules of run_finished.
    RunCounts counts() const;
    qint64 count(EventKind kind) const { return m_kindCounts[size_t(kind)].load(std::memory_order_relaxed); }
    qint64 lastTimeUs() const { return m_store.lastTimeUs(); }
    size_t memoryBytes() const;

private:
    StoredEvent encode(const LifecycleEvent &event);
    quint32 intern(const QString &text);
    QString text(quint32 id) const;
    void noteRecorded(const LifecycleEvent &event);

    EventStore m_store;
    mutable std::mutex m_textMutex;
    QStringList m_texts;
    QHash<QString, quint32> m_textIds;
    RunHeader m_header; // guarded by m_textMutex
    RunCounts m_finishedCounts; // as run_finished said; guarded by m_textMutex
    std::array<std::atomic<qint64>, kEventKindCount> m_kindCounts {};
    std::atomic<qint64> m_restarts { 0 };
};

} // namespace SupervisorLab
