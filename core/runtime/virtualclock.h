#pragma once

#include "runtime/clock.h"

namespace SupervisorLab {

// Time that moves only when the virtual-time runtime moves it.
class VirtualClock final : public Clock
{
public:
    qint64 nowUs() const override { return m_nowUs; }
    void setNowUs(qint64 nowUs) { m_nowUs = nowUs; }

private:
    qint64 m_nowUs = 0;
};

} // namespace SupervisorLab
