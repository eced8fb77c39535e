#pragma once

#include "policy/restartwindow.h"

namespace SupervisorLab {

// A dependency's capacity: at most `capacity` connection attempts accepted within any sliding window of
// `windowUs`, the window being (now - T, now] as everywhere in the lab. An attempt is the start of an incarnation
// of a worker that depends on it. A refused attempt takes no capacity: the dependency turned it away at the door,
// as a rate limiter that counts admitted requests does. Capacity 0 is unlimited.
class CapacityWindow
{
public:
    // Whether an attempt at `tUs` (not before the previous one) is accepted; an accepted one is counted.
    bool tryAttempt(qint64 tUs, int capacity, qint64 windowUs)
    {
        if (capacity <= 0)
            return true;
        m_accepted.forgetBefore(tUs, windowUs);
        if (m_accepted.count(tUs, windowUs) >= capacity)
            return false;
        m_accepted.record(tUs);
        return true;
    }

private:
    RestartWindow m_accepted;
};

} // namespace SupervisorLab
