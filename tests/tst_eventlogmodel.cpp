#include "eventfiltermodel.h"
#include "eventlogmodel.h"
#include "io/jsonlineswriter.h"
#include "logscript.h"
#include "runtime/virtualruntime.h"
#include "testsettings.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

// A short run with one event of nearly every kind, at known times.
std::shared_ptr<EventLog> handBuiltLog()
{
    auto log = std::make_shared<EventLog>();
    const QList<LifecycleEvent> events {
        at(0, runStartedEvent(3, 42)),
        at(0, LifecycleEvent::supervisor(EventKind::SupervisorStarted)),
        at(100, LifecycleEvent::forWorker(EventKind::WorkerStarted, 0, 1)),
        at(100, LifecycleEvent::forWorker(EventKind::WorkerStarted, 1, 1)),
        at(100, LifecycleEvent::forWorker(EventKind::WorkerStarted, 2, 1)),
        at(1'234'567, LifecycleEvent::forWorker(EventKind::WorkerFailed, 0, 1, u"exception: disk on fire"_s)),
        at(1'234'567, LifecycleEvent::restartScheduled(0, 500, 1)),
        at(1'500'000, LifecycleEvent::forWorker(EventKind::WorkerFailed, 1, 1, u"heartbeat_timeout"_s)),
        at(1'500'000, LifecycleEvent::restartScheduled(1, 250, 1)),
        at(1'600'000, LifecycleEvent::forWorker(EventKind::WorkerCompleted, 2, 1)),
        at(1'734'567, LifecycleEvent::forWorker(EventKind::WorkerStarted, 0, 2)),
        at(1'750'000, LifecycleEvent::forWorker(EventKind::WorkerStarted, 1, 2)),
        at(2'000'000, LifecycleEvent::configChanged(u"failure_rate"_s, u"0.3"_s)),
        at(2'100'000, LifecycleEvent::forWorker(EventKind::WorkerFailed, 1, 2, u"error"_s)),
        at(2'100'000, LifecycleEvent::circuit(EventKind::CircuitOpened, 1)),
        at(3'000'000, LifecycleEvent::supervisor(EventKind::SupervisorStopping)),
        at(3'000'000, LifecycleEvent::forWorker(EventKind::WorkerStopping, 0, 2, u"shutdown"_s)),
        at(3'000'500, LifecycleEvent::forWorker(EventKind::WorkerStopped, 0, 2)),
        at(3'000'600, LifecycleEvent::supervisor(EventKind::SupervisorStopped)),
        at(3'000'600, LifecycleEvent::runFinished({ 2, 3, 1 })),
    };
    for (const LifecycleEvent &event : events) {
        if (!log->append(event))
            qFatal("hand-built log out of order");
    }
    return log;
}

std::shared_ptr<EventLog> singleEventLog(const LifecycleEvent &event)
{
    auto log = std::make_shared<EventLog>();
    log->append(event);
    return log;
}

SupervisorConfig mixedConfig()
{
    return withSettings(SupervisorConfig(),
        { u"virtual_time=true"_s, u"workers=4"_s, u"failure_mode=mixed"_s, u"failure_rate=0.5"_s, u"work_min=50"_s,
            u"work_max=400"_s, u"delay=100"_s, u"heartbeat_timeout=300"_s, u"duration=20000"_s, u"seed=7"_s });
}

QList<qsizetype> shownEvents(const EventFilterModel &filter)
{
    QList<qsizetype> shown;
    for (int row = 0; row < filter.rowCount(); ++row)
        shown.append(filter.eventIndex(row));
    return shown;
}

template<typename Predicate> QList<qsizetype> eventsWhere(const EventLog &log, Predicate predicate)
{
    QList<qsizetype> matching;
    for (qsizetype i = 0; i < log.size(); ++i) {
        if (predicate(log.at(i)))
            matching.append(i);
    }
    return matching;
}

// Counts how often the proxy asks about a row, to show that appending does not filter old rows again.
class CountingFilterModel : public EventFilterModel
{
public:
    mutable qsizetype asked = 0;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override
    {
        ++asked;
        return EventFilterModel::filterAcceptsRow(sourceRow, sourceParent);
    }
};

} // namespace

class TestEventLogModel : public QObject
{
    Q_OBJECT

private slots:
    void displayTextPerKind_data();
    void displayTextPerKind();
    void failureKindAndColour_data();
    void failureKindAndColour();
    void customRolesDescribeTheEvent();
    void toolTipIsTheJsonLine();
    void headerNamesTheColumns();
    void incarnationsReadWithoutGroupSeparators_data();
    void incarnationsReadWithoutGroupSeparators();
    void refreshAppendsInOneInsertion();
    void setLogResetsTheModel();
    void modelsStayConsistentAcrossRefreshesAndFilterChanges();
    void workerFilter();
    void kindFilter();
    void searchFilter_data();
    void searchFilter();
    void filtersCombine();
    void filtersMatchABruteForceCount();
    void activeFiltersDescribeAndRemoveById();
    void filtersChangedOnlyOnChange();
    void appendedRowsAreFilteredAlone();
    void mapsBetweenEventsAndRows();
    void refreshOf200kEvents();
    void rowsAreReadBackFromSpilledBlocks();
    void rowsOfEventsNoLongerHeldLeave();
};

