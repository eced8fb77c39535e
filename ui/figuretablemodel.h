#pragma once

#include <QAbstractTableModel>

namespace SupervisorLab {

// A table of figures read from the run's statistics, whose rows only grow during a run (dependencies, supervisors):
// refresh() after each update inserts the new rows and marks every figure changed; each column explains itself in
// its tooltip; figures from `firstFigureColumn` on are right-aligned.
class FigureTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    FigureTableModel(int columns, int firstFigureColumn, QObject *parent = nullptr);

    void refresh();
    void reset();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    // How many rows the statistics have now.
    virtual int rowsNow() const = 0;
    virtual QVariant value(int row, int column) const = 0;
    virtual QString header(int column) const = 0;
    virtual QString tooltip(int column) const = 0;

private:
    int m_columns;
    int m_firstFigureColumn;
    int m_rows = 0;
};

} // namespace SupervisorLab
