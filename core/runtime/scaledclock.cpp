#include "runtime/scaledclock.h"

#include <cmath>

namespace SupervisorLab {

ScaledClock::ScaledClock()
    : m_realAnchor(Steady::now())
{
}

qint64 ScaledClock::nowLocked(Steady::time_point real) const
{
    if (m_paused)
        return m_engineAnchorUs;
    const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(real - m_realAnchor).count();
    return m_engineAnchorUs + (m_speed == 1.0 ? elapsed : qint64(double(elapsed) * m_speed));
}

void ScaledClock::reanchorLocked()
{
    const auto real = Steady::now();
    m_engineAnchorUs = nowLocked(real);
    m_realAnchor = real;
}

qint64 ScaledClock::nowUs() const
{
    std::lock_guard lock(m_mutex);
    return nowLocked(Steady::now());
}

double ScaledClock::speed() const
{
    std::lock_guard lock(m_mutex);
    return m_speed;
}

void ScaledClock::setSpeed(double speed)
{
    std::lock_guard lock(m_mutex);
    reanchorLocked();
    m_speed = speed;
}

bool ScaledClock::isPaused() const
{
    std::lock_guard lock(m_mutex);
    return m_paused;
}

void ScaledClock::setPaused(bool paused)
{
    std::lock_guard lock(m_mutex);
    reanchorLocked();
    m_paused = paused;
}

void ScaledClock::jumpTo(qint64 engineUs)
{
    std::lock_guard lock(m_mutex);
    m_realAnchor = Steady::now();
    m_engineAnchorUs = engineUs;
}

qint64 ScaledClock::realUsUntil(qint64 targetUs) const
{
    std::lock_guard lock(m_mutex);
    if (m_paused)
        return -1;
    const qint64 remaining = targetUs - nowLocked(Steady::now());
    return remaining <= 0 ? 0 : qint64(std::ceil(double(remaining) / m_speed));
}

} // namespace SupervisorLab
