#include "io/logfieldrange.h"

#include "policy/echoedtext.h"

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
    return u"%1 '%2' is not a whole number in %3..%4"_s.arg(name, echoed(text)).arg(minimum).arg(maximum);
}

} // namespace SupervisorLab
