#include "analysis/explorationfigures.h"

#include "events/readinglocale.h"

#include <cmath>

namespace SupervisorLab {
namespace {

} // namespace

QString ExplorationFigures::duration(qint64 us, const QLocale &locale)
{
    const QLocale reading = readingLocale(locale);
    const double ms = double(us) / 1e3;
    if (std::round(ms * 10) < 100)
        //: A duration in milliseconds: %1 is the number ("520", "2.5")
        return tr("%1 ms").arg(reading.toString(ms, 'f', us == 0 || us % 1000 == 0 ? 0 : 1));
    if (std::round(ms) < 1000)
        return tr("%1 ms").arg(reading.toString(std::round(ms), 'f', 0));
    // Above that, two or three significant figures in the largest unit that keeps the number at least 1.
    const auto number = [&reading](double value) {
        const bool tenths = std::round(value * 10) < 100 && std::round(value * 10) != std::round(value) * 10;
        return reading.toString(value, 'f', tenths ? 1 : 0);
    };
    const double seconds = ms / 1e3;
    if (std::round(seconds) < 60)
        //: A duration in seconds: %1 is the number ("1.9", "42")
        return tr("%1 s").arg(number(seconds));
    if (std::round(seconds / 60) < 60)
        //: A duration in minutes: %1 is the number ("31", "2.5")
        return tr("%1 min").arg(number(seconds / 60));
    if (std::round(seconds / 3600) < 48)
        //: A duration in hours: %1 is the number ("2.5", "36")
        return tr("%1 h").arg(number(seconds / 3600));
    //: A duration in days: %1 is the number ("2.5", "30")
    return tr("%1 d").arg(number(seconds / 86400));
}

QString ExplorationFigures::percent(double share, const QLocale &locale)
{
    const QLocale reading = readingLocale(locale);
    if (share >= 1.0 || share <= 0.0)
        //: A share in percent: %1 is the number ("97.3", "100")
        return tr("%1 %").arg(reading.toString(share >= 1.0 ? 100 : 0));
    const double value = share * 100;
    int decimals = 1;
    const auto rounded = [&] { return std::round(value * std::pow(10, decimals)) / std::pow(10, decimals); };
    while (decimals < 6 && (rounded() >= 100 || rounded() <= 0))
        ++decimals;
    return tr("%1 %").arg(reading.toString(value, 'f', decimals));
}

QString ExplorationFigures::perHour(double rate, const QLocale &locale)
{
    const int decimals = rate >= 100 ? 0 : rate >= 10 ? 1 : 2;
    //: A rate: %1 is how many restarts per hour ("12.5")
    return tr("%1 per hour").arg(readingLocale(locale).toString(rate, 'f', decimals));
}

} // namespace SupervisorLab
