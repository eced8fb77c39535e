#include "codeview.h"

#include "events/readinglocale.h"

#include "codehighlighter.h"
#include "statecolors.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QEvent>
#include <QFontDatabase>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextEdit>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

// A line that wraps continues this many columns deeper than it starts, as an editor's continuation indent.
constexpr int kContinuationIndent = 4;
constexpr int kAccentWidth = 3;

QColor mixed(const QColor &from, const QColor &to, qreal amount)
{
    const auto channel = [amount](qreal a, qreal b) { return a + (b - a) * amount; };
    return QColor::fromRgbF(float(channel(from.redF(), to.redF())), float(channel(from.greenF(), to.greenF())),
        float(channel(from.blueF(), to.blueF())));
}

QString defaultCaption()
{
    return QCoreApplication::translate("CodeView",
        "The supervisor pattern in Go-like pseudocode. The step of the newest or the selected event is "
        "highlighted.");
}

// What happened, in a few words: "Worker 2 failed (error)", "Worker 0 restarts in 400 ms".
QString headline(const LifecycleEvent &event)
{
    const int worker = event.worker;
    switch (event.kind) {
    case EventKind::RunStarted:
        return QCoreApplication::translate("CodeView", "The run started");
    case EventKind::SupervisorStarted:
        return QCoreApplication::translate("CodeView", "The supervisor started");
    case EventKind::SupervisorStopping:
        return QCoreApplication::translate("CodeView", "A stop was requested");
    case EventKind::SupervisorStopped:
        return QCoreApplication::translate("CodeView", "The supervisor stopped");
    case EventKind::SupervisorGaveUp:
        return QCoreApplication::translate("CodeView", "The supervisor gave up");
    case EventKind::WorkerStarted:
        if (event.incarnation > 1) {
            //: %1 is the worker's number, %2 the number of its incarnation (1 for its first start)
            return QCoreApplication::translate("CodeView", "Worker %1 restarted (incarnation %2)")
                .arg(worker)
                .arg(event.incarnation);
        }
        return QCoreApplication::translate("CodeView", "Worker %1 started").arg(worker);
    case EventKind::WorkerReady:
        return QCoreApplication::translate("CodeView", "Worker %1 is ready").arg(worker);
    case EventKind::WorkerCompleted:
        return QCoreApplication::translate("CodeView", "Worker %1 completed").arg(worker);
    case EventKind::WorkerFailed:
        if (event.failure == FailureKind::Hang)
            return QCoreApplication::translate("CodeView", "Worker %1 missed its heartbeat").arg(worker);
        //: %1 is the worker's number, %2 the kind of failure as the log names it (error, exception, hang…)
        return QCoreApplication::translate("CodeView", "Worker %1 failed (%2)")
            .arg(worker)
            .arg(failureKindName(event.failure));
    case EventKind::RestartScheduled:
        //: %1 is the worker's number, %2 the restart delay in milliseconds
        return QCoreApplication::translate("CodeView", "Worker %1 restarts in %2 ms")
            .arg(worker)
            .arg(readingLocale().toString(event.delayMs));
    case EventKind::WorkerStopping:
        return QCoreApplication::translate("CodeView", "Worker %1 is asked to stop").arg(worker);
    case EventKind::WorkerStopped:
        return QCoreApplication::translate("CodeView", "Worker %1 stopped").arg(worker);
    case EventKind::WorkerAbandoned:
        return QCoreApplication::translate("CodeView", "Worker %1 is abandoned").arg(worker);
    case EventKind::CircuitOpened:
        return QCoreApplication::translate("CodeView", "Worker %1's circuit opened").arg(worker);
    case EventKind::CircuitHalfOpen:
        return QCoreApplication::translate("CodeView", "Worker %1's circuit is half-open").arg(worker);
    case EventKind::CircuitClosed:
        return QCoreApplication::translate("CodeView", "Worker %1's circuit closed").arg(worker);
    case EventKind::ConfigChanged:
        //: %1 is a parameter's name as on the command line (failure_rate), %2 its new value
        return QCoreApplication::translate("CodeView", "%1 set to %2").arg(event.key, event.value);
    case EventKind::DependencyDown:
        //: %1 is the dependency's number, %2 why it went down
        return QCoreApplication::translate("CodeView", "Dependency %1 went down (%2)")
            .arg(event.dependency)
            .arg(event.reason);
    case EventKind::DependencyUp:
        return QCoreApplication::translate("CodeView", "Dependency %1 came back").arg(event.dependency);
    case EventKind::RunFinished:
        return QCoreApplication::translate("CodeView", "The run finished");
    }
    return eventName(event.kind);
}

} // namespace

CodeView::CodeView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"codeView"_s);

    m_caption = new QLabel(this);
    m_caption->setObjectName(u"codeCaption"_s);
    m_caption->setTextFormat(Qt::RichText);
    m_caption->setWordWrap(true);
    m_caption->setAccessibleName(tr("What happened"));

    // A QTextEdit, not a QPlainTextEdit: only its layout honours block margins, which indent wrapped lines.
    m_text = new QTextEdit(this);
    m_text->setObjectName(u"codeText"_s);
    m_text->setReadOnly(true);
    m_text->setUndoRedoEnabled(false);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_text->setLineWrapMode(QTextEdit::WidgetWidth);
    m_text->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setAccessibleName(tr("Supervisor code"));
    m_text->setAccessibleDescription(
        tr("The supervisor's code, with the step of the newest or the selected event highlighted"));
    m_text->viewport()->installEventFilter(this);
    m_highlighter = new CodeHighlighter(m_text->document());
    fillText();
    applyColors();
    setCaption({}, defaultCaption());

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_caption);
    layout->addWidget(m_text, 1);
}

