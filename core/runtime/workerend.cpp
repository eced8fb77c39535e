#include "runtime/workerend.h"

namespace SupervisorLab {

WorkerEnd WorkerEnd::of(const WorkerPlan &plan, WorkOutcome outcome)
{
    switch (outcome) {
    case WorkOutcome::Complete:
        return completed();
    case WorkOutcome::Error:
        return failed(FailureKind::Error);
    case WorkOutcome::Exception:
        return failed(FailureKind::Exception, plan.exceptionMessage);
    case WorkOutcome::Hang:
        break;
    }
    return failed(FailureKind::Hang);
}

LifecycleEvent WorkerEnd::event(int worker, quint32 incarnation) const
{
    LifecycleEvent event;
    switch (exit) {
    case ExitKind::Completed:
        event = LifecycleEvent::forWorker(EventKind::WorkerCompleted, worker, incarnation);
        break;
    case ExitKind::Stopped:
        event = LifecycleEvent::forWorker(EventKind::WorkerStopped, worker, incarnation);
        break;
    case ExitKind::Failed:
    case ExitKind::GaveUp: // a supervisor's exit, never a worker's
        event = LifecycleEvent::workerFailed(worker, incarnation, failure, message);
        break;
    }
    event.output = output;
    return event;
}

} // namespace SupervisorLab
