#include "statisticspanel.h"

#include "analysis/timeaxis.h"
#include "dependencystatisticsmodel.h"
#include "events/eventlog.h"
#include "restartratechart.h"
#include "statecolors.h"
#include "statisticsmodel.h"
#include "subtreestatisticsmodel.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

// Sorts by the model's raw numbers and keeps the "All" row at the bottom in either order.
class TotalLastProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override
    {
        const bool leftIsTotal = left.data(StatisticsModel::IsTotalRole).toBool();
        const bool rightIsTotal = right.data(StatisticsModel::IsTotalRole).toBool();
        if (leftIsTotal != rightIsTotal)
            return sortOrder() == Qt::AscendingOrder ? rightIsTotal : leftIsTotal;
        return QSortFilterProxyModel::lessThan(left, right);
    }
};

const QString kUndefined = u"—"_s;

QString failuresText(const RunStatistics::Measures &total)
{
    if (total.failures() == 0)
        return u"0"_s;
    const qint64 program = total.failures(FailureKind::ExitStatus) + total.failures(FailureKind::Signal)
        + total.failures(FailureKind::CannotStart);
    if (program == total.failures()) // a run of real programs alone
        return u"%1 (%2 exit status, %3 signal, %4 cannot start)"_s.arg(QString::number(total.failures()),
            QString::number(total.failures(FailureKind::ExitStatus)),
            QString::number(total.failures(FailureKind::Signal)),
            QString::number(total.failures(FailureKind::CannotStart)));
    QString text = u"%1 (%2 error, %3 exception, %4 hang"_s.arg(QString::number(total.failures()),
        QString::number(total.failures(FailureKind::Error)), QString::number(total.failures(FailureKind::Exception)),
        QString::number(total.failures(FailureKind::Hang)));
    const qint64 world = total.failures(FailureKind::DependencyDown) + total.failures(FailureKind::Overloaded);
    if (world > 0)
        text += u", %1 dependency down, %2 overloaded"_s.arg(total.failures(FailureKind::DependencyDown))
                    .arg(total.failures(FailureKind::Overloaded));
    if (program > 0)
        text += u", %1 exit status, %2 signal, %3 cannot start"_s.arg(total.failures(FailureKind::ExitStatus))
                    .arg(total.failures(FailureKind::Signal))
                    .arg(total.failures(FailureKind::CannotStart));
    return text + u')';
}

} // namespace

