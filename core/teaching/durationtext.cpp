#include "teaching/durationtext.h"

#include "events/readinglocale.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

QString durationText(qint64 ms)
{
    if (ms >= 1000 && ms % 100 == 0)
        //: A duration in seconds: %1 is the number ("1.5").
        return QCoreApplication::translate("DurationText", "%1 s").arg(readingLocale().toString(double(ms) / 1000.0));
    //: A duration in milliseconds: %1 is the number ("250").
    return QCoreApplication::translate("DurationText", "%1 ms").arg(readingLocale().toString(ms));
}

QString secondsText(qint64 us)
{
    return QCoreApplication::translate("DurationText", "%1 s").arg(readingLocale().toString(double(us) / 1e6, 'f', 1));
}

QString delayModelText(const SupervisorConfig &workerConfig)
{
    const QString delay = workerConfig.backoff == BackoffKind::Fixed
        //: How restarts are delayed: %1 is a duration ("500 ms").
        ? QCoreApplication::translate("DurationText", "fixed %1 delay").arg(durationText(workerConfig.delayMs))
        : QCoreApplication::translate("DurationText", "exponential backoff");
    const bool jitter = workerConfig.jitter != Jitter::None;
    const bool breaker = workerConfig.breakerThreshold > 0;
    // The jitter's name (full, equal, decorrelated) is the parameter's value, as written in files.
    if (jitter && breaker)
        //: %1 is the delay ("fixed 500 ms delay", "exponential backoff"), %2 the jitter's name (full, equal...).
        return QCoreApplication::translate("DurationText", "%1 with %2 jitter and a circuit breaker")
            .arg(delay, nameOf(workerConfig.jitter));
    if (jitter)
        //: %1 is the delay ("fixed 500 ms delay", "exponential backoff"), %2 the jitter's name (full, equal...).
        return QCoreApplication::translate("DurationText", "%1 with %2 jitter").arg(delay, nameOf(workerConfig.jitter));
    if (breaker)
        //: %1 is the delay ("fixed 500 ms delay", "exponential backoff").
        return QCoreApplication::translate("DurationText", "%1 with a circuit breaker").arg(delay);
    return delay;
}

} // namespace SupervisorLab
