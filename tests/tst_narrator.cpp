#include "events/eventlog.h"
#include "policyrun.h"
#include "runtime/supervisor.h"
#include "runtime/virtualruntime.h"
#include "teaching/explainer.h"
#include "teaching/narrator.h"
#include "testruns.h"
#include "testsettings.h"

#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

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
    void aFailureDuringShutdownIsNotRestarted();
    void aFailureWhileStoppedForAGiveUpOrAGroupDecidesNothing();
    void aStopThatOvertakesAFailureSaysItIsNotRestarted();
    void aShutdownThatCatchesFailingWorkersIsToldAsItHappens();
    void onThreadsEveryFailureToldAsRestartedIsRestartedOrTheStopSaysSo();
};

void TestNarrator::tellsTheSeedRunInPlainWords()
{
    Narrator narrator;
    QCOMPARE(narrator.narrate(started(1)), u"Run: 1 worker(s), one-for-one, seed 42."_s);
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
        u"Done: the worker was restarted 1 time(s) (1 failure(s), 0 completion(s))."_s);
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
    QCOMPARE(narrator.narrate(started(3)), u"Run: 3 worker(s), one-for-one, seed 42."_s);
    QCOMPARE(narrator.narrate(LifecycleEvent::forWorker(EventKind::WorkerStarted, 2, 1)), u"Worker 2: Started"_s);
    QCOMPARE(narrator.narrate(LifecycleEvent::forWorker(EventKind::WorkerFailed, 1, 1, u"heartbeat_timeout"_s)),
        u"Supervisor: No heartbeat from worker 1; declared it hung."_s);
    QCOMPARE(narrator.narrate(LifecycleEvent::forWorker(EventKind::WorkerFailed, 1, 1, u"exception: disk full"_s)),
        u"Worker 1: Crashed with exception: disk full"_s);
    QCOMPARE(narrator.narrate(LifecycleEvent::forWorker(EventKind::WorkerStopping, 0, 1, u"sibling_failed"_s)),
        u"Supervisor: Stopping worker 0 because a sibling failed."_s);
    QCOMPARE(narrator.narrate(LifecycleEvent::runFinished({ 5, 6, 2 })),
        u"Done: workers were restarted 5 time(s) (6 failure(s), 2 completion(s))."_s);
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
    QCOMPARE(said.first(), u"Run: 4 worker(s) under 2 supervisors (app one-for-one, pool one-for-all), seed 1."_s);
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

namespace {

// Worker and supervisor events of a flat run, as a log has them; `at` in milliseconds.
LifecycleEvent at(LifecycleEvent event, qint64 ms)
{
    event.tUs = ms * 1000;
    return event;
}

LifecycleEvent workerEvent(EventKind kind, int worker, quint32 incarnation, qint64 ms, const QString &reason = {})
{
    return at(LifecycleEvent::forWorker(kind, worker, incarnation, reason), ms);
}

// Both voices of the window and the command line, told the same events.
struct Told
{
    QStringList narrated;
    QStringList explained;
};

Told tell(const QList<LifecycleEvent> &events)
{
    Narrator narrator;
    Explainer explainer;
    Told told;
    for (const LifecycleEvent &event : events) {
        told.narrated << narrator.narrate(event);
        told.explained << explainer.explain(event);
    }
    return told;
}

// Whether an exit's explanation says its supervisor restarts it (the phrases of Explainer::groupDecision).
bool toldAsRestarted(const QString &sentence)
{
    return sentence.contains(u"only it is restarted"_s) || sentence.contains(u"restarted with it"_s)
        || sentence.contains(u"restarted even after a clean"_s);
}

qsizetype lastFailure(const QList<LifecycleEvent> &events)
{
    for (qsizetype i = events.size() - 1; i >= 0; --i) {
        if (events.at(i).kind == EventKind::WorkerFailed)
            return i;
    }
    return -1;
}

// The workers a stop's sentence says it overtook: "... the failures of workers 0, 2 and 5 came in as it stops ...".
QList<int> overtakenIn(const QString &sentence)
{
    const qsizetype end = sentence.indexOf(u" came in as it stops"_s);
    const qsizetype begin = sentence.lastIndexOf(u" of worker"_s, end);
    QList<int> workers;
    if (begin < 0 || end < 0)
        return workers;
    const QString list = sentence.mid(begin, end - begin);
    for (const QString &part : list.split(QRegularExpression(u"[^0-9]+"_s), Qt::SkipEmptyParts))
        workers << part.toInt();
    return workers;
}

} // namespace

