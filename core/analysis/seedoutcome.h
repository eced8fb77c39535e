#pragma once

#include <QList>

#include <optional>

namespace SupervisorLab {

class EventLog;
class RunStatistics;

// What one run of an exploration came to, measured on its finished log through RunStatistics.
//
// Each worker is observed from its first start to the horizon, or to the end of the run if stopping at the
// horizon took longer (a hung worker is waited for up to the shutdown timeout). A run whose supervisor gave up
// ends early; its workers then count as down until the horizon, because that is what the service would see.
// - availability: RunStatistics' availability (per worker, running time over observed time; the mean over the
//   workers) over that observed time;
// - restarts: worker_started with incarnation > 1, as run_finished counts them; per hour of the horizon;
// - recoveryTimesUs: every failure followed by a start of the same worker, from the failure to that start; a
//   failure never followed by a start (the supervisor gave up) is not a recovery and shows in the give-up and
//   the longest outage instead;
// - longestOutageUs: the longest stretch in which one worker had no incarnation running, after its first start
//   and within its observed time (so, after a give-up, up to the horizon).
struct SeedOutcome
{
    quint64 seed = 0;
    double availability = 0; // 0..1
    qint64 restarts = 0;
    double restartsPerHour = 0;
    qint64 failures = 0;
    std::optional<qint64> gaveUpAtUs; // when the supervisor gave up, if it did
    qint64 longestOutageUs = 0;
    QList<qint64> recoveryTimesUs; // in log order
    // The world's figures, summed over the run's dependencies (none: all zero): starts of a dependent while its
    // dependency was down, starts a dependency turned away for capacity, and each recovery lag (from a dependency's
    // return until every dependent waiting to restart ran again; DependencyTracker).
    qint64 attemptsWhileDown = 0;
    qint64 refusedAttempts = 0;
    QList<qint64> recoveryLagsUs;
    // The tree's figures: give-ups of nested supervisors (each an escalation to its parent), and per supervisor
    // (the root first, depth-first) the availability of the workers below it by the rules above.
    qint64 escalations = 0;
    QList<double> subtreeAvailability;

    bool gaveUp() const { return gaveUpAtUs.has_value(); }

    // Measures a finished run whose duration was `horizonUs`.
    static SeedOutcome measure(const EventLog &log, qint64 horizonUs);
    // The same from statistics that have taken in the whole run of `seed` as it went, its log long gone.
    static SeedOutcome measure(const RunStatistics &statistics, qint64 horizonUs, quint64 seed);

    friend bool operator==(const SeedOutcome &, const SeedOutcome &) = default;
};

} // namespace SupervisorLab
