#pragma once

#include "analysis/runstatistics.h"
#include "runfeed.h"

#include <QWidget>

#include <memory>

class QGridLayout;
class QLabel;
class QMenu;
class QSortFilterProxyModel;
class QTableView;

namespace SupervisorLab {

class DependencyStatisticsModel;
class FigureTableModel;
class SubtreeStatisticsModel;

class EventLog;
class RestartRateChart;
class StatisticsModel;

// The statistics of the current run: a summary of the whole run on top, a sortable table per worker, and the
// restart rate over time below. Every label explains its measure in a tooltip.
class StatisticsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit StatisticsPanel(QWidget *parent = nullptr);
    ~StatisticsPanel() override;

    // A new run (or none): forgets everything shown and takes in what `log` holds already.
    void setLog(std::shared_ptr<const EventLog> log);
    // Takes in the events appended since the last call, up to `end` (-1: the whole log), and shows the run at
    // `nowUs`. Does nothing when neither the log nor the run time moved, so it can be called at display rate.
    void refresh(qint64 nowUs, qsizetype end = -1);
    // Takes in the events appended since the last call, up to `end` (-1: the whole log), without showing them: the
    // figures are read, not watched, and shown ten times a second, while taking in keeps pace with the run.
    void takeIn(qsizetype end = -1);
    // The panel's part in the window's RunFeed: it takes in and shows the same prefix of the log as every other
    // view, so that its counts agree with theirs at any moment.
    FeedView feedView();

    const RunStatistics &statistics() const { return m_statistics; }
    StatisticsModel *model() const { return m_model; }
    QSortFilterProxyModel *sortedModel() const { return m_sorted; }
    QTableView *table() const { return m_table; }
    RestartRateChart *chart() const { return m_chart; }

    // Measured from the fonts, never from the figures shown: the dock keeps its width however the counts grow, and
    // at the width of sizeHint() every column of the table is in view without scrolling sideways. The minimum is
    // smaller, so that the panel never forces the window wide.
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    // The width of a column of the table, from its header and the widest text it can show.
    int columnWidth(int column) const;

    // The table's columns a user may hide (every one but the worker's), as Hotspot and Perfetto let one: from the
    // header's or the table's context menu. Which are hidden is remembered for the next start.
    bool isColumnShown(int column) const;
    void setColumnShown(int column, bool shown);
    // The menu of columns, each checked while shown, and one to show them all.
    QMenu *columnMenu(QWidget *parent);

protected:
    void changeEvent(QEvent *event) override;

private:
    QTableView *sideTable(FigureTableModel *model, const QString &objectName, const QString &name);
    QLabel *addSummaryRow(QGridLayout *grid, int row, int column, const QString &name, const QString &explanation,
        const QString &objectName);
    void showSummary(qint64 nowUs);
    void startOver(std::shared_ptr<const EventLog> log);
    void fitColumns();
    int tableWidth() const;
    void restoreShownColumns();
    void saveShownColumns() const;

    std::shared_ptr<const EventLog> m_log;
    RunStatistics m_statistics;
    qsizetype m_shownEvents = -1;
    qint64 m_shownTimeUs = -1;

    StatisticsModel *m_model;
    QSortFilterProxyModel *m_sorted;
    QTableView *m_table;
    RestartRateChart *m_chart;
    QLabel *m_runTime;
    QLabel *m_restarts;
    QLabel *m_failures;
    QLabel *m_completions;
    QLabel *m_availability;
    QLabel *m_mtbf;
    QLabel *m_mttr;
    QLabel *m_rateNow;
    QLabel *m_state; // gave up, open circuits: shown only while it holds
    DependencyStatisticsModel *m_dependencyModel;
    QTableView *m_dependencies = nullptr;
    SubtreeStatisticsModel *m_subtreeModel;
    QTableView *m_subtrees = nullptr;
};

} // namespace SupervisorLab
