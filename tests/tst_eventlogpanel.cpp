#include "eventfiltermodel.h"
#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "filterbar.h"
#include "logscript.h"
#include "patience.h"
#include "runtime/virtualruntime.h"
#include "testsettings.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QVBoxLayout>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

// Appends `count` events cycling through three workers: started, failed, restart_scheduled.
void appendCycles(EventLog &log, int count)
{
    for (int i = 0; i < count; ++i) {
        const qint64 t = log.lastTimeUs() + 1000;
        const int worker = (i / 3) % 3;
        const auto incarnation = quint32(log.size() / 9 + 1);
        switch (i % 3) {
        case 0:
            log.append(at(t, LifecycleEvent::forWorker(EventKind::WorkerStarted, worker, incarnation)));
            break;
        case 1:
            log.append(at(t, LifecycleEvent::forWorker(EventKind::WorkerFailed, worker, incarnation, u"error"_s)));
            break;
        default:
            log.append(at(t, LifecycleEvent::restartScheduled(worker, 100, 1)));
            break;
        }
    }
}

std::shared_ptr<EventLog> cycleLog(int count, int workers = 3)
{
    auto log = std::make_shared<EventLog>();
    log->append(at(0, runStartedEvent(workers)));
    appendCycles(*log, count);
    return log;
}

QList<QFrame *> chipsOf(const FilterBar &bar)
{
    // Removed chips are deleted on the next turn of the event loop; deliver that now.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return bar.findChildren<QFrame *>(u"filterChip"_s);
}

QFrame *chipFor(const FilterBar &bar, const QString &id)
{
    for (QFrame *chip : chipsOf(bar)) {
        if (chip->property("filterId").toString() == id)
            return chip;
    }
    return nullptr;
}

// A filter bar as the panel holds it: in a layout, across the width of a window.
FilterBar *barIn(QWidget &window)
{
    auto *layout = new QVBoxLayout(&window);
    auto *bar = new FilterBar(&window);
    layout->addWidget(bar);
    layout->addStretch(1);
    window.resize(700, 200);
    return bar;
}

QAction *actionNamed(QMenu *menu, const QString &text)
{
    for (QAction *action : menu->actions()) {
        if (action->text() == text)
            return action;
    }
    return nullptr;
}

} // namespace

class TestEventLogPanel : public QObject
{
    Q_OBJECT

private slots:
    void filterBarShowsOneChipPerFilter();
    void clickingAChipsCrossRemovesThatFilter();
    void clearAllRemovesEveryFilter();
    void userSelectionEmitsTheEventIndex();
    void selectEventSelectsWithoutEmitting();
    void selectEventKeepsFiltersThatHideTheEvent();
    void followsTheNewestEventOnlyAtTheBottom();
    void aFollowingTableHoldsOnlyTheNewestRows();
    void selectedEventStaysInSightWhenFiltersChange();
    void workerMenuFollowsTheRun();
    void eventMenuAndWorkerFilter();
    void searchAppliesAfterTypingAndClearsWithItsChip();
    void controlsHaveToolTips();
    void realRunThroughThePanel();
};

void TestEventLogPanel::filterBarShowsOneChipPerFilter()
{
    QWidget window;
    EventLogModel model;
    EventFilterModel filter;
    filter.setSourceModel(&model);
    model.setLog(cycleLog(30));
    auto *bar = barIn(window);
    bar->setFilterModel(&filter);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *clearAll = bar->findChild<QToolButton *>(u"clearAllFiltersButton"_s);
    QVERIFY(clearAll);

    QVERIFY(!bar->isVisible());
    QVERIFY(chipsOf(*bar).isEmpty());

    filter.addWorker(2);
    QVERIFY(bar->isVisible());
    QCOMPARE(chipsOf(*bar).size(), 1);
    QVERIFY(!clearAll->isVisible()); // one filter: its own cross is enough

    filter.addKind(EventKind::WorkerFailed);
    filter.setSearchText(u"error"_s);
    const QList<QFrame *> chips = chipsOf(*bar);
    QCOMPARE(chips.size(), 3);
    QVERIFY(clearAll->isVisible());
    QStringList labels;
    for (const EventFilterModel::Filter &active : filter.activeFilters()) {
        QFrame *chip = chipFor(*bar, active.id);
        QVERIFY2(chip, qPrintable(active.id));
        QVERIFY(chip->isVisible());
        auto *label = chip->findChild<QLabel *>();
        QVERIFY(label);
        labels << label->text();
    }
    QCOMPARE(labels, (QStringList { u"worker 2"_s, u"event: worker_failed"_s, u"search: error"_s }));

    filter.clearFilters();
    QVERIFY(chipsOf(*bar).isEmpty());
    QVERIFY(!bar->isVisible());
}

