#include "policy/restartdelay.h"
#include "policy/supervisorconfig.h"
#include "world/seededdraws.h"

#include <QTest>

using namespace SupervisorLab;

class TestRestartDelay : public QObject
{
    Q_OBJECT

private slots:
    void fixedDelayIgnoresAttempt();
    void exponentialSequence_data();
    void exponentialSequence();
    void jitterStaysInBounds_data();
    void jitterStaysInBounds();
    void jitterSpreadsOverItsRange();
    void decorrelatedGrowsFromThePreviousDelay();
    void hugeAttemptsStayAtTheCap();
};

void TestRestartDelay::fixedDelayIgnoresAttempt()
{
    SupervisorConfig config;
    config.backoff = BackoffKind::Fixed;
    config.delayMs = 500;
    for (quint32 attempt : { 1u, 2u, 10u, 1000u })
        QCOMPARE(RestartDelay::nextMs(config, attempt, 0, 0.7), 500);
}

void TestRestartDelay::exponentialSequence_data()
{
    QTest::addColumn<qint64>("delayMs");
    QTest::addColumn<double>("factor");
    QTest::addColumn<qint64>("capMs");
    QTest::addColumn<QList<qint64>>("expected");

    // Kubernetes' crash-loop back-off: 10 s doubling, capped at 5 minutes.
    QTest::newRow("kubernetes") << qint64(10'000) << 2.0 << qint64(300'000)
                                << QList<qint64> { 10'000, 20'000, 40'000, 80'000, 160'000, 300'000, 300'000 };
    QTest::newRow("factor 3") << qint64(100) << 3.0 << qint64(5'000)
                              << QList<qint64> { 100, 300, 900, 2'700, 5'000, 5'000 };
    QTest::newRow("factor 1 is fixed") << qint64(250) << 1.0 << qint64(1'000) << QList<qint64> { 250, 250, 250 };
    QTest::newRow("fractional factor") << qint64(1'000) << 1.5 << qint64(10'000)
                                       << QList<qint64> { 1'000, 1'500, 2'250, 3'375, 5'063, 7'594, 10'000 };
    QTest::newRow("cap equal to base") << qint64(400) << 2.0 << qint64(400) << QList<qint64> { 400, 400, 400 };
}

void TestRestartDelay::exponentialSequence()
{
    QFETCH(qint64, delayMs);
    QFETCH(double, factor);
    QFETCH(qint64, capMs);
    QFETCH(QList<qint64>, expected);

    SupervisorConfig config;
    config.backoff = BackoffKind::Exponential;
    config.jitter = Jitter::None;
    config.delayMs = delayMs;
    config.backoffFactor = factor;
    config.maxDelayMs = capMs;
    QList<qint64> actual;
    for (quint32 attempt = 1; attempt <= quint32(expected.size()); ++attempt)
        actual << RestartDelay::nextMs(config, attempt, 0, 0.5);
    QCOMPARE(actual, expected);
}

void TestRestartDelay::jitterStaysInBounds_data()
{
    QTest::addColumn<Jitter>("jitter");
    QTest::addColumn<BackoffKind>("backoff");
    QTest::newRow("full, exponential") << Jitter::Full << BackoffKind::Exponential;
    QTest::newRow("equal, exponential") << Jitter::Equal << BackoffKind::Exponential;
    QTest::newRow("decorrelated, exponential") << Jitter::Decorrelated << BackoffKind::Exponential;
    QTest::newRow("full, fixed") << Jitter::Full << BackoffKind::Fixed;
    QTest::newRow("equal, fixed") << Jitter::Equal << BackoffKind::Fixed;
}

void TestRestartDelay::jitterStaysInBounds()
{
    QFETCH(Jitter, jitter);
    QFETCH(BackoffKind, backoff);
    SupervisorConfig config;
    config.backoff = backoff;
    config.jitter = jitter;
    config.delayMs = 100;
    config.backoffFactor = 2;
    config.maxDelayMs = 10'000;

    const SeededDraws draws(42);
    qint64 previous = 0;
    for (quint32 attempt = 1; attempt <= 2'000; ++attempt) {
        const quint32 step = (attempt - 1) % 12 + 1; // climb to the cap and start over, many times
        if (step == 1)
            previous = 0;
        const qint64 ceiling = RestartDelay::beforeJitterMs(config, step);
        const qint64 delay = RestartDelay::nextMs(config, step, previous, draws.unit(0, attempt, DrawStream::Jitter));
        qint64 low = 0;
        qint64 high = ceiling;
        switch (jitter) {
        case Jitter::Full:
            break;
        case Jitter::Equal:
            low = (ceiling + 1) / 2; // [ceiling/2, ceiling] in whole milliseconds
            break;
        case Jitter::Decorrelated:
            low = config.delayMs;
            high = std::min(config.maxDelayMs, 3 * std::max(previous, config.delayMs));
            break;
        case Jitter::None:
            low = ceiling;
        }
        if (delay < low || delay > high)
            QFAIL(qPrintable(
                QStringLiteral("attempt %1: delay %2 outside [%3, %4]").arg(step).arg(delay).arg(low).arg(high)));
        previous = delay;
    }
}

void TestRestartDelay::jitterSpreadsOverItsRange()
{
    SupervisorConfig config;
    config.backoff = BackoffKind::Fixed;
    config.jitter = Jitter::Full;
    config.delayMs = 1'000;
    const SeededDraws draws(7);
    int buckets[10] = {};
    const int samples = 20'000;
    for (int i = 0; i < samples; ++i) {
        const qint64 delay = RestartDelay::nextMs(config, 1, 0, draws.unit(0, quint32(i), DrawStream::Jitter));
        ++buckets[std::min<qint64>(9, delay / 100)];
    }
    for (int count : buckets) {
        // Each tenth of the range gets close to a tenth of the draws (binomial sd ~ 42).
        QVERIFY2(count > samples / 10 - 300 && count < samples / 10 + 300, qPrintable(QString::number(count)));
    }
}

void TestRestartDelay::decorrelatedGrowsFromThePreviousDelay()
{
    SupervisorConfig config;
    config.backoff = BackoffKind::Exponential;
    config.jitter = Jitter::Decorrelated;
    config.delayMs = 100;
    config.maxDelayMs = 100'000;
    // The top of the range is three times the previous delay; a draw near 1 lands there.
    QCOMPARE(RestartDelay::nextMs(config, 1, 0, 0.999999), 300);
    QCOMPARE(RestartDelay::nextMs(config, 2, 300, 0.999999), 900);
    QCOMPARE(RestartDelay::nextMs(config, 3, 900, 0.999999), 2'700);
    QCOMPARE(RestartDelay::nextMs(config, 3, 900, 0.0), 100);
    QCOMPARE(RestartDelay::nextMs(config, 9, 90'000, 0.999999), 100'000);
}

void TestRestartDelay::hugeAttemptsStayAtTheCap()
{
    SupervisorConfig config;
    config.backoff = BackoffKind::Exponential;
    config.delayMs = 1;
    config.backoffFactor = 1000;
    config.maxDelayMs = SupervisorConfig::kMaxMilliseconds;
    QCOMPARE(RestartDelay::nextMs(config, 4'000'000'000u, 0, 0.5), SupervisorConfig::kMaxMilliseconds);
}

QTEST_GUILESS_MAIN(TestRestartDelay)
#include "tst_restartdelay.moc"
