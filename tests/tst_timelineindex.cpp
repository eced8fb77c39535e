#include "analysis/loginvariants.h"
#include "analysis/timelineindex.h"
#include "events/eventlog.h"
#include "logscript.h"
#include "policy/supervisorconfig.h"
#include "runtime/virtualruntime.h"
#include "testruns.h"
#include "testsettings.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <vector>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMs = 1000;

TimelineIndex indexOf(const EventLog &log)
{
    TimelineIndex index;
    index.update(log);
    return index;
}

// app > pool (one-for-all, at most 1 restart within a minute: conn-1, conn-2, which fail after 100 ms), web (runs on).
// The pool gives up at its children's second failure, and app restarts it 300 ms later, over and over.
SupervisorConfig poolThatGivesUp(const QString &rootStrategy = u"one-for-one"_s)
{
    SupervisorConfig config;
    const QString json = uR"({"virtual_time": true, "duration": 3000, "delay": 300, "failure_rate": 0,
        "work_min": 60000, "work_max": 60000, "max_restarts": 100, "within": 1000,
        "tree": { "name": "app", "strategy": "%1", "children": [
            { "name": "pool", "strategy": "one-for-all", "max_restarts": 1, "within": 60000, "delay": 300, "children": [
                { "name": "conn", "count": 2, "failure_rate": 1, "work_min": 100, "work_max": 100, "delay": 50 } ] },
            { "name": "web" } ] }
    })"_s.arg(rootStrategy);
    const QString error = config.applyJson(QJsonDocument::fromJson(json.toUtf8()).object());
    if (!error.isEmpty())
        qFatal("bad test tree: %s", qPrintable(error));
    return config;
}

} // namespace

class TestTimelineIndex : public QObject
{
    Q_OBJECT

private slots:
    void lanesComeFromTheRunHeader();
    void barsEndAsTheirTerminalEventSays_data();
    void barsEndAsTheirTerminalEventSays();
    void aGapLinksAFailureToTheRestartItCaused();
    void aGroupRestartIsCausedByTheSiblingsFailureAndCountsOnce();
    void aRescheduledRestartKeepsOneGap();
    void aStopCancelsTheWaitingRestart();
    void stoppingIsMarkedOnTheBar();
    void aRestartCancelledBeforeTheWorkerIsDownLeavesNoGap();
    void circuitPeriodsOpenAndClose();
    void intensityLimitFollowsConfigChanges();
    void updatesInChunksEqualOneUpdate();
    void realRunsMapOntoBarsAndGaps_data();
    void realRunsMapOntoBarsAndGaps();
    void restartsWithinTheWindowReachTheLimitAtGiveUp();
    void packedEndsAndTheLongestGapFollowBarsAndGaps();
    void anUpdateTakesInNoMoreThanAsked();
    void chunkedVectorKeepsItsItemsAcrossChunks();
    void chunkedVectorDropsItsOldestItems();
    void pastTheBudgetTheOlderHalfIsSummarised();
    void summaryBucketsWidenAsTheRunGrows();
    void aNestedSupervisorHasALaneOfItsOwn();
    void aSubtreeLaneShowsWhenAnyOfItsWorkersRuns();
    void eachSupervisorCountsTheRestartsItDecided();
    void aRestartCausedByASupervisorsExitPointsAtIt();
};

void TestTimelineIndex::lanesComeFromTheRunHeader()
{
    LogScript script({ u"workers=3"_s });
    const TimelineIndex index = indexOf(script.log);
    QCOMPARE(index.laneCount(), 4);
    QCOMPARE(index.lane(0).worker, -1);
    QCOMPARE(index.lane(3).worker, 2);
    QCOMPARE(index.lane(0).marks.size(), size_t(2)); // run_started, supervisor_started
    QVERIFY(index.lane(1).bars.empty());

    // A worker beyond the header still gets its lane.
    script.start(10, 5, 1);
    QCOMPARE(indexOf(script.log).laneCount(), 7);
}

void TestTimelineIndex::barsEndAsTheirTerminalEventSays_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<int>("end");

    QTest::newRow("completed") << int(EventKind::WorkerCompleted) << QString() << int(BarEnd::Completed);
    QTest::newRow("error") << int(EventKind::WorkerFailed) << u"error"_s << int(BarEnd::FailedError);
    QTest::newRow("exception") << int(EventKind::WorkerFailed) << u"exception: disk full"_s
                               << int(BarEnd::FailedException);
    QTest::newRow("hang") << int(EventKind::WorkerFailed) << u"heartbeat_timeout"_s << int(BarEnd::FailedHang);
    QTest::newRow("stopped") << int(EventKind::WorkerStopped) << QString() << int(BarEnd::Stopped);
    QTest::newRow("abandoned") << int(EventKind::WorkerAbandoned) << QString() << int(BarEnd::Abandoned);
}

