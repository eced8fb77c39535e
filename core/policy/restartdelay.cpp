#include "restartdelay.h"

#include "seededdraws.h"
#include "supervisorconfig.h"

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

qint64 RestartDelay::nextMs(const SupervisorConfig &config, quint32 attempt, qint64 previousMs, double unit)
{
    const qint64 ceiling = beforeJitterMs(config, attempt);
    switch (config.jitter) {
    case Jitter::None:
        return ceiling;
    case Jitter::Full:
        return SeededDraws::between(unit, 0, ceiling);
    case Jitter::Equal:
        return SeededDraws::between(unit, (ceiling + 1) / 2, ceiling);
    case Jitter::Decorrelated: {
        const qint64 previous = std::max(previousMs, config.delayMs);
        const qint64 high = std::min(config.maxDelayMs, 3 * previous);
        return SeededDraws::between(unit, config.delayMs, std::max(config.delayMs, high));
    }
    }
    return ceiling;
}

} // namespace SupervisorLab
