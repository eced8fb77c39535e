#include "analysis/policysummary.h"

#include <algorithm>

namespace SupervisorLab {

PolicySummary PolicySummary::of(const QList<SeedOutcome> &outcomes)
{
    PolicySummary summary;
    summary.seeds = int(outcomes.size());
    if (outcomes.isEmpty())
        return summary;

    QList<double> availability;
    QList<qint64> giveUps;
    QList<qint64> recoveries;
    QList<qint64> outages;
    availability.reserve(outcomes.size());
    outages.reserve(outcomes.size());
    qsizetype pooled = 0;
    for (const SeedOutcome &outcome : outcomes)
        pooled += outcome.recoveryTimesUs.size();
    recoveries.reserve(pooled);
    double availabilitySum = 0;
    double restartsPerHourSum = 0;
    double attemptsWhileDownSum = 0;
    double refusedSum = 0;
    QList<qint64> lags;
    double escalationsSum = 0;
    for (const SeedOutcome &outcome : outcomes) {
        escalationsSum += double(outcome.escalations);
        if (summary.subtreeAvailabilityMean.size() < outcome.subtreeAvailability.size())
            summary.subtreeAvailabilityMean.resize(outcome.subtreeAvailability.size());
        for (qsizetype supervisor = 0; supervisor < outcome.subtreeAvailability.size(); ++supervisor)
            summary.subtreeAvailabilityMean[supervisor] += outcome.subtreeAvailability.at(supervisor);
        attemptsWhileDownSum += double(outcome.attemptsWhileDown);
        refusedSum += double(outcome.refusedAttempts);
        lags << outcome.recoveryLagsUs;
        availability << outcome.availability;
        availabilitySum += outcome.availability;
        restartsPerHourSum += outcome.restartsPerHour;
        if (outcome.gaveUpAtUs)
            giveUps << *outcome.gaveUpAtUs;
        recoveries << outcome.recoveryTimesUs;
        outages << outcome.longestOutageUs;
    }
    std::sort(availability.begin(), availability.end());
    std::sort(giveUps.begin(), giveUps.end());
    std::sort(recoveries.begin(), recoveries.end());
    std::sort(outages.begin(), outages.end());

    const double count = double(outcomes.size());
    summary.availabilityMean = availabilitySum / count;
    summary.availabilityP5 = percentile(availability, 5);
    summary.availabilityP50 = percentile(availability, 50);
    summary.availabilityP95 = percentile(availability, 95);
    summary.restartsPerHourMean = restartsPerHourSum / count;
    summary.gaveUpSeeds = int(giveUps.size());
    summary.giveUpProbability = double(giveUps.size()) / count;
    if (!giveUps.isEmpty()) {
        summary.giveUpP50Us = percentile(giveUps, 50);
        summary.giveUpP95Us = percentile(giveUps, 95);
    }
    summary.recoveries = recoveries.size();
    if (!recoveries.isEmpty()) {
        summary.recoveryP50Us = percentile(recoveries, 50);
        summary.recoveryP95Us = percentile(recoveries, 95);
        summary.recoveryP99Us = percentile(recoveries, 99);
    }
    summary.attemptsWhileDownMean = attemptsWhileDownSum / count;
    summary.refusedAttemptsMean = refusedSum / count;
    summary.escalationsMean = escalationsSum / count;
    for (double &mean : summary.subtreeAvailabilityMean)
        mean /= count;
    summary.recoveryLags = lags.size();
    if (!lags.isEmpty()) {
        std::sort(lags.begin(), lags.end());
        qint64 lagSum = 0;
        for (const qint64 lag : std::as_const(lags))
            lagSum += lag;
        summary.recoveryLagMeanUs = lagSum / lags.size();
        summary.recoveryLagP50Us = percentile(lags, 50);
        summary.recoveryLagP99Us = percentile(lags, 99);
    }
    summary.longestOutageMaxUs = outages.last();
    summary.longestOutageP95Us = percentile(outages, 95);
    return summary;
}

} // namespace SupervisorLab