void TestTimelineIndex::barsEndAsTheirTerminalEventSays()
{
    QFETCH(int, kind);
    QFETCH(QString, reason);
    QFETCH(int, end);

    LogScript script;
    const qsizetype started = script.start(100, 0, 1);
    const qsizetype ended = script.end(700, EventKind(kind), 0, 1, reason);
    const TimelineIndex index = indexOf(script.log);
    const auto &bars = index.lane(1).bars;
    QCOMPARE(bars.size(), size_t(1));
    QCOMPARE(bars[0].startUs, 100);
    QCOMPARE(bars[0].endUs, 700);
    QCOMPARE(bars[0].startEvent, started);
    QCOMPARE(bars[0].endEvent, ended);
    QCOMPARE(int(bars[0].end), end);
    QCOMPARE(bars[0].incarnation, 1u);
}

void TestTimelineIndex::aGapLinksAFailureToTheRestartItCaused()
{
    LogScript script;
    script.start(0, 0, 1);
    const qsizetype failure = script.end(1000 * kMs, EventKind::WorkerFailed, 0, 1, u"error"_s);
    const qsizetype decision = script.schedule(1000 * kMs + 40, 0, 500, 1);
    TimelineIndex index = indexOf(script.log);
    {
        const TimelineGap &gap = index.lane(1).gaps.at(0);
        QCOMPARE(gap.fromUs, 1000 * kMs);
        QCOMPARE(gap.untilUs, TimelineIndex::kOpen); // still waiting
        QCOMPARE(gap.causeEvent, failure);
        QCOMPARE(gap.causeWorker, 0);
        QCOMPARE(gap.scheduleEvent, decision);
        QCOMPARE(gap.delayMs, 500);
        QCOMPARE(gap.attempt, 1u);
    }
    const qsizetype restart = script.start(1503 * kMs, 0, 2);
    index.update(script.log);
    const TimelineLane &lane = index.lane(1);
    QCOMPARE(lane.gaps.size(), size_t(1));
    QCOMPARE(lane.gaps[0].untilUs, 1503 * kMs);
    QCOMPARE(lane.gaps[0].restartEvent, restart);
    QVERIFY(!lane.gaps[0].cancelled);
    QCOMPARE(lane.bars.size(), size_t(2));
    QCOMPARE(lane.bars[1].endUs, TimelineIndex::kOpen);
    QCOMPARE(index.restartDecisions().size(), size_t(1));
}

void TestTimelineIndex::aGroupRestartIsCausedByTheSiblingsFailureAndCountsOnce()
{
    // As the engine logs one-for-all: the sibling is asked to stop, both restarts are decided, then it is down.
    LogScript script({ u"workers=2"_s, u"strategy=one-for-all"_s });
    script.start(0, 0, 1);
    script.start(0, 1, 1);
    const qsizetype failure = script.end(900 * kMs, EventKind::WorkerFailed, 1, 1, u"error"_s);
    script.add(900 * kMs, LifecycleEvent::forWorker(EventKind::WorkerStopping, 0, 1, u"sibling_failed"_s));
    script.schedule(900 * kMs, 0, 300, 1);
    script.schedule(900 * kMs, 1, 300, 1);
    script.end(950 * kMs, EventKind::WorkerStopped, 0, 1);
    script.start(1200 * kMs, 0, 2);
    script.start(1200 * kMs, 1, 2);

    const TimelineIndex index = indexOf(script.log);
    const TimelineGap &sibling = index.lane(1).gaps.at(0);
    QCOMPARE(sibling.causeEvent, failure);
    QCOMPARE(sibling.causeWorker, 1);
    QCOMPARE(sibling.causeUs, 900 * kMs);
    QCOMPARE(sibling.fromUs, 950 * kMs); // it waits from the moment it is down
    QCOMPARE(sibling.untilUs, 1200 * kMs);
    const TimelineGap &own = index.lane(2).gaps.at(0);
    QCOMPARE(own.causeEvent, failure);
    QCOMPARE(own.fromUs, 900 * kMs);
    QCOMPARE(index.lane(1).bars[0].stoppingUs, 900 * kMs);
    QCOMPARE(index.lane(1).bars[0].end, BarEnd::Stopped);
    QCOMPARE(index.restartDecisions().size(), size_t(1));
}

void TestTimelineIndex::aRescheduledRestartKeepsOneGap()
{
    LogScript script({ u"workers=2"_s, u"strategy=one-for-all"_s });
    script.start(0, 0, 1);
    script.start(0, 1, 1);
    script.end(100 * kMs, EventKind::WorkerCompleted, 0, 1);
    script.schedule(100 * kMs, 0, 300, 1);
    const qsizetype failure = script.end(200 * kMs, EventKind::WorkerFailed, 1, 1, u"error"_s);
    script.schedule(200 * kMs, 0, 300, 2);
    script.schedule(200 * kMs, 1, 300, 1);

    const TimelineIndex index = indexOf(script.log);
    const auto &gaps = index.lane(1).gaps;
    QCOMPARE(gaps.size(), size_t(1));
    QCOMPARE(gaps[0].fromUs, 100 * kMs);
    QCOMPARE(gaps[0].scheduledUs, 200 * kMs);
    QCOMPARE(gaps[0].attempt, 2u);
    QCOMPARE(gaps[0].causeEvent, failure);
    QCOMPARE(index.restartDecisions().size(), size_t(2)); // the completion's restart, then the group's
}

