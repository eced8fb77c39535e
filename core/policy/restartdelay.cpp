#include "policy/restartdelay.h"

#include "policy/supervisorconfig.h"
#include "policy/uniformdraw.h"

#include <algorithm>
#include <cmath>

namespace SupervisorLab {

qint64 RestartDelay::beforeJitterMs(const SupervisorConfig &config, quint32 attempt)
{
    if (config.backoff == BackoffKind::Fixed)
        return config.delayMs;
    const double grown = double(config.delayMs) * std::pow(config.backoffFactor, double(std::max(attempt, 1u) - 1));
    if (!(grown < double(config.maxDelayMs)))
        return config.maxDelayMs;
    return std::max(config.delayMs, qint64(std::llround(grown)));
}

RestartDelay::Range RestartDelay::rangeMs(const SupervisorConfig &config, quint32 attempt, qint64 previousMs)
{
    const qint64 ceiling = beforeJitterMs(config, attempt);
    switch (config.jitter) {
    case Jitter::None:
        return { ceiling, ceiling };
    case Jitter::Full:
        return { 0, ceiling };
    case Jitter::Equal:
        return { (ceiling + 1) / 2, ceiling };
    case Jitter::Decorrelated: {
        const qint64 previous = std::max(previousMs, config.delayMs);
        const qint64 high = std::min(config.maxDelayMs, 3 * previous);
        return { config.delayMs, std::max(config.delayMs, high) };
    }
    }
    return { ceiling, ceiling };
}

qint64 RestartDelay::nextMs(const SupervisorConfig &config, quint32 attempt, qint64 previousMs, double unit)
{
    const Range range = rangeMs(config, attempt, previousMs);
    return range.lowMs == range.highMs ? range.lowMs : uniformDraw(unit, range.lowMs, range.highMs);
}

} // namespace SupervisorLab
