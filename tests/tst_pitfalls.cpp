#include "io/scenariocatalog.h"
#include "logscript.h"
#include "runtime/virtualruntime.h"
#include "teaching/articlesupervisor.h"
#include "teaching/pitfallcomparison.h"
#include "teaching/pitfalltally.h"

#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMs = 1000;

SupervisorConfig pitfallsLesson(quint64 seed)
{
    SupervisorConfig config;
    config.applyJson(ScenarioCatalog::find(u"pitfalls"_s)->config);
    config.seed = seed;
    return PitfallComparison::comparable(config);
}

// What happened to the workers before `untilUs`, in order: starts and ends with their times.
QList<std::tuple<qint64, EventKind, quint32>> workerFates(const EventLog &log, qint64 untilUs)
{
    QList<std::tuple<qint64, EventKind, quint32>> fates;
    for (const LifecycleEvent &event : log.events()) {
        const bool fate = event.kind == EventKind::WorkerStarted || event.kind == EventKind::WorkerCompleted
            || event.kind == EventKind::WorkerFailed;
        if (fate && event.tUs < untilUs)
            fates.append({ event.tUs, event.kind, event.incarnation });
    }
    return fates;
}

QList<TranscriptLine> said(const QList<std::pair<qsizetype, QString>> &lines)
{
    QList<TranscriptLine> transcript;
    for (const auto &[event, text] : lines)
        transcript.append(TranscriptLine { 0, event, text });
    return transcript;
}

} // namespace

class TestPitfalls : public QObject
{
    Q_OBJECT

private slots:
    void bothSupervisorsMeetTheSameFatesUntilStop_data();
    void bothSupervisorsMeetTheSameFatesUntilStop();
    void theArticleStartsAWorkerWhenStopComesDuringTheDelay();
    void measuresCountEachPitfall();
    void aCompletionIsCalledAFailureOnlyWhenSaidSo();
    void sideBySideKeepsEveryLineInTimeOrder_data();
    void sideBySideKeepsEveryLineInTimeOrder();
    void theTallyCountsRunsNotEvents();
};

void TestPitfalls::bothSupervisorsMeetTheSameFatesUntilStop_data()
{
    QTest::addColumn<quint64>("seed");
    for (quint64 seed = 1; seed <= 40; ++seed)
        QTest::addRow("seed %llu", seed) << seed;
}

void TestPitfalls::bothSupervisorsMeetTheSameFatesUntilStop()
{
    QFETCH(quint64, seed);
    const SupervisorConfig config = pitfallsLesson(seed);
    const PitfallComparison comparison = PitfallComparison::run(config);
    const qint64 stopUs = config.durationMs * kMs;
    const auto fates = workerFates(*comparison.lab().log, stopUs);
    QVERIFY(fates.size() >= 3);
    QCOMPARE(workerFates(*comparison.article().log, stopUs), fates);
    QCOMPARE(comparison.article().transcript.first().text, comparison.lab().transcript.first().text);
}

void TestPitfalls::theArticleStartsAWorkerWhenStopComesDuringTheDelay()
{
    // Seed 2: the worker fails at 3.548 s, so stop (4 s) arrives during the 500 ms delay.
    const SupervisorConfig config = pitfallsLesson(2);
    ArticleSupervisor article(config);
    article.run();
    const QList<LifecycleEvent> events = article.log()->events();
    qsizetype stopping = -1;
    qsizetype lateStart = -1;
    for (qsizetype i = 0; i < events.size(); ++i) {
        if (events[i].kind == EventKind::SupervisorStopping)
            stopping = i;
        if (events[i].kind == EventKind::WorkerStarted && stopping >= 0)
            lateStart = i;
    }
    QVERIFY(stopping > 0);
    QCOMPARE(events[stopping].tUs, config.durationMs * kMs); // stop is requested on time...
    QVERIFY(lateStart > stopping); // ... yet one more worker starts, when the sleep ends
    QCOMPARE(events[lateStart].tUs - events[lateStart - 2].tUs, config.delayMs * kMs);
    QCOMPARE(events.last().kind, EventKind::RunFinished);
    QCOMPARE(events.last().counts.restarts, events[lateStart].incarnation - 2); // one short

    VirtualRuntime lab(config);
    lab.run();
    for (const LifecycleEvent &event : lab.log()->events())
        QVERIFY(event.kind != EventKind::WorkerStarted || event.tUs < config.durationMs * kMs);
}

