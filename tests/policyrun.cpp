#include "policyrun.h"

#include <QList>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

SupervisorConfig configOf(const QJsonObject &scenario)
{
    SupervisorConfig config;
    if (const QString problem = config.applyJson(scenario); !problem.isEmpty())
        qFatal("a bad scenario in a test: %s", qPrintable(problem));
    config.virtualTime = true;
    return config;
}

} // namespace

PolicyRun::PolicyRun(const QJsonObject &scenario)
    : m_policy(configOf(scenario), [](int, quint32) { return 0.5; })
{
    m_events << LifecycleEvent::runStarted({ u"test"_s, m_policy.config().seed, m_policy.config().toJson() });
}

void PolicyRun::apply(const Decisions &decisions, qint64 ms)
{
    QList<StopChild> stops;
    for (const Decision &decision : decisions) {
        if (const auto *event = std::get_if<LifecycleEvent>(&decision)) {
            LifecycleEvent timed = *event;
            timed.tUs = ms * 1000;
            m_events << timed;
        } else if (const auto *stop = std::get_if<StopChild>(&decision)) {
            LifecycleEvent asked = stop->event();
            asked.tUs = ms * 1000;
            m_events << asked;
            stops << *stop;
        } else if (const auto *arm = std::get_if<ArmTimer>(&decision)) {
            if (arm->timer.kind == TimerKind::Restart)
                m_restartTimers.insert(arm->timer.node, arm->timer.token);
        }
    }
    for (const StopChild &stop : std::as_const(stops)) {
        if (acknowledgeStops)
            stopped(stop.worker, ms);
    }
}

void PolicyRun::start(qint64 ms)
{
    apply(m_policy.start(ms * 1000), ms);
}

void PolicyRun::complete(int worker, qint64 ms)
{
    const quint32 incarnation = m_policy.incarnation(worker);
    LifecycleEvent completed = LifecycleEvent::forWorker(EventKind::WorkerCompleted, worker, incarnation);
    completed.tUs = ms * 1000;
    m_events << completed;
    apply(m_policy.childExited({ worker, incarnation, ExitKind::Completed, ms * 1000 }), ms);
}

void PolicyRun::fail(int worker, qint64 ms, const QString &reason)
{
    const quint32 incarnation = m_policy.incarnation(worker);
    LifecycleEvent failed = LifecycleEvent::forWorker(EventKind::WorkerFailed, worker, incarnation, reason);
    failed.tUs = ms * 1000;
    m_events << failed;
    apply(m_policy.childExited({ worker, incarnation, ExitKind::Failed, ms * 1000 }), ms);
}

void PolicyRun::stopped(int worker, qint64 ms)
{
    const quint32 incarnation = m_policy.incarnation(worker);
    LifecycleEvent ended = LifecycleEvent::forWorker(EventKind::WorkerStopped, worker, incarnation);
    ended.tUs = ms * 1000;
    m_events << ended;
    apply(m_policy.childExited({ worker, incarnation, ExitKind::Stopped, ms * 1000 }), ms);
}

void PolicyRun::fireRestarts(qint64 ms)
{
    const QHash<int, quint64> armed = std::exchange(m_restartTimers, {});
    QList<int> nodes = armed.keys();
    std::sort(nodes.begin(), nodes.end());
    for (const int node : nodes)
        apply(m_policy.timerFired({ TimerKind::Restart, node, armed.value(node) }, ms * 1000), ms);
}

void PolicyRun::stop(qint64 ms)
{
    apply(m_policy.stopRequested(ms * 1000), ms);
}

void PolicyRun::terminate(int worker, qint64 ms)
{
    QString error;
    apply(m_policy.terminateChild(worker, ms * 1000, &error), ms);
    if (!error.isEmpty())
        qFatal("a bad step in a test: %s", qPrintable(error));
}

void PolicyRun::restartByHand(int worker, qint64 ms)
{
    QString error;
    apply(m_policy.restartChild(worker, ms * 1000, &error), ms);
    if (!error.isEmpty())
        qFatal("a bad step in a test: %s", qPrintable(error));
}

void PolicyRun::giveUp(int supervisor, qint64 ms)
{
    QString error;
    apply(m_policy.giveUpNow(supervisor, ms * 1000, &error), ms);
    if (!error.isEmpty())
        qFatal("a bad step in a test: %s", qPrintable(error));
}

} // namespace SupervisorLab
