#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "events/eventlog.h"
#include "events/restartrate.h"
#include "mainwindow.h"
#include "narrationpanel.h"
#include "patience.h"
#include "runcontroller.h"
#include "runfeed.h"
#include "runtime/virtualruntime.h"
#include "statisticspanel.h"
#include "testsettings.h"
#include "tree/supervisiontreemodel.h"
#include "tree/supervisiontreepanel.h"

#include <QLabel>
#include <QRegularExpression>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

// Restarts done (isRestart) among the first `count` events: the one count every view shows.
qint64 restartsIn(const EventLog &log, qsizetype count)
{
    qint64 restarts = 0;
    for (qsizetype i = log.firstIndex(); i < count; ++i)
        restarts += isRestart(log.kindAt(i), log.withoutReasonAt(i).incarnation);
    return restarts;
}

qint64 treeRestarts(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    qint64 sum = 0;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        sum += index.data(SupervisionTreeModel::RestartsRole).toLongLong() + treeRestarts(model, index);
    }
    return sum;
}

// What each view of the window says the restart count is, right now, in the same words: "restarts" are worker
// starts after the first (restarts done).
struct Counts
{
    qint64 statusBar = -1;
    qint64 statisticsLabel = -1;
    qint64 statistics = -1;
    qint64 tree = -1;
    qint64 narration = -1;
    qint64 eventTable = -1; // the last event the table shows, +1

    QString text() const
    {
        return u"status bar %1, statistics label %2, statistics %3, tree %4, narration %5"_s.arg(statusBar)
            .arg(statisticsLabel)
            .arg(statistics)
            .arg(tree)
            .arg(narration);
    }
};

Counts countsOf(MainWindow &window, const EventLog &log)
{
    Counts counts;
    const QRegularExpressionMatch match = QRegularExpression(u"Restarts (\\d+)"_s).match(window.statusText());
    counts.statusBar = match.hasMatch() ? match.captured(1).toLongLong() : -1;
    const auto *label = window.statistics()->findChild<QLabel *>(u"restartsValue"_s);
    counts.statisticsLabel = label ? label->text().toLongLong() : -1;
    counts.statistics = window.statistics()->statistics().restarts();
    counts.tree = treeRestarts(*window.supervisionTree()->model());
    if (const auto *narration = window.findChild<NarrationPanel *>())
        counts.narration = restartsIn(log, narration->eventsTakenIn());
    const EventLogModel *table = window.eventLog()->logModel();
    counts.eventTable = table->rowCount() > 0 ? table->eventIndex(table->rowCount() - 1) + 1 : 0;
    return counts;
}

// A storm in virtual time: four workers that fail at once, restarted without delay, for two seconds.
std::shared_ptr<const EventLog> virtualStorm()
{
    VirtualRuntime runtime(withSettings(SupervisorConfig(),
        { u"workers=4"_s, u"failure_rate=1"_s, u"work_min=0"_s, u"work_max=3"_s, u"delay=0"_s,
            u"max_restarts=unlimited"_s, u"duration=2000"_s, u"virtual_time=true"_s, u"seed=11"_s }));
    runtime.run();
    return runtime.log();
}

} // namespace

class TestCountsAgree : public QObject
{
    Q_OBJECT

private slots:
    void duringAVirtualStormEveryViewCountsTheSame_data();
    void duringAVirtualStormEveryViewCountsTheSame();
    void aPausedThreadedRunCountsTheSameEverywhere();
};

void TestCountsAgree::duringAVirtualStormEveryViewCountsTheSame_data()
{
    QTest::addColumn<bool>("seek");
    QTest::newRow("replayed at 10x") << false;
    QTest::newRow("all at once, taken in by turns") << true;
}

