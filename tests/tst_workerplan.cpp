#include "policy/uniformdraw.h"
#include "runtime/workerend.h"
#include "world/seededdraws.h"
#include "world/workerplan.h"

#include <QSet>
#include <QTest>

using namespace SupervisorLab;

class TestWorkerPlan : public QObject
{
    Q_OBJECT

private slots:
    void drawsDependOnlyOnTheirKey();
    void streamsAreIndependent();
    void unitDrawsAreUniform();
    void betweenIsInclusive_data();
    void betweenIsInclusive();
    void workTimeStaysInRange();
    void failureRateIsReadWhenTheWorkEnds();
    void mixedModeDrawsEveryKind();
    void exceptionPlansCarryAMessage();
};

void TestWorkerPlan::drawsDependOnlyOnTheirKey()
{
    const SeededDraws a(12345);
    const SeededDraws b(12345);
    const SeededDraws other(12346);
    QCOMPARE(a.bits(3, 7, DrawStream::WorkTime), b.bits(3, 7, DrawStream::WorkTime));
    QVERIFY(a.bits(3, 7, DrawStream::WorkTime) != other.bits(3, 7, DrawStream::WorkTime));
    QVERIFY(a.bits(3, 7, DrawStream::WorkTime) != a.bits(4, 7, DrawStream::WorkTime));
    QVERIFY(a.bits(3, 7, DrawStream::WorkTime) != a.bits(3, 8, DrawStream::WorkTime));
    // Order of drawing does not matter: there is no hidden generator state.
    const quint64 late = a.bits(0, 1, DrawStream::Jitter);
    for (int i = 0; i < 100; ++i)
        a.bits(i, 1, DrawStream::FailureRoll);
    QCOMPARE(a.bits(0, 1, DrawStream::Jitter), late);
}

void TestWorkerPlan::streamsAreIndependent()
{
    const SeededDraws draws(1);
    QSet<quint64> seen;
    for (auto stream : { DrawStream::WorkTime, DrawStream::FailureRoll, DrawStream::FailureKind,
             DrawStream::FailureMessage, DrawStream::Jitter })
        seen.insert(draws.bits(0, 1, stream));
    QCOMPARE(seen.size(), 5);
}

void TestWorkerPlan::unitDrawsAreUniform()
{
    const SeededDraws draws(99);
    const int samples = 50'000;
    double sum = 0;
    int below = 0;
    for (int i = 0; i < samples; ++i) {
        const double u = draws.unit(i % 7, quint32(i), DrawStream::FailureRoll);
        QVERIFY(u >= 0.0 && u < 1.0);
        sum += u;
        below += u < 0.25;
    }
    QVERIFY(qAbs(sum / samples - 0.5) < 0.01);
    QVERIFY(qAbs(double(below) / samples - 0.25) < 0.01);
}

void TestWorkerPlan::betweenIsInclusive_data()
{
    QTest::addColumn<double>("unit");
    QTest::addColumn<qint64>("low");
    QTest::addColumn<qint64>("high");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("bottom") << 0.0 << qint64(10) << qint64(20) << qint64(10);
    QTest::newRow("top") << 0.999999999 << qint64(10) << qint64(20) << qint64(20);
    QTest::newRow("middle") << 0.5 << qint64(0) << qint64(9) << qint64(5);
    QTest::newRow("empty range") << 0.7 << qint64(5) << qint64(5) << qint64(5);
    QTest::newRow("inverted range") << 0.7 << qint64(5) << qint64(1) << qint64(5);
}

void TestWorkerPlan::betweenIsInclusive()
{
    QFETCH(double, unit);
    QFETCH(qint64, low);
    QFETCH(qint64, high);
    QFETCH(qint64, expected);
    QCOMPARE(uniformDraw(unit, low, high), expected);
}

void TestWorkerPlan::workTimeStaysInRange()
{
    SupervisorConfig config;
    config.seed = 5;
    config.workMinMs = 400;
    config.workMaxMs = 1600;
    qint64 lowest = std::numeric_limits<qint64>::max();
    qint64 highest = 0;
    for (quint32 incarnation = 1; incarnation <= 5'000; ++incarnation) {
        const WorkerPlan plan = WorkerPlan::draw(config, 0, incarnation);
        QVERIFY(plan.workUs >= 400'000 && plan.workUs <= 1'600'000);
        lowest = std::min(lowest, plan.workUs);
        highest = std::max(highest, plan.workUs);
    }
    QVERIFY(lowest < 420'000); // the whole range is used
    QVERIFY(highest > 1'580'000);
}

void TestWorkerPlan::failureRateIsReadWhenTheWorkEnds()
{
    SupervisorConfig config;
    config.seed = 8;
    const WorkerPlan plan = WorkerPlan::draw(config, 0, 1);
    QCOMPARE(plan.outcome(0.0), WorkOutcome::Complete);
    QCOMPARE(plan.outcome(1.0), WorkOutcome::Error);
    QCOMPARE(plan.outcome(plan.failureRoll), WorkOutcome::Complete); // fails strictly below the rate
    QCOMPARE(plan.outcome(std::nextafter(plan.failureRoll, 2.0)), WorkOutcome::Error);
}

void TestWorkerPlan::mixedModeDrawsEveryKind()
{
    SupervisorConfig config;
    config.failureMode = FailureMode::Mixed;
    int counts[4] = {};
    for (quint32 incarnation = 1; incarnation <= 3'000; ++incarnation)
        ++counts[int(WorkerPlan::draw(config, 1, incarnation).failureKind)];
    QCOMPARE(counts[int(WorkOutcome::Complete)], 0);
    for (WorkOutcome kind : { WorkOutcome::Error, WorkOutcome::Exception, WorkOutcome::Hang })
        QVERIFY(counts[int(kind)] > 900 && counts[int(kind)] < 1'100);
}

void TestWorkerPlan::exceptionPlansCarryAMessage()
{
    SupervisorConfig config;
    config.failureMode = FailureMode::Exception;
    const WorkerPlan plan = WorkerPlan::draw(config, 0, 3);
    QVERIFY(!plan.exceptionMessage.isEmpty());
    const LifecycleEvent thrown = WorkerEnd::of(plan, WorkOutcome::Exception).event(0, 3);
    QCOMPARE(thrown.reason, QStringLiteral("exception: ") + plan.exceptionMessage);
    QCOMPARE(thrown.failure, FailureKind::Exception);
    const LifecycleEvent error = WorkerEnd::of(plan, WorkOutcome::Error).event(0, 3);
    QCOMPARE(error.reason, QStringLiteral("error"));
    QCOMPARE(error.failure, FailureKind::Error);
    QCOMPARE(WorkerEnd::of(plan, WorkOutcome::Complete).event(0, 3).kind, EventKind::WorkerCompleted);
}

QTEST_GUILESS_MAIN(TestWorkerPlan)
#include "tst_workerplan.moc"
