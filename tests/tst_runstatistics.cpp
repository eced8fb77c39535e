#include "analysis/runstatistics.h"
#include "events/eventlog.h"
#include "events/restartrate.h"
#include "logscript.h"
#include "runtime/virtualruntime.h"
#include "testsettings.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

using Measures = RunStatistics::Measures;

constexpr qint64 kSecond = 1'000'000;

// Two workers, every kind of ending, recoveries of 0.5 s and 1 s, a completion followed by a restart (not a
// recovery), a hang never restarted because the circuit opened, and a shutdown at 5 s.
//
//   worker 0: runs 0–1 s (error), 1.5–2.5 s (exception), 3.5–5.2 s (stopped)     running 3.7 s
//   worker 1: runs 0–2 s (completed), 2–4 s (hang)                             running 4.0 s
QList<LifecycleEvent> twoWorkerRun()
{
    return {
        runStartedEvent(2),
        at(0, LifecycleEvent::supervisor(EventKind::SupervisorStarted)),
        workerEvent(0, EventKind::WorkerStarted, 0, 1),
        workerEvent(0, EventKind::WorkerStarted, 1, 1),
        workerEvent(1'000'000, EventKind::WorkerFailed, 0, 1, u"error"_s),
        at(1'000'000, LifecycleEvent::restartScheduled(0, 500, 1)),
        workerEvent(1'500'000, EventKind::WorkerStarted, 0, 2),
        workerEvent(2'000'000, EventKind::WorkerCompleted, 1, 1),
        at(2'000'000, LifecycleEvent::restartScheduled(1, 0, 1)),
        workerEvent(2'000'000, EventKind::WorkerStarted, 1, 2),
        workerEvent(2'500'000, EventKind::WorkerFailed, 0, 2, u"exception: boom"_s),
        at(2'500'000, LifecycleEvent::restartScheduled(0, 1000, 2)),
        workerEvent(3'500'000, EventKind::WorkerStarted, 0, 3),
        workerEvent(4'000'000, EventKind::WorkerFailed, 1, 2, u"heartbeat_timeout"_s),
        at(4'000'000, LifecycleEvent::circuit(EventKind::CircuitOpened, 1)),
        at(5'000'000, LifecycleEvent::supervisor(EventKind::SupervisorStopping)),
        workerEvent(5'000'000, EventKind::WorkerStopping, 0, 3, u"shutdown"_s),
        workerEvent(5'200'000, EventKind::WorkerStopped, 0, 3),
        at(5'200'000, LifecycleEvent::supervisor(EventKind::SupervisorStopped)),
        at(5'200'000, LifecycleEvent::runFinished({ 3, 3, 1 })),
    };
}

std::unique_ptr<EventLog> logOf(const QList<LifecycleEvent> &events)
{
    auto log = std::make_unique<EventLog>();
    for (const LifecycleEvent &event : events) {
        if (!log->append(event))
            qFatal("hand-built log goes back in time at %lld", event.tUs);
    }
    return log;
}

RunStatistics statisticsOf(const EventLog &log)
{
    RunStatistics statistics;
    statistics.update(log);
    return statistics;
}

SupervisorConfig virtualConfig(const QStringList &settings)
{
    return withSettings(SupervisorConfig(), QStringList { u"virtual_time=true"_s } + settings);
}

std::shared_ptr<EventLog> virtualRun(const QStringList &settings)
{
    VirtualRuntime runtime(virtualConfig(settings));
    runtime.run();
    return runtime.log();
}

QString describe(const Measures &m)
{
    const auto optional = [](const auto &value) { return value ? QString::number(*value) : u"-"_s; };
    return u"starts %1 restarts %2 completions %3 failures %4/%5/%6 stops %7 abandons %8 running %9 "
           u"runningUs %10 observedUs %11 recoveries %12 availability %13 mtbf %14 mttr %15 outage %16 now %17"_s
               .arg(m.starts)
               .arg(m.restarts)
               .arg(m.completions)
               .arg(m.failures(FailureKind::Error))
               .arg(m.failures(FailureKind::Exception))
               .arg(m.failures(FailureKind::Hang))
               .arg(m.stops)
               .arg(m.abandons)
               .arg(m.running)
               .arg(m.runningUs)
               .arg(m.observedUs)
               .arg(m.recoveries)
               .arg(optional(m.availability), optional(m.mtbfUs), optional(m.mttrUs))
               .arg(m.longestOutageUs)
               .arg(m.currentOutageUs);
}

