#include "analysis/explorationexport.h"
#include "analysis/explorationfigures.h"
#include "analysis/explorer.h"
#include "controlpanel.h"
#include "events/eventlog.h"
#include "explorer/distributionchart.h"
#include "explorer/explorationresultmodel.h"
#include "explorer/explorerpanel.h"
#include "explorer/policytablemodel.h"
#include "explorer/seedoutcomemodel.h"
#include "mainwindow.h"
#include "pixelcount.h"
#include "policy/parameterspec.h"
#include "runcontroller.h"
#include "runtime/virtualruntime.h"
#include "testruns.h"
#include "testsettings.h"
#include "timeline/timelinemodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QBuffer>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

using Tester = QAbstractItemModelTester;

// The window's parameters in the tests: a quick workload and a fixed 300 ms delay.
SupervisorConfig windowConfig(const QStringList &more = {})
{
    return withSettings(SupervisorConfig(),
        QStringList { u"workers=2"_s, u"failure_rate=0.5"_s, u"work_min=100"_s, u"work_max=800"_s, u"delay=300"_s }
            + more);
}

// A panel whose every model is watched by QAbstractItemModelTester through everything the test does.
struct TestedPanel
{
    explicit TestedPanel(const SupervisorConfig &config = windowConfig())
    {
        panel.setCurrentConfig(config);
        panel.resize(1400, 700);
        panel.show(); // the first showing takes the window's policy and workload
    }

    ExplorerPanel panel;
    Tester policyTester { panel.policies(), Tester::FailureReportingMode::QtTest };
    Tester resultTester { panel.results(), Tester::FailureReportingMode::QtTest };
    Tester seedTester { panel.seedOutcomes(), Tester::FailureReportingMode::QtTest };
    Tester sortedSeedTester { panel.sortedSeeds(), Tester::FailureReportingMode::QtTest };
};

template<typename Widget> Widget *field(const ExplorerPanel &panel, const QString &name)
{
    auto *widget = panel.findChild<Widget *>(name);
    if (!widget)
        qFatal("no %s in the explorer panel", qPrintable(name));
    return widget;
}

// A small exploration: a minute's horizon and a handful of seeds.
void setSmallWorkload(ExplorerPanel &panel, int seeds, double failureRate = 0.5)
{
    field<QComboBox>(panel, u"horizon"_s)->setCurrentIndex(0);
    QCOMPARE(field<QComboBox>(panel, u"horizon"_s)->currentData().toLongLong(), 60'000);
    field<QSpinBox>(panel, u"seeds"_s)->setValue(seeds);
    field<QDoubleSpinBox>(panel, u"failure_rate"_s)->setValue(failureRate);
}

bool runToEnd(ExplorerPanel &panel, int timeoutMs = kPatienceMs)
{
    QSignalSpy running(&panel, &ExplorerPanel::runningChanged);
    if (!panel.runButton()->isEnabled())
        return false;
    QTest::mouseClick(panel.runButton(), Qt::LeftButton);
    if (running.isEmpty() || running.first().first() != true)
        return false;
    return running.size() >= 2 || running.wait(timeoutMs);
}

ExplorationResult exploreDirectly(const ExplorationSpec &spec)
{
    Explorer explorer;
    QSignalSpy finished(&explorer, &Explorer::finished);
    if (!explorer.start(spec) || !finished.wait(kPatienceMs))
        qFatal("the exploration did not finish");
    return finished.first().first().value<ExplorationResult>();
}

ExplorationSpec specOf(const QByteArray &json)
{
    QString error;
    const std::optional<ExplorationSpec> spec = ExplorationSpec::fromJson(json, u"test.json"_s, &error);
    if (!spec)
        qFatal("test spec refused: %s", qPrintable(error));
    return *spec;
}

QString cell(const QAbstractItemModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

// A header, a corner button, a spin box's line edit: a piece of a control that explains itself.
bool partOfAControl(const QWidget *widget, const QWidget *top)
{
    for (const QWidget *parent = widget->parentWidget(); parent && parent != top; parent = parent->parentWidget()) {
        if (qobject_cast<const QAbstractItemView *>(parent) || qobject_cast<const QComboBox *>(parent)
            || qobject_cast<const QAbstractSpinBox *>(parent) || qobject_cast<const QTabBar *>(parent))
            return true;
    }
    return false;
}

QModelIndex policyCell(const ExplorerPanel &panel, const QString &key, int policy)
{
    return panel.policies()->index(int(PolicyTableModel::policyKeys().indexOf(key)), policy);
}

} // namespace

class TestExplorerPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void policyRowsAreEveryPolicyParameter();
    void firstShowingTakesTheWindowsPolicyAndWorkload();
    void refusedEditsSayWhyAndChangeNothing_data();
    void refusedEditsSayWhyAndChangeNothing();
    void aCellEditorChangesThePolicy();
    void addCurrentPolicyAddsTheWindowsPolicy();
    void namesAreUniqueAndEditable();
    void differencesFromTheFirstPolicyStandOut();
    void runShowsTheEnginesFigures();
    void noRestartsAllowedGivesUpInEverySeed();
    void noFailuresShowsFullAvailability();
    void cancelReturnsToIdlePromptly();
    void theSeedsTableSortsByValue();
    void doubleClickingASeedAsksForThatRun();
    void anExploredSeedOpensInTheWindow();
    void theChartDrawsEachPolicyInItsColour();
    void theChartShowsMedianWhiskersAndOutliers();
    void everyControlExplainsItself();
    void figuresReadWell_data();
    void figuresReadWell();
    void pictureOfAComparison();
    void openingASpecFileFillsThePanel();
    void aSpecWithATreeKeepsItsTree();
    void aSpecFileThatCannotBeOpenedChangesNothing();
    void exportWritesWhatTheCommandLineWrites();
    void progressSaysHowLongIsLeft_data();
    void progressSaysHowLongIsLeft();
    void theProgressBarSaysHowLongIsLeftWhileItRuns();
};

void TestExplorerPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    // The offscreen platform cannot pass size hints on, and says so for every dock; nothing to learn from it.
    static const QtMessageHandler defaultHandler = qInstallMessageHandler(nullptr);
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &context, const QString &message) {
        if (!message.contains(u"does not support propagateSizeHints"_s))
            defaultHandler(type, context, message);
    });
}

void TestExplorerPanel::policyRowsAreEveryPolicyParameter()
{
    QStringList expected;
    for (const ParameterSpec &spec : parameterSpecs())
        expected << spec.key;
    for (const QString &key :
        ExplorationSpec::workloadKeys() + QStringList { u"duration"_s, u"seed"_s, u"virtual_time"_s })
        QVERIFY(expected.removeOne(key));
    QCOMPARE(PolicyTableModel::policyKeys(), expected);

    TestedPanel tested;
    const QAbstractItemModel &model = *tested.panel.policies();
    QCOMPARE(model.rowCount(), expected.size());
    for (int row = 0; row < model.rowCount(); ++row) {
        QCOMPARE(model.headerData(row, Qt::Vertical).toString(), expected.at(row));
        QVERIFY(!model.headerData(row, Qt::Vertical, Qt::ToolTipRole).toString().isEmpty());
    }
}

