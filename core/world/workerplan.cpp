#include "world/workerplan.h"

#include "policy/uniformdraw.h"
#include "world/seededdraws.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {

WorkerPlan WorkerPlan::draw(const SupervisorConfig &config, int worker, quint32 incarnation)
{
    static const QStringList messages { u"disk full"_s, u"connection reset by peer"_s, u"out of memory"_s,
        u"corrupt record"_s, u"database timeout"_s, u"null dereference"_s };

    const SeededDraws draws(config.seed);
    WorkerPlan plan;
    plan.workUs = uniformDraw(
        draws.unit(worker, incarnation, DrawStream::WorkTime), config.workMinMs * 1000, config.workMaxMs * 1000);
    plan.failureRoll = draws.unit(worker, incarnation, DrawStream::FailureRoll);
    switch (config.failureMode) {
    case FailureMode::Error:
        plan.failureKind = WorkOutcome::Error;
        break;
    case FailureMode::Exception:
        plan.failureKind = WorkOutcome::Exception;
        break;
    case FailureMode::Hang:
        plan.failureKind = WorkOutcome::Hang;
        break;
    case FailureMode::Mixed: {
        const WorkOutcome kinds[] = { WorkOutcome::Error, WorkOutcome::Exception, WorkOutcome::Hang };
        plan.failureKind = kinds[uniformDraw(draws.unit(worker, incarnation, DrawStream::FailureKind), 0, 2)];
        break;
    }
    }
    if (plan.failureKind == WorkOutcome::Exception) {
        const double unit = draws.unit(worker, incarnation, DrawStream::FailureMessage);
        plan.exceptionMessage = messages.at(uniformDraw(unit, 0, messages.size() - 1));
    }
    return plan;
}

WorkOutcome WorkerPlan::outcome(double failureRate) const
{
    return failureRoll < failureRate ? failureKind : WorkOutcome::Complete;
}

} // namespace SupervisorLab