void TestEventLogModel::displayTextPerKind_data()
{
    QTest::addColumn<LifecycleEvent>("event");
    QTest::addColumn<QString>("time");
    QTest::addColumn<QString>("worker");
    QTest::addColumn<QString>("incarnation");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<int>("state"); // -1: none

    const auto row
        = [](const char *tag, qint64 tUs, const LifecycleEvent &event, const QString &time, const QString &worker,
              const QString &incarnation, const QString &name, const QString &detail, int state) {
              QTest::newRow(tag) << at(tUs, event) << time << worker << incarnation << name << detail << state;
          };
    row("run_started", 0, runStartedEvent(3, 42), u"0.000000 s"_s, u"supervisor"_s, QString(), u"run_started"_s,
        u"seed 42"_s, -1);
    row("supervisor_started", 5, LifecycleEvent::supervisor(EventKind::SupervisorStarted), u"0.000005 s"_s,
        u"supervisor"_s, QString(), u"supervisor_started"_s, QString(), int(StateColor::Running));
    row("worker_started", 1'234'567, LifecycleEvent::forWorker(EventKind::WorkerStarted, 2, 3), u"1.234567 s"_s,
        u"worker 2"_s, u"3"_s, u"worker_started"_s, QString(), int(StateColor::Running));
    row("worker_started worker 0", 999'999, LifecycleEvent::forWorker(EventKind::WorkerStarted, 0, 1), u"0.999999 s"_s,
        u"worker 0"_s, u"1"_s, u"worker_started"_s, QString(), int(StateColor::Running));
    row("worker_completed", 61'000'000, LifecycleEvent::forWorker(EventKind::WorkerCompleted, 1, 1), u"61.000000 s"_s,
        u"worker 1"_s, u"1"_s, u"worker_completed"_s, QString(), int(StateColor::Completed));
    row("worker_failed error", 10, LifecycleEvent::forWorker(EventKind::WorkerFailed, 0, 4, u"error"_s),
        u"0.000010 s"_s, u"worker 0"_s, u"4"_s, u"worker_failed"_s, u"error"_s, int(StateColor::FailedError));
    row("worker_failed exception", 10,
        LifecycleEvent::forWorker(EventKind::WorkerFailed, 0, 1, u"exception: disk on fire"_s), u"0.000010 s"_s,
        u"worker 0"_s, u"1"_s, u"worker_failed"_s, u"exception: disk on fire"_s, int(StateColor::FailedException));
    row("worker_failed hang", 10, LifecycleEvent::forWorker(EventKind::WorkerFailed, 3, 1, u"heartbeat_timeout"_s),
        u"0.000010 s"_s, u"worker 3"_s, u"1"_s, u"worker_failed"_s, u"heartbeat_timeout"_s,
        int(StateColor::FailedHang));
    row("restart_scheduled", 2'000'000, LifecycleEvent::restartScheduled(1, 500, 2), u"2.000000 s"_s, u"worker 1"_s,
        QString(), u"restart_scheduled"_s, u"in 500 ms, attempt 2"_s, int(StateColor::Waiting));
    row("worker_stopping", 1, LifecycleEvent::forWorker(EventKind::WorkerStopping, 1, 2, u"sibling_failed"_s),
        u"0.000001 s"_s, u"worker 1"_s, u"2"_s, u"worker_stopping"_s, u"sibling_failed"_s, int(StateColor::Stopping));
    row("worker_stopped", 1, LifecycleEvent::forWorker(EventKind::WorkerStopped, 1, 2), u"0.000001 s"_s, u"worker 1"_s,
        u"2"_s, u"worker_stopped"_s, QString(), int(StateColor::Stopped));
    row("worker_abandoned", 1, LifecycleEvent::forWorker(EventKind::WorkerAbandoned, 1, 2), u"0.000001 s"_s,
        u"worker 1"_s, u"2"_s, u"worker_abandoned"_s, QString(), int(StateColor::Abandoned));
    row("circuit_opened", 1, LifecycleEvent::circuit(EventKind::CircuitOpened, 2), u"0.000001 s"_s, u"worker 2"_s,
        QString(), u"circuit_opened"_s, QString(), int(StateColor::CircuitOpen));
    row("circuit_half_open", 1, LifecycleEvent::circuit(EventKind::CircuitHalfOpen, 2), u"0.000001 s"_s, u"worker 2"_s,
        QString(), u"circuit_half_open"_s, QString(), int(StateColor::CircuitOpen));
    row("circuit_closed", 1, LifecycleEvent::circuit(EventKind::CircuitClosed, 2), u"0.000001 s"_s, u"worker 2"_s,
        QString(), u"circuit_closed"_s, QString(), int(StateColor::CircuitOpen));
    row("config_changed", 3'500'000, LifecycleEvent::configChanged(u"failure_rate"_s, u"0.3"_s), u"3.500000 s"_s,
        u"supervisor"_s, QString(), u"config_changed"_s, u"failure_rate = 0.3"_s, int(StateColor::ConfigChanged));
    row("supervisor_gave_up", 4'000'000,
        LifecycleEvent::supervisor(EventKind::SupervisorGaveUp, u"more than 3 restarts within 5000 ms"_s),
        u"4.000000 s"_s, u"supervisor"_s, QString(), u"supervisor_gave_up"_s, u"more than 3 restarts within 5000 ms"_s,
        int(StateColor::GaveUp));
    row("supervisor_stopping", 4'000'000, LifecycleEvent::supervisor(EventKind::SupervisorStopping), u"4.000000 s"_s,
        u"supervisor"_s, QString(), u"supervisor_stopping"_s, QString(), int(StateColor::Stopping));
    row("supervisor_stopped", 4'000'000, LifecycleEvent::supervisor(EventKind::SupervisorStopped), u"4.000000 s"_s,
        u"supervisor"_s, QString(), u"supervisor_stopped"_s, QString(), int(StateColor::Stopped));
    row("run_finished", 7'200'000'000, LifecycleEvent::runFinished({ 3, 4, 1 }), u"7200.000000 s"_s, u"supervisor"_s,
        QString(), u"run_finished"_s, u"restarts 3, failures 4, completions 1"_s, -1);
}

