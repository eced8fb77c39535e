#include "pseudotranslator.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

// One accented look-alike for each ASCII letter, so the text stays readable.
const QString kUpper = u"ȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ"_s;
const QString kLower = u"ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑ"_s;
constexpr double kGrowth = 0.4;

// Whatever starts at `at` that must pass through as it is: a placeholder (%1, %L2, %n, %%), a tag, an entity.
qsizetype verbatimLength(const QString &text, qsizetype at)
{
    const QChar c = text.at(at);
    const qsizetype size = text.size();
    if (c == u'%' && at + 1 < size) {
        qsizetype end = at + 1;
        if (text.at(end) == u'L' && end + 1 < size && text.at(end + 1).isDigit())
            ++end;
        if (text.at(end) == u'%' || text.at(end) == u'n')
            return end + 1 - at;
        while (end < size && text.at(end).isDigit())
            ++end;
        return end - at > 1 ? end - at : 0;
    }
    if (c == u'<') {
        const qsizetype close = text.indexOf(u'>', at);
        return close < 0 ? 0 : close + 1 - at;
    }
    if (c == u'&' && at + 1 < size && text.at(at + 1).isLetter()) {
        const qsizetype semicolon = text.indexOf(u';', at);
        if (semicolon > at && semicolon - at <= 8) {
            bool entity = true;
            for (qsizetype i = at + 1; i < semicolon; ++i)
                entity = entity && (text.at(i).isLetterOrNumber() || text.at(i) == u'#');
            if (entity)
                return semicolon + 1 - at;
        }
    }
    return 0;
}

QChar accented(QChar c)
{
    if (c >= u'A' && c <= u'Z')
        return kUpper.at(c.unicode() - u'A');
    if (c >= u'a' && c <= u'z')
        return kLower.at(c.unicode() - u'a');
    return c;
}

} // namespace

QString PseudoTranslator::translate(const char *context, const char *sourceText, const char *, int) const
{
    Q_UNUSED(context)
    if (!sourceText || !*sourceText)
        return {};
    return pseudo(QString::fromUtf8(sourceText));
}

QString PseudoTranslator::pseudo(const QString &text)
{
    QString result;
    result.reserve(text.size() * 2 + 4);
    result += u'[';
    qsizetype letters = 0;
    for (qsizetype at = 0; at < text.size();) {
        if (const qsizetype verbatim = verbatimLength(text, at); verbatim > 0) {
            result += QStringView(text).mid(at, verbatim);
            at += verbatim;
            continue;
        }
        const QChar c = text.at(at++);
        if (c.isLetter())
            ++letters;
        result += accented(c);
    }
    // The padding breaks like words do (groups of five), so that a long text can still wrap.
    for (qsizetype pad = 0, padding = letters > 0 ? qMax<qsizetype>(1, qsizetype(letters * kGrowth) - 1) : 0;
         pad < padding; ++pad)
        result += QStringView(pad % 5 == 0 ? u" ~" : u"~");
    result += u']';
    return result;
}

bool PseudoTranslator::looksTranslated(const QString &text)
{
    bool accent = false;
    qsizetype plainRun = 0;
    for (const QChar c : text) {
        if (kUpper.contains(c) || kLower.contains(c))
            accent = true;
        const bool plain = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
        plainRun = plain ? plainRun + 1 : 0;
        if (plainRun >= 3)
            return false;
    }
    return accent;
}

} // namespace SupervisorLab
