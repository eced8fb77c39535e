#include "logscript.h"
#include "runtime/virtualruntime.h"
#include "teaching/explainer.h"
#include "testsettings.h"

#include <QTest>

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

QTEST_GUILESS_MAIN(TestExplainer)
#include "tst_explainer.moc"
