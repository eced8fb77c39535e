#include "policy/circuitbreaker.h"

#include <QTest>

using namespace SupervisorLab;
using State = CircuitBreaker::State;

class TestCircuitBreaker : public QObject
{
    Q_OBJECT

private slots:
    void opensAfterThresholdFailuresInTheWindow();
    void failuresOutsideTheWindowDoNotCount();
    void halfOpenTrialThatFailsReopens();
    void cleanTrialCloses();
    void transitionsOnlyFromTheRightState();
    void thresholdZeroDisablesTheBreaker();
};

void TestCircuitBreaker::opensAfterThresholdFailuresInTheWindow()
{
    CircuitBreaker breaker;
    QVERIFY(!breaker.recordFailure(0, 3, 1'000));
    QVERIFY(!breaker.recordFailure(100, 3, 1'000));
    QCOMPARE(breaker.state(), State::Closed);
    QVERIFY(breaker.recordFailure(200, 3, 1'000));
    QCOMPARE(breaker.state(), State::Open);
    QVERIFY(!breaker.recordFailure(300, 3, 1'000)); // already open: no second opening
}

void TestCircuitBreaker::failuresOutsideTheWindowDoNotCount()
{
    CircuitBreaker breaker;
    QVERIFY(!breaker.recordFailure(0, 2, 1'000));
    QVERIFY(!breaker.recordFailure(1'000, 2, 1'000)); // the first has just left the window
    QVERIFY(breaker.recordFailure(1'500, 2, 1'000));
}

void TestCircuitBreaker::halfOpenTrialThatFailsReopens()
{
    CircuitBreaker breaker;
    QVERIFY(breaker.recordFailure(0, 1, 1'000));
    QVERIFY(breaker.halfOpen());
    QCOMPARE(breaker.state(), State::HalfOpen);
    QVERIFY(breaker.recordFailure(5'000, 1, 1'000));
    QCOMPARE(breaker.state(), State::Open);
}

void TestCircuitBreaker::cleanTrialCloses()
{
    CircuitBreaker breaker;
    breaker.recordFailure(0, 2, 10'000);
    breaker.recordFailure(1, 2, 10'000);
    QVERIFY(breaker.halfOpen());
    QVERIFY(breaker.close());
    QCOMPARE(breaker.state(), State::Closed);
    // Closing forgets the failures that opened it: it takes a full threshold again.
    QVERIFY(!breaker.recordFailure(2, 2, 10'000));
    QVERIFY(breaker.recordFailure(3, 2, 10'000));
}

void TestCircuitBreaker::transitionsOnlyFromTheRightState()
{
    CircuitBreaker breaker;
    QVERIFY(!breaker.halfOpen());
    QVERIFY(!breaker.close());
    breaker.recordFailure(0, 1, 100);
    QVERIFY(!breaker.close());
    QCOMPARE(breaker.state(), State::Open);
}

void TestCircuitBreaker::thresholdZeroDisablesTheBreaker()
{
    CircuitBreaker breaker;
    for (int i = 0; i < 100; ++i)
        QVERIFY(!breaker.recordFailure(i, 0, 1'000));
    QCOMPARE(breaker.state(), State::Closed);
}

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "tst_circuitbreaker.moc"
