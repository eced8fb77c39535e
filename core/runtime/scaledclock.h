#pragma once

#include "runtime/clock.h"

#include <chrono>
#include <mutex>

namespace SupervisorLab {

// Real time since construction, scaled by a speed factor and frozen while paused, so that slow motion
// really slows the workers and a pause freezes the whole engine. Thread-safe.
class ScaledClock final : public Clock
{
public:
    ScaledClock();

    qint64 nowUs() const override;
    double speed() const;
    void setSpeed(double speed);
    bool isPaused() const;
    void setPaused(bool paused);
    // Sets engine time to `engineUs` from now on, at the same speed: seeking in a replay.
    void jumpTo(qint64 engineUs);
    // Real microseconds until engine time reaches `targetUs` at the current speed: 0 if it has, -1 while paused.
    qint64 realUsUntil(qint64 targetUs) const;

private:
    using Steady = std::chrono::steady_clock;
    qint64 nowLocked(Steady::time_point real) const;
    void reanchorLocked();

    mutable std::mutex m_mutex;
    Steady::time_point m_realAnchor;
    qint64 m_engineAnchorUs = 0;
    double m_speed = 1.0;
    bool m_paused = false;
};

} // namespace SupervisorLab
