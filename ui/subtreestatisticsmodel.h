#pragma once

#include "analysis/runstatistics.h"

#include <QAbstractTableModel>

namespace SupervisorLab {

// The run's supervisors as a table when the tree has nested ones, a row each in the tree's depth-first order (names
// indented by depth): whether it runs, how often it was restarted and gave up, and the figures of the workers below
// it, so that a fragile subtree and a steady one can be told apart. Read from RunStatistics::subtree(); refresh()
// after each update.
class SubtreeStatisticsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SupervisorColumn,
        StateColumn,
        RestartsColumn,
        GaveUpColumn,
        WorkerRestartsColumn,
        FailuresColumn,
        AvailabilityColumn,
        ColumnCount,
    };

    explicit SubtreeStatisticsModel(const RunStatistics *statistics, QObject *parent = nullptr);

    void refresh(qint64 nowUs);
    void reset();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString explanation(Column column);

private:
    QVariant value(int supervisor, int column) const;
    int depthOf(int supervisor) const;

    const RunStatistics *m_statistics;
    int m_rows = 0; // 0 unless the run has nested supervisors
    qint64 m_nowUs = 0;
};

} // namespace SupervisorLab
