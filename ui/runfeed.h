#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

namespace SupervisorLab {

class EventLog;
class RunController;

// One view's part in the feed. Each is optional; a view registers the ones it needs.
struct FeedView
{
    // A run began (its log), or was cleared (nullptr): start over.
    std::function<void(const std::shared_ptr<const EventLog> &log)> setLog = {};
    // Take in the log's events up to `end`, without showing them yet. Called in turns between frames, at most
    // RunFeed::kEventsPerTurn events a turn, so the window answers however fast the engine records.
    std::function<void(qsizetype end)> takeIn = {};
    // Each frame, before anything is shown: catch up with what was taken in; true if there is more to show.
    std::function<bool(qsizetype takenIn)> catchUp = {};
    // Each frame that shows something (the run moves or grew): show the run as of `nowUs`.
    std::function<void(qint64 nowUs)> showFrame = {};
    // A panel that is read rather than watched: refreshed ten times a second while a run moves (every frame in a
    // replay, so that no panel trails the timeline by more than a frame), and every time once it stands still. All
    // read panels are refreshed in the same frame with the same `takenIn` and `nowUs`, so that at any moment they show
    // the same prefix of the log at the same time: their counts agree.
    std::function<void(qsizetype takenIn, qint64 nowUs)> read = {};
};

// Paces a run's events into the window's views: it takes events in by turns of their own between frames, refreshes
// at display rate while the run moves (and stops when nothing does), and refreshes the read panels together. Views
// register with it; the window only lays them out.
class RunFeed : public QObject
{
    Q_OBJECT

public:
    static constexpr int kFrameIntervalMs = 16;
    static constexpr int kReadIntervalMs = 100;
    static constexpr qsizetype kEventsPerTurn = 1024;

    explicit RunFeed(RunController *controller, QObject *parent = nullptr);

    // Registration order is the order views are fed in.
    void subscribe(FeedView view);

    // A run began or was cleared: every view starts over from `log`.
    void setLog(const std::shared_ptr<const EventLog> &log);
    // Something changed that a frame must show (new events, a moved axis, a new state).
    void scheduleFrame();
    // Shows everything now: the run stands still (it finished, or the feed is asked to catch up at once).
    void refresh();
    void stop();

    qsizetype eventsTakenIn() const { return m_takenIn; }
    int frameCount() const { return m_frames; }
    bool hasFramesPending() const { return m_frameTimer.isActive() || m_takeInTimer.isActive(); }

private:
    void scheduleTakeIn();
    void takeInEvents();

    RunController *m_controller;
    std::vector<FeedView> m_views;
    std::vector<size_t> m_readers; // the views with a read panel, in turn order
    std::shared_ptr<const EventLog> m_log;
    qsizetype m_takenIn = 0; // events every view has taken in
    QTimer m_takeInTimer; // the next turn's events, while the views are behind the log
    QTimer m_frameTimer;
    QElapsedTimer m_readRoundStarted;
    int m_frames = 0;
};

} // namespace SupervisorLab