void TestTimelineIndex::aStopCancelsTheWaitingRestart()
{
    LogScript script;
    script.start(0, 0, 1);
    script.end(100, EventKind::WorkerFailed, 0, 1, u"error"_s);
    script.schedule(100, 0, 5000, 1);
    script.add(2000, LifecycleEvent::supervisor(EventKind::SupervisorStopping));
    const TimelineIndex index = indexOf(script.log);
    const TimelineGap &gap = index.lane(1).gaps.at(0);
    QCOMPARE(gap.untilUs, 2000);
    QVERIFY(gap.cancelled);
    QCOMPARE(gap.restartEvent, -1);
}

void TestTimelineIndex::aRestartCancelledBeforeTheWorkerIsDownLeavesNoGap()
{
    // One-for-all: worker 1 is asked to stop when worker 0 fails, and its restart is decided while it is still
    // stopping; the supervisor stops before worker 1 is down, so worker 1 never waited for that restart.
    LogScript script({ u"workers=2"_s, u"strategy=one-for-all"_s });
    script.start(0, 0, 1);
    script.start(0, 1, 1);
    script.end(100, EventKind::WorkerFailed, 0, 1, u"error"_s);
    script.add(100, LifecycleEvent::forWorker(EventKind::WorkerStopping, 1, 1, u"sibling_failed"_s));
    script.schedule(100, 0, 500, 1);
    script.schedule(100, 1, 500, 1);
    script.add(300, LifecycleEvent::supervisor(EventKind::SupervisorStopping));
    script.end(400, EventKind::WorkerStopped, 1, 1);
    const TimelineIndex index = indexOf(script.log);
    QCOMPARE(index.lane(1).gaps.size(), size_t(1)); // worker 0 was down and waiting: its wait is cancelled
    QVERIFY(index.lane(1).gaps.at(0).cancelled);
    QCOMPARE(index.lane(1).gaps.at(0).untilUs, 300);
    QVERIFY(index.lane(2).gaps.empty()); // no wait overlapping the bar that ran until 400
    QCOMPARE(index.lane(2).bars.at(0).endUs, 400);
}

void TestTimelineIndex::stoppingIsMarkedOnTheBar()
{
    LogScript script;
    script.start(0, 0, 1);
    const qsizetype stopping
        = script.add(400, LifecycleEvent::forWorker(EventKind::WorkerStopping, 0, 1, u"shutdown"_s));
    script.end(1400, EventKind::WorkerAbandoned, 0, 1);
    const TimelineIndex index = indexOf(script.log);
    const TimelineBar &bar = index.lane(1).bars.at(0);
    QCOMPARE(bar.stoppingUs, 400);
    QCOMPARE(bar.stoppingEvent, stopping);
    QCOMPARE(bar.end, BarEnd::Abandoned);
}

void TestTimelineIndex::circuitPeriodsOpenAndClose()
{
    LogScript script({ u"workers=2"_s });
    script.add(1000, LifecycleEvent::circuit(EventKind::CircuitOpened, 1));
    script.add(6000, LifecycleEvent::circuit(EventKind::CircuitHalfOpen, 1));
    script.add(9000, LifecycleEvent::circuit(EventKind::CircuitClosed, 1));
    script.add(9500, LifecycleEvent::circuit(EventKind::CircuitOpened, 0));
    const TimelineIndex index = indexOf(script.log);
    const std::vector<TimelinePeriod> &all = index.lane(0).circuitPeriods;
    QCOMPARE(all.size(), size_t(3));
    QCOMPARE(all[0].fromUs, 1000);
    QCOMPARE(all[0].untilUs, 6000);
    QVERIFY(!all[0].halfOpen);
    QCOMPARE(all[1].untilUs, 9000);
    QVERIFY(all[1].halfOpen);
    QCOMPARE(all[2].worker, 0);
    QCOMPARE(all[2].untilUs, TimelineIndex::kOpen);
    QCOMPARE(index.lane(2).circuitPeriods.size(), size_t(2)); // worker 1's own lane
    QCOMPARE(index.lane(1).circuitPeriods.size(), size_t(1));
    QVERIFY(index.lane(2).bars.empty()); // circuit events do not make bars
}

