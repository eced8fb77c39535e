#include "teaching/durationtext.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {

QString durationText(qint64 ms)
{
    if (ms >= 1000 && ms % 100 == 0)
        return QString::number(double(ms) / 1000.0) + u" s"_s;
    return QString::number(ms) + u" ms"_s;
}

QString secondsText(qint64 us)
{
    return QString::number(double(us) / 1e6, 'f', 1) + u" s"_s;
}

QString delayModelText(const SupervisorConfig &workerConfig)
{
    QString text = workerConfig.backoff == BackoffKind::Fixed
        ? u"fixed %1 delay"_s.arg(durationText(workerConfig.delayMs))
        : u"exponential backoff"_s;
    if (workerConfig.jitter != Jitter::None)
        text += u" with %1 jitter"_s.arg(nameOf(workerConfig.jitter));
    if (workerConfig.breakerThreshold > 0)
        text += workerConfig.jitter != Jitter::None ? u" and a circuit breaker"_s : u" with a circuit breaker"_s;
    return text;
}

} // namespace SupervisorLab
