#pragma once

#include <QtGlobal>

namespace SupervisorLab {

struct SupervisorConfig;

// How long the supervisor waits before restart number `attempt` (1-based, counted since the backoff last
// reset), following the formulas of "Exponential Backoff and Jitter".
class RestartDelay
{
public:
    // The delay before jitter: `delay` when fixed, min(max_delay, delay * factor^(attempt-1)) when exponential.
    static qint64 beforeJitterMs(const SupervisorConfig &config, quint32 attempt);
    struct Range
    {
        qint64 lowMs = 0;
        qint64 highMs = 0;
    };
    // The range the jitter draws the delay from (a single value without jitter).
    static Range rangeMs(const SupervisorConfig &config, quint32 attempt, qint64 previousMs);
    // The delay to wait. `previousMs` is the delay chosen before this one (0 after a reset) and `unit` a draw in
    // [0, 1) for the jitter.
    static qint64 nextMs(const SupervisorConfig &config, quint32 attempt, qint64 previousMs, double unit);
};

} // namespace SupervisorLab
