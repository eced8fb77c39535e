#pragma once

#include "analysis/dependencytracker.h"

#include <QString>

namespace SupervisorLab {

// What the world did, in the words the narration and the explanations share. Each takes the tracker as it was
// before `event` (the failure or the change) was observed.
namespace DependencyWords {

// "db is down (outage since 3.0 s)", "db is overloaded: it takes 4 attempts per 1 s"; empty for other failures.
QString failure(const DependencyTracker &world, const LifecycleEvent &event);
// "db goes down (outage); 4 workers depend on it", "db is back after 8.0 s; 4 workers depend on it".
QString change(const DependencyTracker &world, const LifecycleEvent &event);
// "All 4 workers that depend on db run again from 33.5 s, 11.5 s after it came back (exponential backoff)". Said
// when the last of them is known to run: at the first event after its start (a start turned away fails in the same
// microsecond).
QString recovery(const DependencyTracker &world, const DependencyTracker::Recovery &recovery);

} // namespace DependencyWords
} // namespace SupervisorLab
