#include "world/outageschedule.h"

#include <QTest>

#include <cmath>

using namespace SupervisorLab;

namespace {
constexpr qint64 kMs = 1000;
constexpr qint64 kSecond = 1000 * kMs;
} // namespace

class TestOutageSchedule : public QObject
{
    Q_OBJECT

private slots:
    void fixedWindowsAreHalfOpen_data();
    void fixedWindowsAreHalfOpen();
    void overlappingAndTouchingOutagesMerge();
    void nextChangeWalksThroughEveryEdge();
    void randomOutagesRepeatForTheSeed();
    void randomOutagesHaveTheirMeans();
    void withoutOutagesNothingChanges();
};

void TestOutageSchedule::fixedWindowsAreHalfOpen_data()
{
    QTest::addColumn<qint64>("tUs");
    QTest::addColumn<bool>("down");
    QTest::addColumn<qint64>("outageStartUs");
    // db: down in [3 s, 11 s)
    QTest::newRow("before") << 3 * kSecond - 1 << false << qint64(-1);
    QTest::newRow("at the start") << 3 * kSecond << true << 3 * kSecond;
    QTest::newRow("inside") << 7 * kSecond << true << 3 * kSecond;
    QTest::newRow("last microsecond") << 11 * kSecond - 1 << true << 3 * kSecond;
    QTest::newRow("at the end: up again") << 11 * kSecond << false << qint64(-1);
}

void TestOutageSchedule::fixedWindowsAreHalfOpen()
{
    QFETCH(qint64, tUs);
    QFETCH(bool, down);
    QFETCH(qint64, outageStartUs);
    const OutageSchedule db({ { 3000, 8000 } }, 0, 0, 1, 0);
    QCOMPARE(db.isDownAt(tUs), down);
    QCOMPARE(db.outageStartAt(tUs), outageStartUs);
}

void TestOutageSchedule::overlappingAndTouchingOutagesMerge()
{
    // [1 s, 3 s) and [2 s, 4 s) overlap, [4 s, 5 s) touches them: one outage from 1 s to 5 s. [7 s, 8 s) is apart.
    const OutageSchedule db({ { 4000, 1000 }, { 1000, 2000 }, { 7000, 1000 }, { 2000, 2000 } }, 0, 0, 1, 0);
    QCOMPARE(db.outageStartAt(4500 * kMs), 1 * kSecond);
    QCOMPARE(db.nextChangeAfter(1 * kSecond), 5 * kSecond);
    QCOMPARE(db.nextChangeAfter(5 * kSecond), 7 * kSecond);
    QVERIFY(!db.isDownAt(6 * kSecond));
    QCOMPARE(db.nextChangeAfter(7 * kSecond), 8 * kSecond);
    QCOMPARE(db.nextChangeAfter(8 * kSecond), OutageSchedule::kNever);
}

void TestOutageSchedule::nextChangeWalksThroughEveryEdge()
{
    // Walking from change to change alternates between up and down, and every state in between is constant:
    // checked on a schedule that mixes fixed windows into random outages.
    const OutageSchedule db({ { 2000, 3000 }, { 30'000, 500 } }, 4000, 1500, 42, 3);
    qint64 t = 0;
    bool down = db.isDownAt(t);
    int changes = 0;
    while (t < 120 * kSecond) {
        const qint64 next = db.nextChangeAfter(t);
        QVERIFY(next > t);
        QCOMPARE(db.isDownAt(next - 1), down); // constant up to the change ...
        QCOMPARE(db.isDownAt((t + next) / 2), down);
        QCOMPARE(db.isDownAt(next), !down); // ... and different at it
        down = !down;
        t = next;
        ++changes;
    }
    QVERIFY(changes > 20);
}

void TestOutageSchedule::randomOutagesRepeatForTheSeed()
{
    const auto edges = [](quint64 seed, int dependency) {
        const OutageSchedule schedule({}, 10'000, 2000, seed, dependency);
        QList<qint64> changes;
        for (qint64 t = 0; changes.size() < 40; t = changes.last())
            changes << schedule.nextChangeAfter(t);
        return changes;
    };
    QCOMPARE(edges(7, 0), edges(7, 0));
    // Queried in another order (as another runtime might, late first), the same schedule: down at each outage's
    // start, up at its end.
    const QList<qint64> changes = edges(7, 0);
    const OutageSchedule queried({}, 10'000, 2000, 7, 0);
    for (int i = 39; i >= 0; --i)
        QCOMPARE(queried.isDownAt(changes.at(i)), i % 2 == 0);
    QVERIFY(edges(7, 0) != edges(8, 0));
    QVERIFY(edges(7, 0) != edges(7, 1)); // each dependency has outages of its own
}

void TestOutageSchedule::randomOutagesHaveTheirMeans()
{
    const OutageSchedule schedule({}, 20'000, 5000, 3, 0);
    qint64 up = 0;
    qint64 down = 0;
    int outages = 0;
    qint64 t = 0;
    while (outages < 4000) {
        const qint64 next = schedule.nextChangeAfter(t);
        (schedule.isDownAt(t) ? down : up) += next - t;
        outages += schedule.isDownAt(t) ? 1 : 0;
        t = next;
    }
    // 4000 exponential draws: the mean is within 5 % of its true value far more often than not (the standard
    // error is 1.6 %); the seed is fixed, so this is one known outcome, not a flaky one.
    const double meanUpMs = double(up) / outages / kMs;
    const double meanDownMs = double(down) / outages / kMs;
    QVERIFY2(std::abs(meanUpMs - 20'000) < 1000, qPrintable(QString::number(meanUpMs)));
    QVERIFY2(std::abs(meanDownMs - 5000) < 250, qPrintable(QString::number(meanDownMs)));
}

void TestOutageSchedule::withoutOutagesNothingChanges()
{
    const OutageSchedule none({}, 0, 5000, 1, 0); // a mean down without a mean up: no random outages
    QVERIFY(!none.isDownAt(0));
    QVERIFY(!none.isDownAt(1'000'000 * kSecond));
    QCOMPARE(none.nextChangeAfter(0), OutageSchedule::kNever);
}

QTEST_GUILESS_MAIN(TestOutageSchedule)
#include "tst_outageschedule.moc"