void TestEventLogModel::displayTextPerKind()
{
    QFETCH(LifecycleEvent, event);
    QFETCH(QString, time);
    QFETCH(QString, worker);
    QFETCH(QString, incarnation);
    QFETCH(QString, name);
    QFETCH(QString, detail);
    QFETCH(int, state);

    EventLogModel model;
    model.setLog(singleEventLog(event));
    QCOMPARE(model.rowCount(), 1);
    const auto text = [&](int column) { return model.index(0, column).data().toString(); };
    QCOMPARE(text(EventLogModel::TimeColumn), time);
    QCOMPARE(text(EventLogModel::WorkerColumn), worker);
    QCOMPARE(text(EventLogModel::IncarnationColumn), incarnation);
    QCOMPARE(text(EventLogModel::EventColumn), name);
    QCOMPARE(text(EventLogModel::DetailColumn), detail);

    const QModelIndex nameIndex = model.index(0, EventLogModel::EventColumn);
    const QVariant stateRole = nameIndex.data(EventLogModel::StateColorRole);
    QCOMPARE(stateRole.isValid() ? stateRole.toInt() : -1, state);
    const QVariant decoration = nameIndex.data(Qt::DecorationRole);
    QCOMPARE(decoration.isValid(), state >= 0);
    if (state >= 0) {
        const QColor expected = StateColors::color(StateColor(state), QGuiApplication::palette());
        const auto shown = decoration.value<QColor>();
        QCOMPARE(shown.alpha(), 255);
        if (expected.alpha() == 255)
            QCOMPARE(shown, expected);
        else // translucent state colours are shown as they look over the background
            QVERIFY(shown != expected.toRgb() && shown.isValid());
    }
    QVERIFY(!model.index(0, EventLogModel::DetailColumn).data(Qt::DecorationRole).isValid());
}

void TestEventLogModel::failureKindAndColour_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<int>("failureKind");
    QTest::addColumn<int>("state");
    QTest::newRow("error") << u"error"_s << int(FailureKind::Error) << int(StateColor::FailedError);
    QTest::newRow("exception") << u"exception: bad_alloc"_s << int(FailureKind::Exception)
                               << int(StateColor::FailedException);
    QTest::newRow("hang") << u"heartbeat_timeout"_s << int(FailureKind::Hang) << int(StateColor::FailedHang);
}

void TestEventLogModel::failureKindAndColour()
{
    QFETCH(QString, reason);
    QFETCH(int, failureKind);
    QFETCH(int, state);
    EventLogModel model;
    model.setLog(singleEventLog(LifecycleEvent::forWorker(EventKind::WorkerFailed, 1, 1, reason)));
    const QModelIndex index = model.index(0, EventLogModel::DetailColumn);
    QCOMPARE(index.data(EventLogModel::FailureKindRole).toInt(), failureKind);
    QCOMPARE(index.data(EventLogModel::StateColorRole).toInt(), state);
    QCOMPARE(model.index(0, EventLogModel::EventColumn).data(Qt::DecorationRole).value<QColor>(),
        StateColors::color(StateColor(state), QGuiApplication::palette()));
}

