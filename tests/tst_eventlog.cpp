#include "events/eventlog.h"
#include "patience.h"

#include <QDir>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

LifecycleEvent withOutput(LifecycleEvent event, const QString &output)
{
    event.output = output;
    return event;
}

QList<LifecycleEvent> oneOfEachKind()
{
    QList<LifecycleEvent> events;
    events << LifecycleEvent::runStarted(RunHeader {
        u"1.2.3"_s, 9007199254740991ULL, QJsonObject { { u"workers"_s, 2 }, { u"strategy"_s, u"one-for-all"_s } } });
    events << LifecycleEvent::supervisor(EventKind::SupervisorStarted);
    events << LifecycleEvent::forWorker(EventKind::WorkerStarted, 1, 1);
    events << LifecycleEvent::forWorker(EventKind::WorkerReady, 1, 1);
    events << withOutput(LifecycleEvent::forWorker(EventKind::WorkerFailed, 1, 1, u"exception: disk \"full\", badly"_s),
        u"[4 earlier lines not kept]\n=cmd|' /C calc'!A0\n"_s);
    events << LifecycleEvent::restartScheduled(1, 1500, 3, { 1, 1 });
    events << LifecycleEvent::siblingStopping(1, 1, { 1023, 4'000'000'000U });
    events << LifecycleEvent::restartScheduled(0, 12, 1, { 1023, 4'000'000'000U });
    events << LifecycleEvent::circuit(EventKind::CircuitOpened, 1);
    events << LifecycleEvent::circuit(EventKind::CircuitHalfOpen, 1);
    events << LifecycleEvent::forWorker(EventKind::WorkerStarted, 1, 2);
    events << LifecycleEvent::circuit(EventKind::CircuitClosed, 1);
    events << withOutput(LifecycleEvent::forWorker(EventKind::WorkerCompleted, 1, 2), u"done, \"fine\" — ✓\n"_s);
    events << LifecycleEvent::configChanged(u"failure_rate"_s, u"0.25"_s);
    events << LifecycleEvent::forWorker(EventKind::WorkerStarted, 0, 1);
    events << LifecycleEvent::supervisor(EventKind::SupervisorStopping);
    events << LifecycleEvent::forWorker(EventKind::WorkerStopping, 0, 1, u"shutdown"_s);
    events << withOutput(LifecycleEvent::forWorker(EventKind::WorkerAbandoned, 0, 1), u"busy\n"_s);
    events << withOutput(LifecycleEvent::forWorker(EventKind::WorkerStopped, 0, 1), u"busy\n"_s);
    events << LifecycleEvent::supervisor(EventKind::SupervisorGaveUp, u"restart intensity exceeded"_s);
    events << LifecycleEvent::supervisor(EventKind::SupervisorStopped);
    events << LifecycleEvent::runFinished(RunCounts { 1, 1, 1 });
    return events;
}

class RecordingThread : public QThread
{
public:
    RecordingThread(EventLog &log, int worker, int count)
        : m_log(log)
        , m_worker(worker)
        , m_count(count)
    {
    }

private:
    void run() override
    {
        for (int i = 1; i <= m_count; ++i)
            m_log.record(LifecycleEvent::forWorker(EventKind::WorkerStarted, m_worker, quint32(i)), i);
    }

    EventLog &m_log;
    int m_worker;
    int m_count;
};

} // namespace

class TestEventLog : public QObject
{
    Q_OBJECT

private slots:
    void everyKindReadsBackAsRecorded();
    void failureKindsReadBackWithoutTheirReason();
    void stampsNeverGoBack();
    void appendKeepsItsTimesAndRefusesEarlierOnes();
    void countsFollowTheRunFinishedRules();
    void storesThirtyTwoBytesPerEvent();
    void recordsFromManyThreads();
    void discardingKeepsTheLatestEventsAndEveryCount();
    void spilledEventsReadBackAsRecorded();
    void spillingKeepsMemoryWithinTheBudget();
    void theSpillFileLeavesNoNameBehind();
    void readersFollowWritersWhileBlocksSpill();
    void aShortDiskDropsTheOldestEventsAndSaysSo();
    void discardingSpilledEventsGivesTheDiskBack();
    void everyKindHasAUniqueName();
};

// A failure's kind is stored with the event: readers that skip the reason text still know it.
void TestEventLog::failureKindsReadBackWithoutTheirReason()
{
    EventLog log;
    log.record(LifecycleEvent::workerFailed(0, 1, FailureKind::Hang), 1);
    log.record(LifecycleEvent::workerFailed(1, 1, FailureKind::Exception, u"boom"_s), 2);
    log.record(LifecycleEvent::workerFailed(2, 1, FailureKind::Error), 3);
    log.record(LifecycleEvent::workerFailed(3, 1, FailureKind::ExitStatus, u"3"_s), 4);
    log.record(LifecycleEvent::workerFailed(4, 1, FailureKind::Signal, u"11 (SIGSEGV)"_s), 5);
    log.record(LifecycleEvent::workerFailed(5, 1, FailureKind::CannotStart, u"./x: No such file"_s), 6);
    QCOMPARE(log.withoutReasonAt(0).failure, FailureKind::Hang);
    QCOMPARE(log.withoutReasonAt(1).failure, FailureKind::Exception);
    QCOMPARE(log.withoutReasonAt(2).failure, FailureKind::Error);
    QCOMPARE(log.withoutReasonAt(3).failure, FailureKind::ExitStatus);
    QCOMPARE(log.withoutReasonAt(4).failure, FailureKind::Signal);
    QCOMPARE(log.withoutReasonAt(5).failure, FailureKind::CannotStart);
    QCOMPARE(log.at(3).reason, u"exit 3"_s);
    QCOMPARE(log.at(4).reason, u"signal 11 (SIGSEGV)"_s);
    QCOMPARE(log.at(5).reason, u"cannot start: ./x: No such file"_s);
    QCOMPARE(log.at(1).reason, u"exception: boom"_s);
    QCOMPARE(log.withoutReasonAt(1).reason, QString());
}

void TestEventLog::everyKindReadsBackAsRecorded()
{
    EventLog log;
    const QList<LifecycleEvent> events = oneOfEachKind();
    for (qsizetype i = 0; i < events.size(); ++i)
        QCOMPARE(log.record(events.at(i), i * 10), i * 10);
    QCOMPARE(log.size(), events.size());
    for (qsizetype i = 0; i < events.size(); ++i) {
        LifecycleEvent expected = events.at(i);
        expected.tUs = i * 10;
        QCOMPARE(log.at(i), expected);
        QCOMPARE(log.timeAt(i), i * 10);
        QCOMPARE(log.kindAt(i), expected.kind);
        // Without its reason, its output and final counts, and with every other field.
        expected.reason.clear();
        expected.output.clear();
        expected.counts = {};
        QCOMPARE(log.withoutReasonAt(i), expected);
    }
    QCOMPARE(log.header(), events.first().run);
    QCOMPARE(log.events(2, 4), (QList<LifecycleEvent> { log.at(2), log.at(3) }));
}

void TestEventLog::stampsNeverGoBack()
{
    EventLog log;
    QCOMPARE(log.record(LifecycleEvent::supervisor(EventKind::SupervisorStarted), 500), 500);
    // A thread that read the clock a little earlier but records later still gets a time that does not go back.
    QCOMPARE(log.record(LifecycleEvent::forWorker(EventKind::WorkerStarted, 0, 1), 480), 500);
    QCOMPARE(log.record(LifecycleEvent::forWorker(EventKind::WorkerFailed, 0, 1, u"error"_s), 900), 900);
    QCOMPARE(log.lastTimeUs(), 900);
}

void TestEventLog::appendKeepsItsTimesAndRefusesEarlierOnes()
{
    EventLog log;
    LifecycleEvent event = LifecycleEvent::supervisor(EventKind::SupervisorStarted);
    event.tUs = 1'000;
    QVERIFY(log.append(event));
    event.tUs = 999;
    QVERIFY(!log.append(event));
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.count(EventKind::SupervisorStarted), 1);
}

void TestEventLog::countsFollowTheRunFinishedRules()
{
    EventLog log;
    for (const LifecycleEvent &event : oneOfEachKind())
        log.record(event, 0);
    QCOMPARE(log.counts(), (RunCounts { 1, 1, 1 })); // one start with incarnation > 1
    QCOMPARE(log.count(EventKind::WorkerStarted), 3);
    QCOMPARE(log.count(EventKind::RunFinished), 1);
}

void TestEventLog::storesThirtyTwoBytesPerEvent()
{
    EventLog log;
    const int count = 12 * int(EventStore::kBlockSize); // whole blocks: no slack at the end
    for (int i = 0; i < count; ++i)
        log.record(LifecycleEvent::forWorker(EventKind::WorkerFailed, i % 8, quint32(i), u"exception: disk full"_s), i);
    const double perEvent = double(log.memoryBytes()) / count;
    QVERIFY2(perEvent <= 32.1, qPrintable(QString::number(perEvent))); // 32 bytes + the block directory
    QCOMPARE(log.at(count - 1).reason, u"exception: disk full"_s);
}

void TestEventLog::recordsFromManyThreads()
{
    EventLog log;
    const int perThread = 20'000;
    std::vector<std::unique_ptr<RecordingThread>> threads;
    for (int worker = 0; worker < 4; ++worker)
        threads.push_back(std::make_unique<RecordingThread>(log, worker, perThread));
    for (auto &thread : threads)
        thread->start();
    for (auto &thread : threads)
        QVERIFY(thread->wait(kPatienceMs));

    QCOMPARE(log.size(), 4 * perThread);
    QList<quint32> next(4, 1);
    qint64 previousUs = 0;
    for (qsizetype i = 0; i < log.size(); ++i) {
        const LifecycleEvent event = log.at(i);
        QVERIFY(event.tUs >= previousUs);
        previousUs = event.tUs;
        QCOMPARE(event.incarnation, next[event.worker]++); // each thread's events stay in its order
    }
    QCOMPARE(log.counts().restarts, 4 * (perThread - 1));
}

void TestEventLog::everyKindHasAUniqueName()
{
    QSet<QString> names;
    for (int kind = 0; kind < kEventKindCount; ++kind) {
        const QString name = eventName(EventKind(kind));
        QCOMPARE(eventKindFromName(name), std::optional<EventKind>(EventKind(kind)));
        names.insert(name);
    }
    QCOMPARE(names.size(), kEventKindCount);
    QCOMPARE(eventKindFromName(u"worker_exploded"), std::nullopt);
}

void TestEventLog::discardingKeepsTheLatestEventsAndEveryCount()
{
    EventLog log;
    const auto block = qsizetype(EventStore::kBlockSize);
    log.record(LifecycleEvent::runStarted(RunHeader { u"1.0.0"_s, 7, QJsonObject { { u"workers"_s, 2 } } }), 0);
    const qsizetype events = 5 * block + 100;
    for (qsizetype i = 1; i < events; ++i) {
        const bool failed = i % 2 == 0;
        log.record(LifecycleEvent::forWorker(failed ? EventKind::WorkerFailed : EventKind::WorkerStarted, 0,
                       quint32(i / 2 + 1), failed ? u"error"_s : QString()),
            i);
    }
    const RunCounts counts = log.counts();
    const size_t bytesBefore = log.memoryBytes();

    log.discardBefore(3 * block + 10); // whole blocks go: the one holding event 3 * block + 10 stays
    QCOMPARE(log.firstIndex(), 3 * block);
    QCOMPARE(log.size(), events);
    QCOMPARE(log.memoryBytes(), bytesBefore - 3 * EventStore::kBlockSize * sizeof(StoredEvent));
    QCOMPARE(log.timeAt(3 * block), 3 * block);
    QCOMPARE(log.at(3 * block + 2).reason, u"error"_s);
    const QList<LifecycleEvent> held = log.events();
    QCOMPARE(held.size(), events - 3 * block);
    QCOMPARE(held.first().tUs, 3 * block);
    QCOMPARE(log.counts(), counts);
    QCOMPARE(log.count(EventKind::RunStarted), 1);
    QCOMPARE(log.header().seed, quint64(7));

    log.discardBefore(events * 2); // never the newest block: recording goes on in it
    QCOMPARE(log.firstIndex(), 5 * block);
    log.record(LifecycleEvent::forWorker(EventKind::WorkerStarted, 1, 1), events);
    QCOMPARE(log.size(), events + 1);
    QCOMPARE(log.at(events).worker, 1);
    log.discardBefore(0); // never brings anything back, never moves back
    QCOMPARE(log.firstIndex(), 5 * block);
}

namespace {
constexpr size_t kBlockBytes = EventStore::kBlockSize * sizeof(StoredEvent);

// Events of every kind with fields drawn from a fixed seed: large and negative differences, texts old and new.
QList<LifecycleEvent> variedEvents(qsizetype count)
{
    QRandomGenerator random(20261207);
    const QList<LifecycleEvent> kinds = oneOfEachKind();
    QList<LifecycleEvent> events;
    qint64 tUs = 0;
    for (qsizetype i = 0; i < count; ++i) {
        LifecycleEvent event = kinds.at(1 + random.bounded(int(kinds.size()) - 2)); // no run_started, run_finished
        tUs += random.bounded(3) == 0 ? qint64(random.bounded(1 << 30)) * 1000 : random.bounded(50);
        event.tUs = tUs;
        if (event.worker >= 0)
            event.worker = random.bounded(5000);
        if (event.has(FieldIncarnation))
            event.incarnation = random.generate();
        if (event.kind == EventKind::RestartScheduled) {
            event.delayMs = qint64(random.generate64() >> 2);
            event.attempt = random.generate();
        }
        if (event.kind == EventKind::WorkerFailed)
            event.reason = u"exception: %1"_s.arg(random.bounded(100));
        events << event;
    }
    return events;
}
} // namespace

void TestEventLog::spilledEventsReadBackAsRecorded()
{
    QTemporaryDir spill;
    QVERIFY(spill.isValid());
    EventLog log;
    log.setSpillDirectory(spill.path());
    log.setMemoryBudgetBytes(2 * kBlockBytes);
    const QList<LifecycleEvent> events = variedEvents(7 * qsizetype(EventStore::kBlockSize) + 123);
    for (const LifecycleEvent &event : events)
        QVERIFY(log.append(event));

    const EventLog::Storage storage = log.storage();
    QCOMPARE(storage.events, events.size());
    QCOMPARE(storage.spilled, 6 * qsizetype(EventStore::kBlockSize)); // 8 blocks, the newest 2 in memory
    QCOMPARE(storage.inMemory, qsizetype(EventStore::kBlockSize) + 123);
    QCOMPARE(storage.dropped, 0);
    QVERIFY(!storage.diskShort);
    QVERIFY(storage.diskBytes > 0);
    QVERIFY2(storage.diskBytes < storage.spilled * qint64(sizeof(StoredEvent)), // smaller, even drawn at random
        qPrintable(QString::number(storage.diskBytes)));
    QCOMPARE(log.firstIndex(), 0);
    // Forwards, backwards and at random: through the cache of spilled blocks, in and out of it.
    for (qsizetype i = 0; i < events.size(); ++i)
        QCOMPARE(log.at(i), events.at(i));
    for (qsizetype i = events.size() - 1; i >= 0; i -= 997)
        QCOMPARE(log.at(i), events.at(i));
    QRandomGenerator random(7);
    for (int n = 0; n < 2000; ++n) {
        const auto i = qsizetype(random.bounded(int(events.size())));
        QCOMPARE(log.at(i), events.at(i));
        QCOMPARE(log.timeAt(i), events.at(i).tUs);
        QCOMPARE(log.kindAt(i), events.at(i).kind);
    }
    QCOMPARE(log.events(), events);
    QVERIFY(EventLog::storageText(log.storage()).contains(u"on disk"_s));
}

void TestEventLog::spillingKeepsMemoryWithinTheBudget()
{
    QTemporaryDir spill;
    EventLog log;
    log.setSpillDirectory(spill.path());
    log.setMemoryBudgetBytes(4 * kBlockBytes);
    const qsizetype events = 40 * qsizetype(EventStore::kBlockSize);
    for (qsizetype i = 0; i < events; ++i)
        log.record(LifecycleEvent::forWorker(EventKind::WorkerFailed, int(i % 64), quint32(i / 64), u"error"_s), i);
    log.at(0); // a spilled block read back takes a place in the cache
    const EventLog::Storage storage = log.storage();
    QCOMPARE(storage.inMemory, 4 * qsizetype(EventStore::kBlockSize));
    QCOMPARE(storage.spilled, events - storage.inMemory);
    // A flood's events pack into a few bytes each: times, workers and incarnations move by small steps.
    QVERIFY2(storage.diskBytes < storage.spilled * 10, qPrintable(QString::number(storage.diskBytes)));
    // The budget's blocks, at most four read back, and the small tables: not the 40 blocks recorded.
    QVERIFY2(log.memoryBytes() < 9 * kBlockBytes, qPrintable(QString::number(log.memoryBytes())));
    QCOMPARE(log.at(events - 1).incarnation, quint32((events - 1) / 64));
    QCOMPARE(log.at(5).reason, u"error"_s);
}

void TestEventLog::theSpillFileLeavesNoNameBehind()
{
    QTemporaryDir spill;
    {
        EventLog log;
        log.setSpillDirectory(spill.path());
        log.setMemoryBudgetBytes(2 * kBlockBytes);
        for (qsizetype i = 0; i < 4 * qsizetype(EventStore::kBlockSize); ++i)
            log.record(LifecycleEvent::forWorker(EventKind::WorkerStarted, 0, quint32(i + 1)), i);
        QVERIFY(log.storage().diskBytes > 0);
        // Unlinked as soon as it was made: a crash leaves nothing, and nothing else can open it.
        QVERIFY(QDir(spill.path()).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot));
        QCOMPARE(log.at(0).incarnation, 1u);
    }
    QVERIFY(QDir(spill.path()).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot));
}

