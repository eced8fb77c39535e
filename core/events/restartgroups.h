#pragma once

#include "events/lifecycleevent.h"

namespace SupervisorLab {

// Which restart_scheduled events begin a restart decision, read in log order. A group restart (one-for-all,
// rest-for-one) schedules several workers for one cause and counts once, as the restart intensity counts it.
class RestartGroups
{
public:
    // True if `restart` begins a decision: its cause differs from the restart scheduled before it (a restart with
    // no cause, from a log built by hand, is a decision of its own).
    bool beginsDecision(const LifecycleEvent &restart)
    {
        const bool begins = !restart.cause.isValid() || restart.cause != m_lastCause;
        m_lastCause = restart.cause;
        return begins;
    }

private:
    RestartCause m_lastCause;
};

} // namespace SupervisorLab
