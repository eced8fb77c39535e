#include "runcontroller.h"

#include "analysis/replaycursor.h"
#include "events/eventlog.h"
#include "runtime/supervisor.h"
#include "runtime/virtualruntime.h"

#include <QAction>
#include <QCoreApplication>
#include <QtConcurrent>

#include <algorithm>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace {
// Gives the memory a discarded run freed back to the system. A flood leaves glibc's arenas holding what the log and
// the views freed (small chunks between large ones, in every worker thread's arena): without this, Reset frees the
// objects but the process keeps the pages.
void giveMemoryBack()
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}
} // namespace

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

QString pauseTip()
{
    return QCoreApplication::translate(
        "RunController", "Pause the run: the engine's clock and the picture freeze; again to resume (F6)");
}

QString stepTip()
{
    return QCoreApplication::translate("RunController",
        "Run to the next event and pause again; from a standstill, start paused at the first events (F10)");
}

QString realTimePauseTip()
{
    return QCoreApplication::translate("RunController",
        "No pause here: this run supervises real programs, which run in real time; their processes would go on while "
        "the lab's clock stood still (F6)");
}

QString realTimeStepTip()
{
    return QCoreApplication::translate("RunController",
        "No stepping here: this run supervises real programs, which run in real time, not from event to event (F10)");
}

QString startTip()
{
    return QCoreApplication::translate("RunController", "Start a run with the current parameters (F5)");
}

QString resetTip()
{
    return QCoreApplication::translate(
        "RunController", "Discard the run and clear the timeline, stopping it first if it is going on (Ctrl+F5)");
}

} // namespace

RunController::RunController(QObject *parent)
    : QObject(parent)
    , m_start(new QAction(QIcon::fromTheme(u"media-playback-start"_s), tr("&Start"), this))
    , m_pause(new QAction(QIcon::fromTheme(u"media-playback-pause"_s), tr("&Pause"), this))
    , m_step(new QAction(QIcon::fromTheme(u"media-skip-forward"_s), tr("St&ep"), this))
    , m_stop(new QAction(QIcon::fromTheme(u"media-playback-stop"_s), tr("S&top"), this))
    , m_reset(new QAction(QIcon::fromTheme(u"edit-clear-history"_s), tr("&Reset"), this))
{
    m_start->setShortcut(Qt::Key_F5);
    m_start->setToolTip(startTip());
    m_pause->setShortcut(Qt::Key_F6);
    m_pause->setCheckable(true);
    m_pause->setToolTip(pauseTip());
    m_step->setShortcut(Qt::Key_F10);
    m_step->setToolTip(stepTip());
    m_stop->setShortcut(Qt::SHIFT | Qt::Key_F5);
    m_stop->setToolTip(
        tr("Stop gracefully: workers are asked to stop and abandoned after the shutdown timeout (Shift+F5)"));
    m_reset->setShortcut(Qt::CTRL | Qt::Key_F5);
    m_reset->setToolTip(resetTip());
    connect(m_start, &QAction::triggered, this, &RunController::start);
    connect(m_pause, &QAction::toggled, this, &RunController::setPaused);
    connect(m_step, &QAction::triggered, this, &RunController::step);
    connect(m_stop, &QAction::triggered, this, &RunController::stop);
    connect(m_reset, &QAction::triggered, this, &RunController::reset);
    connect(&m_virtualRun, &QFutureWatcher<void>::finished, this, &RunController::onFinished);
    m_replayTimer.setInterval(16);
    connect(&m_replayTimer, &QTimer::timeout, this, &RunController::advanceReplay);
    updateActions();
}

RunController::~RunController()
{
    shutDown();
}

void RunController::setConfig(const SupervisorConfig &config)
{
    m_config = config;
    m_configHasPrograms = config.hasPrograms();
    updateActions(); // stepping depends on the runtime, and on whether real programs run
    emit configChanged();
}

bool RunController::gaveUp() const
{
    return m_log && m_log->count(EventKind::SupervisorGaveUp) > 0;
}