void TestEventLogPanel::clickingAChipsCrossRemovesThatFilter()
{
    QWidget window;
    EventFilterModel filter;
    auto *bar = barIn(window);
    bar->setFilterModel(&filter);
    filter.addWorker(1);
    filter.addKind(EventKind::WorkerFailed);
    filter.addKind(EventKind::WorkerStarted);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QSignalSpy changed(&filter, &EventFilterModel::filtersChanged);
    QFrame *chip = chipFor(*bar, u"event:worker_failed"_s);
    QVERIFY(chip);
    auto *cross = chip->findChild<QToolButton *>(u"removeFilterButton"_s);
    QVERIFY(cross);
    QCOMPARE(cross->toolTip(), u"Remove this filter"_s);
    QTest::mouseClick(cross, Qt::LeftButton);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(filter.kinds(), QList<EventKind> { EventKind::WorkerStarted });
    QCOMPARE(filter.workers(), QList<int> { 1 });
    QCOMPARE(chipsOf(*bar).size(), 2);
    QVERIFY(!chipFor(*bar, u"event:worker_failed"_s));

    QTest::mouseClick(chipFor(*bar, u"worker:1"_s)->findChild<QToolButton *>(u"removeFilterButton"_s), Qt::LeftButton);
    QVERIFY(filter.workers().isEmpty());
    QCOMPARE(chipsOf(*bar).size(), 1);
}

void TestEventLogPanel::clearAllRemovesEveryFilter()
{
    QWidget window;
    EventFilterModel filter;
    auto *bar = barIn(window);
    bar->setFilterModel(&filter);
    filter.addWorker(0);
    filter.setSearchText(u"x"_s);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy changed(&filter, &EventFilterModel::filtersChanged);
    QTest::mouseClick(bar->findChild<QToolButton *>(u"clearAllFiltersButton"_s), Qt::LeftButton);
    QCOMPARE(changed.size(), 1);
    QVERIFY(!filter.hasFilters());
    QVERIFY(!bar->isVisible());
}

void TestEventLogPanel::userSelectionEmitsTheEventIndex()
{
    EventLogPanel panel;
    panel.resize(700, 400);
    panel.setLog(cycleLog(30));
    panel.filterModel()->addKind(EventKind::WorkerFailed); // rows 0, 1, 2 are events 2, 5, 8
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy selected(&panel, &EventLogPanel::eventSelected);

    QTableView *view = panel.view();
    const QRect rect = view->visualRect(panel.filterModel()->index(1, EventLogModel::DetailColumn));
    QVERIFY(view->viewport()->rect().contains(rect.center()));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.at(0).at(0).value<qsizetype>(), qsizetype(5));
    QCOMPARE(panel.selectedEventIndex(), qsizetype(5));

    // The keyboard moves the selection too.
    QTest::keyClick(view, Qt::Key_Down);
    QCOMPARE(selected.size(), 2);
    QCOMPARE(selected.at(1).at(0).value<qsizetype>(), qsizetype(8));

    // A filter that hides the selected row takes the selection away without announcing a selection.
    panel.filterModel()->addWorker(0);
    QCOMPARE(selected.size(), 2);
}

void TestEventLogPanel::selectEventSelectsWithoutEmitting()
{
    EventLogPanel panel;
    panel.resize(700, 300);
    const auto log = cycleLog(600);
    panel.setLog(log);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy selected(&panel, &EventLogPanel::eventSelected);

    QVERIFY(panel.selectEvent(100));
    QCOMPARE(selected.size(), 0);
    QCOMPARE(panel.selectedEventIndex(), qsizetype(100));
    const QModelIndex index = panel.filterModel()->index(100, 0);
    QCOMPARE(panel.view()->currentIndex().row(), 100);
    QVERIFY(panel.view()->viewport()->rect().intersects(panel.view()->visualRect(index)));
    QVERIFY(!panel.isFollowingNewest()); // it scrolled away from the bottom to show the event

    // An event the panel has not taken in yet is taken in first.
    appendCycles(*log, 3);
    QVERIFY(panel.selectEvent(log->size() - 1));
    QCOMPARE(panel.selectedEventIndex(), log->size() - 1);
    QCOMPARE(selected.size(), 0);
    QVERIFY(!panel.selectEvent(log->size())); // no such event
    QCOMPARE(selected.size(), 0);
}