std::pair<int, int> CodeView::highlightedLines() const
{
    return m_step ? PatternCode::linesOf(*m_step) : std::pair { -1, -1 };
}

QString CodeView::captionText() const
{
    return m_captionText;
}

void CodeView::setCaption(const QString &headline, const QString &text)
{
    const QString plain = headline.isEmpty() ? text : headline + u" — "_s + text;
    if (plain == m_captionText)
        return;
    m_captionText = plain;
    m_caption->setText(headline.isEmpty() ? text.toHtmlEscaped()
                                          : u"<b>"_s + headline.toHtmlEscaped() + u"</b> — "_s + text.toHtmlEscaped());
}

void CodeView::showStepOf(const LifecycleEvent &event)
{
    if (m_event && *m_event == event)
        return;
    const std::optional<PatternCode::Step> step = PatternCode::stepFor(event);
    if (!step) {
        clear();
        return;
    }
    m_event = event;
    QString caption = PatternCode::caption(*step);
    caption[0] = caption.at(0).toLower();
    setCaption(headline(event), caption);
    if (step == m_step)
        return;
    m_step = step;
    highlight();
    scrollToHighlight();
}

void CodeView::clear()
{
    m_step.reset();
    m_event.reset();
    setCaption({}, defaultCaption());
    m_text->viewport()->update();
}

void CodeView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyColors();
        highlight();
    }
}

void CodeView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    scrollToHighlight(); // lines wrap differently at another width
}

void CodeView::fillText()
{
    QTextCursor cursor(m_text->document());
    const qreal space = QFontMetricsF(m_text->font()).horizontalAdvance(u' ');
    bool first = true;
    for (const QString &line : PatternCode::lines()) {
        const auto indent = std::find_if(line.cbegin(), line.cend(), [](QChar c) { return c != u' '; }) - line.cbegin();
        QTextBlockFormat format;
        format.setLeftMargin(space * qreal(indent + kContinuationIndent));
        format.setTextIndent(-format.leftMargin());
        if (first)
            cursor.setBlockFormat(format);
        else
            cursor.insertBlock(format);
        cursor.insertText(line);
        first = false;
    }
    m_text->moveCursor(QTextCursor::Start); // the editor's own cursor moved along to the end, and it shows it
}

void CodeView::applyColors()
{
    const QPalette &palette = this->palette(); // m_text takes the change after this widget
    const bool dark = StateColors::isDark(palette);
    m_highlightColor = mixed(palette.color(QPalette::Base), palette.color(QPalette::Highlight), dark ? 0.45 : 0.3);
    m_highlighter->setCommentColor(mixed(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.45));
}

QRect CodeView::highlightRect() const
{
    if (!m_step)
        return {};
    const auto [first, last] = PatternCode::linesOf(*m_step);
    const QTextDocument *document = m_text->document();
    QAbstractTextDocumentLayout *layout = document->documentLayout();
    const qreal top = layout->blockBoundingRect(document->findBlockByNumber(first)).top();
    const qreal bottom = layout->blockBoundingRect(document->findBlockByNumber(last)).bottom();
    const int scrolled = m_text->verticalScrollBar()->value();
    return QRect(0, qRound(top) - scrolled, m_text->viewport()->width(), qRound(bottom - top));
}

void CodeView::highlight()
{
    m_text->viewport()->update();
}

bool CodeView::eventFilter(QObject *watched, QEvent *event)
{
    // Painted under the text, before the editor draws it: an extra selection would leave the indent of wrapped
    // lines and the end of each line's last row unmarked.
    if (watched == m_text->viewport() && event->type() == QEvent::Paint && m_step) {
        const QRect band = highlightRect();
        QPainter painter(m_text->viewport());
        painter.fillRect(band, m_highlightColor);
        painter.fillRect(
            QRect(band.topLeft(), QSize(kAccentWidth, band.height())), palette().color(QPalette::Highlight));
    }
    return QWidget::eventFilter(watched, event);
}

void CodeView::scrollToHighlight()
{
    if (!m_step)
        return;
    const QRect band = highlightRect();
    const int height = m_text->viewport()->height();
    if (band.top() >= 0 && band.bottom() < height)
        return;
    // A third of the free room above the block, so that the code leading to it is in sight too, from the start of
    // a line rather than from the middle of a wrapped one.
    const int room = std::max(0, height - band.height());
    QScrollBar *scrollBar = m_text->verticalScrollBar();
    const qreal wanted = scrollBar->value() + band.top() - room / 3;
    const QTextDocument *document = m_text->document();
    QTextBlock block = document->begin();
    while (block.next().isValid() && document->documentLayout()->blockBoundingRect(block).bottom() <= wanted)
        block = block.next();
    scrollBar->setValue(qRound(document->documentLayout()->blockBoundingRect(block).top()));
}

} // namespace SupervisorLab
