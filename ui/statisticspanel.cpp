#include "statisticspanel.h"

#include "analysis/timeaxis.h"
#include "dependencystatisticsmodel.h"
#include "events/eventlog.h"
#include "events/readinglocale.h"
#include "restartratechart.h"
#include "statecolors.h"
#include "statisticsmodel.h"
#include "subtreestatisticsmodel.h"

#include <QCoreApplication>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QScrollBar>
#include <QSettings>
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
const QString kHiddenColumnsKey = u"statistics/hiddenColumns"_s;

// The names the settings keep the hidden columns by: a column added or moved later leaves them meaning the same.
QString columnKey(int column)
{
    static const QStringList keys { u"worker"_s, u"availability"_s, u"restarts"_s, u"failures"_s, u"errors"_s,
        u"exceptions"_s, u"hangs"_s, u"completions"_s, u"mtbf"_s, u"mttr"_s };
    static_assert(StatisticsModel::ColumnCount == 10, "a new column needs a key");
    return keys.value(column);
}

QString failuresText(const RunStatistics::Measures &total)
{
    const QLocale locale = readingLocale();
    const auto count = [&](std::optional<FailureKind> kind = std::nullopt) {
        return locale.toString(kind ? total.failures(*kind) : total.failures());
    };
    if (total.failures() == 0)
        return locale.toString(0);
    const qint64 program = total.failures(FailureKind::ExitStatus) + total.failures(FailureKind::Signal)
        + total.failures(FailureKind::CannotStart);
    if (program == total.failures()) { // a run of real programs alone
        //: The failures in all, then by kind
        return QCoreApplication::translate("StatisticsPanel", "%1 (%2 exit status, %3 signal, %4 cannot start)")
            .arg(count(), count(FailureKind::ExitStatus), count(FailureKind::Signal), count(FailureKind::CannotStart));
    }
    const bool world = total.failures(FailureKind::DependencyDown) + total.failures(FailureKind::Overloaded) > 0;
    const QString error = count(FailureKind::Error);
    const QString exception = count(FailureKind::Exception);
    const QString hang = count(FailureKind::Hang);
    if (world && program > 0) {
        //: The failures in all, then by kind
        return QCoreApplication::translate("StatisticsPanel",
            "%1 (%2 error, %3 exception, %4 hang, %5 dependency down, %6 overloaded, %7 exit status, %8 signal, "
            "%9 cannot start)")
            .arg(count(), error, exception, hang, count(FailureKind::DependencyDown), count(FailureKind::Overloaded),
                count(FailureKind::ExitStatus), count(FailureKind::Signal), count(FailureKind::CannotStart));
    }
    if (world) {
        //: The failures in all, then by kind
        return QCoreApplication::translate(
            "StatisticsPanel", "%1 (%2 error, %3 exception, %4 hang, %5 dependency down, %6 overloaded)")
            .arg(count(), error, exception, hang, count(FailureKind::DependencyDown), count(FailureKind::Overloaded));
    }
    if (program > 0) {
        //: The failures in all, then by kind
        return QCoreApplication::translate(
            "StatisticsPanel", "%1 (%2 error, %3 exception, %4 hang, %5 exit status, %6 signal, %7 cannot start)")
            .arg(count(), error, exception, hang, count(FailureKind::ExitStatus), count(FailureKind::Signal),
                count(FailureKind::CannotStart));
    }
    //: The failures in all, then by kind
    return QCoreApplication::translate("StatisticsPanel", "%1 (%2 error, %3 exception, %4 hang)")
        .arg(count(), error, exception, hang);
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
    setAccessibleName(tr("Statistics"));
    setAccessibleDescription(tr("The statistics of the current run: a summary, a table per worker, and the restart "
                                "rate over time"));
    m_runTime = addSummaryRow(summary, 0, 0, tr("Run time"),
        tr("Time since the run began, on the run's own clock (virtual or real)."), u"runTimeValue"_s);
    m_restarts = addSummaryRow(summary, 1, 0, tr("Restarts"),
        StatisticsModel::explanation(StatisticsModel::RestartsColumn), u"restartsValue"_s);
    m_failures = addSummaryRow(summary, 2, 0, tr("Failures"),
        StatisticsModel::explanation(StatisticsModel::FailuresColumn), u"failuresValue"_s);
    m_completions = addSummaryRow(summary, 3, 0, tr("Completions"),
        StatisticsModel::explanation(StatisticsModel::CompletionsColumn), u"completionsValue"_s);
    m_availability = addSummaryRow(summary, 0, 1, tr("Availability"),
        StatisticsModel::explanation(StatisticsModel::AvailabilityColumn), u"availabilityValue"_s);
    m_mtbf = addSummaryRow(summary, 1, 1, tr("MTBF", "mean time between failures"),
        StatisticsModel::explanation(StatisticsModel::MtbfColumn), u"mtbfValue"_s);
    m_mttr = addSummaryRow(summary, 2, 1, tr("MTTR", "mean time to recovery"),
        StatisticsModel::explanation(StatisticsModel::MttrColumn), u"mttrValue"_s);
    m_rateNow = addSummaryRow(summary, 3, 1, tr("Restart rate now"),
        tr("Restarts per second over the last second (restarts done, counted in tenths of a second), the rate the "
           "chart draws: a high rate that persists is a restart storm, which restart intensity limits exist to stop. "
           "It shows — once the run is over: a finished run has no now."),
        u"rateNowValue"_s);
    summary->setColumnStretch(1, 1);
    summary->setColumnStretch(3, 1);

    m_state = new QLabel(this);
    m_state->setObjectName(u"stateValue"_s);
    m_state->setWordWrap(true);
    m_state->setVisible(false);
    m_state->setToolTip(tr("What the supervisor is doing about failures right now: whether it gave up, and which "
                           "workers' circuit breakers are holding restarts back."));
    m_state->setAccessibleName(tr("Supervisor state"));

    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(StatisticsModel::SortRole);
    m_table->setModel(m_sorted);
    m_table->setObjectName(u"workerStatistics"_s);
    m_table->setAccessibleName(tr("Worker statistics"));
    m_table->setAccessibleDescription(tr("One row per worker and a last row with the totals of all workers: "
                                         "availability, restarts, failures by kind, completions, MTBF and MTTR"));
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(StatisticsModel::WorkerColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    // Widths from the fonts and the widest text a column can show, not from the figures of the moment: the table
    // keeps its shape as counts grow, and the worker column takes what is left.
    fitColumns();
    restoreShownColumns();
    // A right click reaches a scroll area through its viewport, in the viewport's coordinates.
    for (QAbstractScrollArea *area : { static_cast<QAbstractScrollArea *>(m_table),
             static_cast<QAbstractScrollArea *>(m_table->horizontalHeader()) }) {
        area->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(area, &QWidget::customContextMenuRequested, this, [this, area](const QPoint &at) {
            QMenu *menu = columnMenu(this);
            menu->setAttribute(Qt::WA_DeleteOnClose);
            menu->popup(area->viewport()->mapToGlobal(at));
        });
    }

    m_chart->setStatistics(&m_statistics);

    m_chart->setAccessibleName(tr("Restart rate chart"));

    m_dependencies = sideTable(m_dependencyModel, u"dependencyStatistics"_s, tr("Dependencies"));
    m_dependencies->setAccessibleDescription(
        tr("One row per shared dependency: whether it is up, its outages, the attempts it failed or refused, and "
           "how long the workers took to recover after it came back"));

    m_subtrees = sideTable(m_subtreeModel, u"subtreeStatistics"_s, tr("Supervisors"));
    m_subtrees->setAccessibleDescription(tr("One row per supervisor of the tree: whether it runs, its restarts and "
                                            "give-ups, and the figures of the workers below it"));

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
    // The header's own measure of its section: text (in bold, as a highlighted section shows it), icon, sort indicator
    // and the style's margins. fitColumns() keeps the header's minimum section size below it: Qt's default minimum is
    // the widest glyph of the font, which for some desktop fonts is ten digits wide and made every column that wide.
    const int headerWidth = header->sectionSizeHint(column);
    QFont bold = m_table->font(); // the "All" row is bold
    bold.setBold(true);
    // The item delegate's margins either side of a cell's text, and a few pixels to spare.
    const int margin = 2 * (m_table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_table) + 1) + 6;
    const int valueWidth
        = QFontMetrics(bold).horizontalAdvance(StatisticsModel::widestText(StatisticsModel::Column(column))) + margin;
    return std::max(headerWidth, valueWidth);
}