StatisticsPanel::StatisticsPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new StatisticsModel(&m_statistics, this))
    , m_sorted(new TotalLastProxy(this))
    , m_table(new QTableView(this))
    , m_chart(new RestartRateChart(this))
    , m_dependencyModel(new DependencyStatisticsModel(&m_statistics, this))
    , m_subtreeModel(new SubtreeStatisticsModel(&m_statistics, this))
{
    // The window shows no recovery-time percentiles: keeping every recovery time would grow with a long run.
    m_statistics.setKeepsRecoveryTimes(false);
    auto *summary = new QGridLayout;
    summary->setHorizontalSpacing(12);
    summary->setVerticalSpacing(2);
    m_runTime = addSummaryRow(summary, 0, 0, u"Run time"_s,
        u"Time since the run began, on the run's own clock (virtual or real)."_s, u"runTimeValue"_s);
    m_restarts = addSummaryRow(summary, 1, 0, u"Restarts"_s,
        StatisticsModel::explanation(StatisticsModel::RestartsColumn), u"restartsValue"_s);
    m_failures = addSummaryRow(summary, 2, 0, u"Failures"_s,
        StatisticsModel::explanation(StatisticsModel::FailuresColumn), u"failuresValue"_s);
    m_completions = addSummaryRow(summary, 3, 0, u"Completions"_s,
        StatisticsModel::explanation(StatisticsModel::CompletionsColumn), u"completionsValue"_s);
    m_availability = addSummaryRow(summary, 0, 1, u"Availability"_s,
        StatisticsModel::explanation(StatisticsModel::AvailabilityColumn), u"availabilityValue"_s);
    m_mtbf = addSummaryRow(
        summary, 1, 1, u"MTBF"_s, StatisticsModel::explanation(StatisticsModel::MtbfColumn), u"mtbfValue"_s);
    m_mttr = addSummaryRow(
        summary, 2, 1, u"MTTR"_s, StatisticsModel::explanation(StatisticsModel::MttrColumn), u"mttrValue"_s);
    m_rateNow = addSummaryRow(summary, 3, 1, u"Restart rate now"_s,
        u"Restarts per second over the last second (restarts done, counted in tenths of a second), the rate the "
        u"chart draws: a high rate that persists is a restart storm, which restart intensity limits exist to stop. "
        u"It shows — once the run is over: a finished run has no now."_s,
        u"rateNowValue"_s);
    summary->setColumnStretch(1, 1);
    summary->setColumnStretch(3, 1);

    m_state = new QLabel(this);
    m_state->setObjectName(u"stateValue"_s);
    m_state->setWordWrap(true);
    m_state->setVisible(false);
    m_state->setToolTip(u"What the supervisor is doing about failures right now: whether it gave up, and which "
                        u"workers' circuit breakers are holding restarts back."_s);

    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(StatisticsModel::SortRole);
    m_table->setModel(m_sorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(StatisticsModel::WorkerColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    // Widths from the fonts and the widest text a column can show, not from the figures of the moment: the table
    // keeps its shape as counts grow, and the worker column takes what is left.
    fitColumns();

    m_chart->setStatistics(&m_statistics);

    m_dependencies = sideTable(m_dependencyModel, u"dependencyStatistics"_s, u"Dependencies"_s);

    m_subtrees = sideTable(m_subtreeModel, u"subtreeStatistics"_s, u"Supervisors"_s);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(summary);
    layout->addWidget(m_state);
    // The user decides how much room the table and the chart get; a handful of workers leaves the table mostly
    // empty, hundreds need it all.
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_subtrees);
    splitter->addWidget(m_dependencies);
    splitter->addWidget(m_chart);
    splitter->setChildrenCollapsible(false);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    showSummary(0);
}

StatisticsPanel::~StatisticsPanel() = default;

int StatisticsPanel::columnWidth(int column) const
{
    const QHeaderView *header = m_table->horizontalHeader();
    // The header's own measure of its section: text, icon, sort indicator and margins.
    const int headerWidth = header->sectionSizeHint(column);
    QFont bold = m_table->font(); // the "All" row is bold
    bold.setBold(true);
    const int margin = 2 * (m_table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_table) + 1) + 6;
    const int valueWidth
        = QFontMetrics(bold).horizontalAdvance(StatisticsModel::widestText(StatisticsModel::Column(column))) + margin;
    return std::max(headerWidth, valueWidth);
}

void StatisticsPanel::fitColumns()
{
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(false);
    for (int column = 0; column < StatisticsModel::ColumnCount; ++column) {
        header->setSectionResizeMode(column, QHeaderView::Fixed);
        header->resizeSection(column, columnWidth(column));
    }
    header->setSectionResizeMode(StatisticsModel::WorkerColumn, QHeaderView::Stretch);
}

int StatisticsPanel::tableWidth() const
{
    int width = 2 * m_table->frameWidth() + m_table->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_table);
    for (int column = 0; column < StatisticsModel::ColumnCount; ++column)
        width += columnWidth(column);
    return width;
}

QSize StatisticsPanel::sizeHint() const
{
    const QMargins margins = layout()->contentsMargins();
    // Tall enough for the summary, a dozen workers and the chart.
    return { tableWidth() + margins.left() + margins.right() + 2, fontMetrics().lineSpacing() * 32 };
}

QSize StatisticsPanel::minimumSizeHint() const
{
    // The user may make the dock narrower than the table (it then scrolls sideways); the window must not be forced
    // wide by it. The layout's minimum depends on the labels' fixed widths only, not on what they say.
    return QWidget::minimumSizeHint();
}

QTableView *StatisticsPanel::sideTable(FigureTableModel *model, const QString &objectName, const QString &name)
{
    auto *table = new QTableView(this);
    table->setObjectName(objectName);
    table->setAccessibleName(name);
    table->setModel(model);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    // Shown only while it has rows, fitted when they come.
    const auto fit = [table, model] {
        table->resizeColumnsToContents();
        table->setVisible(model->rowCount() > 0);
    };
    connect(model, &QAbstractItemModel::rowsInserted, table, fit);
    connect(model, &QAbstractItemModel::modelReset, table, fit);
    table->setVisible(false);
    return table;
}

