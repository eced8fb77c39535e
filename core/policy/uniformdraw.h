#pragma once

#include <QtGlobal>

#include <algorithm>
#include <cmath>

namespace SupervisorLab {

// A uniform draw `unit` in [0, 1) as a whole number in [low, high]; high < low yields low. Every draw of the lab
// (a work time, a jitter, a failure kind) maps its unit the same way.
inline qint64 uniformDraw(double unit, qint64 low, qint64 high)
{
    if (high <= low)
        return low;
    const double span = double(high - low) + 1.0;
    const auto offset = qint64(std::floor(unit * span));
    return std::min(high, low + offset);
}

} // namespace SupervisorLab