// Everything a query can return at `nowUs`, so that two statistics can be compared in one go.
QStringList snapshot(const RunStatistics &statistics, qint64 nowUs)
{
    QStringList lines;
    for (int i = 0; i < statistics.workerCount(); ++i) {
        lines << u"worker %1: "_s.arg(i) + describe(statistics.worker(i, nowUs))
                + u" circuit %1"_s.arg(int(statistics.circuit(i)));
    }
    lines << u"total: "_s + describe(statistics.total(nowUs));
    lines << u"time %1 end %2 gave up %3 %4"_s.arg(statistics.timeUs(nowUs))
                 .arg(statistics.endUs().value_or(-1))
                 .arg(statistics.gaveUpAtUs().value_or(-1))
                 .arg(statistics.gaveUpReason());
    lines << u"restarts %1 now %2"_s.arg(statistics.restarts()).arg(statistics.restartRateNow(nowUs).value_or(-1));
    QStringList recoveries;
    for (const qint64 us : statistics.recoveryTimesUs())
        recoveries << QString::number(us);
    lines << u"recoveries "_s + recoveries.join(u' ');
    QStringList rates;
    for (const double rate : statistics.restartRate(RunStatistics::kBucketUs))
        rates << QString::number(rate);
    lines << rates.join(u' ');
    return lines;
}

} // namespace

class TestRunStatistics : public QObject
{
    Q_OBJECT

private slots:
    void handBuiltRunPerWorker();
    void handBuiltRunTotals();
    void failureKindsFromReasons_data();
    void failureKindsFromReasons();
    void onlyAStartAfterAFailureIsARecovery();
    void outagesAndRecoveryTimes();
    void restartBuckets();
    void restartsDaysApart();
    void restartRateNow_data();
    void restartRateNow();
    void everyRateFigureDerivesFromOneRule();
    void runningIncarnationCountsUpToNow();
    void finishedRunStopsTheClock();
    void supervisorState();
    void workersFromHeaderOrIndexes();
    void chunkedUpdatesEqualOneUpdate_data();
    void chunkedUpdatesEqualOneUpdate();
    void shorterLogStartsOver();
    void countsAgreeWithTheLog_data();
    void countsAgreeWithTheLog();
    void subtreesHaveTheirOwnFigures();
};