void StatisticsPanel::fitColumns()
{
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(false);
    header->setMinimumSectionSize(
        header->fontMetrics().horizontalAdvance(u"00"_s) + 2 * header->style()->pixelMetric(QStyle::PM_HeaderMargin));
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    for (int column = 0; column < StatisticsModel::ColumnCount; ++column) {
        header->setSectionResizeMode(column, QHeaderView::Fixed);
        header->resizeSection(column, columnWidth(column));
    }
    header->setSectionResizeMode(StatisticsModel::WorkerColumn, QHeaderView::Stretch);
}

int StatisticsPanel::tableWidth() const
{
    const QStyle *style = m_table->style();
    int width = 2 * m_table->frameWidth();
    if (!m_table->verticalHeader()->isHidden())
        width += m_table->verticalHeader()->sizeHint().width();
    // A vertical scroll bar, which comes as soon as the workers outnumber the rows in view; some styles put it
    // outside the frame, a little apart.
    width += style->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_table->verticalScrollBar());
    if (style->styleHint(QStyle::SH_ScrollView_FrameOnlyAroundContents, nullptr, m_table))
        width += style->pixelMetric(QStyle::PM_ScrollView_ScrollBarSpacing, nullptr, m_table);
    for (int column = 0; column < StatisticsModel::ColumnCount; ++column)
        width += isColumnShown(column) ? columnWidth(column) : 0;
    return width;
}

bool StatisticsPanel::isColumnShown(int column) const
{
    return !m_table->horizontalHeader()->isSectionHidden(column);
}

