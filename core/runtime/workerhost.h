#pragma once

#include "policy/decision.h"
#include "policy/supervisorconfig.h"
#include "world/workerplan.h"

#include <functional>

namespace SupervisorLab {

// Where worker incarnations run: real threads, or simulated time. The supervision driver calls it; the host
// records each incarnation's own end (completed, failed, stopped) in the log and reports it back.
class WorkerHost
{
public:
    virtual ~WorkerHost() = default;

    // Starts the incarnation to do what `plan` says (drawn from the world for it).
    virtual void startIncarnation(const StartChild &start, const WorkerPlan &plan) = 0;
    // If the incarnation is still running, runs `recordRequest` and asks it to stop, both before it can end on
    // its own; returns false, doing nothing, if it has already ended.
    virtual bool requestStop(int worker, quint32 incarnation, const std::function<void()> &recordRequest) = 0;
    // The incarnation was written off; it must end without recording anything and give back what it holds.
    virtual void kill(int worker, quint32 incarnation) = 0;
    // The supervisor is about to write the incarnation off. False if it has already ended on its own: then
    // its own end is recorded and on its way, and wins.
    virtual bool claimEnd(int worker, quint32 incarnation) = 0;
    virtual qint64 lastHeartbeatUs(int worker, quint32 incarnation) const = 0;
    // What a program worker's incarnation has written so far (its last lines), for an end the supervisor records.
    virtual QString outputOf(int worker, quint32 incarnation) const
    {
        Q_UNUSED(worker);
        Q_UNUSED(incarnation);
        return {};
    }
    // A live parameter change: the worker's config as it is now (its own settings applied).
    virtual void workerConfigChanged(int worker, const SupervisorConfig &workerConfig) = 0;
};

} // namespace SupervisorLab
