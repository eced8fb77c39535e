#include "io/scenariocatalog.h"
#include "logscript.h"
#include "policyrun.h"
#include "runtime/virtualruntime.h"
#include "teaching/explainer.h"
#include "testruns.h"
#include "testsettings.h"

#include <QTest>

#include <optional>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMs = 1000;

// Explains every event of `script` and returns the sentences of the events at `indexes`.
QStringList sentencesAt(const LogScript &script, const QList<qsizetype> &indexes)
{
    Explainer explainer;
    QStringList sentences;
    for (qsizetype i = 0; i < script.log.size(); ++i) {
        const QString sentence = explainer.explain(script.log.at(i));
        if (indexes.contains(i))
            sentences << sentence;
    }
    return sentences;
}

QStringList explained(const QList<LifecycleEvent> &events)
{
    Explainer explainer;
    QStringList sentences;
    for (const LifecycleEvent &event : events)
        sentences << explainer.explain(event);
    return sentences;
}

// Whether the sentence explaining an exit says that its supervisor restarts something for it; nothing if it says
// neither.
std::optional<bool> announcesRestart(const QString &sentence)
{
    for (const char16_t *restart : { u"only it is restarted", u"restarted with it", u"restarted even after a clean",
             u"restarts it even after a clean", u"but no other worker is running", u"but no other child is running",
             u"started after it is running" }) {
        if (sentence.contains(QStringView(restart)))
            return true;
    }
    for (const char16_t *none : { u"no new decision", u"nothing under it is restarted", u"so it is not restarted",
             u"is final", u"never restarted", u"gives up instead" }) {
        if (sentence.contains(QStringView(none)))
            return false;
    }
    return std::nullopt;
}

} // namespace

class TestExplainer : public QObject
{
    Q_OBJECT

private slots:
    void aGroupFailureNamesTheWorkersItStops_data();
    void aGroupFailureNamesTheWorkersItStops();
    void restartDelaysSayWhereTheyComeFrom_data();
    void restartDelaysSayWhereTheyComeFrom();
    void completionsDependOnTheRestartType_data();
    void completionsDependOnTheRestartType();
    void hangsAndAbandonsNameTheirTimeouts();
    void theCircuitBreakerExplainsItsNumbers();
    void liveChangesAreFollowed();
    void everyEventOfRealRunsIsExplained();
    void aTreeIsExplainedWithTheDecidingSupervisorsOwnRules();
    void escalationIsExplainedByTheParentsRules();
    void aGroupOfATreeNamesItsMembers();
    void byHandAndAfterAStopNothingIsDecided();
    void everyDecisionAnnouncedIsTheOneTaken_data();
    void everyDecisionAnnouncedIsTheOneTaken();
};

void TestExplainer::aGroupFailureNamesTheWorkersItStops_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<int>("failed");
    QTest::addColumn<QString>("sentence");

    QTest::newRow("one-for-one") << u"one-for-one"_s << 2
                                 << u"Worker 2 failed (exception: disk full); one-for-one, so only it is restarted."_s;
    QTest::newRow("one-for-all") << u"one-for-all"_s << 2
                                 << u"Worker 2 failed (exception: disk full); one-for-all, so workers 0, 1 and 3 are "
                                    "stopped and restarted with it."_s;
    QTest::newRow("rest-for-one") << u"rest-for-one"_s << 1
                                  << u"Worker 1 failed (exception: disk full); rest-for-one, so workers 2 and 3, "
                                     "started after it, are stopped and restarted with it."_s;
    QTest::newRow("rest-for-one, last") << u"rest-for-one"_s << 3
                                        << u"Worker 3 failed (exception: disk full); rest-for-one, and no worker "
                                           "started after it is running."_s;
}

void TestExplainer::aGroupFailureNamesTheWorkersItStops()
{
    QFETCH(QString, strategy);
    QFETCH(int, failed);
    QFETCH(QString, sentence);
    LogScript script({ u"workers=4"_s, u"strategy="_s + strategy });
    for (int worker = 0; worker < 4; ++worker)
        script.start(0, worker, 1);
    const qsizetype failure = script.end(kMs, EventKind::WorkerFailed, failed, 1, u"exception: disk full"_s);
    QCOMPARE(sentencesAt(script, { failure }), QStringList { sentence });
}

