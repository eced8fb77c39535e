#pragma once

#include "policy/manualaction.h"
#include "policy/supervisorconfig.h"
#include "runtime/scaledclock.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>

class QAction;

namespace SupervisorLab {

class EventLog;
class ReplayCursor;
class Supervisor;

// The run the window shows: starts it on threads (or in virtual time), pauses, stops and resets it, and
// forwards parameter changes to it. Owns the run actions, with their shortcuts and tooltips, and keeps their
// enabled and checked states in step with the run.
//
// Or a replay of a recorded log: then the same actions play, pause, step through and rewind the recording, at
// the chosen speed, and the views follow the events shown so far exactly as they follow a live run.
class RunController : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Idle, // nothing run yet, or reset
        Running,
        Paused,
        Stopping,
        Finished,
    };
    Q_ENUM(State)

    explicit RunController(QObject *parent = nullptr);
    ~RunController() override;

    const SupervisorConfig &config() const { return m_config; }
    // Replaces the parameters for the next run (a loaded scenario, restored settings); the current run is unchanged.
    void setConfig(const SupervisorConfig &config);
    // Asked before a live run starts (Start, or Step from a standstill) with the config it would run; false: nothing
    // starts. The window asks here whether real programs may run. A replay runs nothing and is never asked about.
    void setStartGuard(std::function<bool(const SupervisorConfig &config)> guard) { m_startGuard = std::move(guard); }
    // Whether the run going on (or, with none, the next one) supervises real programs. It then runs at 1x and cannot
    // be paused or stepped: a process takes the time it takes, whatever the engine's clock says, so slowing or
    // freezing that clock would only make its heartbeats and timeouts lie. False for a replay, which runs nothing.
    bool runsInRealTimeOnly() const { return !m_replay && (isActive() ? m_runHasPrograms : m_configHasPrograms); }

    State state() const { return m_state; }
    bool isActive() const
    {
        return m_state == State::Running || m_state == State::Paused || m_state == State::Stopping;
    }
    bool gaveUp() const;
    std::shared_ptr<const EventLog> log() const { return m_log; }
    qint64 nowUs() const;
    bool isReplay() const { return m_replay != nullptr; }
    // Whether the run takes actions by hand now (fail, stop or start a worker, make a supervisor give up): a live run
    // on threads, running or paused. A replay only shows what was recorded; a virtual-time run is over at once.
    bool acceptsActions() const;
    const ReplayCursor *replay() const { return m_replay.get(); }
    QString replayName() const { return m_replayName; }
    QString stateText() const;

    QAction *startAction() const { return m_start; }
    QAction *pauseAction() const { return m_pause; }
    QAction *stepAction() const { return m_step; }
    QAction *stopAction() const { return m_stop; }
    QAction *resetAction() const { return m_reset; }

    static constexpr double kMinSpeed = 0.1;
    static constexpr double kMaxSpeed = 10.0;
    // The speed chosen for runs of simulated workers and for replays; a run of real programs keeps 1x.
    double speed() const { return m_speed; }

public slots:
    void start();
    void setPaused(bool paused);
    // Paused: runs to the next event and pauses again. Running: pauses. Idle or finished: starts a run paused
    // at its first events. Threaded runs only: a virtual-time run is over at once.
    void step();
    void stop();
    void reset();
    // A parameter edited by the user: recorded for the next run, and applied at once to a run going on.
    void setParameter(const QString &key, const QString &value);
    void setWorkerParameter(int worker, const QString &key, const QString &value);
    void failWorker(int worker);
    // By hand, as OTP's supervisor API: stop a worker and keep it down (terminate_child), start a stopped one again
    // (restart_child), or make a supervisor give up. What cannot be done comes back through parameterRejected().
    void act(SupervisorLab::ManualAction action, int index);
    // The run's world, by hand: see Supervisor.
    void takeDownDependency(int dependency);
    void bringBackDependency(int dependency);
    void setDependencyCapacity(int dependency, int capacity);
    // Engine time runs at `speed` times real time (0.1..10): slow motion slows the workers too. Kept across runs; a
    // run of real programs stays at 1x (runsInRealTimeOnly).
    void setSpeed(double speed);
    // Stops a run going on and waits for it, bounded by its shutdown timeout: for closing the window.
    void shutDown();
    // Replays `recording` (named `name` in the window), paused at its start; a run going on is stopped first.
    void openReplay(std::shared_ptr<const EventLog> recording, const QString &name);
    // Back to live runs, with the parameters as they were.
    void closeReplay();
    // Replay: moves to `positionUs` and shows the recording up to there.
    void seek(qint64 positionUs);

signals:
    void runStarted(std::shared_ptr<const SupervisorLab::EventLog> log);
    void runCleared();
    void stateChanged(SupervisorLab::RunController::State state);
    // The engine has new events; a view refreshes at its own pace.
    void eventsAvailable();
    void parameterRejected(const QString &key, const QString &error);
    void replayChanged(); // a replay was opened or closed
    void configChanged(); // setConfig(): the next run's parameters were replaced

private:
    void setState(State state);
    void onFinished();
    void updateActions();
    void discardFinishedRun();
    // Whether the start guard lets m_config run.
    bool mayStart();
    void startVirtual();
    void startThreaded(bool paused);
    void playReplay(bool playing);
    void stepReplay();
    void advanceReplay();
    // Shows the recording up to `positionUs`; a move back hands the views a fresh log.
    void showReplayAt(qint64 positionUs);

    SupervisorConfig m_config;
    bool m_configHasPrograms = false;
    bool m_runHasPrograms = false; // the run going on, or the last one
    std::function<bool(const SupervisorConfig &)> m_startGuard;
    State m_state = State::Idle;
    std::shared_ptr<EventLog> m_log;
    QPointer<Supervisor> m_supervisor;
    QFutureWatcher<void> m_virtualRun;
    std::shared_ptr<std::atomic<bool>> m_cancelVirtual;
    bool m_resetWhenStopped = false;
    double m_speed = 1.0;
    std::unique_ptr<ReplayCursor> m_replay;
    QString m_replayName;
    ScaledClock m_replayClock;
    QTimer m_replayTimer;

    QAction *m_start;
    QAction *m_pause;
    QAction *m_step;
    QAction *m_stop;
    QAction *m_reset;
};

} // namespace SupervisorLab
