#pragma once

#include "analysis/runstatistics.h"

#include "figuretablemodel.h"

namespace SupervisorLab {

// The run's dependencies as a table, a row each: whether it is up, its outages, the attempts that hit it while it
// was down, the attempts it turned away for capacity, and its recovery lag (from its return until every worker
// that needs it runs again). Read from RunStatistics::world(); refresh() after each update.
class DependencyStatisticsModel : public FigureTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        DependencyColumn,
        StateColumn,
        OutagesColumn,
        DownColumn,
        AttemptsWhileDownColumn,
        RefusedColumn,
        LagMeanColumn,
        LagP50Column,
        LagP99Column,
        UnrecoveredColumn,
        ColumnCount,
    };

    explicit DependencyStatisticsModel(const RunStatistics *statistics, QObject *parent = nullptr);

    static QString explanation(Column column);

protected:
    int rowsNow() const override;
    QVariant value(int dependency, int column) const override;
    QString header(int column) const override;
    QString tooltip(int column) const override { return explanation(Column(column)); }

private:
    const RunStatistics *m_statistics;
};

} // namespace SupervisorLab