void TestEventLogModel::customRolesDescribeTheEvent()
{
    EventLogModel model;
    const auto log = handBuiltLog();
    model.setLog(log);
    QCOMPARE(model.rowCount(), log->size());
    QCOMPARE(model.columnCount(), int(EventLogModel::ColumnCount));
    for (int row = 0; row < model.rowCount(); ++row) {
        const LifecycleEvent event = log->at(row);
        for (int column = 0; column < model.columnCount(); ++column) {
            const QModelIndex index = model.index(row, column);
            QCOMPARE(index.data(EventLogModel::EventIndexRole).value<qsizetype>(), qsizetype(row));
            QCOMPARE(index.data(EventLogModel::TimeRole).value<qint64>(), event.tUs);
            QCOMPARE(index.data(EventLogModel::WorkerRole).toInt(), event.worker);
            QCOMPARE(index.data(EventLogModel::KindRole).toInt(), int(event.kind));
            QCOMPARE(index.data(EventLogModel::FailureKindRole).isValid(), event.kind == EventKind::WorkerFailed);
        }
        QCOMPARE(model.eventIndex(row), qsizetype(row));
    }
    QCOMPARE(model.eventIndex(-1), qsizetype(-1));
    QCOMPARE(model.eventIndex(model.rowCount()), qsizetype(-1));
    // Supervisor-level events carry worker -1 in the role, "supervisor" in the text.
    QCOMPARE(model.index(0, 0).data(EventLogModel::WorkerRole).toInt(), -1);
    QCOMPARE(model.roleNames().value(EventLogModel::TimeRole), QByteArray("timeUs"));
}

void TestEventLogModel::toolTipIsTheJsonLine()
{
    EventLogModel model;
    const auto log = handBuiltLog();
    model.setLog(log);
    for (int row = 0; row < model.rowCount(); ++row) {
        const QString tip = model.index(row, EventLogModel::DetailColumn).data(Qt::ToolTipRole).toString();
        QCOMPARE(tip, QString::fromUtf8(JsonLinesWriter::line(log->at(row))).trimmed());
        QVERIFY(!tip.contains(u'\n'));
    }
    QCOMPARE(model.index(5, 0).data(Qt::ToolTipRole).toString(),
        uR"({"t_us":1234567,"event":"worker_failed","worker":0,"incarnation":1,"reason":"exception: disk on fire"})"_s);
}

void TestEventLogModel::incarnationsReadWithoutGroupSeparators_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("time");
    QTest::newRow("English") << u"en_US"_s << u"1.234567"_s;
    QTest::newRow("German") << u"de_DE"_s << u"1,234567"_s;
}

// The incarnation column reads as every other figure of the lab does (readingLocale): the locale's digits, no
// group separators, so "1084" and not "1,084" beside a time of "1.234567".
void TestEventLogModel::incarnationsReadWithoutGroupSeparators()
{
    QFETCH(QString, locale);
    QFETCH(QString, time);
    const QLocale previous;
    QLocale::setDefault(QLocale(locale));
    const auto restore = qScopeGuard([&] { QLocale::setDefault(previous); });
    auto log = std::make_shared<EventLog>();
    log->append(at(1'234'567, LifecycleEvent::forWorker(EventKind::WorkerStarted, 0, 1084)));
    EventLogModel model;
    model.setLog(log);
    QCOMPARE(model.index(0, EventLogModel::IncarnationColumn).data().toString(), u"1084"_s);
    QVERIFY2(model.index(0, EventLogModel::TimeColumn).data().toString().startsWith(time),
        qPrintable(model.index(0, EventLogModel::TimeColumn).data().toString()));
}

void TestEventLogModel::headerNamesTheColumns()
{
    EventLogModel model;
    const QStringList expected { u"Time"_s, u"Worker"_s, u"Incarnation"_s, u"Event"_s, u"Detail"_s };
    for (int column = 0; column < EventLogModel::ColumnCount; ++column) {
        QCOMPARE(model.headerData(column, Qt::Horizontal).toString(), expected.at(column));
        QVERIFY(!model.headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
    }
}

void TestEventLogModel::refreshAppendsInOneInsertion()
{
    auto log = std::make_shared<EventLog>();
    log->append(at(0, runStartedEvent(2, 1)));
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLog(log);
    QCOMPARE(model.rowCount(), 1);

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < 5; ++i)
        log->append(at(10 * qint64(i), LifecycleEvent::forWorker(EventKind::WorkerStarted, i % 2, quint32(i + 1))));
    QCOMPARE(model.rowCount(), 1); // nothing shows until refresh()
    model.refresh();
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 1);
    QCOMPARE(inserted.at(0).at(2).toInt(), 5);
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(model.index(5, EventLogModel::IncarnationColumn).data().toString(), u"5"_s);

    model.refresh(); // nothing new: no signal
    QCOMPARE(inserted.size(), 1);

    model.setLog(nullptr);
    QCOMPARE(model.rowCount(), 0);
    model.refresh();
    QCOMPARE(model.rowCount(), 0);
}

void TestEventLogModel::setLogResetsTheModel()
{
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setLog(handBuiltLog());
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 20);
    model.setLog(singleEventLog(at(0, runStartedEvent(1, 9))));
    QCOMPARE(reset.size(), 2);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, EventLogModel::DetailColumn).data().toString(), u"seed 9"_s);
}