// The read panels are read in the same frame with the same prefix of the log: at every read, the status bar, the
// statistics, the tree and the narration count the restarts of exactly that prefix, and the event table shows it.
void TestCountsAgree::duringAVirtualStormEveryViewCountsTheSame()
{
    QFETCH(bool, seek);
    const std::shared_ptr<const EventLog> recording = virtualStorm();
    QVERIFY(recording->count(EventKind::WorkerStarted) > 4 * RunFeed::kEventsPerTurn / 3);
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    int reads = 0;
    int midway = 0; // reads that saw part of the log
    QStringList disagreements; // among the views fed by the feed's prefix, and between the status bar and statistics
    QStringList statisticsAhead; // the statistics (and the status bar that reads them) against the prefix
    // A statistics panel subscribed the way the window's should be: it counts exactly the prefix the others show.
    StatisticsPanel fed;
    window.feed()->subscribe(fed.feedView());
    QStringList fedDisagrees;
    window.feed()->subscribe({
        // Registered last, so read last in each round: what every other view shows now is what it read this frame.
        .read =
            [&](qsizetype takenIn, qint64) {
                const std::shared_ptr<const EventLog> log = window.controller()->log();
                if (!log || takenIn == 0)
                    return;
                ++reads;
                midway += takenIn < recording->size();
                const qint64 expected = restartsIn(*log, takenIn);
                const Counts counts = countsOf(window, *log);
                const QString what = u"after %1 of %2 events (%3 restarts): %4, table up to %5"_s.arg(takenIn)
                                         .arg(log->size())
                                         .arg(expected)
                                         .arg(counts.text())
                                         .arg(counts.eventTable);
                const bool agree = counts.tree == expected && counts.narration == expected
                    && counts.eventTable == takenIn && counts.statusBar == counts.statistics
                    && counts.statisticsLabel == counts.statistics;
                if (!agree && disagreements.size() < 5)
                    disagreements << what;
                if (counts.statistics != expected && statisticsAhead.size() < 5)
                    statisticsAhead << what;
                if ((fed.statistics().restarts() != expected || fed.statistics().eventsTakenIn() != takenIn
                        || fed.findChild<QLabel *>(u"restartsValue"_s)->text() != QString::number(expected))
                    && fedDisagrees.size() < 5)
                    fedDisagrees << what + u", fed statistics %1"_s.arg(fed.statistics().restarts());
            },
    });
    window.controller()->setSpeed(10);
    window.controller()->openReplay(recording, u"storm"_s);
    if (seek)
        window.controller()->seek(recording->lastTimeUs());
    else
        window.controller()->setPaused(false);
    const std::shared_ptr<const EventLog> log = window.controller()->log();
    QTRY_VERIFY_WITH_TIMEOUT(
        log->size() == recording->size() && window.eventsTakenIn() == log->size() && !window.hasFramesPending(),
        kPatienceMs);
    QVERIFY2(disagreements.isEmpty(), qPrintable(disagreements.join(u"\n"_s)));
    QVERIFY2(fedDisagrees.isEmpty(), qPrintable(fedDisagrees.join(u"\n"_s)));
    // The statistics panel, and the status bar that reads it, take in what the feed gives every view, no more.
    QVERIFY2(statisticsAhead.isEmpty(), qPrintable(statisticsAhead.join(u"\n"_s)));
    QVERIFY(reads > 1);
    QVERIFY(midway > 0); // the views were compared while they were catching up, not only at the end
    const Counts end = countsOf(window, *log);
    QCOMPARE(end.statistics, log->counts().restarts);
    QCOMPARE(end.tree, log->counts().restarts);
    QCOMPARE(end.statusBar, log->counts().restarts);
}

// A threaded storm, paused: once the window has taken in what the log holds, every view says the same count.
void TestCountsAgree::aPausedThreadedRunCountsTheSameEverywhere()
{
    MainWindow window;
    window.setConfig(withSettings(SupervisorConfig(),
                         { u"workers=4"_s, u"failure_rate=1"_s, u"work_min=0"_s, u"work_max=2"_s, u"delay=0"_s,
                             u"max_restarts=unlimited"_s, u"duration=0"_s, u"seed=3"_s }),
        u"custom"_s);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    RunController *controller = window.controller();
    controller->start();
    const std::shared_ptr<const EventLog> log = controller->log();
    QVERIFY(log);
    QTRY_VERIFY_WITH_TIMEOUT(log->counts().restarts >= 200, kPatienceMs);
    controller->setPaused(true);
    QTRY_VERIFY_WITH_TIMEOUT(controller->state() == RunController::State::Paused, kPatienceMs);
    // Paused, the log may still take the ends of what was under way; then it stands still.
    qsizetype size = -1;
    QTRY_VERIFY_WITH_TIMEOUT(std::exchange(size, log->size()) == log->size() && window.eventsTakenIn() == log->size()
            && !window.hasFramesPending(),
        kPatienceMs);
    window.refreshViews();
    const Counts counts = countsOf(window, *log);
    const qint64 expected = restartsIn(*log, log->size());
    QVERIFY(expected >= 200);
    QCOMPARE(counts.statusBar, expected);
    QCOMPARE(counts.statisticsLabel, expected);
    QCOMPARE(counts.statistics, expected);
    QCOMPARE(counts.tree, expected);
    QCOMPARE(counts.narration, expected);
    QCOMPARE(counts.eventTable, log->size());
    controller->stop();
    QTRY_VERIFY_WITH_TIMEOUT(controller->state() == RunController::State::Finished, kPatienceMs);
}

QTEST_MAIN(TestCountsAgree)
#include "tst_countsagree.moc"
