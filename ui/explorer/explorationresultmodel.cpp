#include "explorer/explorationresultmodel.h"

#include "analysis/explorationfigures.h"
#include "explorer/policycolors.h"

#include <QFont>
#include <QGuiApplication>
#include <QLocale>

#include <optional>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

// A figure where smaller is better, for ranking the policies in a row; none if the row has no order.
std::optional<double> cost(ExplorationResultModel::Row row, const PolicySummary &summary)
{
    switch (row) {
    case ExplorationResultModel::AvailabilityRow:
        return -summary.availabilityMean;
    case ExplorationResultModel::RestartsRow:
        return summary.restartsPerHourMean;
    case ExplorationResultModel::GivesUpRow:
        return summary.giveUpProbability;
    case ExplorationResultModel::RecoveryRow:
        if (!summary.recoveryP50Us)
            return std::nullopt;
        return double(*summary.recoveryP50Us);
    case ExplorationResultModel::LongestOutageRow:
        return double(summary.longestOutageMaxUs);
    default:
        return std::nullopt;
    }
}

} // namespace

ExplorationResultModel::ExplorationResultModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ExplorationResultModel::setResult(const ExplorationResult &result)
{
    beginResetModel();
    m_result = result;
    endResetModel();
}

void ExplorationResultModel::clear()
{
    setResult({});
}

QString ExplorationResultModel::text(Row row, const PolicySummary &s, const ExplorationSpec &spec)
{
    const QLocale locale;
    switch (row) {
    case AvailabilityRow:
        //: The mean availability, then the 5th and the 95th percentile
        return tr("%1 (p5 %2 – p95 %3)")
            .arg(ExplorationFigures::percent(s.availabilityMean), ExplorationFigures::percent(s.availabilityP5),
                ExplorationFigures::percent(s.availabilityP95));
    case RestartsRow:
        return ExplorationFigures::perHour(s.restartsPerHourMean);
    case GivesUpRow:
        //: %1 is how many seeds ran
        if (s.gaveUpSeeds == 0)
            return tr("never (0 of %1 seeds)").arg(locale.toString(s.seeds));
        //: %1 is the share of the seeds in which the supervisor gave up, %2 how many, %3 how many ran
        return tr("%1 (%2 of %3 seeds)")
            .arg(ExplorationFigures::percent(s.giveUpProbability), locale.toString(s.gaveUpSeeds),
                locale.toString(s.seeds));
    case TimeToGiveUpRow:
        if (!s.giveUpP50Us)
            return u"—"_s;
        //: The median, then the 95th percentile
        return tr("%1 (p95 %2)")
            .arg(ExplorationFigures::duration(*s.giveUpP50Us), ExplorationFigures::duration(*s.giveUpP95Us));
    case RecoveryRow:
        if (s.recoveries == 0)
            return tr("no recoveries");
        //: The 50th, 95th and 99th percentiles of the recovery time
        return tr("%1 / %2 / %3")
            .arg(ExplorationFigures::duration(*s.recoveryP50Us), ExplorationFigures::duration(*s.recoveryP95Us),
                ExplorationFigures::duration(*s.recoveryP99Us));
    case LongestOutageRow:
        //: The longest, then the 95th percentile
        return tr("%1 (p95 %2)")
            .arg(
                ExplorationFigures::duration(s.longestOutageMaxUs), ExplorationFigures::duration(s.longestOutageP95Us));
    case SeedsRow:
        //: How many seeds ran, then the first and the last seed
        return tr("%1 (%2–%3)")
            .arg(locale.toString(s.seeds), QString::number(spec.firstSeed),
                QString::number(spec.seedAt(std::max(0, spec.seeds - 1))));
    case RowCount:
        break;
    }
    return {};
}

QString ExplorationResultModel::label(Row row)
{
    switch (row) {
    case AvailabilityRow:
        return tr("Availability, mean (p5 – p95)");
    case RestartsRow:
        return tr("Restarts");
    case GivesUpRow:
        return tr("Gives up");
    case TimeToGiveUpRow:
        return tr("Time to give up, p50");
    case RecoveryRow:
        return tr("Recovery p50 / p95 / p99");
    case LongestOutageRow:
        return tr("Longest outage, max");
    case SeedsRow:
        return tr("Seeds");
    case RowCount:
        break;
    }
    return {};
}

QString ExplorationResultModel::explanation(Row row)
{
    switch (row) {
    case AvailabilityRow:
        return tr("The share of the horizon the workers were running, averaged over the workers of a run, then over "
                  "the seeds. p5: 5 % of the seeds did this badly or worse. After a give-up the workers count as down "
                  "until the horizon.");
    case RestartsRow:
        return tr("Worker restarts per hour of the horizon, the mean over the seeds.");
    case GivesUpRow:
        return tr("The share of the seeds in which the supervisor gave up (restart intensity exceeded) before the "
                  "horizon.");
    case TimeToGiveUpRow:
        return tr("When the supervisor gave up, over the seeds in which it did: the median and the 95th "
                  "percentile.");
    case RecoveryRow:
        return tr("From a failure to the start of the same worker, pooled over every recovery of every seed: what a "
                  "user waiting on a restart sees.");
    case LongestOutageRow:
        return tr("The longest stretch in which one worker had nothing running, the worst over the seeds, and the "
                  "95th percentile over the seeds.");
    case SeedsRow:
        return tr("How many seeds each policy ran, and which: every policy meets the same seeds.");
    case RowCount:
        break;
    }
    return {};
}

int ExplorationResultModel::bestPolicy(Row row) const
{
    if (m_result.policies.size() < 2)
        return -1;
    int best = -1;
    std::optional<double> bestCost;
    bool tied = false;
    for (int policy = 0; policy < m_result.policies.size(); ++policy) {
        const std::optional<double> figure = cost(row, m_result.policies.at(policy).summary);
        if (!figure)
            return -1;
        if (!bestCost || *figure < *bestCost) {
            best = policy;
            bestCost = figure;
            tied = false;
        } else if (*figure == *bestCost) {
            tied = true;
        }
    }
    return tied ? -1 : best;
}

int ExplorationResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || m_result.policies.isEmpty() ? 0 : RowCount;
}

int ExplorationResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_result.policies.size());
}

QVariant ExplorationResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row row = Row(index.row());
    const ExplorationResult::Policy &policy = m_result.policies.at(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return text(row, policy.summary, m_result.spec);
    case Qt::ToolTipRole:
        //: A figure's tooltip: %1 is the policy's name, %2 what the figure measures
        return tr("%1 — %2").arg(policy.name, explanation(row));
    case BestRole:
        return bestPolicy(row) == index.column();
    case Qt::FontRole:
        if (bestPolicy(row) == index.column()) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    default:
        return {};
    }
}

QVariant ExplorationResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (section < 0 || section >= rowCount())
            return {};
        if (role == Qt::DisplayRole)
            return label(Row(section));
        if (role == Qt::ToolTipRole)
            return explanation(Row(section));
        return {};
    }
    if (section < 0 || section >= columnCount())
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return m_result.policies.at(section).name;
    case Qt::DecorationRole:
        return PolicyColors::swatch(section, QGuiApplication::palette());
    case Qt::ToolTipRole:
        //: %1 is the policy's number, %2 its name
        return tr("The figures of policy %1, \"%2\"; the best of each row is bold.")
            .arg(QString::number(section + 1), m_result.policies.at(section).name);
    default:
        return {};
    }
}

} // namespace SupervisorLab