void TestEventLogModel::modelsStayConsistentAcrossRefreshesAndFilterChanges()
{
    VirtualRuntime runtime(mixedConfig());
    EventLogModel model;
    EventFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester sourceTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLog(runtime.log());
    filter.addKind(EventKind::WorkerFailed);
    filter.addKind(EventKind::WorkerStarted);

    const auto expected = [&] {
        return eventsWhere(*runtime.log(), [&](const LifecycleEvent &event) {
            return filter.hasKind(event.kind) && (filter.workers().isEmpty() || filter.workers().contains(event.worker))
                && (filter.searchText().isEmpty()
                    || EventLogModel::detailText(event).contains(filter.searchText(), Qt::CaseInsensitive));
        });
    };

    int step = 0;
    for (qint64 t = 500'000; !runtime.isOver(); t += 1'500'000, ++step) {
        runtime.runUntil(t);
        if (t > 25'000'000)
            runtime.run();
        model.refresh();
        QCOMPARE(model.rowCount(), runtime.log()->size());
        switch (step % 4) { // change the filters between refreshes, both narrowing and widening
        case 1:
            filter.setWorkers({ 1, 3 });
            break;
        case 2:
            filter.setSearchText(u"exception"_s);
            break;
        case 3:
            filter.clearWorkers();
            filter.setSearchText({});
            break;
        }
        QCOMPARE(shownEvents(filter), expected());
        if (QTest::currentTestFailed())
            return;
    }
    QVERIFY(step >= 10);
    QVERIFY(runtime.log()->count(EventKind::WorkerFailed) > 20);
}

void TestEventLogModel::workerFilter()
{
    EventLogModel model;
    EventFilterModel filter;
    filter.setSourceModel(&model);
    const auto log = handBuiltLog();
    model.setLog(log);

    filter.addWorker(1);
    QCOMPARE(shownEvents(filter), eventsWhere(*log, [](const LifecycleEvent &e) { return e.worker == 1; }));
    QVERIFY(filter.rowCount() >= 5);
    for (int row = 0; row < filter.rowCount(); ++row)
        QCOMPARE(filter.index(row, EventLogModel::WorkerColumn).data().toString(), u"worker 1"_s);

    filter.addWorker(EventFilterModel::kSupervisor);
    QCOMPARE(shownEvents(filter),
        eventsWhere(*log, [](const LifecycleEvent &e) { return e.worker == 1 || !e.has(FieldWorker); }));
    QCOMPARE(filter.workers(), (QList<int> { -1, 1 }));

    filter.removeWorker(1);
    QCOMPARE(shownEvents(filter), eventsWhere(*log, [](const LifecycleEvent &e) { return e.worker < 0; }));
    QCOMPARE(filter.index(0, EventLogModel::EventColumn).data().toString(), u"run_started"_s);

    filter.clearWorkers();
    QCOMPARE(filter.rowCount(), log->size());
}

void TestEventLogModel::kindFilter()
{
    EventLogModel model;
    EventFilterModel filter;
    filter.setSourceModel(&model);
    const auto log = handBuiltLog();
    model.setLog(log);

    filter.addKind(EventKind::WorkerFailed);
    QCOMPARE(shownEvents(filter), (QList<qsizetype> { 5, 7, 13 }));
    filter.addKind(EventKind::RestartScheduled);
    QCOMPARE(shownEvents(filter), (QList<qsizetype> { 5, 6, 7, 8, 13 }));
    QCOMPARE(filter.kinds(), (QList<EventKind> { EventKind::WorkerFailed, EventKind::RestartScheduled }));
    filter.removeKind(EventKind::WorkerFailed);
    QCOMPARE(shownEvents(filter), (QList<qsizetype> { 6, 8 }));
    filter.setKinds({ EventKind::RunStarted, EventKind::RunFinished });
    QCOMPARE(shownEvents(filter), (QList<qsizetype> { 0, 19 }));
    filter.clearKinds();
    QCOMPARE(filter.rowCount(), log->size());
}

void TestEventLogModel::searchFilter_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QList<qsizetype>>("shown");
    QTest::newRow("reason, any case") << u"EXCEPTION"_s << QList<qsizetype> { 5 };
    QTest::newRow("detail words") << u"disk on fire"_s << QList<qsizetype> { 5 };
    QTest::newRow("event name") << u"restart_sched"_s << QList<qsizetype> { 6, 8 };
    QTest::newRow("worker") << u"Worker 2"_s << QList<qsizetype> { 4, 9 };
    QTest::newRow("supervisor") << u"supervisor"_s << QList<qsizetype> { 0, 1, 12, 15, 18, 19 };
    QTest::newRow("config key") << u"failure_rate"_s << QList<qsizetype> { 12 };
    QTest::newRow("restart detail") << u"attempt 1"_s << QList<qsizetype> { 6, 8 };
    QTest::newRow("hang") << u"heartbeat"_s << QList<qsizetype> { 7 };
    QTest::newRow("seed") << u"seed 42"_s << QList<qsizetype> { 0 };
    QTest::newRow("counts") << u"failures 3"_s << QList<qsizetype> { 19 };
    QTest::newRow("spaces around are ignored") << u"  shutdown "_s << QList<qsizetype> { 16 };
    QTest::newRow("nothing") << u"no such text"_s << QList<qsizetype> {};
    QTest::newRow("empty shows all") << QString()
                                     << QList<qsizetype> { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
                                            18, 19 };
}

