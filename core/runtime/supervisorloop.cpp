#include "runtime/supervisorloop.h"

#include "runtime/simulatedwork.h"
#include "runtime/supervisor.h"
#include "runtime/workerend.h"

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {
constexpr qint64 kCheckAgainAtOnceUs = 50;
constexpr qint64 kWaitHereUs = 5;
constexpr int kRoundsWaitedHere = 4;
} // namespace

SupervisorLoop::SupervisorLoop(const SupervisorConfig &config, std::shared_ptr<EventLog> log,
    std::shared_ptr<ScaledClock> clock, std::function<void(int, quint32)> workerEntryHook)
    : m_log(std::move(log))
    , m_clock(std::move(clock))
    , m_workerEntryHook(std::move(workerEntryHook))
    , m_failureRates(new std::atomic<double>[size_t(std::max(config.workers, 1))])
    , m_heartbeatTimeoutsUs(new std::atomic<qint64>[size_t(std::max(config.workers, 1))])
    , m_incarnations(size_t(std::max(config.workers, 1)))
    , m_config(config)
    , m_driver(config, *m_log, *m_clock, *this)
    , m_deadlineTimer(new QTimer(this))
    , m_announceTimer(new QTimer(this))
    , m_pool(std::max(config.workers, 1)) // idle threads enough to restart every worker at once
{
    m_deadlineTimer->setSingleShot(true);
    m_deadlineTimer->setTimerType(Qt::PreciseTimer);
    connect(m_deadlineTimer, &QTimer::timeout, this, &SupervisorLoop::settle);
    m_announceTimer->setSingleShot(true);
    connect(m_announceTimer, &QTimer::timeout, this, &SupervisorLoop::announceEvents);
    for (int worker = 0; worker < int(m_incarnations.size()); ++worker)
        workerConfigChanged(worker, m_driver.policy().workerConfig(worker));
}

SupervisorLoop::~SupervisorLoop() = default;

void SupervisorLoop::begin()
{
    if (m_config.hasPrograms()) {
        m_programs = std::make_unique<ProgramWorkers>(
            m_config, *m_clock,
            [this](int worker, quint32 incarnation, const WorkerEnd &end) { programEnded(worker, incarnation, end); },
            [this](int worker, quint32 incarnation) {
                m_log->record(LifecycleEvent::forWorker(EventKind::WorkerReady, worker, incarnation), m_clock->nowUs());
                settle();
            },
            [this](int worker, quint32 incarnation) {
                m_driver.watchdogTriggered(worker, incarnation, m_clock->nowUs());
                settle();
            });
    }
    m_driver.begin();
    settle();
}

void SupervisorLoop::requestStop()
{
    m_driver.requestStop();
    settle();
}

void SupervisorLoop::stopNow()
{
    m_driver.stopNow();
    settle();
}

void SupervisorLoop::changeParameter(const QString &key, const QString &value, int worker)
{
    const QString error = m_driver.changeParameter(key, value, worker);
    if (!error.isEmpty())
        emit parameterRejected(key, error);
    settle();
}

void SupervisorLoop::failWorker(int worker)
{
    if (runsProgram(worker))
        m_programs->failNow(worker);
    else if (worker >= 0 && worker < int(m_incarnations.size()) && m_incarnations[size_t(worker)])
        m_incarnations[size_t(worker)]->injectFailure();
}

void SupervisorLoop::takeDownDependency(int dependency)
{
    if (const QString error = m_driver.takeDownDependency(dependency); !error.isEmpty())
        emit parameterRejected(u"dependency"_s, error);
    settle();
}

void SupervisorLoop::act(ManualAction action, int index)
{
    if (const QString error = m_driver.act(action, index); !error.isEmpty())
        emit parameterRejected(action == ManualAction::GiveUpSupervisor ? u"supervisor"_s : u"worker"_s, error);
    settle();
}

void SupervisorLoop::bringBackDependency(int dependency)
{
    if (const QString error = m_driver.bringBackDependency(dependency); !error.isEmpty())
        emit parameterRejected(u"dependency"_s, error);
    settle();
}

