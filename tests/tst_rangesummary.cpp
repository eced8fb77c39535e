#include "analysis/rangesummary.h"
#include "events/eventlog.h"
#include "logscript.h"
#include "testruns.h"

#include <QTest>

#include <memory>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMs = 1000;

// Two workers over 4 s. Worker 0 fails at 1 s, is restarted at 1.5 s, completes at 3 s. Worker 1 starts at 0.5 s,
// fails at 2 s, is restarted at 2.2 s and runs on.
const EventLog &knownLog()
{
    static const std::unique_ptr<LogScript> script = [] {
        auto built = std::make_unique<LogScript>(QStringList { u"workers=2"_s });
        built->start(0, 0, 1);
        built->start(500 * kMs, 1, 1);
        built->end(1000 * kMs, EventKind::WorkerFailed, 0, 1, u"error"_s);
        built->schedule(1000 * kMs, 0, 500, 1);
        built->start(1500 * kMs, 0, 2);
        built->end(2000 * kMs, EventKind::WorkerFailed, 1, 1, u"heartbeat_timeout"_s);
        built->schedule(2000 * kMs, 1, 200, 1);
        built->start(2200 * kMs, 1, 2);
        built->end(3000 * kMs, EventKind::WorkerCompleted, 0, 2);
        return built;
    }();
    return script->log;
}

} // namespace

class TestRangeSummary : public QObject
{
    Q_OBJECT

private slots:
    void countsWhatHappenedWithinTheRange_data();
    void countsWhatHappenedWithinTheRange();
    void aWholeSeededRunAgreesWithItsOwnCounts();
};

void TestRangeSummary::countsWhatHappenedWithinTheRange_data()
{
    QTest::addColumn<qint64>("fromUs");
    QTest::addColumn<qint64>("toUs");
    QTest::addColumn<int>("restarts");
    QTest::addColumn<int>("failures");
    QTest::addColumn<int>("completions");
    QTest::addColumn<double>("availability");
    QTest::addColumn<qint64>("meanRestartDelayUs");

    // Worker 0 runs 0-1, 1.5-3 s; worker 1 runs 0.5-2, 2.2-4 s (up to the range's end).
    QTest::newRow("the whole run") << 0LL << 4000 * kMs << 2 << 2 << 1 << (2.5 + 3.3) / (4.0 + 3.5) << 350 * kMs;
    QTest::newRow("nothing yet started") << 0LL << 0LL << 0 << 0 << 0 << -1.0 << -1LL;
    QTest::newRow("a failure and its restart")
        << 900 * kMs << 1600 * kMs << 1 << 1 << 0 << (0.2 + 0.7) / 1.4 << 500 * kMs;
    QTest::newRow("the failure alone: the restart falls after the range")
        << 900 * kMs << 1400 * kMs << 0 << 1 << 0 << (0.1 + 0.5) / 1.0 << -1LL;
    QTest::newRow("the restart alone: its failure came before")
        << 1400 * kMs << 1600 * kMs << 1 << 0 << 0 << (0.1 + 0.2) / 0.4 << 500 * kMs;
    QTest::newRow("the range's end is open: an event at its end is outside")
        << 2500 * kMs << 3000 * kMs << 0 << 0 << 0 << 1.0 << -1LL;
    QTest::newRow("a worker not started counts from its first start") << 0LL << 500 * kMs << 0 << 0 << 0 << 1.0 << -1LL;
}

void TestRangeSummary::countsWhatHappenedWithinTheRange()
{
    QFETCH(qint64, fromUs);
    QFETCH(qint64, toUs);
    const RangeSummary summary = RangeSummary::of(knownLog(), fromUs, toUs);
    QCOMPARE(summary.fromUs, fromUs);
    QCOMPARE(summary.lengthUs(), toUs - fromUs);
    QTEST(summary.restarts, "restarts");
    QTEST(summary.failures, "failures");
    QTEST(summary.completions, "completions");
    QFETCH(double, availability);
    QVERIFY2(std::abs(summary.availability - availability) < 1e-9,
        qPrintable(u"%1, expected %2"_s.arg(summary.availability).arg(availability)));
    QTEST(summary.meanRestartDelayUs, "meanRestartDelayUs");
}

void TestRangeSummary::aWholeSeededRunAgreesWithItsOwnCounts()
{
    const std::shared_ptr<EventLog> log = scenarioRun(u"seed"_s, 7);
    QVERIFY(log && log->size() > 4);
    const RunCounts counts = log->counts();
    const RangeSummary whole = RangeSummary::of(*log, 0, log->lastTimeUs() + 1);
    QCOMPARE(whole.restarts, int(counts.restarts));
    QCOMPARE(whole.failures, int(counts.failures));
    QCOMPARE(whole.completions, int(counts.completions));
    QVERIFY(whole.availability > 0 && whole.availability <= 1);

    // Split anywhere, the halves add up to the whole.
    const qint64 middle = log->lastTimeUs() / 3;
    const RangeSummary first = RangeSummary::of(*log, 0, middle);
    const RangeSummary second = RangeSummary::of(*log, middle, log->lastTimeUs() + 1);
    QCOMPARE(first.restarts + second.restarts, whole.restarts);
    QCOMPARE(first.failures + second.failures, whole.failures);
    QCOMPARE(first.completions + second.completions, whole.completions);
}

QTEST_GUILESS_MAIN(TestRangeSummary)
#include "tst_rangesummary.moc"
