#include "analysis/loginvariants.h"
#include "events/eventlog.h"
#include "runtime/virtualruntime.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

// A log from a compact description: "<t_us> <event> [worker#incarnation] [delay=MS]", one per entry.
std::unique_ptr<EventLog> logFrom(const QStringList &lines)
{
    auto log = std::make_unique<EventLog>();
    for (const QString &line : lines) {
        const QStringList words = line.split(u' ');
        LifecycleEvent event;
        event.tUs = words.at(0).toLongLong();
        event.kind = *eventKindFromName(words.at(1));
        for (const QString &word : words.mid(2)) {
            if (word.startsWith(u"delay=")) {
                event.delayMs = word.mid(6).toLongLong();
            } else if (word.startsWith(u"counts=")) {
                const auto counts = word.mid(7).split(u',');
                event.counts = { counts.at(0).toLongLong(), counts.at(1).toLongLong(), counts.at(2).toLongLong() };
            } else {
                const auto target = word.split(u'#');
                event.worker = target.at(0).toInt();
                event.incarnation = target.value(1).toUInt();
            }
        }
        log->record(event, event.tUs); // record, not append: a log with times going back must be expressible
    }
    return log;
}

const QStringList kValidRun {
    u"0 run_started"_s,
    u"0 supervisor_started"_s,
    u"0 worker_started 0#1"_s,
    u"100000 worker_failed 0#1"_s,
    u"100000 restart_scheduled 0 delay=50"_s,
    u"150000 worker_started 0#2"_s,
    u"200000 supervisor_stopping"_s,
    u"200000 worker_stopping 0#2"_s,
    u"210000 worker_stopped 0#2"_s,
    u"210000 supervisor_stopped"_s,
    u"210000 run_finished counts=1,1,0"_s,
};

} // namespace

class TestLogInvariants : public QObject
{
    Q_OBJECT

private slots:
    void aValidRunPasses();
    void eachBrokenRuleIsReported_data();
    void eachBrokenRuleIsReported();
    void aWorkerNeverRunsThroughItsDependencysOutage_data();
    void aWorkerNeverRunsThroughItsDependencysOutage();
    void theCheckerKnowsTheTree_data();
    void theCheckerKnowsTheTree();
};

void TestLogInvariants::aValidRunPasses()
{
    QCOMPARE(LogInvariants::check(*logFrom(kValidRun)), QStringList());
    // A program that says it is ready in each incarnation, the second time while it is being stopped.
    QStringList withReady = kValidRun;
    withReady.insert(3, u"50000 worker_ready 0#1"_s);
    withReady.insert(9, u"200000 worker_ready 0#2"_s);
    QCOMPARE(withReady.at(8), u"200000 worker_stopping 0#2"_s);
    QCOMPARE(LogInvariants::check(*logFrom(withReady)), QStringList());
}

void TestLogInvariants::eachBrokenRuleIsReported_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("replacement"); // replaces line `index` (lines split by '|'); empty: removes it
    QTest::addColumn<QString>("complaint");
    QTest::newRow("restart sooner than its delay") << 5 << u"149999 worker_started 0#2"_s << u"sooner than its delay"_s;
    QTest::newRow("restart without restart_scheduled") << 4 << QString() << u"without restart_scheduled"_s;
    QTest::newRow("two terminal events") << 4 << u"100000 worker_completed 0#1"_s << u"without a matching start"_s;
    QTest::newRow("incarnation skipped") << 5 << u"150000 worker_started 0#3"_s << u"expected incarnation 2"_s;
    QTest::newRow("start after stopping") << 4 << u"100000 restart_scheduled 0 delay=50|120000 supervisor_stopping"_s
                                          << u"started while the supervisor does not run or stops"_s;
    QTest::newRow("never ended") << 8 << QString() << u"never ended"_s;
    QTest::newRow("wrong counts") << 10 << u"210000 run_finished counts=2,1,0"_s << u"the log has 1, 1, 0"_s;
    QTest::newRow("does not begin with run_started") << 0 << QString() << u"first event is not run_started"_s;
    QTest::newRow("stop for a worker not running") << 7 << u"200000 worker_stopping 0#1"_s << u"while not running"_s;
    QTest::newRow("ready after the end") << 4 << u"100000 worker_ready 0#1|100000 restart_scheduled 0 delay=50"_s
                                         << u"worker 0 incarnation 1 ready (worker_ready) while not running"_s;
    QTest::newRow("ready before the start") << 5 << u"150000 worker_ready 0#2|150000 worker_started 0#2"_s
                                            << u"worker 0 incarnation 2 ready (worker_ready) while not running"_s;
    QTest::newRow("ready for an incarnation that is not the running one")
        << 2 << u"0 worker_started 0#1|10 worker_ready 0#2"_s
        << u"worker 0 incarnation 2 ready (worker_ready) while not running"_s;
    QTest::newRow("ready twice in one incarnation")
        << 2 << u"0 worker_started 0#1|10 worker_ready 0#1|20 worker_ready 0#1"_s
        << u"worker 0 incarnation 1 ready (worker_ready) twice: a program is ready once per incarnation"_s;
}