void TestExplorerPanel::firstShowingTakesTheWindowsPolicyAndWorkload()
{
    const SupervisorConfig config = windowConfig(
        { u"workers=3"_s, u"failure_mode=mixed"_s, u"backoff=exponential"_s, u"jitter=full"_s, u"max_restarts=7"_s });
    ExplorerPanel panel;
    panel.setCurrentConfig(config);
    QCOMPARE(panel.policies()->policyCount(), 0);
    QVERIFY(!panel.runButton()->isEnabled());
    panel.show();
    QCOMPARE(panel.policies()->policyCount(), 1);
    QCOMPARE(panel.policies()->policyConfig(0), PolicyTableModel::policyPart(config));
    QCOMPARE(panel.policies()->policyName(0), u"backoff + full jitter"_s);
    QCOMPARE(cell(*panel.policies(), int(PolicyTableModel::policyKeys().indexOf(u"max_restarts"_s)), 0), u"7"_s);
    QCOMPARE(field<QSpinBox>(panel, u"workers"_s)->value(), 3);
    QCOMPARE(field<QComboBox>(panel, u"failure_mode"_s)->currentText(), u"mixed"_s);

    const std::optional<ExplorationSpec> spec = panel.spec();
    QVERIFY(spec);
    QCOMPARE(spec->seeds, 200);
    QCOMPARE(spec->horizonMs, 3'600'000);
    QCOMPARE(spec->workload.value(u"workers"_s).toInt(), 3);
    QCOMPARE(spec->workload.value(u"work_max"_s).toInt(), 800);
    // Each run is the window's configuration, in virtual time for the horizon.
    SupervisorConfig expected = config;
    expected.durationMs = 3'600'000;
    expected.seed = 17;
    expected.virtualTime = true;
    QCOMPARE(spec->configFor(0, 17), expected);
    QVERIFY(panel.runButton()->isEnabled());

    // Shown again, it keeps what the user set up.
    panel.hide();
    panel.setCurrentConfig(windowConfig());
    panel.show();
    QCOMPARE(panel.policies()->policyCount(), 1);
    QCOMPARE(field<QSpinBox>(panel, u"workers"_s)->value(), 3);
}

void TestExplorerPanel::refusedEditsSayWhyAndChangeNothing_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not a number") << u"delay"_s << u"soon"_s << u"delay expects a whole number"_s;
    QTest::newRow("negative") << u"heartbeat_timeout"_s << u"-5"_s << u"heartbeat_timeout must not be negative"_s;
    QTest::newRow("factor below 1") << u"backoff_factor"_s << u"0.5"_s << u"backoff_factor"_s;
    QTest::newRow("not a choice") << u"jitter"_s << u"lots"_s << u"jitter"_s;
    QTest::newRow("cap below the delay") << u"max_delay"_s << u"100"_s << u"max_delay (100 ms) is below delay"_s;
    QTest::newRow("empty") << u"max_restarts"_s << u""_s << u"max_restarts"_s;
}

void TestExplorerPanel::refusedEditsSayWhyAndChangeNothing()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, reason);
    TestedPanel tested(windowConfig({ u"backoff=exponential"_s, u"delay=300"_s }));
    ExplorerPanel &panel = tested.panel;
    const std::optional<ExplorationSpec> before = panel.spec();
    QVERIFY(before);
    QSignalSpy refused(panel.policies(), &PolicyTableModel::editRefused);

    QVERIFY(!panel.policies()->setData(policyCell(panel, key, 0), value));
    QCOMPARE(refused.size(), 1);
    const QString shown = panel.statusText();
    QVERIFY2(shown.contains(reason), qPrintable(shown));
    QVERIFY2(shown.startsWith(panel.policies()->policyName(0)), qPrintable(shown));
    QVERIFY(panel.findChild<QLabel *>(u"explorerStatus"_s)->isVisibleTo(&panel));
    QCOMPARE(panel.spec(), before);
    QVERIFY(panel.runButton()->isEnabled());

    // The next accepted edit clears the reason.
    QVERIFY(panel.policies()->setData(policyCell(panel, u"delay"_s, 0), u"250"_s));
    QCOMPARE(panel.statusText(), QString());
}

void TestExplorerPanel::aCellEditorChangesThePolicy()
{
    TestedPanel tested;
    ExplorerPanel &panel = tested.panel;
    QTableView *table = panel.policyTable();

    // A choice is picked from the parameter's list.
    const QModelIndex jitter = policyCell(panel, u"jitter"_s, 0);
    table->setCurrentIndex(jitter);
    table->edit(jitter);
    auto *combo = table->viewport()->findChild<QComboBox *>();
    QVERIFY(combo);
    QCOMPARE(combo->count(), findParameter(u"jitter"_s)->choices.size());
    QCOMPARE(combo->currentText(), u"none"_s);
    combo->setCurrentText(u"equal"_s);
    emit combo->activated(combo->currentIndex());
    QTRY_COMPARE_WITH_TIMEOUT(jitter.data(Qt::EditRole).toString(), u"equal"_s, kPatienceMs);
    QCOMPARE(panel.spec()->configFor(0, 1).jitter, Jitter::Equal);

    // A number is typed; a refused one leaves the cell as it was.
    const QModelIndex delay = policyCell(panel, u"delay"_s, 0);
    for (const QString &typed : { u"x1"_s, u"750"_s }) {
        table->setCurrentIndex(delay);
        table->edit(delay);
        auto *line = table->viewport()->findChild<QLineEdit *>();
        QVERIFY(line);
        line->selectAll();
        QTest::keyClicks(line, typed);
        QTest::keyClick(line, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!table->viewport()->findChild<QLineEdit *>(), kPatienceMs);
    }
    QCOMPARE(delay.data(Qt::EditRole).toString(), u"750"_s);
    QCOMPARE(delay.data().toString(), u"750 ms"_s);
    QCOMPARE(panel.spec()->configFor(0, 1).delayMs, 750);
}

void TestExplorerPanel::addCurrentPolicyAddsTheWindowsPolicy()
{
    TestedPanel tested;
    ExplorerPanel &panel = tested.panel;
    auto *add = field<QPushButton>(panel, u"addPolicy"_s);
    auto *remove = field<QPushButton>(panel, u"removePolicy"_s);
    QVERIFY(!remove->isEnabled()); // one policy stays

    const SupervisorConfig changed
        = windowConfig({ u"backoff=exponential"_s, u"delay=100"_s, u"max_delay=5000"_s, u"strategy=one-for-all"_s });
    panel.setCurrentConfig(changed);
    QTest::mouseClick(add, Qt::LeftButton);
    QCOMPARE(panel.policies()->policyCount(), 2);
    QCOMPARE(panel.policies()->policyConfig(1), PolicyTableModel::policyPart(changed));
    QCOMPARE(panel.policies()->policyConfig(0), PolicyTableModel::policyPart(windowConfig()));
    QCOMPARE(panel.spec()->configFor(1, 5).strategy, Strategy::OneForAll);
    QVERIFY(remove->isEnabled());

    QTest::mouseClick(add, Qt::LeftButton);
    QTest::mouseClick(add, Qt::LeftButton);
    QCOMPARE(panel.policies()->policyCount(), ExplorationSpec::kMaxPolicies);
    QVERIFY(!add->isEnabled());
    QVERIFY(add->toolTip().contains(u"at most 4"_s));
    QVERIFY(!panel.policies()->addPolicy(changed));
    QCOMPARE(panel.policies()->policyCount(), ExplorationSpec::kMaxPolicies);
    QVERIFY(panel.spec());

    // Remove takes the policy of the selected cell.
    panel.policyTable()->setCurrentIndex(policyCell(panel, u"delay"_s, 0));
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(panel.policies()->policyCount(), 3);
    QCOMPARE(panel.policies()->policyConfig(0), PolicyTableModel::policyPart(changed));
    QVERIFY(add->isEnabled());
}