qint64 RunController::nowUs() const
{
    if (m_replay)
        return m_replay->positionUs();
    if (m_supervisor && m_supervisor->isRunning())
        return m_supervisor->nowUs();
    return m_log ? m_log->lastTimeUs() : 0;
}

QString RunController::stateText() const
{
    if (m_replay) {
        switch (m_state) {
        case State::Running:
            return tr("Replay: playing");
        case State::Finished:
            return tr("Replay: at the end");
        default:
            return tr("Replay: paused");
        }
    }
    switch (m_state) {
    case State::Idle:
        return tr("Ready");
    case State::Running:
        return m_config.virtualTime ? tr("Running in virtual time") : tr("Running");
    case State::Paused:
        return tr("Paused");
    case State::Stopping:
        return tr("Stopping");
    case State::Finished:
        return gaveUp() ? tr("Finished: the supervisor gave up") : tr("Finished");
    }
    return {};
}

void RunController::start()
{
    if (m_replay) {
        if (m_replay->atEnd())
            seek(0);
        playReplay(true);
        return;
    }
    if (isActive())
        return;
    if (!mayStart() || isActive() || m_replay) // a run or a replay may have begun while the guard asked
        return;
    discardFinishedRun();
    if (m_config.virtualTime)
        startVirtual();
    else
        startThreaded(false);
}

bool RunController::mayStart()
{
    // The guard may ask a person, in a dialog with an event loop of its own: what it allows is this config.
    return !m_startGuard || m_startGuard(m_config);
}

void RunController::discardFinishedRun()
{
    m_resetWhenStopped = false;
    delete m_supervisor;
    m_log.reset();
}

void RunController::startThreaded(bool paused)
{
    auto *supervisor = new Supervisor(m_config, this);
    m_supervisor = supervisor;
    m_log = std::const_pointer_cast<EventLog>(supervisor->log());
    connect(supervisor, &Supervisor::eventsAvailable, this, &RunController::eventsAvailable);
    connect(supervisor, &Supervisor::parameterRejected, this, &RunController::parameterRejected);
    connect(supervisor, &Supervisor::finished, this, &RunController::onFinished);
    connect(supervisor, &Supervisor::stepped, this, [this] {
        if (m_state == State::Running)
            setState(State::Paused);
    });
    m_runHasPrograms = m_config.hasPrograms();
    emit runStarted(m_log);
    supervisor->setSpeed(m_runHasPrograms ? 1.0 : m_speed);
    supervisor->setPaused(paused);
    supervisor->start();
    setState(paused ? State::Paused : State::Running);
}

void RunController::startVirtual()
{
    m_runHasPrograms = false; // virtual time refuses programs (SupervisorConfig::validate)
    m_log = std::make_shared<EventLog>();
    m_cancelVirtual = std::make_shared<std::atomic<bool>>(false);
    // The run goes on in the pool; the window reads the log as it grows, since reads need no lock.
    m_virtualRun.setFuture(QtConcurrent::run([config = m_config, log = m_log, cancel = m_cancelVirtual] {
        VirtualRuntime runtime(config, log);
        while (!cancel->load(std::memory_order_relaxed) && runtime.step()) { }
        if (!runtime.isOver()) {
            runtime.requestStop();
            runtime.run();
        }
    }));
    emit runStarted(m_log);
    setState(State::Running);
}

void RunController::setPaused(bool paused)
{
    if (m_replay) {
        playReplay(!paused && !m_replay->atEnd());
        return;
    }
    if (!m_supervisor || !m_supervisor->isRunning() || m_state == State::Stopping || runsInRealTimeOnly()) {
        updateActions();
        return;
    }
    m_supervisor->setPaused(paused);
    setState(paused ? State::Paused : State::Running);
}

void RunController::step()
{
    if (m_replay) {
        stepReplay();
        return;
    }
    if ((m_config.virtualTime && !isActive()) || runsInRealTimeOnly())
        return;
    if (!isActive()) {
        if (!mayStart() || isActive() || m_replay)
            return;
        discardFinishedRun();
        startThreaded(true);
        return;
    }
    if (!m_supervisor || !m_supervisor->isRunning())
        return;
    if (m_state == State::Running) {
        setPaused(true);
    } else if (m_state == State::Paused) {
        m_supervisor->step();
        setState(State::Running); // until stepped(): the engine's clock runs meanwhile
    }
}