void TestEventLogPanel::selectEventKeepsFiltersThatHideTheEvent()
{
    EventLogPanel panel;
    panel.resize(700, 300);
    panel.setLog(cycleLog(600));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.filterModel()->addKind(EventKind::WorkerFailed);
    QVERIFY(panel.selectEvent(299)); // a failure: 2 + 3k
    QCOMPARE(panel.selectedEventIndex(), qsizetype(299));

    QSignalSpy selected(&panel, &EventLogPanel::eventSelected);
    QVERIFY(!panel.selectEvent(300)); // a restart_scheduled, hidden by the filter
    QCOMPARE(panel.selectedEventIndex(), qsizetype(-1));
    QCOMPARE(panel.filterModel()->kinds(), QList<EventKind> { EventKind::WorkerFailed });
    // The table shows the place where the event would be: the failure just before it is in view.
    const QModelIndex before = panel.filterModel()->index(panel.filterModel()->mapFromEventIndex(299), 0);
    QVERIFY(panel.view()->viewport()->rect().intersects(panel.view()->visualRect(before)));
    QCOMPARE(selected.size(), 0);
}

void TestEventLogPanel::followsTheNewestEventOnlyAtTheBottom()
{
    EventLogPanel panel;
    panel.resize(700, 300);
    auto log = cycleLog(10);
    panel.setLog(log);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QScrollBar *scrollBar = panel.view()->verticalScrollBar();
    QTableView *view = panel.view();
    const auto lastRowVisible = [&] {
        const QModelIndex last = panel.filterModel()->index(panel.filterModel()->rowCount() - 1, 0);
        return view->viewport()->rect().intersects(view->visualRect(last));
    };
    QVERIFY(panel.isFollowingNewest());

    appendCycles(*log, 200);
    panel.refresh();
    QVERIFY(scrollBar->maximum() > 0);
    QCOMPARE(scrollBar->value(), scrollBar->maximum());
    QVERIFY(lastRowVisible());

    // The user scrolls up: new events no longer move the view.
    scrollBar->setValue(scrollBar->maximum() / 2);
    QVERIFY(!panel.isFollowingNewest());
    const int held = scrollBar->value();
    appendCycles(*log, 200);
    panel.refresh();
    QCOMPARE(scrollBar->value(), held);
    QVERIFY(!lastRowVisible());

    // Back at the bottom, it follows again.
    scrollBar->triggerAction(QAbstractSlider::SliderToMaximum);
    QCOMPARE(scrollBar->value(), scrollBar->maximum());
    QVERIFY(panel.isFollowingNewest());
    appendCycles(*log, 200);
    panel.refresh();
    QCOMPARE(scrollBar->value(), scrollBar->maximum());
    QVERIFY(lastRowVisible());

    // Filtered rows that arrive are followed as well.
    panel.filterModel()->addWorker(1);
    appendCycles(*log, 300);
    panel.refresh();
    QCOMPARE(scrollBar->value(), scrollBar->maximum());
    QVERIFY(lastRowVisible());
    QCOMPARE(
        panel.filterModel()->index(panel.filterModel()->rowCount() - 1, EventLogModel::WorkerColumn).data().toString(),
        u"worker 1"_s);

    // A filter that leaves the view at the bottom, with nothing selected to keep in sight, follows again.
    panel.filterModel()->clearFilters();
    scrollBar->setValue(0);
    QVERIFY(!panel.isFollowingNewest());
    panel.filterModel()->setKinds({ EventKind::RunStarted, EventKind::WorkerFailed });
    QVERIFY(!panel.isFollowingNewest());
    panel.filterModel()->setKinds({ EventKind::RunStarted });
    QVERIFY(panel.isFollowingNewest());
    panel.filterModel()->clearFilters();
    QCOMPARE(scrollBar->value(), scrollBar->maximum());

    // A new run starts at the top and follows its newest event.
    scrollBar->setValue(0);
    QVERIFY(!panel.isFollowingNewest());
    log = cycleLog(5);
    panel.setLog(log);
    QVERIFY(panel.isFollowingNewest());
    appendCycles(*log, 400);
    panel.refresh();
    QCOMPARE(scrollBar->value(), scrollBar->maximum());
    QVERIFY(lastRowVisible());
}

