#include "figuretablemodel.h"

namespace SupervisorLab {

FigureTableModel::FigureTableModel(int columns, int firstFigureColumn, QObject *parent)
    : QAbstractTableModel(parent)
    , m_columns(columns)
    , m_firstFigureColumn(firstFigureColumn)
{
}

void FigureTableModel::reset()
{
    beginResetModel();
    m_rows = 0;
    endResetModel();
}

void FigureTableModel::refresh()
{
    const int rows = rowsNow();
    if (rows < m_rows)
        reset();
    if (rows > m_rows) {
        beginInsertRows({}, m_rows, rows - 1);
        m_rows = rows;
        endInsertRows();
    }
    if (m_rows > 0)
        emit dataChanged(index(0, 0), index(m_rows - 1, m_columns - 1), { Qt::DisplayRole });
}

int FigureTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int FigureTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_columns;
}

QVariant FigureTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role == Qt::DisplayRole)
        return value(index.row(), index.column());
    if (role == Qt::TextAlignmentRole && index.column() >= m_firstFigureColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole)
        return tooltip(index.column());
    return {};
}

QVariant FigureTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_columns)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole)
        return tooltip(section);
    if (role == Qt::DisplayRole)
        return header(section);
    return {};
}

} // namespace SupervisorLab
