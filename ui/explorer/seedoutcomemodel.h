#pragma once

#include "analysis/seedoutcome.h"

#include <QAbstractTableModel>
#include <QList>

namespace SupervisorLab {

// Every seed's outcome under one policy of an exploration, one row per seed: the seed, availability, restarts,
// failures, when the supervisor gave up, and the longest outage. SortRole gives the raw figure, so a proxy sorts
// by value rather than by text; a seed that never gave up sorts after every one that did.
class SeedOutcomeModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SeedColumn,
        AvailabilityColumn,
        RestartsColumn,
        FailuresColumn,
        GaveUpAtColumn,
        LongestOutageColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        SortRole = Qt::UserRole + 1,
        SeedRole, // the row's seed, as a quint64
    };

    explicit SeedOutcomeModel(QObject *parent = nullptr);

    void setOutcomes(const QList<SeedOutcome> &outcomes);
    const QList<SeedOutcome> &outcomes() const { return m_outcomes; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant sortValue(const SeedOutcome &outcome, int column) const;

    QList<SeedOutcome> m_outcomes;
};

} // namespace SupervisorLab