void TestEventLogPanel::aFollowingTableHoldsOnlyTheNewestRows()
{
    EventLogPanel panel;
    panel.resize(700, 300);
    auto log = cycleLog(10);
    panel.setLog(log);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTableView *view = panel.view();
    QScrollBar *scrollBar = view->verticalScrollBar();
    const auto eventAtTop = [&] { return panel.filterModel()->eventIndex(view->rowAt(0)); };

    // Following the newest event, the table holds a window of the newest rows, however long the log.
    appendCycles(*log, 3 * EventLogPanel::kFollowedRows);
    panel.refresh();
    QVERIFY(panel.isFollowingNewest());
    QCOMPARE(panel.logModel()->rowCount(), EventLogPanel::kFollowedRows);
    QCOMPARE(panel.logModel()->eventIndex(panel.logModel()->rowCount() - 1), log->size() - 1);
    QCOMPARE(scrollBar->value(), scrollBar->maximum());
    appendCycles(*log, 10);
    panel.refresh();
    QCOMPARE(panel.logModel()->rowCount(), EventLogPanel::kFollowedRows);
    QCOMPARE(panel.logModel()->eventIndex(panel.logModel()->rowCount() - 1), log->size() - 1);

    // One row up: every row is back, and the rows in view stay in view.
    const qsizetype top = eventAtTop();
    scrollBar->setValue(scrollBar->value() - 1);
    QVERIFY(!panel.isFollowingNewest());
    QCOMPARE(panel.logModel()->rowCount(), int(log->size()));
    QCOMPARE(eventAtTop(), top - 1);

    // Back at the bottom, the window closes in again; a filter then applies to every event, not to the window.
    scrollBar->triggerAction(QAbstractSlider::SliderToMaximum);
    QVERIFY(panel.isFollowingNewest());
    QCOMPARE(panel.logModel()->rowCount(), EventLogPanel::kFollowedRows);
    panel.filterModel()->addWorker(1);
    qsizetype ofWorker1 = 0;
    for (qsizetype i = 0; i < log->size(); ++i)
        ofWorker1 += log->at(i).worker == 1;
    QCOMPARE(panel.filterModel()->rowCount(), int(ofWorker1));
    QCOMPARE(scrollBar->value(), scrollBar->maximum());

    // An event selected from elsewhere is found even if the window had left it behind.
    panel.filterModel()->clearFilters();
    QCOMPARE(panel.logModel()->rowCount(), EventLogPanel::kFollowedRows);
    QVERIFY(panel.selectEvent(5));
    QCOMPARE(panel.selectedEventIndex(), qsizetype(5));
}

void TestEventLogPanel::selectedEventStaysInSightWhenFiltersChange()
{
    EventLogPanel panel;
    panel.resize(700, 300);
    panel.setLog(cycleLog(600));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTableView *view = panel.view();
    const auto selectedInSight = [&] {
        const QModelIndexList selected = view->selectionModel()->selectedRows();
        return selected.size() == 1 && view->viewport()->rect().intersects(view->visualRect(selected.first()));
    };
    QVERIFY(panel.selectEvent(300)); // a restart_scheduled
    QVERIFY(selectedInSight());
    panel.filterModel()->addKind(EventKind::RestartScheduled); // two rows in three go
    QCOMPARE(panel.selectedEventIndex(), qsizetype(300));
    QVERIFY(selectedInSight());
    QVERIFY(!panel.isFollowingNewest());
    panel.filterModel()->clearFilters(); // and come back
    QCOMPARE(panel.selectedEventIndex(), qsizetype(300));
    QVERIFY(selectedInSight());
    QVERIFY(!panel.isFollowingNewest());
}