void TestTimelineIndex::intensityLimitFollowsConfigChanges()
{
    LogScript script({ u"max_restarts=4"_s, u"within=2000"_s });
    TimelineIndex index = indexOf(script.log);
    QCOMPARE(index.maxRestarts(), 4);
    QCOMPARE(index.withinUs(), 2000 * kMs);
    script.add(10, LifecycleEvent::configChanged(u"max_restarts"_s, u"unlimited"_s));
    script.add(20, LifecycleEvent::configChanged(u"within"_s, u"750"_s));
    index.update(script.log);
    QCOMPARE(index.maxRestarts(), -1);
    QCOMPARE(index.withinUs(), 750 * kMs);
}

void TestTimelineIndex::updatesInChunksEqualOneUpdate()
{
    VirtualRuntime runtime(withSettings(SupervisorConfig(),
        { u"virtual_time=true"_s, u"workers=4"_s, u"strategy=rest-for-one"_s, u"failure_mode=mixed"_s,
            u"failure_rate=0.5"_s, u"work_min=0"_s, u"work_max=300"_s, u"delay=50"_s, u"duration=20000"_s,
            u"breaker_threshold=3"_s, u"breaker_window=1000"_s, u"breaker_cooldown=500"_s, u"seed=11"_s }));
    runtime.run();
    const EventLog &log = *runtime.log();
    const TimelineIndex whole = indexOf(log);

    // Replays the same log into a second one a few events at a time, updating after each chunk.
    EventLog growing;
    TimelineIndex chunked;
    for (qsizetype i = 0; i < log.size(); ++i) {
        growing.append(log.at(i));
        if (i % 7 == 3)
            chunked.update(growing);
    }
    chunked.update(growing);
    QCOMPARE(chunked.laneCount(), whole.laneCount());
    for (int lane = 0; lane < whole.laneCount(); ++lane)
        QVERIFY2(chunked.lane(lane) == whole.lane(lane), qPrintable(u"lane %1"_s.arg(lane)));
    QVERIFY(chunked.restartDecisions() == whole.restartDecisions());
    QVERIFY(!whole.lane(0).circuitPeriods.empty());
}

void TestTimelineIndex::realRunsMapOntoBarsAndGaps_data()
{
    QTest::addColumn<QStringList>("settings");
    QTest::newRow("one-for-one") << QStringList { u"workers=3"_s, u"failure_mode=mixed"_s, u"delay=100"_s };
    QTest::newRow("one-for-all") << QStringList { u"workers=4"_s, u"strategy=one-for-all"_s, u"delay=20"_s };
    QTest::newRow("rest-for-one, backoff")
        << QStringList { u"workers=5"_s, u"strategy=rest-for-one"_s, u"backoff=exponential"_s, u"jitter=full"_s };
    QTest::newRow("hangs and shutdown") << QStringList { u"workers=2"_s, u"failure_mode=hang"_s,
        u"heartbeat_timeout=200"_s, u"shutdown_timeout=100"_s };
    QTest::newRow("transient and temporary")
        << QStringList { u"workers=3"_s, u"restart=transient,temporary,permanent"_s };
}

void TestTimelineIndex::realRunsMapOntoBarsAndGaps()
{
    QFETCH(QStringList, settings);
    VirtualRuntime runtime(withSettings(SupervisorConfig(),
        QStringList { u"virtual_time=true"_s, u"failure_rate=0.5"_s, u"work_min=10"_s, u"work_max=400"_s,
            u"duration=30000"_s, u"seed=5"_s }
            + settings));
    runtime.run();
    const EventLog &log = *runtime.log();
    QVERIFY(LogInvariants::check(log).isEmpty());
    const TimelineIndex index = indexOf(log);

    size_t bars = 0;
    for (int laneIndex = 1; laneIndex < index.laneCount(); ++laneIndex) {
        const TimelineLane &lane = index.lane(laneIndex);
        bars += lane.bars.size();
        for (const TimelineBar &bar : lane.bars) {
            const LifecycleEvent start = log.at(bar.startEvent);
            const LifecycleEvent end = log.at(bar.endEvent);
            QCOMPARE(start.kind, EventKind::WorkerStarted);
            QVERIFY(end.isTerminal());
            QCOMPARE(end.worker, lane.worker);
            QCOMPARE(end.incarnation, bar.incarnation);
            QCOMPARE(TimelineIndex::barEndOf(end), bar.end);
        }
        for (size_t i = 1; i < lane.bars.size(); ++i)
            QVERIFY(lane.bars[i - 1].endUs <= lane.bars[i].startUs);
        for (const TimelineGap &gap : lane.gaps) {
            QVERIFY(gap.fromUs <= gap.untilUs);
            const EventKind cause = log.at(gap.causeEvent).kind;
            QVERIFY(cause == EventKind::WorkerFailed || cause == EventKind::WorkerCompleted);
            if (gap.restartEvent >= 0) {
                QCOMPARE(log.at(gap.restartEvent).kind, EventKind::WorkerStarted);
                QVERIFY(gap.untilUs - gap.scheduledUs >= gap.delayMs * kMs); // never sooner than decided
            } else {
                QVERIFY(gap.cancelled);
            }
        }
    }
    QCOMPARE(qint64(bars), log.count(EventKind::WorkerStarted));
    QVERIFY(index.isRunOver());
}