void TestPitfalls::measuresCountEachPitfall()
{
    LogScript script;
    script.start(0, 0, 1);
    script.end(100, EventKind::WorkerCompleted, 0, 1);
    const qsizetype decision = script.schedule(100, 0, 500, 1);
    script.start(600, 0, 2);
    script.end(900, EventKind::WorkerFailed, 0, 2, u"error"_s);
    script.schedule(900, 0, 500, 2);
    script.add(1000, LifecycleEvent::supervisor(EventKind::SupervisorStopping));
    script.start(1400, 0, 3);
    script.add(1400, LifecycleEvent::supervisor(EventKind::SupervisorStopped));
    script.add(1400, LifecycleEvent::runFinished(RunCounts { 1, 1, 1 }));

    const PitfallMeasures measures
        = PitfallMeasures::of(script.log, said({ { decision, u"Supervisor: Worker failed, restarting..."_s } }));
    QCOMPARE(measures.completionsCalledFailures, 1);
    QCOMPARE(measures.leakedWorkers, 1);
    QCOMPARE(measures.reportedRestarts, 1);
    QCOMPARE(measures.actualRestarts, 2);
    QVERIFY(measures.miscounted());
    QCOMPARE(measures.startsAfterStop, 1);
}

void TestPitfalls::aCompletionIsCalledAFailureOnlyWhenSaidSo()
{
    LogScript script;
    script.start(0, 0, 1);
    script.end(100, EventKind::WorkerCompleted, 0, 1);
    const qsizetype afterCompletion = script.schedule(100, 0, 500, 1);
    script.start(600, 0, 2);
    script.end(700, EventKind::WorkerFailed, 0, 2, u"error"_s);
    const qsizetype afterFailure = script.schedule(700, 0, 500, 2);
    const QString failed = u"Supervisor: Worker failed, restarting..."_s;

    QCOMPARE(
        PitfallMeasures::of(script.log,
            said({ { afterCompletion, u"Supervisor: Worker completed, restarting..."_s }, { afterFailure, failed } }))
            .completionsCalledFailures,
        0);
    QCOMPARE(PitfallMeasures::of(script.log, said({ { afterCompletion, failed }, { afterFailure, failed } }))
                 .completionsCalledFailures,
        1);
}

void TestPitfalls::sideBySideKeepsEveryLineInTimeOrder_data()
{
    QTest::addColumn<quint64>("seed");
    for (const quint64 seed : { 1, 2, 3, 4, 7 })
        QTest::addRow("seed %llu", seed) << seed;
}

void TestPitfalls::sideBySideKeepsEveryLineInTimeOrder()
{
    QFETCH(quint64, seed);
    const PitfallComparison comparison = PitfallComparison::run(pitfallsLesson(seed));
    const QList<TranscriptRow> rows = comparison.sideBySide();
    QStringList article;
    QStringList lab;
    qint64 previousUs = 0;
    for (const TranscriptRow &row : rows) {
        QVERIFY(row.tUs >= previousUs);
        previousUs = row.tUs;
        QVERIFY(!row.article.isEmpty() || !row.lab.isEmpty());
        if (!row.article.isEmpty())
            article << row.article;
        if (!row.lab.isEmpty())
            lab << row.lab;
    }
    const auto texts = [](const QList<TranscriptLine> &transcript) {
        QStringList lines;
        for (const TranscriptLine &line : transcript)
            lines << line.text;
        return lines;
    };
    QCOMPARE(article, texts(comparison.article().transcript));
    QCOMPARE(lab, texts(comparison.lab().transcript));

    // Until the first completion or the stop, the two transcripts are the same, row by row.
    const qint64 stopUs = comparison.config().durationMs * kMs;
    const auto firstParted
        = std::find_if(rows.begin(), rows.end(), [](const TranscriptRow &row) { return row.parted(); });
    QVERIFY(firstParted != rows.end());
    const bool completedFirst = firstParted->lab.contains(u"completed, restarting"_s);
    QVERIFY(completedFirst || firstParted->tUs >= stopUs);
}

void TestPitfalls::theTallyCountsRunsNotEvents()
{
    const SupervisorConfig config = pitfallsLesson(1);
    const PitfallTally tally = PitfallTally::over(config, 60);
    QCOMPARE(tally.runs, 60);
    QCOMPARE(tally.lab, PitfallTally::Counts {});
    QCOMPARE(tally.article.leakedWorkers, 60);
    QCOMPARE(tally.article.miscounted, 60);
    // Whether stop lands in a delay, and whether a job completes first, depends on the seed: some runs, not all.
    QVERIFY(tally.article.startsAfterStop > 0 && tally.article.startsAfterStop < 60);
    QVERIFY(tally.article.completionsCalledFailures > 0 && tally.article.completionsCalledFailures < 60);

    int startsAfterStop = 0;
    SupervisorConfig seeded = config;
    for (int run = 0; run < 60; ++run, ++seeded.seed)
        startsAfterStop += PitfallComparison::run(seeded).article().measures.startsAfterStop > 0;
    QCOMPARE(tally.article.startsAfterStop, startsAfterStop);
}

QTEST_GUILESS_MAIN(TestPitfalls)
#include "tst_pitfalls.moc"
