#include "explorer/seedoutcomemodel.h"

#include "analysis/explorationfigures.h"

#include <limits>

using namespace Qt::StringLiterals;

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
            return outcome.gaveUpAtUs ? ExplorationFigures::duration(*outcome.gaveUpAtUs) : u"never"_s;
        case LongestOutageColumn:
            return ExplorationFigures::duration(outcome.longestOutageUs);
        default:
            return QString::number(sortValue(outcome, index.column()).toULongLong());
        }
    case SortRole:
        return sortValue(outcome, index.column());
    case SeedRole:
        return outcome.seed;
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        return u"Seed %1: double-click to open this exact run in the window."_s.arg(outcome.seed);
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
            return u"Seed"_s;
        case AvailabilityColumn:
            return u"Availability"_s;
        case RestartsColumn:
            return u"Restarts"_s;
        case FailuresColumn:
            return u"Failures"_s;
        case GaveUpAtColumn:
            return u"Gave up at"_s;
        case LongestOutageColumn:
            return u"Longest outage"_s;
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case SeedColumn:
            return u"The seed of the run's random draws: with the policy and the workload it decides the run."_s;
        case AvailabilityColumn:
            return u"The share of the horizon the workers were running, averaged over the workers."_s;
        case RestartsColumn:
            return u"Worker starts after the first one."_s;
        case FailuresColumn:
            return u"Incarnations that ended in error, exception or hang."_s;
        case GaveUpAtColumn:
            return u"When the supervisor gave up (restart intensity exceeded); never if it did not."_s;
        case LongestOutageColumn:
            return u"The longest stretch in which one worker had nothing running."_s;
        case ColumnCount:
            break;
        }
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

} // namespace SupervisorLab
