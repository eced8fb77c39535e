#pragma once

#include "teaching/teachingwarnings.h"

#include <QWidget>

#include <memory>

class QLabel;
class QVBoxLayout;

namespace SupervisorLab {

class EventLog;

// The teaching warnings that hold right now, above the timeline: one line each, flapping workers together in one;
// hidden while there are none. It follows a run's log itself (setLog, takeIn, refresh) or shows what it is given.
class WarningBar : public QWidget
{
    Q_OBJECT

public:
    explicit WarningBar(QWidget *parent = nullptr);

    // Starts over with a run's log (nullptr: none).
    void setLog(const std::shared_ptr<const EventLog> &log);
    // Takes in the log's events up to `end`.
    void takeIn(qsizetype end);
    // Lets engine time pass to `nowUs` and shows the warnings that hold then.
    void refresh(qint64 nowUs);

    void setWarnings(const QList<TeachingWarning> &warnings);
    QStringList texts() const;

private:
    std::shared_ptr<const EventLog> m_log;
    TeachingWarnings m_warnings;
    qsizetype m_next = 0; // the first event m_warnings has not taken in
    quint64 m_shownRevision = 0;

    QVBoxLayout *m_layout;
    QList<QLabel *> m_lines;
};

} // namespace SupervisorLab
