#pragma once

#include "policy/restartwindow.h"

#include <QtGlobal>

namespace SupervisorLab {

// OTP's restart intensity: more than R restarts within T gives up. Restarts are counted when decided.
class RestartIntensity
{
public:
    // Records a restart decided at `nowUs`; returns true when it makes more than `maxRestarts` within `withinUs`.
    // A negative `maxRestarts` means unlimited.
    bool recordRestart(qint64 nowUs, qint64 maxRestarts, qint64 withinUs);
    // Restarts decided in the window that ends at `nowUs`.
    int restartsWithin(qint64 nowUs, qint64 withinUs) const;

private:
    RestartWindow m_window;
};

} // namespace SupervisorLab