void TestEventLog::readersFollowWritersWhileBlocksSpill()
{
    // A reader on this thread follows four recording threads while old blocks leave memory under it: every event it
    // reads is whole and in its writer's order. (The same under ThreadSanitizer: tests/tsan.)
    QTemporaryDir spill;
    EventLog log;
    log.setSpillDirectory(spill.path());
    log.setMemoryBudgetBytes(2 * kBlockBytes);
    const int perThread = 3 * int(EventStore::kBlockSize);
    std::vector<std::unique_ptr<RecordingThread>> threads;
    for (int worker = 0; worker < 4; ++worker)
        threads.push_back(std::make_unique<RecordingThread>(log, worker, perThread));
    for (auto &thread : threads)
        thread->start();
    QList<quint32> next(4, 1);
    qsizetype read = 0;
    while (read < 4 * perThread) {
        const qsizetype size = log.size();
        for (; read < size; ++read) {
            const LifecycleEvent event = log.at(read);
            QVERIFY(event.worker >= 0 && event.worker < 4);
            QCOMPARE(event.incarnation, next[event.worker]++);
            if (read > 1000)
                QCOMPARE(log.at(read - 1000).kind, EventKind::WorkerStarted); // often from a spilled block
        }
        QThread::yieldCurrentThread();
    }
    for (auto &thread : threads)
        QVERIFY(thread->wait(kPatienceMs));
    QVERIFY(log.storage().spilled > 0);
}

