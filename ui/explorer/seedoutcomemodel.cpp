#include "explorer/seedoutcomemodel.h"

#include "analysis/explorationfigures.h"
#include "events/readinglocale.h"

#include <limits>

namespace SupervisorLab {

SeedOutcomeModel::SeedOutcomeModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void SeedOutcomeModel::setOutcomes(const QList<SeedOutcome> &outcomes)
{
    beginResetModel();
    m_outcomes = outcomes;
    endResetModel();
}

int SeedOutcomeModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_outcomes.size());
}

int SeedOutcomeModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SeedOutcomeModel::sortValue(const SeedOutcome &outcome, int column) const
{
    switch (Column(column)) {
    case SeedColumn:
        return outcome.seed;
    case AvailabilityColumn:
        return outcome.availability;
    case RestartsColumn:
        return outcome.restarts;
    case FailuresColumn:
        return outcome.failures;
    case GaveUpAtColumn:
        return outcome.gaveUpAtUs.value_or(std::numeric_limits<qint64>::max());
    case LongestOutageColumn:
        return outcome.longestOutageUs;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant SeedOutcomeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SeedOutcome &outcome = m_outcomes.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case AvailabilityColumn:
            return ExplorationFigures::percent(outcome.availability);
        case GaveUpAtColumn:
            return outcome.gaveUpAtUs ? ExplorationFigures::duration(*outcome.gaveUpAtUs) : tr("never");
        case LongestOutageColumn:
            return ExplorationFigures::duration(outcome.longestOutageUs);
        case SeedColumn: // a seed as the command line and the spec write it
            return QString::number(outcome.seed);
        default:
            return readingLocale().toString(sortValue(outcome, index.column()).toULongLong());
        }
    case SortRole:
        return sortValue(outcome, index.column());
    case SeedRole:
        return outcome.seed;
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        //: %1 is the seed
        return tr("Seed %1: double-click to open this exact run in the window.").arg(outcome.seed);
    default:
        return {};
    }
}

QVariant SeedOutcomeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (Column(section)) {
        case SeedColumn:
            return tr("Seed");
        case AvailabilityColumn:
            return tr("Availability");
        case RestartsColumn:
            return tr("Restarts");
        case FailuresColumn:
            return tr("Failures");
        case GaveUpAtColumn:
            return tr("Gave up at");
        case LongestOutageColumn:
            return tr("Longest outage");
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case SeedColumn:
            return tr("The seed of the run's random draws: with the policy and the workload it decides the run.");
        case AvailabilityColumn:
            return tr("The share of the horizon the workers were running, averaged over the workers.");
        case RestartsColumn:
            return tr("Worker starts after the first one.");
        case FailuresColumn:
            return tr("Incarnations that ended in error, exception or hang.");
        case GaveUpAtColumn:
            return tr("When the supervisor gave up (restart intensity exceeded); never if it did not.");
        case LongestOutageColumn:
            return tr("The longest stretch in which one worker had nothing running.");
        case ColumnCount:
            break;
        }
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

} // namespace SupervisorLab
