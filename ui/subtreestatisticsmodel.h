#pragma once

#include "analysis/runstatistics.h"

#include "figuretablemodel.h"

namespace SupervisorLab {

// The run's supervisors as a table when the tree has nested ones, a row each in the tree's depth-first order (names
// indented by depth): whether it runs, how often it was restarted and gave up, and the figures of the workers below
// it, so that a fragile subtree and a steady one can be told apart. Read from RunStatistics::subtree(); refresh()
// after each update.
class SubtreeStatisticsModel : public FigureTableModel
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

    // The figures at `nowUs`.
    void refreshAt(qint64 nowUs);

    static QString explanation(Column column);

protected:
    int rowsNow() const override; // 0 unless the run has nested supervisors
    QVariant value(int supervisor, int column) const override;
    QString header(int column) const override;
    QString tooltip(int column) const override { return explanation(Column(column)); }

private:
    int depthOf(int supervisor) const;

    const RunStatistics *m_statistics;
    qint64 m_nowUs = 0;
};

} // namespace SupervisorLab