void TestTimelineIndex::restartsWithinTheWindowReachTheLimitAtGiveUp()
{
    VirtualRuntime runtime(withSettings(SupervisorConfig(),
        { u"virtual_time=true"_s, u"failure_rate=1"_s, u"work_min=10"_s, u"work_max=10"_s, u"delay=100"_s,
            u"max_restarts=3"_s, u"within=5000"_s }));
    runtime.run();
    const TimelineIndex index = indexOf(*runtime.log());
    QVERIFY(index.gaveUpUs() > 0);
    QCOMPARE(index.restartsWithin(index.gaveUpUs()), 3);
    QCOMPARE(index.restartsWithin(index.gaveUpUs() + 5000 * kMs), 0); // the window has moved past them all
    QCOMPARE(index.restartsWithin(index.restartDecisions().front().tUs), 1);
    QCOMPARE(index.restartsWithin(index.restartDecisions().front().tUs - 1), 0);
}

void TestTimelineIndex::packedEndsAndTheLongestGapFollowBarsAndGaps()
{
    // Real runs, a stop cancelling waits among them, and one restart decided while its worker was still stopping.
    VirtualRuntime runtime(withSettings(SupervisorConfig(),
        { u"virtual_time=true"_s, u"workers=4"_s, u"strategy=one-for-all"_s, u"failure_mode=mixed"_s,
            u"failure_rate=0.6"_s, u"work_min=0"_s, u"work_max=300"_s, u"delay=400"_s, u"duration=20000"_s,
            u"seed=4"_s }));
    runtime.run();
    const TimelineIndex index = indexOf(*runtime.log());
    int cancelled = 0;
    for (int laneIndex = 1; laneIndex < index.laneCount(); ++laneIndex) {
        const TimelineLane &lane = index.lane(laneIndex);
        QCOMPARE(lane.barEndsUs.size(), lane.bars.size());
        for (size_t i = 0; i < lane.bars.size(); ++i)
            QCOMPARE(lane.barEndsUs[i], lane.bars[i].endUs);
        QCOMPARE(lane.gapEndsUs.size(), lane.gaps.size());
        qint64 longestUs = 0;
        for (size_t i = 0; i < lane.gaps.size(); ++i) {
            QCOMPARE(lane.gapEndsUs[i], lane.gaps[i].untilUs);
            if (lane.gaps[i].untilUs != TimelineIndex::kOpen)
                longestUs = std::max(longestUs, lane.gaps[i].untilUs - lane.gaps[i].fromUs);
            cancelled += lane.gaps[i].cancelled;
        }
        QCOMPARE(lane.longestGapUs, longestUs);
        QVERIFY(longestUs > 0);
    }
    QVERIFY(cancelled > 0);

    // A wait cancelled by the stop is a gap like any other: here the longest.
    LogScript script;
    script.start(0, 0, 1);
    script.end(100, EventKind::WorkerFailed, 0, 1, u"error"_s);
    script.schedule(100, 0, 10, 1);
    script.start(110, 0, 2);
    script.end(200, EventKind::WorkerFailed, 0, 2, u"error"_s);
    script.schedule(200, 0, 5000, 2);
    script.add(2000, LifecycleEvent::supervisor(EventKind::SupervisorStopping));
    const TimelineIndex scripted = indexOf(script.log);
    const TimelineLane &lane = scripted.lane(1);
    QCOMPARE(lane.longestGapUs, 1800);
    QCOMPARE(lane.gapEndsUs.size(), size_t(2));
    QCOMPARE(lane.gapEndsUs[0], 110);
    QCOMPARE(lane.gapEndsUs[1], 2000);
}

void TestTimelineIndex::anUpdateTakesInNoMoreThanAsked()
{
    const std::shared_ptr<EventLog> log = scenarioRun(u"seed"_s, 3);
    QVERIFY(log->size() > 10);
    TimelineIndex index;
    QCOMPARE(index.update(*log, 4).events, 4);
    QCOMPARE(index.eventCount(), 4);
    QCOMPARE(index.update(*log, 2).events, 0); // never back
    QCOMPARE(index.update(*log, log->size() + 5).events, log->size() - 4);
    QCOMPARE(index.eventCount(), log->size());
}

