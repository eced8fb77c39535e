#include "analysis/loginvariants.h"
#include "codeview.h"
#include "controlpanel.h"
#include "eventfiltermodel.h"
#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "events/eventlog.h"
#include "explorer/explorerpanel.h"
#include "io/logexporter.h"
#include "io/scenariocatalog.h"
#include "mainwindow.h"
#include "narrationpanel.h"
#include "pitfallsdialog.h"
#include "pixelcount.h"
#include "replaybar.h"
#include "runcontroller.h"
#include "runfeed.h"
#include "runtime/supervisor.h"
#include "runtime/virtualruntime.h"
#include "statecolors.h"
#include "statisticspanel.h"
#include "teaching/patterncode.h"
#include "testruns.h"
#include "testsettings.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelinepainter.h"
#include "timeline/timelineview.h"
#include "tree/supervisiontreemodel.h"
#include "tree/supervisiontreepanel.h"
#include "warningbar.h"
#include "workerdetailpanel.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

SupervisorConfig configWith(const QStringList &settings)
{
    return withSettings(SupervisorConfig(), settings);
}

qsizetype lastIndexOf(const EventLog &log, EventKind kind)
{
    for (qsizetype i = log.size() - 1; i >= 0; --i) {
        if (log.kindAt(i) == kind)
            return i;
    }
    return -1;
}

// How far engine time moved against real time since construction. Each reading of the engine's clock is bracketed
// by two of the real one, so the bounds hold whenever the thread is held up between readings.
class EngineTimeRate
{
public:
    explicit EngineTimeRate(const RunController &controller)
        : m_controller(controller)
    {
        m_real.start();
        m_startUs = controller.nowUs();
        m_afterStartNs = m_real.nsecsElapsed();
    }

    qint64 startUs() const { return m_startUs; }

    // Whether engine time moved at `speed` times real time (within a millisecond of rounding either way).
    bool isAbout(double speed)
    {
        const qint64 beforeEndNs = m_real.nsecsElapsed();
        m_movedUs = m_controller.nowUs() - m_startUs;
        const qint64 afterEndNs = m_real.nsecsElapsed();
        m_leastUs = qint64(speed * double(beforeEndNs - m_afterStartNs) / 1000.0) - 1000;
        m_mostUs = qint64(speed * double(afterEndNs) / 1000.0) + 1000;
        return m_movedUs >= m_leastUs && m_movedUs <= m_mostUs;
    }

    QString explained(double speed) const
    {
        return u"at %1x engine time moved %2 us, expected %3..%4"_s.arg(speed).arg(m_movedUs).arg(m_leastUs).arg(
            m_mostUs);
    }

private:
    const RunController &m_controller;
    QElapsedTimer m_real;
    qint64 m_startUs = 0;
    qint64 m_afterStartNs = 0;
    qint64 m_movedUs = 0;
    qint64 m_leastUs = 0;
    qint64 m_mostUs = 0;
};

// app (one-for-one) > pool (one-for-all: conn-1..conn-3), web; workers that run for a minute unless told otherwise.
SupervisorConfig nestedTree(bool virtualTime)
{
    SupervisorConfig config;
    const QString error = config.applyJson(QJsonDocument::fromJson(R"({"duration": 0, "failure_rate": 0,
        "work_min": 60000, "work_max": 60000, "delay": 50,
        "tree": { "name": "app", "children": [
            { "name": "pool", "strategy": "one-for-all", "children": [ { "name": "conn", "count": 3 } ] },
            { "name": "web" } ] }
    })")
                                               .object());
    if (!error.isEmpty())
        qFatal("bad test tree: %s", qPrintable(error));
    config.virtualTime = virtualTime;
    if (virtualTime)
        config.durationMs = 2000;
    return config;
}

int countOf(const EventLog &log, EventKind kind, int supervisor)
{
    int count = 0;
    for (const LifecycleEvent &event : log.events()) {
        if (event.kind == kind && event.supervisorIndex == supervisor && event.worker < 0)
            ++count;
    }
    return count;
}

bool stopAndWait(MainWindow &window)
{
    window.controller()->stop();
    return waitFor([&] { return window.controller()->state() == RunController::State::Finished; });
}

// Answers the window's modal dialogs as a person would: it clicks the message box's button of that name, and keeps
// what each box said. It looks from a timer, which runs in the dialog's own event loop.
class DialogAnswerer : public QObject
{
public:
    explicit DialogAnswerer(const QString &button)
        : m_button(button)
    {
        connect(&m_timer, &QTimer::timeout, this, &DialogAnswerer::answer);
        m_timer.start(10);
    }
    void setButton(const QString &button) { m_button = button; }
    QStringList texts; // of every box answered, in order

private:
    void answer()
    {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box || !box->isVisible())
            return;
        texts << box->text();
        if (auto *button = box->findChild<QAbstractButton *>(m_button))
            button->click();
        else
            box->reject();
    }

    QString m_button;
    QTimer m_timer;
};

SupervisorConfig programConfig(const QJsonObject &settings)
{
    SupervisorConfig config;
    const QString error = config.applyJson(settings);
    if (!error.isEmpty())
        qFatal("bad test config: %s", qPrintable(error));
    return config;
}

qsizetype firstFailure(const EventLog &log, const QString &reason)
{
    for (qsizetype i = 0; i < log.size(); ++i) {
        if (log.kindAt(i) == EventKind::WorkerFailed && log.at(i).reason == reason)
            return i;
    }
    return -1;
}

// The title of the tab in front of the window's dock tab group that holds the tab `title`; empty if none does.
QString tabInFrontWith(const QMainWindow &window, const QString &title)
{
    for (const QTabBar *bar : window.findChildren<QTabBar *>()) {
        for (int i = 0; i < bar->count(); ++i) {
            if (bar->tabText(i) == title)
                return bar->tabText(bar->currentIndex());
        }
    }
    return {};
}

// Lines of a file each incarnation of the test's programs appends to: how many processes really started.
qsizetype linesOf(const QString &path)
{
    return fileContents(path).count('\n');
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void aSeededRunShowsUpInEveryView();
    void movingTheFailureRateSliderChangesTheRunningSystem();
    void clickingATimelineEventSelectsItsLogRowAndBack();
    void failThisWorkerNowFailsIt();
    void aDependencyTakenDownFromItsLaneFailsItsDependents();
    void aSubtreeCollapsesInTheTimelineAndGivesUpFromTheTree();
    void selectingANodeSelectsItsLaneAndBack();
    void pauseFreezesTheEngineAndThePicture();
    void stepGoesFromEventToEvent();
    void teachingPanelsFollowTheRun();
    void stopIsGracefulAndResetClears();
    void aFloodIsPaintedAtDisplayRate();
    void aFloodIsTakenInByBoundedTurns();
    void anAddedViewIsFedLikeTheOthers();
    void closingStopsTheRunGracefully();
    void remembersLayoutAndParameters();
    void everyActionExplainsItself();
    void theLessonsMenuLoadsALesson();
    void speedScalesTheEngineClock();
    void selectingAWorkerShowsItInTheWorkerPane();
    void aProgramsFailureShowsItsOutput();
    void programsNotAllowedAreAskedAboutAndCancelStartsNothing();
    void aReplayOfARunOfProgramsStartsNothing();
    void aRunOfProgramsGoesInRealTime();
    void tabFollowsTheLayout();
    void everyPanelHasAnAccessibleName();
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // The offscreen platform cannot pass size hints on, and says so for every dock; nothing to learn from it.
    static const QtMessageHandler defaultHandler = qInstallMessageHandler(nullptr);
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &context, const QString &message) {
        if (!message.contains(u"does not support propagateSizeHints"_s))
            defaultHandler(type, context, message);
    });
}

