#include "dependencystatisticsmodel.h"

#include "statisticsmodel.h"

#include "analysis/policysummary.h"

#include <algorithm>

namespace SupervisorLab {

DependencyStatisticsModel::DependencyStatisticsModel(const RunStatistics *statistics, QObject *parent)
    : FigureTableModel(ColumnCount, OutagesColumn, parent)
    , m_statistics(statistics)
{
}

int DependencyStatisticsModel::rowsNow() const
{
    return m_statistics->world().count();
}

QVariant DependencyStatisticsModel::value(int dependency, int column) const
{
    const DependencyTracker::Figures &figures = m_statistics->world().figures(dependency);
    QList<qint64> lags(figures.recoveryLagsUs.begin(), figures.recoveryLagsUs.end());
    std::sort(lags.begin(), lags.end());
    const auto lag = [&](int percent) -> std::optional<qint64> {
        if (lags.isEmpty())
            return std::nullopt;
        return PolicySummary::percentile(lags, percent);
    };
    switch (Column(column)) {
    case DependencyColumn:
        return figures.name;
    case StateColumn:
        return figures.down ? (figures.downReason == u"manual" ? tr("down (by hand)") : tr("down")) : tr("up");
    case OutagesColumn:
        return figures.outages;
    case DownColumn: {
        qint64 downUs = figures.downUs;
        if (figures.down)
            downUs += std::max<qint64>(0, m_statistics->lastEventUs() - figures.downSinceUs);
        return StatisticsModel::formatDuration(downUs);
    }
    case AttemptsWhileDownColumn:
        return figures.attemptsWhileDown;
    case RefusedColumn:
        return figures.refusedAttempts;
    case LagMeanColumn: {
        if (lags.isEmpty())
            return StatisticsModel::formatDuration(std::nullopt);
        qint64 sum = 0;
        for (const qint64 one : lags)
            sum += one;
        return StatisticsModel::formatDuration(sum / lags.size());
    }
    case LagP50Column:
        return StatisticsModel::formatDuration(lag(50));
    case LagP99Column:
        return StatisticsModel::formatDuration(lag(99));
    case UnrecoveredColumn:
        return figures.unrecovered;
    case ColumnCount:
        break;
    }
    return {};
}

QString DependencyStatisticsModel::header(int column) const
{
    switch (Column(column)) {
    case DependencyColumn:
        return tr("Dependency");
    case StateColumn:
        return tr("Now");
    case OutagesColumn:
        return tr("Outages");
    case DownColumn:
        return tr("Down");
    case AttemptsWhileDownColumn:
        return tr("Attempts while down");
    case RefusedColumn:
        return tr("Refused");
    case LagMeanColumn:
        return tr("Recovery lag");
    case LagP50Column:
        return tr("p50");
    case LagP99Column:
        return tr("p99");
    case UnrecoveredColumn:
        return tr("Not recovered");
    case ColumnCount:
        break;
    }
    return {};
}

QString DependencyStatisticsModel::explanation(Column column)
{
    switch (column) {
    case DependencyColumn:
        return tr("A shared dependency of the workers, as the scenario names it.");
    case StateColumn:
        return tr("Whether it is up now, down for an outage, or taken down by hand.");
    case OutagesColumn:
        return tr("How many times it went down.");
    case DownColumn:
        return tr("How long it has been down, over all its outages.");
    case AttemptsWhileDownColumn:
        return tr("Starts of a worker that needs it while it was down: each failed at once. What backoff and the "
                  "circuit breaker exist to keep few.");
    case RefusedColumn:
        return tr("Starts it turned away because more than its capacity came within its capacity window "
                  "(overloaded). What jitter exists to keep few after an outage.");
    case LagMeanColumn:
        return tr("Recovery lag, the mean: from its return until every worker that needs it and was waiting to "
                  "restart runs again. The price of long restart delays.");
    case LagP50Column:
        return tr("Recovery lag, the median.");
    case LagP99Column:
        return tr("Recovery lag, the 99th percentile (nearest rank).");
    case UnrecoveredColumn:
        return tr("Returns after which not every waiting worker ran again before it went down again, the supervisor "
                  "gave up or the run ended.");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace SupervisorLab
