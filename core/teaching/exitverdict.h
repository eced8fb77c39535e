#pragma once

#include "events/lifecycleevent.h"
#include "policy/supervisorconfig.h"
#include "policy/supervisorpolicy.h"

#include <QList>

namespace SupervisorLab {

// Why a supervisor is on its way down, so that nothing below it starts again.
enum class Halt
{
    None,
    ShuttingDown, // asked to stop by its parent, or the run's stop
    GivingUp,
    WithItsGroup, // stopped for its parent's group restart
};

// What a child's exit makes its supervisor do, by the policy's rules, as far as the log up to the exit tells.
struct ExitVerdict
{
    enum class Kind
    {
        Restart, // its supervisor restarts its group
        NotRestarted, // its restart type keeps it down
        GiveUp, // one more restart is more than the supervisor's intensity allows: it gives up instead
        AskedToStop, // its supervisor had asked it to stop: the exit it waited for, no new decision
        AlreadyScheduled, // it was due to restart with a group already: no new decision
        SubtreeStopping, // `supervisor` (at or above its own) is on its way down: nothing below it restarts
        RootExit, // the root supervisor's end: nobody above it decides
    };

    Kind kind = Kind::NotRestarted;
    TreeChild child;
    int supervisor = 0; // the deciding supervisor; for SubtreeStopping the one on its way down
    Halt halt = Halt::None; // SubtreeStopping: why
    RestartType restart = RestartType::Permanent; // the child's restart type
    Strategy strategy = Strategy::OneForOne; // the deciding supervisor's
    QList<TreeChild> stopped; // Restart: the members asked to stop, in the order they are asked (reverse start order)
    QList<TreeChild> restarted; // Restart: the members started again with it, in start order, itself left out
    QList<TreeChild> dropped; // Restart: temporary members stopped and not restarted
    int restarts = 0; // Restart, GiveUp: the restart it makes, counted with those in the intensity window
    qint64 maxRestarts = SupervisorConfig::kUnlimited; // the deciding supervisor's intensity
    qint64 withinMs = 0;
    RestartCause cause; // AlreadyScheduled: the exit whose group it goes with
    ExitKind causeExit = ExitKind::Failed; // ... and how that child ended
};

} // namespace SupervisorLab