void TestMainWindow::init()
{
    QSettings().clear();
}

void TestMainWindow::aSeededRunShowsUpInEveryView()
{
    MainWindow window;
    window.setConfig(configWith({ u"workers=2"_s, u"failure_rate=0.5"_s, u"work_min=2"_s, u"work_max=10"_s,
                         u"delay=5"_s, u"duration=0"_s, u"seed=42"_s }),
        u"custom"_s);
    window.show();
    window.controller()->start();
    QCOMPARE(window.controller()->state(), RunController::State::Running);
    QVERIFY(waitFor([&] { return window.controller()->log()->count(EventKind::WorkerStarted) >= 30; }));
    QVERIFY(waitFor([&] { return window.timelineModel()->eventCount() >= 30; }));
    // Events are taken in between frames; the lanes they add are announced to views at the next frame.
    QVERIFY(waitFor([&] { return window.timelineModel()->rowCount() == 3; }));
    // The event table is read rather than watched: it follows at its own pace, ten times a second at most.
    QVERIFY(waitFor([&] { return window.eventLog()->view()->model()->rowCount() > 0; }));
    QVERIFY(window.timeline()->paintCount() > 0);
    QVERIFY2(window.statusText().contains(u"Running"_s), qPrintable(window.statusText()));
    QVERIFY(stopAndWait(window));
    const EventLog &log = *window.controller()->log();
    QCOMPARE(log.kindAt(log.size() - 1), EventKind::RunFinished);
    QCOMPARE(log.header().seed, 42u);
    // After the run, every view holds the whole log.
    QCOMPARE(window.timelineModel()->eventCount(), log.size());
    QCOMPARE(window.eventLog()->view()->model()->rowCount(), int(log.size()));
    QVERIFY2(
        window.statusText().contains(u"Restarts %1"_s.arg(log.counts().restarts)), qPrintable(window.statusText()));
}

void TestMainWindow::movingTheFailureRateSliderChangesTheRunningSystem()
{
    MainWindow window;
    window.setConfig(configWith({ u"workers=3"_s, u"failure_rate=1"_s, u"work_min=1"_s, u"work_max=3"_s, u"delay=0"_s,
                         u"duration=0"_s }),
        u"custom"_s);
    window.show();
    auto *slider = window.controls()->findChild<QSlider *>(u"failure_rate"_s);
    QVERIFY(slider);
    QCOMPARE(slider->value(), 100);
    window.controller()->start();
    const EventLog &log = *window.controller()->log();
    QVERIFY(waitFor([&] { return log.count(EventKind::WorkerFailed) >= 20; }));
    QCOMPARE(log.count(EventKind::WorkerCompleted), 0);

    slider->setValue(0); // as a drag to the left end does
    QVERIFY(waitFor([&] { return lastIndexOf(log, EventKind::ConfigChanged) >= 0; }));
    const qsizetype change = lastIndexOf(log, EventKind::ConfigChanged);
    QCOMPARE(log.at(change).key, u"failure_rate"_s);
    QCOMPARE(log.at(change).value, u"0"_s);
    QVERIFY(waitFor([&] { return log.count(EventKind::WorkerCompleted) >= 30; }));
    QVERIFY(stopAndWait(window));

    // Every incarnation that started after the change ran at the new rate: none of them failed.
    QSet<QPair<int, quint32>> startedAfter;
    for (qsizetype i = change + 1; i < log.size(); ++i) {
        const LifecycleEvent event = log.at(i);
        if (event.kind == EventKind::WorkerStarted)
            startedAfter.insert({ event.worker, event.incarnation });
        if (event.kind == EventKind::WorkerFailed)
            QVERIFY2(!startedAfter.contains({ event.worker, event.incarnation }), qPrintable(event.reason));
    }
    QVERIFY(startedAfter.size() >= 20);
    QCOMPARE(window.controller()->config().failureRate, 0.0);
}

void TestMainWindow::clickingATimelineEventSelectsItsLogRowAndBack()
{
    MainWindow window;
    window.setConfig(configWith({ u"workers=2"_s, u"virtual_time=true"_s, u"duration=3000"_s, u"seed=3"_s,
                         u"failure_rate=0.7"_s, u"delay=200"_s }),
        u"custom"_s);
    window.resize(1400, 900);
    window.show();
    window.controller()->start();
    QVERIFY(waitFor([&] { return window.controller()->state() == RunController::State::Finished; }));
    const EventLog &log = *window.controller()->log();
    const qsizetype failure = lastIndexOf(log, EventKind::WorkerFailed);
    QVERIFY(failure > 0);
    const LifecycleEvent failed = log.at(failure);

    TimelineView *timeline = window.timeline();
    timeline->zoomToFit();
    const QPoint spot(TimelineView::kGutterWidth + int(std::lround(timeline->axis().mapTimeToX(failed.tUs))),
        timeline->laneRect(TimelineIndex::laneOfWorker(failed.worker)).center().y());
    QCOMPARE(timeline->eventAt(spot), failure);
    QTest::mouseClick(timeline->viewport(), Qt::LeftButton, {}, spot);
    QTableView *table = window.eventLog()->view();
    const QModelIndexList rows = table->selectionModel()->selectedRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().data(EventLogModel::EventIndexRole).value<qsizetype>(), failure);

    // And back: a row chosen in the log selects its event on the timeline.
    const int row = 3;
    table->selectRow(row);
    QCOMPARE(timeline->selectedEvent(),
        table->model()->index(row, 0).data(EventLogModel::EventIndexRole).value<qsizetype>());
}

void TestMainWindow::failThisWorkerNowFailsIt()
{
    MainWindow window;
    window.setConfig(configWith({ u"workers=3"_s, u"failure_rate=0"_s, u"work_min=60000"_s, u"work_max=60000"_s,
                         u"delay=0"_s, u"duration=0"_s }),
        u"custom"_s);
    window.show();
    window.controller()->start();
    const EventLog &log = *window.controller()->log();
    QVERIFY(waitFor([&] { return log.count(EventKind::WorkerStarted) == 3; }));
    emit window.timeline()->failWorkerRequested(1); // the lane's context menu action
    QVERIFY(waitFor([&] { return log.count(EventKind::WorkerFailed) == 1; }));
    const LifecycleEvent failed = log.at(lastIndexOf(log, EventKind::WorkerFailed));
    QCOMPARE(failed.worker, 1);
    QVERIFY(waitFor([&] { return log.count(EventKind::WorkerStarted) == 4; }));
    QVERIFY(stopAndWait(window));
}

