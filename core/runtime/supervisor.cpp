#include "runtime/supervisor.h"

#include "runtime/scaledclock.h"
#include "runtime/supervisorloop.h"

#include <QMetaMethod>

#include <limits>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

Supervisor::Supervisor(const SupervisorConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_runsPrograms(config.hasPrograms())
    , m_log(std::make_shared<EventLog>())
    , m_clock(std::make_shared<ScaledClock>())
{
    m_thread.setObjectName(u"supervisor"_s);
}

Supervisor::~Supervisor()
{
    if (isRunning()) {
        // Give the run its graceful stop, for as long as the shutdown timeout allows but a few seconds at most:
        // whoever destroys a running supervisor (a window closing) is waiting. Then the workers still running are
        // abandoned, so that the log ends as every log does, and what is left is torn down.
        stop();
        if (!m_loop->waitUntilOver(int(std::min<qint64>(m_config.shutdownTimeoutMs, kLongestGraceMs)))) {
            stopNow();
            m_loop->waitUntilOver(kLongestGraceMs);
        }
    }
    joinThreads();
}

void Supervisor::start()
{
    if (m_started)
        return;
    m_started = true;
    m_loop = new SupervisorLoop(m_config, m_log, m_clock, m_workerEntryHook);
    m_loop->setEventLimit(m_eventLimit);
    m_loop->moveToThread(&m_thread);
    connect(m_loop, &SupervisorLoop::eventsAvailable, this, &Supervisor::publishEvents, Qt::QueuedConnection);
    connect(m_loop, &SupervisorLoop::parameterRejected, this, &Supervisor::parameterRejected, Qt::QueuedConnection);
    connect(m_loop, &SupervisorLoop::runOver, this, &Supervisor::onRunOver, Qt::QueuedConnection);
    // Published first, so that whoever hears of the step finds its events in the signals already sent.
    connect(
        m_loop, &SupervisorLoop::stepped, this,
        [this] {
            publishEvents();
            emit stepped();
        },
        Qt::QueuedConnection);
    m_thread.start();
    QMetaObject::invokeMethod(m_loop, &SupervisorLoop::begin, Qt::QueuedConnection);
}

void Supervisor::stop()
{
    if (isRunning())
        QMetaObject::invokeMethod(m_loop, qOverload<>(&SupervisorLoop::requestStop), Qt::QueuedConnection);
}

void Supervisor::stopNow()
{
    if (isRunning())
        QMetaObject::invokeMethod(m_loop, &SupervisorLoop::stopNow, Qt::QueuedConnection);
}

void Supervisor::setParameter(const QString &key, const QString &value)
{
    setWorkerParameter(-1, key, value);
}

void Supervisor::setWorkerParameter(int worker, const QString &key, const QString &value)
{
    if (!isRunning()) {
        SupervisorConfig changed = m_config;
        QString error = worker < 0 ? changed.setValue(key, value) : changed.setWorkerValue(worker, key, value);
        if (error.isEmpty())
            error = changed.validate();
        if (!error.isEmpty())
            emit parameterRejected(key, error);
        else
            m_config = changed;
        return;
    }
    QMetaObject::invokeMethod(
        m_loop, [loop = m_loop, worker, key, value] { loop->changeParameter(key, value, worker); });
}

void Supervisor::failWorker(int worker)
{
    if (isRunning())
        QMetaObject::invokeMethod(m_loop, [loop = m_loop, worker] { loop->failWorker(worker); });
}

void Supervisor::act(ManualAction action, int index)
{
    if (isRunning())
        QMetaObject::invokeMethod(m_loop, [loop = m_loop, action, index] { loop->act(action, index); });
}

void Supervisor::takeDownDependency(int dependency)
{
    if (isRunning())
        QMetaObject::invokeMethod(m_loop, [loop = m_loop, dependency] { loop->takeDownDependency(dependency); });
}

void Supervisor::bringBackDependency(int dependency)
{
    if (isRunning())
        QMetaObject::invokeMethod(m_loop, [loop = m_loop, dependency] { loop->bringBackDependency(dependency); });
}

void Supervisor::setDependencyCapacity(int dependency, qint64 capacity)
{
    if (isRunning()) {
        QMetaObject::invokeMethod(
            m_loop, [loop = m_loop, dependency, capacity] { loop->setDependencyCapacity(dependency, capacity); });
        return;
    }
    if (dependency < 0 || dependency >= m_config.dependencies.size() || capacity < 0
        || capacity > DependencySpec::kMaxCapacity)
        emit parameterRejected(u"capacity"_s,
            u"no dependency %1, or a capacity out of 0..%2"_s.arg(dependency).arg(DependencySpec::kMaxCapacity));
    else
        m_config.dependencies[dependency].capacity = capacity;
}

bool Supervisor::refusedForPrograms(const QString &what)
{
    if (!m_runsPrograms)
        return false;
    emit parameterRejected(
        what, u"a run with real programs goes in real time: its programs cannot be paused or sped up"_s);
    return true;
}

void Supervisor::setPaused(bool paused)
{
    if (paused && refusedForPrograms(u"pause"_s))
        return;
    m_clock->setPaused(paused);
    if (isRunning()) {
        QMetaObject::invokeMethod(m_loop, &SupervisorLoop::cancelStep, Qt::QueuedConnection);
        QMetaObject::invokeMethod(m_loop, &SupervisorLoop::clockChanged, Qt::QueuedConnection);
    }
}

void Supervisor::step()
{
    if (refusedForPrograms(u"step"_s))
        return;
    if (isRunning())
        QMetaObject::invokeMethod(m_loop, &SupervisorLoop::stepToNextEvent, Qt::QueuedConnection);
}

void Supervisor::setSpeed(double speed)
{
    if (speed != 1.0 && refusedForPrograms(u"speed"_s))
        return;
    m_clock->setSpeed(speed);
    if (isRunning())
        QMetaObject::invokeMethod(m_loop, &SupervisorLoop::clockChanged, Qt::QueuedConnection);
}

void Supervisor::setWorkerEntryHook(std::function<void(int worker, quint32 incarnation)> hook)
{
    Q_ASSERT(!m_started);
    m_workerEntryHook = std::move(hook);
}

bool Supervisor::isPaused() const
{
    return m_clock->isPaused();
}

qint64 Supervisor::nowUs() const
{
    return m_clock->nowUs();
}

int Supervisor::threadCount() const
{
    if (!m_loop || !m_thread.isRunning())
        return 0;
    return 1 + m_loop->workerThreadCount();
}

void Supervisor::publishEvents()
{
    if (m_loop)
        m_loop->takeNotification();
    const qsizetype end = m_log->size();
    if (end == m_published)
        return;
    if (isSignalConnected(QMetaMethod::fromSignal(&Supervisor::eventRecorded))) {
        for (qsizetype i = m_published; i < end; ++i)
            emit eventRecorded(m_log->at(i));
    }
    m_published = end;
    emit eventsAvailable(end);
    if (m_retainedEvents > 0 && end - m_retainedEvents > m_log->firstIndex())
        m_log->discardBefore(end - m_retainedEvents);
}

void Supervisor::onRunOver()
{
    joinThreads();
    publishEvents();
    m_finished = true;
    emit finished();
}

void Supervisor::joinThreads()
{
    if (!m_loop)
        return;
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(
            m_loop, [loop = m_loop, owner = thread()] { loop->shutDown(owner); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    m_reachedEventLimit = m_loop->reachedEventLimit();
    delete m_loop;
    m_loop = nullptr;
}

} // namespace SupervisorLab
