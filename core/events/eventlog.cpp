#include "events/eventlog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {
constexpr uint32_t kNoWorker = 0xffffffffu;
// A nested supervisor's restart_scheduled keeps the supervisor in the worker's place, marked by this bit.
constexpr uint32_t kSupervisorRestart = 0x80000000u;
// A cause that is a nested supervisor's exit keeps the supervisor in the cause's 16 bits, marked by this bit.
constexpr uint16_t kSupervisorCause = 0x8000u;

uint16_t storedCauseWorker(const RestartCause &cause)
{
    Q_ASSERT(cause.worker < EventLog::kMaxCauseWorker && cause.supervisor < EventLog::kMaxCauseWorker);
    if (cause.supervisor >= 0)
        return uint16_t(kSupervisorCause | uint16_t(cause.supervisor));
    return cause.isValid() ? uint16_t(cause.worker + 1) : 0;
}

constexpr size_t kBudgetNotSet = ~size_t(0);
std::atomic<size_t> g_defaultMemoryBudget { kBudgetNotSet };

RestartCause causeOf(const StoredEvent &stored, quint32 incarnation)
{
    if (stored.causeWorker & kSupervisorCause)
        return { -1, incarnation, int(stored.causeWorker & ~kSupervisorCause) };
    return { int(stored.causeWorker) - 1, incarnation };
}
} // namespace

EventLog::EventLog()
{
    m_texts.append(QString()); // id 0: no text
    m_textIds.insert(QString(), 0);
    m_store.setSpillDirectory(QFile::encodeName(QDir::tempPath()).toStdString());
    const size_t budget = g_defaultMemoryBudget.load(std::memory_order_relaxed);
    if (budget != kBudgetNotSet)
        setMemoryBudgetBytes(budget);
}

void EventLog::setDefaultMemoryBudgetBytes(size_t bytes)
{
    g_defaultMemoryBudget.store(bytes, std::memory_order_relaxed);
}

void EventLog::setSpillDirectory(const QString &directory)
{
    m_store.setSpillDirectory(QFile::encodeName(directory).toStdString());
}

void EventLog::setMemoryBudgetBytes(size_t bytes)
{
    const size_t blockBytes = EventStore::kBlockSize * sizeof(StoredEvent);
    m_store.setMemoryBudgetBlocks(bytes == 0 ? 0 : std::max<size_t>(2, bytes / blockBytes));
}

EventLog::Storage EventLog::storage() const
{
    const EventStore::Status status = m_store.status();
    Storage storage;
    storage.events = qint64(status.events);
    storage.inMemory = qint64(status.inMemory);
    storage.spilled = qint64(status.spilled);
    storage.dropped = qint64(status.dropped);
    storage.memoryBytes = qint64(memoryBytes());
    storage.diskBytes = qint64(status.diskBytes);
    storage.diskShort = status.diskShort;
    return storage;
}

QString EventLog::storageText(const Storage &storage)
{
    const QLocale locale;
    const auto number = [&locale](qint64 n) { return locale.toString(n); };
    const auto bytes = [&locale](qint64 n) { return locale.formattedDataSize(n, 1, QLocale::DataSizeIecFormat); };
    if (storage.diskShort) {
        return QCoreApplication::translate(
            "EventLog", "Disk short: keeping only the newest %1 events (%2 dropped); export is incomplete")
            .arg(number(storage.events - storage.dropped), number(storage.dropped));
    }
    QString text = QCoreApplication::translate("EventLog", "%1 events · %2 in memory (%3)")
                       .arg(number(storage.events), number(storage.inMemory), bytes(storage.memoryBytes));
    if (storage.spilled > 0)
        text += QCoreApplication::translate("EventLog", " · %1 on disk (%2)")
                    .arg(number(storage.spilled), bytes(storage.diskBytes));
    if (storage.dropped > 0)
        text += QCoreApplication::translate("EventLog", " · %1 dropped").arg(number(storage.dropped));
    return text;
}

quint32 EventLog::intern(const QString &text)
{
    if (text.isEmpty())
        return 0;
    std::lock_guard lock(m_textMutex);
    const auto it = m_textIds.constFind(text);
    if (it != m_textIds.cend())
        return *it;
    const auto id = quint32(m_texts.size());
    m_texts.append(text);
    m_textIds.insert(text, id);
    return id;
}

QString EventLog::text(quint32 id) const
{
    std::lock_guard lock(m_textMutex);
    return m_texts.value(qsizetype(id));
}

