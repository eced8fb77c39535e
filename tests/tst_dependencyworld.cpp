#include "analysis/dependencytracker.h"
#include "analysis/loginvariants.h"
#include "runtime/virtualruntime.h"
#include "world/dependencyworld.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMs = 1000;

SupervisorConfig worldConfig(const char *json)
{
    SupervisorConfig config;
    const QString problem = config.applyJson(QJsonDocument::fromJson(QByteArray(json)).object());
    if (!problem.isEmpty())
        qFatal("%s", qPrintable(problem));
    config.virtualTime = true;
    return config;
}

// Two workers need db, which is down in [1 s, 3 s) and accepts 2 attempts per second; a third needs nothing.
const char *const kWorld = R"({
    "work_min": 1200, "work_max": 1200, "failure_rate": 0, "delay": 250, "duration": 6000,
    "dependencies": [ { "name": "db", "outages": [ { "at": 1000, "for": 2000 } ], "capacity": 2, "capacity_window": 1000 } ],
    "tree": { "name": "app", "children": [
        { "name": "conn", "count": 2, "depends_on": ["db"] }, { "name": "clock" } ] }
})";

QString changesText(const std::vector<DependencyWorld::Change> &changes)
{
    QStringList words;
    for (const DependencyWorld::Change &change : changes)
        words << (change.down ? u"down:"_s + change.reason : u"up"_s);
    return words.join(u' ');
}

} // namespace

class TestDependencyWorld : public QObject
{
    Q_OBJECT

private slots:
    void outagesChangeStateAtTheirEdges_data();
    void outagesChangeStateAtTheirEdges();
    void aDependencyDownAtTheStartIsDownFromTheFirstEvent();
    void startsAreRefusedWhileDownAndOverCapacity();
    void byHandOverridesTheSchedule();
    void runningDependentsFailTheMomentItGoesDown();
    void randomOutagesRepeatWithTheSeed();
    void recoveryLagIsMeasuredFromTheReturn();
};

void TestDependencyWorld::outagesChangeStateAtTheirEdges_data()
{
    QTest::addColumn<qint64>("atMs");
    QTest::addColumn<bool>("down");
    QTest::addColumn<QString>("changes"); // what advancing from the previous row to this one reports
    QTest::newRow("just before") << qint64(999) << false << QString();
    QTest::newRow("the first instant") << qint64(1000) << true << u"down:outage"_s;
    QTest::newRow("inside") << qint64(2999) << true << QString();
    QTest::newRow("the end is up again") << qint64(3000) << false << u"up"_s;
    QTest::newRow("after") << qint64(5000) << false << QString();
}

void TestDependencyWorld::outagesChangeStateAtTheirEdges()
{
    // The rows run in order against one world: a static one lives through them.
    static DependencyWorld world(worldConfig(kWorld));
    QFETCH(qint64, atMs);
    QFETCH(bool, down);
    QFETCH(QString, changes);
    QCOMPARE(changesText(world.advanceTo(atMs * kMs)), changes);
    QCOMPARE(world.isDown(0), down);

    // An outage shorter than the time between two looks is still seen to go down and come back.
    DependencyWorld blink(worldConfig(R"({"dependencies": [ { "name": "db", "outages": [ { "at": 10, "for": 1 } ] } ],
        "tree": { "name": "app", "children": [ { "name": "w" } ] } })"));
    QCOMPARE(changesText(blink.advanceTo(5000 * kMs)), u"down:outage up"_s);
}

