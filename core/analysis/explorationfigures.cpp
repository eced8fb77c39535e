#include "analysis/explorationfigures.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

QString ExplorationFigures::duration(qint64 us)
{
    const double ms = double(us) / 1e3;
    if (std::round(ms * 10) < 100)
        return u"%1 ms"_s.arg(ms, 0, 'f', us == 0 || us % 1000 == 0 ? 0 : 1);
    if (std::round(ms) < 1000)
        return u"%1 ms"_s.arg(std::round(ms), 0, 'f', 0);
    // Above that, two or three significant figures in the largest unit that keeps the number at least 1.
    const auto inUnit = [](double value, const QString &unit) {
        const bool tenths = std::round(value * 10) < 100 && std::round(value * 10) != std::round(value) * 10;
        return u"%1 %2"_s.arg(value, 0, 'f', tenths ? 1 : 0).arg(unit);
    };
    const double seconds = ms / 1e3;
    if (std::round(seconds) < 60)
        return inUnit(seconds, u"s"_s);
    if (std::round(seconds / 60) < 60)
        return inUnit(seconds / 60, u"min"_s);
    if (std::round(seconds / 3600) < 48)
        return inUnit(seconds / 3600, u"h"_s);
    return inUnit(seconds / 86400, u"d"_s);
}

QString ExplorationFigures::percent(double share)
{
    if (share >= 1.0 || share <= 0.0)
        return u"%1 %"_s.arg(share >= 1.0 ? 100 : 0);
    const double value = share * 100;
    int decimals = 1;
    const auto rounded = [&] { return std::round(value * std::pow(10, decimals)) / std::pow(10, decimals); };
    while (decimals < 6 && (rounded() >= 100 || rounded() <= 0))
        ++decimals;
    return u"%1 %"_s.arg(value, 0, 'f', decimals);
}

QString ExplorationFigures::perHour(double rate)
{
    const int decimals = rate >= 100 ? 0 : rate >= 10 ? 1 : 2;
    return u"%1 per hour"_s.arg(rate, 0, 'f', decimals);
}

} // namespace SupervisorLab