void TestLogInvariants::eachBrokenRuleIsReported()
{
    QFETCH(int, index);
    QFETCH(QString, replacement);
    QFETCH(QString, complaint);
    QStringList lines = kValidRun.mid(0, index);
    if (!replacement.isEmpty())
        lines += replacement.split(u'|');
    lines += kValidRun.mid(index + 1);
    const QStringList problems = LogInvariants::check(*logFrom(lines));
    QVERIFY2(!problems.filter(complaint).isEmpty(), qPrintable(problems.join(u" | "_s)));
}

namespace {

// A real run in a world: two workers, one of them needing db, which is down from 1 s to 2 s.
QList<LifecycleEvent> worldRun()
{
    SupervisorConfig config;
    const QString problem = config.applyJson(QJsonDocument::fromJson(R"({
        "work_min": 300, "work_max": 300, "failure_rate": 0, "delay": 200, "duration": 3000, "virtual_time": true,
        "dependencies": [ { "name": "db", "outages": [ { "at": 1000, "for": 1000 } ] } ],
        "tree": { "name": "app", "children": [ { "name": "conn", "depends_on": ["db"] }, { "name": "clock" } ] }
    })")
                                                 .object());
    if (!problem.isEmpty())
        qFatal("%s", qPrintable(problem));
    VirtualRuntime runtime(config);
    runtime.run();
    return runtime.log()->events();
}

// What the checker says of a log holding `events`, its complaints joined by "; ".
QString problemsOf(const QList<LifecycleEvent> &events)
{
    EventLog log;
    for (const LifecycleEvent &event : events)
        log.append(event);
    return LogInvariants::check(log).join(u"; "_s);
}

qsizetype indexOf(const QList<LifecycleEvent> &events, const std::function<bool(const LifecycleEvent &)> &match)
{
    for (qsizetype i = 0; i < events.size(); ++i) {
        if (match(events.at(i)))
            return i;
    }
    return -1;
}

} // namespace

void TestLogInvariants::aWorkerNeverRunsThroughItsDependencysOutage_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("complaint");
    QTest::newRow("the running dependent completes instead of failing")
        << u"lost-completes"_s
        << u"worker 0 incarnation 3 runs on after dependency db went down and ends worker_completed"_s;
    QTest::newRow("a start during the outage is not failed")
        << u"attempt-runs"_s << u"runs on after dependency db went down and ends worker_completed"_s;
    QTest::newRow("a failure blamed on db while it is up")
        << u"blamed-while-up"_s
        << u"worker 1 incarnation 1 failed for 'dependency: db', which is not one of its dependencies"_s;
    QTest::newRow("an event naming a dependency the run lacks")
        << u"unknown-dependency"_s << u"dependency_down names dependency 3, which the run does not have"_s;
}

void TestLogInvariants::aWorkerNeverRunsThroughItsDependencysOutage()
{
    QFETCH(QString, change);
    QFETCH(QString, complaint);
    QList<LifecycleEvent> events = worldRun();
    QCOMPARE(problemsOf(events), QString()); // the real run keeps every rule
    const qsizetype down = indexOf(events, [](const LifecycleEvent &e) { return e.kind == EventKind::DependencyDown; });
    QVERIFY(down > 0);
    if (change == u"lost-completes") {
        const qsizetype lost = indexOf(events,
            [&](const LifecycleEvent &e) { return e.kind == EventKind::WorkerFailed && e.tUs == events.at(down).tUs; });
        QVERIFY(lost > down);
        events[lost].kind = EventKind::WorkerCompleted;
        events[lost].reason.clear();
    } else if (change == u"attempt-runs") {
        const qsizetype attempt = indexOf(events, [&](const LifecycleEvent &e) {
            return e.kind == EventKind::WorkerFailed && e.failure == FailureKind::DependencyDown
                && e.tUs > events.at(down).tUs;
        });
        QVERIFY(attempt > down);
        events[attempt].kind = EventKind::WorkerCompleted;
        events[attempt].reason.clear();
    } else if (change == u"blamed-while-up") {
        const qsizetype clockEnd = indexOf(
            events, [](const LifecycleEvent &e) { return e.kind == EventKind::WorkerCompleted && e.worker == 1; });
        events[clockEnd] = LifecycleEvent::workerFailed(1, 1, FailureKind::DependencyDown, u"db"_s);
        events[clockEnd].tUs = events.at(clockEnd - 1).tUs;
    } else {
        events[down].dependency = 3;
    }
    const QString problems = problemsOf(events);
    QVERIFY2(problems.contains(complaint), qPrintable(problems));
}

