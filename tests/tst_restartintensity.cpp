#include "policy/restartintensity.h"

#include <QTest>

using namespace SupervisorLab;

class TestRestartIntensity : public QObject
{
    Q_OBJECT

private slots:
    void moreThanRWithinTGivesUp_data();
    void moreThanRWithinTGivesUp();
    void oldRestartsLeaveTheWindow();
    void zeroAllowsNoRestart();
    void unlimitedNeverGivesUp();
    void countsRestartsWithinTheWindow();
};

void TestRestartIntensity::moreThanRWithinTGivesUp_data()
{
    QTest::addColumn<qint64>("maxRestarts");
    QTest::addColumn<qint64>("withinUs");
    QTest::addColumn<qint64>("spacingUs");
    QTest::addColumn<int>("exceededAt"); // 1-based restart that exceeds; 0: never within 50
    QTest::newRow("R=3, quick succession") << qint64(3) << qint64(5'000'000) << qint64(1'000) << 4;
    QTest::newRow("R=1, OTP default (1 in 5 s)") << qint64(1) << qint64(5'000'000) << qint64(100'000) << 2;
    QTest::newRow("R=3, spaced wider than T/3") << qint64(3) << qint64(3'000'000) << qint64(1'000'001) << 0;
    QTest::newRow("R=3, spaced exactly T/3") << qint64(3) << qint64(3'000'000) << qint64(1'000'000) << 0;
    QTest::newRow("R=3, spaced just under T/3") << qint64(3) << qint64(3'000'000) << qint64(999'999) << 4;
}

void TestRestartIntensity::moreThanRWithinTGivesUp()
{
    QFETCH(qint64, maxRestarts);
    QFETCH(qint64, withinUs);
    QFETCH(qint64, spacingUs);
    QFETCH(int, exceededAt);
    RestartIntensity intensity;
    int exceeded = 0;
    for (int restart = 1; restart <= 50 && !exceeded; ++restart) {
        if (intensity.recordRestart(restart * spacingUs, maxRestarts, withinUs))
            exceeded = restart;
    }
    QCOMPARE(exceeded, exceededAt);
}

void TestRestartIntensity::oldRestartsLeaveTheWindow()
{
    RestartIntensity intensity;
    QVERIFY(!intensity.recordRestart(0, 2, 1'000));
    QVERIFY(!intensity.recordRestart(10, 2, 1'000));
    QVERIFY(!intensity.recordRestart(1'000, 2, 1'000)); // the first one has left (window is (t-T, t])
    QVERIFY(intensity.recordRestart(1'005, 2, 1'000));
}

void TestRestartIntensity::zeroAllowsNoRestart()
{
    RestartIntensity intensity;
    QVERIFY(intensity.recordRestart(0, 0, 1'000));
}

void TestRestartIntensity::unlimitedNeverGivesUp()
{
    RestartIntensity intensity;
    for (int i = 0; i < 10'000; ++i)
        QVERIFY(!intensity.recordRestart(i, -1, 1'000'000));
    QCOMPARE(intensity.restartsWithin(10'000, 1'000'000), 0); // nothing kept when there is no limit
}

void TestRestartIntensity::countsRestartsWithinTheWindow()
{
    RestartIntensity intensity;
    for (qint64 t : { 0, 100, 200, 300 })
        intensity.recordRestart(t, 10, 1'000);
    QCOMPARE(intensity.restartsWithin(300, 1'000), 4);
    QCOMPARE(intensity.restartsWithin(1'150, 1'000), 2);
    QCOMPARE(intensity.restartsWithin(5'000, 1'000), 0);
}

QTEST_GUILESS_MAIN(TestRestartIntensity)
#include "tst_restartintensity.moc"