void TestExplorerPanel::namesAreUniqueAndEditable()
{
    TestedPanel tested;
    ExplorerPanel &panel = tested.panel;
    PolicyTableModel &policies = *panel.policies();
    panel.addCurrentPolicy();
    panel.addCurrentPolicy();
    QCOMPARE(policies.policyName(0), u"fixed 300 ms"_s);
    QCOMPARE(policies.policyName(1), u"fixed 300 ms (2)"_s);
    QCOMPARE(policies.policyName(2), u"fixed 300 ms (3)"_s);

    QVERIFY(!policies.setHeaderData(1, Qt::Horizontal, u"fixed 300 ms"_s));
    QVERIFY2(panel.statusText().contains(u"already the name of policy 1"_s), qPrintable(panel.statusText()));
    QVERIFY(!policies.renamePolicy(1, u"  "_s));
    QCOMPARE(policies.policyName(1), u"fixed 300 ms (2)"_s);

    // An unnamed policy follows what it is; a named one keeps its name.
    QVERIFY(policies.setData(policyCell(panel, u"backoff"_s, 1), u"exponential"_s));
    QCOMPARE(policies.policyName(1), u"backoff"_s);
    QVERIFY(policies.setData(policyCell(panel, u"jitter"_s, 1), u"full"_s));
    QCOMPARE(policies.policyName(1), u"backoff + full jitter"_s);

    // Double-clicking a header opens its name for editing.
    QHeaderView *header = panel.policyTable()->horizontalHeader();
    const QPoint centre(header->sectionViewportPosition(2) + header->sectionSize(2) / 2, header->height() / 2);
    QTest::mouseDClick(header->viewport(), Qt::LeftButton, {}, centre);
    auto *editor = header->viewport()->findChild<QLineEdit *>(u"policyNameEditor"_s);
    QVERIFY(editor);
    QCOMPARE(editor->text(), u"fixed 300 ms (3)"_s);
    editor->selectAll();
    QTest::keyClicks(editor, u"the article's"_s);
    QTest::keyClick(editor, Qt::Key_Return);
    QCOMPARE(policies.policyName(2), u"the article's"_s);
    QCOMPARE(policies.headerData(2, Qt::Horizontal).toString(), u"the article's"_s);
    QVERIFY(policies.setData(policyCell(panel, u"delay"_s, 2), u"900"_s));
    QCOMPARE(policies.policyName(2), u"the article's"_s);

    const std::optional<ExplorationSpec> spec = panel.spec();
    QVERIFY(spec);
    QCOMPARE(spec->policies.at(1).name, u"backoff + full jitter"_s);
    QCOMPARE(spec->policies.at(2).name, u"the article's"_s);
}

void TestExplorerPanel::differencesFromTheFirstPolicyStandOut()
{
    TestedPanel tested;
    ExplorerPanel &panel = tested.panel;
    PolicyTableModel &policies = *panel.policies();
    panel.addCurrentPolicy();
    const auto differing = [&] {
        QStringList cells;
        for (int row = 0; row < policies.rowCount(); ++row) {
            for (int column = 0; column < policies.columnCount(); ++column) {
                const QModelIndex index = policies.index(row, column);
                const bool differs = index.data(PolicyTableModel::DiffersRole).toBool();
                if (differs != index.data(Qt::FontRole).value<QFont>().bold()
                    || differs != index.data(Qt::BackgroundRole).isValid())
                    return QStringList { u"inconsistent emphasis"_s };
                if (differs)
                    cells << u"%1/%2"_s.arg(index.data(PolicyTableModel::KeyRole).toString()).arg(column);
            }
        }
        return cells;
    };
    QCOMPARE(differing(), QStringList());

    QVERIFY(policies.setData(policyCell(panel, u"delay"_s, 1), u"500"_s));
    QCOMPARE(differing(), QStringList { u"delay/1"_s });
    // A third policy like the first stands out nowhere, however it differs from the second.
    panel.addCurrentPolicy();
    QCOMPARE(differing(), QStringList { u"delay/1"_s });
    QVERIFY2(policyCell(panel, u"delay"_s, 1).data(Qt::ToolTipRole).toString().contains(u"Differs from fixed 300 ms"_s),
        qPrintable(policyCell(panel, u"delay"_s, 1).data(Qt::ToolTipRole).toString()));
    QCOMPARE(policyCell(panel, u"delay"_s, 1).data(Qt::BackgroundRole).value<QColor>().rgb(),
        panel.chart()->policyColor(1).rgb());

    // The first policy is what the others are compared with: change it and the emphasis moves.
    QVERIFY(policies.setData(policyCell(panel, u"delay"_s, 0), u"500"_s));
    QVERIFY(policies.setData(policyCell(panel, u"strategy"_s, 0), u"rest-for-one"_s));
    QCOMPARE(differing(), (QStringList { u"delay/2"_s, u"strategy/1"_s, u"strategy/2"_s }));
}

