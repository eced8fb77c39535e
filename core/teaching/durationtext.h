#pragma once

#include "events/readinglocale.h"
#include "policy/supervisorconfig.h"

#include <QString>

namespace SupervisorLab {

// A parameter's duration as the lab's texts say it: "1.5 s" from a second on when it is a whole number of tenths,
// "250 ms" or "1234 ms" otherwise, so that a value reads as the user typed it. Follows QLocale().
QString durationText(qint64 ms);
// A measured time in seconds with one decimal, as the narration says when things happened: "3.0 s".
QString secondsText(qint64 us);
// How the worker's restarts are delayed, in a few words: "fixed 500 ms delay", "exponential backoff with full
// jitter and a circuit breaker".
QString delayModelText(const SupervisorConfig &workerConfig);

} // namespace SupervisorLab