void SupervisorLoop::setDependencyCapacity(int dependency, qint64 capacity)
{
    if (const QString error = m_driver.setDependencyCapacity(dependency, capacity); !error.isEmpty())
        emit parameterRejected(u"capacity"_s, error);
    settle();
}

void SupervisorLoop::clockChanged()
{
    settle();
}

void SupervisorLoop::stepToNextEvent()
{
    if (m_driver.isOver() || !m_clock->isPaused())
        return;
    m_stepFromSize = m_log->size();
    m_clock->setPaused(false);
    settle();
}

void SupervisorLoop::shutDown(QThread *owner)
{
    m_deadlineTimer->stop();
    m_announceTimer->stop();
    for (const auto &incarnation : m_incarnations) {
        if (incarnation)
            incarnation->kill();
    }
    m_programs.reset(); // kills every group still alive, in this thread, where its processes were started
    m_pool.shutDown();
    moveToThread(owner);
}

Incarnation *SupervisorLoop::current(int worker, quint32 incarnation) const
{
    Incarnation *running = m_incarnations.at(size_t(worker)).get();
    return running && running->number == incarnation ? running : nullptr;
}

void SupervisorLoop::startIncarnation(const StartChild &start, const WorkerPlan &plan)
{
    if (runsProgram(start.worker)) {
        m_programs->start(start.worker, start.incarnation, m_driver.policy().workerConfig(start.worker));
        return;
    }
    auto incarnation = std::make_shared<Incarnation>(start.worker, start.incarnation, plan);
    incarnation->beat(m_clock->nowUs());
    m_incarnations[size_t(start.worker)] = incarnation;
    m_pool.run([this, incarnation] { runIncarnation(*incarnation); });
}

bool SupervisorLoop::requestStop(int worker, quint32 incarnation, const std::function<void()> &recordRequest)
{
    if (runsProgram(worker))
        return m_programs->requestStop(worker, incarnation, recordRequest);
    Incarnation *running = current(worker, incarnation);
    return running && running->requestStop(recordRequest);
}

void SupervisorLoop::kill(int worker, quint32 incarnation)
{
    if (runsProgram(worker)) {
        m_programs->kill(worker, incarnation);
        return;
    }
    if (Incarnation *running = current(worker, incarnation))
        running->kill();
}

bool SupervisorLoop::claimEnd(int worker, quint32 incarnation)
{
    if (runsProgram(worker))
        return m_programs->claimEnd(worker, incarnation);
    Incarnation *running = current(worker, incarnation);
    return running && running->claimEnd();
}

qint64 SupervisorLoop::lastHeartbeatUs(int worker, quint32 incarnation) const
{
    if (runsProgram(worker))
        return m_programs->lastHeartbeatUs(worker, incarnation);
    const Incarnation *running = current(worker, incarnation);
    return running ? running->lastBeatUs() : m_clock->nowUs();
}

QString SupervisorLoop::outputOf(int worker, quint32 incarnation) const
{
    return runsProgram(worker) ? m_programs->outputOf(worker, incarnation) : QString();
}

void SupervisorLoop::programEnded(int worker, quint32 incarnation, const WorkerEnd &end)
{
    m_log->record(end.event(worker, incarnation), m_clock->nowUs());
    m_driver.childExited(worker, incarnation, end.exit);
    settle();
}

void SupervisorLoop::workerConfigChanged(int worker, const SupervisorConfig &workerConfig)
{
    m_failureRates[size_t(worker)].store(workerConfig.failureRate, std::memory_order_relaxed);
    m_heartbeatTimeoutsUs[size_t(worker)].store(workerConfig.heartbeatTimeoutMs * 1000, std::memory_order_relaxed);
}

