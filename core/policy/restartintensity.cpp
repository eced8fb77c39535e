#include "policy/restartintensity.h"

#include <algorithm>

namespace SupervisorLab {

bool RestartIntensity::recordRestart(qint64 nowUs, qint64 maxRestarts, qint64 withinUs)
{
    if (maxRestarts < 0) {
        m_restartTimesUs.clear(); // unlimited: nothing to remember, memory stays flat in a storm
        return false;
    }
    forgetBefore(nowUs, withinUs);
    m_restartTimesUs.push_back(nowUs);
    return qint64(m_restartTimesUs.size()) > maxRestarts;
}

int RestartIntensity::restartsWithin(qint64 nowUs, qint64 withinUs) const
{
    return int(std::count_if(m_restartTimesUs.begin(), m_restartTimesUs.end(),
        [&](qint64 t) { return t > nowUs - withinUs && t <= nowUs; }));
}

void RestartIntensity::forgetBefore(qint64 nowUs, qint64 withinUs)
{
    while (!m_restartTimesUs.empty() && m_restartTimesUs.front() <= nowUs - withinUs)
        m_restartTimesUs.pop_front();
}

} // namespace SupervisorLab
