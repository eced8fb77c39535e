#pragma once

#include "analysis/runstatistics.h"

#include <QAbstractTableModel>

namespace SupervisorLab {

// The run's dependencies as a table, a row each: whether it is up, its outages, the attempts that hit it while it
// was down, the attempts it turned away for capacity, and its recovery lag (from its return until every worker
// that needs it runs again). Read from RunStatistics::world(); refresh() after each update.
class DependencyStatisticsModel : public QAbstractTableModel
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

    void refresh();
    void reset();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString explanation(Column column);

private:
    QVariant value(int dependency, int column) const;

    const RunStatistics *m_statistics;
    int m_rows = 0;
};

} // namespace SupervisorLab