void TestRunStatistics::handBuiltRunPerWorker()
{
    const auto log = logOf(twoWorkerRun());
    const RunStatistics statistics = statisticsOf(*log);
    QCOMPARE(statistics.eventsTakenIn(), log->size());
    QCOMPARE(statistics.workerCount(), 2);

    const Measures first = statistics.worker(0, 5'200'000);
    QCOMPARE(first.starts, 3);
    QCOMPARE(first.restarts, 2);
    QCOMPARE(first.completions, 0);
    QCOMPARE(first.failures(), 2);
    QCOMPARE(first.failures(FailureKind::Error), 1);
    QCOMPARE(first.failures(FailureKind::Exception), 1);
    QCOMPARE(first.failures(FailureKind::Hang), 0);
    QCOMPARE(first.stops, 1);
    QCOMPARE(first.abandons, 0);
    QCOMPARE(first.running, 0);
    QCOMPARE(first.runningUs, 3'700'000);
    QCOMPARE(first.observedUs, 5'200'000);
    QCOMPARE(first.availability, std::optional(3'700'000.0 / 5'200'000.0));
    QCOMPARE(first.mtbfUs, std::optional<qint64>(1'850'000));
    QCOMPARE(first.recoveries, 2);
    QCOMPARE(first.mttrUs, std::optional<qint64>(750'000)); // (0.5 s + 1 s) / 2

    const Measures second = statistics.worker(1, 5'200'000);
    QCOMPARE(second.starts, 2);
    QCOMPARE(second.restarts, 1);
    QCOMPARE(second.completions, 1);
    QCOMPARE(second.failures(), 1);
    QCOMPARE(second.failures(FailureKind::Hang), 1);
    QCOMPARE(second.stops, 0);
    QCOMPARE(second.runningUs, 4'000'000);
    QCOMPARE(second.availability, std::optional(4'000'000.0 / 5'200'000.0));
    QCOMPARE(second.mtbfUs, std::optional<qint64>(4'000'000));
    // Its only failure was never followed by a start, and a restart after a completion is no recovery.
    QCOMPARE(second.recoveries, 0);
    QCOMPARE(second.mttrUs, std::nullopt);

    QCOMPARE(statistics.worker(2, 5'200'000), Measures());
    QCOMPARE(statistics.worker(-1, 5'200'000), Measures());
}

void TestRunStatistics::handBuiltRunTotals()
{
    const auto log = logOf(twoWorkerRun());
    const RunStatistics statistics = statisticsOf(*log);
    const Measures total = statistics.total(5'200'000);
    QCOMPARE(total.starts, 5);
    QCOMPARE(total.restarts, 3);
    QCOMPARE(total.completions, 1);
    QCOMPARE(total.failures(), 3);
    QCOMPARE(total.failures(FailureKind::Error), 1);
    QCOMPARE(total.failures(FailureKind::Exception), 1);
    QCOMPARE(total.failures(FailureKind::Hang), 1);
    QCOMPARE(total.stops, 1);
    QCOMPARE(total.runningUs, 7'700'000);
    QCOMPARE(total.observedUs, 10'400'000);
    QCOMPARE(total.availability, std::optional((3'700'000.0 / 5'200'000.0 + 4'000'000.0 / 5'200'000.0) / 2));
    QCOMPARE(total.mtbfUs, std::optional<qint64>(2'566'667)); // 7.7 s / 3, rounded to the microsecond
    QCOMPARE(total.recoveries, 2);
    QCOMPARE(total.mttrUs, std::optional<qint64>(750'000));
    QCOMPARE(RunCounts({ total.restarts, total.failures(), total.completions }), log->counts());
}

void TestRunStatistics::failureKindsFromReasons_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<FailureKind>("kind");
    QTest::newRow("error") << u"error"_s << FailureKind::Error;
    QTest::newRow("exception") << u"exception: disk full"_s << FailureKind::Exception;
    QTest::newRow("hang") << u"heartbeat_timeout"_s << FailureKind::Hang;
}

void TestRunStatistics::failureKindsFromReasons()
{
    QFETCH(QString, reason);
    QFETCH(FailureKind, kind);
    const auto log = logOf(
        { workerEvent(0, EventKind::WorkerStarted, 0, 1), workerEvent(10, EventKind::WorkerFailed, 0, 1, reason),
            workerEvent(20, EventKind::WorkerStarted, 0, 2), workerEvent(30, EventKind::WorkerFailed, 0, 2, reason) });
    const Measures measures = statisticsOf(*log).worker(0, 30);
    for (int k = 0; k < kFailureKindCount; ++k)
        QCOMPARE(measures.failures(FailureKind(k)), FailureKind(k) == kind ? 2 : 0);
    QCOMPARE(measures.mttrUs, std::optional<qint64>(10));
    QCOMPARE(measures.mtbfUs, std::optional<qint64>(10));
}

void TestRunStatistics::onlyAStartAfterAFailureIsARecovery()
{
    const auto log = logOf({ workerEvent(0, EventKind::WorkerStarted, 0, 1),
        workerEvent(100, EventKind::WorkerFailed, 0, 1, u"error"_s), workerEvent(200, EventKind::WorkerStarted, 0, 2),
        workerEvent(300, EventKind::WorkerCompleted, 0, 2), workerEvent(400, EventKind::WorkerStarted, 0, 3),
        workerEvent(450, EventKind::WorkerStopped, 0, 3), workerEvent(500, EventKind::WorkerStarted, 0, 4) });
    const Measures measures = statisticsOf(*log).worker(0, 600);
    QCOMPARE(measures.restarts, 3);
    QCOMPARE(measures.recoveries, 1);
    QCOMPARE(measures.mttrUs, std::optional<qint64>(100));
    QCOMPARE(measures.runningUs, 100 + 100 + 50 + 100);
}

void TestRunStatistics::outagesAndRecoveryTimes()
{
    const auto log = logOf(twoWorkerRun());
    const RunStatistics statistics = statisticsOf(*log);
    // Worker 0 waits 0.5 s and 1 s for its restarts and is stopped at the end; worker 1 restarts at once after
    // its completion, then hangs at 4 s and is never restarted.
    const Measures first = statistics.worker(0, 5'200'000);
    QCOMPARE(first.longestOutageUs, 1'000'000);
    QCOMPARE(first.currentOutageUs, 0);
    const Measures second = statistics.worker(1, 5'200'000);
    QCOMPARE(second.longestOutageUs, 1'200'000);
    QCOMPARE(second.currentOutageUs, 1'200'000);
    QCOMPARE(statistics.total(5'200'000).longestOutageUs, 1'200'000);
    QCOMPARE(statistics.recoveryTimesUs(), (QList<qint64> { 500'000, 1'000'000 }));

    // While the run goes on, an outage under way grows with the time asked for.
    auto partial = logOf(twoWorkerRun().mid(0, 5)); // up to worker 0's first failure at 1 s
    RunStatistics early = statisticsOf(*partial);
    QCOMPARE(early.worker(0, 1'300'000).currentOutageUs, 300'000);
    QCOMPARE(early.worker(0, 1'300'000).longestOutageUs, 300'000);
    QCOMPARE(early.worker(1, 1'300'000).longestOutageUs, 0);
    QVERIFY(early.recoveryTimesUs().isEmpty());
}

void TestRunStatistics::restartBuckets()
{
    const auto log = logOf(twoWorkerRun());
    const RunStatistics statistics = statisticsOf(*log);
    // Restarts at 1.5 s, 2.0 s and 3.5 s; the log ends at 5.2 s. The rate is restarts per second over the last
    // second, moving by 100 ms: each restart adds 1/s for the ten buckets from its own.
    const QList<double> fine = statistics.restartRate(RunStatistics::kBucketUs);
    QCOMPARE(fine.size(), 52);
    for (int i = 0; i < fine.size(); ++i) {
        const double expected = (i >= 15 && i < 25) + (i >= 20 && i < 30) + (i >= 35 && i < 45);
        QCOMPARE(fine.at(i), expected);
    }
    // A wider bar is the mean of the rate over its buckets: the bars' area is still one restart each.
    QCOMPARE(statistics.restartRate(kSecond), QList<double>({ 0, 0.5, 1.5, 0.5, 0.5, 0 }));
    QCOMPARE(statistics.restartRate(2 * kSecond), QList<double>({ 0.25, 1, 0.25 }));
    // A width that is not a whole number of buckets is rounded up to one.
    QCOMPARE(RunStatistics::bucketWidthUs(0), RunStatistics::kBucketUs);
    QCOMPARE(RunStatistics::bucketWidthUs(250'000), 300'000);
    QCOMPARE(statistics.restartRate(250'000), statistics.restartRate(300'000));
    // The range can be asked for explicitly, beyond the last event too.
    QCOMPARE(statistics.restartRate(kSecond, 8 * kSecond), QList<double>({ 0, 0.5, 1.5, 0.5, 0.5, 0, 0, 0 }));
    QCOMPARE(statistics.restartRate(kSecond, 2 * kSecond), QList<double>({ 0, 0.5 }));
    QCOMPARE(statistics.restartRate(kSecond, 0), QList<double>());
    double area = 0;
    for (const double rate : statistics.restartRate(300'000, 10 * kSecond))
        area += rate * 0.3;
    QCOMPARE(std::llround(area * 1e6), 3'000'000);

    QCOMPARE(statistics.restarts(), 3);
    QCOMPARE(statistics.restartsBetween(0, 10 * kSecond), 3);
    QCOMPARE(statistics.restartsBetween(1'500'000, 2'000'000), 1);
    QCOMPARE(statistics.restartsBetween(1'600'000, 3'500'000), 1);
    QCOMPARE(statistics.restartsBetween(1'600'000, 3'600'000), 2);
}

// An imported log may jump to the end of the time range between two events: the restart counts must not take
// memory for every 100 ms in between (they once took 800 MB for this two-restart log).
void TestRunStatistics::restartsDaysApart()
{
    constexpr qint64 kLastUs = 9'999'999'950'000; // a bucket 115 days in
    const auto log = logOf({
        runStartedEvent(1),
        workerEvent(0, EventKind::WorkerStarted, 0, 1),
        workerEvent(1'000'000, EventKind::WorkerFailed, 0, 1, u"error"_s),
        workerEvent(1'500'000, EventKind::WorkerStarted, 0, 2),
        workerEvent(2'000'000, EventKind::WorkerFailed, 0, 2, u"error"_s),
        workerEvent(kLastUs, EventKind::WorkerStarted, 0, 3),
    });
    const RunStatistics statistics = statisticsOf(*log);
    QCOMPARE(statistics.restarts(), 2);
    QCOMPARE(statistics.restartsBetween(0, kLastUs), 1);
    QCOMPARE(statistics.restartsBetween(0, kLastUs + RunStatistics::kBucketUs), 2);
    QCOMPARE(statistics.restartsBetween(2'000'000, kLastUs + RunStatistics::kBucketUs), 1);
    QCOMPARE(statistics.restartsBetween(kLastUs - kSecond, kLastUs), 0);
    QCOMPARE(statistics.restartRateNow(kLastUs), 1.0);
    // Four bars of about 29 days: one restart in the first, one in the last (the rate of its last second, since the
    // bars end with the log).
    const qint64 barUs = RunStatistics::bucketWidthUs(kLastUs / 4);
    const QList<double> bars = statistics.restartRate(barUs);
    QCOMPARE(bars.size(), 4);
    const double steps = double(barUs) / RunStatistics::kBucketUs;
    QCOMPARE(std::llround(bars.at(0) * steps), 10); // ten buckets at 1/s
    QCOMPARE(bars.at(1), 0.0);
    QCOMPARE(bars.at(2), 0.0);
    QVERIFY(bars.at(3) > 0);
}

void TestRunStatistics::restartRateNow_data()
{
    QTest::addColumn<qint64>("nowUs");
    QTest::addColumn<double>("rate"); // -1: none
    // Restarts at 1.5 s, 2.0 s and 3.5 s; the rate counts the bucket of now and the nine before it.
    QTest::newRow("before any restart") << qint64(1'000'000) << 0.0;
    QTest::newRow("in the bucket of the first") << qint64(1'500'000) << 1.0;
    QTest::newRow("two within a second") << qint64(2'050'000) << 2.0;
    QTest::newRow("first slides out") << qint64(2'500'000) << 1.0;
    QTest::newRow("quiet second") << qint64(3'400'000) << 0.0;
    QTest::newRow("third") << qint64(4'000'000) << 1.0;
    QTest::newRow("once the run is over there is none") << qint64(60'000'000) << -1.0;
}

void TestRunStatistics::restartRateNow()
{
    QFETCH(qint64, nowUs);
    QFETCH(double, rate);
    // The log as it was at nowUs, as during a live run.
    QList<LifecycleEvent> events = twoWorkerRun();
    events.removeIf([nowUs](const LifecycleEvent &event) { return event.tUs > nowUs; });
    QCOMPARE(statisticsOf(*logOf(events)).restartRateNow(nowUs).value_or(-1.0), rate);
}

// The chart's bars, "now" and the trace's counter all derive from RestartRate::at(): a bar is the mean of at() over its
// buckets, and forEachChange() steps exactly where at() changes.
void TestRunStatistics::everyRateFigureDerivesFromOneRule()
{
    RestartRate rate;
    QList<qint64> times;
    quint64 state = 12345; // a fixed sequence of gaps, some within one bucket, some seconds long
    qint64 t = 0;
    for (int i = 0; i < 400; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const bool pause = (state >> 33) % 7 == 0;
        t += pause ? qint64((state >> 20) % 4'000'000) : qint64((state >> 40) % 90'000);
        rate.add(t);
        times << t;
    }
    const qint64 endUs = t + 2 * kSecond;
    const qint64 steps = endUs / RestartRate::kStepUs + 1;
    QList<double> atStep;
    for (qint64 step = 0; step < steps; ++step) {
        const qint64 stepUs = step * RestartRate::kStepUs;
        // Restarts in the step of stepUs and the nine before, per second.
        const auto inWindow = std::count_if(times.cbegin(), times.cend(), [&](qint64 r) {
            return r / RestartRate::kStepUs <= step && r / RestartRate::kStepUs > step - RestartRate::kStepsPerWindow;
        });
        QCOMPARE(rate.at(stepUs + 50'000), double(inWindow));
        atStep << double(inWindow);
    }
    QCOMPARE(rate.total(), qint64(times.size()));
    for (const qint64 width : { 1, 3, 10, 25 }) {
        for (qint64 from = 0; from + width <= steps; from += width) {
            double sum = 0;
            for (qint64 step = from; step < from + width; ++step)
                sum += atStep.at(step);
            QCOMPARE(rate.meanOver(from * RestartRate::kStepUs, (from + width) * RestartRate::kStepUs), sum / width);
        }
    }
    double previous = 0;
    qint64 changes = 0;
    qint64 lastUs = -1;
    rate.forEachChange(endUs, [&](qint64 tUs, double value) {
        QVERIFY(tUs > lastUs && tUs % RestartRate::kStepUs == 0);
        for (qint64 step = lastUs < 0 ? 0 : lastUs / RestartRate::kStepUs; step < tUs / RestartRate::kStepUs; ++step)
            QCOMPARE(atStep.at(step), previous); // no change was left out
        QVERIFY(value != previous);
        QCOMPARE(value, rate.at(tUs));
        previous = value;
        lastUs = tUs;
        ++changes;
    });
    QVERIFY(changes > 20);
    QCOMPARE(previous, 0.0); // the last restart has left the window by the end
}

void TestRunStatistics::runningIncarnationCountsUpToNow()
{
    EventLog log;
    log.append(runStartedEvent(1));
    log.append(workerEvent(1'000'000, EventKind::WorkerStarted, 0, 1));
    RunStatistics statistics;
    statistics.update(log);

    Measures measures = statistics.worker(0, 3'000'000);
    QCOMPARE(measures.running, 1);
    QCOMPARE(measures.runningUs, 2'000'000);
    QCOMPARE(measures.observedUs, 2'000'000);
    QCOMPARE(measures.availability, std::optional(1.0));
    QCOMPARE(measures.mtbfUs, std::nullopt);
    QCOMPARE(statistics.total(3'000'000).running, 1);
    QCOMPARE(statistics.total(3'000'000).runningUs, 2'000'000);

    // A clock that lags behind the log is read as the time of the last event.
    QCOMPARE(statistics.timeUs(500'000), 1'000'000);
    QCOMPARE(statistics.worker(0, 500'000).runningUs, 0);
    QCOMPARE(statistics.worker(0, 500'000).availability, std::nullopt);

    log.append(workerEvent(4'000'000, EventKind::WorkerFailed, 0, 1, u"error"_s));
    log.append(workerEvent(5'000'000, EventKind::WorkerStarted, 0, 2));
    statistics.update(log);
    measures = statistics.worker(0, 9'000'000);
    QCOMPARE(measures.running, 1);
    QCOMPARE(measures.runningUs, 3'000'000 + 4'000'000);
    QCOMPARE(measures.observedUs, 8'000'000);
    QCOMPARE(measures.availability, std::optional(7.0 / 8.0));
    QCOMPARE(measures.mtbfUs, std::optional<qint64>(7'000'000));
    QCOMPARE(measures.mttrUs, std::optional<qint64>(1'000'000));
    // The same statistics answer for any time: the query does not move them on.
    QCOMPARE(statistics.worker(0, 6'000'000).runningUs, 3'000'000 + 1'000'000);
}

void TestRunStatistics::finishedRunStopsTheClock()
{
    const auto log = logOf(twoWorkerRun());
    const RunStatistics statistics = statisticsOf(*log);
    QVERIFY(statistics.isFinished());
    QCOMPARE(statistics.endUs(), std::optional<qint64>(5'200'000));
    QCOMPARE(statistics.timeUs(99 * kSecond), 5'200'000);
    QCOMPARE(statistics.total(99 * kSecond), statistics.total(5'200'000));
    QCOMPARE(statistics.total(99 * kSecond).running, 0);
}

void TestRunStatistics::supervisorState()
{
    EventLog log;
    log.append(runStartedEvent(3));
    log.append(workerEvent(0, EventKind::WorkerStarted, 0, 1));
    log.append(at(100, LifecycleEvent::circuit(EventKind::CircuitOpened, 0)));
    log.append(at(100, LifecycleEvent::circuit(EventKind::CircuitOpened, 2)));
    RunStatistics statistics;
    statistics.update(log);
    QCOMPARE(statistics.circuit(0), RunStatistics::CircuitState::Open);
    QCOMPARE(statistics.circuit(1), RunStatistics::CircuitState::Closed);
    QCOMPARE(statistics.circuit(2), RunStatistics::CircuitState::Open);
    QCOMPARE(statistics.circuit(7), RunStatistics::CircuitState::Closed);
    QCOMPARE(statistics.openCircuits(), 2);
    QVERIFY(!statistics.gaveUp());
    QVERIFY(!statistics.isFinished());

    log.append(at(200, LifecycleEvent::circuit(EventKind::CircuitHalfOpen, 0)));
    log.append(at(200, LifecycleEvent::circuit(EventKind::CircuitClosed, 2)));
    statistics.update(log);
    QCOMPARE(statistics.circuit(0), RunStatistics::CircuitState::HalfOpen);
    QCOMPARE(statistics.circuit(2), RunStatistics::CircuitState::Closed);
    QCOMPARE(statistics.openCircuits(), 1);

    log.append(at(300, LifecycleEvent::supervisor(EventKind::SupervisorGaveUp, u"intensity"_s)));
    log.append(workerEvent(350, EventKind::WorkerStopped, 0, 1));
    log.append(at(400, LifecycleEvent::supervisor(EventKind::SupervisorStopped)));
    statistics.update(log);
    QVERIFY(statistics.gaveUp());
    QCOMPARE(statistics.gaveUpAtUs(), std::optional<qint64>(300));
    QCOMPARE(statistics.gaveUpReason(), u"intensity"_s);
    QCOMPARE(statistics.endUs(), std::optional<qint64>(400));
}

void TestRunStatistics::workersFromHeaderOrIndexes()
{
    const auto configured = logOf({ runStartedEvent(4), workerEvent(0, EventKind::WorkerStarted, 0, 1) });
    QCOMPARE(statisticsOf(*configured).workerCount(), 4);
    QCOMPARE(statisticsOf(*configured).worker(3, 10).starts, 0);
    QCOMPARE(statisticsOf(*configured).worker(3, 10).availability, std::nullopt);
    QCOMPARE(statisticsOf(*configured).total(10).availability, std::optional(1.0)); // only started workers count

    const auto discovered = logOf({ workerEvent(0, EventKind::WorkerStarted, 2, 1) });
    QCOMPARE(statisticsOf(*discovered).workerCount(), 3);
    QCOMPARE(statisticsOf(*discovered).worker(2, 0).starts, 1);

    const auto damaged = logOf({ workerEvent(0, EventKind::WorkerStarted, 1'000'000, 1) });
    QCOMPARE(statisticsOf(*damaged).workerCount(), 0);
}

void TestRunStatistics::chunkedUpdatesEqualOneUpdate_data()
{
    QTest::addColumn<int>("chunk");
    QTest::addColumn<bool>("handBuilt");
    for (const int chunk : { 1, 2, 3, 7, 64 }) {
        QTest::addRow("hand-built, chunks of %d", chunk) << chunk << true;
        QTest::addRow("virtual run, chunks of %d", chunk) << chunk << false;
    }
}

void TestRunStatistics::chunkedUpdatesEqualOneUpdate()
{
    QFETCH(int, chunk);
    QFETCH(bool, handBuilt);
    const QList<LifecycleEvent> events = handBuilt
        ? twoWorkerRun()
        : virtualRun({ u"workers=3"_s, u"failure_mode=mixed"_s, u"heartbeat_timeout=300"_s, u"work_min=50"_s,
                         u"work_max=400"_s, u"delay=100"_s, u"duration=8000"_s, u"seed=11"_s })
              ->events();

    EventLog growing;
    RunStatistics incremental;
    for (qsizetype from = 0; from < events.size(); from += chunk) {
        for (qsizetype i = from; i < std::min(events.size(), from + chunk); ++i)
            QVERIFY(growing.append(events.at(i)));
        incremental.update(growing);
        // Part way through, the figures equal those of a fresh pass over the same prefix, at any time.
        if ((from / chunk) % 5 == 0) {
            const RunStatistics fresh = statisticsOf(growing);
            const qint64 nowUs = growing.lastTimeUs() + 123'456;
            QCOMPARE(snapshot(incremental, nowUs), snapshot(fresh, nowUs));
        }
    }
    incremental.update(growing); // nothing new: nothing changes
    const auto whole = logOf(events);
    const RunStatistics once = statisticsOf(*whole);
    QCOMPARE(incremental.eventsTakenIn(), whole->size());
    for (const qint64 nowUs : { qint64(0), whole->lastTimeUs() / 2, whole->lastTimeUs(), whole->lastTimeUs() * 2 })
        QCOMPARE(snapshot(incremental, nowUs), snapshot(once, nowUs));
}

void TestRunStatistics::shorterLogStartsOver()
{
    const auto longer = logOf(twoWorkerRun());
    const auto shorter = logOf(twoWorkerRun().mid(0, 8));
    RunStatistics statistics;
    statistics.update(*longer);
    statistics.update(*shorter);
    QCOMPARE(statistics.eventsTakenIn(), shorter->size());
    QCOMPARE(snapshot(statistics, 3 * kSecond), snapshot(statisticsOf(*shorter), 3 * kSecond));

    statistics.reset();
    QCOMPARE(statistics.eventsTakenIn(), 0);
    QCOMPARE(statistics.workerCount(), 0);
    QCOMPARE(statistics.restarts(), 0);
    QVERIFY(!statistics.isFinished());
}

void TestRunStatistics::countsAgreeWithTheLog_data()
{
    QTest::addColumn<QStringList>("settings");
    const QStringList mixed { u"workers=3"_s, u"failure_mode=mixed"_s, u"heartbeat_timeout=200"_s, u"work_min=20"_s,
        u"work_max=600"_s, u"delay=50"_s, u"duration=20000"_s };
    for (const int seed : { 1, 2, 3, 42 })
        QTest::addRow("mixed, seed %d", seed) << mixed + QStringList { u"seed=%1"_s.arg(seed) };
    QTest::newRow("one-for-all with shutdown timeout")
        << mixed + QStringList { u"seed=5"_s, u"strategy=one-for-all"_s, u"shutdown_timeout=100"_s, u"workers=5"_s };
    QTest::newRow("gives up") << QStringList { u"workers=2"_s, u"failure_rate=1"_s, u"work_min=10"_s, u"work_max=10"_s,
        u"delay=10"_s, u"max_restarts=3"_s, u"within=5000"_s, u"seed=9"_s };
    QTest::newRow("circuit breaker") << mixed
            + QStringList { u"seed=6"_s, u"failure_rate=0.9"_s, u"breaker_threshold=3"_s, u"breaker_window=2000"_s,
                  u"breaker_cooldown=1000"_s };
}

void TestRunStatistics::countsAgreeWithTheLog()
{
    QFETCH(QStringList, settings);
    const SupervisorConfig config = virtualConfig(settings);
    const std::shared_ptr<EventLog> log = virtualRun(settings);
    const RunStatistics statistics = statisticsOf(*log);
    const qint64 endUs = log->lastTimeUs();
    const Measures total = statistics.total(endUs);

    QCOMPARE(statistics.workerCount(), config.workers);
    QCOMPARE(RunCounts({ total.restarts, total.failures(), total.completions }), log->counts());
    QCOMPARE(total.starts, log->count(EventKind::WorkerStarted));
    QCOMPARE(total.stops, log->count(EventKind::WorkerStopped));
    QCOMPARE(total.abandons, log->count(EventKind::WorkerAbandoned));
    QCOMPARE(total.running, 0);
    QCOMPARE(statistics.restartsBetween(0, endUs + RunStatistics::kBucketUs), log->counts().restarts);
    double bucketed = 0; // a second past the end, where the last restarts have left the window
    for (const double rate : statistics.restartRate(RunStatistics::kBucketUs, endUs + kSecond))
        bucketed += rate * RunStatistics::kBucketUs / kSecond;
    QCOMPARE(qint64(std::llround(bucketed)), log->counts().restarts);
    QCOMPARE(statistics.gaveUp(), log->count(EventKind::SupervisorGaveUp) > 0);
    QVERIFY(statistics.isFinished());

    // Failures by kind and running time, counted here the plain way, event by event.
    std::array<qint64, kFailureKindCount> byKind {};
    qint64 runningUs = 0;
    QHash<int, qint64> startedUs;
    for (const LifecycleEvent &event : log->events()) {
        if (event.kind == EventKind::WorkerFailed)
            ++byKind[size_t(failureKindFromReason(event.reason))];
        if (event.kind == EventKind::WorkerStarted)
            startedUs.insert(event.worker, event.tUs);
        else if (event.isTerminal())
            runningUs += event.tUs - startedUs.take(event.worker);
    }
    QCOMPARE(total.failuresByKind, byKind);
    QCOMPARE(total.runningUs, runningUs);
    if (config.failureMode == FailureMode::Mixed)
        QVERIFY2(byKind[0] > 0 && byKind[1] > 0 && byKind[2] > 0, "a mixed run shows every kind");

    qint64 starts = 0;
    for (int i = 0; i < statistics.workerCount(); ++i) {
        const Measures one = statistics.worker(i, endUs);
        starts += one.starts;
        QVERIFY(one.runningUs <= one.observedUs);
        if (one.availability)
            QVERIFY(*one.availability >= 0 && *one.availability <= 1);
        QCOMPARE(one.mtbfUs.has_value(), one.failures() > 0);
        QVERIFY(one.recoveries <= one.failures());
    }
    QCOMPARE(starts, total.starts);
}

// A pool that gives up and is restarted: its subtree counts its own give-ups and restarts and its workers' figures;
// the root's figures are the run's, and a nested supervisor's stop does not end the run's clock.
void TestRunStatistics::subtreesHaveTheirOwnFigures()
{
    SupervisorConfig config = withSettings(SupervisorConfig(),
        { u"failure_rate=0.6"_s, u"work_min=100"_s, u"work_max=600"_s, u"delay=100"_s, u"duration=10000"_s, u"seed=4"_s,
            u"virtual_time=true"_s });
    QCOMPARE(config.applyJson(QJsonDocument::fromJson(R"({"tree": {"name": "app", "children": [
        {"name": "pool", "strategy": "one-for-all", "max_restarts": 2, "within": 2000,
         "children": [ {"name": "conn", "count": 3} ]},
        {"name": "web", "failure_rate": 0, "work_min": 60000, "work_max": 60000} ]}})")
                                  .object()),
        QString());
    VirtualRuntime runtime(config);
    runtime.run();
    const EventLog &log = *runtime.log();
    RunStatistics statistics;
    statistics.update(log);

    qint64 poolGaveUps = 0, poolStarts = 0, poolWorkerStarts = 0, webStarts = 0;
    qint64 firstNestedStopUs = -1;
    for (const LifecycleEvent &event : log.events()) {
        poolGaveUps += event.kind == EventKind::SupervisorGaveUp && event.supervisorIndex == 1;
        poolStarts += event.kind == EventKind::SupervisorStarted && event.supervisorIndex == 1;
        poolWorkerStarts += event.kind == EventKind::WorkerStarted && event.worker < 3;
        webStarts += event.kind == EventKind::WorkerStarted && event.worker == 3;
        if (event.kind == EventKind::SupervisorStopped && event.supervisorIndex == 1 && firstNestedStopUs < 0)
            firstNestedStopUs = event.tUs;
    }
    QVERIFY(poolGaveUps >= 2); // the run shows what it is for

    QCOMPARE(statistics.supervisorCount(), 2);
    QCOMPARE(statistics.parentOfSupervisor(1), 0);
    QCOMPARE(statistics.supervisorOfWorker(2), 1);
    QCOMPARE(statistics.supervisorOfWorker(3), 0);
    const RunStatistics::Subtree pool = statistics.subtree(1, log.lastTimeUs());
    QCOMPARE(pool.gaveUps, poolGaveUps);
    QCOMPARE(pool.starts, poolStarts);
    QCOMPARE(pool.restarts, poolStarts - 1);
    QCOMPARE(pool.measures.starts, poolWorkerStarts);
    QVERIFY(!pool.running);
    const RunStatistics::Subtree root = statistics.subtree(0, log.lastTimeUs());
    QCOMPARE(root.measures.starts, poolWorkerStarts + webStarts);
    QCOMPARE(root.measures, statistics.total(log.lastTimeUs()));
    QCOMPARE(root.gaveUps, qint64(statistics.gaveUp() ? 1 : 0));
    // web never fails: the pool's outages are its own, and the run's availability is above the pool's.
    QVERIFY(*pool.measures.availability < *root.measures.availability);
    QCOMPARE(*statistics.worker(3, log.lastTimeUs()).availability, 1.0);
    // The pool's first stop is not the end of the run.
    QVERIFY(statistics.endUs().value_or(0) > firstNestedStopUs);
}

QTEST_GUILESS_MAIN(TestRunStatistics)
#include "tst_runstatistics.moc"