void TestExplorerPanel::runShowsTheEnginesFigures()
{
    TestedPanel tested;
    ExplorerPanel &panel = tested.panel;
    panel.setCurrentConfig(windowConfig({ u"backoff=exponential"_s, u"jitter=full"_s, u"delay=50"_s,
        u"max_delay=4000"_s, u"max_restarts=20"_s, u"within=10000"_s }));
    panel.addCurrentPolicy();
    setSmallWorkload(panel, 12, 0.7);
    field<QSpinBox>(panel, u"first_seed"_s)->setValue(40);

    QVERIFY(runToEnd(panel));
    QVERIFY(!panel.isRunning());
    QVERIFY(panel.result());
    QCOMPARE(panel.progressBar()->value(), 24);
    QCOMPARE(panel.progressBar()->maximum(), 24);
    QVERIFY(panel.runButton()->isEnabled());
    QVERIFY(!panel.cancelButton()->isEnabled());
    const QString summary = field<QLabel>(panel, u"explorationSummary"_s)->text();
    QVERIFY2(QRegularExpression(u"^12 seed\\(s\\) × 2 policy\\(ies\\) in [0-9.]+ (ms|s) on [0-9]+ thread\\(s\\)$"_s)
                 .match(summary)
                 .hasMatch(),
        qPrintable(summary));

    // The same exploration through the engine's API, from a spec written out by hand.
    const ExplorationSpec direct = specOf(R"({ "horizon": 60000, "seeds": 12, "first_seed": 40,
        "workload": { "workers": 2, "failure_rate": 0.7, "failure_mode": "error", "work_min": 100, "work_max": 800 },
        "policies": [ { "name": "fixed 300 ms", "config": { "delay": 300 } },
                      { "name": "backoff + full jitter", "config": { "backoff": "exponential", "jitter": "full",
                        "delay": 50, "max_delay": 4000, "max_restarts": 20, "within": 10000 } } ] })");
    const ExplorationResult expected = exploreDirectly(direct);
    QCOMPARE(panel.result()->policies, expected.policies);

    const QAbstractItemModel &table = *panel.resultTable()->model();
    QCOMPARE(table.columnCount(), 2);
    QCOMPARE(table.rowCount(), int(ExplorationResultModel::RowCount));
    for (int policy = 0; policy < 2; ++policy) {
        const PolicySummary &s = expected.policies.at(policy).summary;
        QCOMPARE(table.headerData(policy, Qt::Horizontal).toString(), expected.policies.at(policy).name);
        QCOMPARE(cell(table, ExplorationResultModel::AvailabilityRow, policy),
            u"%1 (p5 %2 – p95 %3)"_s.arg(ExplorationFigures::percent(s.availabilityMean),
                ExplorationFigures::percent(s.availabilityP5), ExplorationFigures::percent(s.availabilityP95)));
        QCOMPARE(cell(table, ExplorationResultModel::RestartsRow, policy),
            ExplorationFigures::perHour(s.restartsPerHourMean));
        QCOMPARE(cell(table, ExplorationResultModel::GivesUpRow, policy),
            s.gaveUpSeeds == 0
                ? u"never (0 of 12 seeds)"_s
                : u"%1 (%2 of 12 seeds)"_s.arg(ExplorationFigures::percent(s.giveUpProbability)).arg(s.gaveUpSeeds));
        QCOMPARE(cell(table, ExplorationResultModel::TimeToGiveUpRow, policy),
            s.giveUpP50Us ? u"%1 (p95 %2)"_s.arg(
                ExplorationFigures::duration(*s.giveUpP50Us), ExplorationFigures::duration(*s.giveUpP95Us))
                          : u"—"_s);
        QVERIFY(s.recoveries > 0);
        QCOMPARE(cell(table, ExplorationResultModel::RecoveryRow, policy),
            u"%1 / %2 / %3"_s.arg(ExplorationFigures::duration(*s.recoveryP50Us),
                ExplorationFigures::duration(*s.recoveryP95Us), ExplorationFigures::duration(*s.recoveryP99Us)));
        QCOMPARE(cell(table, ExplorationResultModel::LongestOutageRow, policy),
            u"%1 (p95 %2)"_s.arg(ExplorationFigures::duration(s.longestOutageMaxUs),
                ExplorationFigures::duration(s.longestOutageP95Us)));
        QCOMPARE(cell(table, ExplorationResultModel::SeedsRow, policy), u"12 (40–51)"_s);
    }
    // The fixed delay recovers in exactly its delay, every time.
    QCOMPARE(cell(table, ExplorationResultModel::RecoveryRow, 0), u"300 ms / 300 ms / 300 ms"_s);
    QVERIFY(expected.policies.at(1).summary.gaveUpSeeds > 0);

    // The seeds table lists the chosen policy's seeds, and sorting finds the worst one.
    QCOMPARE(panel.seedPolicy(), 0);
    panel.showSeedsOf(1);
    QCOMPARE(panel.seedOutcomes()->outcomes(), expected.policies.at(1).outcomes);
    panel.seedTable()->sortByColumn(SeedOutcomeModel::AvailabilityColumn, Qt::AscendingOrder);
    double worst = 1;
    quint64 worstSeed = 0;
    for (const SeedOutcome &outcome : expected.policies.at(1).outcomes) {
        if (outcome.availability < worst) {
            worst = outcome.availability;
            worstSeed = outcome.seed;
        }
    }
    const QAbstractItemModel &seeds = *panel.seedTable()->model();
    QCOMPARE(seeds.index(0, SeedOutcomeModel::SeedColumn).data().toString(), QString::number(worstSeed));
    QCOMPARE(
        seeds.index(0, SeedOutcomeModel::AvailabilityColumn).data().toString(), ExplorationFigures::percent(worst));
    qint64 earliest = std::numeric_limits<qint64>::max();
    for (const SeedOutcome &outcome : expected.policies.at(1).outcomes)
        earliest = std::min(earliest, outcome.gaveUpAtUs.value_or(earliest));
    panel.seedTable()->sortByColumn(SeedOutcomeModel::GaveUpAtColumn, Qt::AscendingOrder);
    QCOMPARE(
        seeds.index(0, SeedOutcomeModel::GaveUpAtColumn).data().toString(), ExplorationFigures::duration(earliest));
    // The fixed delay, with no restart limit, never gives up.
    panel.showSeedsOf(0);
    QCOMPARE(seeds.index(0, SeedOutcomeModel::GaveUpAtColumn).data().toString(), u"never"_s);
    panel.seedTable()->sortByColumn(SeedOutcomeModel::GaveUpAtColumn, Qt::DescendingOrder);
    QCOMPARE(seeds.index(0, SeedOutcomeModel::GaveUpAtColumn).data().toString(), u"never"_s);

    // An edit after the run says the results are of the policies as they were.
    QVERIFY(panel.statusText().isEmpty());
    QVERIFY(panel.policies()->setData(policyCell(panel, u"delay"_s, 0), u"400"_s));
    QVERIFY2(panel.statusText().contains(u"changed since"_s), qPrintable(panel.statusText()));
}

void TestExplorerPanel::noRestartsAllowedGivesUpInEverySeed()
{
    TestedPanel tested;
    ExplorerPanel &panel = tested.panel;
    QVERIFY(panel.policies()->setData(policyCell(panel, u"max_restarts"_s, 0), u"0"_s));
    setSmallWorkload(panel, 10, 1.0);
    QVERIFY(runToEnd(panel));
    QCOMPARE(cell(*panel.results(), ExplorationResultModel::GivesUpRow, 0), u"100 % (10 of 10 seeds)"_s);
    QVERIFY(cell(*panel.results(), ExplorationResultModel::TimeToGiveUpRow, 0) != u"—"_s);
    QCOMPARE(cell(*panel.results(), ExplorationResultModel::RecoveryRow, 0), u"no recoveries"_s);
}

void TestExplorerPanel::noFailuresShowsFullAvailability()
{
    // Work longer than the horizon: every worker runs from its start to the end.
    TestedPanel tested(windowConfig({ u"work_min=120000"_s, u"work_max=180000"_s }));
    ExplorerPanel &panel = tested.panel;
    panel.addCurrentPolicy();
    QVERIFY(panel.policies()->setData(policyCell(panel, u"backoff"_s, 1), u"exponential"_s));
    setSmallWorkload(panel, 8, 0.0);
    QVERIFY(runToEnd(panel));
    for (int policy = 0; policy < 2; ++policy) {
        QCOMPARE(
            cell(*panel.results(), ExplorationResultModel::AvailabilityRow, policy), u"100 % (p5 100 % – p95 100 %)"_s);
        QCOMPARE(cell(*panel.results(), ExplorationResultModel::GivesUpRow, policy), u"never (0 of 8 seeds)"_s);
        QCOMPARE(cell(*panel.results(), ExplorationResultModel::RestartsRow, policy), u"0.00 per hour"_s);
    }
    // Equal figures: no policy is the best of a row.
    for (int row = 0; row < ExplorationResultModel::RowCount; ++row)
        QVERIFY(!panel.results()->index(row, 0).data(ExplorationResultModel::BestRole).toBool());
}