void TestEventLog::aShortDiskDropsTheOldestEventsAndSaysSo()
{
    QTemporaryDir spill;
    EventLog log;
    log.setSpillDirectory(spill.path());
    log.setMemoryBudgetBytes(2 * kBlockBytes);
    log.setSpillLimitBytes(qint64(kBlockBytes) / 16); // less than one block, as the codec packs them
    const qsizetype events = 10 * qsizetype(EventStore::kBlockSize) + 5;
    for (qsizetype i = 0; i < events; ++i)
        log.record(LifecycleEvent::forWorker(EventKind::WorkerFailed, int(i % 3), quint32(i), u"error"_s), i);

    const EventLog::Storage storage = log.storage();
    QVERIFY(storage.diskShort);
    QCOMPARE(storage.events, events); // recording never stopped, and every count goes on
    QCOMPARE(log.count(EventKind::WorkerFailed), events);
    QCOMPARE(storage.spilled, 0); // the file went with the oldest events
    QCOMPARE(storage.diskBytes, 0);
    QCOMPARE(storage.inMemory, events - 9 * qsizetype(EventStore::kBlockSize));
    QCOMPARE(storage.dropped, log.firstIndex());
    QCOMPARE(log.firstIndex(), 9 * qsizetype(EventStore::kBlockSize));
    for (qsizetype i = log.firstIndex(); i < events; ++i)
        QCOMPARE(log.at(i).incarnation, quint32(i));
    QCOMPARE(log.timeAt(0), 0); // no longer held: a blank event, never a crash
    QCOMPARE(log.kindAt(0), EventKind::RunStarted);
    const QString text = EventLog::storageText(storage);
    QVERIFY2(text.startsWith(u"Disk short: keeping only the newest"_s), qPrintable(text));
}

