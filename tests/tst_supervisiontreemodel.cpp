#include "analysis/loginvariants.h"
#include "events/eventlog.h"
#include "runtime/virtualruntime.h"
#include "tree/supervisiontreemodel.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMs = 1000;

// app (one-for-one) > pool (one-for-all: conn-1, conn-2, which run for a minute), web (fails after 100 ms, restarted
// 500 ms later), and a three-level branch: edge > relay > probe, which fails at once, over and over.
SupervisorConfig nestedTree(const QString &extra = {})
{
    SupervisorConfig config;
    const QByteArray json = (uR"({"virtual_time": true, "duration": 20000, "delay": 500, "failure_rate": 0,
        "work_min": 60000, "work_max": 60000, %1
        "tree": { "name": "app", "children": [
            { "name": "pool", "strategy": "one-for-all", "delay": 200, "children": [ { "name": "conn", "count": 2 } ] },
            { "name": "web", "failure_rate": 1, "work_min": 100, "work_max": 100 },
            { "name": "edge", "max_restarts": 1, "within": 60000, "children": [
                { "name": "relay", "max_restarts": 2, "within": 60000, "children": [
                    { "name": "probe", "failure_rate": 1, "work_min": 0, "work_max": 0, "delay": 1000 } ] } ] } ] }
    })"_s.arg(extra))
                                .toUtf8();
    const QString error = config.applyJson(QJsonDocument::fromJson(json).object());
    if (!error.isEmpty())
        qFatal("bad test tree: %s", qPrintable(error));
    return config;
}

// Node indices of nestedTree(): supervisors depth-first, workers depth-first.
constexpr TreeChild kApp { true, 0 };
constexpr TreeChild kPool { true, 1 };
constexpr TreeChild kEdge { true, 2 };
constexpr TreeChild kRelay { true, 3 };
constexpr TreeChild kConn1 { false, 0 };
constexpr TreeChild kConn2 { false, 1 };
constexpr TreeChild kWeb { false, 2 };
constexpr TreeChild kProbe { false, 3 };

QString cell(const SupervisionTreeModel &model, const TreeChild &node, int column)
{
    return model.indexOf(node, column).data().toString();
}

// The model over a virtual run of nestedTree(), checked by QAbstractItemModelTester throughout.
struct ModelOfARun
{
    SupervisionTreeModel model;
    QAbstractItemModelTester tester { &model, QAbstractItemModelTester::FailureReportingMode::Fatal };
    VirtualRuntime runtime { nestedTree() };

    ModelOfARun() { model.setLog(runtime.log()); }
    // Runs to `tUs`, and the model takes in and shows what happened.
    void showUntil(qint64 tUs)
    {
        runtime.runUntil(tUs);
        model.takeIn(runtime.log()->size());
        model.refresh();
    }
};

} // namespace

class TestSupervisionTreeModel : public QObject
{
    Q_OBJECT

private slots:
    void theTreeNestsAsTheConfigSays();
    void passesTheModelTesterThroughAWholeRun();
    void statesAndRestartsFollowTheRun();
    void aGiveUpIsShownUntilTheParentRestartsIt();
    void refreshTellsOnlyOfWhatChanged();
    void aRunOfTheSameTreeKeepsTheRowsAndAnotherResetsThem();
};

void TestSupervisionTreeModel::theTreeNestsAsTheConfigSays()
{
    SupervisionTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setPlannedConfig(nestedTree());
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex app = model.index(0, 0);
    QCOMPARE(app.data().toString(), u"app"_s);
    QCOMPARE(model.rowCount(app), 3);
    QCOMPARE(model.index(0, 0, app).data().toString(), u"pool"_s);
    QCOMPARE(model.index(1, 0, app).data().toString(), u"web"_s);
    const QModelIndex edge = model.index(2, 0, app);
    QCOMPARE(model.nodeOf(edge), std::optional<TreeChild>(kEdge));
    const QModelIndex relay = model.index(0, 0, edge);
    QCOMPARE(model.index(0, 0, relay).data().toString(), u"probe"_s);
    QCOMPARE(model.parent(model.indexOf(kProbe)), relay);
    QCOMPARE(model.indexOf(kConn2).row(), 1);
    QCOMPARE(model.indexOf(kConn2).parent(), model.indexOf(kPool));
    // Nothing has run yet.
    QCOMPARE(cell(model, kConn1, SupervisionTreeModel::StateColumn), u"not started"_s);
    QCOMPARE(model.indexOf(kWeb, SupervisionTreeModel::StateColumn).data(SupervisionTreeModel::StateRole).toInt(), -1);

    // The flat form is a root with its workers.
    SupervisorConfig flat;
    flat.workers = 3;
    model.setPlannedConfig(flat);
    QCOMPARE(model.rowCount(model.index(0, 0)), 3);
    QCOMPARE(model.index(0, 0).data().toString(), u"Supervisor"_s);
    QCOMPARE(model.index(2, 0, model.index(0, 0)).data().toString(), u"Worker 2"_s);
}

