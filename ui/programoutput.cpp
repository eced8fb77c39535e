#include "programoutput.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace SupervisorLab::ProgramOutput {
namespace {

constexpr char16_t kEscape = 0x1b;

bool reordersText(char16_t c)
{
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f;
}

// Skips the escape sequence that starts at `i` (ESC), returning the index after it: a CSI sequence (ESC [ ... final
// byte), an OSC string (ESC ] ... BEL or ESC \), or ESC and one character.
qsizetype afterEscape(QStringView text, qsizetype i)
{
    if (i + 1 >= text.size())
        return text.size();
    const char16_t kind = text[i + 1].unicode();
    if (kind == u'[') {
        for (qsizetype j = i + 2; j < text.size(); ++j) {
            const char16_t c = text[j].unicode();
            if (c >= 0x40 && c <= 0x7e)
                return j + 1;
        }
        return text.size();
    }
    if (kind == u']') {
        for (qsizetype j = i + 2; j < text.size(); ++j) {
            const char16_t c = text[j].unicode();
            if (c == 0x07 || c == u'\n')
                return j + 1;
            if (c == kEscape && j + 1 < text.size() && text[j + 1] == u'\\')
                return j + 2;
        }
        return text.size();
    }
    return i + 2;
}

} // namespace

QString readable(QStringView output)
{
    QString text;
    text.reserve(output.size());
    for (qsizetype i = 0; i < output.size();) {
        const char16_t c = output[i].unicode();
        if (c == kEscape) {
            i = afterEscape(output, i);
            continue;
        }
        ++i;
        const bool control = c != u'\n' && c != u'\t' && (c < 0x20 || (c >= 0x7f && c <= 0x9f));
        if (!control && !reordersText(c))
            text += QChar(c);
    }
    return text;
}

QString tail(QStringView output, int lines, int width)
{
    QStringList kept = readable(output).split(u'\n');
    while (!kept.isEmpty() && kept.constLast().trimmed().isEmpty())
        kept.removeLast();
    qint64 notKept = 0; // the engine's count of lines it did not keep, on a line of its own before the others
    if (!kept.isEmpty() && kept.constFirst().startsWith(u'[') && kept.constFirst().endsWith(u"not kept]"_s)) {
        notKept = kept.constFirst().mid(1).section(u' ', 0, 0).toLongLong();
        kept.removeFirst();
    }
    if (kept.isEmpty())
        return {};
    QString text;
    if (kept.size() > lines || notKept > 0) {
        const qint64 earlier = notKept + std::max<qsizetype>(0, kept.size() - lines);
        const int notShown = int(std::min<qint64>(earlier, std::numeric_limits<int>::max()));
        //: Before the last lines a program wrote: %n is how many lines before them are not shown
        text += u"  "_s
            + QCoreApplication::translate("ProgramOutput", "[%n earlier line(s) not shown]", nullptr, notShown) + u'\n';
        if (kept.size() > lines)
            kept = kept.mid(kept.size() - lines);
    }
    for (const QString &line : std::as_const(kept))
        text += u"  "_s + (line.size() > width ? line.first(width - 1) + u'…' : line) + u'\n';
    text.chop(1);
    return text;
}

} // namespace SupervisorLab::ProgramOutput
