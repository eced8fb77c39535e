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

QString LogOutputText::problemWith(QStringView output)
{
    if (output.isEmpty())
        return u"'output' is empty: an end without output carries none"_s;
    qsizetype bytes = 0; // as UTF-8, which the file holds it in, counted without converting it
    for (const QChar c : output)
        bytes += c.unicode() < 0x80 ? 1 : (c.unicode() < 0x800 || c.isSurrogate() ? 2 : 3); // a pair: 2 + 2
    if (bytes > kMaxBytes)
        return u"'output' is longer than %1 bytes (%2)"_s.arg(kMaxBytes).arg(bytes);
    if (!output.endsWith(u'\n'))
        return u"'output' must end with a line break, as each of its lines does"_s;
    return {};
}

} // namespace SupervisorLab
