#include "logfieldrange.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {

QString LogFieldRange::problemWith(qint64 value) const
{
    if (value >= minimum && value <= maximum)
        return {};
    return u"%1 %2 is out of range (%3..%4)"_s.arg(name).arg(value).arg(minimum).arg(maximum);
}

QString LogFieldRange::problemWithText(QStringView text) const
{
    constexpr qsizetype kShown = 40;
    const QString shown = text.size() > kShown ? text.left(kShown).toString() + u"…"_s : text.toString();
    return u"%1 '%2' is not a whole number in %3..%4"_s.arg(name, shown).arg(minimum).arg(maximum);
}

} // namespace SupervisorLab