void TestExplainer::restartDelaysSayWhereTheyComeFrom_data()
{
    QTest::addColumn<QStringList>("settings");
    QTest::addColumn<qint64>("delayMs");
    QTest::addColumn<quint32>("attempt");
    QTest::addColumn<QString>("sentence");

    QTest::newRow("fixed") << QStringList { u"delay=500"_s } << qint64(500) << 1u
                           << u"Restart #3 of the worker in 500 ms: fixed delay of 500 ms."_s;
    QTest::newRow("exponential")
        << QStringList { u"delay=100"_s, u"backoff=exponential"_s, u"max_delay=3200"_s } << qint64(800) << 4u
        << u"Restart #3 of the worker in 800 ms: exponential backoff, 100 ms × 2³ (attempt 4 since the last clean "
           "run)."_s;
    QTest::newRow("capped") << QStringList { u"delay=100"_s, u"backoff=exponential"_s, u"max_delay=3200"_s }
                            << qint64(3200) << 9u
                            << u"Restart #3 of the worker in 3.2 s: exponential backoff, 100 ms × 2⁸, capped at 3.2 s "
                               "(attempt 9 since the last clean run)."_s;
    QTest::newRow("full jitter") << QStringList { u"delay=200"_s, u"backoff=exponential"_s, u"jitter=full"_s }
                                 << qint64(173) << 2u
                                 << u"Restart #3 of the worker in 173 ms: exponential backoff, 200 ms × 2¹ (attempt 2 "
                                    "since the last clean run), then full jitter drew it from 0 ms–400 ms."_s;
    QTest::newRow("equal jitter") << QStringList { u"delay=300"_s, u"jitter=equal"_s } << qint64(222) << 1u
                                  << u"Restart #3 of the worker in 222 ms: fixed delay of 300 ms, then equal jitter "
                                     "drew it from 150 ms–300 ms."_s;
}

void TestExplainer::restartDelaysSayWhereTheyComeFrom()
{
    QFETCH(QStringList, settings);
    QFETCH(qint64, delayMs);
    QFETCH(quint32, attempt);
    QFETCH(QString, sentence);
    LogScript script(settings);
    script.start(0, 0, 3);
    script.end(kMs, EventKind::WorkerFailed, 0, 3, u"error"_s);
    const qsizetype decision = script.schedule(kMs, 0, delayMs, attempt);
    QCOMPARE(sentencesAt(script, { decision }), QStringList { sentence });
}

void TestExplainer::completionsDependOnTheRestartType_data()
{
    QTest::addColumn<int>("worker");
    QTest::addColumn<QString>("sentence");
    QTest::newRow("permanent") << 0
                               << u"Worker 0 finished its work; it is permanent, so it is restarted even after a clean "
                                  "finish."_s;
    QTest::newRow("transient") << 1 << u"Worker 1 finished its work; it is transient, so a clean finish is final."_s;
    QTest::newRow("temporary") << 2 << u"Worker 2 finished its work; it is temporary and never restarted."_s;
}

void TestExplainer::completionsDependOnTheRestartType()
{
    QFETCH(int, worker);
    QFETCH(QString, sentence);
    LogScript script({ u"workers=3"_s, u"restart=permanent,transient,temporary"_s });
    script.start(0, worker, 1);
    const qsizetype completion = script.end(kMs, EventKind::WorkerCompleted, worker, 1);
    QCOMPARE(sentencesAt(script, { completion }), QStringList { sentence });
}

void TestExplainer::hangsAndAbandonsNameTheirTimeouts()
{
    LogScript script(
        { u"workers=2"_s, u"heartbeat_timeout=500"_s, u"shutdown_timeout=800"_s, u"strategy=one-for-all"_s });
    script.start(0, 0, 1);
    script.start(0, 1, 1);
    const qsizetype hang = script.end(600 * kMs, EventKind::WorkerFailed, 1, 1, u"heartbeat_timeout"_s);
    script.start(700 * kMs, 1, 2);
    script.add(1000 * kMs, LifecycleEvent::supervisor(EventKind::SupervisorStopping));
    script.add(1000 * kMs, LifecycleEvent::forWorker(EventKind::WorkerStopping, 0, 1, u"shutdown"_s));
    const qsizetype abandoned = script.end(1800 * kMs, EventKind::WorkerAbandoned, 0, 1);
    QCOMPARE(sentencesAt(script, { hang, abandoned }),
        (QStringList { u"Worker 1 sent no heartbeat for 500 ms (the heartbeat timeout), so it is declared hung and "
                       "failed; one-for-all, so worker 0 is stopped and restarted with it."_s,
            u"Worker 0 ignored the request to stop for 800 ms (the shutdown timeout is 800 ms), so it is abandoned: "
            u"the "
            "shutdown does not wait for it any longer."_s }));
}

