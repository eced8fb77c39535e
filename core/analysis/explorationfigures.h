#pragma once

#include <QCoreApplication>
#include <QLocale>
#include <QString>

namespace SupervisorLab {

// An exploration's figures as people read them, the same wherever they are shown (the window's explorer, the
// headless report): "520 ms", "1.9 s", "31 min", "2.5 h"; "97.3 %", "99.98 %", "100 %"; "12.5 per hour".
// In `locale`'s digits and decimal point ("1,9 s" in German), never with a group separator, their units translated:
// every caller shows them to a person. The exports write the numbers themselves (ExplorationExport).
struct ExplorationFigures
{
    Q_DECLARE_TR_FUNCTIONS(ExplorationFigures)

public:
    static QString duration(qint64 us, const QLocale &locale = QLocale());
    // Never rounds a share that is not whole to 100 % or to 0 %: it shows more digits instead.
    static QString percent(double share, const QLocale &locale = QLocale());
    static QString perHour(double rate, const QLocale &locale = QLocale());
};

} // namespace SupervisorLab
