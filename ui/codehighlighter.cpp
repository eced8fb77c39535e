#include "codehighlighter.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

// Where a "//" comment starts, skipping any inside a string literal; -1 if the line has none.
qsizetype commentStart(const QString &text)
{
    bool inString = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'"')
            inString = !inString;
        else if (!inString && text.at(i) == u'/' && i + 1 < text.size() && text.at(i + 1) == u'/')
            return i;
    }
    return -1;
}

} // namespace

CodeHighlighter::CodeHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    m_keyword.setFontWeight(QFont::Bold);
}

void CodeHighlighter::setCommentColor(const QColor &color)
{
    if (m_comment.foreground().color() == color && m_comment.hasProperty(QTextFormat::ForegroundBrush))
        return;
    m_comment.setForeground(color);
    rehighlight();
}

void CodeHighlighter::highlightBlock(const QString &text)
{
    static const QRegularExpression keywords(u"\\b(break|case|chan|const|continue|default|defer|else|for|func|go|"
                                             "if|range|return|select|struct|switch|type|var)\\b"_s);
    const qsizetype comment = commentStart(text);
    const qsizetype codeEnd = comment < 0 ? text.size() : comment;
    for (auto match = keywords.globalMatch(text); match.hasNext();) {
        const QRegularExpressionMatch keyword = match.next();
        if (keyword.capturedStart() >= codeEnd)
            break;
        setFormat(int(keyword.capturedStart()), int(keyword.capturedLength()), m_keyword);
    }
    if (comment >= 0)
        setFormat(int(comment), int(text.size() - comment), m_comment);
}

} // namespace SupervisorLab
