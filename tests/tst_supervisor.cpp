#include "analysis/loginvariants.h"
#include "io/jsonlineswriter.h"
#include "patience.h"
#include "runtime/supervisor.h"
#include "runtime/virtualruntime.h"
#include "testsettings.h"
#include "world/workerplan.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <functional>
#include <map>
#include <mutex>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

SupervisorConfig configWith(const QStringList &settings)
{
    return withSettings(SupervisorConfig(), QStringList { u"duration=0"_s } + settings); // until stopped
}

int threadsInProcess()
{
    return int(QDir(u"/proc/self/task"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
}

qsizetype countOf(const EventLog &log, EventKind kind, const QString &reason = {})
{
    qsizetype count = 0;
    for (const LifecycleEvent &event : log.events())
        count += event.kind == kind && (reason.isEmpty() || event.reason == reason);
    return count;
}

// Waits, on the supervisor's own deliveries, until `done` holds.
bool waitUntil(Supervisor &supervisor, const std::function<bool()> &done, int timeoutMs = kPatienceMs)
{
    QSignalSpy deliveries(&supervisor, &Supervisor::eventsAvailable);
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        deliveries.wait(int(std::max<qint64>(1, deadline.remainingTime())));
    }
    return true;
}

bool stopAndWait(Supervisor &supervisor)
{
    QSignalSpy finished(&supervisor, &Supervisor::finished);
    supervisor.stop();
    return supervisor.isFinished() || finished.wait(kPatienceMs);
}

} // namespace

class TestSupervisor : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void restartsAFailingWorkerOnItsOwnThreads();
    void signalsFollowTheLogInOrder();
    void oneForAllStopsAndRestartsTheSiblings();
    void hungWorkerIsCaughtByTheHeartbeat();
    void stopIsBoundedByTheShutdownTimeoutWithHungWorkers();
    void destroyingARunningSupervisorStopsIt();
    void liveChangesActOnTheRunningSystem();
    void badLiveValuesAreRejected();
    void runEndsAtItsDuration();
    void aStepRunsToTheNextEventAndPausesAgain();
    void theEntryHookRunsFirstOnEachIncarnationsThread();
    void deliveriesAreLimitedToOnePerInterval();
    void aLongRunKeepsOnlyItsLatestEvents();
    void aRunStopsWhereItsLogReachesTheEventLimit();
    void aDependencyTakenDownByHandFailsItsDependents();
    void bothRuntimesLiveInTheSameWorld();
    void bothRuntimesDecideATreeAlike();

private:
    int m_baselineThreads = 0;
};

void TestSupervisor::initTestCase()
{
    m_baselineThreads = threadsInProcess();
}

