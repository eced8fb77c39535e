#include "logscript.h"

#include "testsettings.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {

LifecycleEvent at(qint64 tUs, LifecycleEvent event)
{
    event.tUs = tUs;
    return event;
}

LifecycleEvent workerEvent(qint64 tUs, EventKind kind, int worker, quint32 incarnation, const QString &reason)
{
    return at(tUs, LifecycleEvent::forWorker(kind, worker, incarnation, reason));
}

LifecycleEvent runStartedEvent(int workers, quint64 seed)
{
    RunHeader header;
    header.version = u"test"_s;
    header.seed = seed;
    header.config.insert(u"workers"_s, workers);
    return LifecycleEvent::runStarted(header);
}

LogScript::LogScript(const QStringList &settings)
    : m_typing(withSettings(SupervisorConfig(), settings))
{
    add(0, LifecycleEvent::runStarted({ u"test"_s, 1, withSettings(SupervisorConfig(), settings).toJson() }));
    add(0, LifecycleEvent::supervisor(EventKind::SupervisorStarted));
}

qsizetype LogScript::add(qint64 tUs, LifecycleEvent event)
{
    m_typing.type(event);
    if (!log.append(at(tUs, event)))
        qFatal("events out of order in a test script");
    return log.size() - 1;
}

qsizetype LogScript::start(qint64 tUs, int worker, quint32 incarnation)
{
    return add(tUs, LifecycleEvent::forWorker(EventKind::WorkerStarted, worker, incarnation));
}

qsizetype LogScript::end(qint64 tUs, EventKind kind, int worker, quint32 incarnation, const QString &reason)
{
    return add(tUs, LifecycleEvent::forWorker(kind, worker, incarnation, reason));
}

qsizetype LogScript::schedule(qint64 tUs, int worker, qint64 delayMs, quint32 attempt)
{
    return add(tUs, LifecycleEvent::restartScheduled(worker, delayMs, attempt));
}

} // namespace SupervisorLab
