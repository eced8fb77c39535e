#include "explorer/explorerpanel.h"

#include "analysis/explorationexport.h"
#include "analysis/explorationfigures.h"
#include "analysis/explorer.h"
#include "explorer/distributionchart.h"
#include "explorer/explorationresultmodel.h"
#include "explorer/parametercelldelegate.h"
#include "explorer/policycolors.h"
#include "explorer/policytablemodel.h"
#include "explorer/seedoutcomemodel.h"
#include "policy/parameterspec.h"
#include "statecolors.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

QString seedsText(qint64 seeds)
{
    return QCoreApplication::translate("ExplorerPanel", "%n seed(s)", nullptr, int(seeds));
}

QString policiesText(qint64 policies)
{
    return QCoreApplication::translate("ExplorerPanel", "%n policy(ies)", nullptr, int(policies));
}

// "1 000 000": digits in groups of three, as the progress bar says them.
QString grouped(qint64 number)
{
    QString digits = QString::number(number);
    for (qsizetype at = digits.size() - 3; at > (number < 0 ? 1 : 0); at -= 3)
        digits.insert(at, u' ');
    return digits;
}

// "about 40 s left", "about 3 min left", "about 2.5 h left"; a little more than what is measured, never "0 s".
QString remaining(qint64 ms)
{
    const QLocale locale;
    if (ms < 1000)
        return QCoreApplication::translate("ExplorerPanel", "less than a second left");
    //: The time an exploration still needs, in seconds
    if (ms < 90'000)
        return QCoreApplication::translate("ExplorerPanel", "about %1 s left").arg(locale.toString((ms + 999) / 1000));
    //: The time an exploration still needs, in minutes
    if (ms < 90 * 60'000)
        return QCoreApplication::translate("ExplorerPanel", "about %1 min left")
            .arg(locale.toString((ms + 59'999) / 60'000));
    //: The time an exploration still needs, in hours
    return QCoreApplication::translate("ExplorerPanel", "about %1 h left")
        .arg(locale.toString(std::round(double(ms) / 360'000) / 10));
}

QTableView *newTable(QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    return table;
}

} // namespace

const QList<qint64> &ExplorerPanel::horizons()
{
    static const QList<qint64> list { 60'000, 600'000, 3'600'000, 6 * 3'600'000, 24 * 3'600'000 };
    return list;
}

ExplorerPanel::ExplorerPanel(QWidget *parent)
    : QWidget(parent)
    , m_explorer(new Explorer(this))
    , m_policies(new PolicyTableModel(this))
    , m_results(new ExplorationResultModel(this))
    , m_seedOutcomes(new SeedOutcomeModel(this))
    , m_sortedSeeds(new QSortFilterProxyModel(this))
{
    auto *setup = new QWidget;
    auto *setupLayout = new QVBoxLayout(setup);
    setupLayout->setContentsMargins(0, 0, 0, 0);
    setupLayout->addWidget(createPolicies(), 1);
    setupLayout->addWidget(createWorkload());

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(u"explorerSplitter"_s);
    splitter->addWidget(setup);
    splitter->addWidget(createResults());
    splitter->setChildrenCollapsible(false);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(createRunRow());
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);

    connect(m_explorer, &Explorer::progress, this, &ExplorerPanel::onProgress);
    connect(m_explorer, &Explorer::finished, this, &ExplorerPanel::onFinished);
    connect(m_explorer, &Explorer::cancelled, this, &ExplorerPanel::onCancelled);
    connect(m_explorer, &Explorer::failed, this, [this](const QString &why) {
        setRunning(false);
        QString sentence = why;
        sentence[0] = sentence[0].toUpper();
        //: %1 is why the exploration failed, as a sentence without its full stop
        showStatus(tr("%1. Fewer seeds or a shorter horizon need less.").arg(sentence));
    });
    connect(
        m_policies, &PolicyTableModel::editRefused, this, [this](const QString &reason) { showStatus(reason, true); });
    connect(m_policies, &PolicyTableModel::policiesChanged, this, &ExplorerPanel::updateRunState);
    m_elapsedMs = [this] { return m_runClock.isValid() ? m_runClock.elapsed() : 0; };
    setRunning(false);
}

ExplorerPanel::~ExplorerPanel() = default;

QWidget *ExplorerPanel::createPolicies()
{
    auto *box = new QGroupBox(tr("Policies"));
    m_policyTable = newTable(box);
    m_policyTable->setObjectName(u"policyTable"_s);
    m_policyTable->setAccessibleName(tr("Policies"));
    m_policyTable->setModel(m_policies);
    m_policyTable->setItemDelegate(new ParameterCellDelegate(PolicyTableModel::KeyRole, m_policyTable));
    m_policyTable->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
        | QAbstractItemView::SelectedClicked | QAbstractItemView::AnyKeyPressed);
    m_policyTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_policyTable->setToolTip(tr("One column per policy, one row per parameter. Double-click a cell to change it, a "
                                 "header to rename the policy. Values that differ from the first policy are bold."));
    m_policyTable->setAccessibleDescription(m_policyTable->toolTip());
    // Policies share the width equally, so that their values line up for comparison.
    m_policyTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_policyTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    connect(
        m_policyTable->horizontalHeader(), &QHeaderView::sectionDoubleClicked, this, &ExplorerPanel::editPolicyName);

    m_addPolicy = new QPushButton(QIcon::fromTheme(u"list-add"_s), tr("Add Current Policy"), box);
    m_addPolicy->setObjectName(u"addPolicy"_s);
    connect(m_addPolicy, &QPushButton::clicked, this, &ExplorerPanel::addCurrentPolicy);
    m_removePolicy = new QPushButton(QIcon::fromTheme(u"list-remove"_s), tr("Remove"), box);
    m_removePolicy->setObjectName(u"removePolicy"_s);
    m_removePolicy->setToolTip(tr("Remove the policy of the selected cell from the comparison"));
    m_removePolicy->setAccessibleName(tr("Remove policy"));
    m_removePolicy->setAccessibleDescription(m_removePolicy->toolTip());
    connect(m_removePolicy, &QPushButton::clicked, this, &ExplorerPanel::removeSelectedPolicy);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_addPolicy);
    buttons->addWidget(m_removePolicy);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_policyTable, 1);
    layout->addLayout(buttons);
    return box;
}

QWidget *ExplorerPanel::createWorkload()
{
    auto *box = new QGroupBox(tr("Workload"));
    const auto tipOf = [](const QString &key) { return findParameter(key)->description; };
    const auto changed = [this] { updateRunState(); };

    m_workers = new QSpinBox(box);
    m_workers->setObjectName(u"workers"_s);
    m_workers->setRange(1, int(SupervisorConfig::kMaxWorkers));
    m_workers->setToolTip(tipOf(u"workers"_s));
    connect(m_workers, &QSpinBox::valueChanged, this, changed);

    m_failureRate = new QDoubleSpinBox(box);
    m_failureRate->setObjectName(u"failure_rate"_s);
    m_failureRate->setRange(0, 1);
    m_failureRate->setDecimals(3);
    m_failureRate->setSingleStep(0.05);
    m_failureRate->setToolTip(tipOf(u"failure_rate"_s));
    connect(m_failureRate, &QDoubleSpinBox::valueChanged, this, changed);

    m_failureMode = new QComboBox(box);
    m_failureMode->setObjectName(u"failure_mode"_s);
    m_failureMode->addItems(findParameter(u"failure_mode"_s)->choices);
    m_failureMode->setToolTip(tipOf(u"failure_mode"_s));
    connect(m_failureMode, &QComboBox::currentIndexChanged, this, changed);

    const auto milliseconds = [&](const QString &key) {
        auto *spin = new QSpinBox(box);
        spin->setObjectName(key);
        spin->setRange(0, std::numeric_limits<int>::max());
        //: The unit after a number of milliseconds in a spin box, with its space
        spin->setSuffix(tr(" ms"));
        spin->setToolTip(tipOf(key));
        connect(spin, &QSpinBox::valueChanged, this, changed);
        return spin;
    };
    m_workMin = milliseconds(u"work_min"_s);
    m_workMax = milliseconds(u"work_max"_s);

    m_horizon = new QComboBox(box);
    m_horizon->setObjectName(u"horizon"_s);
    for (const qint64 ms : horizons())
        m_horizon->addItem(ExplorationFigures::duration(ms * 1000), ms);
    m_horizon->setCurrentIndex(int(horizons().indexOf(3'600'000)));
    m_horizon->setToolTip(tr("How long each run lasts, in virtual time: a give-up within this time counts"));
    connect(m_horizon, &QComboBox::currentIndexChanged, this, changed);

    m_seeds = new QSpinBox(box);
    m_seeds->setObjectName(u"seeds"_s);
    m_seeds->setRange(1, kMaxSeeds);
    m_seeds->setValue(kDefaultSeeds);
    m_seeds->setToolTip(tr("How many seeds each policy runs: every policy meets the same seeds, so the policies "
                           "face the same luck"));
    connect(m_seeds, &QSpinBox::valueChanged, this, changed);

    m_firstSeed = new QSpinBox(box);
    m_firstSeed->setObjectName(u"first_seed"_s);
    m_firstSeed->setRange(0, std::numeric_limits<int>::max());
    m_firstSeed->setValue(1);
    m_firstSeed->setToolTip(tr("The first seed; the runs use this one and the ones after it"));
    connect(m_firstSeed, &QSpinBox::valueChanged, this, changed);

    auto *takeCurrent = new QPushButton(QIcon::fromTheme(u"edit-undo"_s), tr("Current Workload"), box);
    takeCurrent->setObjectName(u"takeCurrentWorkload"_s);
    takeCurrent->setToolTip(tr("Take workers, failure rate, failure mode and work times from the window's controls"));
    takeCurrent->setAccessibleDescription(takeCurrent->toolTip());
    connect(takeCurrent, &QPushButton::clicked, this, &ExplorerPanel::takeCurrentWorkload);

    auto *workTimes = new QHBoxLayout;
    workTimes->addWidget(m_workMin);
    //: Between the shortest and the longest work time
    workTimes->addWidget(new QLabel(tr("to"), box));
    workTimes->addWidget(m_workMax);

    auto *grid = new QGridLayout(box);
    const auto addRow = [&](int row, int column, const QString &label, QWidget *field) {
        auto *name = new QLabel(label, box);
        name->setBuddy(field);
        name->setToolTip(field->toolTip());
        field->setAccessibleName(QString(label).remove(u'&'));
        field->setAccessibleDescription(field->toolTip());
        grid->addWidget(name, row, column * 2);
        grid->addWidget(field, row, column * 2 + 1);
    };
    addRow(0, 0, tr("&Workers"), m_workers);
    addRow(0, 1, tr("Failure &rate"), m_failureRate);
    addRow(1, 0, tr("Failure &mode"), m_failureMode);
    auto *workLabel = new QLabel(tr("Work &time"), box);
    workLabel->setBuddy(m_workMin);
    workLabel->setToolTip(tr("A run's work time is drawn uniformly from this range"));
    m_workMin->setAccessibleName(tr("Shortest work time"));
    m_workMax->setAccessibleName(tr("Longest work time"));
    grid->addWidget(workLabel, 1, 2);
    grid->addLayout(workTimes, 1, 3);
    addRow(2, 0, tr("&Horizon"), m_horizon);
    addRow(2, 1, tr("&Seeds"), m_seeds);
    addRow(3, 0, tr("&First seed"), m_firstSeed);
    grid->addWidget(takeCurrent, 3, 3, Qt::AlignRight);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    return box;
}

QWidget *ExplorerPanel::createRunRow()
{
    auto *row = new QWidget;
    m_run = new QPushButton(QIcon::fromTheme(u"media-playback-start"_s), tr("Run"), row);
    m_run->setObjectName(u"runExploration"_s);
    m_run->setToolTip(tr("Run every policy over every seed in virtual time, on every core; the window stays "
                         "responsive"));
    m_run->setAccessibleName(tr("Run exploration"));
    m_run->setAccessibleDescription(m_run->toolTip());
    connect(m_run, &QPushButton::clicked, this, &ExplorerPanel::run);
    m_cancel = new QPushButton(QIcon::fromTheme(u"process-stop"_s), tr("Cancel"), row);
    m_cancel->setObjectName(u"cancelExploration"_s);
    m_cancel->setToolTip(tr("Stop the exploration: runs under way end at their next step; the results shown "
                            "stay as they were"));
    m_cancel->setAccessibleName(tr("Cancel exploration"));
    m_cancel->setAccessibleDescription(m_cancel->toolTip());
    connect(m_cancel, &QPushButton::clicked, this, &ExplorerPanel::cancel);
    m_openSpec = new QPushButton(QIcon::fromTheme(u"document-open"_s), tr("&Open Spec…"), row);
    m_openSpec->setObjectName(u"openSpec"_s);
    m_openSpec->setToolTip(tr("Load an exploration spec file (as --explore takes): its policies, workload, horizon "
                              "and seeds"));
    m_openSpec->setAccessibleDescription(m_openSpec->toolTip());
    connect(m_openSpec, &QPushButton::clicked, this, &ExplorerPanel::chooseSpecFile);
    m_export = new QPushButton(QIcon::fromTheme(u"document-save-as"_s), tr("E&xport Results…"), row);
    m_export->setObjectName(u"exportResults"_s);
    m_export->setToolTip(tr("Save the results as --explore ... --export does: CSV, one row per policy and seed, or "
                            "JSON with the spec and every policy's summary (.csv or .json)"));
    m_export->setAccessibleDescription(m_export->toolTip());
    connect(m_export, &QPushButton::clicked, this, &ExplorerPanel::chooseExportFile);
    m_progress = new QProgressBar(row);
    m_progress->setObjectName(u"explorationProgress"_s);
    //: A progress bar's text: %v is the runs done, %m all runs
    m_progress->setFormat(tr("%v of %m runs"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setToolTip(tr("Runs finished out of all runs of the exploration"));
    m_progress->setAccessibleName(tr("Exploration progress"));
    m_progress->setAccessibleDescription(m_progress->toolTip());
    m_summary = new QLabel(row);
    m_summary->setObjectName(u"explorationSummary"_s);
    m_summary->setToolTip(tr("The runs of the results shown, how long they took and on how many threads"));
    m_summary->setAccessibleName(tr("Exploration summary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_status = new QLabel(this);
    m_status->setObjectName(u"explorerStatus"_s);
    m_status->setWordWrap(true);
    m_status->setVisible(false);
    m_status->setToolTip(tr("Why an edit was refused, or what the results shown are"));
    m_status->setAccessibleName(tr("Explorer status"));

    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_run);
    layout->addWidget(m_cancel);
    layout->addWidget(m_progress, 1);
    layout->addWidget(m_summary, 2);
    layout->addWidget(m_openSpec);
    layout->addWidget(m_export);
    return row;
}

QWidget *ExplorerPanel::createResults()
{
    m_resultTable = newTable(nullptr);
    m_resultTable->setObjectName(u"resultTable"_s);
    m_resultTable->setModel(m_results);
    m_resultTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_resultTable->setToolTip(tr("Each policy's figures over every seed; the best of each row is bold"));
    m_resultTable->setAccessibleName(tr("Results"));
    m_resultTable->setAccessibleDescription(m_resultTable->toolTip());
    // The table is as tall as its rows, and the distributions and seeds under it get the rest.
    const auto fitResults = [this] {
        m_resultTable->resizeColumnsToContents();
        m_resultTable->setMaximumHeight(m_resultTable->horizontalHeader()->sizeHint().height()
            + m_resultTable->verticalHeader()->length() + 2 * m_resultTable->frameWidth()
            + m_resultTable->style()->pixelMetric(QStyle::PM_ScrollBarExtent));
    };
    connect(m_results, &QAbstractItemModel::modelReset, m_resultTable, fitResults);
    fitResults();

    auto *distributions = new QWidget;
    m_measure = new QComboBox(distributions);
    m_measure->setObjectName(u"measure"_s);
    m_measure->setToolTip(tr("The measure whose spread over the seeds the chart shows"));
    m_measure->setAccessibleName(tr("Measure"));
    m_measure->setAccessibleDescription(m_measure->toolTip());
    for (const DistributionChart::Measure measure : DistributionChart::measures())
        m_measure->addItem(DistributionChart::measureName(measure), QVariant::fromValue(measure));
    m_chart = new DistributionChart(distributions);
    m_chart->setObjectName(u"distributionChart"_s);
    m_chart->setAccessibleName(tr("Distribution chart"));
    connect(m_measure, &QComboBox::currentIndexChanged, this,
        [this] { m_chart->setMeasure(m_measure->currentData().value<DistributionChart::Measure>()); });
    auto *measureRow = new QHBoxLayout;
    auto *measureLabel = new QLabel(tr("M&easure"), distributions);
    measureLabel->setBuddy(m_measure);
    measureRow->addWidget(measureLabel);
    measureRow->addWidget(m_measure);
    measureRow->addStretch(1);
    auto *distributionLayout = new QVBoxLayout(distributions);
    distributionLayout->setContentsMargins(2, 2, 2, 2);
    distributionLayout->addLayout(measureRow);
    distributionLayout->addWidget(m_chart, 1);

    auto *seeds = new QWidget;
    m_seedPolicy = new QComboBox(seeds);
    m_seedPolicy->setObjectName(u"seedPolicy"_s);
    m_seedPolicy->setToolTip(tr("The policy whose seeds the table lists"));
    m_seedPolicy->setAccessibleName(tr("Policy of the seeds"));
    m_seedPolicy->setAccessibleDescription(m_seedPolicy->toolTip());
    m_seedPolicy->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_seedPolicy, &QComboBox::currentIndexChanged, this, &ExplorerPanel::showSeedsOf);
    m_sortedSeeds->setSourceModel(m_seedOutcomes);
    m_sortedSeeds->setSortRole(SeedOutcomeModel::SortRole);
    m_seedTable = newTable(seeds);
    m_seedTable->setObjectName(u"seedTable"_s);
    m_seedTable->setModel(m_sortedSeeds);
    m_seedTable->setSortingEnabled(true);
    m_seedTable->sortByColumn(SeedOutcomeModel::SeedColumn, Qt::AscendingOrder);
    m_seedTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_seedTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_seedTable->verticalHeader()->hide();
    m_seedTable->setToolTip(tr("Every seed's outcome; click a header to sort and find the outliers, double-click a "
                               "row to open that run in the window"));
    m_seedTable->setAccessibleName(tr("Seeds"));
    m_seedTable->setAccessibleDescription(m_seedTable->toolTip());
    connect(m_seedTable, &QTableView::doubleClicked, this, &ExplorerPanel::openSeedRun);
    auto *seedRow = new QHBoxLayout;
    auto *seedLabel = new QLabel(tr("&Policy"), seeds);
    seedLabel->setBuddy(m_seedPolicy);
    seedRow->addWidget(seedLabel);
    seedRow->addWidget(m_seedPolicy);
    seedRow->addStretch(1);
    auto *seedLayout = new QVBoxLayout(seeds);
    seedLayout->setContentsMargins(2, 2, 2, 2);
    seedLayout->addLayout(seedRow);
    seedLayout->addWidget(m_seedTable, 1);

    auto *tabs = new QTabWidget;
    tabs->setObjectName(u"explorerTabs"_s);
    tabs->setAccessibleName(tr("Distributions and seeds"));
    tabs->addTab(distributions, tr("Distributions"));
    tabs->addTab(seeds, tr("Seeds"));
    tabs->setTabToolTip(0, tr("How a measure spreads over the seeds, per policy"));
    tabs->setTabToolTip(1, tr("Every seed's outcome under one policy"));
    distributions->setAccessibleName(tr("Distributions"));
    seeds->setAccessibleName(tr("Seeds"));

    auto *results = new QSplitter(Qt::Vertical);
    results->addWidget(m_resultTable);
    results->addWidget(tabs);
    results->setChildrenCollapsible(false);
    results->setStretchFactor(0, 0);
    results->setStretchFactor(1, 1);
    return results;
}

void ExplorerPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_filled)
        return;
    m_filled = true;
    if (m_policies->policyCount() == 0)
        addCurrentPolicy();
    takeCurrentWorkload();
}

void ExplorerPanel::setCurrentConfig(const SupervisorConfig &config)
{
    m_currentConfig = config;
}

void ExplorerPanel::addCurrentPolicy()
{
    m_policies->addPolicy(m_currentConfig);
    updateRunState();
}

void ExplorerPanel::removeSelectedPolicy()
{
    const QModelIndex current = m_policyTable->currentIndex();
    m_policies->removePolicy(current.isValid() ? current.column() : m_policies->policyCount() - 1);
    updateRunState();
}

void ExplorerPanel::takeCurrentWorkload()
{
    m_world = {};
    m_description.clear();
    m_workers->setEnabled(true);
    m_workers->setToolTip(findParameter(u"workers"_s)->description);
    m_workers->setValue(m_currentConfig.workers);
    m_failureRate->setValue(m_currentConfig.failureRate);
    m_failureMode->setCurrentText(nameOf(m_currentConfig.failureMode));
    m_workMin->setValue(int(std::min<qint64>(m_currentConfig.workMinMs, m_workMin->maximum())));
    m_workMax->setValue(int(std::min<qint64>(m_currentConfig.workMaxMs, m_workMax->maximum())));
}

void ExplorerPanel::editPolicyName(int section)
{
    QHeaderView *header = m_policyTable->horizontalHeader();
    auto *editor = new QLineEdit(m_policies->policyName(section), header->viewport());
    editor->setObjectName(u"policyNameEditor"_s);
    editor->setToolTip(tr("The policy's name, unique among the policies; Enter renames it"));
    editor->setAccessibleName(tr("Policy name"));
    editor->setGeometry(header->sectionViewportPosition(section), 0, header->sectionSize(section), header->height());
    editor->selectAll();
    editor->show();
    editor->setFocus();
    const QPointer<QLineEdit> guard(editor);
    connect(editor, &QLineEdit::editingFinished, this, [this, guard, section] {
        if (!guard || !guard->isVisible())
            return;
        guard->hide(); // editingFinished comes again when the focus leaves
        if (guard->isModified())
            m_policies->renamePolicy(section, guard->text());
        guard->deleteLater();
    });
}

std::optional<ExplorationSpec> ExplorerPanel::spec(QString *error) const
{
    QJsonArray policies;
    for (int policy = 0; policy < m_policies->policyCount(); ++policy) {
        policies.append(QJsonObject {
            { u"name"_s, m_policies->policyName(policy) }, { u"config"_s, m_policies->policyConfig(policy) } });
    }
    QJsonObject workload { { u"workers"_s, m_workers->value() }, { u"failure_rate"_s, m_failureRate->value() },
        { u"failure_mode"_s, m_failureMode->currentText() }, { u"work_min"_s, m_workMin->value() },
        { u"work_max"_s, m_workMax->value() } };
    for (auto it = m_world.begin(); it != m_world.end(); ++it)
        workload.insert(it.key(), it.value());
    QJsonObject object { { u"horizon"_s, m_horizon->currentData().toLongLong() }, { u"seeds"_s, m_seeds->value() },
        { u"first_seed"_s, m_firstSeed->value() }, { u"workload"_s, workload }, { u"policies"_s, policies } };
    if (!m_description.isEmpty())
        object.insert(u"description"_s, m_description);
    QString problem;
    std::optional<ExplorationSpec> made
        = ExplorationSpec::fromJson(QJsonDocument(object).toJson(QJsonDocument::Compact), u"Exploration"_s, &problem);
    if (error)
        *error = problem;
    return made;
}

bool ExplorerPanel::isRunning() const
{
    return m_explorer->isRunning();
}

void ExplorerPanel::run()
{
    QString error;
    const std::optional<ExplorationSpec> made = spec(&error);
    if (!made) {
        showStatus(error, true);
        return;
    }
    if (!m_explorer->start(*made))
        return;
    m_lastProgress = 0;
    m_runPolicies = int(made->policies.size());
    m_runClock.start();
    m_progress->setRange(0, made->runCount());
    m_progress->setValue(0);
    m_progress->setFormat(progressText(0, made->runCount(), 0, m_runPolicies));
    //: %1 is how many seeds, "200 seeds"; %2 how many policies, "2 policies"
    showStatus(tr("Exploring %1 × %2…").arg(seedsText(made->seeds), policiesText(made->policies.size())));
    setRunning(true);
}

void ExplorerPanel::cancel()
{
    m_explorer->cancel();
}

void ExplorerPanel::onProgress(int done, int total)
{
    m_lastProgress = done;
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    m_progress->setFormat(progressText(done, total, m_elapsedMs(), m_runPolicies));
}

QString ExplorerPanel::progressText(int done, int total, qint64 elapsedMs, int policies)
{
    // With one policy a run is a seed; with several the runs of every policy count.
    //: %1 and %2 are counts of runs (of every policy), done and in all
    const QString counted = policies > 1 ? tr("%1 of %2 runs").arg(grouped(done), grouped(total))
                                         //: %1 and %2 are counts of seeds, done and in all
                                         : tr("%1 of %2 seeds").arg(grouped(done), grouped(total));
    if (done < kEtaAfterRuns || done >= total || elapsedMs <= 0)
        return counted;
    const qint64 leftMs = qint64(double(elapsedMs) * double(total - done) / double(done));
    //: The progress: %1 what is done, "312 of 1 000 seeds"; %2 how long is left, "about 41 s left"
    return tr("%1 · %2").arg(counted, remaining(leftMs));
}

void ExplorerPanel::onFinished(const ExplorationResult &result)
{
    const int shownPolicy = std::max(0, seedPolicy());
    m_result = result;
    m_results->setResult(result);
    m_chart->setResult(result);
    {
        const QSignalBlocker blocker(m_seedPolicy);
        m_seedPolicy->clear();
        for (int policy = 0; policy < result.policies.size(); ++policy)
            m_seedPolicy->addItem(PolicyColors::swatch(policy, palette()), result.policies.at(policy).name);
    }
    showSeedsOf(std::min(shownPolicy, int(result.policies.size()) - 1));
    const ExplorationSpec &ran = result.spec;
    //: %1 is how many seeds, "200 seeds"; %2 how many policies, "2 policies"; %3 how long it took
    m_summary->setText(tr("%1 × %2 in %3 on %n thread(s)", nullptr, int(result.threads))
                           .arg(seedsText(ran.seeds), policiesText(ran.policies.size()),
                               ExplorationFigures::duration(result.elapsedMs * 1000)));
    setRunning(false);
}

void ExplorerPanel::onCancelled()
{
    setRunning(false);
    const QLocale locale;
    //: %1 and %2 are counts of runs, done and in all
    const QString cancelled = tr("Cancelled after %1 of %2 runs.")
                                  .arg(locale.toString(m_lastProgress), locale.toString(m_progress->maximum()));
    showStatus(cancelled + u' '
        + (m_result ? tr("The results shown are those of the exploration before.")
                    : tr("There are no results to show yet.")));
}

void ExplorerPanel::setRunning(bool running)
{
    m_cancel->setEnabled(running);
    m_openSpec->setEnabled(!running);
    m_export->setEnabled(!running && m_result.has_value());
    // What is shown is what runs: the policies and the workload wait for the exploration to end.
    m_addPolicy->parentWidget()->setEnabled(!running);
    m_workers->parentWidget()->setEnabled(!running);
    if (running)
        m_run->setEnabled(false);
    else
        updateRunState();
    emit runningChanged(running);
}

void ExplorerPanel::updateRunState()
{
    const bool full = m_policies->policyCount() >= ExplorationSpec::kMaxPolicies;
    m_addPolicy->setEnabled(!full);
    m_addPolicy->setToolTip(full
            ? tr("An exploration compares at most %1 policies: remove one first").arg(ExplorationSpec::kMaxPolicies)
            : tr("Add a column with the policy of the window's controls"));
    m_addPolicy->setAccessibleDescription(m_addPolicy->toolTip());
    m_removePolicy->setEnabled(m_policies->policyCount() > 1);
    if (isRunning())
        return;
    QString error;
    const std::optional<ExplorationSpec> made = spec(&error);
    m_run->setEnabled(made.has_value());
    if (!made && m_policies->policyCount() > 0)
        showStatus(error, true);
    else if (made && m_result && m_result->spec != *made)
        showStatus(tr("The policies or the workload changed since these results: Run again to update them."));
    else if (made)
        showStatus({});
}

void ExplorerPanel::showStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
    QPalette palette = this->palette();
    if (problem)
        palette.setColor(QPalette::WindowText, StateColors::color(StateColor::FailedError, this->palette()));
    m_status->setPalette(palette);
}

