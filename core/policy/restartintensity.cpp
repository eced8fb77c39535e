#include "policy/restartintensity.h"

namespace SupervisorLab {

bool RestartIntensity::recordRestart(qint64 nowUs, qint64 maxRestarts, qint64 withinUs)
{
    if (maxRestarts < 0) {
        m_window.clear(); // unlimited: nothing to remember, memory stays flat in a storm
        return false;
    }
    m_window.forgetBefore(nowUs, withinUs);
    m_window.record(nowUs);
    return qint64(m_window.size()) > maxRestarts;
}

int RestartIntensity::restartsWithin(qint64 nowUs, qint64 withinUs) const
{
    return m_window.count(nowUs, withinUs);
}

} // namespace SupervisorLab
