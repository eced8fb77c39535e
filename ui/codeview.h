#pragma once

#include "events/lifecycleevent.h"
#include "teaching/patterncode.h"

#include <QColor>
#include <QWidget>

#include <optional>
#include <utility>

class QLabel;
class QTextEdit;

namespace SupervisorLab {

class CodeHighlighter;

// The supervisor's code (PatternCode) with the step of one event highlighted, under a caption that says what
// happened and what that part of the code does. Cheap to call at display rate with the newest or the selected
// event: the same event again changes nothing.
class CodeView : public QWidget
{
    Q_OBJECT

public:
    explicit CodeView(QWidget *parent = nullptr);

    std::optional<PatternCode::Step> currentStep() const { return m_step; }
    // The highlighted lines, first and last (0-based); { -1, -1 } when none is.
    std::pair<int, int> highlightedLines() const;
    QString captionText() const;

public slots:
    // Highlights the code of the event's step, scrolls it into view when the step changes, and captions it.
    void showStepOf(const LifecycleEvent &event);
    void clear();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void fillText();
    void applyColors();
    void setCaption(const QString &headline, const QString &text);
    QRect highlightRect() const; // in the editor's viewport
    void highlight();
    void scrollToHighlight();

    QLabel *m_caption = nullptr;
    QTextEdit *m_text = nullptr;
    CodeHighlighter *m_highlighter = nullptr;
    QString m_captionText;
    QColor m_highlightColor;
    std::optional<PatternCode::Step> m_step;
    std::optional<LifecycleEvent> m_event;
};

} // namespace SupervisorLab
