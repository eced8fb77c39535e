#pragma once

#include <QString>

namespace SupervisorLab {

// A parameter's duration as the lab's texts say it: "1.5 s" from a second on when it is a whole number of tenths,
// "250 ms" or "1234 ms" otherwise, so that a value reads as the user typed it.
QString durationText(qint64 ms);

} // namespace SupervisorLab
