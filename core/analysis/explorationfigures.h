#pragma once

#include <QString>

namespace SupervisorLab {

// An exploration's figures as people read them, the same wherever they are shown (the window's explorer, the
// headless report): "520 ms", "1.9 s", "31 min", "2.5 h"; "97.3 %", "99.98 %", "100 %"; "12.5 per hour".
struct ExplorationFigures
{
    static QString duration(qint64 us);
    // Never rounds a share that is not whole to 100 % or to 0 %: it shows more digits instead.
    static QString percent(double share);
    static QString perHour(double rate);
};

} // namespace SupervisorLab
