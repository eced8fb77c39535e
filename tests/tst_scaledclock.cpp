#include "runtime/scaledclock.h"

#include <QElapsedTimer>
#include <QTest>

using namespace SupervisorLab;

namespace {

// Reads the clock until it shows a time past `afterUs`: time moves on, however long that takes here.
qint64 nextTimeAfter(const ScaledClock &clock, qint64 afterUs)
{
    qint64 now = clock.nowUs();
    while (now <= afterUs)
        now = clock.nowUs();
    return now;
}

// Whether the real wait until engine time `targetUs` is what `speed` makes of the engine time left, read just before
// and just after asking (within a microsecond of rounding): exact, however long the asking took.
bool waitIsBetweenReadings(const ScaledClock &clock, qint64 targetUs, double speed)
{
    const qint64 beforeUs = clock.nowUs();
    const qint64 waitUs = clock.realUsUntil(targetUs);
    const qint64 afterUs = clock.nowUs();
    const double least = double(targetUs - afterUs) / speed - 1;
    const double most = double(targetUs - beforeUs) / speed + 1;
    if (double(waitUs) >= least && double(waitUs) <= most)
        return true;
    qWarning("at %gx the wait until %lld us is %lld us, expected %.0f..%.0f", speed, targetUs, waitUs, least, most);
    return false;
}

} // namespace

class TestScaledClock : public QObject
{
    Q_OBJECT

private slots:
    void startsAtZeroAndMovesForward();
    void pauseFreezesTime();
    void speedScalesTheWaitForATarget();
    void speedChangesKeepTimeContinuous();
    void jumpSetsTimeAndKeepsPauseAndSpeed();
};

void TestScaledClock::startsAtZeroAndMovesForward()
{
    QElapsedTimer real;
    real.start();
    const ScaledClock clock;
    const qint64 first = clock.nowUs();
    QVERIFY(first >= 0 && first <= real.nsecsElapsed() / 1000); // no more than the real time since it began
    QVERIFY(nextTimeAfter(clock, first) > first);
}

void TestScaledClock::pauseFreezesTime()
{
    ScaledClock clock;
    clock.setPaused(true);
    const qint64 frozen = clock.nowUs();
    QElapsedTimer paused;
    paused.start();
    while (paused.nsecsElapsed() < 5'000'000)
        QCOMPARE(clock.nowUs(), frozen);
    QCOMPARE(clock.realUsUntil(frozen + 1'000), -1); // never, while paused
    QElapsedTimer resumed;
    resumed.start();
    clock.setPaused(false);
    QVERIFY(clock.nowUs() >= frozen);
    const qint64 moved = nextTimeAfter(clock, frozen) - frozen;
    // The clock moved only while it ran: the five paused milliseconds do not count.
    QVERIFY2(moved <= resumed.nsecsElapsed() / 1000 + 1, qPrintable(QString::number(moved)));
}

void TestScaledClock::speedScalesTheWaitForATarget()
{
    ScaledClock clock;
    const qint64 target = clock.nowUs() + 1'000'000;
    clock.setSpeed(0.5);
    QVERIFY(waitIsBetweenReadings(clock, target, 0.5)); // about two seconds
    clock.setSpeed(10.0);
    QVERIFY(waitIsBetweenReadings(clock, target, 10.0)); // about a tenth of a second
    QCOMPARE(clock.realUsUntil(0), 0);
}

void TestScaledClock::speedChangesKeepTimeContinuous()
{
    ScaledClock clock;
    qint64 previous = clock.nowUs();
    for (double speed : { 10.0, 0.1, 3.0, 1.0, 0.5 }) {
        clock.setSpeed(speed);
        QCOMPARE(clock.speed(), speed);
        const qint64 now = clock.nowUs();
        QVERIFY(now >= previous);
        previous = now;
    }
}

void TestScaledClock::jumpSetsTimeAndKeepsPauseAndSpeed()
{
    ScaledClock clock;
    clock.setPaused(true);
    clock.jumpTo(5'000'000);
    QCOMPARE(clock.nowUs(), 5'000'000); // paused: exactly there
    clock.jumpTo(1'000);
    QCOMPARE(clock.nowUs(), 1'000); // back as well as forward
    clock.setSpeed(0.5);
    clock.setPaused(false);
    QVERIFY(clock.nowUs() < 501'000);
    QVERIFY(waitIsBetweenReadings(clock, 501'000, 0.5)); // 500 ms of engine time at half speed from where it jumped
}

QTEST_GUILESS_MAIN(TestScaledClock)
#include "tst_scaledclock.moc"
