#pragma once

#include "events/lifecycleevent.h"

#include <QString>

namespace SupervisorLab {

// A real program's ending in the words the narration, the explanations and the window share.
namespace ProgramWords {

// "exit 3 after 212 ms", "killed by signal 11 (SIGSEGV) after 1.2 s", "could not start: execve: No such file or
// directory", "exit 0 after 4.0 s"; `ranUs` is how long the incarnation ran (-1: unknown). Empty for an event that is
// not a program's ending (a simulated worker's, or a failure the supervisor declared).
QString ending(const LifecycleEvent &event, qint64 ranUs);
// "; last output: connection refused", or empty if the incarnation wrote nothing.
QString lastOutput(const LifecycleEvent &event);

} // namespace ProgramWords
} // namespace SupervisorLab
