#include "io/logfieldrange.h"

#include "policy/echoedtext.h"

namespace SupervisorLab {

QString LogFieldRange::problemWith(qint64 value) const
{
    if (value >= minimum && value <= maximum)
        return {};
    //: %1 is a field's name as the file has it ("worker"), %2 its value, %3 and %4 the smallest and largest allowed
    return tr("%1 %2 is out of range (%3..%4)")
        .arg(name.toString(), QString::number(value), QString::number(minimum), QString::number(maximum));
}

QString LogFieldRange::problemWithText(QStringView text) const
{
    //: %1 is a field's name as the file has it ("delay_ms"), %2 its text, %3 and %4 the smallest and largest allowed
    return tr("%1 '%2' is not a whole number in %3..%4")
        .arg(name.toString(), echoed(text), QString::number(minimum), QString::number(maximum));
}

QString LogOutputText::problemWith(QStringView output)
{
    if (output.isEmpty())
        //: output is a field's name, as the file has it
        return tr("'output' is empty: an end without output carries none");
    qsizetype bytes = 0; // as UTF-8, which the file holds it in, counted without converting it
    for (const QChar c : output)
        bytes += c.unicode() < 0x80 ? 1 : (c.unicode() < 0x800 || c.isSurrogate() ? 2 : 3); // a pair: 2 + 2
    if (bytes > kMaxBytes)
        //: output is a field's name; %1 is the most bytes it may have, %2 how many it has
        return tr("'output' is longer than %1 bytes (%2)").arg(QString::number(kMaxBytes), QString::number(bytes));
    if (!output.endsWith(u'\n'))
        return tr("'output' must end with a line break, as each of its lines does");
    return {};
}

} // namespace SupervisorLab