void TestEventLogPanel::workerMenuFollowsTheRun()
{
    EventLogPanel panel;
    auto *button = panel.findChild<QToolButton *>(u"workerFilterButton"_s);
    QVERIFY(button && button->menu());
    QMenu *menu = button->menu();
    const auto checkable = [&] {
        QStringList names;
        for (QAction *action : menu->actions()) {
            if (action->isCheckable())
                names << action->text();
        }
        return names;
    };
    QCOMPARE(checkable(), QStringList { u"supervisor"_s }); // no run yet

    auto log = std::make_shared<EventLog>();
    panel.setLog(log);
    QCOMPARE(checkable(), QStringList { u"supervisor"_s });
    log->append(at(0, runStartedEvent(3)));
    panel.refresh();
    QCOMPARE(checkable(), (QStringList { u"supervisor"_s, u"worker 0"_s, u"worker 1"_s, u"worker 2"_s }));

    actionNamed(menu, u"worker 1"_s)->trigger();
    QCOMPARE(panel.filterModel()->workers(), QList<int> { 1 });
    QCOMPARE(button->text(), u"Worker (1)"_s);
    actionNamed(menu, u"supervisor"_s)->trigger();
    QCOMPARE(panel.filterModel()->workers(), (QList<int> { -1, 1 }));
    actionNamed(menu, u"worker 1"_s)->trigger(); // unchecks
    QCOMPARE(panel.filterModel()->workers(), QList<int> { -1 });

    // Removing the filter elsewhere (a chip) unchecks the menu.
    panel.filterModel()->removeFilter(u"worker:supervisor"_s);
    QVERIFY(!actionNamed(menu, u"supervisor"_s)->isChecked());
    QCOMPARE(button->text(), u"Worker"_s);

    // Another run with more workers rebuilds the menu; a checked worker stays checked.
    panel.filterModel()->addWorker(2);
    panel.setLog(cycleLog(3, 5));
    QCOMPARE(checkable().size(), 6);
    QVERIFY(actionNamed(menu, u"worker 2"_s)->isChecked());
    QVERIFY(!actionNamed(menu, u"worker 4"_s)->isChecked());
    actionNamed(menu, u"All workers"_s)->trigger();
    QVERIFY(panel.filterModel()->workers().isEmpty());
    QVERIFY(!actionNamed(menu, u"worker 2"_s)->isChecked());
}

void TestEventLogPanel::eventMenuAndWorkerFilter()
{
    EventLogPanel panel;
    panel.setLog(cycleLog(30));
    auto *button = panel.findChild<QToolButton *>(u"eventFilterButton"_s);
    QVERIFY(button && button->menu());
    QMenu *menu = button->menu();
    int checkable = 0;
    for (QAction *action : menu->actions())
        checkable += action->isCheckable() ? 1 : 0;
    QCOMPARE(checkable, kEventKindCount);

    actionNamed(menu, u"restart_scheduled"_s)->trigger();
    QCOMPARE(panel.filterModel()->kinds(), QList<EventKind> { EventKind::RestartScheduled });
    QCOMPARE(panel.filterModel()->rowCount(), 10);
    panel.filterModel()->removeFilter(u"event:restart_scheduled"_s);
    QVERIFY(!actionNamed(menu, u"restart_scheduled"_s)->isChecked());

    panel.filterModel()->addWorker(0);
    panel.filterModel()->addWorker(1);
    panel.setWorkerFilter(2); // only this worker; other kinds of filter stay
    panel.filterModel()->addKind(EventKind::WorkerFailed);
    panel.setWorkerFilter(2);
    QCOMPARE(panel.filterModel()->workers(), QList<int> { 2 });
    QCOMPARE(panel.filterModel()->kinds(), QList<EventKind> { EventKind::WorkerFailed });
    QCOMPARE(panel.filterModel()->rowCount(), 3);
}