void RunController::stop()
{
    if (!isActive() || m_state == State::Stopping)
        return;
    if (m_supervisor) {
        m_supervisor->setPaused(false);
        m_supervisor->stop();
    } else if (m_cancelVirtual) {
        m_cancelVirtual->store(true);
    }
    setState(State::Stopping);
}

void RunController::reset()
{
    if (m_replay) {
        playReplay(false);
        seek(0);
        return;
    }
    if (isActive()) {
        m_resetWhenStopped = true;
        stop();
        return;
    }
    delete m_supervisor;
    m_log.reset();
    m_resetWhenStopped = false;
    emit runCleared(); // the views let go of the log and of what they derived from it, here
    giveMemoryBack();
    setState(State::Idle);
}

void RunController::setParameter(const QString &key, const QString &value)
{
    setWorkerParameter(-1, key, value);
}

void RunController::setWorkerParameter(int worker, const QString &key, const QString &value)
{
    SupervisorConfig changed = m_config;
    QString error = worker < 0 ? changed.setValue(key, value) : changed.setWorkerValue(worker, key, value);
    if (error.isEmpty())
        error = changed.validate();
    if (!error.isEmpty()) {
        emit parameterRejected(key, error);
        return;
    }
    m_config = changed;
    if (m_supervisor && m_supervisor->isRunning() && !m_replay)
        m_supervisor->setWorkerParameter(worker, key, value);
}

void RunController::setSpeed(double speed)
{
    m_speed = std::clamp(speed, kMinSpeed, kMaxSpeed);
    m_replayClock.setSpeed(m_speed);
    if (m_supervisor && m_supervisor->isRunning() && !m_runHasPrograms)
        m_supervisor->setSpeed(m_speed);
}

void RunController::failWorker(int worker)
{
    if (m_supervisor && m_supervisor->isRunning())
        m_supervisor->failWorker(worker);
}

void RunController::act(ManualAction action, int index)
{
    if (acceptsActions())
        m_supervisor->act(action, index);
}

bool RunController::acceptsActions() const
{
    return !m_replay && m_supervisor && m_supervisor->isRunning()
        && (m_state == State::Running || m_state == State::Paused);
}

void RunController::takeDownDependency(int dependency)
{
    if (m_supervisor && m_supervisor->isRunning())
        m_supervisor->takeDownDependency(dependency);
}

void RunController::bringBackDependency(int dependency)
{
    if (m_supervisor && m_supervisor->isRunning())
        m_supervisor->bringBackDependency(dependency);
}

void RunController::setDependencyCapacity(int dependency, int capacity)
{
    if (m_supervisor && m_supervisor->isRunning())
        m_supervisor->setDependencyCapacity(dependency, capacity);
}

void RunController::shutDown()
{
    if (m_cancelVirtual)
        m_cancelVirtual->store(true);
    m_virtualRun.waitForFinished();
    delete m_supervisor; // its destructor stops the run gracefully, bounded by the shutdown timeout
    if (isActive())
        setState(State::Finished);
}

void RunController::openReplay(std::shared_ptr<const EventLog> recording, const QString &name)
{
    shutDown();
    discardFinishedRun();
    m_replayTimer.stop();
    m_replay = std::make_unique<ReplayCursor>(std::move(recording));
    m_replayName = name;
    m_replayClock.setPaused(true);
    m_replayClock.setSpeed(m_speed);
    m_replayClock.jumpTo(0);
    m_log = std::const_pointer_cast<EventLog>(m_replay->shown());
    emit replayChanged();
    emit runStarted(m_log);
    setState(m_replay->atEnd() ? State::Finished : State::Paused);
}

void RunController::closeReplay()
{
    if (!m_replay)
        return;
    m_replayTimer.stop();
    m_replay.reset();
    m_replayName.clear();
    m_log.reset();
    emit replayChanged();
    emit runCleared();
    setState(State::Idle);
}

