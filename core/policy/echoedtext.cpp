#include "policy/echoedtext.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {

QString onOneLine(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c == u'\n')
            out += u"\\n"_s;
        else if (c == u'\r')
            out += u"\\r"_s;
        else if (c == u'\t')
            out += u"\\t"_s;
        else if (c.category() == QChar::Other_Control || c.category() == QChar::Separator_Line
            || c.category() == QChar::Separator_Paragraph)
            out += u"\\u%1"_s.arg(uint(c.unicode()), 4, 16, QChar(u'0'));
        else
            out += c;
    }
    return out;
}

QString echoed(QStringView text, qsizetype limit)
{
    if (text.size() <= limit)
        return onOneLine(text);
    qsizetype cut = limit;
    if (text.at(cut - 1).isHighSurrogate())
        --cut; // never half a character
    return onOneLine(text.first(cut)) + u"… (%1 characters)"_s.arg(text.size());
}

} // namespace SupervisorLab