void TestEventLogPanel::searchAppliesAfterTypingAndClearsWithItsChip()
{
    EventLogPanel panel;
    panel.setLog(cycleLog(30));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto *search = panel.findChild<QLineEdit *>(u"searchField"_s);
    QVERIFY(search);
    QCOMPARE(search->placeholderText(), u"Search events"_s);
    QVERIFY(search->isClearButtonEnabled());

    QSignalSpy changed(panel.filterModel(), &EventFilterModel::filtersChanged);
    QTest::keyClicks(search, u"RESTART"_s);
    QCOMPARE(changed.size(), 0); // not on every key: after a pause
    QVERIFY(panel.filterModel()->searchText().isEmpty());
    QVERIFY(changed.wait(kPatienceMs));
    QCOMPARE(changed.size(), 1); // once for the whole word
    QCOMPARE(panel.filterModel()->searchText(), u"RESTART"_s);
    QCOMPARE(panel.filterModel()->rowCount(), 10);

    // Return applies at once.
    QTest::keyClicks(search, u"_sched"_s);
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(panel.filterModel()->searchText(), u"RESTART_sched"_s);

    // Its chip removes the search and empties the field.
    auto *bar = panel.findChild<FilterBar *>();
    QVERIFY(bar);
    QTest::mouseClick(chipFor(*bar, u"search"_s)->findChild<QToolButton *>(u"removeFilterButton"_s), Qt::LeftButton);
    QVERIFY(panel.filterModel()->searchText().isEmpty());
    QVERIFY(search->text().isEmpty());
    QCOMPARE(panel.filterModel()->rowCount(), 31);

    // Clearing the field removes the search without waiting.
    search->setText(u"worker 2"_s);
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(panel.filterModel()->rowCount(), 9);
    search->clear();
    QVERIFY(panel.filterModel()->searchText().isEmpty());
}

void TestEventLogPanel::controlsHaveToolTips()
{
    EventLogPanel panel;
    panel.setLog(cycleLog(3));
    panel.filterModel()->addWorker(1);
    panel.filterModel()->setSearchText(u"x"_s);
    for (QToolButton *button : panel.findChildren<QToolButton *>()) {
        if (button->parent() != panel.view() && !button->objectName().startsWith(u"qt_"_s))
            QVERIFY2(!button->toolTip().isEmpty(),
                qPrintable(button->objectName() + u' ' + QString::fromLatin1(button->metaObject()->className())));
    }
    QVERIFY(!panel.findChild<QLineEdit *>(u"searchField"_s)->toolTip().isEmpty());
    for (const auto *name : { "workerFilterButton", "eventFilterButton" }) {
        auto *button = panel.findChild<QToolButton *>(QString::fromLatin1(name));
        for (QAction *action : button->menu()->actions())
            QVERIFY2(action->isSeparator() || !action->toolTip().isEmpty(), qPrintable(action->text()));
    }
    // Every cell explains itself.
    QVERIFY(!panel.logModel()->index(0, EventLogModel::TimeColumn).data(Qt::ToolTipRole).toString().isEmpty());
}

void TestEventLogPanel::realRunThroughThePanel()
{
    const SupervisorConfig config = withSettings(SupervisorConfig(),
        { u"virtual_time=true"_s, u"workers=4"_s, u"failure_mode=mixed"_s, u"failure_rate=0.5"_s, u"work_min=50"_s,
            u"work_max=400"_s, u"delay=100"_s, u"heartbeat_timeout=300"_s, u"duration=20000"_s, u"seed=3"_s });
    VirtualRuntime runtime(config);
    EventLogPanel panel;
    QAbstractItemModelTester proxyTester(panel.filterModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.resize(700, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setLog(runtime.log());
    panel.setWorkerFilter(3);
    for (qint64 t = 1'000'000; !runtime.isOver(); t += 1'000'000) {
        if (t > 20'000'000)
            runtime.run(); // the end of the run: stopping and run_finished
        else
            runtime.runUntil(t);
        panel.refresh();
        QCOMPARE(panel.logModel()->rowCount(), runtime.log()->size());
        QCOMPARE(panel.view()->verticalScrollBar()->value(), panel.view()->verticalScrollBar()->maximum());
    }
    const EventLog &log = *runtime.log();
    qsizetype ofWorker3 = 0;
    qsizetype lastOfWorker3 = -1;
    for (qsizetype i = 0; i < log.size(); ++i) {
        if (log.at(i).worker == 3) {
            ++ofWorker3;
            lastOfWorker3 = i;
        }
    }
    QVERIFY(ofWorker3 > 20);
    QCOMPARE(panel.filterModel()->rowCount(), ofWorker3);
    QCOMPARE(panel.filterModel()->eventIndex(panel.filterModel()->rowCount() - 1), lastOfWorker3);
    const auto *workers = panel.findChild<QToolButton *>(u"workerFilterButton"_s);
    QCOMPARE(workers->menu()->actions().size(), 2 + 1 + 4); // all, separator, supervisor, workers 0..3
}

QTEST_MAIN(TestEventLogPanel)
#include "tst_eventlogpanel.moc"
