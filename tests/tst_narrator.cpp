#include "policyrun.h"
#include "teaching/narrator.h"
#include "testruns.h"

#include <QJsonObject>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

QStringList narrated(const QList<LifecycleEvent> &events)
{
    Narrator narrator;
    QStringList said;
    for (const LifecycleEvent &event : events)
        said << narrator.narrate(event);
    return said;
}

LifecycleEvent started(int workers)
{
    return LifecycleEvent::runStarted(
        RunHeader { u"0"_s, 42, QJsonObject { { u"workers"_s, workers }, { u"strategy"_s, u"one-for-one"_s } } });
}

} // namespace

class TestNarrator : public QObject
{
    Q_OBJECT

private slots:
    void tellsTheSeedRunInPlainWords();
    void saysWhyEachRestartHappens();
    void namesWorkersWhenThereAreSeveral();
    void everyKindHasASentence();
    void groupStopsSayTheirCauseAndOrder();
    void eachSupervisorOfATreeSpeaksForItself();
    void aSupervisorThatGivesUpIsRestartedByItsParentOnlyIfPermanent();
    void stopsAndRestartsByHandAreSaidSo();
};

void TestNarrator::tellsTheSeedRunInPlainWords()
{
    Narrator narrator;
    QCOMPARE(narrator.narrate(started(1)), u"Run: 1 worker, one-for-one, seed 42."_s);
    QCOMPARE(narrator.narrate(LifecycleEvent::forWorker(EventKind::WorkerStarted, 0, 1)), u"Worker: Started"_s);
    QCOMPARE(narrator.narrate(LifecycleEvent::forWorker(EventKind::WorkerFailed, 0, 1, u"error"_s)),
        u"Worker: Simulated failure!"_s);
    QCOMPARE(
        narrator.narrate(LifecycleEvent::restartScheduled(0, 500, 1)), u"Supervisor: Worker failed, restarting..."_s);
    QCOMPARE(narrator.narrate(LifecycleEvent::supervisor(EventKind::SupervisorStopping)),
        u"Supervisor: Stopping worker supervision."_s);
    QCOMPARE(narrator.narrate(LifecycleEvent::forWorker(EventKind::WorkerStopped, 0, 2)),
        u"Worker: Received stop signal."_s);
    QCOMPARE(narrator.narrate(LifecycleEvent::runFinished({ 1, 1, 0 })),
        u"Done: the worker was restarted 1 time (1 failure, 0 completions)."_s);
}

void TestNarrator::saysWhyEachRestartHappens()
{
    Narrator narrator;
    narrator.narrate(started(1));
    narrator.narrate(LifecycleEvent::forWorker(EventKind::WorkerCompleted, 0, 1));
    // Unlike the article's supervisor, a completion is not called a failure.
    QCOMPARE(narrator.narrate(LifecycleEvent::restartScheduled(0, 500, 1)),
        u"Supervisor: Worker completed, restarting..."_s);
    narrator.narrate(LifecycleEvent::forWorker(EventKind::WorkerStopping, 0, 2, u"sibling_failed"_s));
    QCOMPARE(narrator.narrate(LifecycleEvent::restartScheduled(0, 500, 1)),
        u"Supervisor: Worker was stopped with its group, restarting..."_s);

    narrator.narrate(LifecycleEvent::forWorker(EventKind::WorkerCompleted, 0, 3));
    QCOMPARE(narrator.narrate(LifecycleEvent::restartScheduled(0, 500, 1, { 0, 3 })),
        u"Supervisor: Worker completed, restarting..."_s);

    // A worker that had already ended on its own when its sibling failed is restarted for the sibling: the
    // decision's cause says so, whatever its own end was.
    PolicyRun run(
        QJsonObject { { u"workers"_s, 2 }, { u"strategy"_s, u"one-for-all"_s }, { u"restart"_s, u"transient"_s } });
    run.start(0);
    run.complete(0, 100);
    run.fail(1, 200);
    const QStringList said = narrated(run.events());
    QVERIFY(said.contains(u"Supervisor: Worker 0 goes with the group: worker 1 failed (one-for-all), restarting..."_s));
    QVERIFY(said.contains(u"Supervisor: Worker 1 failed, restarting..."_s));
}

void TestNarrator::namesWorkersWhenThereAreSeveral()
{
    Narrator narrator;
    QCOMPARE(narrator.narrate(started(3)), u"Run: 3 workers, one-for-one, seed 42."_s);
    QCOMPARE(narrator.narrate(LifecycleEvent::forWorker(EventKind::WorkerStarted, 2, 1)), u"Worker 2: Started"_s);
    QCOMPARE(narrator.narrate(LifecycleEvent::forWorker(EventKind::WorkerFailed, 1, 1, u"heartbeat_timeout"_s)),
        u"Supervisor: No heartbeat from worker 1; declared it hung."_s);
    QCOMPARE(narrator.narrate(LifecycleEvent::forWorker(EventKind::WorkerFailed, 1, 1, u"exception: disk full"_s)),
        u"Worker 1: Crashed with exception: disk full"_s);
    QCOMPARE(narrator.narrate(LifecycleEvent::forWorker(EventKind::WorkerStopping, 0, 1, u"sibling_failed"_s)),
        u"Supervisor: Stopping worker 0 because a sibling failed."_s);
    QCOMPARE(narrator.narrate(LifecycleEvent::runFinished({ 5, 6, 2 })),
        u"Done: workers were restarted 5 times (6 failures, 2 completions)."_s);
}