// The issue: a worker that fails after it was asked to stop was told as if its supervisor restarted it. Its
// supervisor waited for that exit: it restarts nothing, and the narration says what does follow.
void TestNarrator::aFailureDuringShutdownIsNotRestarted()
{
    const QList<LifecycleEvent> events { started(3), at(LifecycleEvent::supervisor(EventKind::SupervisorStarted), 0),
        workerEvent(EventKind::WorkerStarted, 0, 1, 0), workerEvent(EventKind::WorkerStarted, 1, 1, 0),
        workerEvent(EventKind::WorkerStarted, 2, 1, 0),
        at(LifecycleEvent::supervisor(EventKind::SupervisorStopping), 500),
        workerEvent(EventKind::WorkerStopping, 2, 1, 500, u"shutdown"_s),
        workerEvent(EventKind::WorkerFailed, 2, 1, 510, u"error"_s), // asked to stop, it fails
        workerEvent(EventKind::WorkerStopping, 1, 1, 510, u"shutdown"_s),
        workerEvent(EventKind::WorkerFailed, 0, 1, 520, u"exception: disk full"_s), // not asked yet
        workerEvent(EventKind::WorkerStopped, 1, 1, 530),
        workerEvent(EventKind::WorkerStopping, 0, 1, 530, u"shutdown"_s),
        at(LifecycleEvent::supervisor(EventKind::SupervisorStopped), 530) };
    const Told told = tell(events);
    QCOMPARE(told.narrated.at(7),
        u"Worker 2: Simulated failure! It failed while stopping; the supervisor is shutting down, so it is not "
        "restarted."_s);
    QCOMPARE(told.explained.at(7),
        u"Worker 2 failed (error) while stopping; the supervisor is shutting down, so it is not restarted."_s);
    QCOMPARE(told.narrated.at(9),
        u"Worker 0: Crashed with exception: disk full. The supervisor is shutting down, so it is not restarted."_s);
    QCOMPARE(told.explained.at(9),
        u"Worker 0 failed (exception: disk full); the supervisor is shutting down, so it is not restarted."_s);
    for (const QString &sentence : told.explained + told.narrated)
        QVERIFY2(!toldAsRestarted(sentence) && !sentence.contains(u"restarting"_s), qPrintable(sentence));
}

// The same rule after a give-up, and for a worker stopped with its group (one-for-all): its exit is the one its
// supervisor waited for, and it restarts with the group, as the policy decided for the failure that began it.
void TestNarrator::aFailureWhileStoppedForAGiveUpOrAGroupDecidesNothing()
{
    PolicyRun giveUp(QJsonObject { { u"workers"_s, 2 }, { u"max_restarts"_s, 0 } });
    giveUp.acknowledgeStops = false;
    giveUp.start(0);
    giveUp.fail(0, 100); // one restart is more than none: it gives up, and asks worker 1 to stop
    giveUp.fail(1, 120); // which fails instead of stopping
    const Told gaveUp = tell(giveUp.events());
    const qsizetype failed = lastFailure(giveUp.events());
    QCOMPARE(gaveUp.narrated.at(failed),
        u"Worker 1: Simulated failure! It failed while stopping; the supervisor is giving up, so it is not "
        "restarted."_s);
    QCOMPARE(gaveUp.explained.at(failed),
        u"Worker 1 failed (error) while stopping; the supervisor is giving up, so it is not restarted."_s);

    PolicyRun group(QJsonObject { { u"workers"_s, 3 }, { u"strategy"_s, u"one-for-all"_s }, { u"delay"_s, 100 } });
    group.acknowledgeStops = false;
    group.start(0);
    group.fail(1, 100); // worker 2 is asked to stop first, for worker 1's group restart
    group.fail(2, 110); // and fails as it stops
    const Told grouped = tell(group.events());
    const qsizetype groupFailed = lastFailure(group.events());
    QCOMPARE(grouped.narrated.at(groupFailed),
        u"Worker 2: Simulated failure! It failed while stopping; it restarts with the group of worker 1: no new "
        "decision."_s);
    QCOMPARE(grouped.explained.at(groupFailed),
        u"Worker 2 failed (error) while stopping; it restarts with the group of worker 1: no new decision."_s);
    QVERIFY(std::none_of(group.events().begin(), group.events().end(), [](const LifecycleEvent &event) {
        return event.kind == EventKind::RestartScheduled && event.cause == RestartCause { 2, 1 };
    }));
}

// On threads a worker records its failure when it happens, and its supervisor decides when it hears of it: a stop
// begun in between comes first, and no restart follows the failure. The stop says so.
void TestNarrator::aStopThatOvertakesAFailureSaysItIsNotRestarted()
{
    const QList<LifecycleEvent> events { started(3), at(LifecycleEvent::supervisor(EventKind::SupervisorStarted), 0),
        workerEvent(EventKind::WorkerStarted, 0, 1, 0), workerEvent(EventKind::WorkerStarted, 1, 1, 0),
        workerEvent(EventKind::WorkerStarted, 2, 1, 0), workerEvent(EventKind::WorkerFailed, 0, 1, 200, u"error"_s),
        at(LifecycleEvent::restartScheduled(0, 500, 1, { 0, 1 }), 200), // heard and decided
        workerEvent(EventKind::WorkerFailed, 1, 1, 299, u"error"_s), // heard only after the stop below
        at(LifecycleEvent::supervisor(EventKind::SupervisorStopping), 300),
        workerEvent(EventKind::WorkerStopping, 2, 1, 300, u"shutdown"_s),
        workerEvent(EventKind::WorkerStopped, 2, 1, 301),
        at(LifecycleEvent::supervisor(EventKind::SupervisorStopped), 301) };
    const Told told = tell(events);
    QCOMPARE(told.narrated.at(8),
        u"Supervisor: Stopping worker supervision. The failure of worker 1 came in as it stops, so it is not "
        "restarted."_s);
    QVERIFY2(told.explained.at(8).endsWith(
                 u"a restart still pending is cancelled. The failure of worker 1 came in as it stops, so it is not "
                 "restarted."_s),
        qPrintable(told.explained.at(8)));
    QVERIFY2(!told.explained.at(8).contains(u"worker 0"_s), qPrintable(told.explained.at(8))); // it was decided
}

