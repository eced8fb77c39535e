#pragma once

#include "events/lifecycleevent.h"
#include "policy/supervisorpolicy.h"
#include "world/workerplan.h"

#include <QString>

namespace SupervisorLab {

// How a worker run ended on its own, as either runtime saw it: the event recorded for it and the exit its
// supervisor is told of. Both runtimes turn a run's end into its event here and nowhere else.
struct WorkerEnd
{
    ExitKind exit = ExitKind::Completed;
    FailureKind failure = FailureKind::Error;
    QString message; // an exception's, a program's exit status or signal, or why it could not start
    QString output; // a program's last lines (OutputTail)

    static WorkerEnd completed() { return {}; }
    static WorkerEnd stopped() { return { ExitKind::Stopped, FailureKind::Error, {}, {} }; }
    static WorkerEnd failed(FailureKind failure, const QString &message = {})
    {
        return { ExitKind::Failed, failure, message, {} };
    }
    // The end a work plan's outcome means. A hang does not end on its own (its supervisor writes it off when its
    // heartbeats stop), so a runtime asks for it only to record that.
    static WorkerEnd of(const WorkerPlan &plan, WorkOutcome outcome);

    LifecycleEvent event(int worker, quint32 incarnation) const;
};

} // namespace SupervisorLab