void TestNarrator::everyKindHasASentence()
{
    Narrator narrator;
    for (int kind = 0; kind < kEventKindCount; ++kind) {
        LifecycleEvent event;
        event.kind = EventKind(kind);
        event.worker = event.has(FieldWorker) ? 0 : -1;
        QVERIFY2(!narrator.narrate(event).isEmpty(), qPrintable(eventName(event.kind)));
    }
}

void TestNarrator::groupStopsSayTheirCauseAndOrder()
{
    PolicyRun run(QJsonObject { { u"workers"_s, 3 }, { u"strategy"_s, u"one-for-all"_s }, { u"delay"_s, 100 } });
    run.start(0);
    run.fail(1, 100);
    run.fireRestarts(200);
    run.complete(0, 300);
    run.fireRestarts(400);
    run.stop(500);
    const QStringList said = narrated(run.events());
    const QStringList expected {
        u"Supervisor: Stopping worker 2 first, because worker 1 failed: the last started stops first, one at a time."_s,
        u"Supervisor: Stopping worker 0 because worker 1 failed."_s,
        // A permanent worker's completion restarts its group too, as in OTP: no sibling failed.
        u"Supervisor: Stopping worker 2 first, because worker 0 completed: the last started stops first, one at a "
        "time."_s,
        u"Supervisor: Stopping worker 1 because worker 0 completed."_s,
        u"Supervisor: Asking worker 2 to stop first: the last started stops first, one at a time."_s,
        u"Supervisor: Asking worker 1 to stop."_s, u"Supervisor: Asking worker 0 to stop."_s
    };
    QStringList stops;
    for (const QString &line : said) {
        if ((line.startsWith(u"Supervisor: Stopping worker "_s) && !line.endsWith(u"supervision."_s))
            || line.startsWith(u"Supervisor: Asking"_s))
            stops << line;
    }
    QCOMPARE(stops, expected);
}

void TestNarrator::eachSupervisorOfATreeSpeaksForItself()
{
    PolicyRun run(scenario(kPoolTree));
    run.start(0);
    run.fail(0, 100);
    run.fireRestarts(200);
    run.fail(2, 300);
    run.fireRestarts(400);
    run.fail(1, 500); // pool's third restart within its window: one too many
    run.fireRestarts(600);
    const QStringList said = narrated(run.events());
    QCOMPARE(said.first(), u"Run: 4 workers under 2 supervisors (app one-for-one, pool one-for-all), seed 1."_s);
    QCOMPARE(said.at(1), u"Supervisor app: Started."_s);
    QCOMPARE(said.at(2), u"Supervisor pool: Started."_s);
    const QStringList expected { u"Supervisor pool: conn-1 failed, restarting..."_s,
        u"Supervisor pool: conn-2 goes with the group: conn-1 failed (one-for-all), restarting..."_s,
        u"Supervisor pool: conn-3 goes with the group: conn-1 failed (one-for-all), restarting..."_s,
        u"Supervisor pool: Stopping conn-3 first, because conn-1 failed: the last started stops first, one at a "
        "time."_s,
        u"conn-3: Received stop signal."_s, u"Supervisor pool: Stopping conn-2 because conn-1 failed."_s };
    QCOMPARE(said.mid(said.indexOf(expected.first()), expected.size()), expected);
    const QStringList escalation {
        u"Supervisor pool: Giving up: restart intensity exceeded: more than 2 restarts within 60000 ms; stopping "
        "its children, the last started first, then exiting for app to decide."_s,
        u"Supervisor pool: Asking conn-3 to stop first: the last started stops first, one at a time."_s,
        u"conn-3: Received stop signal."_s, u"Supervisor pool: Asking conn-1 to stop."_s,
        u"conn-1: Received stop signal."_s, u"Supervisor pool: Stopped; app restarts it, as it is permanent."_s,
        u"Supervisor app: pool gave up, restarting..."_s,
        u"Supervisor pool: Started again (incarnation 2), with no restarts remembered."_s
    };
    QCOMPARE(said.mid(said.indexOf(escalation.first()), escalation.size()), escalation);
    for (const QString &line : said)
        QVERIFY2(!line.contains(u"worker -1"_s) && !line.contains(u"a sibling failed"_s), qPrintable(line));
}

void TestNarrator::aSupervisorThatGivesUpIsRestartedByItsParentOnlyIfPermanent()
{
    PolicyRun run(scenario(R"({"tree": {"name": "app", "children": [{"name": "pool", "restart": "transient",
        "max_restarts": 0, "children": [{"name": "b"}]}, {"name": "d"}]}})"));
    run.start(0);
    run.fail(0, 10);
    const QStringList said = narrated(run.events());
    QCOMPARE(said.last(),
        u"Supervisor pool: Stopped; app does not restart it: it is transient, and giving up is an exit with reason "
        "shutdown."_s);
    QVERIFY(run.policy().isAlive(1)); // d runs on
}

void TestNarrator::stopsAndRestartsByHandAreSaidSo()
{
    PolicyRun run(scenario(kPoolTree));
    run.start(0);
    run.terminate(1, 100);
    run.restartByHand(1, 200);
    run.giveUp(1, 300);
    const QStringList said = narrated(run.events());
    QVERIFY(said.contains(u"Supervisor pool: Stopping conn-2 by hand (terminate_child); it stays down."_s));
    QVERIFY(said.contains(u"Supervisor pool: Restarting conn-2 by hand (restart_child)..."_s));
    QVERIFY(said.contains(u"Supervisor pool: Giving up by hand; stopping its children, the last started first, then "
                          "exiting for app to decide."_s));
}

QTEST_GUILESS_MAIN(TestNarrator)
#include "tst_narrator.moc"