namespace {

// A real run of a tree: a pool of two under the root, beside a third worker; the pool gives up at once on a failure
// and is restarted; the shutdown stops everything one at a time.
QList<LifecycleEvent> treeRun()
{
    SupervisorConfig config;
    const QString problem = config.applyJson(QJsonDocument::fromJson(R"({
        "work_min": 400, "work_max": 400, "failure_rate": 0.5, "delay": 100, "duration": 3000, "virtual_time": true,
        "seed": 3, "tree": { "name": "app", "children": [
            { "name": "pool", "max_restarts": 0, "children": [ { "name": "a" }, { "name": "b" }, { "name": "d" } ] },
            { "name": "c" } ] }
    })")
                                                 .object());
    if (!problem.isEmpty())
        qFatal("%s", qPrintable(problem));
    VirtualRuntime runtime(config);
    runtime.run();
    return runtime.log()->events();
}

} // namespace

void TestLogInvariants::theCheckerKnowsTheTree_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("complaint");
    QTest::newRow("a start below a supervisor that gave up")
        << u"start-below-gave-up"_s << u"started while supervisor 1 does not run or stops"_s;
    QTest::newRow("a give-up asks the first started first") << u"forward-order"_s << u"still runs"_s;
    QTest::newRow("a supervisor stopped while a child runs")
        << u"early-stop"_s << u"supervisor 1 stopped while its child worker"_s;
    QTest::newRow("a nested supervisor restarted without restart_scheduled")
        << u"unscheduled"_s << u"supervisor 1 restarted without restart_scheduled"_s;
}

void TestLogInvariants::theCheckerKnowsTheTree()
{
    QFETCH(QString, change);
    QFETCH(QString, complaint);
    QList<LifecycleEvent> events = treeRun();
    QCOMPARE(problemsOf(events), QString()); // the real run keeps every rule
    const auto find = [&](const std::function<bool(const LifecycleEvent &)> &match) { return indexOf(events, match); };
    const qsizetype gaveUp = find([](const LifecycleEvent &e) { return e.kind == EventKind::SupervisorGaveUp; });
    QVERIFY2(gaveUp > 0, "the pool never gave up");
    if (change == u"start-below-gave-up") {
        LifecycleEvent start = LifecycleEvent::forWorker(EventKind::WorkerStarted, 0, 99);
        start.tUs = events.at(gaveUp).tUs;
        events.insert(gaveUp + 1, start);
    } else if (change == u"forward-order") {
        // The pool gives up with two of its workers running: ask the first started of them first.
        QHash<int, quint32> running;
        for (qsizetype i = 0; i < gaveUp; ++i) {
            if (events.at(i).kind == EventKind::WorkerStarted)
                running.insert(events.at(i).worker, events.at(i).incarnation);
            else if (events.at(i).isTerminal())
                running.remove(events.at(i).worker);
        }
        running.remove(3); // c is the root's
        QVERIFY(running.size() == 2);
        const int first = std::min(running.keys().at(0), running.keys().at(1));
        LifecycleEvent ask
            = LifecycleEvent::forWorker(EventKind::WorkerStopping, first, running.value(first), u"shutdown"_s);
        ask.tUs = events.at(gaveUp).tUs;
        events.insert(gaveUp + 1, ask);
    } else if (change == u"early-stop") {
        const qsizetype stopped = find(
            [&](const LifecycleEvent &e) { return e.kind == EventKind::SupervisorStopped && e.supervisorIndex == 1; });
        const LifecycleEvent moved = events.takeAt(stopped);
        events.insert(gaveUp + 1, moved);
    } else {
        const qsizetype scheduled
            = find([](const LifecycleEvent &e) { return e.kind == EventKind::RestartScheduled && e.worker < 0; });
        QVERIFY(scheduled > 0);
        events.removeAt(scheduled);
    }
    const QString problems = problemsOf(events);
    QVERIFY2(problems.contains(complaint), qPrintable(problems));
}

QTEST_GUILESS_MAIN(TestLogInvariants)
#include "tst_loginvariants.moc"