void TestEventLogModel::searchFilter()
{
    QFETCH(QString, search);
    QFETCH(QList<qsizetype>, shown);
    EventLogModel model;
    EventFilterModel filter;
    filter.setSourceModel(&model);
    model.setLog(handBuiltLog());
    filter.setSearchText(search);
    QCOMPARE(shownEvents(filter), shown);
}

void TestEventLogModel::filtersCombine()
{
    EventLogModel model;
    EventFilterModel filter;
    filter.setSourceModel(&model);
    model.setLog(handBuiltLog());
    filter.addWorker(1);
    filter.addKind(EventKind::WorkerFailed);
    QCOMPARE(shownEvents(filter), (QList<qsizetype> { 7, 13 }));
    filter.setSearchText(u"error"_s);
    QCOMPARE(shownEvents(filter), (QList<qsizetype> { 13 }));
    filter.addWorker(0);
    filter.setSearchText(u"exception"_s);
    QCOMPARE(shownEvents(filter), (QList<qsizetype> { 5 }));
    filter.clearFilters();
    QCOMPARE(filter.rowCount(), 20);
    QVERIFY(!filter.hasFilters());
}

void TestEventLogModel::filtersMatchABruteForceCount()
{
    VirtualRuntime runtime(mixedConfig());
    runtime.run();
    const EventLog &log = *runtime.log();
    EventLogModel model;
    EventFilterModel filter;
    filter.setSourceModel(&model);
    model.setLog(runtime.log());

    filter.addWorker(2);
    filter.addKind(EventKind::WorkerFailed);
    const auto failuresOf2
        = eventsWhere(log, [](const LifecycleEvent &e) { return e.worker == 2 && e.kind == EventKind::WorkerFailed; });
    QVERIFY(failuresOf2.size() >= 3);
    QCOMPARE(shownEvents(filter), failuresOf2);

    filter.clearFilters();
    filter.setSearchText(u"heartbeat_timeout"_s);
    const auto hangs = eventsWhere(log, [](const LifecycleEvent &e) { return e.reason == u"heartbeat_timeout"; });
    QVERIFY(!hangs.isEmpty());
    QCOMPARE(shownEvents(filter), hangs);

    filter.setSearchText(u"exception"_s);
    const auto exceptions = eventsWhere(log, [](const LifecycleEvent &e) { return e.reason.startsWith(u"exception"); });
    QVERIFY(!exceptions.isEmpty());
    QCOMPARE(shownEvents(filter), exceptions);
}

void TestEventLogModel::activeFiltersDescribeAndRemoveById()
{
    EventLogModel model;
    EventFilterModel filter;
    filter.setSourceModel(&model);
    model.setLog(handBuiltLog());
    QVERIFY(filter.activeFilters().isEmpty());

    filter.addKind(EventKind::WorkerFailed);
    filter.addWorker(2);
    filter.addWorker(EventFilterModel::kSupervisor);
    filter.setSearchText(u"exception"_s);
    using Filter = EventFilterModel::Filter;
    const QList<Filter> expected {
        { u"worker:supervisor"_s, u"supervisor"_s },
        { u"worker:2"_s, u"worker 2"_s },
        { u"event:worker_failed"_s, u"event: worker_failed"_s },
        { u"search"_s, u"search: exception"_s },
    };
    QCOMPARE(filter.activeFilters(), expected);

    QSignalSpy changed(&filter, &EventFilterModel::filtersChanged);
    QVERIFY(filter.removeFilter(u"worker:2"_s));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(filter.workers(), QList<int> { EventFilterModel::kSupervisor });
    QVERIFY(filter.removeFilter(u"search"_s));
    QVERIFY(filter.searchText().isEmpty());
    QVERIFY(filter.removeFilter(u"event:worker_failed"_s));
    QVERIFY(!filter.hasKind(EventKind::WorkerFailed));
    QVERIFY(filter.removeFilter(u"worker:supervisor"_s));
    QCOMPARE(changed.size(), 4);
    QVERIFY(!filter.hasFilters());
    QCOMPARE(filter.rowCount(), 20);

    for (const QString &unknown : { u"worker:2"_s, u"worker:x"_s, u"event:no_such_event"_s, u"event:run_started"_s,
             u"search"_s, u"bogus"_s, QString() })
        QVERIFY2(!filter.removeFilter(unknown), qPrintable(unknown));
    QCOMPARE(changed.size(), 4);
}