void SupervisorLoop::runIncarnation(Incarnation &incarnation)
{
    if (m_workerEntryHook)
        m_workerEntryHook(incarnation.worker, incarnation.number);
    WorkEnd end = WorkEnd::Failed;
    WorkerEnd ended = WorkerEnd::failed(FailureKind::Error);
    // The thread boundary: whatever the worker throws becomes a failure report, never a dead thread.
    try {
        end = SimulatedWork::run(incarnation, *m_clock, m_failureRates[size_t(incarnation.worker)],
            m_heartbeatTimeoutsUs[size_t(incarnation.worker)].load());
    } catch (const std::exception &exception) {
        ended = WorkerEnd::failed(FailureKind::Exception, QString::fromUtf8(exception.what()));
    } catch (...) {
        ended = WorkerEnd::failed(FailureKind::Exception, u"unknown"_s);
    }
    if (end == WorkEnd::Killed)
        return; // written off by the supervisor, which has recorded how
    if (end == WorkEnd::Completed)
        ended = WorkerEnd::completed();
    else if (end == WorkEnd::Stopped)
        ended = WorkerEnd::stopped();

    const bool recorded = incarnation.endOnItsOwn(
        [&] { m_log->record(ended.event(incarnation.worker, incarnation.number), m_clock->nowUs()); });
    if (!recorded)
        return; // written off by the supervisor (hung past its heartbeat, or abandoned), which has recorded how
    const int worker = incarnation.worker;
    const quint32 number = incarnation.number;
    QMetaObject::invokeMethod(
        this,
        [this, worker, number, exit = ended.exit] {
            m_driver.childExited(worker, number, exit);
            settle();
        },
        Qt::QueuedConnection);
}

void SupervisorLoop::settle()
{
    qint64 waitUs = processDue();
    // A deadline a few microseconds away (a restart with no delay) is waited out here: a trip through the event
    // loop's timers costs more than the wait. A few rounds at most, so that reports from workers are never starved.
    for (int round = 0; round < kRoundsWaitedHere && waitUs >= 0 && waitUs <= kWaitHereUs; ++round) {
        QElapsedTimer waited;
        waited.start();
        while (waited.nsecsElapsed() < waitUs * 1000) { }
        waitUs = processDue();
    }
    if (waitUs < 0) {
        m_deadlineTimer->stop(); // nothing due, or paused: clockChanged() re-arms
    } else if (waitUs <= kCheckAgainAtOnceUs) {
        m_deadlineTimer->start(0); // due in a few microseconds: the next turn of the event loop is late enough
    } else {
        const double waitMs = std::ceil(double(waitUs) / 1000.0);
        m_deadlineTimer->start(int(std::min<double>(waitMs, std::numeric_limits<int>::max())));
    }
    announceEvents();
    if (m_driver.isOver() && !m_overAnnounced) {
        m_overAnnounced = true;
        m_over.release();
        emit runOver();
    }
}

void SupervisorLoop::announceEvents()
{
    const qsizetype recorded = m_log->size();
    if (recorded == m_announcedSize)
        return;
    const qint64 sinceLastNs = m_lastAnnouncement.isValid() ? m_lastAnnouncement.nsecsElapsed() : -1;
    if (sinceLastNs >= 0 && sinceLastNs < Supervisor::kDeliveryIntervalMs * 1'000'000) {
        if (!m_announceTimer->isActive())
            m_announceTimer->start(int(Supervisor::kDeliveryIntervalMs - sinceLastNs / 1'000'000));
        return;
    }
    if (m_notificationPending.exchange(true, std::memory_order_acq_rel))
        return; // the receiver has not taken the last notice yet; it will find these events too
    m_announcedSize = recorded;
    m_lastAnnouncement.start();
    emit eventsAvailable();
}

qint64 SupervisorLoop::processDue()
{
    m_driver.processDue();
    // Whatever the new events set off at the same moment has been decided by now: the step ends here.
    if (m_stepFromSize >= 0 && m_log->size() > m_stepFromSize) {
        m_stepFromSize = -1;
        m_clock->setPaused(true);
        emit stepped();
    }
    const qint64 next = m_driver.nextDeadlineUs();
    return next == SupervisionDriver::kNever ? -1 : m_clock->realUsUntil(next);
}

} // namespace SupervisorLab
