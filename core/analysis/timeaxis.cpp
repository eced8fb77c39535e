#include "analysis/timeaxis.h"

#include "events/readinglocale.h"

#include <QLocale>

#include <algorithm>
#include <array>
#include <cmath>

namespace SupervisorLab {

namespace {

constexpr qint64 kUsPerMs = 1'000;
constexpr qint64 kUsPerSecond = 1'000'000;
constexpr qint64 kUsPerMinute = 60 * kUsPerSecond;

double clampedScale(double usPerPixel)
{
    return std::clamp(usPerPixel, TimeAxis::kMinUsPerPixel, TimeAxis::kMaxUsPerPixel);
}

// Decimals that show every multiple of `stepUs` exactly, in units of `unitUs`.
int decimalsFor(qint64 stepUs, qint64 unitUs)
{
    int decimals = 0;
    for (qint64 unit = unitUs; stepUs % unit != 0 && decimals < 6; unit /= 10)
        ++decimals;
    return decimals;
}

// A clock's minutes or seconds: two digits.
QString twoDigits(qint64 value, const QLocale &locale)
{
    return value < 10 ? locale.zeroDigit() + locale.toString(value) : locale.toString(value);
}

} // namespace

qint64 TimeAxis::mapXToTime(double x) const
{
    return startUs + std::llround(x * usPerPixel);
}

TimeAxis TimeAxis::zoomedAround(double x, double factor) const
{
    TimeAxis zoomed = *this;
    const double anchorUs = double(startUs) + x * usPerPixel;
    zoomed.usPerPixel = clampedScale(usPerPixel / factor);
    zoomed.startUs = std::llround(anchorUs - x * zoomed.usPerPixel);
    return zoomed;
}

TimeAxis TimeAxis::pannedBy(double dxPx) const
{
    TimeAxis panned = *this;
    panned.startUs = startUs - std::llround(dxPx * usPerPixel);
    return panned;
}

TimeAxis TimeAxis::endingAt(qint64 tUs) const
{
    TimeAxis ending = *this;
    ending.startUs = tUs - std::llround(widthPx * usPerPixel);
    return ending;
}

TimeAxis TimeAxis::showing(qint64 fromUs, qint64 toUs) const
{
    TimeAxis shown = *this;
    shown.startUs = fromUs;
    shown.usPerPixel = clampedScale(double(std::max<qint64>(toUs - fromUs, 1)) / std::max(widthPx, 1));
    return shown;
}

qint64 TimeAxis::tickStepUs(double usPerPixel, int minSpacingPx)
{
    const double minStepUs = std::max(1.0, usPerPixel * std::max(minSpacingPx, 1));
    if (minStepUs <= double(kUsPerSecond)) {
        for (qint64 decade = 1;; decade *= 10) {
            for (const qint64 mantissa : { 1, 2, 5 }) {
                if (double(mantissa * decade) >= minStepUs)
                    return mantissa * decade;
            }
        }
    }
    // Beyond a second, steps follow the clock face.
    static constexpr std::array kClockSteps { kUsPerSecond, 2 * kUsPerSecond, 5 * kUsPerSecond, 10 * kUsPerSecond,
        15 * kUsPerSecond, 30 * kUsPerSecond, kUsPerMinute, 2 * kUsPerMinute, 5 * kUsPerMinute, 10 * kUsPerMinute,
        15 * kUsPerMinute, 30 * kUsPerMinute, 60 * kUsPerMinute };
    for (const qint64 step : kClockSteps) {
        if (double(step) >= minStepUs)
            return step;
    }
    const qint64 hour = 60 * kUsPerMinute;
    return hour * qint64(std::ceil(minStepUs / double(hour)));
}

QList<TimeAxis::Tick> TimeAxis::ticks(int minSpacingPx, const QLocale &locale) const
{
    QList<Tick> result;
    if (widthPx <= 0)
        return result;
    const qint64 step = tickStepUs(usPerPixel, minSpacingPx);
    const qint64 last = endUs();
    // The first multiple of the step at or after the left edge, rounding towards the future for negatives too.
    qint64 t = startUs >= 0 ? (startUs + step - 1) / step * step : -((-startUs) / step * step);
    for (; t <= last; t += step)
        result.append({ t, mapTimeToX(t), formatTime(t, step, locale) });
    return result;
}

QString TimeAxis::formatTime(qint64 tUs, qint64 stepUs, const QLocale &locale)
{
    const QLocale reading = readingLocale(locale);
    if (stepUs >= kUsPerMinute || std::abs(tUs) >= 100 * kUsPerMinute) {
        const qint64 totalSeconds = tUs / kUsPerSecond;
        const QString sign = tUs < 0 ? reading.negativeSign() : QString();
        const qint64 seconds = std::abs(totalSeconds);
        if (seconds >= 3600) {
            //: A time on a clock: %1 hours, %2 minutes, %3 seconds ("1:02:05")
            return sign
                + tr("%1:%2:%3")
                      .arg(reading.toString(seconds / 3600), twoDigits((seconds / 60) % 60, reading),
                          twoDigits(seconds % 60, reading));
        }
        //: A time on a clock: %1 minutes, %2 seconds ("2:05")
        return sign + tr("%1:%2").arg(reading.toString(seconds / 60), twoDigits(seconds % 60, reading));
    }
    //: A number of seconds: %1 is the number ("1.25")
    return tr("%1 s").arg(
        reading.toString(double(tUs) / kUsPerSecond, 'f', decimalsFor(std::max<qint64>(stepUs, 1), kUsPerSecond)));
}

QString TimeAxis::formatDuration(qint64 us, const QLocale &locale)
{
    const QLocale reading = readingLocale(locale);
    const qint64 magnitude = std::abs(us);
    if (magnitude < kUsPerMs)
        //: A duration in microseconds: %1 is the number ("512")
        return tr("%1 µs").arg(reading.toString(us));
    // Three significant digits: "1.25 ms", "12.5 ms", "771 ms", trailing zeros dropped.
    const auto significant = [&reading](double value) {
        const double size = std::abs(value);
        QString text = reading.toString(value, 'f', size >= 100 ? 0 : size >= 10 ? 1 : 2);
        if (text.contains(reading.decimalPoint())) {
            while (text.endsWith(reading.zeroDigit()))
                text.chop(reading.zeroDigit().size());
            if (text.endsWith(reading.decimalPoint()))
                text.chop(reading.decimalPoint().size());
        }
        return text;
    };
    if (magnitude < kUsPerSecond)
        //: A duration in milliseconds: %1 is the number ("1.25")
        return tr("%1 ms").arg(significant(double(us) / kUsPerMs));
    //: A number of seconds: %1 is the number ("1.25")
    return tr("%1 s").arg(significant(double(us) / kUsPerSecond));
}

} // namespace SupervisorLab
