#include "analysis/runstatistics.h"
#include "analysis/timeaxis.h"
#include "events/eventlog.h"
#include "events/restartrate.h"
#include "logscript.h"
#include "restartratechart.h"
#include "runtime/virtualruntime.h"
#include "statisticsmodel.h"
#include "statisticspanel.h"
#include "subtreestatisticsmodel.h"
#include "testsettings.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QContextMenuEvent>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLayout>
#include <QLocale>
#include <QMenu>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QTableView>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

using Measures = RunStatistics::Measures;
using Cell = std::pair<int, int>;

constexpr qint64 kSecond = 1'000'000;

SupervisorConfig mixedConfig(quint64 seed)
{
    SupervisorConfig config = withSettings(SupervisorConfig(),
        { u"virtual_time=true"_s, u"workers=3"_s, u"failure_mode=mixed"_s, u"heartbeat_timeout=200"_s, u"work_min=20"_s,
            u"work_max=600"_s, u"delay=50"_s, u"duration=15000"_s, u"breaker_threshold=4"_s, u"breaker_window=1000"_s,
            u"breaker_cooldown=500"_s });
    config.seed = seed;
    return config;
}

std::shared_ptr<EventLog> finishedRun(const SupervisorConfig &config)
{
    VirtualRuntime runtime(config);
    runtime.run();
    return runtime.log();
}

// Worker 0 restarts ten times a second from 3 s to 5 s and runs quietly otherwise; the run stops at 10 s.
std::shared_ptr<EventLog> stormBetweenThreeAndFiveSeconds(qint64 untilUs = 10 * kSecond)
{
    QList<LifecycleEvent> events { runStartedEvent(1), workerEvent(0, EventKind::WorkerStarted, 0, 1) };
    quint32 incarnation = 1;
    for (qint64 t = 3 * kSecond; t < 5 * kSecond; t += 100'000) {
        events << workerEvent(t, EventKind::WorkerFailed, 0, incarnation, u"error"_s);
        events << workerEvent(t + 50'000, EventKind::WorkerStarted, 0, ++incarnation);
    }
    events << workerEvent(10 * kSecond, EventKind::WorkerStopping, 0, incarnation, u"shutdown"_s);
    events << workerEvent(10 * kSecond, EventKind::WorkerStopped, 0, incarnation);
    events << at(10 * kSecond, LifecycleEvent::supervisor(EventKind::SupervisorStopped));
    auto log = std::make_shared<EventLog>();
    for (const LifecycleEvent &event : events) {
        if (event.tUs <= untilUs)
            log->append(event);
    }
    return log;
}

QString labelText(const StatisticsPanel &panel, const QString &name)
{
    const auto *label = panel.findChild<QLabel *>(name);
    return label ? label->text() : u"<no label %1>"_s.arg(name);
}

// Every role a view reads, per cell.
QHash<Cell, QString> cellContents(const QAbstractItemModel &model)
{
    QHash<Cell, QString> contents;
    for (int row = 0; row < model.rowCount(); ++row) {
        for (int column = 0; column < model.columnCount(); ++column) {
            const QModelIndex index = model.index(row, column);
            contents.insert({ row, column },
                index.data(Qt::DisplayRole).toString() + u'|' + index.data(Qt::ToolTipRole).toString() + u'|'
                    + index.data(StatisticsModel::SortRole).toString());
        }
    }
    return contents;
}

QSet<Cell> cellsIn(const QSignalSpy &dataChanged)
{
    QSet<Cell> cells;
    for (const QList<QVariant> &arguments : dataChanged) {
        const auto topLeft = arguments.at(0).value<QModelIndex>();
        const auto bottomRight = arguments.at(1).value<QModelIndex>();
        for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
            for (int column = topLeft.column(); column <= bottomRight.column(); ++column)
                cells.insert({ row, column });
        }
    }
    return cells;
}

QVariant raw(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant();
}

// The model's row `row` shows `m`.
void compareRow(const StatisticsModel &model, int row, const Measures &m)
{
    const auto value
        = [&](int column, int role = StatisticsModel::SortRole) { return model.index(row, column).data(role); };
    QCOMPARE(value(StatisticsModel::RestartsColumn).toLongLong(), m.restarts);
    QCOMPARE(value(StatisticsModel::FailuresColumn).toLongLong(), m.failures());
    QCOMPARE(value(StatisticsModel::ErrorColumn).toLongLong(), m.failures(FailureKind::Error));
    QCOMPARE(value(StatisticsModel::ExceptionColumn).toLongLong(), m.failures(FailureKind::Exception));
    QCOMPARE(value(StatisticsModel::HangColumn).toLongLong(), m.failures(FailureKind::Hang));
    QCOMPARE(value(StatisticsModel::CompletionsColumn).toLongLong(), m.completions);
    QCOMPARE(value(StatisticsModel::AvailabilityColumn), m.availability ? QVariant(*m.availability) : QVariant());
    QCOMPARE(value(StatisticsModel::MtbfColumn), raw(m.mtbfUs));
    QCOMPARE(value(StatisticsModel::MttrColumn), raw(m.mttrUs));
    QCOMPARE(value(StatisticsModel::RestartsColumn, Qt::DisplayRole).toString(), QString::number(m.restarts));
    QCOMPARE(value(StatisticsModel::MtbfColumn, Qt::DisplayRole).toString(),
        m.mtbfUs ? TimeAxis::formatDuration(*m.mtbfUs) : u"—"_s);
    QCOMPARE(value(StatisticsModel::MttrColumn, Qt::DisplayRole).toString(),
        m.mttrUs ? TimeAxis::formatDuration(*m.mttrUs) : u"—"_s);
    QCOMPARE(value(StatisticsModel::AvailabilityColumn, Qt::DisplayRole).toString(),
        m.availability ? QLocale::c().toString(*m.availability * 100, 'f', 1) + u" %"_s : u"—"_s);
    QCOMPARE(value(StatisticsModel::FailuresColumn, Qt::ToolTipRole).toString(),
        // The plural source forms: the English numerus forms come from a translation the tests do not load.
        u"%1 error(s), %2 exception(s), %3 hang(s)"_s.arg(m.failures(FailureKind::Error))
            .arg(m.failures(FailureKind::Exception))
            .arg(m.failures(FailureKind::Hang)));
}

} // namespace