void TestDependencyWorld::aDependencyDownAtTheStartIsDownFromTheFirstEvent()
{
    VirtualRuntime runtime(worldConfig(R"({"duration": 500, "failure_rate": 0,
        "dependencies": [ { "name": "db", "outages": [ { "at": 0, "for": 200 } ] } ],
        "tree": { "name": "app", "children": [ { "name": "w", "depends_on": ["db"] } ] } })"));
    runtime.run();
    const QList<LifecycleEvent> events = runtime.log()->events();
    QCOMPARE(events.at(1).kind, EventKind::DependencyDown); // right after run_started, before any start
    QCOMPARE(events.at(1).tUs, 0);
    const auto firstFailure = std::find_if(
        events.begin(), events.end(), [](const LifecycleEvent &e) { return e.kind == EventKind::WorkerFailed; });
    QVERIFY(firstFailure != events.end());
    QCOMPARE(firstFailure->reason, u"dependency: db"_s);
    QCOMPARE(firstFailure->tUs, 0);
    QCOMPARE(LogInvariants::check(*runtime.log()), QStringList());
}

void TestDependencyWorld::startsAreRefusedWhileDownAndOverCapacity()
{
    DependencyWorld world(worldConfig(kWorld));
    // Capacity 2 per second: a third start within the window is turned away, and takes no capacity.
    QCOMPARE(world.admit(0, 0).refused(), false);
    QCOMPARE(world.admit(1, 0).refused(), false);
    const DependencyWorld::Refusal full = world.admit(0, 500 * kMs);
    QCOMPARE(full.dependency, 0);
    QCOMPARE(full.kind, FailureKind::Overloaded);
    QCOMPARE(world.admit(2, 500 * kMs).refused(), false); // the clock needs nothing
    world.advanceTo(1000 * kMs);
    const DependencyWorld::Refusal down = world.admit(0, 1000 * kMs);
    QCOMPARE(down.kind, FailureKind::DependencyDown); // down comes before capacity
    world.advanceTo(3000 * kMs);
    QCOMPARE(world.admit(0, 3000 * kMs).refused(), false);
    world.setCapacity(0, 0); // unlimited from now on
    for (int i = 0; i < 10; ++i)
        QCOMPARE(world.admit(1, 3000 * kMs).refused(), false);
}

void TestDependencyWorld::byHandOverridesTheSchedule()
{
    DependencyWorld world(worldConfig(kWorld));
    QCOMPARE(changesText(world.takeDown(0, 500 * kMs)), u"down:manual"_s);
    QCOMPARE(changesText(world.advanceTo(3500 * kMs)), QString()); // the outage's end does not bring it back
    QVERIFY(world.isDown(0));
    QCOMPARE(world.nextChangeUs(), DependencyWorld::kNever);
    QCOMPARE(changesText(world.bringBack(0, 4000 * kMs)), u"up"_s);
    QCOMPARE(changesText(world.bringBack(0, 4000 * kMs)), QString()); // already up

    DependencyWorld early(worldConfig(kWorld));
    early.advanceTo(1500 * kMs);
    QVERIFY(early.isDown(0));
    QCOMPARE(changesText(early.bringBack(0, 1500 * kMs)), u"up"_s); // back before the outage was over
    QCOMPARE(changesText(early.advanceTo(3500 * kMs)), QString()); // and the rest of that outage is skipped
    QVERIFY(!early.isDown(0));
    QCOMPARE(changesText(early.takeDown(0, 3500 * kMs)), u"down:manual"_s);
}