void TestSupervisionTreeModel::passesTheModelTesterThroughAWholeRun()
{
    SupervisionTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const SupervisorConfig config = nestedTree();
    model.setPlannedConfig(config);
    VirtualRuntime runtime(config);
    model.setLog(runtime.log());
    int steps = 0;
    while (runtime.step()) {
        if (++steps % 3 == 0) { // taken in by turns, shown now and then, as the feed does
            model.takeIn(runtime.log()->size());
            model.refresh();
        }
    }
    model.takeIn(runtime.log()->size());
    model.refresh();
    QCOMPARE(model.eventsTakenIn(), runtime.log()->size());
    QVERIFY(LogInvariants::check(*runtime.log()).isEmpty());
    // The run is over: the root stopped every child.
    QCOMPARE(model.state(kApp), StateColor::Stopped);
    for (const TreeChild node : { kConn1, kConn2 })
        QCOMPARE(model.state(node), StateColor::Stopped);
    model.setLog(nullptr);
    QCOMPARE(model.state(kApp), std::nullopt);
}

void TestSupervisionTreeModel::statesAndRestartsFollowTheRun()
{
    ModelOfARun run;
    SupervisionTreeModel &model = run.model;
    VirtualRuntime &runtime = run.runtime;
    const auto at = [&](qint64 tUs) { run.showUntil(tUs); };

    at(50 * kMs);
    for (const TreeChild node : { kApp, kPool, kConn1, kConn2, kWeb, kEdge, kRelay })
        QCOMPARE(model.state(node), StateColor::Running);
    // The probe failed at once and waits its second.
    QCOMPARE(model.state(kProbe), StateColor::Waiting);
    QCOMPARE(cell(model, kProbe, SupervisionTreeModel::StateColumn), u"waiting to restart"_s);
    QVERIFY(cell(model, kProbe, SupervisionTreeModel::LastFailureColumn).startsWith(u"error · "_s));

    at(300 * kMs); // web failed at 100 ms and waits 500 ms
    QCOMPARE(model.state(kWeb), StateColor::Waiting);
    QCOMPARE(model.restarts(kWeb), 0);
    QVERIFY(cell(model, kWeb, SupervisionTreeModel::LastFailureColumn).startsWith(u"error · 0.100 s"_s));

    at(650 * kMs); // restarted at 600 ms
    QCOMPARE(model.state(kWeb), StateColor::Running);
    QCOMPARE(model.restarts(kWeb), 1);
    QCOMPARE(cell(model, kWeb, SupervisionTreeModel::RestartsColumn), u"1"_s);
    QCOMPARE(model.indexOf(kWeb, SupervisionTreeModel::RestartsColumn).data(SupervisionTreeModel::RestartsRole), 1);
    QCOMPARE(cell(model, kApp, SupervisionTreeModel::RestartsColumn), u"—"_s);

    // By hand: stop conn-2 (terminate_child), and it stays down; then start it again (restart_child).
    QCOMPARE(runtime.act(ManualAction::StopWorker, kConn2.index), QString());
    at(700 * kMs);
    QCOMPARE(model.state(kConn2), StateColor::Stopped);
    QCOMPARE(model.state(kConn1), StateColor::Running); // one-for-all restarts no one for a stop by hand
    QVERIFY(model.isParentRunning(kConn2));
    QCOMPARE(runtime.act(ManualAction::RestartWorker, kConn2.index), QString());
    at(800 * kMs);
    QCOMPARE(model.state(kConn2), StateColor::Running);
    QCOMPARE(model.restarts(kConn2), 1);
    QCOMPARE(model.restarts(kConn1), 0);
}

