#include "narrationpanel.h"

#include "analysis/timeaxis.h"
#include "events/eventlog.h"

#include <QPlainTextEdit>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QTextBlock>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

constexpr int kNoEvent = -1;

} // namespace

NarrationPanel::NarrationPanel(QWidget *parent)
    : QWidget(parent)
    , m_text(new QPlainTextEdit(this))
{
    m_text->setObjectName(u"narrationText"_s);
    m_text->setReadOnly(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_text->setMaximumBlockCount(kMaxLines);
    m_text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_text->setPlaceholderText(tr("Each event of a run is told here as it happens, with why it happened."));
    m_text->setToolTip(tr("Why each event happened. Click a line to find its event in the timeline and the log."));
    m_text->setAccessibleName(tr("Narration"));
    m_text->setAccessibleDescription(
        tr("Each event of the run told as it happens, with why it happened; a line's event is selected in the "
           "timeline and the log when the cursor is on it"));
    connect(m_text, &QPlainTextEdit::cursorPositionChanged, this, &NarrationPanel::onCursorMoved);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text);
}

void NarrationPanel::setLog(std::shared_ptr<const EventLog> log)
{
    m_log = std::move(log);
    m_explainer = Explainer();
    m_next = 0;
    m_takenUntil = 0;
    m_passedOver = 0;
    m_selectedEvent = -1;
    m_text->clear();
    refresh();
}

void NarrationPanel::takeIn(qsizetype upTo)
{
    if (!m_log)
        return;
    upTo = std::min(upTo, m_log->size());
    m_takenUntil = std::max(m_takenUntil, upTo);
    // Whatever is older than the newest few now will be older than the newest few at the next refresh too.
    for (const qsizetype untold = upTo - kMaxSentencesPerRefresh; m_next < untold; ++m_next, ++m_passedOver)
        m_explainer.observe(m_log->withoutReasonAt(m_next)); // followed, not told: nobody reads that fast
}

void NarrationPanel::refresh(qsizetype upTo)
{
    if (!m_log)
        return;
    const qsizetype end = upTo < 0 ? m_log->size() : std::min(upTo, m_log->size());
    if (end <= m_next)
        return;
    takeIn(end);
    QScrollBar *scroll = m_text->verticalScrollBar();
    const bool atEnd = scroll->value() == scroll->maximum();
    QStringList lines;
    std::vector<qsizetype> events;
    if (m_passedOver > 0) {
        //: %n is how many events were not told
        lines << tr("… %n events passed over: too many to tell at this speed", nullptr,
            int(std::min<qsizetype>(m_passedOver, std::numeric_limits<int>::max())));
        events.push_back(kNoEvent);
    }
    m_passedOver = 0;
    for (; m_next < end; ++m_next) {
        const LifecycleEvent event = m_log->at(m_next);
        lines << TimeAxis::formatTime(event.tUs, 1000).rightJustified(9) + u"   "_s + m_explainer.explain(event);
        events.push_back(m_next);
    }
    append(lines, events);
    if (atEnd)
        scroll->setValue(scroll->maximum());
}

void NarrationPanel::append(const QStringList &lines, const std::vector<qsizetype> &events)
{
    // In one go: the text lays itself out once, not once per line.
    m_text->appendPlainText(lines.join(u'\n'));
    // The event's index rides on its line; the user state is an int, which is plenty for the lines kept.
    QTextBlock block = m_text->document()->lastBlock();
    for (auto event = events.rbegin(); event != events.rend() && block.isValid(); ++event, block = block.previous())
        block.setUserState(int(std::min<qsizetype>(*event, std::numeric_limits<int>::max())));
}

qsizetype NarrationPanel::eventOfLine(int line) const
{
    const QTextBlock block = m_text->document()->findBlockByNumber(line);
    return block.isValid() ? block.userState() : kNoEvent;
}

void NarrationPanel::onCursorMoved()
{
    if (m_selecting)
        return;
    const qsizetype event = m_text->textCursor().block().userState();
    if (event < 0 || event == m_selectedEvent)
        return;
    m_selectedEvent = event;
    emit eventSelected(event);
}

void NarrationPanel::selectEvent(qsizetype eventIndex)
{
    m_selectedEvent = eventIndex;
    QList<QTextEdit::ExtraSelection> marks;
    for (QTextBlock block = m_text->document()->lastBlock(); block.isValid(); block = block.previous()) {
        if (block.userState() < 0 || block.userState() > eventIndex)
            continue;
        if (block.userState() == eventIndex) {
            QTextEdit::ExtraSelection mark;
            mark.cursor = QTextCursor(block);
            QColor band = palette().color(QPalette::Highlight);
            band.setAlpha(90); // readable over light and dark bases alike
            mark.format.setBackground(band);
            mark.format.setProperty(QTextFormat::FullWidthSelection, true);
            marks.append(mark);
            const QScopedValueRollback selecting(m_selecting, true);
            m_text->setTextCursor(QTextCursor(block));
            m_text->ensureCursorVisible();
        }
        break; // lines are in event order: the event is on this line or on none
    }
    m_text->setExtraSelections(marks);
}

} // namespace SupervisorLab