void RunController::seek(qint64 positionUs)
{
    if (!m_replay)
        return;
    m_replayClock.jumpTo(std::clamp<qint64>(positionUs, 0, m_replay->durationUs()));
    showReplayAt(m_replayClock.nowUs());
    if (m_state == State::Finished && !m_replay->atEnd())
        setState(State::Paused);
    else if (m_replay->atEnd() && m_replay->positionUs() >= m_replay->durationUs())
        playReplay(false);
}

void RunController::playReplay(bool playing)
{
    m_replayClock.setPaused(!playing);
    if (playing)
        m_replayTimer.start();
    else
        m_replayTimer.stop();
    const bool over = m_replay->atEnd() && m_replay->positionUs() >= m_replay->durationUs();
    setState(playing ? State::Running : over ? State::Finished : State::Paused);
}

void RunController::stepReplay()
{
    playReplay(false);
    const qint64 next = m_replay->nextEventUs();
    if (next < 0)
        return;
    m_replayClock.jumpTo(next);
    m_replayClock.setPaused(true);
    showReplayAt(next);
    playReplay(false);
}

void RunController::advanceReplay()
{
    showReplayAt(m_replayClock.nowUs());
    if (m_replay->positionUs() >= m_replay->durationUs())
        playReplay(false);
}

void RunController::showReplayAt(qint64 positionUs)
{
    if (m_replay->moveTo(positionUs)) {
        m_log = std::const_pointer_cast<EventLog>(m_replay->shown());
        emit runStarted(m_log);
    }
    updateActions(); // rewinding and stepping depend on the position
    emit eventsAvailable();
}

void RunController::onFinished()
{
    emit eventsAvailable();
    if (m_resetWhenStopped) {
        m_resetWhenStopped = false;
        setState(State::Finished);
        reset();
        return;
    }
    setState(State::Finished);
}

void RunController::setState(State state)
{
    if (state != m_state) {
        m_state = state;
        emit stateChanged(state);
    }
    updateActions();
}

void RunController::updateActions()
{
    if (m_replay) {
        const bool playing = m_state == State::Running;
        m_start->setEnabled(!playing);
        m_pause->setEnabled(true);
        {
            const QSignalBlocker blocker(m_pause);
            m_pause->setChecked(!playing);
        }
        m_pause->setText(playing ? tr("&Pause") : tr("Resume"));
        m_step->setEnabled(!m_replay->atEnd());
        m_pause->setToolTip(pauseTip());
        m_step->setToolTip(stepTip());
        m_stop->setEnabled(false);
        m_reset->setEnabled(m_replay->positionUs() > 0);
        m_start->setText(tr("&Play"));
        m_start->setToolTip(tr("Play the recording from here, at the chosen speed (F5)"));
        m_reset->setToolTip(tr("Rewind the recording to its start (Ctrl+F5)"));
        return;
    }
    m_start->setText(tr("&Start"));
    m_start->setToolTip(startTip());
    m_reset->setToolTip(resetTip());
    const bool threaded = m_supervisor && m_supervisor->isRunning();
    const bool realTime = runsInRealTimeOnly();
    m_start->setEnabled(!isActive());
    m_pause->setEnabled(!realTime && threaded && (m_state == State::Running || m_state == State::Paused));
    m_pause->setToolTip(realTime ? realTimePauseTip() : pauseTip());
    m_step->setToolTip(realTime ? realTimeStepTip() : stepTip());
    {
        const QSignalBlocker blocker(m_pause);
        m_pause->setChecked(m_state == State::Paused);
    }
    m_pause->setText(m_state == State::Paused ? tr("Resume") : tr("&Pause"));
    m_step->setEnabled(!realTime
        && (threaded ? m_state == State::Running || m_state == State::Paused : !isActive() && !m_config.virtualTime));
    m_stop->setEnabled(m_state == State::Running || m_state == State::Paused);
    m_reset->setEnabled(m_state != State::Idle);
}

} // namespace SupervisorLab
