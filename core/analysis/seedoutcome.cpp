#include "analysis/seedoutcome.h"

#include "analysis/runstatistics.h"
#include "events/eventlog.h"

#include <algorithm>
#include <vector>

namespace SupervisorLab {
namespace {
constexpr double kUsPerHour = 3'600'000'000.0;
}

SeedOutcome SeedOutcome::measure(const EventLog &log, qint64 horizonUs)
{
    RunStatistics statistics;
    statistics.update(log);
    return measure(statistics, horizonUs, log.header().seed);
}

SeedOutcome SeedOutcome::measure(const RunStatistics &statistics, qint64 horizonUs, quint64 seed)
{
    const qint64 runEndUs = statistics.timeUs(horizonUs);
    // RunStatistics stops the clock at the end of the run; a run that gave up ended before the horizon, and its
    // workers stay down for the rest of it.
    const qint64 downAfterEndUs = std::max<qint64>(0, horizonUs - runEndUs);

    SeedOutcome outcome;
    outcome.seed = seed;
    double availabilitySum = 0;
    int observedWorkers = 0;
    std::vector<std::pair<double, int>> subtrees(size_t(statistics.supervisorCount())); // availability sum, workers
    for (int i = 0; i < statistics.workerCount(); ++i) {
        const RunStatistics::Measures worker = statistics.worker(i, horizonUs);
        if (worker.starts == 0)
            continue;
        const qint64 observedUs = worker.observedUs + downAfterEndUs;
        if (observedUs > 0) {
            const double available = std::min(1.0, double(worker.runningUs) / double(observedUs));
            availabilitySum += available;
            ++observedWorkers;
            for (int at = statistics.supervisorOfWorker(i); at >= 0; at = statistics.parentOfSupervisor(at)) {
                subtrees[size_t(at)].first += available;
                ++subtrees[size_t(at)].second;
            }
        }
        const qint64 outageAtEndUs = worker.running > 0 ? 0 : worker.currentOutageUs + downAfterEndUs;
        outcome.longestOutageUs = std::max({ outcome.longestOutageUs, worker.longestOutageUs, outageAtEndUs });
    }
    if (observedWorkers > 0)
        outcome.availability = availabilitySum / observedWorkers;
    for (int supervisor = 0; supervisor < statistics.supervisorCount(); ++supervisor) {
        const auto [sum, workers] = subtrees[size_t(supervisor)];
        outcome.subtreeAvailability << (workers > 0 ? sum / workers : 0.0);
        if (supervisor > 0)
            outcome.escalations += statistics.subtree(supervisor, horizonUs).gaveUps;
    }

    const RunStatistics::Measures total = statistics.total(horizonUs);
    outcome.restarts = total.restarts;
    outcome.restartsPerHour = horizonUs > 0 ? double(total.restarts) * kUsPerHour / double(horizonUs) : 0.0;
    outcome.failures = total.failures();
    outcome.gaveUpAtUs = statistics.gaveUpAtUs();
    outcome.recoveryTimesUs = statistics.recoveryTimesUs();
    const DependencyTracker &world = statistics.world();
    for (int dependency = 0; dependency < world.count(); ++dependency) {
        const DependencyTracker::Figures &figures = world.figures(dependency);
        outcome.attemptsWhileDown += figures.attemptsWhileDown;
        outcome.refusedAttempts += figures.refusedAttempts;
        outcome.recoveryLagsUs.append(QList<qint64>(figures.recoveryLagsUs.begin(), figures.recoveryLagsUs.end()));
    }
    return outcome;
}

} // namespace SupervisorLab
