#pragma once

#include <QObject>

#include <functional>

class QWidget;

namespace SupervisorLab {

// Tells another process when a window has painted its first frame, for measuring startup: prints
// "first-frame NS" on standard output, NS being the time on the system's monotonic clock (CLOCK_MONOTONIC, as
// std::chrono::steady_clock reads it in any process), then calls `then`.
class FirstFrameReporter : public QObject
{
public:
    FirstFrameReporter(QWidget *window, std::function<void()> then);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void report();

    QWidget *m_window;
    std::function<void()> m_then;
};

} // namespace SupervisorLab