void StatisticsPanel::setColumnShown(int column, bool shown)
{
    if (column <= StatisticsModel::WorkerColumn || column >= StatisticsModel::ColumnCount
        || isColumnShown(column) == shown)
        return;
    m_table->horizontalHeader()->setSectionHidden(column, !shown);
    saveShownColumns();
    updateGeometry();
}

QMenu *StatisticsPanel::columnMenu(QWidget *parent)
{
    auto *menu = new QMenu(tr("Columns"), parent);
    menu->setObjectName(u"statisticsColumnMenu"_s);
    for (int column = StatisticsModel::WorkerColumn + 1; column < StatisticsModel::ColumnCount; ++column) {
        QAction *action = menu->addAction(StatisticsModel::fullName(StatisticsModel::Column(column)));
        action->setCheckable(true);
        action->setChecked(isColumnShown(column));
        action->setData(column);
        connect(action, &QAction::toggled, this, [this, column](bool shown) { setColumnShown(column, shown); });
    }
    menu->addSeparator();
    QAction *all = menu->addAction(tr("Show All Columns"));
    connect(all, &QAction::triggered, this, [this] {
        for (int column = StatisticsModel::WorkerColumn + 1; column < StatisticsModel::ColumnCount; ++column)
            setColumnShown(column, true);
    });
    return menu;
}

void StatisticsPanel::restoreShownColumns()
{
    const QStringList hidden = QSettings().value(kHiddenColumnsKey).toStringList();
    for (int column = StatisticsModel::WorkerColumn + 1; column < StatisticsModel::ColumnCount; ++column)
        m_table->horizontalHeader()->setSectionHidden(column, hidden.contains(columnKey(column)));
}

void StatisticsPanel::saveShownColumns() const
{
    QStringList hidden;
    for (int column = StatisticsModel::WorkerColumn + 1; column < StatisticsModel::ColumnCount; ++column) {
        if (!isColumnShown(column))
            hidden << columnKey(column);
    }
    QSettings settings;
    if (hidden.isEmpty())
        settings.remove(kHiddenColumnsKey);
    else
        settings.setValue(kHiddenColumnsKey, hidden);
}

QSize StatisticsPanel::sizeHint() const
{
    const QMargins margins = layout()->contentsMargins();
    // As wide as the table needs (the summary above is narrower unless its labels cannot be), tall enough for the
    // summary, a dozen workers and the chart.
    const int width = std::max(tableWidth() + margins.left() + margins.right(), layout()->minimumSize().width());
    return { width, fontMetrics().lineSpacing() * 32 };
}

void StatisticsPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // The columns are measured from the fonts and the style: another font or style measures them again.
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
        fitColumns();
        updateGeometry();
    }
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
    //: The name of a figure in the summary, before its value
    auto *nameLabel = new QLabel(tr("%1:").arg(name), this);
    nameLabel->setWordWrap(true); // a long name in another language takes two lines, not the window's width
    auto *valueLabel = new QLabel(this);
    valueLabel->setObjectName(objectName);
    // The text does not size the panel: a figure that grows must not widen the dock (and shrink the timeline).
    valueLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    valueLabel->setMinimumWidth(fontMetrics().horizontalAdvance(u"0000000"_s));
    valueLabel->setWordWrap(true);
    valueLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    nameLabel->setToolTip(explanation);
    valueLabel->setToolTip(explanation);
    valueLabel->setAccessibleName(name);
    valueLabel->setAccessibleDescription(explanation);
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
    const QLocale locale = readingLocale();
    m_restarts->setText(locale.toString(total.restarts));
    m_failures->setText(failuresText(total));
    m_completions->setText(locale.toString(total.completions));
    m_availability->setText(StatisticsModel::formatAvailability(total.availability));
    m_mtbf->setText(StatisticsModel::formatDuration(total.mtbfUs));
    m_mttr->setText(StatisticsModel::formatDuration(total.mttrUs));
    const std::optional<double> rateNow = m_statistics.restartRateNow(nowUs);
    //: A restart rate, per second
    m_rateNow->setText(rateNow ? tr("%1/s").arg(RestartRateChart::rateText(*rateNow)) : kUndefined);

    QStringList state;
    if (const auto gaveUpUs = m_statistics.gaveUpAtUs()) {
        //: %1 is the run time it gave up at, %2 why
        state << tr("The supervisor gave up at %1 (%2).")
                     .arg(TimeAxis::formatDuration(*gaveUpUs), m_statistics.gaveUpReason());
    }
    if (m_statistics.openCircuits() > 0) {
        QStringList open;
        for (int worker = 0; worker < m_statistics.workerCount(); ++worker) {
            const RunStatistics::CircuitState circuit = m_statistics.circuit(worker);
            if (circuit != RunStatistics::CircuitState::Closed) {
                //: A worker whose circuit breaker is open; %1 is its number
                open << (circuit == RunStatistics::CircuitState::HalfOpen ? tr("worker %1 (half-open)")
                                                                          : tr("worker %1"))
                            .arg(worker);
            }
        }
        //: %1 lists the workers, "worker 1, worker 3 (half-open)"
        state << tr("Circuit open: %1.").arg(open.join(u", "_s));
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