QLabel *StatisticsPanel::addSummaryRow(
    QGridLayout *grid, int row, int column, const QString &name, const QString &explanation, const QString &objectName)
{
    auto *nameLabel = new QLabel(name + u':', this);
    auto *valueLabel = new QLabel(this);
    valueLabel->setObjectName(objectName);
    // The text does not size the panel: a figure that grows must not widen the dock (and shrink the timeline).
    valueLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    valueLabel->setMinimumWidth(fontMetrics().horizontalAdvance(u"0000000"_s));
    valueLabel->setWordWrap(true);
    valueLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    nameLabel->setToolTip(explanation);
    valueLabel->setToolTip(explanation);
    grid->addWidget(nameLabel, row, column * 2);
    grid->addWidget(valueLabel, row, column * 2 + 1);
    return valueLabel;
}

void StatisticsPanel::setLog(std::shared_ptr<const EventLog> log)
{
    startOver(std::move(log));
    if (m_log)
        refresh(0);
}

void StatisticsPanel::startOver(std::shared_ptr<const EventLog> log)
{
    m_log = std::move(log);
    m_statistics.reset();
    m_shownEvents = -1;
    m_shownTimeUs = -1;
    m_model->reset();
    m_dependencyModel->reset();
    m_subtreeModel->reset();
    m_chart->setStatistics(&m_statistics);
    showSummary(0);
}

void StatisticsPanel::takeIn(qsizetype end)
{
    if (m_log)
        m_statistics.update(*m_log, end);
}

FeedView StatisticsPanel::feedView()
{
    return {
        .setLog = [this](const std::shared_ptr<const EventLog> &log) { startOver(log); }, // nothing taken in yet
        .takeIn = [this](qsizetype end) { takeIn(end); },
        .read = [this](qsizetype takenIn, qint64 nowUs) { refresh(nowUs, takenIn); },
    };
}

void StatisticsPanel::refresh(qint64 nowUs, qsizetype end)
{
    if (!m_log)
        return;
    m_statistics.update(*m_log, end);
    const qint64 timeUs = m_statistics.timeUs(nowUs);
    if (m_statistics.eventsTakenIn() == m_shownEvents && timeUs == m_shownTimeUs)
        return;
    m_shownEvents = m_statistics.eventsTakenIn();
    m_shownTimeUs = timeUs;
    m_model->refresh(timeUs);
    m_dependencyModel->refresh();
    m_subtreeModel->refreshAt(timeUs);
    m_chart->refresh(timeUs);
    showSummary(timeUs);
}

void StatisticsPanel::showSummary(qint64 nowUs)
{
    const RunStatistics::Measures total = m_statistics.total(nowUs);
    m_runTime->setText(m_log ? TimeAxis::formatDuration(m_statistics.timeUs(nowUs)) : kUndefined);
    m_restarts->setText(QString::number(total.restarts));
    m_failures->setText(failuresText(total));
    m_completions->setText(QString::number(total.completions));
    m_availability->setText(StatisticsModel::formatAvailability(total.availability));
    m_mtbf->setText(StatisticsModel::formatDuration(total.mtbfUs));
    m_mttr->setText(StatisticsModel::formatDuration(total.mttrUs));
    const std::optional<double> rateNow = m_statistics.restartRateNow(nowUs);
    m_rateNow->setText(rateNow ? RestartRateChart::rateText(*rateNow) + u"/s"_s : kUndefined);

    QStringList state;
    if (const auto gaveUpUs = m_statistics.gaveUpAtUs()) {
        state << u"The supervisor gave up at %1 (%2)."_s.arg(
            TimeAxis::formatDuration(*gaveUpUs), m_statistics.gaveUpReason());
    }
    if (m_statistics.openCircuits() > 0) {
        QStringList open;
        for (int worker = 0; worker < m_statistics.workerCount(); ++worker) {
            const RunStatistics::CircuitState circuit = m_statistics.circuit(worker);
            if (circuit != RunStatistics::CircuitState::Closed) {
                open << u"worker %1%2"_s.arg(worker).arg(
                    circuit == RunStatistics::CircuitState::HalfOpen ? u" (half-open)"_s : QString());
            }
        }
        state << u"Circuit open: %1."_s.arg(open.join(u", "_s));
    }
    const QString stateText = state.join(u' ');
    if (stateText != m_state->text()) {
        m_state->setText(stateText);
        QPalette palette = m_state->palette();
        palette.setColor(QPalette::WindowText, StateColors::color(StateColor::GaveUp, this->palette()));
        m_state->setPalette(palette);
        m_state->setVisible(!stateText.isEmpty());
    }
}

} // namespace SupervisorLab
