#include "firstframereporter.h"

#include <QEvent>
#include <QTimer>
#include <QWidget>

#include <chrono>
#include <cstdio>

namespace SupervisorLab {

FirstFrameReporter::FirstFrameReporter(QWidget *window, std::function<void()> then)
    : QObject(window)
    , m_window(window)
    , m_then(std::move(then))
{
    window->installEventFilter(this);
}

bool FirstFrameReporter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::Paint) {
        m_window->removeEventFilter(this);
        // The window paints first and its children after it, all in one go; the frame is complete once that
        // returns to the event loop.
        QTimer::singleShot(0, this, [this] { report(); });
    }
    return false;
}

void FirstFrameReporter::report()
{
    const auto now = std::chrono::steady_clock::now().time_since_epoch();
    std::printf("first-frame %lld\n", static_cast<long long>(std::chrono::nanoseconds(now).count()));
    std::fflush(stdout);
    if (m_then)
        m_then();
}

} // namespace SupervisorLab
