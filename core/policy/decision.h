#pragma once

#include "events/lifecycleevent.h"

#include <variant>
#include <vector>

namespace SupervisorLab {

// Timers the policy asks its runtime for. A timer whose token no longer matches is ignored when it fires.
enum class TimerKind
{
    Restart, // a worker's or a nested supervisor's restart delay has passed
    CleanRun, // a worker has run cleanly for reset_after: its circuit closes
    SupervisorShutdown, // a nested supervisor asked to stop has had its shutdown timeout
};

// Timers belong to nodes of the tree: a worker's node is its index, a supervisor's the worker count plus its index.
struct PolicyTimer
{
    TimerKind kind = TimerKind::Restart;
    int node = 0;
    quint64 token = 0;
    friend bool operator==(const PolicyTimer &, const PolicyTimer &) = default;
};

// What the policy tells its runtime to do, in order. Events are recorded in the log where they stand.
// Start the incarnation: what it will do is the world's to draw, not the policy's.
struct StartChild
{
    int worker = 0;
    quint32 incarnation = 0;
};

// Ask a running incarnation to stop. Its runtime records worker_stopping (with `reason`) as the request reaches
// an incarnation that is still running: a worker may end on its own thread at any moment before its
// supervisor hears of it, and a stop request that finds it already ended is no event.
struct StopChild
{
    int worker = 0;
    quint32 incarnation = 0;
    RestartCause cause; // the exit whose group restart stops it; none: the supervisor shuts down

    // The worker_stopping recorded for it: reason "sibling_failed" with the cause, or "shutdown".
    LifecycleEvent event() const
    {
        if (cause.isValid())
            return LifecycleEvent::siblingStopping(worker, incarnation, cause);
        return LifecycleEvent::forWorker(EventKind::WorkerStopping, worker, incarnation, QStringLiteral("shutdown"));
    }
};

// The incarnation was written off (hung or abandoned): reclaim whatever it holds, expect nothing more from it.
struct KillChild
{
    int worker = 0;
    quint32 incarnation = 0;
};

// The incarnation is written off with the subtree of a supervisor that passed its shutdown timeout: unless it has
// just ended on its own, record worker_abandoned and reclaim it. The policy expects nothing more from it either way.
struct AbandonChild
{
    int worker = 0;
    quint32 incarnation = 0;
};

// Fire `timer` `delayUs` after the event recorded just before this decision.
struct ArmTimer
{
    PolicyTimer timer;
    qint64 delayUs = 0;
};

// The supervisor has stopped: every child is down and nothing more will be started.
struct RunOver
{ };

using Decision = std::variant<LifecycleEvent, StartChild, StopChild, KillChild, AbandonChild, ArmTimer, RunOver>;
using Decisions = std::vector<Decision>;

} // namespace SupervisorLab