void TestSupervisor::restartsAFailingWorkerOnItsOwnThreads()
{
    Supervisor supervisor(configWith({ u"failure_rate=1"_s, u"work_min=5"_s, u"work_max=10"_s, u"delay=10"_s }));
    supervisor.start();
    QVERIFY(waitUntil(supervisor, [&] { return supervisor.log()->count(EventKind::WorkerStarted) >= 5; }));
    QVERIFY(supervisor.threadCount() >= 2); // its own thread and at least one worker thread
    QVERIFY(threadsInProcess() > m_baselineThreads);
    QVERIFY(stopAndWait(supervisor));

    const EventLog &log = *supervisor.log();
    QVERIFY2(LogInvariants::check(log).isEmpty(), qPrintable(LogInvariants::check(log).join(u"; "_s)));
    QVERIFY(log.count(EventKind::WorkerFailed) >= 4);
    QCOMPARE(log.at(log.size() - 1).kind, EventKind::RunFinished);
    QCOMPARE(supervisor.threadCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(threadsInProcess(), m_baselineThreads, kPatienceMs); // no thread left running
}

void TestSupervisor::signalsFollowTheLogInOrder()
{
    Supervisor supervisor(configWith({ u"workers=3"_s, u"failure_rate=0.5"_s, u"work_min=0"_s, u"work_max=3"_s,
        u"delay=0"_s, u"failure_mode=exception"_s }));
    QSignalSpy perEvent(&supervisor, &Supervisor::eventRecorded);
    QSignalSpy notices(&supervisor, &Supervisor::eventsAvailable);
    supervisor.start();
    QVERIFY(waitUntil(supervisor, [&] { return supervisor.log()->count(EventKind::WorkerStarted) >= 200; }));
    QVERIFY(stopAndWait(supervisor));

    const QList<LifecycleEvent> logged = supervisor.log()->events();
    QCOMPARE(perEvent.size(), logged.size());
    QVERIFY(notices.size() < logged.size()); // deliveries coalesce
    qsizetype deliveredSoFar = 0;
    for (const QList<QVariant> &arguments : std::as_const(notices)) {
        const qsizetype logSize = arguments.at(0).value<qsizetype>();
        QVERIFY(logSize > deliveredSoFar); // each delivery brings new events, never the same again
        deliveredSoFar = logSize;
    }
    QCOMPARE(deliveredSoFar, logged.size());
    for (qsizetype i = 0; i < logged.size(); ++i)
        QCOMPARE(perEvent.at(i).at(0).value<LifecycleEvent>(), logged.at(i));
    // Exceptions thrown inside workers come back as failures with their message.
    QVERIFY(countOf(*supervisor.log(), EventKind::WorkerFailed) > 0);
    for (const LifecycleEvent &event : logged) {
        if (event.kind == EventKind::WorkerFailed)
            QVERIFY2(event.reason.startsWith(u"exception: "_s) && event.reason.size() > 11, qPrintable(event.reason));
    }
    QVERIFY2(LogInvariants::check(*supervisor.log()).isEmpty(),
        qPrintable(LogInvariants::check(*supervisor.log()).join(u"; "_s)));
}

void TestSupervisor::oneForAllStopsAndRestartsTheSiblings()
{
    Supervisor supervisor(configWith({ u"workers=3"_s, u"strategy=one-for-all"_s, u"failure_rate=0"_s,
        u"work_min=60000"_s, u"work_max=60000"_s, u"delay=50"_s }));
    supervisor.start();
    QVERIFY(waitUntil(supervisor, [&] { return supervisor.log()->count(EventKind::WorkerStarted) == 3; }));
    const qsizetype before = supervisor.log()->size();
    supervisor.failWorker(1);
    QVERIFY(waitUntil(supervisor, [&] { return supervisor.log()->count(EventKind::WorkerStarted) == 6; }));

    const EventLog &log = *supervisor.log();
    QStringList cascade;
    for (const LifecycleEvent &event : log.events(before)) {
        cascade << u"%1 %2#%3%4"_s.arg(eventName(event.kind))
                       .arg(event.worker)
                       .arg(event.incarnation)
                       .arg(event.reason.isEmpty() ? QString() : u' ' + event.reason);
    }
    // OTP's order, on real threads: the group is scheduled, then the siblings are stopped in reverse start order,
    // each asked only once the one before has stopped, then the group starts in start order.
    QCOMPARE(cascade,
        (QStringList { u"worker_failed 1#1 error"_s, u"restart_scheduled 0#0"_s, u"restart_scheduled 1#0"_s,
            u"restart_scheduled 2#0"_s, u"worker_stopping 2#1 sibling_failed"_s, u"worker_stopped 2#1"_s,
            u"worker_stopping 0#1 sibling_failed"_s, u"worker_stopped 0#1"_s, u"worker_started 0#2"_s,
            u"worker_started 1#2"_s, u"worker_started 2#2"_s }));
    QVERIFY(stopAndWait(supervisor));
    QVERIFY2(LogInvariants::check(log).isEmpty(), qPrintable(LogInvariants::check(log).join(u"; "_s)));
}

void TestSupervisor::hungWorkerIsCaughtByTheHeartbeat()
{
    Supervisor supervisor(configWith({ u"workers=2"_s, u"failure_rate=1"_s, u"failure_mode=hang"_s, u"work_min=0"_s,
        u"work_max=0"_s, u"heartbeat_timeout=150"_s, u"delay=60000"_s }));
    supervisor.start();
    QVERIFY(waitUntil(
        supervisor, [&] { return countOf(*supervisor.log(), EventKind::WorkerFailed, u"heartbeat_timeout"_s) == 2; }));
    QVERIFY(stopAndWait(supervisor));
    const EventLog &log = *supervisor.log();
    QVERIFY2(LogInvariants::check(log).isEmpty(), qPrintable(LogInvariants::check(log).join(u"; "_s)));
    for (const LifecycleEvent &event : log.events()) {
        if (event.kind == EventKind::WorkerFailed)
            QVERIFY(event.tUs >= 150'000); // silent for the whole timeout before being declared hung
    }
    QCOMPARE(log.count(EventKind::WorkerStarted), 2); // the restarts, 60 s away, were cancelled by the stop
    QTRY_COMPARE_WITH_TIMEOUT(threadsInProcess(), m_baselineThreads, kPatienceMs); // hung threads were reclaimed
}

void TestSupervisor::stopIsBoundedByTheShutdownTimeoutWithHungWorkers()
{
    Supervisor supervisor(configWith({ u"workers=3"_s, u"failure_rate=1"_s, u"failure_mode=hang"_s, u"work_min=0"_s,
        u"work_max=0"_s, u"heartbeat_timeout=0"_s, u"shutdown_timeout=300"_s }));
    supervisor.start();
    QVERIFY(waitUntil(supervisor, [&] { return supervisor.log()->count(EventKind::WorkerStarted) == 3; }));
    QVERIFY(stopAndWait(supervisor));

    const EventLog &log = *supervisor.log();
    QVERIFY2(LogInvariants::check(log).isEmpty(), qPrintable(LogInvariants::check(log).join(u"; "_s)));
    QCOMPARE(log.count(EventKind::WorkerAbandoned), 3);
    QCOMPARE(log.count(EventKind::WorkerStopped), 0);
    QHash<int, qint64> askedUs;
    for (const LifecycleEvent &event : log.events()) {
        if (event.kind == EventKind::WorkerStopping)
            askedUs.insert(event.worker, event.tUs);
        if (event.kind == EventKind::WorkerAbandoned)
            QVERIFY(event.tUs - askedUs.value(event.worker) >= 300'000);
    }
    QCOMPARE(supervisor.threadCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(threadsInProcess(), m_baselineThreads, kPatienceMs);
}

void TestSupervisor::destroyingARunningSupervisorStopsIt()
{
    std::shared_ptr<const EventLog> log;
    {
        Supervisor supervisor(configWith({ u"workers=4"_s, u"failure_rate=0.5"_s, u"failure_mode=mixed"_s,
            u"work_min=0"_s, u"work_max=20"_s, u"delay=5"_s, u"heartbeat_timeout=100"_s, u"shutdown_timeout=200"_s }));
        supervisor.start();
        QVERIFY(waitUntil(supervisor, [&] { return supervisor.log()->count(EventKind::WorkerStarted) >= 20; }));
        log = supervisor.log();
    }
    QCOMPARE(log->at(log->size() - 1).kind, EventKind::RunFinished);
    QVERIFY2(LogInvariants::check(*log).isEmpty(), qPrintable(LogInvariants::check(*log).join(u"; "_s)));
    QTRY_COMPARE_WITH_TIMEOUT(threadsInProcess(), m_baselineThreads, kPatienceMs);
}

void TestSupervisor::liveChangesActOnTheRunningSystem()
{
    Supervisor supervisor(configWith({ u"failure_rate=0"_s, u"work_min=5"_s, u"work_max=10"_s, u"delay=5"_s }));
    supervisor.start();
    QVERIFY(waitUntil(supervisor, [&] { return supervisor.log()->count(EventKind::WorkerCompleted) >= 3; }));
    supervisor.setParameter(u"failure_rate"_s, u"1"_s);
    supervisor.setParameter(u"delay"_s, u"20"_s);
    QVERIFY(waitUntil(supervisor, [&] { return supervisor.log()->count(EventKind::WorkerFailed) >= 3; }));
    QVERIFY(stopAndWait(supervisor));

    const QList<LifecycleEvent> events = supervisor.log()->events();
    const auto changeOf = [&](const QString &key) {
        return std::find_if(events.begin(), events.end(),
            [&](const LifecycleEvent &event) { return event.kind == EventKind::ConfigChanged && event.key == key; });
    };
    const auto rateChanged = changeOf(u"failure_rate"_s);
    const auto delayChanged = changeOf(u"delay"_s);
    QVERIFY(rateChanged != events.end() && delayChanged != events.end());
    QCOMPARE(rateChanged->value, u"1"_s);
    qsizetype completionsAfter = 0;
    for (auto it = rateChanged; it != events.end(); ++it)
        completionsAfter += it->kind == EventKind::WorkerCompleted;
    for (auto it = delayChanged; it != events.end(); ++it) {
        if (it->kind == EventKind::RestartScheduled)
            QCOMPARE(it->delayMs, 20);
    }
    QVERIFY(completionsAfter <= 1); // at most the one run whose work ended as the change came in
}

void TestSupervisor::badLiveValuesAreRejected()
{
    Supervisor supervisor(configWith({ u"work_min=50"_s, u"work_max=50"_s }));
    QSignalSpy rejected(&supervisor, &Supervisor::parameterRejected);
    supervisor.start();
    supervisor.setParameter(u"failure_rate"_s, u"1.5"_s);
    supervisor.setParameter(u"workers"_s, u"9"_s);
    QVERIFY(rejected.wait(kPatienceMs));
    QTRY_COMPARE_WITH_TIMEOUT(rejected.size(), 2, kPatienceMs);
    QCOMPARE(rejected.at(0).at(0).toString(), u"failure_rate"_s);
    QVERIFY(rejected.at(0).at(1).toString().contains(u"between 0 and 1"_s));
    QVERIFY(rejected.at(1).at(1).toString().contains(u"cannot change during a run"_s));
    QVERIFY(stopAndWait(supervisor));
    QCOMPARE(supervisor.log()->count(EventKind::ConfigChanged), 0);
}

void TestSupervisor::runEndsAtItsDuration()
{
    SupervisorConfig config = configWith({ u"failure_rate=0.6"_s, u"work_min=10"_s, u"work_max=40"_s, u"delay=10"_s });
    config.durationMs = 300;
    Supervisor supervisor(config);
    QSignalSpy finished(&supervisor, &Supervisor::finished);
    supervisor.start();
    QVERIFY(finished.wait(kPatienceMs));
    const EventLog &log = *supervisor.log();
    QVERIFY2(LogInvariants::check(log).isEmpty(), qPrintable(LogInvariants::check(log).join(u"; "_s)));
    QVERIFY(log.count(EventKind::SupervisorStopping) == 1);
    for (const LifecycleEvent &event : log.events()) {
        if (event.kind == EventKind::SupervisorStopping)
            QVERIFY(event.tUs >= 300'000);
    }
}

void TestSupervisor::aStepRunsToTheNextEventAndPausesAgain()
{
    Supervisor supervisor(
        configWith({ u"failure_rate=1"_s, u"work_min=20"_s, u"work_max=20"_s, u"delay=30"_s, u"duration=0"_s }));
    QSignalSpy stepped(&supervisor, &Supervisor::stepped);
    supervisor.setPaused(true); // frozen from the start: the first worker starts and its work waits
    supervisor.start();
    const EventLog &log = *supervisor.log();
    QVERIFY(waitUntil(supervisor, [&] { return log.count(EventKind::WorkerStarted) == 1; }));
    QCOMPARE(log.size(), 3);

    // The work ends 20 ms in: its failure and the restart it sets off come in one step.
    supervisor.step();
    QVERIFY(stepped.wait(kPatienceMs));
    QCOMPARE(log.size(), 5);
    QCOMPARE(log.kindAt(3), EventKind::WorkerFailed);
    QCOMPARE(log.kindAt(4), EventKind::RestartScheduled);
    QVERIFY(supervisor.isPaused());
    QVERIFY(supervisor.nowUs() >= 20'000);

    // The next step is the restart, 30 ms after the decision.
    supervisor.step();
    QVERIFY(stepped.wait(kPatienceMs));
    QCOMPARE(log.size(), 6);
    QCOMPARE(log.at(5).kind, EventKind::WorkerStarted);
    QCOMPARE(log.at(5).incarnation, quint32(2));
    QVERIFY(log.timeAt(5) - log.timeAt(4) >= 30'000);
    const qint64 pausedAtUs = supervisor.nowUs();
    QTest::qWait(30); // paused again: neither time nor the log moves
    QCOMPARE(supervisor.nowUs(), pausedAtUs);
    QCOMPARE(log.size(), 6);

    // Resuming ends stepping: the run goes on by itself.
    supervisor.setPaused(false);
    QVERIFY(waitUntil(supervisor, [&] { return log.count(EventKind::WorkerStarted) >= 4; }));
    QCOMPARE(stepped.size(), 2);
    QVERIFY(stopAndWait(supervisor));
}

void TestSupervisor::theEntryHookRunsFirstOnEachIncarnationsThread()
{
    struct Entry
    {
        QThread *thread; // for comparison only: the worker threads are gone once the run is over
        QString threadName;
        qint64 tUs;
    };
    const SupervisorConfig config
        = configWith({ u"workers=2"_s, u"failure_rate=1"_s, u"work_min=1"_s, u"work_max=3"_s, u"delay=1"_s });
    Supervisor supervisor(config);
    std::mutex mutex;
    std::map<std::pair<int, quint32>, Entry> entries;
    int calls = 0;
    supervisor.setWorkerEntryHook([&](int worker, quint32 incarnation) {
        std::lock_guard lock(mutex);
        ++calls;
        entries[{ worker, incarnation }]
            = Entry { QThread::currentThread(), QThread::currentThread()->objectName(), supervisor.nowUs() };
    });
    supervisor.start();
    QVERIFY(waitUntil(supervisor, [&] { return supervisor.log()->count(EventKind::WorkerFailed) >= 50; }));
    QVERIFY(stopAndWait(supervisor));

    std::lock_guard lock(mutex);
    int failuresChecked = 0;
    qsizetype incarnations = 0;
    for (const LifecycleEvent &event : supervisor.log()->events()) {
        incarnations += event.kind == EventKind::WorkerStarted;
        if (event.kind == EventKind::WorkerStarted)
            QVERIFY(entries.contains({ event.worker, event.incarnation }));
        if (event.kind != EventKind::WorkerFailed)
            continue;
        // The hook ran before the work: the whole planned work time lies between the two.
        const Entry &entry = entries.at({ event.worker, event.incarnation });
        const qint64 workUs = WorkerPlan::draw(config, event.worker, event.incarnation).workUs;
        QVERIFY2(entry.tUs + workUs <= event.tUs,
            qPrintable(
                u"entered at %1 us, %2 us of work, failed at %3 us"_s.arg(entry.tUs).arg(workUs).arg(event.tUs)));
        QVERIFY(entry.thread != QThread::currentThread());
        QVERIFY2(entry.threadName.startsWith(u"worker-thread-"_s), qPrintable(entry.threadName));
        ++failuresChecked;
    }
    QCOMPARE(calls, incarnations); // once per incarnation
    QVERIFY(failuresChecked >= 50);
}

void TestSupervisor::deliveriesAreLimitedToOnePerInterval()
{
    // A worker failing in a tight loop records hundreds of thousands of events a second; the receiving thread is
    // woken at most once per delivery interval (plus the last delivery when the run ends), however fast that is.
    Supervisor supervisor(configWith({ u"failure_rate=1"_s, u"work_min=0"_s, u"work_max=0"_s, u"delay=0"_s }));
    QSignalSpy notices(&supervisor, &Supervisor::eventsAvailable);
    QElapsedTimer elapsed;
    elapsed.start();
    supervisor.start();
    QVERIFY(waitUntil(supervisor, [&] { return supervisor.log()->count(EventKind::WorkerStarted) >= 20'000; }));
    QVERIFY(stopAndWait(supervisor));
    const qint64 intervals = elapsed.elapsed() / Supervisor::kDeliveryIntervalMs;
    QVERIFY2(notices.size() <= intervals + 2,
        qPrintable(u"%1 deliveries in %2 intervals"_s.arg(notices.size()).arg(intervals)));
    QCOMPARE(notices.last().at(0).value<qsizetype>(), supervisor.log()->size());
}

void TestSupervisor::aLongRunKeepsOnlyItsLatestEvents()
{
    const auto block = qsizetype(EventStore::kBlockSize);
    Supervisor supervisor(
        configWith({ u"workers=4"_s, u"failure_rate=1"_s, u"work_min=0"_s, u"work_max=0"_s, u"delay=0"_s }));
    supervisor.setRetainedEvents(block);
    qsizetype signalled = 0;
    qsizetype startsSignalled = 0;
    qint64 lastUs = 0;
    bool inOrder = true;
    connect(&supervisor, &Supervisor::eventRecorded, this, [&](const LifecycleEvent &event) {
        ++signalled;
        startsSignalled += event.kind == EventKind::WorkerStarted;
        inOrder = inOrder && event.tUs >= lastUs;
        lastUs = event.tUs;
    });
    supervisor.start();
    QVERIFY(waitUntil(supervisor, [&] { return supervisor.log()->size() >= 8 * block; }));
    QVERIFY(stopAndWait(supervisor));

    const EventLog &log = *supervisor.log();
    QCOMPARE(signalled, log.size()); // every event was delivered before it was dropped
    QCOMPARE(startsSignalled, log.count(EventKind::WorkerStarted));
    QVERIFY(inOrder);
    QVERIFY(log.firstIndex() >= 6 * block);
    QVERIFY2(log.size() - log.firstIndex() <= 2 * block, qPrintable(QString::number(log.size() - log.firstIndex())));
    QVERIFY(log.memoryBytes() < 3 * EventStore::kBlockSize * sizeof(StoredEvent));
    QCOMPARE(log.at(log.size() - 1).kind, EventKind::RunFinished);
    QCOMPARE(log.at(log.size() - 1).counts, log.counts());
}

void TestSupervisor::aRunStopsWhereItsLogReachesTheEventLimit()
{
    // Four workers failing at once, with no end of their own: only the limit stops them.
    Supervisor supervisor(
        configWith({ u"workers=4"_s, u"failure_rate=1"_s, u"work_min=0"_s, u"work_max=0"_s, u"delay=0"_s }));
    supervisor.setEventLimit(5'000);
    QSignalSpy finished(&supervisor, &Supervisor::finished);
    supervisor.start();
    QVERIFY(finished.wait(kPatienceMs));
    QVERIFY(supervisor.reachedEventLimit());
    const EventLog &log = *supervisor.log();
    QVERIFY(log.size() >= 5'000);
    // Workers on their own threads record their ends while the stop goes out: a few more, not thousands.
    QVERIFY2(log.size() < 5'000 + 100, qPrintable(QString::number(log.size())));
    QCOMPARE(log.kindAt(log.size() - 1), EventKind::RunFinished);
    QVERIFY2(LogInvariants::check(log).isEmpty(), qPrintable(LogInvariants::check(log).join(u"; "_s)));
}

namespace {

SupervisorConfig worldConfig(const char *json)
{
    SupervisorConfig config;
    const QString problem = config.applyJson(QJsonDocument::fromJson(QByteArray(json)).object());
    if (!problem.isEmpty())
        qFatal("%s", qPrintable(problem));
    return config;
}

bool isRefusedAt(const QList<LifecycleEvent> &events, qsizetype started)
{
    const LifecycleEvent &start = events.at(started);
    for (qsizetype i = started + 1; i < events.size(); ++i) {
        const LifecycleEvent &event = events.at(i);
        if (event.worker == start.worker && event.incarnation == start.incarnation && event.isTerminal())
            return event.kind == EventKind::WorkerFailed && isDependencyFailure(event.failure)
                && event.tUs == start.tUs;
    }
    return false;
}

} // namespace

void TestSupervisor::aDependencyTakenDownByHandFailsItsDependents()
{
    Supervisor supervisor(worldConfig(R"({"duration": 0, "failure_rate": 0, "work_min": 60000, "work_max": 60000,
        "delay": 20, "dependencies": [ { "name": "db" } ],
        "tree": { "name": "app", "children": [ { "name": "conn", "count": 2, "depends_on": ["db"] }, { "name": "clock" } ] }
    })"));
    supervisor.start();
    QVERIFY(waitUntil(supervisor, [&] { return supervisor.log()->count(EventKind::WorkerStarted) >= 3; }));
    supervisor.takeDownDependency(0);
    QVERIFY(waitUntil(supervisor, [&] { return countOf(*supervisor.log(), EventKind::WorkerFailed) >= 4; }));
    supervisor.bringBackDependency(0);
    QVERIFY(waitUntil(supervisor, [&] { return supervisor.log()->count(EventKind::DependencyUp) == 1; }));
    // Both dependents run again: a start after the return that is not turned away.
    const auto bothBack = [&] {
        const QList<LifecycleEvent> events = supervisor.log()->events();
        QSet<int> back;
        bool up = false;
        for (qsizetype i = 0; i < events.size(); ++i) {
            up |= events.at(i).kind == EventKind::DependencyUp;
            if (up && events.at(i).kind == EventKind::WorkerStarted && !isRefusedAt(events, i))
                back.insert(events.at(i).worker);
        }
        return back == QSet<int> { 0, 1 };
    };
    QVERIFY(waitUntil(supervisor, bothBack));
    QVERIFY(stopAndWait(supervisor));

    const EventLog &log = *supervisor.log();
    QVERIFY2(LogInvariants::check(log).isEmpty(), qPrintable(LogInvariants::check(log).join(u"; "_s)));
    QCOMPARE(countOf(log, EventKind::DependencyDown, u"manual"_s), 1);
    QCOMPARE(countOf(log, EventKind::WorkerFailed, u"dependency: db"_s), countOf(log, EventKind::WorkerFailed));
    for (const LifecycleEvent &event : log.events())
        QVERIFY2(!(event.kind == EventKind::WorkerFailed && event.worker == 2), "the clock needs nothing");
}

void TestSupervisor::bothRuntimesLiveInTheSameWorld()
{
    // Fixed and random outages, a capacity, and workers that differ: the outages are the run's, drawn from its seed,
    // whichever runtime runs it. The threaded one notices each change a little late, never early.
    const SupervisorConfig config = worldConfig(R"({"duration": 2500, "seed": 42, "delay": 30,
        "dependencies": [ { "name": "db", "outages": [ { "at": 400, "for": 300 } ], "capacity": 5, "capacity_window": 200 },
                          { "name": "cache", "mean_up": 300, "mean_down": 150 } ],
        "tree": { "name": "app", "children": [
            { "name": "conn", "count": 3, "depends_on": ["db"], "work_min": 50, "work_max": 120, "failure_rate": 0.1 },
            { "name": "web", "depends_on": ["db", "cache"], "work_min": 200, "work_max": 400, "failure_rate": 0 },
            { "name": "batch", "work_min": 300, "work_max": 300, "failure_rate": 0, "restart": "transient" } ] }
    })");
    SupervisorConfig virtualConfig = config;
    virtualConfig.virtualTime = true;
    VirtualRuntime simulated(virtualConfig);
    simulated.run();
    Supervisor threaded(config);
    QSignalSpy finished(&threaded, &Supervisor::finished);
    threaded.start();
    QVERIFY(finished.wait(kPatienceMs));

    const auto changes = [](const EventLog &log) {
        QList<LifecycleEvent> list;
        for (const LifecycleEvent &event : log.events()) {
            if (event.has(FieldDependency))
                list << event;
        }
        return list;
    };
    const QList<LifecycleEvent> expected = changes(*simulated.log());
    const QList<LifecycleEvent> seen = changes(*threaded.log());
    QVERIFY(expected.size() >= 6); // db's outage and several of cache's
    QVERIFY2(seen.size() >= expected.size(), qPrintable(u"%1 of %2"_s.arg(seen.size()).arg(expected.size())));
    for (qsizetype i = 0; i < seen.size(); ++i) {
        if (i >= expected.size()) { // only while the run shuts down, after its end
            QVERIFY(seen.at(i).tUs >= config.durationMs * 1000);
            continue;
        }
        QCOMPARE(seen.at(i).kind, expected.at(i).kind);
        QCOMPARE(seen.at(i).dependency, expected.at(i).dependency);
        QCOMPARE(seen.at(i).reason, expected.at(i).reason);
        QVERIFY(seen.at(i).tUs >= expected.at(i).tUs);
    }
    for (const EventLog *log :
        std::initializer_list<const EventLog *> { simulated.log().get(), threaded.log().get() }) {
        QVERIFY2(LogInvariants::check(*log).isEmpty(), qPrintable(LogInvariants::check(*log).join(u"; "_s)));
        // Each worker works as its own node says: the batch job's runs take 300 ms, web's at least 200, conn's 50.
        QHash<int, qint64> startedUs;
        for (const LifecycleEvent &event : log->events()) {
            if (event.kind == EventKind::WorkerStarted)
                startedUs.insert(event.worker, event.tUs);
            // A start the world turns away fails in the same microsecond, even on threads.
            if (event.kind == EventKind::WorkerFailed && event.failure == FailureKind::Overloaded)
                QCOMPARE(event.tUs, startedUs.value(event.worker));
            if (event.kind == EventKind::WorkerCompleted) {
                const qint64 ranMs = (event.tUs - startedUs.value(event.worker)) / 1000;
                QVERIFY2(ranMs >= (event.worker == 4 ? 300
                                 : event.worker == 3 ? 200
                                                     : 50),
                    qPrintable(u"worker %1 ran %2 ms"_s.arg(event.worker).arg(ranMs)));
            }
        }
    }
}

// The same tree, the same things done to it by hand: the threaded runtime decides exactly as the virtual one, event
// for event (times aside). Workers that never end on their own make the runs depend on the actions alone: a nested
// supervisor made to give up (its parent restarts its group), a worker stopped and started again by hand, a
// supervisor one level up made to give up, and the shutdown, each stopping one child at a time in reverse order.
void TestSupervisor::bothRuntimesDecideATreeAlike()
{
    SupervisorConfig config = configWith(
        { u"failure_rate=0"_s, u"work_min=3600000"_s, u"work_max=3600000"_s, u"heartbeat_timeout=0"_s, u"delay=50"_s });
    const QString problem = config.applyJson(QJsonDocument::fromJson(R"({"tree": {"name": "app", "children": [
        {"name": "a"},
        {"name": "pool", "strategy": "one-for-all", "children": [ {"name": "b", "count": 2},
            {"name": "inner", "strategy": "rest-for-one", "children": [ {"name": "c"}, {"name": "d"} ]} ]},
        {"name": "e"} ]}})")
                                                 .object());
    QCOMPARE(problem, QString());
    const QList<std::pair<ManualAction, int>> actions { { ManualAction::GiveUpSupervisor, 2 },
        { ManualAction::StopWorker, 5 }, { ManualAction::RestartWorker, 5 }, { ManualAction::GiveUpSupervisor, 1 } };
    const auto described = [](const EventLog &log) {
        QStringList lines;
        for (const LifecycleEvent &event : log.events()) {
            QJsonObject object = QJsonDocument::fromJson(JsonLinesWriter::line(event)).object();
            object.remove(u"t_us"_s);
            if (event.kind == EventKind::RunStarted)
                object.remove(u"config"_s); // the virtual run says so in its config
            lines << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
        }
        return lines;
    };

    SupervisorConfig virtualConfig = config;
    virtualConfig.virtualTime = true;
    virtualConfig.durationMs = 10'000;
    VirtualRuntime virtualRun(virtualConfig);
    QList<qsizetype> sizes; // the log's size once each step has settled
    virtualRun.runUntil(1'000'000);
    sizes << virtualRun.log()->size();
    for (qsizetype step = 0; step < actions.size(); ++step) {
        QCOMPARE(virtualRun.act(actions.at(step).first, actions.at(step).second), QString());
        virtualRun.runUntil((step + 2) * 1'000'000);
        sizes << virtualRun.log()->size();
    }
    virtualRun.run();
    QVERIFY(virtualRun.isOver());

    Supervisor threaded(config);
    threaded.start();
    QVERIFY(waitUntil(threaded, [&] { return threaded.log()->size() == sizes.at(0); }));
    for (qsizetype step = 0; step < actions.size(); ++step) {
        threaded.act(actions.at(step).first, actions.at(step).second);
        QVERIFY2(waitUntil(threaded, [&] { return threaded.log()->size() >= sizes.at(step + 1); }),
            qPrintable(u"step %1"_s.arg(step)));
    }
    QVERIFY(stopAndWait(threaded));
    QCOMPARE(described(*threaded.log()), described(*virtualRun.log()));
    QVERIFY2(LogInvariants::check(*threaded.log()).isEmpty(),
        qPrintable(LogInvariants::check(*threaded.log()).join(u"; "_s)));
    QCOMPARE(threaded.log()->count(EventKind::SupervisorGaveUp), 2);
}

QTEST_GUILESS_MAIN(TestSupervisor)
#include "tst_supervisor.moc"