void TestDependencyWorld::runningDependentsFailTheMomentItGoesDown()
{
    VirtualRuntime runtime(worldConfig(kWorld));
    runtime.run();
    const QList<LifecycleEvent> events = runtime.log()->events();
    QCOMPARE(LogInvariants::check(*runtime.log()), QStringList());
    QHash<int, qint64> startedUs;
    int lostAtOnce = 0;
    int attemptsWhileDown = 0;
    for (const LifecycleEvent &event : events) {
        if (event.kind == EventKind::WorkerStarted)
            startedUs.insert(event.worker, event.tUs);
        if (event.kind != EventKind::WorkerFailed)
            continue;
        QVERIFY2(event.worker != 2, "the clock needs nothing and never fails");
        QCOMPARE(event.failure, FailureKind::DependencyDown);
        QCOMPARE(event.reason, u"dependency: db"_s);
        QVERIFY(event.tUs >= 1000 * kMs && event.tUs < 3000 * kMs);
        if (event.tUs == 1000 * kMs && startedUs.value(event.worker) < event.tUs)
            ++lostAtOnce;
        else if (event.tUs == startedUs.value(event.worker))
            ++attemptsWhileDown;
    }
    QCOMPARE(lostAtOnce, 2);
    QCOMPARE(attemptsWhileDown, 2 * 7); // restarts every 250 ms in (1.0, 3.0) s: 1.25 ... 2.75
    // The same through the API, by hand, at 4 s: both dependents fail with it, and it is recorded as manual.
    VirtualRuntime byHand(worldConfig(kWorld));
    byHand.runUntil(4000 * kMs);
    QCOMPARE(byHand.takeDownDependency(0), QString());
    QVERIFY(!byHand.takeDownDependency(1).isEmpty());
    byHand.run();
    qsizetype manualFailures = 0;
    bool manual = false;
    for (const LifecycleEvent &event : byHand.log()->events()) {
        manual |= event.kind == EventKind::DependencyDown && event.reason == u"manual"_s;
        manualFailures += event.kind == EventKind::WorkerFailed && event.tUs == 4000 * kMs;
    }
    QVERIFY(manual);
    QCOMPARE(manualFailures, 2);
    QCOMPARE(LogInvariants::check(*byHand.log()), QStringList());
}

void TestDependencyWorld::randomOutagesRepeatWithTheSeed()
{
    const auto outages = [](quint64 seed) {
        SupervisorConfig config = worldConfig(R"({"duration": 120000, "failure_rate": 0,
            "dependencies": [ { "name": "cache", "mean_up": 5000, "mean_down": 1000 } ],
            "tree": { "name": "app", "children": [ { "name": "w", "depends_on": ["cache"] } ] } })");
        config.seed = seed;
        VirtualRuntime runtime(config);
        runtime.run();
        QList<qint64> times;
        for (const LifecycleEvent &event : runtime.log()->events()) {
            if (event.has(FieldDependency))
                times << event.tUs;
        }
        return times;
    };
    const QList<qint64> first = outages(11);
    QVERIFY(first.size() >= 20); // about 20 outages of 1 s in 2 minutes
    QCOMPARE(outages(11), first);
    QVERIFY(outages(12) != first);
}

void TestDependencyWorld::recoveryLagIsMeasuredFromTheReturn()
{
    // A fixed 700 ms delay: the dependents notice the return at their next restart, at most 700 ms late.
    SupervisorConfig config = worldConfig(kWorld);
    config.setValue(u"delay"_s, u"700"_s);
    config.setValue(u"work_max"_s, u"2000"_s);
    config.setValue(u"work_min"_s, u"2000"_s);
    VirtualRuntime runtime(config);
    runtime.run();
    DependencyTracker tracker;
    for (const LifecycleEvent &event : runtime.log()->events())
        tracker.observe(event);
    const DependencyTracker::Figures &db = tracker.figures(0);
    QCOMPARE(db.name, u"db"_s);
    QCOMPARE(db.outages, 1);
    QCOMPARE(db.downUs, 2000 * kMs);
    QCOMPARE(db.dependents, 2);
    QCOMPARE(db.dependentsLost, 2);
    QCOMPARE(db.recoveryLagsUs.size(), size_t(1));
    // Failed at 1.0 s, restarts every 700 ms: 1.7, 2.4, 3.1 s. The first gets through at 3.1 s, both at once,
    // and capacity 2 lets both in.
    QCOMPARE(db.recoveryLagsUs.front(), 100 * kMs);
    QCOMPARE(db.attemptsWhileDown, 4);
    QCOMPARE(db.refusedAttempts, 0);
}

QTEST_GUILESS_MAIN(TestDependencyWorld)
#include "tst_dependencyworld.moc"
