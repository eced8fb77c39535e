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
    // Every read below copies the event out of the store, in memory or spilled to disk (see EventStore); any thread.
    LifecycleEvent at(qsizetype index) const;
    // The event without its reason and without run_finished's counts: for readers that follow every event of a
    // flood and need its numbers and the run's parameters only. No lock and no text for a worker's event.
    LifecycleEvent withoutReasonAt(qsizetype index) const;
    qint64 timeAt(qsizetype index) const { return m_store.read(size_t(index)).tUs; }
    EventKind kindAt(qsizetype index) const { return EventKind(m_store.read(size_t(index)).kind); }
    // The events from `from` (or the oldest still held) up to `to` (or the end).
    QList<LifecycleEvent> events(qsizetype from = 0, qsizetype to = -1) const;

    RunHeader header() const;
    // Counts over the events recorded so far, by the rules of run_finished.
    RunCounts counts() const;
    qint64 count(EventKind kind) const { return m_kindCounts[size_t(kind)].load(std::memory_order_relaxed); }
    qint64 lastTimeUs() const { return m_store.lastTimeUs(); }
    size_t memoryBytes() const;

    // What the log keeps, for the window's status bar: a long run's older events are spilled to a temporary file
    // (see EventStore), so memory stays bounded while the whole run stays exportable.
    struct Storage
    {
        qint64 events = 0; // ever recorded
        qint64 inMemory = 0;
        qint64 spilled = 0; // read back from the spill file when asked for
        qint64 dropped = 0; // no longer held: discarded, or dropped because the disk ran short
        qint64 memoryBytes = 0; // the events' and the texts'
        qint64 diskBytes = 0;
        bool diskShort = false;
    };
    Storage storage() const;
    // One line for a status bar: "1 234 567 events · 1 048 576 in memory (34 MiB) · 186 991 on disk (2 MiB)"; when the
    // disk ran short: "Disk short: keeping only the newest 1 048 576 events (185 991 dropped); export is incomplete".
    static QString storageText(const Storage &storage);
    // At most `bytes` of events stay in memory (rounded to whole blocks of EventStore::kBlockSize events, at least
    // two); 0: everything stays in memory. Default: EventStore::kDefaultMemoryBudgetBlocks blocks.
    void setMemoryBudgetBytes(size_t bytes);
    // The budget new logs start with (EventStore::kDefaultMemoryBudgetBlocks blocks until set): for benchmarks,
    // tests and settings.
    static void setDefaultMemoryBudgetBytes(size_t bytes);
    // Where older events are spilled (default: QDir::tempPath()), and how large the file may grow (0: until the disk
    // keeps only EventStore::kDiskReserveBytes free). Before the first spill; for tests and settings.
    void setSpillDirectory(const QString &directory);
    void setSpillLimitBytes(qint64 bytes) { m_store.setSpillLimitBytes(quint64(std::max<qint64>(bytes, 0))); }

private:
    StoredEvent encode(const LifecycleEvent &event);
    LifecycleEvent decode(const StoredEvent &stored) const; // without its texts (reason, output) and counts
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
