#include "scaledclock.h"

#include <QTest>
#include <QThread>

using namespace SupervisorLab;

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
    const ScaledClock clock;
    const qint64 first = clock.nowUs();
    QVERIFY(first >= 0 && first < 1'000'000);
    QThread::usleep(2'000);
    QVERIFY(clock.nowUs() > first);
}

void TestScaledClock::pauseFreezesTime()
{
    ScaledClock clock;
    clock.setPaused(true);
    const qint64 frozen = clock.nowUs();
    QThread::usleep(5'000);
    QCOMPARE(clock.nowUs(), frozen);
    QCOMPARE(clock.realUsUntil(frozen + 1'000), -1); // never, while paused
    clock.setPaused(false);
    QVERIFY(clock.nowUs() >= frozen);
    QThread::usleep(2'000);
    QVERIFY(clock.nowUs() > frozen);
    QVERIFY(clock.nowUs() - frozen < 1'000'000); // the paused time was not counted
}

void TestScaledClock::speedScalesTheWaitForATarget()
{
    ScaledClock clock;
    const qint64 target = clock.nowUs() + 1'000'000;
    clock.setSpeed(0.5);
    const qint64 slow = clock.realUsUntil(target);
    QVERIFY2(slow > 1'900'000 && slow <= 2'000'000, qPrintable(QString::number(slow)));
    clock.setSpeed(10.0);
    const qint64 fast = clock.realUsUntil(target);
    QVERIFY2(fast > 90'000 && fast <= 100'000, qPrintable(QString::number(fast)));
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
    const qint64 wait = clock.realUsUntil(501'000); // 500 ms of engine time at half speed, from where it jumped
    QVERIFY2(wait > 900'000 && wait <= 1'000'000, qPrintable(QString::number(wait)));
}

QTEST_GUILESS_MAIN(TestScaledClock)
#include "tst_scaledclock.moc"