void TestMainWindow::aDependencyTakenDownFromItsLaneFailsItsDependents()
{
    SupervisorConfig config;
    QCOMPARE(config.applyJson(QJsonDocument::fromJson(R"({"duration": 0, "failure_rate": 0, "work_min": 60000,
        "work_max": 60000, "delay": 50, "dependencies": [ { "name": "db", "capacity": 4 } ],
        "tree": { "name": "app", "children": [ { "name": "conn", "count": 2, "depends_on": ["db"] }, { "name": "clock" } ] }
    })")
                                  .object()),
        QString());
    MainWindow window;
    window.setConfig(config, u"custom"_s);
    window.resize(1366, 768);
    window.show();
    window.controller()->start();
    const EventLog &log = *window.controller()->log();
    QVERIFY(waitFor([&] { return log.count(EventKind::WorkerStarted) == 3; }));

    // The db lane sits above the workers and is named after the dependency.
    TimelineView *timeline = window.timeline();
    QVERIFY(waitFor([&] { return timeline->model()->rowCount() == 5; }));
    const int row = timeline->model()->rowOfDependency(0);
    QCOMPARE(timeline->model()->index(row).data().toString(), u"db"_s);
    QCOMPARE(timeline->model()->rowOfWorker(0), row + 1);
    QCOMPARE(timeline->model()->index(row + 1).data().toString(), u"conn-1"_s);

    // Its context menu: take it down now; the capacity slider is there too.
    bool sliderSeen = false;
    QTimer::singleShot(0, &window, [&] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        QVERIFY(menu);
        sliderSeen = menu->findChild<QSlider *>(u"dependencyCapacitySlider"_s) != nullptr;
        const QList<QAction *> actions = menu->actions();
        const auto takeDown = std::find_if(
            actions.begin(), actions.end(), [](QAction *action) { return action->text() == u"Take db down now"_s; });
        QVERIFY(takeDown != actions.end() && (*takeDown)->isEnabled());
        menu->close();
        (*takeDown)->trigger();
    });
    const QPoint spot(TimelineView::kGutterWidth + 40, timeline->laneRect(row).center().y());
    QContextMenuEvent click(QContextMenuEvent::Mouse, spot, timeline->viewport()->mapToGlobal(spot));
    QCoreApplication::sendEvent(timeline->viewport(), &click);
    QVERIFY(sliderSeen);

    QVERIFY(waitFor([&] { return log.count(EventKind::DependencyDown) == 1; }));
    QVERIFY(waitFor([&] { return log.count(EventKind::WorkerFailed) >= 2; }));
    QVERIFY(stopAndWait(window));
    QSet<int> failedWorkers;
    for (const LifecycleEvent &event : log.events()) {
        if (event.kind == EventKind::DependencyDown)
            QCOMPARE(event.reason, u"manual"_s);
        if (event.kind == EventKind::WorkerFailed) {
            QCOMPARE(event.reason, u"dependency: db"_s);
            failedWorkers.insert(event.worker);
        }
    }
    QCOMPARE(failedWorkers, (QSet<int> { 0, 1 })); // the clock needs nothing
    QCOMPARE(LogInvariants::check(log), QStringList());
}

void TestMainWindow::aSubtreeCollapsesInTheTimelineAndGivesUpFromTheTree()
{
    MainWindow window;
    window.setConfig(nestedTree(false), u"custom"_s);
    window.resize(1366, 768);
    window.show();
    window.controller()->start();
    const EventLog &log = *window.controller()->log();
    QVERIFY(waitFor([&] { return log.count(EventKind::WorkerStarted) == 4; }));

    // The timeline groups lanes by subtree: the pool's lane, its workers' under it, one level deeper, then web.
    TimelineView *timeline = window.timeline();
    TimelineModel *lanes = window.timelineModel();
    QVERIFY(waitFor([&] { return lanes->rowCount() == 6; }));
    QStringList names;
    for (int row = 0; row < lanes->rowCount(); ++row)
        names << lanes->index(row).data().toString();
    QCOMPARE(names, (QStringList { u"Supervisor"_s, u"pool"_s, u"conn-1"_s, u"conn-2"_s, u"conn-3"_s, u"web"_s }));
    QCOMPARE(lanes->index(1).data(TimelineModel::SupervisorRole).toInt(), 1);
    QCOMPARE(lanes->index(1).data(TimelineModel::DepthRole).toInt(), 1);
    QCOMPARE(lanes->index(3).data(TimelineModel::DepthRole).toInt(), 2);
    QCOMPARE(lanes->index(5).data(TimelineModel::DepthRole).toInt(), 1);

    // A click on the pool's triangle collapses its subtree into one lane that stands for it.
    const int pool = lanes->rowOfSupervisor(1);
    QCOMPARE(pool, 1);
    QSignalSpy removed(lanes, &QAbstractItemModel::rowsRemoved);
    QTest::mouseClick(timeline->viewport(), Qt::LeftButton, {},
        TimelinePainter::disclosureRect(timeline->laneRect(pool), 1).center());
    QCOMPARE(removed.size(), 1);
    QCOMPARE(lanes->rowCount(), 3);
    QCOMPARE(lanes->index(2).data().toString(), u"web"_s);
    QVERIFY(lanes->index(pool).data(TimelineModel::CollapsedRole).toBool());
    QCOMPARE(lanes->rowOfWorker(1), pool); // a hidden worker is shown by its collapsed row
    // Its workers run: the summary lane has an open bar, painted in the running colour.
    QVERIFY(waitFor([&] {
        const auto *summary = lanes->index(pool).data(TimelineModel::SubtreeLaneRole).value<const TimelineLane *>();
        return summary && summary->bars.size() == 1 && summary->bars.back().endUs == TimelineIndex::kOpen;
    }));
    timeline->zoomToFit();
    const QRect summaryRow = timeline->laneRect(pool).adjusted(TimelineView::kGutterWidth + 2, 8, -20, -8);
    QVERIFY(waitFor([&] {
        const QImage shown = timeline->viewport()->grab().toImage();
        return countColour(shown, summaryRow, StateColors::color(StateColor::Running, timeline->palette())) > 100;
    }));

    // The tree: the pool's context menu makes it give up.
    SupervisionTreePanel *tree = window.supervisionTree();
    const TreeChild poolNode { true, 1 };
    QVERIFY(waitFor([&] { return tree->model()->state(poolNode) == StateColor::Running; }));
    QTreeView *view = tree->view();
    const QModelIndex poolIndex = tree->model()->indexOf(poolNode);
    view->scrollTo(poolIndex);
    const QPoint spot = view->visualRect(poolIndex).center();
    bool offered = false;
    QTimer::singleShot(0, &window, [&] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        QVERIFY(menu);
        auto *giveUp = menu->findChild<QAction *>(u"giveUpAction"_s);
        QVERIFY(giveUp);
        QCOMPARE(giveUp->text(), u"Make pool give up now"_s);
        QVERIFY(giveUp->isEnabled());
        offered = true;
        menu->close();
        giveUp->trigger();
    });
    QContextMenuEvent click(QContextMenuEvent::Mouse, spot, view->viewport()->mapToGlobal(spot));
    QCoreApplication::sendEvent(view->viewport(), &click);
    QVERIFY(offered);

    QVERIFY(waitFor([&] { return countOf(log, EventKind::SupervisorGaveUp, 1) == 1; }));
    // Its parent restarts it, and the tree and the collapsed lane say so.
    QVERIFY(waitFor([&] { return countOf(log, EventKind::SupervisorStarted, 1) == 2; }));
    QVERIFY(waitFor([&] { return tree->model()->restarts(poolNode) == 1; }));
    QVERIFY(tree->model()
                ->indexOf(poolNode, SupervisionTreeModel::LastFailureColumn)
                .data()
                .toString()
                .startsWith(u"manual · "_s));
    QVERIFY(waitFor([&] {
        const TimelineLane &own = lanes->lane(pool);
        return own.bars.size() == 2 && own.bars.front().end == BarEnd::GaveUp;
    }));
    QCOMPARE(countOf(log, EventKind::SupervisorGaveUp, 0), 0); // the root went on

    // Expanded again, the subtree's lanes are back in their place.
    timeline->model()->setCollapsed(1, false);
    QCOMPARE(lanes->rowCount(), 6);
    QCOMPARE(lanes->rowOfWorker(1), 3);
    QVERIFY(stopAndWait(window));
    QCOMPARE(LogInvariants::check(log), QStringList());
}

