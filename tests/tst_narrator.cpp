#include "teaching/narrator.h"

#include <QJsonObject>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

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

    // A worker that had already ended on its own when its sibling failed is restarted for the sibling: the
    // decision's cause says so, whatever its own end was.
    narrator.narrate(LifecycleEvent::forWorker(EventKind::WorkerCompleted, 0, 3));
    QCOMPARE(narrator.narrate(LifecycleEvent::restartScheduled(0, 500, 1, { 1, 4 })),
        u"Supervisor: Worker was stopped with its group, restarting..."_s);
    QCOMPARE(narrator.narrate(LifecycleEvent::restartScheduled(0, 500, 1, { 0, 3 })),
        u"Supervisor: Worker completed, restarting..."_s);
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

QTEST_GUILESS_MAIN(TestNarrator)
#include "tst_narrator.moc"