void TestExplorerPanel::cancelReturnsToIdlePromptly()
{
    // Days of restarts over the largest number of seeds: minutes of work, were it not cancelled.
    TestedPanel tested(windowConfig({ u"workers=8"_s, u"work_min=10"_s, u"work_max=50"_s, u"delay=10"_s }));
    ExplorerPanel &panel = tested.panel;
    field<QComboBox>(panel, u"horizon"_s)->setCurrentIndex(int(ExplorerPanel::horizons().size()) - 1);
    field<QSpinBox>(panel, u"seeds"_s)->setValue(ExplorerPanel::kMaxSeeds);
    QSignalSpy running(&panel, &ExplorerPanel::runningChanged);
    QTest::mouseClick(panel.runButton(), Qt::LeftButton);
    QCOMPARE(running.size(), 1);
    QVERIFY(panel.isRunning());
    QVERIFY(!panel.runButton()->isEnabled());
    QVERIFY(panel.cancelButton()->isEnabled());
    QVERIFY(!panel.policyTable()->isEnabled());

    // The window stays responsive meanwhile: its event loop turns and answers what is posted to it.
    QTimer answered;
    answered.setSingleShot(true);
    QSignalSpy turned(&answered, &QTimer::timeout);
    answered.start(0);
    QVERIFY(turned.wait(kPatienceMs));
    QVERIFY(panel.isRunning());

    QTest::mouseClick(panel.cancelButton(), Qt::LeftButton);
    // Minutes of work remain: only the cancel can end the runs within the wait.
    QVERIFY(running.size() == 2 || running.wait(kPatienceMs));
    QCOMPARE(running.last().first().toBool(), false);
    QVERIFY(!panel.isRunning());
    QVERIFY(panel.runButton()->isEnabled());
    QVERIFY(!panel.cancelButton()->isEnabled());
    QVERIFY(panel.policyTable()->isEnabled());
    QVERIFY(!panel.result());
    QVERIFY(panel.progressBar()->value() < panel.progressBar()->maximum());
    QVERIFY2(panel.statusText().startsWith(u"Cancelled after"_s), qPrintable(panel.statusText()));

    // And it runs again.
    setSmallWorkload(panel, 3);
    QVERIFY(runToEnd(panel));
    QVERIFY(panel.result());
}