QString ExplorerPanel::statusText() const
{
    return m_status->text();
}

int ExplorerPanel::seedPolicy() const
{
    return m_seedPolicy->currentIndex();
}

void ExplorerPanel::showSeedsOf(int policy)
{
    if (!m_result || policy < 0 || policy >= m_result->policies.size()) {
        m_seedOutcomes->setOutcomes({});
        return;
    }
    if (m_seedPolicy->currentIndex() != policy) {
        m_seedPolicy->setCurrentIndex(policy); // which comes back here
        return;
    }
    m_seedOutcomes->setOutcomes(m_result->policies.at(policy).outcomes);
    m_seedTable->resizeColumnsToContents();
}

void ExplorerPanel::openSeedRun(const QModelIndex &sortedIndex)
{
    const int policy = seedPolicy();
    if (!m_result || !sortedIndex.isValid() || policy < 0 || policy >= m_result->policies.size())
        return;
    const quint64 seed = m_sortedSeeds->mapToSource(sortedIndex).data(SeedOutcomeModel::SeedRole).toULongLong();
    //: The label of a run opened from the explorer: %1 is the policy's name, %2 the seed
    emit runRequested(m_result->spec.configFor(policy, seed),
        tr("explore: %1, seed %2").arg(m_result->policies.at(policy).name, QString::number(seed)));
}