void TestEventLog::discardingSpilledEventsGivesTheDiskBack()
{
    QTemporaryDir spill;
    EventLog log;
    log.setSpillDirectory(spill.path());
    log.setMemoryBudgetBytes(2 * kBlockBytes);
    const qsizetype events = 6 * qsizetype(EventStore::kBlockSize);
    for (qsizetype i = 0; i < events; ++i)
        log.record(LifecycleEvent::forWorker(EventKind::WorkerStarted, 0, quint32(i + 1)), i);
    QVERIFY(log.storage().diskBytes > 0);
    log.discardBefore(2 * qsizetype(EventStore::kBlockSize));
    QVERIFY(log.storage().diskBytes > 0); // two spilled blocks are still held
    QCOMPARE(log.at(2 * qsizetype(EventStore::kBlockSize)).incarnation, quint32(2 * EventStore::kBlockSize + 1));
    log.discardBefore(events);
    const EventLog::Storage storage = log.storage();
    QCOMPARE(storage.diskBytes, 0);
    QCOMPARE(storage.spilled, 0);
    QCOMPARE(storage.dropped, 5 * qsizetype(EventStore::kBlockSize));
    QVERIFY(!storage.diskShort);
}

QTEST_GUILESS_MAIN(TestEventLog)
#include "tst_eventlog.moc"