void TestEventLogModel::filtersChangedOnlyOnChange()
{
    EventFilterModel filter;
    QSignalSpy changed(&filter, &EventFilterModel::filtersChanged);
    filter.addWorker(1);
    filter.addWorker(1);
    filter.removeWorker(5);
    QCOMPARE(changed.size(), 1);
    filter.setWorkers({ 1 });
    QCOMPARE(changed.size(), 1);
    filter.setWorkers({ 1, 2 });
    QCOMPARE(changed.size(), 2);
    filter.addKind(EventKind::WorkerStopped);
    filter.addKind(EventKind::WorkerStopped);
    filter.setKinds({ EventKind::WorkerStopped });
    QCOMPARE(changed.size(), 3);
    filter.setSearchText(u"abc"_s);
    filter.setSearchText(u" abc "_s);
    QCOMPARE(changed.size(), 4);
    filter.clearFilters();
    QCOMPARE(changed.size(), 5);
    filter.clearFilters();
    filter.clearWorkers();
    filter.clearKinds();
    filter.setSearchText({});
    QCOMPARE(changed.size(), 5);
}

void TestEventLogModel::appendedRowsAreFilteredAlone()
{
    VirtualRuntime runtime(mixedConfig());
    runtime.runUntil(5'000'000);
    EventLogModel model;
    CountingFilterModel filter;
    filter.setSourceModel(&model);
    model.setLog(runtime.log());
    filter.addKind(EventKind::WorkerFailed);
    QCOMPARE(filter.rowCount(), runtime.log()->count(EventKind::WorkerFailed));

    for (qint64 t = 6'000'000; t <= 20'000'000; t += 2'000'000) {
        const qsizetype before = model.rowCount();
        runtime.runUntil(t);
        filter.asked = 0;
        model.refresh();
        QCOMPARE(filter.asked, model.rowCount() - before); // each new row once; none of the old ones
        QCOMPARE(filter.rowCount(), runtime.log()->count(EventKind::WorkerFailed));
    }
}

void TestEventLogModel::mapsBetweenEventsAndRows()
{
    EventLogModel model;
    EventFilterModel filter;
    filter.setSourceModel(&model);
    model.setLog(handBuiltLog());
    filter.addKind(EventKind::WorkerFailed); // events 5, 7, 13

    QCOMPARE(filter.mapFromEventIndex(5), 0);
    QCOMPARE(filter.mapFromEventIndex(7), 1);
    QCOMPARE(filter.mapFromEventIndex(13), 2);
    QCOMPARE(filter.mapFromEventIndex(6), -1);
    QCOMPARE(filter.mapFromEventIndex(-1), -1);
    QCOMPARE(filter.mapFromEventIndex(20), -1);
    QCOMPARE(filter.eventIndex(0), qsizetype(5));
    QCOMPARE(filter.eventIndex(2), qsizetype(13));
    QCOMPARE(filter.eventIndex(3), qsizetype(-1));
    QCOMPARE(filter.eventIndex(-1), qsizetype(-1));

    QCOMPARE(filter.nearestRow(0), 0); // before the first shown event: the first one
    QCOMPARE(filter.nearestRow(5), 0);
    QCOMPARE(filter.nearestRow(6), 0);
    QCOMPARE(filter.nearestRow(12), 1);
    QCOMPARE(filter.nearestRow(13), 2);
    QCOMPARE(filter.nearestRow(19), 2);
    filter.setSearchText(u"nothing matches this"_s);
    QCOMPARE(filter.nearestRow(7), -1);
}

void TestEventLogModel::refreshOf200kEvents()
{
    auto log = std::make_shared<EventLog>();
    log->append(at(0, runStartedEvent(4, 1)));
    EventLogModel model;
    CountingFilterModel filter;
    filter.setSourceModel(&model);
    model.setLog(log);
    filter.addWorker(3);
    QCOMPARE(filter.rowCount(), 0);

    const int count = 200'000;
    for (int i = 0; i < count; ++i) {
        const int worker = i % 4;
        log->append(at(i,
            LifecycleEvent::forWorker(i % 8 < 4 ? EventKind::WorkerStarted : EventKind::WorkerFailed, worker,
                quint32(i / 8 + 1), i % 8 < 4 ? QString() : u"error"_s)));
    }
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    filter.asked = 0;
    model.refresh();
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), count + 1);
    QCOMPARE(filter.asked, qsizetype(count));
    QCOMPARE(filter.rowCount(), count / 4);
    QCOMPARE(filter.index(filter.rowCount() - 1, EventLogModel::WorkerColumn).data().toString(), u"worker 3"_s);
    QCOMPARE(model.index(count, EventLogModel::TimeColumn).data().toString(), u"0.199999 s"_s);
    QCOMPARE(filter.mapFromEventIndex(count), filter.rowCount() - 1);
}

