#pragma once

#include "world/workerplan.h"

#include <atomic>

namespace SupervisorLab {

class Incarnation;
class ScaledClock;

// How a worker run ended, seen from its own thread.
enum class WorkEnd
{
    Completed,
    Failed,
    Stopped,
    Killed
};

// The body of a simulated worker on a real thread: works in small slices for its planned time, beats its
// heart, watches for stop requests, then completes or fails the way its plan says. An exception plan throws
// (the thread boundary catches it); a hang plan stops beating and ignores stop until it is killed.
class SimulatedWork
{
public:
    static WorkEnd run(Incarnation &incarnation, const ScaledClock &clock, const std::atomic<double> &failureRate,
        qint64 heartbeatTimeoutUs);
};

} // namespace SupervisorLab
