#pragma once

#include "teaching/explainer.h"

#include <QWidget>

#include <algorithm>
#include <memory>
#include <vector>

class QPlainTextEdit;

namespace SupervisorLab {

class EventLog;

// Tells the run as it happens, one sentence per event saying why it happened (Explainer's words, the same as
// headless --explain). It keeps the newest few thousand lines; when events come faster than anyone can read,
// it tells the newest ones of each frame and says how many it passed over. Clicking a line selects its event.
class NarrationPanel : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kMaxLines = 5000;
    static constexpr int kMaxSentencesPerRefresh = 50;

    explicit NarrationPanel(QWidget *parent = nullptr);

    void setLog(std::shared_ptr<const EventLog> log);
    // Tells the events recorded since the last refresh, up to `upTo` (-1: all of them): the newest
    // kMaxSentencesPerRefresh, passing over the others.
    void refresh(qsizetype upTo = -1);
    // Follows the events up to `upTo` without telling them yet; of these, only the newest
    // kMaxSentencesPerRefresh can still be told. Spreads a flood's following over many turns of the event loop.
    void takeIn(qsizetype upTo);
    qsizetype eventsTakenIn() const { return std::max(m_next, m_takenUntil); }

    QPlainTextEdit *text() const { return m_text; }
    // The event told on a line of text(), or -1 for a line that tells none.
    qsizetype eventOfLine(int line) const;
    qsizetype selectedEvent() const { return m_selectedEvent; }

public slots:
    // Marks the line of an event selected elsewhere, if it is still shown.
    void selectEvent(qsizetype eventIndex);

signals:
    void eventSelected(qsizetype eventIndex);

private:
    // Appends lines, each telling the event at the same place in `events` (or kNoEvent).
    void append(const QStringList &lines, const std::vector<qsizetype> &events);
    void onCursorMoved();

    std::shared_ptr<const EventLog> m_log;
    Explainer m_explainer;
    qsizetype m_next = 0; // the first event not followed yet
    qsizetype m_takenUntil = 0; // events before it are followed or waiting to be told
    qsizetype m_passedOver = 0; // followed without being told since the last refresh
    qsizetype m_selectedEvent = -1;
    bool m_selecting = false;
    QPlainTextEdit *m_text;
};

} // namespace SupervisorLab