void TestExplainer::theCircuitBreakerExplainsItsNumbers()
{
    LogScript script({ u"breaker_threshold=3"_s, u"breaker_window=2000"_s, u"breaker_cooldown=3000"_s });
    const qsizetype opened = script.add(kMs, LifecycleEvent::circuit(EventKind::CircuitOpened, 0));
    const qsizetype halfOpen = script.add(4000 * kMs, LifecycleEvent::circuit(EventKind::CircuitHalfOpen, 0));
    QCOMPARE(sentencesAt(script, { opened, halfOpen }),
        (QStringList { u"The circuit opens for the worker: 3 failure(s) within 2 s reached the threshold, so no "
                       "restart for 3 s (the cooldown)."_s,
            u"The cooldown is over: the circuit is half-open and the worker gets one trial run."_s }));
}

void TestExplainer::liveChangesAreFollowed()
{
    LogScript script({ u"delay=500"_s });
    script.add(10, LifecycleEvent::configChanged(u"delay"_s, u"50"_s));
    script.start(20, 0, 1);
    script.end(kMs, EventKind::WorkerFailed, 0, 1, u"error"_s);
    const qsizetype decision = script.schedule(kMs, 0, 50, 1);
    QCOMPARE(sentencesAt(script, { decision }),
        QStringList { u"Restart #1 of the worker in 50 ms: fixed delay of 50 ms."_s });
}

void TestExplainer::everyEventOfRealRunsIsExplained()
{
    for (const QString &strategy : { u"one-for-one"_s, u"one-for-all"_s, u"rest-for-one"_s }) {
        VirtualRuntime runtime(withSettings(SupervisorConfig(),
            { u"virtual_time=true"_s, u"workers=4"_s, u"strategy="_s + strategy, u"failure_mode=mixed"_s,
                u"failure_rate=0.5"_s, u"backoff=exponential"_s, u"jitter=decorrelated"_s, u"breaker_threshold=3"_s,
                u"heartbeat_timeout=200"_s, u"shutdown_timeout=100"_s, u"duration=20000"_s, u"seed=9"_s }));
        runtime.run();
        Explainer explainer;
        for (const LifecycleEvent &event : runtime.log()->events()) {
            const QString sentence = explainer.explain(event);
            QVERIFY2(sentence.endsWith(u'.') && sentence.at(0).isUpper(),
                qPrintable(eventName(event.kind) + u": "_s + sentence));
            if (event.kind == EventKind::RestartScheduled)
                QVERIFY2(
                    sentence.contains(u"in %1 ms"_s.arg(event.delayMs)) || event.delayMs >= 1000, qPrintable(sentence));
        }
    }
}

void TestExplainer::aTreeIsExplainedWithTheDecidingSupervisorsOwnRules()
{
    PolicyRun run(scenario(kPoolTree));
    run.start(0);
    run.fail(0, 100);
    run.fireRestarts(200);
    run.complete(1, 300);
    run.fireRestarts(400);
    const QStringList said = explained(run.events());
    QCOMPARE(said.first(),
        u"A run of 4 worker(s) under a tree of 2 supervisors, seed 1: app is one-for-one (at most 5 restart(s) within "
        u"60 "
        "s), pool is one-for-all (at most 2 restart(s) within 60 s). Each decides with its own strategy and "
        "intensity."_s);
    // pool decides, with its own strategy: the root's one-for-one has no say.
    QVERIFY(said.contains(u"Worker 0 (conn-1) failed (error); pool is one-for-all, so conn-2 and conn-3 are stopped "
                          "and restarted with it."_s));
    QVERIFY(said.contains(u"Worker 2 (conn-3) is asked to stop first: pool is one-for-all, so it goes down with "
                          "conn-1, which failed; the last started stops first, one at a time."_s));
    QVERIFY(said.contains(u"Worker 1 (conn-2) is asked to stop, now that conn-3 is down: pool is one-for-all, so it "
                          "goes down with conn-1, which failed."_s));
    QVERIFY(said.contains(u"Restart #1 of worker 1 (conn-2) in 100 ms: fixed delay of 100 ms. It goes with the group "
                          "of conn-1, which failed."_s));
    // A permanent worker's completion restarts its group as a failure would, as in OTP.
    QVERIFY(said.contains(u"Worker 1 (conn-2) finished its work; it is permanent, so pool restarts it even after a "
                          "clean finish, and under one-for-all its whole group with it, as in OTP: conn-1 and conn-3 "
                          "are stopped and restarted with it."_s));
    QVERIFY(said.contains(u"Worker 2 (conn-3) is asked to stop first: pool is one-for-all, so it goes down with "
                          "conn-2, which completed and is permanent; the last started stops first, one at a time."_s));
}

