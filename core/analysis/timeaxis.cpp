#include "analysis/timeaxis.h"

#include <QLocale>

#include <algorithm>
#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

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

QString number(double value, int decimals)
{
    return QLocale::c().toString(value, 'f', decimals);
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

QList<TimeAxis::Tick> TimeAxis::ticks(int minSpacingPx) const
{
    QList<Tick> result;
    if (widthPx <= 0)
        return result;
    const qint64 step = tickStepUs(usPerPixel, minSpacingPx);
    const qint64 last = endUs();
    // The first multiple of the step at or after the left edge, rounding towards the future for negatives too.
    qint64 t = startUs >= 0 ? (startUs + step - 1) / step * step : -((-startUs) / step * step);
    for (; t <= last; t += step)
        result.append({ t, mapTimeToX(t), formatTime(t, step) });
    return result;
}

QString TimeAxis::formatTime(qint64 tUs, qint64 stepUs)
{
    if (stepUs >= kUsPerMinute || std::abs(tUs) >= 100 * kUsPerMinute) {
        const qint64 totalSeconds = tUs / kUsPerSecond;
        const QString sign = tUs < 0 ? u"-"_s : QString();
        const qint64 seconds = std::abs(totalSeconds);
        if (seconds >= 3600) {
            return sign
                + u"%1:%2:%3"_s.arg(seconds / 3600)
                      .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
                      .arg(seconds % 60, 2, 10, QLatin1Char('0'));
        }
        return sign + u"%1:%2"_s.arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    }
    return number(double(tUs) / kUsPerSecond, decimalsFor(std::max<qint64>(stepUs, 1), kUsPerSecond)) + u" s"_s;
}

QString TimeAxis::formatDuration(qint64 us)
{
    const qint64 magnitude = std::abs(us);
    if (magnitude < kUsPerMs)
        return QString::number(us) + u" µs"_s;
    // Three significant digits: "1.25 ms", "12.5 ms", "771 ms", trailing zeros dropped.
    const auto significant = [](double value) {
        const double size = std::abs(value);
        QString text = number(value, size >= 100 ? 0 : size >= 10 ? 1 : 2);
        if (text.contains(u'.')) {
            while (text.endsWith(u'0'))
                text.chop(1);
            if (text.endsWith(u'.'))
                text.chop(1);
        }
        return text;
    };
    if (magnitude < kUsPerSecond)
        return significant(double(us) / kUsPerMs) + u" ms"_s;
    return significant(double(us) / kUsPerSecond) + u" s"_s;
}

} // namespace SupervisorLab