namespace {
// Five blocks and a bit of a flood of four workers, every other start ending in a failure.
void recordFlood(EventLog &log)
{
    log.append(at(0, runStartedEvent(4, 1)));
    const int count = 5 * int(EventStore::kBlockSize) + 77;
    for (int i = 0; i < count; ++i) {
        const bool failed = i % 8 >= 4;
        log.append(at(i * 10,
            LifecycleEvent::forWorker(failed ? EventKind::WorkerFailed : EventKind::WorkerStarted, i % 4,
                quint32(i / 8 + 1), failed ? (i % 3 ? u"error"_s : u"exception: odd"_s) : QString())));
    }
}
} // namespace

void TestEventLogModel::rowsAreReadBackFromSpilledBlocks()
{
    QTemporaryDir spill;
    auto spilled = std::make_shared<EventLog>();
    spilled->setSpillDirectory(spill.path());
    spilled->setMemoryBudgetBytes(2 * EventStore::kBlockSize * sizeof(StoredEvent));
    recordFlood(*spilled);
    auto whole = std::make_shared<EventLog>();
    recordFlood(*whole);
    QVERIFY(spilled->storage().spilled >= 3 * qsizetype(EventStore::kBlockSize));

    EventLogModel model;
    QAbstractItemModelTester tester(&model);
    model.setLog(spilled);
    EventLogModel reference;
    reference.setLog(whole);
    QCOMPARE(model.rowCount(), int(whole->size()));
    // Scrolling back from the end to the start, a screenful at a time, and jumping about: the same text, roles and
    // tooltips as a log that kept everything in memory.
    const auto sameRow = [&](int row) {
        for (int column = 0; column < EventLogModel::ColumnCount; ++column) {
            for (const int role : { int(Qt::DisplayRole), int(Qt::ToolTipRole), int(EventLogModel::TimeRole),
                     int(EventLogModel::KindRole), int(EventLogModel::WorkerRole),
                     int(EventLogModel::FailureKindRole) }) {
                if (model.index(row, column).data(role) != reference.index(row, column).data(role))
                    return false;
            }
        }
        return true;
    };
    for (int row = model.rowCount() - 1; row >= 0; row -= 40) {
        for (int r = row; r > row - 30 && r >= 0; --r)
            QVERIFY2(sameRow(r), qPrintable(QString::number(r)));
    }
    for (int row : { 0, 1, 16'383, 16'384, 40'000, 3, model.rowCount() - 1, 2 })
        QVERIFY2(sameRow(row), qPrintable(QString::number(row)));
    QCOMPARE(model.event(5), whole->at(5));

    // A filter over the spilled rows finds what a filter over the whole log finds.
    EventFilterModel filter;
    filter.setSourceModel(&model);
    filter.addWorker(3);
    filter.setSearchText(u"odd"_s);
    EventFilterModel referenceFilter;
    referenceFilter.setSourceModel(&reference);
    referenceFilter.addWorker(3);
    referenceFilter.setSearchText(u"odd"_s);
    QVERIFY(filter.rowCount() > 100);
    QCOMPARE(filter.rowCount(), referenceFilter.rowCount());
    QCOMPARE(filter.eventIndex(7), referenceFilter.eventIndex(7));
}

void TestEventLogModel::rowsOfEventsNoLongerHeldLeave()
{
    // The disk ran short (a spill limit smaller than one block): the log keeps only its newest blocks, and the
    // table's rows for the events it dropped leave at the next refresh.
    QTemporaryDir spill;
    auto log = std::make_shared<EventLog>();
    log->setSpillDirectory(spill.path());
    log->setMemoryBudgetBytes(2 * EventStore::kBlockSize * sizeof(StoredEvent));
    log->setSpillLimitBytes(1);
    EventLogModel model;
    QAbstractItemModelTester tester(&model);
    model.setLog(log);
    log->append(at(0, runStartedEvent(4, 1)));
    model.refresh();
    QCOMPARE(model.rowCount(), 1);
    for (int i = 0; i < 4 * int(EventStore::kBlockSize); ++i)
        log->append(at(i, LifecycleEvent::forWorker(EventKind::WorkerStarted, i % 4, quint32(i + 1))));
    QVERIFY(log->storage().diskShort);
    QVERIFY(log->firstIndex() > 0);
    model.refresh();
    QCOMPARE(model.firstEvent(), log->firstIndex());
    QCOMPARE(model.rowCount(), int(log->size() - log->firstIndex()));
    QCOMPARE(model.event(0), log->at(log->firstIndex()));
    model.setNewestOnly(10);
    QCOMPARE(model.rowCount(), 10);
    model.setNewestOnly(0); // every row the log still holds comes back, and no more
    QCOMPARE(model.firstEvent(), log->firstIndex());
    QCOMPARE(model.rowCount(), int(log->size() - log->firstIndex()));
    model.setLog(log);
    QCOMPARE(model.firstEvent(), log->firstIndex());
}

QTEST_MAIN(TestEventLogModel)
#include "tst_eventlogmodel.moc"