void TestExplainer::escalationIsExplainedByTheParentsRules()
{
    PolicyRun run(scenario(kPoolTree));
    run.start(0);
    for (qint64 ms = 100; ms <= 300; ms += 100) {
        run.fail(2, ms);
        run.fireRestarts(ms + 50);
    }
    const QStringList said = explained(run.events());
    const QStringList expected {
        u"Worker 2 (conn-3) failed (error); restarting it would make 3 restart(s) within 60 s for pool, more than its "
        "limit of 2, so pool gives up instead."_s,
        u"Supervisor pool gives up after 2 restart(s) within 60 s: one more is more than its own restart intensity "
        "allows (at most 2 restart(s) within 60 s). It stops its children, the last started first, one at a time, and "
        "exits; then app restarts it, as it is permanent: OTP's escalation."_s,
        u"Worker 1 (conn-2) is asked to stop first, since pool gave up: it stops its children before it exits; the "
        "last started stops first, one at a time."_s,
        u"Worker 1 (conn-2) stopped when asked."_s,
        u"Worker 0 (conn-1) is asked to stop, now that conn-2 is down, since pool gave up: it stops its children "
        "before it exits."_s,
        u"Worker 0 (conn-1) stopped when asked."_s,
        u"Supervisor pool has stopped its children and exits, having given up; for app that is the exit of a child, "
        "and pool is permanent: app is one-for-one, so only it is restarted."_s,
        u"Restart #1 of supervisor pool in 100 ms: fixed delay of 100 ms. It gave up and is permanent, so app "
        "restarts it (OTP's escalation); the new pool remembers no restarts."_s,
        u"Supervisor pool starts again (incarnation 2): a new supervisor, with no restarts remembered, starts its "
        "children in order."_s
    };
    QCOMPARE(said.mid(said.indexOf(expected.first()), expected.size()), expected);

    // A transient supervisor's give-up is OTP's exit with reason shutdown: a normal exit, so it stays down.
    PolicyRun transient(scenario(R"({"tree": {"name": "app", "children": [{"name": "pool", "restart": "transient",
        "max_restarts": 0, "children": [{"name": "b"}]}, {"name": "d"}]}})"));
    transient.start(0);
    transient.fail(0, 10);
    const QStringList told = explained(transient.events());
    QCOMPARE(told.mid(told.size() - 3),
        (QStringList { u"Worker 0 (b) failed (error); restarting it would make 1 restart(s) within 5 s for pool, more "
                       "than its limit of 0, so pool gives up instead."_s,
            u"Supervisor pool gives up: its own restart intensity allows no restart (at most 0 restart(s) within 5 s). "
            "It stops its children, the last started first, one at a time, and exits; app will not restart it: a "
            "supervisor that gives up exits with reason shutdown, a normal exit for a transient child."_s,
            u"Supervisor pool has stopped its children and exits, having given up; app does not restart it: a "
            "supervisor that gives up exits with reason shutdown, a normal exit for a transient child."_s }));
}

void TestExplainer::aGroupOfATreeNamesItsMembers()
{
    // rest-for-one over a nested supervisor and a temporary worker: both go down, only the supervisor comes back.
    PolicyRun run(scenario(R"({"delay": 100, "tree": {"name": "app", "strategy": "rest-for-one", "children": [
        {"name": "a"}, {"name": "pool", "children": [{"name": "b"}, {"name": "c"}]},
        {"name": "d", "restart": "temporary"}]}})"));
    run.start(0);
    run.fail(0, 10);
    const QStringList said = explained(run.events());
    QVERIFY(said.contains(u"Worker 0 (a) failed (error); app is rest-for-one, so d and pool, started after it, are "
                          "stopped and pool is restarted with it; d is temporary, so not restarted."_s));
    QVERIFY(said.contains(u"Restart #1 of supervisor pool in 100 ms: fixed delay of 100 ms. It goes with the group of "
                          "a, which failed, and starts its whole subtree again."_s));
    QVERIFY(said.contains(u"Supervisor pool is asked to stop, now that d is down: app is rest-for-one, so it goes "
                          "down with a, which failed. It stops its own children first, the last started first, one at "
                          "a time, within its shutdown timeout of 1 s."_s));
    QVERIFY(said.contains(u"Worker 2 (c) is asked to stop first, since pool is stopped with its group and stops its "
                          "own children first; the last started stops first, one at a time."_s));
}