void TestMainWindow::selectingANodeSelectsItsLaneAndBack()
{
    MainWindow window;
    window.setConfig(nestedTree(true), u"custom"_s);
    window.resize(1366, 768);
    window.show();
    window.controller()->start();
    QVERIFY(waitFor([&] { return window.controller()->state() == RunController::State::Finished; }));
    TimelineView *timeline = window.timeline();
    SupervisionTreePanel *tree = window.supervisionTree();
    QVERIFY(waitFor([&] { return window.timelineModel()->rowCount() == 6; }));

    // A node chosen in the tree selects its lane.
    const TreeChild conn2 { false, 1 };
    tree->view()->setCurrentIndex(tree->model()->indexOf(conn2));
    QCOMPARE(timeline->selectedNode(), std::optional<TreeChild>(conn2));
    const TreeChild pool { true, 1 };
    tree->view()->setCurrentIndex(tree->model()->indexOf(pool));
    QCOMPARE(timeline->selectedNode(), std::optional<TreeChild>(pool));

    // A lane clicked in the timeline (its name) selects its node.
    const int webRow = window.timelineModel()->rowOfWorker(3);
    QTest::mouseClick(timeline->viewport(), Qt::LeftButton, {}, QPoint(60, timeline->laneRect(webRow).center().y()));
    QCOMPARE(tree->model()->nodeOf(tree->view()->currentIndex()), std::optional<TreeChild>(TreeChild { false, 3 }));

    // And an event chosen anywhere selects the node it happened to.
    const EventLog &log = *window.controller()->log();
    qsizetype start = -1;
    for (qsizetype i = 0; i < log.size() && start < 0; ++i) {
        if (log.kindAt(i) == EventKind::WorkerStarted && log.at(i).worker == 2)
            start = i;
    }
    QVERIFY(start > 0);
    emit window.timeline()->eventSelected(start);
    QCOMPARE(tree->model()->nodeOf(tree->view()->currentIndex()), std::optional<TreeChild>(TreeChild { false, 2 }));
    QCOMPARE(timeline->selectedNode(), std::optional<TreeChild>(TreeChild { false, 2 }));
}

void TestMainWindow::pauseFreezesTheEngineAndThePicture()
{
    MainWindow window;
    window.setConfig(configWith({ u"workers=2"_s, u"failure_rate=0.5"_s, u"work_min=1"_s, u"work_max=5"_s, u"delay=1"_s,
                         u"duration=0"_s }),
        u"custom"_s);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window, kPatienceMs)); // else its first paint could come at any time
    RunController *controller = window.controller();
    controller->start();
    const EventLog &log = *controller->log();
    QVERIFY(waitFor([&] { return log.count(EventKind::WorkerStarted) >= 10; }));
    controller->pauseAction()->trigger();
    QCOMPARE(controller->state(), RunController::State::Paused);
    QVERIFY(controller->pauseAction()->isChecked());
    // Whatever was under way when the pause came is shown, and the panels it refreshed have taken their new sizes:
    // the timeline's picture stays the same across a turn of the event loop.
    QImage picture;
    QVERIFY(waitFor([&] {
        if (window.eventsTakenIn() != log.size() || window.hasFramesPending())
            return false;
        QCoreApplication::processEvents();
        const QImage shown = window.timeline()->viewport()->grab().toImage();
        return std::exchange(picture, shown) == shown;
    }));
    const qsizetype events = log.size();
    const qint64 starts = log.count(EventKind::WorkerStarted);
    const qint64 now = controller->nowUs();
    QTest::qWait(300); // a while of standing still, however long it really takes
    QCOMPARE(controller->nowUs(), now);
    QCOMPARE(log.count(EventKind::WorkerStarted), starts); // a restart due during the pause waits for the resume
    // A worker whose end was already being recorded as the pause came may still finish recording it, and the
    // window show it; otherwise the window has nothing to refresh, and the timeline shows what it showed.
    if (log.size() == events) {
        QVERIFY(!window.hasFramesPending());
        QCOMPARE(window.timeline()->viewport()->grab().toImage(), picture);
    }

    controller->pauseAction()->trigger();
    QCOMPARE(controller->state(), RunController::State::Running);
    QVERIFY(waitFor([&] { return log.size() > events + 10; }));
    QVERIFY(stopAndWait(window));
}

void TestMainWindow::stepGoesFromEventToEvent()
{
    MainWindow window;
    window.setConfig(configWith({ u"workers=1"_s, u"failure_rate=1"_s, u"work_min=20"_s, u"work_max=20"_s,
                         u"delay=30"_s, u"duration=0"_s }),
        u"custom"_s);
    window.show();
    RunController *controller = window.controller();
    QAction *step = controller->stepAction();
    QVERIFY(step->isEnabled());

    step->trigger(); // from a standstill: a run paused at its first events
    QCOMPARE(controller->state(), RunController::State::Paused);
    const EventLog &log = *controller->log();
    QVERIFY(waitFor([&] { return log.size() == 3; }));
    QCOMPARE(log.kindAt(2), EventKind::WorkerStarted);

    const QList<EventKind> next { EventKind::WorkerFailed, EventKind::RestartScheduled, EventKind::WorkerStarted };
    step->trigger(); // the failure, and the restart it sets off
    QVERIFY(waitFor([&] { return controller->state() == RunController::State::Paused; }));
    QCOMPARE(log.size(), 5);
    step->trigger(); // the restart
    QVERIFY(waitFor([&] { return controller->state() == RunController::State::Paused; }));
    QCOMPARE(log.size(), 6);
    for (int i = 0; i < next.size(); ++i)
        QCOMPARE(log.kindAt(3 + i), next[i]);
    QVERIFY(controller->pauseAction()->isChecked());

    QVERIFY(stopAndWait(window));
    window.setConfig(configWith({ u"virtual_time=true"_s }), u"custom"_s);
    QVERIFY(!step->isEnabled()); // a virtual-time run is over before it could be stepped
}

void TestMainWindow::teachingPanelsFollowTheRun()
{
    MainWindow window;
    window.setConfig(configWith({ u"workers=1"_s, u"failure_rate=1"_s, u"work_min=0"_s, u"work_max=1"_s, u"delay=0"_s,
                         u"duration=0"_s }),
        u"custom"_s);
    window.show();
    window.controller()->start();
    auto *warnings = window.findChild<WarningBar *>(u"warningBar"_s);
    auto *narration = window.findChild<NarrationPanel *>(u"narration"_s);
    auto *code = window.findChild<CodeView *>(u"codeView"_s);
    QVERIFY(warnings && narration && code);
    // Flapping shows from the third quick failure, the storm from the tenth restart within a second.
    QVERIFY(
        waitFor([&] { return warnings->isVisible() && warnings->texts().first().startsWith(u"Restart storm: "_s); }));
    QVERIFY(warnings->texts().last().startsWith(u"The worker is flapping"_s));
    QVERIFY(narration->text()->blockCount() > 1);
    QVERIFY(code->currentStep().has_value());

    // An event chosen in the log: the narration marks its line if shown, the code view shows its step and keeps it.
    const EventLog &log = *window.controller()->log();
    const qsizetype chosen = lastIndexOf(log, EventKind::RestartScheduled);
    window.timeline()->setFollowLive(false);
    emit window.timeline()->eventSelected(chosen);
    QCOMPARE(code->currentStep(), PatternCode::Step::Delay);
    QCOMPARE(narration->selectedEvent(), chosen);
    QTest::qWait(50);
    QCOMPARE(code->currentStep(), PatternCode::Step::Delay);
    QVERIFY(stopAndWait(window));
    QVERIFY(!warnings->isVisible()); // the run is over: nothing holds any more
}

