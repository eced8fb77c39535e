#include "runfeed.h"

#include "runcontroller.h"

#include "events/eventlog.h"

namespace SupervisorLab {

RunFeed::RunFeed(RunController *controller, QObject *parent)
    : QObject(parent)
    , m_controller(controller)
{
    m_frameTimer.setInterval(kFrameIntervalMs);
    m_frameTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_frameTimer, &QTimer::timeout, this, &RunFeed::refresh);
    m_takeInTimer.setSingleShot(true);
    m_takeInTimer.setInterval(0);
    connect(&m_takeInTimer, &QTimer::timeout, this, &RunFeed::takeInEvents);
}

void RunFeed::subscribe(FeedView view)
{
    if (view.read)
        m_readers.push_back(m_views.size());
    m_views.push_back(std::move(view));
}

void RunFeed::setLog(const std::shared_ptr<const EventLog> &log)
{
    m_log = log;
    m_takenIn = 0;
    m_takeInTimer.stop();
    m_readRoundStarted.invalidate();
    for (const FeedView &view : m_views) {
        if (view.setLog)
            view.setLog(log);
    }
}

void RunFeed::stop()
{
    m_frameTimer.stop();
    m_takeInTimer.stop();
}

void RunFeed::scheduleFrame()
{
    if (!m_frameTimer.isActive())
        m_frameTimer.start();
    scheduleTakeIn();
}

void RunFeed::scheduleTakeIn()
{
    if (m_log && m_takenIn < m_log->size() && !m_takeInTimer.isActive())
        m_takeInTimer.start();
}

void RunFeed::takeInEvents()
{
    if (!m_log)
        return;
    const qsizetype end = std::min(m_log->size(), m_takenIn + kEventsPerTurn);
    for (const FeedView &view : m_views) {
        if (view.takeIn)
            view.takeIn(end);
    }
    m_takenIn = std::max(m_takenIn, end);
    scheduleTakeIn();
}

void RunFeed::refresh()
{
    ++m_frames;
    const RunController::State state = m_controller->state();
    const bool paused = state == RunController::State::Paused;
    const bool moving = state == RunController::State::Running || state == RunController::State::Stopping;
    const qint64 now = m_controller->nowUs();
    // While a run moves, events are taken in by turns of their own between frames: a frame only shows them.
    if (moving)
        scheduleTakeIn();
    else
        takeInEvents();
    bool grew = false;
    for (const FeedView &view : m_views) {
        if (view.catchUp)
            grew = view.catchUp(m_takenIn) || grew;
    }
    if (grew || !paused) {
        for (const FeedView &view : m_views) {
            if (view.showFrame)
                view.showFrame(now);
        }
        // One prefix and one time for every read panel: were they read in turns, each would show a different moment.
        const bool due = !moving || m_controller->isReplay() || !m_readRoundStarted.isValid()
            || m_readRoundStarted.hasExpired(kReadIntervalMs);
        if (due) {
            for (const size_t reader : m_readers)
                m_views[reader].read(m_takenIn, now);
            m_readRoundStarted.start();
        }
    }
    if (!moving && !grew && !m_takeInTimer.isActive())
        m_frameTimer.stop();
}

} // namespace SupervisorLab