void TestExplainer::byHandAndAfterAStopNothingIsDecided()
{
    PolicyRun run(scenario(kPoolTree));
    run.start(0);
    run.terminate(1, 100);
    run.restartByHand(1, 200);
    run.fireRestarts(200);
    run.acknowledgeStops = false;
    run.stop(300); // web first, then pool's subtree
    run.stopped(3, 310);
    run.fail(2, 320); // conn-3 fails as it is being stopped
    const QStringList said = explained(run.events());
    QVERIFY(said.contains(u"Worker 1 (conn-2) is stopped by hand (terminate_child): it stays down until it is "
                          "restarted by hand, and pool restarts nothing for its exit."_s));
    QVERIFY(said.contains(u"Worker 1 (conn-2) is restarted by hand (restart_child), at once; a restart by hand does "
                          "not count toward pool's restart intensity."_s));
    QVERIFY(said.contains(u"Supervisor pool is asked to stop, now that web is down, since app is shutting down. It "
                          "stops its own children first, the last started first, one at a time, within its shutdown "
                          "timeout of 1 s."_s));
    QCOMPARE(said.at(run.events().size() - 2),
        u"Worker 2 (conn-3) failed (error) while stopping; pool is shutting down, so it is not restarted."_s);
}

void TestExplainer::everyDecisionAnnouncedIsTheOneTaken_data()
{
    QTest::addColumn<QJsonObject>("config");
    const QJsonObject tree = scenario(R"({"duration": 20000, "delay": 200, "failure_rate": 0.5, "work_min": 300,
        "work_max": 1500, "dependencies": [{"name": "db", "outages": [{"at": 3000, "for": 4000}]}],
        "tree": {"name": "app", "strategy": "one-for-one", "max_restarts": 5, "within": 5000, "children": [
            {"name": "pool", "strategy": "one-for-all", "max_restarts": 2, "within": 3000,
             "children": [{"name": "conn", "count": 3, "depends_on": ["db"]}]},
            {"name": "jobs", "strategy": "rest-for-one", "restart": "transient", "children": [
             {"name": "job", "count": 2}, {"name": "log", "restart": "temporary"}]},
            {"name": "web", "failure_rate": 0.1, "restart": "transient"}]}})");
    for (const quint64 seed : { 1, 2, 3, 4, 5, 6 }) {
        QJsonObject seeded = tree;
        seeded.insert(u"seed"_s, qint64(seed));
        QTest::addRow("a tree with an outage, seed %llu", seed) << seeded;
    }
    for (const QString &strategy : { u"one-for-all"_s, u"rest-for-one"_s }) {
        QTest::addRow("flat %s, mixed failures", qPrintable(strategy)) << withSettings(SupervisorConfig(),
            { u"workers=4"_s, u"strategy="_s + strategy, u"failure_mode=mixed"_s, u"failure_rate=0.5"_s,
                u"restart=permanent,transient,temporary,permanent"_s, u"heartbeat_timeout=200"_s, u"max_restarts=6"_s,
                u"within=3000"_s, u"duration=20000"_s, u"seed=9"_s })
                                                                              .toJson();
    }
    for (const QString &lesson : { u"escalation"_s, u"error-kernel"_s, u"one-for-all-completion"_s, u"backoff"_s })
        QTest::addRow("%s", qPrintable(lesson)) << ScenarioCatalog::find(lesson)->config;
}

// Whatever the explanation of an exit says its supervisor does, the engine did: a restart whose cause is that exit,
// or none. Runs in virtual time, with group restarts, escalations, give-ups and starts the world turns away.
void TestExplainer::everyDecisionAnnouncedIsTheOneTaken()
{
    QFETCH(QJsonObject, config);
    SupervisorConfig run;
    QCOMPARE(run.applyJson(config), QString());
    run.virtualTime = true;
    VirtualRuntime runtime(run);
    runtime.run();
    const QList<LifecycleEvent> events = runtime.log()->events();
    const QStringList said = explained(events);
    int announced = 0;
    for (qsizetype i = 0; i < events.size(); ++i) {
        const LifecycleEvent &exit = events.at(i);
        if (exit.kind != EventKind::WorkerFailed && exit.kind != EventKind::WorkerCompleted)
            continue;
        const std::optional<bool> restart = announcesRestart(said.at(i));
        QVERIFY2(restart.has_value(), qPrintable(said.at(i)));
        const RestartCause cause { exit.worker, exit.incarnation };
        const bool restarted = std::any_of(events.begin() + i, events.end(), [&](const LifecycleEvent &event) {
            return event.kind == EventKind::RestartScheduled && event.cause == cause;
        });
        QVERIFY2(*restart == restarted, qPrintable(u"%1 s: %2"_s.arg(double(exit.tUs) / 1e6).arg(said.at(i))));
        ++announced;
    }
    QVERIFY(announced >= 3);
}

QTEST_GUILESS_MAIN(TestExplainer)
#include "tst_explainer.moc"