StoredEvent EventLog::encode(const LifecycleEvent &event)
{
    StoredEvent stored;
    stored.tUs = event.tUs;
    stored.kind = uint8_t(event.kind);
    stored.worker = event.has(FieldWorker) ? uint32_t(event.worker) : kNoWorker;
    if (event.has(FieldDependency)) // a dependency's event has no worker: its index takes the worker's place
        stored.worker = uint32_t(event.dependency);
    if (event.has(FieldSupervisor)) // and a supervisor's, its supervisor's
        stored.worker = uint32_t(event.supervisorIndex);
    if (event.kind == EventKind::RestartScheduled && event.worker < 0)
        stored.worker = kSupervisorRestart | uint32_t(event.supervisorIndex);
    switch (event.kind) {
    case EventKind::RestartScheduled:
        stored.number = event.delayMs;
        stored.incarnation = event.attempt;
        stored.causeWorker = storedCauseWorker(event.cause);
        stored.text = event.cause.incarnation;
        break;
    case EventKind::WorkerFailed:
        stored.incarnation = event.incarnation;
        stored.text = intern(event.reason);
        stored.detail = uint8_t(event.failure);
        stored.number = intern(event.output);
        break;
    case EventKind::WorkerStopping:
        stored.incarnation = event.incarnation;
        stored.text = intern(event.reason);
        stored.causeWorker = storedCauseWorker(event.cause);
        stored.number = event.cause.incarnation;
        break;
    case EventKind::ConfigChanged:
        stored.text = intern(event.key);
        stored.number = intern(event.value);
        if (event.worker >= 0) // one worker's own value
            stored.worker = uint32_t(event.worker);
        break;
    case EventKind::RunStarted: {
        std::lock_guard lock(m_textMutex);
        m_header = event.run;
        break;
    }
    case EventKind::RunFinished: {
        std::lock_guard lock(m_textMutex);
        m_finishedCounts = event.counts;
        break;
    }
    default:
        stored.incarnation = event.incarnation;
        stored.text = intern(event.reason);
        if (event.has(FieldOutput))
            stored.number = intern(event.output);
        break;
    }
    return stored;
}

void EventLog::noteRecorded(const LifecycleEvent &event)
{
    m_kindCounts[size_t(event.kind)].fetch_add(1, std::memory_order_relaxed);
    if (event.kind == EventKind::WorkerStarted && event.incarnation > 1)
        m_restarts.fetch_add(1, std::memory_order_relaxed);
}

qint64 EventLog::record(const LifecycleEvent &event, qint64 nowUs)
{
    const qint64 stamp = m_store.append(encode(event), nowUs);
    noteRecorded(event);
    return stamp;
}

qint64 EventLog::recordTogether(const LifecycleEvent &first, const LifecycleEvent &second, qint64 nowUs)
{
    const qint64 stamp = m_store.appendTogether(encode(first), encode(second), nowUs);
    noteRecorded(first);
    noteRecorded(second);
    return stamp;
}

bool EventLog::append(const LifecycleEvent &event)
{
    if (!m_store.appendStamped(encode(event)))
        return false;
    noteRecorded(event);
    return true;
}

LifecycleEvent EventLog::decode(const StoredEvent &stored) const
{
    LifecycleEvent event;
    event.tUs = stored.tUs;
    event.kind = EventKind(stored.kind);
    if (event.has(FieldDependency))
        event.dependency = int(stored.worker);
    else if (event.has(FieldSupervisor))
        event.supervisorIndex = int(stored.worker);
    else if (event.kind == EventKind::RestartScheduled && (stored.worker & kSupervisorRestart))
        event.supervisorIndex = int(stored.worker & ~kSupervisorRestart);
    else if (stored.worker != kNoWorker)
        event.worker = int(stored.worker);
    switch (event.kind) {
    case EventKind::RestartScheduled:
        event.delayMs = stored.number;
        event.attempt = stored.incarnation;
        event.cause = causeOf(stored, stored.text);
        break;
    case EventKind::WorkerFailed:
        event.incarnation = stored.incarnation;
        event.failure = FailureKind(stored.detail);
        break;
    case EventKind::WorkerStopping:
        event.incarnation = stored.incarnation;
        event.cause = causeOf(stored, quint32(stored.number));
        break;
    case EventKind::ConfigChanged:
        event.key = text(stored.text);
        event.value = text(quint32(stored.number));
        break;
    case EventKind::RunStarted:
        event.run = header();
        break;
    case EventKind::RunFinished:
        break;
    default:
        event.incarnation = stored.incarnation;
        break;
    }
    return event;
}

LifecycleEvent EventLog::withoutReasonAt(qsizetype index) const
{
    Q_ASSERT(index >= 0 && index < size());
    return decode(m_store.read(size_t(index)));
}

LifecycleEvent EventLog::at(qsizetype index) const
{
    Q_ASSERT(index >= 0 && index < size());
    const StoredEvent stored = m_store.read(size_t(index));
    LifecycleEvent event = decode(stored);
    if (event.kind == EventKind::RunFinished) {
        std::lock_guard lock(m_textMutex);
        event.counts = m_finishedCounts;
    } else if (event.has(FieldReason)) {
        event.reason = text(stored.text);
    }
    if (event.has(FieldOutput))
        event.output = text(quint32(stored.number));
    return event;
}

QList<LifecycleEvent> EventLog::events(qsizetype from, qsizetype to) const
{
    from = std::max(from, firstIndex());
    const qsizetype end = to < 0 ? size() : std::min(to, size());
    QList<LifecycleEvent> result;
    result.reserve(std::max<qsizetype>(0, end - from));
    for (qsizetype i = from; i < end; ++i)
        result.append(at(i));
    return result;
}

RunHeader EventLog::header() const
{
    std::lock_guard lock(m_textMutex);
    return m_header;
}

RunCounts EventLog::counts() const
{
    return RunCounts { m_restarts.load(std::memory_order_relaxed), count(EventKind::WorkerFailed),
        count(EventKind::WorkerCompleted) };
}

size_t EventLog::memoryBytes() const
{
    std::lock_guard lock(m_textMutex);
    size_t texts = 0;
    for (const QString &text : m_texts)
        texts += sizeof(QString) + size_t(text.size()) * sizeof(QChar);
    return m_store.memoryBytes() + texts;
}

} // namespace SupervisorLab