void TestExplorerPanel::theSeedsTableSortsByValue()
{
    const auto outcome = [](quint64 seed, double availability, std::optional<qint64> gaveUpAtUs, qint64 outageUs) {
        SeedOutcome made;
        made.seed = seed;
        made.availability = availability;
        made.gaveUpAtUs = gaveUpAtUs;
        made.longestOutageUs = outageUs;
        made.restarts = qint64(seed % 7);
        return made;
    };
    // Texts that sort otherwise than their values: "9.0 %" after "15.0 %", "2 min" before "30 s", "never".
    SeedOutcomeModel model;
    Tester tester(&model, Tester::FailureReportingMode::QtTest);
    model.setOutcomes({ outcome(10, 0.15, 30'000'000, 2'000'000), outcome(9, 0.09, std::nullopt, 120'000'000),
        outcome(100, 0.5, 120'000'000, 900'000) });
    QSortFilterProxyModel sorted;
    Tester sortedTester(&sorted, Tester::FailureReportingMode::QtTest);
    sorted.setSourceModel(&model);
    sorted.setSortRole(SeedOutcomeModel::SortRole);
    const auto column = [&](int which) {
        QStringList texts;
        for (int row = 0; row < sorted.rowCount(); ++row)
            texts << sorted.index(row, which).data().toString();
        return texts.join(u", "_s);
    };
    sorted.sort(SeedOutcomeModel::SeedColumn);
    QCOMPARE(column(SeedOutcomeModel::SeedColumn), u"9, 10, 100"_s);
    sorted.sort(SeedOutcomeModel::AvailabilityColumn);
    QCOMPARE(column(SeedOutcomeModel::AvailabilityColumn), u"9.0 %, 15.0 %, 50.0 %"_s);
    sorted.sort(SeedOutcomeModel::GaveUpAtColumn);
    QCOMPARE(column(SeedOutcomeModel::GaveUpAtColumn), u"30 s, 2 min, never"_s);
    sorted.sort(SeedOutcomeModel::LongestOutageColumn, Qt::DescendingOrder);
    QCOMPARE(column(SeedOutcomeModel::LongestOutageColumn), u"2 min, 2 s, 900 ms"_s);
    QCOMPARE(sorted.index(0, 0).data(SeedOutcomeModel::SeedRole).toULongLong(), 9u);
}

void TestExplorerPanel::doubleClickingASeedAsksForThatRun()
{
    TestedPanel tested;
    ExplorerPanel &panel = tested.panel;
    panel.setCurrentConfig(windowConfig({ u"backoff=exponential"_s, u"jitter=full"_s }));
    panel.addCurrentPolicy();
    setSmallWorkload(panel, 9);
    field<QSpinBox>(panel, u"first_seed"_s)->setValue(100);
    QVERIFY(runToEnd(panel));

    auto *policyChooser = field<QComboBox>(panel, u"seedPolicy"_s);
    QCOMPARE(policyChooser->count(), 2);
    policyChooser->setCurrentIndex(1);
    QCOMPARE(panel.seedOutcomes()->outcomes(), panel.result()->policies.at(1).outcomes);
    QTableView *table = panel.seedTable();
    field<QTabWidget>(panel, u"explorerTabs"_s)->setCurrentIndex(1);
    QVERIFY(table->isVisible());
    table->sortByColumn(SeedOutcomeModel::RestartsColumn, Qt::DescendingOrder);

    QSignalSpy requested(&panel, &ExplorerPanel::runRequested);
    const int row = 4;
    const quint64 seed = table->model()->index(row, SeedOutcomeModel::SeedColumn).data().toULongLong();
    QVERIFY(seed >= 100 && seed <= 108);
    const QRect rect = table->visualRect(table->model()->index(row, SeedOutcomeModel::AvailabilityColumn));
    QVERIFY(rect.isValid());
    // A widget's double click in QTest is the second press only: the first one comes before it.
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(requested.size(), 1);
    const SupervisorConfig config = requested.first().at(0).value<SupervisorConfig>();
    QCOMPARE(config, panel.result()->spec.configFor(1, seed));
    QCOMPARE(config.seed, seed);
    QVERIFY(config.virtualTime);
    QCOMPARE(config.durationMs, 60'000);
    QCOMPARE(requested.first().at(1).toString(), u"explore: backoff + full jitter, seed %1"_s.arg(seed));
}

void TestExplorerPanel::anExploredSeedOpensInTheWindow()
{
    MainWindow window;
    window.setConfig(windowConfig({ u"duration=0"_s }), u"custom"_s);
    window.resize(1400, 900);
    window.show();
    auto *dock = window.findChild<QDockWidget *>(u"explorerDock"_s);
    QVERIFY(dock);
    QVERIFY(!dock->isVisible());
    auto *explore = window.findChild<QAction *>(u"explorePolicies"_s);
    QVERIFY(explore);
    QCOMPARE(explore->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    QVERIFY(!explore->toolTip().isEmpty());
    explore->trigger();
    QVERIFY(dock->isVisible());

    ExplorerPanel &panel = *window.explorer();
    QCOMPARE(panel.policies()->policyCount(), 1);
    QCOMPARE(panel.policies()->policyConfig(0), PolicyTableModel::policyPart(windowConfig()));
    // A slider moved in the window is what Add Current Policy takes next.
    auto *delay = window.controls()->findChild<QSlider *>(u"delay"_s);
    QVERIFY(delay);
    delay->setValue(700);
    // Once the slider rests (ParameterEditor::kSettleMs), or as soon as the focus leaves it for the button.
    QTRY_COMPARE_WITH_TIMEOUT(window.controller()->config().delayMs, 700, kPatienceMs);
    panel.addCurrentPolicy();
    QCOMPARE(panel.policies()->policyName(1), u"fixed 700 ms"_s);

    setSmallWorkload(panel, 6);
    QVERIFY(runToEnd(panel));
    QTableView *table = panel.seedTable();
    field<QComboBox>(panel, u"seedPolicy"_s)->setCurrentIndex(1);
    const int row = 3;
    const quint64 seed = table->model()->index(row, SeedOutcomeModel::SeedColumn).data().toULongLong();
    panel.openSeedRun(table->model()->index(row, 0));
    QVERIFY(waitFor([&] { return window.controller()->state() == RunController::State::Finished; }));

    const SupervisorConfig config = panel.result()->spec.configFor(1, seed);
    QCOMPARE(window.controller()->config(), config);
    QCOMPARE(window.controls()->scenarioName(), u"explore: fixed 700 ms, seed %1"_s.arg(seed));
    const std::shared_ptr<const EventLog> shown = window.timelineModel()->log();
    QVERIFY(shown);
    QCOMPARE(shown, window.controller()->log());
    QCOMPARE(shown->header().seed, seed);
    VirtualRuntime runtime(config);
    runtime.run();
    QCOMPARE(shown->header(), runtime.log()->header());
    QCOMPARE(shown->events(), runtime.log()->events());
    QCOMPARE(SeedOutcome::measure(*shown, panel.result()->spec.horizonUs()),
        panel.result()->policies.at(1).outcomes.at(int(seed - panel.result()->spec.firstSeed)));
}

void TestExplorerPanel::theChartDrawsEachPolicyInItsColour()
{
    TestedPanel tested;
    ExplorerPanel &panel = tested.panel;
    panel.setCurrentConfig(windowConfig({ u"delay=20"_s }));
    panel.addCurrentPolicy();
    panel.setCurrentConfig(windowConfig({ u"delay=2000"_s }));
    panel.addCurrentPolicy();
    setSmallWorkload(panel, 20, 0.6);
    QVERIFY(runToEnd(panel));

    DistributionChart *chart = panel.chart();
    auto *measure = field<QComboBox>(panel, u"measure"_s);
    chart->resize(640, 320);
    QCOMPARE(measure->count(), DistributionChart::measures().size());
    for (int choice = 0; choice < 3; ++choice) { // availability, restarts per hour, longest outage
        measure->setCurrentIndex(choice);
        QCOMPARE(chart->measure(), DistributionChart::measures().at(choice));
        const QImage image = chart->grab().toImage();
        for (int slot = 0; slot < 3; ++slot) {
            QCOMPARE(chart->values(slot).size(), 20);
            const QRect area = chart->slotRect(slot);
            QVERIFY(area.width() > 100);
            for (int policy = 0; policy < 3; ++policy) {
                const int pixels = countColour(image, area, chart->policyColor(policy));
                QVERIFY2(policy == slot ? pixels > 40 : pixels == 0,
                    qPrintable(u"%1: policy %2 has %3 pixels in slot %4"_s
                                   .arg(DistributionChart::measureName(chart->measure()))
                                   .arg(policy)
                                   .arg(pixels)
                                   .arg(slot)));
            }
        }
    }
    // A longer delay means longer outages: the slower policy's median sits higher up the chart.
    const auto median = [&](int policy) { return DistributionChart::boxOf(chart->values(policy)).p50; };
    QVERIFY(median(2) > median(1));
}

void TestExplorerPanel::theChartShowsMedianWhiskersAndOutliers()
{
    // One policy whose 40 seeds spread evenly from 0 % to 100 % availability.
    ExplorationResult result;
    result.policies << ExplorationResult::Policy { u"even"_s, {}, {} };
    for (int seed = 0; seed < 40; ++seed) {
        SeedOutcome outcome;
        outcome.seed = quint64(seed);
        outcome.availability = seed / 39.0;
        result.policies[0].outcomes << outcome;
    }
    DistributionChart chart;
    chart.resize(400, 400);
    chart.setResult(result);
    const DistributionChart::Box box = DistributionChart::boxOf(chart.values(0));
    QCOMPARE(box.p5, 1 / 39.0); // nearest rank: the 2nd of 40
    QCOMPARE(box.p50, 19 / 39.0);
    QCOMPARE(box.p95, 37 / 39.0);
    QCOMPARE(chart.yOf(0.0), chart.plotRect().bottom());
    QCOMPARE(chart.yOf(1.0), chart.plotRect().top());

    const QImage image = chart.grab().toImage();
    const QColor colour = chart.policyColor(0);
    const QRect slot = chart.slotRect(0);
    const auto row = [&](double value) {
        return countColour(image, QRect(slot.left(), chart.yOf(value), slot.width(), 1), colour);
    };
    const int boxWidth = std::clamp(slot.width() * 2 / 5, 12, 96);
    QVERIFY2(row(box.p50) >= boxWidth, qPrintable(QString::number(row(box.p50))));
    QVERIFY(row((box.p50 + box.p75) / 2) <= 4); // inside the box: its two sides, no more
    QVERIFY(row((box.p5 + box.p25) / 2) >= 1 && row((box.p5 + box.p25) / 2) <= 3); // the whisker
    QVERIFY(row(box.p5) >= boxWidth / 2 - 2); // its cap
    // Three seeds lie beyond the whiskers: 0 %, and the two above p95.
    for (const double outlier : { 0.0, 38 / 39.0, 1.0 })
        QVERIFY2(row(outlier) >= 2, qPrintable(QString::number(outlier)));
    QCOMPARE(countColour(image, QRect(slot.left(), chart.yOf(0.5 / 39.0), slot.width(), 1), colour), 0);
}

void TestExplorerPanel::everyControlExplainsItself()
{
    TestedPanel tested;
    ExplorerPanel &panel = tested.panel;
    int controls = 0;
    for (QWidget *widget : panel.findChildren<QWidget *>()) {
        if (!qobject_cast<QAbstractButton *>(widget) && !qobject_cast<QComboBox *>(widget)
            && !qobject_cast<QAbstractSpinBox *>(widget) && !qobject_cast<QAbstractItemView *>(widget)
            && !qobject_cast<QProgressBar *>(widget))
            continue;
        if (partOfAControl(widget, &panel))
            continue;
        ++controls;
        QVERIFY2(!widget->toolTip().isEmpty(),
            qPrintable(u"%1 %2"_s.arg(QString::fromLatin1(widget->metaObject()->className()), widget->objectName())));
    }
    QVERIFY2(controls >= 15, qPrintable(QString::number(controls)));
    for (QAction *action : panel.findChildren<QAction *>())
        QVERIFY2(action->text().isEmpty() || !action->toolTip().isEmpty(), qPrintable(action->text()));
    for (int section = 0; section < panel.policies()->columnCount(); ++section)
        QVERIFY(!panel.policies()->headerData(section, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
}

void TestExplorerPanel::figuresReadWell_data()
{
    QTest::addColumn<QString>("shown");
    QTest::addColumn<QString>("expected");
    const auto duration = [](qint64 us, const QString &expected) {
        QTest::addRow("%lld us", us) << ExplorationFigures::duration(us) << expected;
    };
    duration(0, u"0 ms"_s);
    duration(1'500, u"1.5 ms"_s);
    duration(9'000, u"9 ms"_s);
    duration(99'500, u"100 ms"_s);
    duration(520'000, u"520 ms"_s);
    duration(1'900'000, u"1.9 s"_s);
    duration(2'000'000, u"2 s"_s);
    duration(59'600'000, u"1 min"_s);
    duration(1'860'000'000, u"31 min"_s);
    duration(9'000'000'000, u"2.5 h"_s);
    duration(200'000'000'000, u"2.3 d"_s);
    const auto percent = [](double share, const QString &expected) {
        QTest::addRow("share %g", share) << ExplorationFigures::percent(share) << expected;
    };
    percent(0, u"0 %"_s);
    percent(1e-7, u"0.00001 %"_s);
    percent(0.25, u"25.0 %"_s);
    percent(0.97312, u"97.3 %"_s);
    percent(0.99951, u"99.95 %"_s);
    percent(0.9999999, u"99.99999 %"_s);
    percent(1, u"100 %"_s);
    QTest::newRow("many per hour") << ExplorationFigures::perHour(8998.3) << u"8998 per hour"_s;
    QTest::newRow("tens per hour") << ExplorationFigures::perHour(12.46) << u"12.5 per hour"_s;
    QTest::newRow("none per hour") << ExplorationFigures::perHour(0) << u"0.00 per hour"_s;
}

void TestExplorerPanel::figuresReadWell()
{
    QFETCH(QString, shown);
    QFETCH(QString, expected);
    QCOMPARE(shown, expected);
}

// The window after the comparison the explorer was made for, saved where SUPERVISORLAB_EXPLORER_PICTURE says
// (and held on screen for SUPERVISORLAB_EXPLORER_HOLD_MS, for a screenshot of the real window).
void TestExplorerPanel::pictureOfAComparison()
{
    const QString path = qEnvironmentVariable("SUPERVISORLAB_EXPLORER_PICTURE");
    if (path.isEmpty())
        QSKIP("set SUPERVISORLAB_EXPLORER_PICTURE to a .png path to take the picture");
    const QStringList workload { u"workers=4"_s, u"failure_rate=0.3"_s, u"work_min=200"_s, u"work_max=2000"_s,
        u"max_restarts=225"_s, u"within=60000"_s };
    MainWindow window;
    window.setConfig(windowConfig(workload + QStringList { u"delay=500"_s }), u"custom"_s);
    window.resize(1600, 1000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.findChild<QAction *>(u"explorePolicies"_s)->trigger();
    ExplorerPanel &panel = *window.explorer();
    panel.setCurrentConfig(windowConfig(
        workload + QStringList { u"backoff=exponential"_s, u"jitter=full"_s, u"delay=100"_s, u"max_delay=30000"_s }));
    panel.addCurrentPolicy();
    QCOMPARE(field<QSpinBox>(panel, u"seeds"_s)->value(), 200);
    QCOMPARE(field<QComboBox>(panel, u"horizon"_s)->currentText(), u"1 h"_s);
    QVERIFY(runToEnd(panel, 3 * kPatienceMs)); // every core's share of a big exploration
    QTest::qWait(200);
    QVERIFY(window.grab().save(path));
    QTest::qWait(qEnvironmentVariableIntValue("SUPERVISORLAB_EXPLORER_HOLD_MS"));

    // The other views of the same results, beside it.
    const QString base = path.chopped(4);
    field<QComboBox>(panel, u"measure"_s)->setCurrentIndex(3);
    QVERIFY(panel.grab().save(base + u"-give-up.png"_s));
    field<QTabWidget>(panel, u"explorerTabs"_s)->setCurrentIndex(1);
    field<QComboBox>(panel, u"seedPolicy"_s)->setCurrentIndex(1);
    panel.seedTable()->sortByColumn(SeedOutcomeModel::GaveUpAtColumn, Qt::AscendingOrder);
    QVERIFY(panel.grab().save(base + u"-seeds.png"_s));
}

namespace {

bool writeText(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

const QByteArray kTwoPolicies = R"({
    "description": "Fixed delay against backoff with jitter",
    "horizon": 120000, "seeds": 30, "first_seed": 5,
    "workload": { "workers": 3, "failure_rate": 0.4, "failure_mode": "mixed", "work_min": 150, "work_max": 900 },
    "policies": [
        { "name": "fixed 700", "config": { "delay": 700 } },
        { "name": "jittered", "config": { "backoff": "exponential", "delay": 100, "max_delay": 5000, "jitter": "full" } }
    ] })";

} // namespace

void TestExplorerPanel::openingASpecFileFillsThePanel()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"two.json"_s);
    QVERIFY(writeText(path, kTwoPolicies));
    TestedPanel tested;
    ExplorerPanel &panel = tested.panel;
    QVERIFY(panel.openSpecButton()->isEnabled());

    QString error;
    QVERIFY2(panel.openSpecFile(path, &error), qPrintable(error));
    const std::optional<ExplorationSpec> file = ExplorationSpec::load(path, &error);
    QVERIFY(file);
    const std::optional<ExplorationSpec> shown = panel.spec(&error);
    QVERIFY2(shown, qPrintable(error));
    // What runs is what the file says: the same runs, the same names, the same seeds.
    QCOMPARE(shown->description, file->description);
    QCOMPARE(shown->horizonMs, 120'000);
    QCOMPARE(shown->seeds, 30);
    QCOMPARE(shown->firstSeed, quint64(5));
    QCOMPARE(shown->workload, file->workload);
    QCOMPARE(shown->policies.size(), 2);
    for (int policy = 0; policy < 2; ++policy) {
        QCOMPARE(shown->policies.at(policy).name, file->policies.at(policy).name);
        for (const quint64 seed : { quint64(5), quint64(34) })
            QCOMPARE(shown->configFor(policy, seed), file->configFor(policy, seed));
    }
    QCOMPARE(field<QComboBox>(panel, u"horizon"_s)->currentText(), ExplorationFigures::duration(120'000'000));
    QVERIFY2(panel.statusText().contains(u"Fixed delay against backoff with jitter"_s), qPrintable(panel.statusText()));
    QVERIFY(panel.runButton()->isEnabled());
}

void TestExplorerPanel::aSpecWithATreeKeepsItsTree()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"tree.json"_s);
    QVERIFY(writeText(path, R"({ "seeds": 4, "horizon": 60000,
        "workload": { "failure_rate": 0.3, "tree": { "name": "app", "strategy": "one-for-all", "children": [
            { "name": "conn", "count": 2 }, { "name": "web" } ] } },
        "policies": [ { "name": "only", "config": { "delay": 200 } } ] })"));
    TestedPanel tested;
    ExplorerPanel &panel = tested.panel;
    QString error;
    QVERIFY2(panel.openSpecFile(path, &error), qPrintable(error));
    const std::optional<ExplorationSpec> shown = panel.spec(&error);
    QVERIFY2(shown, qPrintable(error));
    QCOMPARE(shown->workload, ExplorationSpec::load(path, &error)->workload);
    QVERIFY(shown->workload.contains(u"tree"_s));
    QCOMPARE(field<QSpinBox>(panel, u"workers"_s)->value(), 3);
    QVERIFY(!field<QSpinBox>(panel, u"workers"_s)->isEnabled()); // the tree says how many

    QVERIFY(runToEnd(panel));
    QVERIFY(panel.result().has_value());
    QCOMPARE(panel.result()->spec, *shown);

    // The window's workload replaces the file's, tree and all.
    panel.takeCurrentWorkload();
    QVERIFY(!panel.spec()->workload.contains(u"tree"_s));
    QVERIFY(field<QSpinBox>(panel, u"workers"_s)->isEnabled());
}

void TestExplorerPanel::aSpecFileThatCannotBeOpenedChangesNothing()
{
    QTemporaryDir dir;
    const QString notJson = dir.filePath(u"notes.json"_s);
    QVERIFY(writeText(notJson, "policies: fixed"));
    const QString unknownKey = dir.filePath(u"typo.json"_s);
    QVERIFY(writeText(unknownKey, R"({ "policies": [ { "name": "a", "config": { "dealy": 100 } } ] })"));
    const QString tooMany = dir.filePath(u"many.json"_s);
    QVERIFY(writeText(tooMany, R"({ "seeds": 500000, "policies": [ { "name": "a", "config": {} } ] })"));
    const QString missing = dir.filePath(u"missing.json"_s);

    TestedPanel tested;
    ExplorerPanel &panel = tested.panel;
    const std::optional<ExplorationSpec> before = panel.spec();
    QVERIFY(before);
    for (const QString &path : { notJson, unknownKey, tooMany, missing }) {
        QString error;
        QVERIFY(!panel.openSpecFile(path, &error));
        QVERIFY2(error.startsWith(path), qPrintable(error));
        QCOMPARE(*panel.spec(), *before);
    }
    QString error;
    panel.openSpecFile(unknownKey, &error);
    QVERIFY2(error.contains(u"dealy"_s), qPrintable(error));
    panel.openSpecFile(tooMany, &error);
    QVERIFY2(error.contains(u"seeds"_s) && error.contains(u"--explore"_s), qPrintable(error));
}

void TestExplorerPanel::exportWritesWhatTheCommandLineWrites()
{
    QTemporaryDir dir;
    TestedPanel tested;
    ExplorerPanel &panel = tested.panel;
    QString error;
    QVERIFY(!panel.exportButton()->isEnabled()); // nothing to export yet
    QVERIFY(!panel.exportResultsFile(dir.filePath(u"early.csv"_s), &error));
    QVERIFY2(error.contains(u"run an exploration first"_s), qPrintable(error));

    setSmallWorkload(panel, 6);
    QVERIFY(runToEnd(panel));
    QVERIFY(panel.exportButton()->isEnabled());
    for (const QString &name : { u"results.csv"_s, u"results.json"_s }) {
        const QString path = dir.filePath(name);
        QVERIFY2(panel.exportResultsFile(path, &error), qPrintable(error));
        QBuffer expected;
        expected.open(QIODevice::WriteOnly);
        if (name.endsWith(u".csv"_s))
            QVERIFY(ExplorationExport::writeCsv(*panel.result(), expected));
        else
            QVERIFY(ExplorationExport::writeJson(*panel.result(), expected));
        QFile written(path);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(written.readAll(), expected.data());
    }
    const QString text = dir.filePath(u"results.txt"_s);
    QVERIFY(!panel.exportResultsFile(text, &error));
    QVERIFY2(error.startsWith(text) && error.contains(u".csv or .json"_s), qPrintable(error));
    QVERIFY(!QFile::exists(text));
}

void TestExplorerPanel::progressSaysHowLongIsLeft_data()
{
    QTest::addColumn<int>("done");
    QTest::addColumn<int>("total");
    QTest::addColumn<qint64>("elapsedMs");
    QTest::addColumn<int>("policies");
    QTest::addColumn<QString>("text");
    QTest::newRow("the example") << 312 << 1000 << qint64(18'300) << 1 << u"312 of 1 000 seeds · about 41 s left"_s;
    QTest::newRow("too early to tell") << 4 << 1000 << qint64(500) << 1 << u"4 of 1 000 seeds"_s;
    QTest::newRow("at the start") << 0 << 200 << qint64(0) << 1 << u"0 of 200 seeds"_s;
    QTest::newRow("done") << 200 << 200 << qint64(9'000) << 1 << u"200 of 200 seeds"_s;
    QTest::newRow("minutes") << 10'000 << 100'000 << qint64(60'000) << 1
                             << u"10 000 of 100 000 seeds · about 9 min left"_s;
    QTest::newRow("hours") << 1'000 << 391'000 << qint64(60'000) << 4 << u"1 000 of 391 000 runs · about 6.5 h left"_s;
    QTest::newRow("nearly there") << 999 << 1000 << qint64(100'000) << 1
                                  << u"999 of 1 000 seeds · less than a second left"_s;
}

void TestExplorerPanel::progressSaysHowLongIsLeft()
{
    QFETCH(int, done);
    QFETCH(int, total);
    QFETCH(qint64, elapsedMs);
    QFETCH(int, policies);
    QFETCH(QString, text);
    QCOMPARE(ExplorerPanel::progressText(done, total, elapsedMs, policies), text);
}

void TestExplorerPanel::theProgressBarSaysHowLongIsLeftWhileItRuns()
{
    TestedPanel tested;
    ExplorerPanel &panel = tested.panel;
    qint64 nowMs = 0;
    panel.setElapsedClock([&nowMs] { return nowMs; });
    // Long enough to be going on while the test looks: a day's horizon, many seeds.
    field<QComboBox>(panel, u"horizon"_s)->setCurrentIndex(field<QComboBox>(panel, u"horizon"_s)->count() - 1);
    field<QSpinBox>(panel, u"seeds"_s)->setValue(ExplorerPanel::kMaxSeeds);
    QSignalSpy running(&panel, &ExplorerPanel::runningChanged);
    panel.run();
    QVERIFY(panel.isRunning());
    QCOMPARE(panel.progressBar()->format(), u"0 of 100 000 seeds"_s);
    nowMs = 2'000;
    emit panel.explorer()->progress(3, ExplorerPanel::kMaxSeeds); // too few runs to tell
    QCOMPARE(panel.progressBar()->format(), u"3 of 100 000 seeds"_s);
    nowMs = 20'000;
    emit panel.explorer()->progress(25'000, ExplorerPanel::kMaxSeeds);
    QCOMPARE(panel.progressBar()->format(), u"25 000 of 100 000 seeds · about 60 s left"_s);
    QVERIFY(!panel.openSpecButton()->isEnabled()); // what runs stays what is shown
    panel.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(!panel.isRunning(), kPatienceMs);
}

QTEST_MAIN(TestExplorerPanel)
#include "tst_explorerpanel.moc"