// A real run in virtual time whose shutdown catches failing workers: hung workers, declared so by their heartbeat
// timeout as they are being stopped, and others failing before they are asked. Whatever an exit is told to bring,
// the engine did.
void TestNarrator::aShutdownThatCatchesFailingWorkersIsToldAsItHappens()
{
    SupervisorConfig config = withSettings(SupervisorConfig(),
        { u"workers=3"_s, u"strategy=one-for-all"_s, u"failure_mode=hang"_s, u"failure_rate=1"_s, u"work_min=100"_s,
            u"work_max=300"_s, u"heartbeat_timeout=200"_s, u"shutdown_timeout=2000"_s, u"duration=1000"_s, u"seed=1"_s,
            u"virtual_time=true"_s });
    VirtualRuntime runtime(config);
    runtime.run();
    const QList<LifecycleEvent> events = runtime.log()->events();
    const Told told = tell(events);
    const qsizetype stop = std::find_if(events.begin(), events.end(), [](const LifecycleEvent &event) {
        return event.kind == EventKind::SupervisorStopping;
    }) - events.begin();
    QVERIFY(stop < events.size());
    int whileStopping = 0;
    int beforeAsked = 0;
    for (qsizetype i = 0; i < events.size(); ++i) {
        const LifecycleEvent &exit = events.at(i);
        if (exit.kind != EventKind::WorkerFailed)
            continue;
        const RestartCause cause { exit.worker, exit.incarnation };
        const bool restarted = std::any_of(events.begin() + i, events.end(), [&](const LifecycleEvent &event) {
            return event.kind == EventKind::RestartScheduled && event.cause == cause;
        });
        QVERIFY2(toldAsRestarted(told.explained.at(i)) == restarted, qPrintable(told.explained.at(i)));
        if (i < stop)
            continue;
        QVERIFY(!restarted);
        if (told.narrated.at(i).endsWith(
                u"It failed while stopping; the supervisor is shutting down, so it is not restarted."_s))
            ++whileStopping;
        else if (told.narrated.at(i).endsWith(u"The supervisor is shutting down, so it is not restarted."_s))
            ++beforeAsked;
        else
            QFAIL(qPrintable(told.narrated.at(i)));
    }
    QCOMPARE(whileStopping, 2);
    QCOMPARE(beforeAsked, 1);
}

// On threads, over runs short enough that the stop catches workers failing as fast as they can: every failure told
// as restarted is restarted, or the stop that overtook its decision says it is not.
void TestNarrator::onThreadsEveryFailureToldAsRestartedIsRestartedOrTheStopSaysSo()
{
    for (int round = 0; round < 3; ++round) {
        Supervisor supervisor(withSettings(SupervisorConfig(),
            { u"workers=8"_s, u"failure_rate=1"_s, u"work_min=0"_s, u"work_max=2"_s, u"delay=0"_s, u"duration=150"_s,
                u"seed=3"_s }));
        QSignalSpy finished(&supervisor, &Supervisor::finished);
        supervisor.start();
        QVERIFY(supervisor.isFinished() || finished.wait(kPatienceMs));
        const QList<LifecycleEvent> events = supervisor.log()->events();
        const Told told = tell(events);
        const qsizetype stop = std::find_if(events.begin(), events.end(), [](const LifecycleEvent &event) {
            return event.kind == EventKind::SupervisorStopping;
        }) - events.begin();
        QVERIFY(stop < events.size());
        for (qsizetype i = 0; i < events.size(); ++i) {
            const LifecycleEvent &exit = events.at(i);
            if (exit.kind != EventKind::WorkerFailed || !toldAsRestarted(told.explained.at(i)))
                continue;
            const RestartCause cause { exit.worker, exit.incarnation };
            if (std::any_of(events.begin() + i, events.end(), [&](const LifecycleEvent &event) {
                    return event.kind == EventKind::RestartScheduled && event.cause == cause;
                }))
                continue;
            QVERIFY(i < stop);
            QVERIFY2(overtakenIn(told.explained.at(stop)).contains(exit.worker), qPrintable(told.explained.at(stop)));
            QVERIFY2(overtakenIn(told.narrated.at(stop)).contains(exit.worker), qPrintable(told.narrated.at(stop)));
        }
    }
}

QTEST_GUILESS_MAIN(TestNarrator)
#include "tst_narrator.moc"
