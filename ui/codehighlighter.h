#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace SupervisorLab {

// Light emphasis for the Go-like pseudocode of the code view: keywords bold, comments muted.
class CodeHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    explicit CodeHighlighter(QTextDocument *document);

    // Comments take this colour; rehighlights the document.
    void setCommentColor(const QColor &color);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_keyword;
    QTextCharFormat m_comment;
};

} // namespace SupervisorLab