class TestStatisticsPanel : public QObject
{
    Q_OBJECT

private slots:
    void aProgramsFailuresAreNamedAndCounted();
    void ratesReadWithoutExponents_data();
    void ratesReadWithoutExponents();
    void summaryAndTableMatchTheStatistics_data();
    void summaryAndTableMatchTheStatistics();
    void refreshingThroughARunNeverResets();
    void dataChangedOnlyForChangedCells();
    void discoveredWorkersAreInserted();
    void sortingKeepsAllLast_data();
    void sortingKeepsAllLast();
    void newLogStartsOver();
    void nestedSupervisorsGetATableOfTheirOwn();
    void stateLineShowsGiveUpAndOpenCircuits();
    void chartShowsBarsWhereRestartsWere();
    void chartBarsStayWideOnLongRuns();
    void oneRestartReadsOnePerSecondForOneSecond();
    void chartLabelsSayTheUnitAndAreNeverCut();
    void sizeHintDoesNotFollowTheFigures();
    void everyColumnIsInViewAtTheDefaultWidth();
    void theWidthAskedForIsWhatTheColumnsNeed();
    void columnsCanBeHiddenAndStayHidden();
    void theColumnMenuOpensFromTheHeaderAndTheKeyboard();
};

void TestStatisticsPanel::summaryAndTableMatchTheStatistics_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::newRow("seed 1") << quint64(1);
    QTest::newRow("seed 7") << quint64(7);
}

void TestStatisticsPanel::summaryAndTableMatchTheStatistics()
{
    QFETCH(quint64, seed);
    const std::shared_ptr<EventLog> log = finishedRun(mixedConfig(seed));
    StatisticsPanel panel;
    panel.setLog(log);
    const qint64 nowUs = log->lastTimeUs();
    panel.refresh(nowUs);

    RunStatistics expected;
    expected.update(*log);
    const Measures total = expected.total(nowUs);
    QVERIFY(total.failures(FailureKind::Error) > 0 && total.failures(FailureKind::Exception) > 0
        && total.failures(FailureKind::Hang) > 0);
    QCOMPARE(labelText(panel, u"runTimeValue"_s), TimeAxis::formatDuration(nowUs));
    QCOMPARE(labelText(panel, u"restartsValue"_s), QString::number(log->counts().restarts));
    QCOMPARE(labelText(panel, u"failuresValue"_s),
        u"%1 (%2 error, %3 exception, %4 hang)"_s.arg(log->counts().failures)
            .arg(total.failures(FailureKind::Error))
            .arg(total.failures(FailureKind::Exception))
            .arg(total.failures(FailureKind::Hang)));
    QCOMPARE(labelText(panel, u"completionsValue"_s), QString::number(log->counts().completions));
    QCOMPARE(
        labelText(panel, u"availabilityValue"_s), QLocale::c().toString(*total.availability * 100, 'f', 1) + u" %"_s);
    QCOMPARE(labelText(panel, u"mtbfValue"_s), TimeAxis::formatDuration(*total.mtbfUs));
    QCOMPARE(labelText(panel, u"mttrValue"_s), TimeAxis::formatDuration(*total.mttrUs));
    QVERIFY(expected.isFinished());
    QCOMPARE(labelText(panel, u"rateNowValue"_s), u"—"_s); // a finished run has no "now"
    QVERIFY(!panel.findChild<QLabel *>(u"mttrValue"_s)->toolTip().isEmpty());

    const StatisticsModel &model = *panel.model();
    QCOMPARE(model.rowCount(), 3 + 1);
    for (int row = 0; row < 3; ++row) {
        compareRow(model, row, expected.worker(row, nowUs));
        if (QTest::currentTestFailed())
            QFAIL(qPrintable(u"worker row %1"_s.arg(row)));
        QCOMPARE(model.index(row, StatisticsModel::WorkerColumn).data().toString(), u"Worker %1"_s.arg(row));
    }
    compareRow(model, 3, total);
    QCOMPARE(model.index(3, StatisticsModel::WorkerColumn).data().toString(), u"All"_s);
    QVERIFY(model.index(3, 0).data(StatisticsModel::IsTotalRole).toBool());
}