bool ExplorerPanel::openSpecFile(const QString &path, QString *error)
{
    const std::optional<ExplorationSpec> loaded = ExplorationSpec::load(path, error);
    if (!loaded)
        return false;
    const ExplorationSpec &spec = *loaded;
    // What the panel's own fields cannot hold is said, not cut: the command line runs such a spec.
    const QJsonObject &workload = spec.workload;
    const auto tooLarge = [&](const QString &what, qint64 value, qint64 limit) {
        //: %1 is the file, %2 the spec's key (seeds, first_seed...), %3 its value, %4 the most the explorer takes
        *error = tr("%1: %2 is %3, more than the window's explorer takes (%4); run it with --explore")
                     .arg(path, what, grouped(value), grouped(limit));
        return false;
    };
    if (spec.seeds > kMaxSeeds)
        return tooLarge(u"seeds"_s, spec.seeds, kMaxSeeds);
    if (spec.firstSeed > quint64(m_firstSeed->maximum()))
        return tooLarge(u"first_seed"_s, qint64(spec.firstSeed), m_firstSeed->maximum());
    for (QSpinBox *work : { m_workMin, m_workMax }) {
        if (workload.value(work->objectName()).toInteger() > work->maximum())
            return tooLarge(work->objectName(), workload.value(work->objectName()).toInteger(), work->maximum());
    }

    m_filled = true; // the first showing must not replace what was opened
    m_policies->setPolicies(spec);
    m_world = {};
    for (const QString &key : ExplorationSpec::worldKeys()) {
        if (workload.contains(key))
            m_world.insert(key, workload.value(key));
    }
    m_description = spec.description;
    m_workers->setValue(int(workload.value(u"workers"_s).toInteger()));
    // A tree says how many workers there are.
    m_workers->setEnabled(!m_world.contains(u"tree"_s));
    if (!m_workers->isEnabled())
        //: %1 is the spec file's name
        m_workers->setToolTip(tr("The workers of the tree in %1; Current Workload takes the window's instead")
                                  .arg(QFileInfo(path).fileName()));
    m_failureRate->setValue(workload.value(u"failure_rate"_s).toDouble());
    m_failureMode->setCurrentText(workload.value(u"failure_mode"_s).toString());
    m_workMin->setValue(int(workload.value(u"work_min"_s).toInteger()));
    m_workMax->setValue(int(workload.value(u"work_max"_s).toInteger()));
    int horizon = m_horizon->findData(spec.horizonMs);
    if (horizon < 0) {
        horizon = 0;
        while (horizon < m_horizon->count() && m_horizon->itemData(horizon).toLongLong() < spec.horizonMs)
            ++horizon;
        m_horizon->insertItem(horizon, ExplorationFigures::duration(spec.horizonMs * 1000), spec.horizonMs);
    }
    m_horizon->setCurrentIndex(horizon);
    m_seeds->setValue(spec.seeds);
    m_firstSeed->setValue(int(spec.firstSeed));
    updateRunState();
    const QString name = QFileInfo(path).fileName();
    //: %1 is the spec file's name; %2 its description, as the file says it
    showStatus(
        spec.description.isEmpty() ? tr("Opened %1.").arg(name) : tr("Opened %1: %2").arg(name, spec.description));
    return true;
}

bool ExplorerPanel::exportResultsFile(const QString &path, QString *error) const
{
    if (!m_result) {
        //: %1 is the file
        *error = tr("%1: there are no results to export yet: run an exploration first").arg(path);
        return false;
    }
    return ExplorationExport::save(*m_result, path, error);
}

void ExplorerPanel::chooseSpecFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Exploration Spec"), QString(), tr("Exploration specs (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!openSpecFile(path, &error))
        QMessageBox::warning(this, tr("Cannot open the exploration spec"), error);
}

void ExplorerPanel::chooseExportFile()
{
    QString filter;
    QString path = QFileDialog::getSaveFileName(this, tr("Export Exploration Results"), QString(),
        tr("CSV, one row per policy and seed (*.csv);;JSON, the spec and every summary (*.json)"), &filter);
    if (path.isEmpty())
        return;
    if (!ExplorationExport::formatFor(path))
        path += filter.contains(u"*.json"_s) ? u".json"_s : u".csv"_s;
    QString error;
    if (!exportResultsFile(path, &error))
        QMessageBox::warning(this, tr("Cannot export the results"), error);
}

} // namespace SupervisorLab
