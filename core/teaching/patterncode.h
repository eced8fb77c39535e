#pragma once

#include "events/lifecycleevent.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace SupervisorLab {

// The supervisor pattern as short Go-like pseudocode that behaves like this engine, split into the steps a
// lifecycle event belongs to, so that a view can show the code with the step of an event highlighted.
class PatternCode
{
public:
    enum class Step
    {
        Start, // run_started, supervisor_started, worker_started of incarnation 1
        Wait, // config_changed: a setting is taken in while the supervisor waits
        Completed, // worker_completed
        Failed, // worker_failed by an error or an exception
        HeartbeatMissed, // worker_failed with reason heartbeat_timeout
        CircuitBreaker, // circuit_opened, circuit_half_open, circuit_closed
        GiveUp, // supervisor_gave_up
        Delay, // restart_scheduled
        StopGroup, // worker_stopping with reason sibling_failed
        Restart, // worker_started of incarnation 2 and later
        Stop, // supervisor_stopping, worker_stopping with reason shutdown
        StopAcknowledged, // worker_stopped
        Abandon, // worker_abandoned
        Finished, // supervisor_stopped, run_finished
    };
    static constexpr int kStepCount = int(Step::Finished) + 1;

    static const QStringList &lines();
    // Every event kind has a step; the optional is for events that are not of the vocabulary.
    static std::optional<Step> stepFor(const LifecycleEvent &event);
    // The first and last line (0-based, inclusive) of the code that carries out `step`.
    static std::pair<int, int> linesOf(Step step);
    // What the step does, in plain words: "The failure branch: decide whether and when to restart".
    static QString caption(Step step);
};

} // namespace SupervisorLab