void TestTimelineIndex::chunkedVectorKeepsItsItemsAcrossChunks()
{
    // Far more items than one chunk holds (64 KiB of them), added and taken back across chunk boundaries.
    ChunkedVector<qint64> items;
    std::vector<qint64> expected;
    for (qint64 i = 0; i < 50'000; ++i) {
        items.push_back(i * 3);
        expected.push_back(i * 3);
        if (i % 9'000 == 8'999) {
            for (int pop = 0; pop < 5'000; ++pop) {
                items.pop_back();
                expected.pop_back();
            }
        }
    }
    QCOMPARE(items.size(), expected.size());
    QVERIFY(std::equal(items.begin(), items.end(), expected.begin(), expected.end()));
    for (size_t i = 0; i < expected.size(); i += 997)
        QCOMPARE(items[i], expected[i]);
    QCOMPARE(items.front(), expected.front());
    QCOMPARE(items.back(), expected.back());
    // Random access as the painter's searches use it.
    const auto below = [](qint64 value) { return value < 60'001; };
    const auto found = std::partition_point(items.begin(), items.end(), below);
    QCOMPARE(*found, 60'003);
    QCOMPARE(found - items.begin(), std::partition_point(expected.begin(), expected.end(), below) - expected.begin());
    ChunkedVector<qint64> copy = items;
    QVERIFY(copy == items);
    copy.back() = -1;
    QVERIFY(!(copy == items));
}

void TestTimelineIndex::chunkedVectorDropsItsOldestItems()
{
    ChunkedVector<qint64> items;
    std::vector<qint64> expected;
    qint64 next = 0;
    for (int round = 0; round < 6; ++round) {
        for (int i = 0; i < 7'000 + round * 1'000; ++i) {
            items.push_back(next);
            expected.push_back(next++);
        }
        const size_t drop = expected.size() / 3 + size_t(round) * 11;
        items.dropFront(drop);
        expected.erase(expected.begin(), expected.begin() + std::ptrdiff_t(drop));
        QCOMPARE(items.size(), expected.size());
        QVERIFY(std::equal(items.begin(), items.end(), expected.begin(), expected.end()));
        QCOMPARE(items.front(), expected.front());
        QCOMPARE(items.back(), expected.back());
    }
    items.pop_back();
    expected.pop_back();
    QVERIFY(std::equal(items.begin(), items.end(), expected.begin(), expected.end()));
    ChunkedVector<qint64> same;
    for (const qint64 item : expected)
        same.push_back(item);
    QVERIFY(same == items); // the same items, whatever left before them
    items.dropFront(items.size() + 5);
    QVERIFY(items.empty());
    items.push_back(4);
    QCOMPARE(items.front(), 4);
    QCOMPARE(items[0], 4);
}

void TestTimelineIndex::pastTheBudgetTheOlderHalfIsSummarised()
{
    // A worker that runs 10 ms, fails and waits 5 ms, 400 times: 2 s of run time.
    LogScript script;
    qint64 tUs = 0;
    for (quint32 incarnation = 1; incarnation <= 400; ++incarnation) {
        script.start(tUs, 0, incarnation);
        tUs += 10'000;
        script.end(tUs, EventKind::WorkerFailed, 0, incarnation, u"error"_s);
        script.schedule(tUs, 0, 5, incarnation);
        tUs += 5'000;
    }
    TimelineIndex whole;
    whole.setDetailBudgetBytes(0);
    whole.update(script.log);
    TimelineIndex bounded;
    const size_t budget = whole.detailBytes() * 3 / 4;
    bounded.setDetailBudgetBytes(budget);
    bounded.update(script.log);

    // Over budget once: the older half of the run's time (0 to ~3 s) went into the summary.
    const qint64 halfUs = whole.lastEventUs() / 2;
    QCOMPARE(bounded.detailFromUs(), halfUs);
    QVERIFY(bounded.detailBytes() <= budget);
    QVERIFY(bounded.detailBytes() < whole.detailBytes() * 2 / 3);
    const TimelineLane &lane = bounded.lane(TimelineIndex::laneOfWorker(0));
    const TimelineLane &all = whole.lane(TimelineIndex::laneOfWorker(0));
    QVERIFY(lane.bars.front().endUs >= halfUs); // what is kept ends after the cutoff
    QVERIFY(all.bars[all.bars.size() - lane.bars.size() - 1].endUs < halfUs); // what left ended before it
    QCOMPARE(lane.bars.back(), all.bars.back());
    QCOMPARE(lane.gaps.back(), all.gaps.back());
    QCOMPARE(bounded.summaryBucketUs(), 100'000);
    // 100 ms buckets: each holds 100 ms of time, running two thirds of it, waiting a third.
    QVERIFY(lane.summary.size() >= 20);
    QCOMPARE(lane.summary[3].runningUs + lane.summary[3].waitingUs, 100'000);
    QVERIFY(qAbs(lane.summary[3].runningUs - 66'667) <= 5'000);
    quint32 starts = 0, failures = 0;
    for (const TimelineBucket &bucket : lane.summary) {
        starts += bucket.starts;
        failures += bucket.failures;
    }
    QCOMPARE(qsizetype(starts + lane.bars.size()), qsizetype(all.bars.size()));
    QCOMPARE(failures, starts); // every summarised bar ended in a failure
    // The root's lane: its marks (run_started, supervisor_started) are older than the cutoff, but the last one stays.
    QCOMPARE(bounded.lane(0).marks.size(), size_t(1));
    QCOMPARE(bounded.lane(0).summary.at(0).marks, 1u);

    // Reset keeps the budget, and starts over.
    bounded.reset();
    QCOMPARE(bounded.detailBudgetBytes(), budget);
    QCOMPARE(bounded.detailFromUs(), 0);
}

void TestTimelineIndex::summaryBucketsWidenAsTheRunGrows()
{
    // An hour between two runs of a worker: summaries stay within kMaxSummaryBuckets buckets a lane.
    LogScript script;
    qint64 tUs = 0;
    for (quint32 incarnation = 1; incarnation <= 50; ++incarnation) {
        script.start(tUs, 0, incarnation);
        tUs += 3'600'000'000;
        script.end(tUs, EventKind::WorkerFailed, 0, incarnation, u"error"_s);
        script.schedule(tUs, 0, 1, incarnation);
        tUs += 1'000;
    }
    TimelineIndex index;
    index.setDetailBudgetBytes(1);
    index.update(script.log);
    QVERIFY(index.detailFromUs() > 0);
    QVERIFY(index.summaryBucketUs() > 100'000);
    QVERIFY(index.summaryBucketUs() * qint64(TimelineIndex::kMaxSummaryBuckets) > index.detailFromUs());
    const TimelineLane &lane = index.lane(TimelineIndex::laneOfWorker(0));
    QVERIFY(lane.summary.size() <= TimelineIndex::kMaxSummaryBuckets);
    qint64 runningUs = 0;
    quint32 starts = 0;
    for (const TimelineBucket &bucket : lane.summary) {
        runningUs += bucket.runningUs;
        starts += bucket.starts;
    }
    QCOMPARE(qsizetype(starts + lane.bars.size()), 50);
    QCOMPARE(runningUs, qint64(starts) * 3'600'000'000);
    QCOMPARE(lane.bars.size(), size_t(1)); // only the last bar and gap stay under so small a budget
    QCOMPARE(lane.gaps.size(), size_t(1));
}

QTEST_GUILESS_MAIN(TestTimelineIndex)
#include "tst_timelineindex.moc"

void TestTimelineIndex::aNestedSupervisorHasALaneOfItsOwn()
{
    VirtualRuntime runtime(poolThatGivesUp());
    runtime.run();
    const EventLog &log = *runtime.log();
    QCOMPARE(LogInvariants::check(log), QStringList());
    const TimelineIndex index = indexOf(log);
    QCOMPARE(index.supervisorCount(), 2);
    QCOMPARE(index.parentOf(1), 0);
    QCOMPARE(index.supervisorOfWorker(1), 1);
    QCOMPARE(index.supervisorOfWorker(2), 0);
    QCOMPARE(index.laneCount(), 4); // the root and three workers, as before

    const TimelineLane &pool = index.supervisorLane(1);
    QCOMPARE(pool.supervisor, 1);
    QCOMPARE(pool.worker, -1);
    QVERIFY(pool.bars.size() >= 3);
    for (size_t i = 0; i < pool.bars.size(); ++i) {
        const TimelineBar &bar = pool.bars[i];
        QCOMPARE(bar.incarnation, quint32(i + 1));
        const LifecycleEvent started = log.at(bar.startEvent);
        QCOMPARE(started.kind, EventKind::SupervisorStarted);
        QCOMPARE(started.supervisorIndex, 1);
        if (bar.endUs == TimelineIndex::kOpen)
            continue;
        // Each incarnation gave up, or was stopped with the run; a give-up is where its stop began and its end.
        const LifecycleEvent ended = log.at(bar.endEvent);
        if (bar.end == BarEnd::GaveUp) {
            QCOMPARE(ended.kind, EventKind::SupervisorGaveUp);
            QCOMPARE(bar.stoppingEvent, bar.endEvent);
            QVERIFY(bar.stoppingUs <= bar.endUs);
        } else {
            QCOMPARE(bar.end, BarEnd::Stopped);
            QCOMPARE(ended.kind, EventKind::SupervisorStopped);
        }
        QCOMPARE(ended.supervisorIndex, 1);
    }
    QCOMPARE(pool.bars.front().end, BarEnd::GaveUp);
    // Its restart delays: from its exit to its next start, caused by itself.
    QVERIFY(!pool.gaps.empty());
    const TimelineGap &wait = pool.gaps.front();
    QCOMPARE(wait.causeSupervisor, 1);
    QCOMPARE(wait.causeWorker, -1);
    QCOMPARE(wait.causeEvent, pool.bars[0].endEvent);
    QCOMPARE(wait.fromUs, pool.bars[0].endUs);
    QCOMPARE(wait.delayMs, 300);
    QCOMPARE(log.at(wait.scheduleEvent).kind, EventKind::RestartScheduled);
    QCOMPARE(log.at(wait.scheduleEvent).worker, -1);
    QCOMPARE(wait.restartEvent, pool.bars[1].startEvent);
    QCOMPARE(wait.untilUs - wait.scheduledUs, 300 * kMs);
    QCOMPARE(pool.gapEndsUs.size(), pool.gaps.size());

    // The root's lane is as before: none of the pool's events are on it.
    for (const TimelineMark &mark : index.lane(0).marks)
        QVERIFY(!log.at(mark.event).isNestedSupervisors());
    QCOMPARE(index.gaveUpUs(), -1);

    // The pool's give-up cancelled its children's waits: no worker lane waits past it, nor restarts without a gap.
    const qint64 firstGiveUp = log.at(pool.bars.front().endEvent).tUs;
    for (int worker = 0; worker < 2; ++worker) {
        for (const TimelineGap &gap : index.lane(TimelineIndex::laneOfWorker(worker)).gaps)
            QVERIFY(gap.untilUs <= firstGiveUp || gap.fromUs >= firstGiveUp);
    }
}

void TestTimelineIndex::aSubtreeLaneShowsWhenAnyOfItsWorkersRuns()
{
    VirtualRuntime runtime(poolThatGivesUp());
    runtime.run();
    const EventLog &log = *runtime.log();
    const TimelineIndex index = indexOf(log);
    const TimelineLane &subtree = index.subtreeLane(1);
    // A bar wherever conn-1 or conn-2 runs: they start and fail together, so one bar per start of the group.
    const TimelineLane &conn1 = index.lane(TimelineIndex::laneOfWorker(0));
    QCOMPARE(subtree.bars.size(), conn1.bars.size());
    for (size_t i = 0; i < subtree.bars.size(); ++i) {
        QCOMPARE(subtree.bars[i].startUs, conn1.bars[i].startUs);
        QCOMPARE(subtree.bars[i].endUs, conn1.bars[i].endUs);
        QCOMPARE(subtree.bars[i].incarnation, 0u);
        QCOMPARE(subtree.barEndsUs[i], subtree.bars[i].endUs);
    }
    // A mark for each failure in it, and nothing of web.
    qint64 failures = 0;
    for (const LifecycleEvent &event : log.events())
        failures += event.kind == EventKind::WorkerFailed && event.worker < 2;
    QCOMPARE(qint64(subtree.marks.size()), failures);
    for (const TimelineMark &mark : subtree.marks)
        QCOMPARE(log.at(mark.event).kind, EventKind::WorkerFailed);
    QVERIFY(index.subtreeLane(0).bars.empty()); // the root's whole tree has lanes enough
}

void TestTimelineIndex::eachSupervisorCountsTheRestartsItDecided()
{
    VirtualRuntime runtime(poolThatGivesUp());
    runtime.runUntil(500 * kMs);
    const TimelineIndex index = indexOf(*runtime.log());
    // The conns failed at 100 ms (a group restart, one decision of the pool) and at 250 ms: more than 1 restart, so
    // the pool gave up; its restart is the root's decision.
    QCOMPARE(index.maxRestarts(1), 1);
    QCOMPARE(index.withinUs(1), 60'000 * kMs);
    QCOMPARE(index.restartDecisions(1).size(), size_t(1));
    QCOMPARE(index.restartsWithin(1, 500 * kMs), 1);
    QCOMPARE(index.restartDecisions().size(), size_t(1));
    QCOMPARE(index.maxRestarts(), 100);
    QCOMPARE(index.withinUs(), 1000 * kMs);
}

void TestTimelineIndex::aRestartCausedByASupervisorsExitPointsAtIt()
{
    // Under a one-for-all root, the pool's exit restarts web too: web's wait is caused by the pool's give-up.
    VirtualRuntime runtime(poolThatGivesUp(u"one-for-all"_s));
    runtime.runUntil(500 * kMs); // the pool gave up at 250 ms
    const EventLog &log = *runtime.log();
    const TimelineIndex index = indexOf(log);
    const TimelineLane &web = index.lane(TimelineIndex::laneOfWorker(2));
    QVERIFY(!web.gaps.empty());
    const TimelineGap &wait = web.gaps.front();
    QCOMPARE(wait.causeWorker, -1);
    QCOMPARE(wait.causeSupervisor, 1);
    QCOMPARE(wait.causeEvent, index.supervisorLane(1).bars.front().endEvent);
    QCOMPARE(log.at(wait.causeEvent).kind, EventKind::SupervisorGaveUp);
    QCOMPARE(web.bars.front().end, BarEnd::Stopped);
    // One decision of the root's restarted both.
    QCOMPARE(index.restartDecisions().size(), size_t(1));
}
