#pragma once

#include "policy/supervisorconfig.h"

#include <QString>

namespace SupervisorLab {

// How a worker run ends once its work time is over.
enum class WorkOutcome
{
    Complete,
    Error,
    Exception,
    Hang
};

// Everything random about one worker incarnation, drawn from (seed, worker, incarnation) when it starts.
// Both runtimes run the same plan: the threaded one for real, the virtual one in simulated time.
struct WorkerPlan
{
    qint64 workUs = 0;
    double failureRoll = 1.0; // the run fails if this is below the failure rate in force when the work ends
    WorkOutcome failureKind = WorkOutcome::Error;
    QString exceptionMessage;

    static WorkerPlan draw(const SupervisorConfig &config, int worker, quint32 incarnation);

    // The failure rate is read when the work ends, so moving the rate acts on runs already under way.
    WorkOutcome outcome(double failureRate) const;
};

} // namespace SupervisorLab