void TestMainWindow::stopIsGracefulAndResetClears()
{
    MainWindow window;
    window.setConfig(configWith({ u"workers=2"_s, u"failure_rate=0"_s, u"work_min=60000"_s, u"work_max=60000"_s,
                         u"duration=0"_s, u"shutdown_timeout=200"_s }),
        u"custom"_s);
    window.show();
    RunController *controller = window.controller();
    controller->startAction()->trigger();
    QVERIFY(!controller->startAction()->isEnabled());
    QVERIFY(waitFor([&] { return controller->log()->count(EventKind::WorkerStarted) == 2; }));
    controller->stopAction()->trigger();
    QVERIFY(waitFor([&] { return controller->state() == RunController::State::Finished; }));
    QCOMPARE(controller->log()->count(EventKind::WorkerStopped), 2);
    QVERIFY(controller->startAction()->isEnabled());
    QVERIFY(!controller->stopAction()->isEnabled());

    controller->resetAction()->trigger();
    QCOMPARE(controller->state(), RunController::State::Idle);
    QCOMPARE(window.timelineModel()->rowCount(), 0);
    QCOMPARE(window.eventLog()->view()->model()->rowCount(), 0);
}

void TestMainWindow::aFloodIsPaintedAtDisplayRate()
{
    MainWindow window;
    window.setConfig(configWith({ u"workers=64"_s, u"failure_rate=1"_s, u"work_min=0"_s, u"work_max=0"_s, u"delay=0"_s,
                         u"duration=0"_s }),
        u"custom"_s);
    window.show();
    QElapsedTimer elapsed;
    elapsed.start();
    window.controller()->start();
    const EventLog &log = *window.controller()->log();
    QVERIFY(waitFor([&] { return log.size() >= 30'000; }));
    const int frames = window.frameCount();
    const int paints = window.timeline()->paintCount();
    const qint64 ms = elapsed.elapsed();
    QVERIFY(stopAndWait(window));
    // Refreshes come from the frame timer, never from the engine's deliveries: a busy machine may give fewer
    // frames than the timer asks for, never more. Each refresh repaints the timeline at most once.
    QVERIFY2(
        frames <= ms * 1.05 / RunFeed::kFrameIntervalMs + 2, qPrintable(u"%1 frames in %2 ms"_s.arg(frames).arg(ms)));
    QVERIFY2(paints <= frames + 5, qPrintable(u"%1 paints in %2 frames"_s.arg(paints).arg(frames)));
    QCOMPARE(window.timelineModel()->rowCount(), 65);
    // However far the views were behind, they end holding every event.
    QVERIFY(waitFor([&] { return window.eventsTakenIn() == log.size(); }));
    QCOMPARE(window.timelineModel()->eventCount(), log.size());
    QCOMPARE(window.statistics()->statistics().eventsTakenIn(), log.size());
    const EventLogModel *table = window.eventLog()->logModel();
    QVERIFY(waitFor([&] { return table->eventIndex(table->rowCount() - 1) == log.size() - 1; }));
}

// A view registered with the feed, the way a new panel would be, gets the run's log, every event in turns of
// bounded size and in order, the frames and its turn among the read panels, without anything else in the window.
void TestMainWindow::anAddedViewIsFedLikeTheOthers()
{
    VirtualRuntime runtime(configWith({ u"workers=8"_s, u"failure_rate=0.9"_s, u"work_min=1"_s, u"work_max=5"_s,
        u"delay=1"_s, u"duration=1000"_s, u"virtual_time=true"_s, u"seed=5"_s }));
    runtime.run();
    MainWindow window;
    std::shared_ptr<const EventLog> fedLog;
    qsizetype takenIn = 0;
    qsizetype largestTurn = 0;
    bool inOrder = true;
    int frames = 0;
    qsizetype lastRead = -1;
    window.feed()->subscribe({
        .setLog =
            [&](const std::shared_ptr<const EventLog> &log) {
                fedLog = log;
                takenIn = 0;
            },
        .takeIn =
            [&](qsizetype end) {
                inOrder = inOrder && end >= takenIn;
                largestTurn = std::max(largestTurn, end - takenIn);
                takenIn = end;
            },
        .showFrame = [&](qint64) { ++frames; },
        .read = [&](qsizetype upTo, qint64) { lastRead = upTo; },
    });
    window.show();
    window.controller()->openReplay(runtime.log(), u"flood"_s);
    window.controller()->seek(runtime.log()->lastTimeUs());
    const std::shared_ptr<const EventLog> log = window.controller()->log();
    QCOMPARE(fedLog, log);
    QVERIFY(waitFor([&] { return takenIn == log->size() && lastRead == log->size(); }));
    QVERIFY(inOrder);
    QVERIFY(largestTurn <= RunFeed::kEventsPerTurn);
    QVERIFY(frames > 0);
    QCOMPARE(window.eventsTakenIn(), log->size());

    window.closeReplay(); // the recorded policy stays loaded, and no run is shown
    QCOMPARE(fedLog, nullptr);
}

void TestMainWindow::aFloodIsTakenInByBoundedTurns()
{
    VirtualRuntime runtime(configWith({ u"workers=8"_s, u"failure_rate=0.9"_s, u"work_min=1"_s, u"work_max=5"_s,
        u"delay=1"_s, u"duration=1000"_s, u"virtual_time=true"_s, u"seed=5"_s }));
    runtime.run();
    const std::shared_ptr<const EventLog> recording = runtime.log();
    QVERIFY(recording->size() > 3 * RunFeed::kEventsPerTurn);
    MainWindow window;
    window.show();
    window.controller()->openReplay(recording, u"flood"_s);

    // Seeking to the end hands the window every event at once. One turn of the event loop takes in a bounded
    // share; the rest waits for the next turns, and the window answers in between.
    window.controller()->seek(recording->lastTimeUs());
    const std::shared_ptr<const EventLog> log = window.controller()->log();
    QCOMPARE(log->size(), recording->size());
    QCOMPARE(window.eventsTakenIn(), RunFeed::kEventsPerTurn);
    QCOMPARE(window.timelineModel()->eventCount(), RunFeed::kEventsPerTurn);
    QCoreApplication::processEvents(); // one round: a turn of the window's own, not the whole flood
    QVERIFY(window.eventsTakenIn() < log->size());

    // In the end every view holds every event.
    QVERIFY(waitFor([&] { return window.eventsTakenIn() == log->size(); }));
    QCOMPARE(window.timelineModel()->eventCount(), log->size());
    QCOMPARE(window.statistics()->statistics().eventsTakenIn(), log->size());
    const EventLogModel *table = window.eventLog()->logModel();
    QVERIFY(waitFor([&] { return table->eventIndex(table->rowCount() - 1) == log->size() - 1; }));
    const NarrationPanel *narration = window.findChild<NarrationPanel *>();
    QVERIFY(waitFor([&] {
        const QPlainTextEdit *text = narration->text();
        return narration->eventOfLine(text->document()->blockCount() - 1) == log->size() - 1;
    }));
}

void TestMainWindow::closingStopsTheRunGracefully()
{
    MainWindow window;
    window.setConfig(configWith({ u"workers=3"_s, u"failure_rate=0"_s, u"work_min=60000"_s, u"work_max=60000"_s,
                         u"duration=0"_s, u"shutdown_timeout=300"_s }),
        u"custom"_s);
    window.show();
    window.controller()->start();
    const std::shared_ptr<const EventLog> log = window.controller()->log();
    QVERIFY(waitFor([&] { return log->count(EventKind::WorkerStarted) == 3; }));
    QVERIFY(window.close());
    QCOMPARE(window.controller()->state(), RunController::State::Finished);
    QCOMPARE(log->kindAt(log->size() - 1), EventKind::RunFinished);
    QCOMPARE(log->count(EventKind::WorkerStopped), 3);
}

void TestMainWindow::remembersLayoutAndParameters()
{
    QByteArray splitterState;
    {
        MainWindow window;
        window.show();
        window.resize(1111, 777);
        window.setConfig(
            configWith({ u"failure_rate=0.3"_s, u"workers=5"_s, u"strategy=rest-for-one"_s }), u"custom"_s);
        auto *splitter = window.findChild<QSplitter *>(u"centralSplitter"_s);
        QVERIFY(splitter);
        splitter->setSizes({ 500, 200 });
        splitterState = splitter->saveState();
        window.close();
    }
    MainWindow again;
    QCOMPARE(again.size(), QSize(1111, 777));
    QCOMPARE(again.findChild<QSplitter *>(u"centralSplitter"_s)->saveState(), splitterState);
    QCOMPARE(again.controller()->config().failureRate, 0.3);
    QCOMPARE(again.controller()->config().workers, 5);
    QCOMPARE(again.controls()->config().strategy, Strategy::RestForOne);
}

void TestMainWindow::everyActionExplainsItself()
{
    MainWindow window;
    for (QAction *action : window.findChildren<QAction *>()) {
        if (action->isSeparator() || action->text().isEmpty() || action->menu())
            continue;
        QVERIFY2(action->toolTip() != action->text().remove(u'&'), qPrintable(action->text()));
    }
    const RunController *controller = window.controller();
    QCOMPARE(controller->startAction()->shortcut(), QKeySequence(Qt::Key_F5));
    QCOMPARE(controller->pauseAction()->shortcut(), QKeySequence(Qt::Key_F6));
    QCOMPARE(controller->stepAction()->shortcut(), QKeySequence(Qt::Key_F10));
    QCOMPARE(controller->stopAction()->shortcut(), QKeySequence(Qt::SHIFT | Qt::Key_F5));
    QCOMPARE(controller->resetAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_F5));
}

void TestMainWindow::theLessonsMenuLoadsALesson()
{
    MainWindow window;
    auto *menu = window.menuBar()->findChild<QMenu *>(u"lessonsMenu"_s);
    QVERIFY(menu);
    const QList<QAction *> lessons = menu->actions();
    QCOMPARE(lessons.size(), ScenarioCatalog::builtIn().size());
    QAction *backoff = nullptr;
    for (QAction *lesson : lessons) {
        if (lesson->data().toString() == u"backoff")
            backoff = lesson;
    }
    QVERIFY(backoff);
    backoff->trigger();
    SupervisorConfig expected;
    expected.applyJson(ScenarioCatalog::find(u"backoff"_s)->config);
    QCOMPARE(window.controller()->config(), expected);
    QCOMPARE(window.controls()->config(), expected);
    QCOMPARE(window.controls()->scenarioName(), u"backoff"_s);
    QVERIFY(!window.findChild<PitfallsDialog *>()); // only the pitfalls lesson compares two supervisors

    QAction *pitfalls = nullptr;
    for (QAction *lesson : lessons) {
        if (lesson->data().toString() == u"pitfalls")
            pitfalls = lesson;
    }
    QVERIFY(pitfalls);
    pitfalls->trigger();
    auto *comparison = window.findChild<PitfallsDialog *>();
    QVERIFY(comparison);
    QVERIFY(comparison->isVisible());
    QCOMPARE(comparison->seed(), window.controller()->config().seed);
    QCOMPARE(window.controls()->scenarioName(), u"pitfalls"_s);
}

void TestMainWindow::speedScalesTheEngineClock()
{
    MainWindow window;
    window.setConfig(configWith({ u"workers=1"_s, u"failure_rate=0"_s, u"work_min=50"_s, u"work_max=50"_s, u"delay=0"_s,
                         u"duration=0"_s }),
        u"custom"_s);
    window.show();
    auto *speed = window.findChild<QComboBox *>(u"speed"_s);
    QVERIFY(speed);
    RunController *controller = window.controller();

    // Ten times faster: engine time runs at ten times the real time, however busy the machine.
    speed->setCurrentIndex(speed->findData(10.0));
    QCOMPARE(controller->speed(), 10.0);
    controller->start();
    EngineTimeRate rate(*controller);
    QVERIFY(waitFor([&] { return controller->nowUs() >= 1'000'000; }));
    QVERIFY2(rate.isAbout(10.0), qPrintable(rate.explained(10.0)));
    QVERIFY(waitFor([&] { return controller->log()->count(EventKind::WorkerCompleted) >= 5; }));

    // Slow motion, changed while running: engine time now crawls.
    speed->setCurrentIndex(speed->findData(0.1));
    EngineTimeRate slow(*controller);
    QVERIFY(waitFor([&] { return controller->nowUs() >= slow.startUs() + 5'000; }));
    QVERIFY2(slow.isAbout(0.1), qPrintable(slow.explained(0.1)));
    QVERIFY(stopAndWait(window));
}

void TestMainWindow::selectingAWorkerShowsItInTheWorkerPane()
{
    MainWindow window;
    window.setConfig(configWith({ u"workers=3"_s, u"virtual_time=true"_s, u"duration=3000"_s, u"seed=3"_s,
                         u"failure_rate=0.7"_s, u"delay=200"_s }),
        u"custom"_s);
    window.resize(1400, 900);
    window.show();
    window.controller()->start();
    QTRY_VERIFY_WITH_TIMEOUT(window.controller()->state() == RunController::State::Finished, kPatienceMs);
    WorkerDetailPanel *detail = window.workerDetail();
    QCOMPARE(detail->worker(), -1); // no worker chosen, and no program to bring forward
    QCOMPARE(tabInFrontWith(window, u"Worker"_s), u"Narration"_s); // a tab behind the narration
    const EventLog &log = *window.controller()->log();
    const auto lastOf = [&](EventKind kind, int worker) {
        for (qsizetype i = log.size() - 1; i >= 0; --i) {
            if (log.kindAt(i) == kind && log.at(i).worker == worker)
                return i;
        }
        return qsizetype(-1);
    };

    // An event chosen in the timeline (or the log): its worker comes forward in the pane.
    const qsizetype failure = lastOf(EventKind::WorkerFailed, 1);
    QVERIFY(failure >= 0);
    emit window.timeline()->eventSelected(failure);
    QCOMPARE(detail->worker(), 1);
    QCOMPARE(tabInFrontWith(window, u"Worker"_s), u"Worker"_s);
    qint64 starts = 0;
    for (const LifecycleEvent &event : log.events())
        starts += event.kind == EventKind::WorkerStarted && event.worker == 1 ? 1 : 0;
    QVERIFY2(detail->historyText().startsWith(u"%1 start(s)"_s.arg(starts)), qPrintable(detail->historyText()));
    const qsizetype lastEnd = std::max({ lastOf(EventKind::WorkerFailed, 1), lastOf(EventKind::WorkerCompleted, 1),
        lastOf(EventKind::WorkerStopped, 1), lastOf(EventKind::WorkerAbandoned, 1) });
    QVERIFY2(detail->lastEndText().startsWith(u"#%1 at "_s.arg(log.at(lastEnd).incarnation)),
        qPrintable(detail->lastEndText()));

    // A line chosen in the narration shows its worker there, and leaves the narration in front.
    auto *narrationDock = window.findChild<QDockWidget *>(u"narrationDock"_s);
    narrationDock->raise();
    QCOMPARE(tabInFrontWith(window, u"Worker"_s), u"Narration"_s);
    const qsizetype start = lastOf(EventKind::WorkerStarted, 2);
    emit window.findChild<NarrationPanel *>()->eventSelected(start);
    QCOMPARE(detail->worker(), 2);
    QCOMPARE(tabInFrontWith(window, u"Worker"_s), u"Narration"_s);

    // The pane's own chooser selects the worker's lane and its node in the tree.
    auto *chooser = detail->findChild<QComboBox *>(u"workerChooser"_s);
    QCOMPARE(chooser->count(), 3);
    QCOMPARE(chooser->currentIndex(), 2);
    emit chooser->activated(0);
    QCOMPARE(detail->worker(), 0);
    QCOMPARE(window.timeline()->selectedNode(), std::optional<TreeChild>(TreeChild { false, 0 }));
    const QModelIndex current = window.supervisionTree()->view()->currentIndex();
    QCOMPARE(window.supervisionTree()->model()->nodeOf(current), std::optional<TreeChild>(TreeChild { false, 0 }));
}

void TestMainWindow::aProgramsFailureShowsItsOutput()
{
    const QStringList command { u"sh"_s, u"-c"_s, u"echo serving; echo boom >&2; exit 3"_s };
    const SupervisorConfig config = programConfig(
        { { u"command"_s, QJsonArray::fromStringList(command) }, { u"delay"_s, 200 }, { u"duration"_s, 0 } });
    MainWindow window;
    window.resize(1400, 900);
    window.setConfig(config, u"custom"_s);
    window.allowPrograms(config, command); // as --command does
    DialogAnswerer answerer(u"cancelPrograms"_s);
    window.show();
    window.controller()->start();
    QCOMPARE(window.controller()->state(), RunController::State::Running);
    const EventLog &log = *window.controller()->log();
    QTRY_VERIFY_WITH_TIMEOUT(firstFailure(log, u"exit 3"_s) >= 0, kPatienceMs);
    QVERIFY(stopAndWait(window));
    QCOMPARE(answerer.texts, QStringList()); // allowed: nobody was asked
    const qsizetype failure = firstFailure(log, u"exit 3"_s);
    QVERIFY2(log.at(failure).output.contains(u"boom"_s), qPrintable(log.at(failure).output));

    // The run's program came forward in the Worker pane, with what it wrote before it failed.
    WorkerDetailPanel *detail = window.workerDetail();
    QCOMPARE(detail->worker(), 0);
    QCOMPARE(tabInFrontWith(window, u"Worker"_s), u"Worker"_s);
    QTRY_VERIFY_WITH_TIMEOUT(detail->outputText().contains(u"boom"_s), kPatienceMs);
    QVERIFY2(detail->outputText().contains(u"serving\n"_s), qPrintable(detail->outputText()));
    QCOMPARE(detail->programText(), u"sh -c 'echo serving; echo boom >&2; exit 3'"_s);
    QVERIFY2(detail->lastEndText().contains(u"exit 3"_s), qPrintable(detail->lastEndText()));

    // Hovering its failure explains it with the same lines.
    TimelineView *timeline = window.timeline();
    timeline->zoomToFit();
    const LifecycleEvent failed = log.at(failure);
    timeline->setAxis(timeline->axis().showing(failed.tUs - 50'000, failed.tUs + 50'000));
    const QPoint spot(TimelineView::kGutterWidth + int(std::lround(timeline->axis().mapTimeToX(failed.tUs))),
        timeline->laneRect(window.timelineModel()->rowOfWorker(0)).center().y());
    QCOMPARE(timeline->eventAt(spot), failure);
    const QString tip = timeline->toolTipAt(spot);
    QVERIFY2(tip.contains(u"reason: exit 3"_s) && tip.contains(u"last output:"_s) && tip.contains(u"  boom"_s),
        qPrintable(tip));
}

void TestMainWindow::programsNotAllowedAreAskedAboutAndCancelStartsNothing()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString starts = directory.filePath(u"starts.txt"_s);
    const SupervisorConfig config = programConfig({
        { u"command"_s, QJsonArray { u"sh"_s, u"-c"_s, u"echo started >> starts.txt"_s } },
        { u"cwd"_s, directory.path() },
        { u"delay"_s, 100 },
        { u"duration"_s, 0 },
    });
    MainWindow window;
    window.setConfig(config, u"my-service"_s); // as a scenario file chosen without --allow-commands
    DialogAnswerer answerer(u"cancelPrograms"_s);
    window.show();
    QVERIFY(!window.controller()->stepAction()->isEnabled()); // stepping would start it too; a program runs on

    window.controller()->startAction()->trigger();
    QCOMPARE(answerer.texts.size(), 1);
    const QString asked = answerer.texts.first();
    QVERIFY2(asked.contains(u"Worker 0: sh -c 'echo started &gt;&gt; starts.txt'"_s), qPrintable(asked));
    QVERIFY2(asked.contains(u"in "_s + directory.path().toHtmlEscaped()), qPrintable(asked));
    QVERIFY2(asked.contains(u"real programs"_s) && asked.contains(u"processes on this machine"_s), qPrintable(asked));
    // Cancelled: no run, so no worker_started was ever recorded, and no process wrote a line.
    QCOMPARE(window.controller()->state(), RunController::State::Idle);
    QVERIFY(!window.controller()->log());
    QCOMPARE(window.timelineModel()->eventCount(), 0);
    QVERIFY(!QFile::exists(starts));

    // Asked again, and allowed: the program runs (so the checks above could have seen it), and is not asked about
    // again while the window is open.
    answerer.setButton(u"runPrograms"_s);
    window.controller()->startAction()->trigger();
    QCOMPARE(answerer.texts.size(), 2);
    QCOMPARE(window.controller()->state(), RunController::State::Running);
    QTRY_VERIFY_WITH_TIMEOUT(window.controller()->log()->count(EventKind::WorkerCompleted) >= 2, kPatienceMs);
    QVERIFY(stopAndWait(window));
    // Every incarnation that completed wrote its line; the last may have been stopped before its shell got to it.
    const qsizetype lines = linesOf(starts);
    const qsizetype completed = window.controller()->log()->count(EventKind::WorkerCompleted);
    const qsizetype started = window.controller()->log()->count(EventKind::WorkerStarted);
    QVERIFY2(completed <= lines && lines <= started,
        qPrintable(u"%1 lines, %2 completions, %3 starts"_s.arg(lines).arg(completed).arg(started)));
    window.controller()->startAction()->trigger();
    QCOMPARE(window.controller()->state(), RunController::State::Running);
    QVERIFY(stopAndWait(window));
    QCOMPARE(answerer.texts.size(), 2);
}

void TestMainWindow::aReplayOfARunOfProgramsStartsNothing()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString starts = directory.filePath(u"starts.txt"_s);
    const QString recording = directory.filePath(u"recorded.jsonl"_s);
    const SupervisorConfig config = programConfig({
        { u"command"_s, QJsonArray { u"sh"_s, u"-c"_s, u"echo started >> starts.txt; echo recorded; exit 3"_s } },
        { u"cwd"_s, directory.path() },
        { u"delay"_s, 50 },
        { u"duration"_s, 0 },
    });
    {
        Supervisor supervisor(config);
        QSignalSpy finished(&supervisor, &Supervisor::finished);
        supervisor.start();
        QTRY_VERIFY_WITH_TIMEOUT(supervisor.log()->count(EventKind::WorkerFailed) >= 2, kPatienceMs);
        supervisor.stop();
        QVERIFY(finished.wait(kPatienceMs));
        // The file counts real starts: each that failed wrote its line, the last may have been stopped before it.
        const qsizetype lines = linesOf(starts);
        QVERIFY2(supervisor.log()->count(EventKind::WorkerFailed) <= lines
                && lines <= supervisor.log()->count(EventKind::WorkerStarted),
            qPrintable(u"%1 lines for %2 starts"_s.arg(lines).arg(supervisor.log()->count(EventKind::WorkerStarted))));
        QString error;
        QVERIFY2(LogExporter::save(*supervisor.log(), recording, &error), qPrintable(error));
    }
    const qsizetype recordedStarts = linesOf(starts);

    MainWindow window;
    DialogAnswerer answerer(u"cancelPrograms"_s);
    window.show();
    QString error;
    QVERIFY2(window.openReplay(recording, &error), qPrintable(error));
    // A replay only shows the recording: at any speed, with pause and step.
    auto *speed = window.findChild<QComboBox *>(u"speed"_s);
    QVERIFY(speed->isEnabled());
    speed->setCurrentIndex(speed->findData(10.0));
    QVERIFY(window.controller()->stepAction()->isEnabled());
    window.controller()->start();
    QVERIFY(window.controller()->pauseAction()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(window.controller()->state() == RunController::State::Finished, kPatienceMs);
    QVERIFY(window.controller()->isReplay());
    QCOMPARE(answerer.texts, QStringList());
    QCOMPARE(linesOf(starts), recordedStarts);
    // What the programs wrote was recorded, and is shown.
    window.workerDetail()->showWorker(0);
    window.refreshViews();
    QVERIFY2(
        window.workerDetail()->outputText().contains(u"recorded"_s), qPrintable(window.workerDetail()->outputText()));

    // Running the replayed policy live is a run of programs like any other: asked about first.
    emit window.replayBar()->runLiveRequested();
    QVERIFY(!window.controller()->isReplay());
    window.controller()->start();
    QCOMPARE(answerer.texts.size(), 1);
    QVERIFY2(
        answerer.texts.first().contains(u"echo started &gt;&gt; starts.txt"_s), qPrintable(answerer.texts.first()));
    QVERIFY(!window.controller()->log());
    QCOMPARE(linesOf(starts), recordedStarts);
}

void TestMainWindow::aRunOfProgramsGoesInRealTime()
{
    MainWindow window;
    window.setConfig(configWith({ u"workers=1"_s, u"duration=0"_s }), u"custom"_s);
    window.show();
    auto *speed = window.findChild<QComboBox *>(u"speed"_s);
    speed->setCurrentIndex(speed->findData(10.0));
    RunController *controller = window.controller();
    QCOMPARE(controller->speed(), 10.0);

    const QStringList command { u"sleep"_s, u"600"_s };
    const SupervisorConfig config
        = programConfig({ { u"command"_s, QJsonArray::fromStringList(command) }, { u"duration"_s, 0 } });
    window.setConfig(config, u"custom"_s);
    window.allowPrograms(config, command);
    // Shown at 1x, and fixed; the other runs' choice is kept for them.
    QCOMPARE(speed->currentData().toDouble(), 1.0);
    QVERIFY(!speed->isEnabled());
    QVERIFY2(speed->toolTip().contains(u"real programs"_s) && speed->toolTip().contains(u"real time"_s),
        qPrintable(speed->toolTip()));
    QCOMPARE(controller->speed(), 10.0);
    QVERIFY(!controller->stepAction()->isEnabled());
    QVERIFY2(controller->stepAction()->toolTip().contains(u"real programs"_s),
        qPrintable(controller->stepAction()->toolTip()));

    // The window asks the engine for nothing it would refuse a run of programs (another speed, a pause, a step).
    QSignalSpy refused(controller, &RunController::parameterRejected);
    controller->start();
    QCOMPARE(controller->state(), RunController::State::Running);
    EngineTimeRate rate(*controller);
    QVERIFY(!controller->pauseAction()->isEnabled());
    QVERIFY2(controller->pauseAction()->toolTip().contains(u"real time"_s),
        qPrintable(controller->pauseAction()->toolTip()));
    QVERIFY(!controller->stepAction()->isEnabled());
    controller->setPaused(true); // as F6 would, were it enabled
    QCOMPARE(controller->state(), RunController::State::Running);
    QTRY_VERIFY_WITH_TIMEOUT(controller->nowUs() >= rate.startUs() + 300'000, kPatienceMs);
    QVERIFY2(rate.isAbout(1.0), qPrintable(rate.explained(1.0)));
    QVERIFY(stopAndWait(window));
    QCOMPARE(refused.size(), 0);

    // Back to simulated workers: the chosen speed again.
    window.setConfig(configWith({ u"workers=1"_s, u"duration=0"_s }), u"custom"_s);
    QVERIFY(speed->isEnabled());
    QCOMPARE(speed->currentData().toDouble(), 10.0);
    QVERIFY(controller->stepAction()->isEnabled());
}

void TestMainWindow::tabFollowsTheLayout()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QList<QWidget *> panels { window.findChild<QComboBox *>(u"speed"_s), window.controls(), window.replayBar(),
        window.timeline(), window.eventLog(), window.supervisionTree(), window.statistics(),
        window.findChild<QWidget *>(u"narration"_s), window.findChild<QWidget *>(u"codeView"_s), window.workerDetail(),
        window.explorer() };
    QVERIFY(!panels.contains(nullptr));
    // The panels in the order Tab reaches their widgets, going round the chain once from the speed chooser.
    QList<qsizetype> reached;
    QWidget *widget = panels.first();
    do {
        if ((widget->focusPolicy() & Qt::TabFocus) && !widget->focusProxy()) {
            for (qsizetype i = 0; i < panels.size(); ++i) {
                if (panels.at(i) == widget || panels.at(i)->isAncestorOf(widget)) {
                    if (reached.isEmpty() || reached.constLast() != i)
                        reached << i;
                    break;
                }
            }
        }
        widget = widget->nextInFocusChain();
    } while (widget != panels.first());
    QList<qsizetype> inOrder;
    for (qsizetype i = 0; i < panels.size(); ++i)
        inOrder << i;
    QCOMPARE(reached, inOrder); // each panel once, in the order of the layout
}

void TestMainWindow::everyPanelHasAnAccessibleName()
{
    MainWindow window;
    const QStringList docks { u"controlsDock"_s, u"treeDock"_s, u"statisticsDock"_s, u"narrationDock"_s, u"codeDock"_s,
        u"workerDock"_s, u"explorerDock"_s };
    for (const QString &name : docks) {
        auto *dock = window.findChild<QDockWidget *>(name);
        QVERIFY2(dock, qPrintable(name));
        QVERIFY2(!dock->accessibleName().isEmpty(), qPrintable(name));
        QVERIFY2(!dock->widget()->accessibleName().isEmpty(), qPrintable(name));
        QVERIFY2(!dock->widget()->accessibleDescription().isEmpty(), qPrintable(name));
    }
    QCOMPARE(window.findChild<QDockWidget *>(u"controlsDock"_s)->accessibleName(), u"Controls"_s);
    for (QWidget *widget : { static_cast<QWidget *>(window.timeline()), static_cast<QWidget *>(window.eventLog()),
             static_cast<QWidget *>(window.findChild<QComboBox *>(u"speed"_s)) })
        QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
