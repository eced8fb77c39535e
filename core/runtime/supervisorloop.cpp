#include "supervisorloop.h"

#include "simulatedwork.h"

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {
constexpr qint64 kCheckAgainAtOnceUs = 50;
}

SupervisorLoop::SupervisorLoop(
    const SupervisorConfig &config, std::shared_ptr<EventLog> log, std::shared_ptr<ScaledClock> clock)
    : m_log(std::move(log))
    , m_clock(std::move(clock))
    , m_failureRate(config.failureRate)
    , m_heartbeatTimeoutUs(config.heartbeatTimeoutMs * 1000)
    , m_incarnations(size_t(std::max(config.workers, 1)))
    , m_driver(config, *m_log, *m_clock, *this)
    , m_deadlineTimer(new QTimer(this))
{
    m_deadlineTimer->setSingleShot(true);
    m_deadlineTimer->setTimerType(Qt::PreciseTimer);
    connect(m_deadlineTimer, &QTimer::timeout, this, &SupervisorLoop::settle);
}

SupervisorLoop::~SupervisorLoop() = default;

void SupervisorLoop::begin()
{
    m_driver.begin();
    settle();
}

void SupervisorLoop::requestStop()
{
    m_driver.requestStop();
    settle();
}

void SupervisorLoop::changeParameter(const QString &key, const QString &value)
{
    const QString error = m_driver.changeParameter(key, value);
    if (!error.isEmpty())
        emit parameterRejected(key, error);
    settle();
}

void SupervisorLoop::failWorker(int worker)
{
    if (worker >= 0 && worker < int(m_incarnations.size()) && m_incarnations[size_t(worker)])
        m_incarnations[size_t(worker)]->injectFailure();
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
    for (const auto &incarnation : m_incarnations) {
        if (incarnation)
            incarnation->kill();
    }
    m_pool.shutDown();
    moveToThread(owner);
}

Incarnation *SupervisorLoop::current(int worker, quint32 incarnation) const
{
    Incarnation *running = m_incarnations.at(size_t(worker)).get();
    return running && running->number == incarnation ? running : nullptr;
}

void SupervisorLoop::startIncarnation(const StartChild &start)
{
    auto incarnation = std::make_shared<Incarnation>(start.worker, start.incarnation, start.plan);
    incarnation->beat(m_clock->nowUs());
    m_incarnations[size_t(start.worker)] = incarnation;
    m_pool.run([this, incarnation] { runIncarnation(*incarnation); });
}

bool SupervisorLoop::requestStop(int worker, quint32 incarnation, const std::function<void()> &recordRequest)
{
    Incarnation *running = current(worker, incarnation);
    return running && running->requestStop(recordRequest);
}

void SupervisorLoop::kill(int worker, quint32 incarnation)
{
    if (Incarnation *running = current(worker, incarnation))
        running->kill();
}

bool SupervisorLoop::claimEnd(int worker, quint32 incarnation)
{
    Incarnation *running = current(worker, incarnation);
    return running && running->claimEnd();
}

qint64 SupervisorLoop::lastHeartbeatUs(int worker, quint32 incarnation) const
{
    const Incarnation *running = current(worker, incarnation);
    return running ? running->lastBeatUs() : m_clock->nowUs();
}

void SupervisorLoop::configChanged(const SupervisorConfig &config)
{
    m_failureRate.store(config.failureRate, std::memory_order_relaxed);
    m_heartbeatTimeoutUs.store(config.heartbeatTimeoutMs * 1000, std::memory_order_relaxed);
}

void SupervisorLoop::runIncarnation(Incarnation &incarnation)
{
    WorkEnd end = WorkEnd::Failed;
    QString reason = u"error"_s;
    // The thread boundary: whatever the worker throws becomes a failure report, never a dead thread.
    try {
        end = SimulatedWork::run(incarnation, *m_clock, m_failureRate, m_heartbeatTimeoutUs.load());
    } catch (const std::exception &exception) {
        reason = u"exception: "_s + QString::fromUtf8(exception.what());
    } catch (...) {
        reason = u"exception: unknown"_s;
    }
    if (end == WorkEnd::Killed)
        return; // written off by the supervisor, which has recorded how

    EventKind kind = EventKind::WorkerFailed;
    ExitKind exit = ExitKind::Failed;
    if (end == WorkEnd::Completed) {
        kind = EventKind::WorkerCompleted;
        exit = ExitKind::Completed;
    } else if (end == WorkEnd::Stopped) {
        kind = EventKind::WorkerStopped;
        exit = ExitKind::Stopped;
    }
    const bool recorded = incarnation.endOnItsOwn([&] {
        m_log->record(LifecycleEvent::forWorker(kind, incarnation.worker, incarnation.number,
                          kind == EventKind::WorkerFailed ? reason : QString()),
            m_clock->nowUs());
    });
    if (!recorded)
        return; // written off by the supervisor (hung past its heartbeat, or abandoned), which has recorded how
    const int worker = incarnation.worker;
    const quint32 number = incarnation.number;
    QMetaObject::invokeMethod(
        this,
        [this, worker, number, exit] {
            m_driver.childExited(worker, number, exit);
            settle();
        },
        Qt::QueuedConnection);
}

void SupervisorLoop::settle()
{
    m_driver.processDue();
    // Whatever the new events set off at the same moment has been decided by now: the step ends here.
    if (m_stepFromSize >= 0 && m_log->size() > m_stepFromSize) {
        m_stepFromSize = -1;
        m_clock->setPaused(true);
        emit stepped();
    }
    const qint64 next = m_driver.nextDeadlineUs();
    const qint64 waitUs = next == SupervisionDriver::kNever ? -1 : m_clock->realUsUntil(next);
    if (waitUs < 0) {
        m_deadlineTimer->stop(); // nothing due, or paused: clockChanged() re-arms
    } else if (waitUs <= kCheckAgainAtOnceUs) {
        m_deadlineTimer->start(0); // due in a few microseconds: the next turn of the event loop is late enough
    } else {
        const double waitMs = std::ceil(double(waitUs) / 1000.0);
        m_deadlineTimer->start(int(std::min<double>(waitMs, std::numeric_limits<int>::max())));
    }
    const qsizetype recorded = m_log->size();
    if (recorded != m_announcedSize && !m_notificationPending.exchange(true, std::memory_order_acq_rel)) {
        m_announcedSize = recorded;
        emit eventsAvailable();
    }
    if (m_driver.isOver() && !m_overAnnounced) {
        m_overAnnounced = true;
        m_over.release();
        emit runOver();
    }
}

} // namespace SupervisorLab
