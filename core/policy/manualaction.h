#pragma once

namespace SupervisorLab {

// What a person can do to a running tree by hand, as OTP's supervisor API lets an operator do it.
enum class ManualAction
{
    StopWorker, // terminate_child: the worker stops and stays down
    RestartWorker, // restart_child: a worker that is down starts again
    GiveUpSupervisor, // the supervisor gives up now, as if its intensity were exceeded
};

} // namespace SupervisorLab
