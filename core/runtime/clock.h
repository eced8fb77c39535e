#pragma once

#include <QtGlobal>

namespace SupervisorLab {

// Engine time in microseconds since the run began. Injected everywhere a time is taken.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowUs() const = 0;
};

} // namespace SupervisorLab
