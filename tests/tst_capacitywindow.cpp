#include "world/capacitywindow.h"

#include <QTest>

using namespace SupervisorLab;

namespace {
constexpr qint64 kMs = 1000;
} // namespace

class TestCapacityWindow : public QObject
{
    Q_OBJECT

private slots:
    void acceptsAtMostCapacityPerWindow_data();
    void acceptsAtMostCapacityPerWindow();
    void unlimitedAcceptsEverything();
};

void TestCapacityWindow::acceptsAtMostCapacityPerWindow_data()
{
    QTest::addColumn<QList<qint64>>("attemptsMs");
    QTest::addColumn<QList<bool>>("accepted");
    // Capacity 2 per 1000 ms, the window (now - 1000 ms, now].
    QTest::newRow("two fit") << QList<qint64> { 0, 500 } << QList<bool> { true, true };
    QTest::newRow("a third is refused") << QList<qint64> { 0, 500, 999 } << QList<bool> { true, true, false };
    QTest::newRow("the first leaves the window exactly T later")
        << QList<qint64> { 0, 500, 1000 } << QList<bool> { true, true, true };
    QTest::newRow("a refused attempt takes no capacity")
        << QList<qint64> { 0, 0, 0, 1000, 1000 } << QList<bool> { true, true, false, true, true };
    QTest::newRow("a burst after a calm")
        << QList<qint64> { 0, 5000, 5000, 5000, 5999, 6000 } << QList<bool> { true, true, true, false, false, true };
}

void TestCapacityWindow::acceptsAtMostCapacityPerWindow()
{
    QFETCH(QList<qint64>, attemptsMs);
    QFETCH(QList<bool>, accepted);
    CapacityWindow db;
    for (qsizetype i = 0; i < attemptsMs.size(); ++i)
        QCOMPARE(db.tryAttempt(attemptsMs.at(i) * kMs, 2, 1000 * kMs), accepted.at(i));
}

void TestCapacityWindow::unlimitedAcceptsEverything()
{
    CapacityWindow db;
    for (int i = 0; i < 10'000; ++i)
        QVERIFY(db.tryAttempt(0, 0, 1000 * kMs));
}

QTEST_GUILESS_MAIN(TestCapacityWindow)
#include "tst_capacitywindow.moc"