void TestSupervisionTreeModel::aGiveUpIsShownUntilTheParentRestartsIt()
{
    ModelOfARun run;
    SupervisionTreeModel &model = run.model;
    VirtualRuntime &runtime = run.runtime;
    const auto at = [&](qint64 tUs) { run.showUntil(tUs); };
    at(1000 * kMs);
    QCOMPARE(runtime.act(ManualAction::GiveUpSupervisor, kPool.index), QString());
    at(1050 * kMs); // the pool gave up, stopped both, and waits 200 ms to be restarted
    QCOMPARE(model.state(kPool), StateColor::Waiting);
    QCOMPARE(cell(model, kPool, SupervisionTreeModel::LastFailureColumn), u"manual · 1.000 s"_s);
    QCOMPARE(model.state(kConn1), StateColor::Stopped);
    QCOMPARE(model.state(kConn2), StateColor::Stopped);
    QVERIFY(!model.isParentRunning(kConn1));
    at(1300 * kMs);
    QCOMPARE(model.state(kPool), StateColor::Running);
    QCOMPARE(model.restarts(kPool), 1);
    QCOMPARE(model.restarts(kConn1), 1);
    QCOMPARE(model.state(kConn1), StateColor::Running);

    // The probe fails every second: its relay gives up at its third restart, and the edge, allowed one restart,
    // restarts the relay once and gives up the next time; the root restarts the edge (its second incarnation).
    at(9000 * kMs);
    const EventLog &log = *runtime.log();
    int relayGiveUps = 0;
    int edgeGiveUps = 0;
    for (const LifecycleEvent &event : log.events()) {
        if (event.kind == EventKind::SupervisorGaveUp && event.supervisorIndex == kRelay.index)
            ++relayGiveUps;
        if (event.kind == EventKind::SupervisorGaveUp && event.supervisorIndex == kEdge.index)
            ++edgeGiveUps;
    }
    QVERIFY2(relayGiveUps >= 2 && edgeGiveUps >= 1, qPrintable(u"%1 %2"_s.arg(relayGiveUps).arg(edgeGiveUps)));
    QVERIFY(model.restarts(kEdge) >= 1);
    QVERIFY(cell(model, kEdge, SupervisionTreeModel::LastFailureColumn).startsWith(u"restart intensity exceeded"_s));
    QVERIFY(model.indexOf(kEdge, SupervisionTreeModel::RestartsColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(u"it decided"_s));
}

void TestSupervisionTreeModel::refreshTellsOnlyOfWhatChanged()
{
    SupervisionTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    VirtualRuntime runtime(nestedTree());
    model.setLog(runtime.log());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    runtime.runUntil(50 * kMs);
    model.takeIn(runtime.log()->size());
    QCOMPARE(changed.size(), 0); // taken in, not shown yet
    model.refresh();
    QVERIFY(changed.size() > 0);
    // One notice per group of siblings: the root, app's children, pool's, edge's, relay's.
    QCOMPARE(changed.size(), 5);
    for (const QList<QVariant> &notice : std::as_const(changed)) {
        const QModelIndex first = notice.at(0).toModelIndex();
        const QModelIndex last = notice.at(1).toModelIndex();
        QCOMPARE(first.parent(), last.parent());
        QCOMPARE(first.column(), int(SupervisionTreeModel::StateColumn));
        QCOMPARE(last.column(), int(SupervisionTreeModel::LastFailureColumn));
    }
    changed.clear();
    model.refresh();
    QCOMPARE(changed.size(), 0); // nothing new

    runtime.runUntil(300 * kMs); // only web failed
    model.takeIn(runtime.log()->size());
    model.refresh();
    QCOMPARE(changed.size(), 2); // web, and app, which decided its restart
    const QModelIndex web = model.indexOf(kWeb);
    QCOMPARE(changed.at(1).at(0).toModelIndex().row(), web.row());
    QCOMPARE(changed.at(1).at(1).toModelIndex().row(), web.row());
}

void TestSupervisionTreeModel::aRunOfTheSameTreeKeepsTheRowsAndAnotherResetsThem()
{
    SupervisionTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setPlannedConfig(nestedTree());
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    VirtualRuntime first(nestedTree());
    first.runUntil(50 * kMs);
    model.setLog(first.log());
    model.takeIn(first.log()->size());
    QCOMPARE(resets.size(), 0); // the tree shown is the run's: a view keeps what it folded and selected
    QCOMPARE(model.state(kConn1), StateColor::Running);

    SupervisorConfig other = nestedTree(u"\"seed\": 7,"_s);
    other.workerSpecs[0].name = u"link-1"_s;
    VirtualRuntime second(other);
    second.runUntil(50 * kMs);
    model.setLog(second.log());
    model.takeIn(second.log()->size());
    QCOMPARE(resets.size(), 1); // the run's own tree replaces the planned one
    QCOMPARE(cell(model, kConn1, SupervisionTreeModel::NameColumn), u"link-1"_s);
    QCOMPARE(model.state(kConn1), StateColor::Running);
}

QTEST_MAIN(TestSupervisionTreeModel)
#include "tst_supervisiontreemodel.moc"
