#pragma once

#include "analysis/seedoutcome.h"

#include <QList>

#include <algorithm>
#include <optional>

namespace SupervisorLab {

// One policy's figures over all the seeds of an exploration.
//
// Percentiles are exact nearest-rank percentiles: the p-th percentile of n values is the value of rank
// ceil(p × n / 100) (1-based) in ascending order, so it is always one of the values and never an interpolation.
// Availability's percentiles are across seeds (p5: 5 % of the seeds did this badly or worse); the time to give
// up is over the seeds that gave up; recovery times are pooled over every recovery of every seed, so a seed
// with many failures weighs more, as it does for a user waiting on a restart; the longest outage is across
// seeds.
struct PolicySummary
{
    int seeds = 0;
    double availabilityMean = 0;
    double availabilityP5 = 0;
    double availabilityP50 = 0;
    double availabilityP95 = 0;
    double restartsPerHourMean = 0;
    int gaveUpSeeds = 0;
    double giveUpProbability = 0; // share of the seeds whose supervisor gave up
    std::optional<qint64> giveUpP50Us; // over the seeds that gave up
    std::optional<qint64> giveUpP95Us;
    qint64 recoveries = 0; // pooled over the seeds
    std::optional<qint64> recoveryP50Us;
    std::optional<qint64> recoveryP95Us;
    std::optional<qint64> recoveryP99Us;
    // The world's, when the workload has dependencies: per seed means of the attempts, and the recovery lags pooled.
    double attemptsWhileDownMean = 0;
    double refusedAttemptsMean = 0;
    double escalationsMean = 0; // nested supervisors' give-ups per seed
    QList<double> subtreeAvailabilityMean; // per supervisor, over the seeds
    qint64 recoveryLags = 0;
    std::optional<qint64> recoveryLagMeanUs;
    std::optional<qint64> recoveryLagP50Us;
    std::optional<qint64> recoveryLagP99Us;
    qint64 longestOutageMaxUs = 0;
    qint64 longestOutageP95Us = 0;

    // The summary of `outcomes`, taken in the order given (the order changes nothing but rounding of the means).
    static PolicySummary of(const QList<SeedOutcome> &outcomes);

    // The nearest-rank `percent` percentile (1..100) of `sorted` (ascending, not empty).
    template<typename T> static T percentile(const QList<T> &sorted, int percent)
    {
        const qsizetype rank = std::max<qsizetype>(1, (qsizetype(percent) * sorted.size() + 99) / 100);
        return sorted.at(rank - 1);
    }

    friend bool operator==(const PolicySummary &, const PolicySummary &) = default;
};

} // namespace SupervisorLab
