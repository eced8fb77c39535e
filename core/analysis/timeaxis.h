#pragma once

#include <QCoreApplication>
#include <QList>
#include <QLocale>
#include <QString>

namespace SupervisorLab {

// The mapping between run time (microseconds) and horizontal pixels of a timeline, and the ticks of its axis.
// A plain value: zooming and panning return a new axis, so the view and its tests share one set of rules.
struct TimeAxis
{
    Q_DECLARE_TR_FUNCTIONS(TimeAxis)

public:
    struct Tick
    {
        qint64 tUs = 0;
        double x = 0;
        QString label;
    };

    static constexpr double kMinUsPerPixel = 1.0; // 1 µs per pixel
    static constexpr double kMaxUsPerPixel = 3.6e9 / 100; // an hour across 100 pixels

    qint64 startUs = 0; // the time at x = 0
    double usPerPixel = 10'000; // 10 ms per pixel
    int widthPx = 0;

    qint64 endUs() const { return mapXToTime(widthPx); }
    double mapTimeToX(qint64 tUs) const { return double(tUs - startUs) / usPerPixel; }
    qint64 mapXToTime(double x) const;

    // Keeps the time under `x` where it is and multiplies the scale by 1/factor: factor > 1 zooms in.
    TimeAxis zoomedAround(double x, double factor) const;
    TimeAxis pannedBy(double dxPx) const; // positive dx moves the picture right, towards earlier times
    // Puts `tUs` at the right edge, keeping the scale: the live edge.
    TimeAxis endingAt(qint64 tUs) const;
    // Shows [fromUs, toUs] across the width.
    TimeAxis showing(qint64 fromUs, qint64 toUs) const;

    // A tick step from the 1-2-5 series such that ticks are at least `minSpacingPx` apart.
    static qint64 tickStepUs(double usPerPixel, int minSpacingPx);
    // Labelled for a person, in `locale` as formatTime() writes it.
    QList<Tick> ticks(int minSpacingPx, const QLocale &locale = QLocale()) const;
    // The texts are for a person: in `locale`'s digits and decimal point ("1,25 s" in German), never with a group
    // separator ("1500 s"), and their units translated. Every caller shows them; text for a file or for parsing
    // back would pass QLocale::c().
    // "1.25 s", "300 ms", "2:05", with as many digits as the step needs.
    static QString formatTime(qint64 tUs, qint64 stepUs, const QLocale &locale = QLocale());
    // A duration for tooltips: "512 µs", "1.5 ms", "2.25 s".
    static QString formatDuration(qint64 us, const QLocale &locale = QLocale());

    friend bool operator==(const TimeAxis &, const TimeAxis &) = default;
};

} // namespace SupervisorLab
