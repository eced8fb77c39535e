#pragma once

#include "analysis/runstatistics.h"

#include <QAbstractTableModel>
#include <QList>
#include <QLocale>

namespace SupervisorLab {

// The statistics of a run as a table: one row per worker, then an "All" row with the run's totals.
// refresh() takes in what changed: rows are inserted as workers appear and dataChanged is emitted only for
// cells whose values changed, so views keep their selection, scroll position and sort while a run goes on.
class StatisticsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        WorkerColumn,
        AvailabilityColumn,
        RestartsColumn,
        FailuresColumn,
        ErrorColumn,
        ExceptionColumn,
        HangColumn,
        CompletionsColumn,
        MtbfColumn,
        MttrColumn,
        ColumnCount,
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1, // the raw number: a count, availability 0..1, or microseconds; none if undefined
        IsTotalRole, // true on the "All" row
    };

    // `statistics` must outlive the model; the model only reads it, in refresh().
    explicit StatisticsModel(const RunStatistics *statistics, QObject *parent = nullptr);

    // Shows the statistics as they are at `nowUs`.
    void refresh(qint64 nowUs);
    // For a new run: forgets every row (a model reset); the next refresh() fills the table again.
    void reset();

    // The column's name in full, as its header's tooltip begins ("Completions" for "Done").
    static QString fullName(Column column);
    // One sentence that explains a measure, for header tooltips and the summary's labels.
    static QString explanation(Column column);
    // "97.3 %", "—" when undefined
    static QString formatAvailability(const std::optional<double> &availability);
    static QString formatDuration(const std::optional<qint64> &us);
    // A count in at most four characters, so that a column keeps its width however far a run goes: "9999", "12k",
    // "123k", "1.2M"; the cell's tooltip has the exact number.
    static QString formatCount(qint64 count);
    // The widest text a column shows (its values, not its header), for a width that does not follow the figures.
    static QString widestText(Column column);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    using Measures = RunStatistics::Measures;

    bool isTotalRow(int row) const { return row == int(m_rows.size()) - 1; }
    QVariant display(int row, int column) const;
    QVariant sortValue(int row, int column) const;
    QString toolTip(int row, int column) const;
    static bool differs(const Measures &before, const Measures &after, int column);

    const RunStatistics *m_statistics;
    QList<Measures> m_rows { Measures() }; // the workers, then the totals
};

} // namespace SupervisorLab