void TestStatisticsPanel::refreshingThroughARunNeverResets()
{
    VirtualRuntime runtime(mixedConfig(3));
    StatisticsPanel panel;
    QAbstractItemModelTester modelTester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(panel.sortedModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.setLog(runtime.log());

    QSignalSpy resets(panel.model(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(panel.model(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(panel.model(), &QAbstractItemModel::dataChanged);
    runtime.step(); // begins the run
    int step = 0;
    for (qint64 nowUs = 0; !runtime.isOver(); nowUs += 37'000) {
        runtime.runUntil(nowUs);
        panel.refresh(nowUs);
        if (++step % 50 == 0) {
            RunStatistics expected;
            expected.update(*runtime.log());
            for (int row = 0; row < 3; ++row)
                compareRow(*panel.model(), row, expected.worker(row, nowUs));
            compareRow(*panel.model(), 3, expected.total(nowUs));
            QCOMPARE(panel.model()->rowCount(), 4);
        }
        if (QTest::currentTestFailed())
            QFAIL(qPrintable(u"at %1 us"_s.arg(nowUs)));
    }
    QVERIFY(step > 100);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(inserted.count(), 1); // the three workers of the header, at once
    QVERIFY(changed.count() > step);

    // Nothing new, same time: nothing is redone.
    changed.clear();
    panel.refresh(runtime.nowUs());
    panel.refresh(runtime.nowUs() + kSecond); // a finished run's clock has stopped
    QCOMPARE(changed.count(), 0);
    QCOMPARE(panel.statistics().eventsTakenIn(), runtime.log()->size());
}

void TestStatisticsPanel::dataChangedOnlyForChangedCells()
{
    EventLog log;
    RunStatistics statistics;
    StatisticsModel model(&statistics);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    const QList<std::pair<qint64, QList<LifecycleEvent>>> steps {
        { 0,
            { runStartedEvent(2), workerEvent(0, EventKind::WorkerStarted, 0, 1),
                workerEvent(0, EventKind::WorkerStarted, 1, 1) } },
        { 500'000, {} }, // both run: availability stays 100 %, its tooltip's times move, so do MTBF's
        { 500'000, {} }, // nothing at all
        { 1'000'000, { workerEvent(1'000'000, EventKind::WorkerFailed, 1, 1, u"exception: x"_s) } },
        { 1'000'000, { workerEvent(1'000'000, EventKind::WorkerCompleted, 0, 1) } },
        { 1'000'000, {} },
        { 1'500'000, { workerEvent(1'500'000, EventKind::WorkerStarted, 1, 2) } },
        { 2'000'000, { workerEvent(2'000'000, EventKind::WorkerFailed, 1, 2, u"heartbeat_timeout"_s) } },
    };
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const auto &[nowUs, events] = steps.at(i);
        for (const LifecycleEvent &event : events)
            QVERIFY(log.append(event));
        statistics.update(log);
        const QHash<Cell, QString> before = cellContents(model);
        changed.clear();
        model.refresh(nowUs);
        const QHash<Cell, QString> after = cellContents(model);
        QSet<Cell> differing;
        for (auto it = after.cbegin(); it != after.cend(); ++it) {
            if (before.value(it.key()) != it.value())
                differing.insert(it.key());
        }
        if (i == 0)
            continue; // rows were inserted, not changed
        QCOMPARE(cellsIn(changed), differing);
        if (i == 2 || i == 5)
            QCOMPARE(changed.count(), 0);
        else
            QVERIFY2(changed.count() > 0, qPrintable(u"step %1"_s.arg(i)));
    }
    QCOMPARE(resets.count(), 0);
    QCOMPARE(model.index(1, StatisticsModel::FailuresColumn).data().toString(), u"2"_s);
    QCOMPARE(model.index(2, StatisticsModel::HangColumn).data().toString(), u"1"_s);
}

void TestStatisticsPanel::discoveredWorkersAreInserted()
{
    EventLog log;
    RunStatistics statistics;
    StatisticsModel model(&statistics);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QCOMPARE(model.rowCount(), 1); // "All", before anything happened

    log.append(workerEvent(0, EventKind::WorkerStarted, 1, 1));
    statistics.update(log);
    model.refresh(0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 1);

    log.append(workerEvent(10, EventKind::WorkerStarted, 3, 1));
    statistics.update(log);
    model.refresh(10);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 2);
    QCOMPARE(inserted.at(1).at(2).toInt(), 3);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.index(3, StatisticsModel::RestartsColumn).data().toString(), u"0"_s);
    QCOMPARE(model.index(4, StatisticsModel::WorkerColumn).data().toString(), u"All"_s);
    QCOMPARE(model.index(2, StatisticsModel::AvailabilityColumn).data().toString(), u"—"_s);
}

void TestStatisticsPanel::sortingKeepsAllLast_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    for (const int column : { int(StatisticsModel::WorkerColumn), int(StatisticsModel::FailuresColumn),
             int(StatisticsModel::AvailabilityColumn), int(StatisticsModel::MttrColumn) }) {
        QTest::addRow("column %d ascending", column) << column << Qt::AscendingOrder;
        QTest::addRow("column %d descending", column) << column << Qt::DescendingOrder;
    }
}

void TestStatisticsPanel::sortingKeepsAllLast()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    SupervisorConfig config = mixedConfig(5);
    config.workers = 6;
    StatisticsPanel panel;
    const auto log = finishedRun(config);
    panel.setLog(log);
    panel.refresh(log->lastTimeUs());
    panel.table()->sortByColumn(column, order);

    const QAbstractItemModel &sorted = *panel.sortedModel();
    QCOMPARE(sorted.rowCount(), 7);
    QVERIFY(sorted.index(6, 0).data(StatisticsModel::IsTotalRole).toBool());
    for (int row = 0; row + 1 < 6; ++row) {
        const QVariant a = sorted.index(row, column).data(StatisticsModel::SortRole);
        const QVariant b = sorted.index(row + 1, column).data(StatisticsModel::SortRole);
        if (!a.isValid() || !b.isValid())
            continue;
        const auto ordering = QVariant::compare(a, b);
        QVERIFY2(order == Qt::AscendingOrder ? ordering <= 0 : ordering >= 0,
            qPrintable(u"rows %1 and %2: %3, %4"_s.arg(row).arg(row + 1).arg(a.toString(), b.toString())));
    }
}

void TestStatisticsPanel::newLogStartsOver()
{
    StatisticsPanel panel;
    QAbstractItemModelTester tester(panel.sortedModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(labelText(panel, u"runTimeValue"_s), u"—"_s);

    SupervisorConfig big = mixedConfig(1);
    big.workers = 5;
    const auto first = finishedRun(big);
    panel.setLog(first);
    QCOMPARE(panel.model()->rowCount(), 6); // setLog takes in what the log holds already

    QSignalSpy resets(panel.model(), &QAbstractItemModel::modelReset);
    const auto second = stormBetweenThreeAndFiveSeconds();
    panel.setLog(second);
    QCOMPARE(resets.count(), 1);
    QCOMPARE(panel.model()->rowCount(), 2);
    QCOMPARE(labelText(panel, u"restartsValue"_s), u"20"_s);
    QCOMPARE(labelText(panel, u"failuresValue"_s), u"20 (20 error, 0 exception, 0 hang)"_s);
    QCOMPARE(labelText(panel, u"runTimeValue"_s), u"10 s"_s);
    QCOMPARE(labelText(panel, u"mttrValue"_s), u"50 ms"_s);
    QCOMPARE(panel.statistics().eventsTakenIn(), second->size());

    panel.setLog(nullptr);
    QCOMPARE(resets.count(), 2);
    QCOMPARE(panel.model()->rowCount(), 1);
    QCOMPARE(labelText(panel, u"runTimeValue"_s), u"—"_s);
    QCOMPARE(labelText(panel, u"restartsValue"_s), u"0"_s);
    QCOMPARE(labelText(panel, u"mtbfValue"_s), u"—"_s);
    panel.refresh(5 * kSecond); // no run: nothing to do, nothing breaks
    QCOMPARE(panel.model()->rowCount(), 1);
}

void TestStatisticsPanel::aProgramsFailuresAreNamedAndCounted()
{
    auto log = std::make_shared<EventLog>();
    log->append(runStartedEvent(1));
    quint32 incarnation = 1;
    qint64 t = 0;
    for (const QString &reason :
        { u"exit 3"_s, u"signal 11 (SIGSEGV)"_s, u"exit 78"_s, u"cannot start: ./x: No such file"_s }) {
        log->append(workerEvent(t, EventKind::WorkerStarted, 0, incarnation));
        log->append(workerEvent(t + 100'000, EventKind::WorkerFailed, 0, incarnation++, reason));
        t += 200'000;
    }
    StatisticsPanel panel;
    panel.setLog(log);
    panel.refresh(t);
    QCOMPARE(labelText(panel, u"failuresValue"_s), u"4 (2 exit status, 1 signal, 1 cannot start)"_s);
    // The table's columns: exit statuses and failed starts with the errors, signals with the crashes.
    const QAbstractItemModel *model = panel.model();
    QCOMPARE(model->data(model->index(0, StatisticsModel::ErrorColumn)).toLongLong(), 3);
    QCOMPARE(model->data(model->index(0, StatisticsModel::ExceptionColumn)).toLongLong(), 1);
    QVERIFY(model->data(model->index(0, StatisticsModel::FailuresColumn), Qt::ToolTipRole)
                .toString()
                .contains(u"of a real program: 2 exit status(es), 1 signal(s), 1 failed start(s)"_s));
}

void TestStatisticsPanel::stateLineShowsGiveUpAndOpenCircuits()
{
    auto log = std::make_shared<EventLog>();
    log->append(runStartedEvent(3));
    log->append(workerEvent(0, EventKind::WorkerStarted, 0, 1));
    StatisticsPanel panel;
    panel.setLog(log);
    const auto *state = panel.findChild<QLabel *>(u"stateValue"_s);
    QVERIFY(state);
    QVERIFY(state->isHidden());

    log->append(at(100, LifecycleEvent::circuit(EventKind::CircuitOpened, 2)));
    log->append(at(100, LifecycleEvent::circuit(EventKind::CircuitHalfOpen, 1)));
    panel.refresh(100);
    QVERIFY(!state->isHidden());
    QCOMPARE(state->text(), u"Circuit open: worker 1 (half-open), worker 2."_s);

    log->append(at(200, LifecycleEvent::circuit(EventKind::CircuitClosed, 1)));
    log->append(at(200, LifecycleEvent::circuit(EventKind::CircuitClosed, 2)));
    panel.refresh(200);
    QVERIFY(state->isHidden());

    log->append(at(2'500'000, LifecycleEvent::supervisor(EventKind::SupervisorGaveUp, u"intensity_exceeded"_s)));
    panel.refresh(2'500'000);
    QVERIFY(!state->isHidden());
    QCOMPARE(state->text(), u"The supervisor gave up at 2.5 s (intensity_exceeded)."_s);
}

void TestStatisticsPanel::chartShowsBarsWhereRestartsWere()
{
    const auto log = stormBetweenThreeAndFiveSeconds();
    RunStatistics statistics;
    statistics.update(*log);
    RestartRateChart chart;
    QCOMPARE(chart.sizeHint(), QSize(320, 160));
    chart.resize(chart.sizeHint());
    chart.setStatistics(&statistics);
    chart.refresh(10 * kSecond);

    const QImage image = chart.grab().toImage();
    const QRect plot = chart.plotRect();
    const TimeAxis axis = chart.timeAxis();
    QVERIFY(plot.width() > 200 && plot.height() > 80);
    QCOMPARE(axis.startUs, 0);
    QVERIFY(axis.endUs() >= 10 * kSecond);
    QCOMPARE(chart.scaleMaximum(), 10.0); // ten restarts a second at the peak
    const QList<double> rates = chart.barRates();
    QCOMPARE(*std::max_element(rates.cbegin(), rates.cend()), 10.0);
    const auto pixel = [&](qint64 tUs, int y) { return image.pixelColor(plot.left() + int(axis.mapTimeToX(tUs)), y); };
    const QColor bar = chart.barColor();
    const QColor background = chart.palette().color(QPalette::Base);
    QVERIFY(bar != background);
    // The rate over the last second climbs for a second after the storm begins and falls for one after it ends.
    for (const qint64 busyUs : { 3'300'000, 4'000'000, 4'700'000, 5'500'000 })
        QCOMPARE(pixel(busyUs, plot.bottom() - 2), bar);
    for (const qint64 fullUs : { 4'000'000, 4'700'000 })
        QCOMPARE(pixel(fullUs, plot.top() + 3), bar); // full scale
    QCOMPARE(pixel(3'300'000, plot.top() + 3), background);
    for (const qint64 quietUs : { 1'000'000, 2'500'000, 6'500'000, 8'000'000 })
        QCOMPARE(pixel(quietUs, plot.bottom() - 2), background);
    QCOMPARE(chart.title(), u"now — (run over)"_s);

    // Half-way through the storm the title shows the rate of the last second.
    const auto partial = stormBetweenThreeAndFiveSeconds(4'060'000);
    RunStatistics during;
    during.update(*partial);
    chart.setStatistics(&during);
    chart.refresh(4'060'000);
    QCOMPARE(chart.title(), u"over the last second: now 10"_s);
    const QImage early = chart.grab().toImage();
    QCOMPARE(early.pixelColor(plot.left() + int(chart.timeAxis().mapTimeToX(3'500'000)), plot.bottom() - 2), bar);
    QCOMPARE(
        early.pixelColor(plot.left() + int(chart.timeAxis().mapTimeToX(4'600'000)), plot.bottom() - 2), background);
}

void TestStatisticsPanel::chartBarsStayWideOnLongRuns()
{
    // An hour-long run of a worker that restarts every two seconds.
    auto log = std::make_shared<EventLog>();
    log->append(runStartedEvent(1));
    quint32 incarnation = 1;
    log->append(workerEvent(0, EventKind::WorkerStarted, 0, incarnation));
    for (qint64 t = 2 * kSecond; t < 3600 * kSecond; t += 2 * kSecond) {
        log->append(workerEvent(t, EventKind::WorkerFailed, 0, incarnation, u"error"_s));
        log->append(workerEvent(t, EventKind::WorkerStarted, 0, ++incarnation));
    }
    RunStatistics statistics;
    statistics.update(*log);
    RestartRateChart chart;
    chart.resize(320, 160);
    chart.setStatistics(&statistics);
    chart.refresh(3600 * kSecond);
    QVERIFY(double(chart.barWidthUs()) / chart.timeAxis().usPerPixel >= 4.0);
    QVERIFY(statistics.restartRate(chart.barWidthUs(), 3600 * kSecond).size() <= chart.plotRect().width() / 4 + 1);
    const QImage image = chart.grab().toImage();
    const QRect plot = chart.plotRect();
    QCOMPARE(image.pixelColor(plot.center().x(), plot.bottom() - 1), chart.barColor());
}

// A virtual-time run with exactly one restart (a transient worker fails once, then completes), found among fixed seeds.
std::shared_ptr<EventLog> oneRestartRun()
{
    for (quint64 seed = 1; seed <= 200; ++seed) {
        SupervisorConfig config = withSettings(SupervisorConfig(),
            { u"virtual_time=true"_s, u"workers=1"_s, u"restart=transient"_s, u"failure_rate=0.5"_s, u"work_min=300"_s,
                u"work_max=600"_s, u"delay=200"_s, u"duration=5000"_s });
        config.seed = seed;
        std::shared_ptr<EventLog> log = finishedRun(config);
        if (log->counts().restarts == 1 && log->lastTimeUs() >= 4 * kSecond)
            return log;
    }
    return nullptr;
}

std::shared_ptr<EventLog> prefixOf(const EventLog &log, qsizetype count)
{
    auto prefix = std::make_shared<EventLog>();
    for (qsizetype i = 0; i < count; ++i)
        prefix->append(log.at(i));
    return prefix;
}

void TestStatisticsPanel::oneRestartReadsOnePerSecondForOneSecond()
{
    const std::shared_ptr<EventLog> log = oneRestartRun();
    QVERIFY(log);
    qsizetype restartIndex = -1;
    for (qsizetype i = 0; i < log->size() && restartIndex < 0; ++i) {
        if (isRestart(log->at(i)))
            restartIndex = i;
    }
    const qint64 restartUs = log->timeAt(restartIndex);
    QVERIFY(restartUs < 2 * kSecond);

    // Live, just after the restart: one restart in the last second is 1/s, not 10/s.
    StatisticsPanel panel;
    panel.resize(panel.sizeHint());
    panel.setLog(prefixOf(*log, restartIndex + 1));
    panel.refresh(restartUs + 50'000);
    QCOMPARE(labelText(panel, u"rateNowValue"_s), u"1/s"_s);
    QCOMPARE(panel.chart()->title(), u"over the last second: now 1"_s);
    // A second later it has left the window.
    panel.refresh(restartUs + 1'100'000);
    QCOMPARE(labelText(panel, u"rateNowValue"_s), u"0/s"_s);

    // The whole run: the chart draws 1/s for one second after the restart, and nothing else.
    panel.setLog(log);
    panel.refresh(log->lastTimeUs());
    const RestartRateChart &chart = *panel.chart();
    const QList<double> bars = chart.barRates();
    QVERIFY(!bars.isEmpty());
    QCOMPARE(*std::max_element(bars.cbegin(), bars.cend()), 1.0);
    QCOMPARE(chart.scaleMaximum(), 1.0);
    double restarts = 0;
    qint64 firstBusyUs = -1;
    qint64 lastBusyUs = -1;
    for (qsizetype i = 0; i < bars.size(); ++i) {
        restarts += bars.at(i) * double(chart.barWidthUs()) / kSecond;
        if (bars.at(i) > 0) {
            lastBusyUs = (i + 1) * chart.barWidthUs();
            if (firstBusyUs < 0)
                firstBusyUs = i * chart.barWidthUs();
        }
    }
    QCOMPARE(std::llround(restarts * 1000), 1000); // the bars' area is the one restart
    // Busy from the bar holding the restart's tenth of a second to the bar holding the end of its second.
    const qint64 barUs = chart.barWidthUs();
    const qint64 windowFromUs = restartUs / RestartRate::kStepUs * RestartRate::kStepUs;
    QCOMPARE(firstBusyUs, windowFromUs / barUs * barUs);
    QCOMPARE(lastBusyUs, (windowFromUs + kSecond + barUs - 1) / barUs * barUs);

    // The run is over: "now" is not the last value but none.
    QVERIFY(panel.statistics().isFinished());
    QCOMPARE(labelText(panel, u"rateNowValue"_s), u"—"_s);
    QCOMPARE(chart.title(), u"now — (run over)"_s);
    QVERIFY(!panel.statistics().restartRateNow(log->lastTimeUs()));
}

void TestStatisticsPanel::chartLabelsSayTheUnitAndAreNeverCut()
{
    const QList<std::shared_ptr<EventLog>> logs { oneRestartRun(), stormBetweenThreeAndFiveSeconds(),
        stormBetweenThreeAndFiveSeconds(4'060'000) };
    for (const std::shared_ptr<EventLog> &log : logs) {
        QVERIFY(log);
        RunStatistics statistics;
        statistics.update(*log);
        RestartRateChart chart;
        chart.resize(chart.sizeHint());
        chart.setStatistics(&statistics);
        chart.refresh(log->lastTimeUs());
        const QList<RestartRateChart::Label> labels = chart.labels();
        QStringList texts;
        for (const RestartRateChart::Label &label : labels) {
            texts << label.text;
            QVERIFY2(chart.rect().contains(label.rect), qPrintable(label.text));
            QVERIFY2(label.rect.width() >= chart.fontMetrics().horizontalAdvance(label.text), qPrintable(label.text));
            QVERIFY2(label.rect.height() >= chart.fontMetrics().height(), qPrintable(label.text));
        }
        // The rate axis: its unit, then 0, half and full scale; no two of its labels overlap.
        QCOMPARE(texts.first(), u"restarts/s"_s);
        QCOMPARE(RestartRateChart::axisUnit(), u"restarts/s"_s);
        const double top = chart.scaleMaximum();
        QCOMPARE(texts.mid(1, 3),
            QStringList({ u"0"_s, RestartRateChart::rateText(top / 2), RestartRateChart::rateText(top) }));
        for (int i = 0; i < 4; ++i) {
            for (int j = i + 1; j < 4; ++j)
                QVERIFY2(
                    !labels.at(i).rect.intersects(labels.at(j).rect), qPrintable(texts.at(i) + u' ' + texts.at(j)));
        }
        QVERIFY(!labels.last().rect.intersects(labels.first().rect)); // the title and the unit
    }
    // One restart's scale reads 0, 0.5, 1: the half-scale label is whole, not ".5".
    QCOMPARE(RestartRateChart::rateText(0.5), u"0.5"_s);
}

void TestStatisticsPanel::sizeHintDoesNotFollowTheFigures()
{
    StatisticsPanel panel;
    const QSize empty = panel.sizeHint();
    const QSize emptyMinimum = panel.minimumSizeHint();
    panel.resize(empty);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const QSize emptyLayoutMinimum = panel.layout()->minimumSize();

    // From no restart to a million: one worker started 1 000 001 times, failing each time but the last.
    auto log = std::make_shared<EventLog>();
    log->append(runStartedEvent(1));
    constexpr quint32 kStarts = 1'000'001;
    for (quint32 incarnation = 1; incarnation <= kStarts; ++incarnation) {
        const qint64 t = qint64(incarnation) * 1000;
        log->append(workerEvent(t, EventKind::WorkerStarted, 0, incarnation));
        if (incarnation < kStarts)
            log->append(workerEvent(t + 500, EventKind::WorkerFailed, 0, incarnation, u"error"_s));
    }
    panel.setLog(log);
    panel.refresh(log->lastTimeUs());
    QCOMPARE(panel.statistics().restarts(), 1'000'000);
    QCOMPARE(labelText(panel, u"restartsValue"_s), u"1000000"_s);
    QCOMPARE(panel.sizeHint(), empty);
    QCOMPARE(panel.minimumSizeHint(), emptyMinimum);
    QCOMPARE(panel.layout()->minimumSize().width(), emptyLayoutMinimum.width());
    QVERIFY(emptyMinimum.width() <= empty.width()); // narrower if the user wants, never forcing the window wide
    // The table's cells keep their width: counts that long read "1.0M", the exact number in the tooltip.
    const QModelIndex restarts = panel.model()->index(0, StatisticsModel::RestartsColumn);
    QCOMPARE(restarts.data().toString(), u"1.0M"_s);
    QCOMPARE(restarts.data(Qt::ToolTipRole).toString(), u"1000000"_s);
    QCOMPARE(StatisticsModel::formatCount(9999), u"9999"_s);
    QCOMPARE(StatisticsModel::formatCount(12'345), u"12k"_s);
    QCOMPARE(StatisticsModel::formatCount(123'456'789), u"123M"_s);
}

void TestStatisticsPanel::everyColumnIsInViewAtTheDefaultWidth()
{
    const std::shared_ptr<EventLog> log = finishedRun(mixedConfig(1));
    StatisticsPanel panel;
    panel.resize(panel.sizeHint());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setLog(log);
    panel.refresh(log->lastTimeUs());
    QTableView *table = panel.table();
    QTRY_VERIFY(table->isVisible());
    const QHeaderView *header = table->horizontalHeader();
    const int viewport = table->viewport()->width();
    for (int column = 0; column < StatisticsModel::ColumnCount; ++column) {
        const int left = header->sectionViewportPosition(column);
        QVERIFY2(left >= 0 && left + header->sectionSize(column) <= viewport,
            qPrintable(u"column %1: %2..%3 of %4"_s.arg(column)
                           .arg(left)
                           .arg(left + header->sectionSize(column))
                           .arg(viewport)));
        // Wide enough for its header (text, icon and sort indicator) and for its widest value.
        QVERIFY(header->sectionSize(column) >= panel.columnWidth(column));
    }
    QCOMPARE(table->horizontalScrollBar()->maximum(), 0);
    QVERIFY(!table->horizontalScrollBar()->isVisible());
    // Short headers; the tooltip names and explains each column.
    const QAbstractItemModel &model = *panel.model();
    QCOMPARE(model.headerData(StatisticsModel::HangColumn, Qt::Horizontal).toString(), u"Hang"_s);
    QVERIFY(model.headerData(StatisticsModel::CompletionsColumn, Qt::Horizontal, Qt::ToolTipRole)
                .toString()
                .startsWith(u"Completions: "_s));
}

void TestStatisticsPanel::theWidthAskedForIsWhatTheColumnsNeed()
{
    // A run of several workers, the panel shown at the width it asks for.
    const std::shared_ptr<EventLog> log = finishedRun(withSettings(mixedConfig(1), { u"workers=8"_s }));
    StatisticsPanel panel;
    panel.setLog(log);
    panel.refresh(log->lastTimeUs());
    QCOMPARE(panel.model()->rowCount(), 9);
    panel.resize(panel.sizeHint());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTableView *table = panel.table();
    QTRY_VERIFY(table->isVisible());
    QCOMPARE(table->horizontalScrollBar()->maximum(), 0);
    const QHeaderView *header = table->horizontalHeader();
    const int viewport = table->viewport()->width();
    int columns = 0;
    for (int column = 0; column < StatisticsModel::ColumnCount; ++column) {
        const int left = header->sectionViewportPosition(column);
        QVERIFY2(!header->isSectionHidden(column) && left >= 0 && left + header->sectionSize(column) <= viewport,
            qPrintable(u"column %1: %2..%3 of %4"_s.arg(column)
                           .arg(left)
                           .arg(left + header->sectionSize(column))
                           .arg(viewport)));
        QVERIFY(header->sectionSize(column) >= panel.columnWidth(column));
        columns += panel.columnWidth(column);
    }
    // No more than the columns need, and a frame and a scroll bar: the panel neither overflows nor asks for too much.
    QVERIFY2(panel.sizeHint().width() <= columns * 5 / 4,
        qPrintable(u"size hint %1 for columns of %2"_s.arg(panel.sizeHint().width()).arg(columns)));
    // The columns are measured from their texts, not from the font's widest glyph (the header's default minimum
    // section size), which some desktop fonts make as wide as ten digits: every column was then that wide.
    const int digits = header->fontMetrics().horizontalAdvance(u"000"_s)
        + 2 * header->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header);
    QVERIFY2(header->minimumSectionSize() <= digits,
        qPrintable(u"minimum section %1, three digits %2"_s.arg(header->minimumSectionSize()).arg(digits)));
    for (int column = 0; column < StatisticsModel::ColumnCount; ++column)
        QVERIFY(panel.columnWidth(column) > header->minimumSectionSize());
}

namespace {

QAction *columnAction(QMenu *menu, int column)
{
    const QList<QAction *> actions = menu->actions();
    const auto found = std::find_if(
        actions.cbegin(), actions.cend(), [&](const QAction *action) { return action->data() == QVariant(column); });
    return found == actions.cend() ? nullptr : *found;
}

const QString kHiddenColumnsKey = u"statistics/hiddenColumns"_s;

} // namespace

void TestStatisticsPanel::columnsCanBeHiddenAndStayHidden()
{
    QSettings().remove(kHiddenColumnsKey);
    const auto forget = qScopeGuard([] { QSettings().remove(kHiddenColumnsKey); });
    {
        StatisticsPanel panel;
        const int allColumnsWidth = panel.sizeHint().width();
        QMenu *menu = panel.columnMenu(&panel);
        // Every column but the worker's, each checked while shown, named in full; then one to show them all.
        for (int column = 0; column < StatisticsModel::ColumnCount; ++column) {
            QAction *action = columnAction(menu, column);
            QCOMPARE(action != nullptr, column != StatisticsModel::WorkerColumn);
            if (action) {
                QVERIFY(action->isCheckable() && action->isChecked());
                QCOMPARE(action->text(), StatisticsModel::fullName(StatisticsModel::Column(column)));
            }
        }
        columnAction(menu, StatisticsModel::HangColumn)->trigger();
        QVERIFY(!panel.isColumnShown(StatisticsModel::HangColumn));
        QVERIFY(panel.table()->horizontalHeader()->isSectionHidden(StatisticsModel::HangColumn));
        // The panel asks for the width of the columns shown.
        QVERIFY2(panel.sizeHint().width() < allColumnsWidth,
            qPrintable(
                u"%1 with Hang hidden, %2 with every column"_s.arg(panel.sizeHint().width()).arg(allColumnsWidth)));
        panel.setColumnShown(StatisticsModel::ExceptionColumn, false);
        panel.setColumnShown(StatisticsModel::WorkerColumn, false); // the rows' names stay
        QVERIFY(panel.isColumnShown(StatisticsModel::WorkerColumn));
    }
    {
        StatisticsPanel panel; // the next start
        for (int column = 0; column < StatisticsModel::ColumnCount; ++column) {
            const bool hidden = column == StatisticsModel::HangColumn || column == StatisticsModel::ExceptionColumn;
            QCOMPARE(panel.isColumnShown(column), !hidden);
        }
        QMenu *menu = panel.columnMenu(&panel);
        QVERIFY(!columnAction(menu, StatisticsModel::HangColumn)->isChecked());
        QVERIFY(columnAction(menu, StatisticsModel::ErrorColumn)->isChecked());
        const QList<QAction *> actions = menu->actions();
        actions.last()->trigger(); // Show All Columns
        for (int column = 0; column < StatisticsModel::ColumnCount; ++column)
            QVERIFY(panel.isColumnShown(column));
        QVERIFY(!QSettings().contains(kHiddenColumnsKey));
    }
}

void TestStatisticsPanel::theColumnMenuOpensFromTheHeaderAndTheKeyboard()
{
    StatisticsPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const auto openMenu = [] { return qobject_cast<QMenu *>(QApplication::activePopupWidget()); };
    // A right click on the header.
    QHeaderView *header = panel.table()->horizontalHeader();
    QContextMenuEvent click(
        QContextMenuEvent::Mouse, header->rect().center(), header->mapToGlobal(header->rect().center()));
    QApplication::sendEvent(header->viewport(), &click);
    QTRY_VERIFY(openMenu() != nullptr);
    QCOMPARE(openMenu()->objectName(), u"statisticsColumnMenu"_s);
    openMenu()->close();
    QTRY_VERIFY(openMenu() == nullptr);
    // The context-menu key on the table, which takes the focus (the header does not).
    panel.table()->setFocus();
    QContextMenuEvent key(QContextMenuEvent::Keyboard, QPoint(4, 4), panel.table()->mapToGlobal(QPoint(4, 4)));
    QApplication::sendEvent(panel.table(), &key);
    QTRY_VERIFY(openMenu() != nullptr);
    QCOMPARE(openMenu()->objectName(), u"statisticsColumnMenu"_s);
    openMenu()->close();
}

void TestStatisticsPanel::ratesReadWithoutExponents_data()
{
    QTest::addColumn<double>("perSecond");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0.0 << u"0"_s;
    QTest::newRow("whole") << 10.0 << u"10"_s;
    QTest::newRow("one decimal") << 12.46 << u"12.5"_s;
    QTest::newRow("hundreds") << 480.4 << u"480"_s;
    QTest::newRow("a flood") << 12880.0 << u"12880"_s;
    QTest::newRow("a big flood") << 150000.0 << u"150000"_s;
}

void TestStatisticsPanel::ratesReadWithoutExponents()
{
    QFETCH(double, perSecond);
    QFETCH(QString, text);
    QCOMPARE(RestartRateChart::rateText(perSecond), text);
}

void TestStatisticsPanel::nestedSupervisorsGetATableOfTheirOwn()
{
    StatisticsPanel panel;
    panel.show();
    auto *table = panel.findChild<QTableView *>(u"subtreeStatistics"_s);
    QVERIFY(table);
    panel.setLog(finishedRun(mixedConfig(1))); // flat: no table of supervisors
    QCOMPARE(table->model()->rowCount(), 0);
    QVERIFY(!table->isVisible());

    SupervisorConfig config = withSettings(SupervisorConfig(),
        { u"failure_rate=0.7"_s, u"work_min=50"_s, u"work_max=400"_s, u"delay=50"_s, u"duration=8000"_s, u"seed=2"_s,
            u"virtual_time=true"_s });
    QCOMPARE(config.applyJson(QJsonDocument::fromJson(R"({"tree": {"name": "app", "children": [
        {"name": "pool", "max_restarts": 1, "within": 1000, "children": [
            {"name": "inner", "max_restarts": 0, "children": [ {"name": "w"} ]} ]},
        {"name": "steady", "failure_rate": 0, "work_min": 60000, "work_max": 60000} ]}})")
                                  .object()),
        QString());
    const auto log = finishedRun(config);
    panel.setLog(log);
    QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(table->model()->rowCount(), 3);
    QVERIFY(table->isVisible());
    const auto cell = [&](int row, int column) { return table->model()->index(row, column).data().toString(); };
    QCOMPARE(cell(0, SubtreeStatisticsModel::SupervisorColumn), u"app"_s);
    QCOMPARE(cell(1, SubtreeStatisticsModel::SupervisorColumn), u"  pool"_s);
    QCOMPARE(cell(2, SubtreeStatisticsModel::SupervisorColumn), u"    inner"_s);
    qint64 innerGaveUps = 0;
    for (const LifecycleEvent &event : log->events())
        innerGaveUps += event.kind == EventKind::SupervisorGaveUp && event.supervisorIndex == 2;
    QVERIFY(innerGaveUps > 0);
    QCOMPARE(cell(2, SubtreeStatisticsModel::GaveUpColumn), QString::number(innerGaveUps));
    QCOMPARE(cell(0, SubtreeStatisticsModel::StateColumn), u"stopped"_s); // the run ended; the root never gave up
    QVERIFY(cell(2, SubtreeStatisticsModel::AvailabilityColumn) != cell(0, SubtreeStatisticsModel::AvailabilityColumn));
}

QTEST_MAIN(TestStatisticsPanel)
#include "tst_statisticspanel.moc"
