#pragma once

#include "explainer.h"

#include <QWidget>

#include <memory>

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
    // Takes in the events recorded since the last refresh.
    void refresh();

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
    void append(const QString &line, qsizetype eventIndex);
    void onCursorMoved();

    std::shared_ptr<const EventLog> m_log;
    Explainer m_explainer;
    qsizetype m_next = 0;
    qsizetype m_selectedEvent = -1;
    bool m_selecting = false;
    QPlainTextEdit *m_text;
};

} // namespace SupervisorLab
