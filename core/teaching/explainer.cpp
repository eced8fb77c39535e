#include "teaching/explainer.h"

#include "teaching/dependencywords.h"
#include "teaching/durationtext.h"

#include "policy/restartdelay.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

constexpr qint64 kUsPerMs = 1000;

QString superscript(qint64 number)
{
    static const QString digits = u"⁰¹²³⁴⁵⁶⁷⁸⁹"_s;
    QString text;
    for (const QChar digit : QString::number(number))
        text += digits.at(digit.digitValue());
    return text;
}

} // namespace

QString Explainer::name(int worker) const
{
    if (m_config.isTree())
        return u"Worker %1 (%2)"_s.arg(worker).arg(m_config.workerName(worker));
    return m_config.workers == 1 ? u"The worker"_s : u"Worker %1"_s.arg(worker);
}

QString Explainer::lowerName(int worker) const
{
    if (m_config.isTree())
        return u"worker %1 (%2)"_s.arg(worker).arg(m_config.workerName(worker));
    return m_config.workers == 1 ? u"the worker"_s : u"worker %1"_s.arg(worker);
}

const SupervisorConfig &Explainer::own(int worker) const
{
    if (worker < 0 || size_t(worker) >= m_workerConfigs.size())
        return m_config;
    return m_workerConfigs[size_t(worker)];
}

QString Explainer::listOf(QList<int> workers) const
{
    std::sort(workers.begin(), workers.end());
    QStringList numbers;
    for (const int worker : workers)
        numbers << QString::number(worker);
    const QString noun = workers.size() == 1 ? u"worker "_s : u"workers "_s;
    if (numbers.size() <= 1)
        return noun + numbers.join(QString());
    const QString last = numbers.takeLast();
    return noun + numbers.join(u", "_s) + u" and "_s + last;
}

QList<int> Explainer::groupOf(int failed) const
{
    QList<int> group;
    for (const int worker : m_running) {
        const bool stopped = m_config.strategy == Strategy::OneForAll
            || (m_config.strategy == Strategy::RestForOne && worker > failed);
        if (worker != failed && stopped)
            group << worker;
    }
    return group;
}

QString Explainer::explain(const LifecycleEvent &event)
{
    QString text = sentence(event);
    observe(event);
    for (const DependencyTracker::Recovery &recovery : m_world.justRecovered()) {
        text += u' ' + DependencyWords::recovery(m_world, recovery) + u'.';
    }
    return text;
}

void Explainer::observe(const LifecycleEvent &event)
{
    m_world.observe(event);
    switch (event.kind) {
    case EventKind::RunStarted:
        *this = Explainer();
        m_world.observe(event);
        m_config.applyJson(event.run.config);
        for (int worker = 0; worker < m_config.workers; ++worker)
            m_workerConfigs.push_back(m_config.forWorker(worker));
        break;
    case EventKind::ConfigChanged:
        if (event.worker >= 0)
            m_config.setWorkerValue(event.worker, event.key, event.value);
        else
            m_config.setValue(event.key, event.value);
        for (int worker = 0; worker < int(m_workerConfigs.size()); ++worker)
            m_workerConfigs[size_t(worker)] = m_config.forWorker(worker);
        break;
    case EventKind::WorkerStarted:
        m_running.insert(event.worker);
        m_incarnation.insert(event.worker, event.incarnation);
        break;
    case EventKind::WorkerStopping:
        m_stoppingSinceUs.insert(event.worker, event.tUs);
        break;
    case EventKind::RestartScheduled:
        m_previousDelayMs.insert(event.worker, event.delayMs);
        break;
    default:
        if (event.isTerminal()) {
            m_running.remove(event.worker);
            m_stoppingSinceUs.remove(event.worker);
        }
        break;
    }
}

QString Explainer::sentence(const LifecycleEvent &event) const
{
    const int w = event.worker;
    switch (event.kind) {
    case EventKind::RunStarted: {
        SupervisorConfig config;
        config.applyJson(event.run.config);
        return u"A run of %1 %2 under %3 supervision, seed %4."_s.arg(config.workers)
            .arg(config.workers == 1 ? u"worker"_s : u"workers"_s, nameOf(config.strategy))
            .arg(event.run.seed);
    }
    case EventKind::SupervisorStarted:
        return u"The supervisor starts; it will start its workers in order and watch them."_s;
    case EventKind::WorkerStarted:
        if (event.incarnation == 1)
            return u"%1 starts (incarnation 1)."_s.arg(name(w));
        return u"%1 starts again: incarnation %2, restart #%3."_s.arg(name(w))
            .arg(event.incarnation)
            .arg(event.incarnation - 1);
    case EventKind::WorkerCompleted:
        return completionSentence(event);
    case EventKind::WorkerFailed:
        return failureSentence(event);
    case EventKind::RestartScheduled:
        return restartSentence(event);
    case EventKind::WorkerStopping:
        if (event.reason == u"sibling_failed")
            return u"%1 is asked to stop: under %2 it goes down with the failed worker."_s.arg(
                name(w), nameOf(m_config.strategy));
        return u"%1 is asked to stop, since the supervisor is shutting down."_s.arg(name(w));
    case EventKind::WorkerStopped:
        return u"%1 stopped when asked."_s.arg(name(w));
    case EventKind::WorkerAbandoned: {
        const qint64 waitedMs = (event.tUs - m_stoppingSinceUs.value(w, event.tUs)) / kUsPerMs;
        return u"%1 ignored the request to stop for %2 (the shutdown timeout is %3), so it is abandoned: "
               "the shutdown does not wait for it any longer."_s.arg(
                   name(w), durationText(waitedMs), durationText(own(w).shutdownTimeoutMs));
    }
    case EventKind::SupervisorStopping:
        if (m_config.durationMs > 0 && event.tUs >= m_config.durationMs * kUsPerMs)
            return u"The run's duration of %1 is over: the supervisor stops every worker gracefully, and a "
                   "restart still pending is cancelled."_s.arg(durationText(m_config.durationMs));
        return u"A stop was requested: the supervisor stops every worker gracefully, and a restart still "
               "pending is cancelled."_s;
    case EventKind::SupervisorStopped:
        return u"The supervisor has stopped; no worker is left running."_s;
    case EventKind::SupervisorGaveUp:
        return u"The supervisor gives up (%1): restarting has not helped, so it stops every worker and ends, "
               "leaving the decision to whoever supervises it."_s.arg(event.reason);
    case EventKind::CircuitOpened:
        return u"The circuit opens for %1: %2 failure(s) within %3 reached the threshold, so no restart for "
               "%4 (the cooldown)."_s.arg(lowerName(w))
                   .arg(own(w).breakerThreshold)
                   .arg(durationText(own(w).breakerWindowMs), durationText(own(w).breakerCooldownMs));
    case EventKind::CircuitHalfOpen:
        return u"The cooldown is over: the circuit is half-open and %1 gets one trial run."_s.arg(lowerName(w));
    case EventKind::CircuitClosed:
        return u"%1 ran cleanly for %2: the circuit closes and restarts are normal again."_s.arg(
            name(w), durationText(own(w).resetAfterMs));
    case EventKind::ConfigChanged:
        if (event.worker >= 0)
            return u"%1 of %2 alone is now %3, changed while the run goes on; the others keep theirs."_s.arg(
                event.key, lowerName(event.worker), event.value);
        return u"%1 is now %2, changed while the run goes on; the supervisor uses it from its next decision."_s.arg(
            event.key, event.value);
    case EventKind::DependencyDown:
    case EventKind::DependencyUp:
        return dependencySentence(event);
    case EventKind::RunFinished:
        return u"The run is over: %1 restart(s), %2 failure(s), %3 completion(s)."_s.arg(event.counts.restarts)
            .arg(event.counts.failures)
            .arg(event.counts.completions);
    }
    return {};
}

QString Explainer::failureSentence(const LifecycleEvent &event) const
{
    const int w = event.worker;
    QString what;
    switch (event.failure) {
    case FailureKind::Hang:
        what = u"%1 sent no heartbeat for %2 (the heartbeat timeout), so it is declared hung and failed"_s.arg(
            name(w), durationText(own(w).heartbeatTimeoutMs));
        break;
    case FailureKind::Exception:
    case FailureKind::Error:
        what = u"%1 failed (%2)"_s.arg(name(w), event.reason);
        break;
    case FailureKind::DependencyDown:
    case FailureKind::Overloaded:
        what = u"%1 failed: %2"_s.arg(name(w), DependencyWords::failure(m_world, event));
        break;
    }
    if (m_config.restartTypeOf(w) == RestartType::Temporary)
        return what + u"; it is temporary, so it is not restarted."_s;
    const QList<int> group = groupOf(w);
    switch (m_config.strategy) {
    case Strategy::OneForOne:
        return what + u"; one-for-one, so only it is restarted."_s;
    case Strategy::OneForAll:
        if (group.isEmpty())
            return what + u"; one-for-all, but no other worker is running."_s;
        return what
            + u"; one-for-all, so %1 %2 stopped and restarted with it."_s.arg(
                listOf(group), group.size() == 1 ? u"is"_s : u"are"_s);
    case Strategy::RestForOne:
        if (group.isEmpty())
            return what + u"; rest-for-one, and no worker started after it is running."_s;
        return what
            + u"; rest-for-one, so %1, started after it, %2 stopped and restarted with it."_s.arg(
                listOf(group), group.size() == 1 ? u"is"_s : u"are"_s);
    }
    return what + u'.';
}

QString Explainer::completionSentence(const LifecycleEvent &event) const
{
    const int w = event.worker;
    switch (m_config.restartTypeOf(w)) {
    case RestartType::Permanent:
        return u"%1 finished its work; it is permanent, so it is restarted even after a clean finish."_s.arg(name(w));
    case RestartType::Transient:
        return u"%1 finished its work; it is transient, so a clean finish is final."_s.arg(name(w));
    case RestartType::Temporary:
        return u"%1 finished its work; it is temporary and never restarted."_s.arg(name(w));
    }
    return {};
}

QString Explainer::restartSentence(const LifecycleEvent &event) const
{
    const int w = event.worker;
    const quint32 restart = m_incarnation.value(w, 0);
    return u"Restart #%1 of %2 in %3: %4."_s.arg(restart).arg(
        lowerName(w), durationText(event.delayMs), delayReason(event));
}

QString Explainer::dependencySentence(const LifecycleEvent &event) const
{
    const QString said = u"The dependency "_s + DependencyWords::change(m_world, event);
    if (event.kind == EventKind::DependencyDown)
        return said + u": every one that is running fails now, and a start while it is down fails at once."_s;
    return said + u": the next restart of each gets through, as its restart delay allows."_s;
}

QString Explainer::delayReason(const LifecycleEvent &event) const
{
    const SupervisorConfig &config = own(event.worker);
    const qint64 base = RestartDelay::beforeJitterMs(config, event.attempt);
    QString reason;
    if (config.backoff == BackoffKind::Fixed) {
        reason = u"fixed delay of %1"_s.arg(durationText(config.delayMs));
    } else {
        const qint64 exponent = qint64(event.attempt) - 1;
        reason = u"exponential backoff, %1 × %2%3"_s.arg(
            durationText(config.delayMs), QString::number(config.backoffFactor), superscript(exponent));
        if (base >= config.maxDelayMs && exponent > 0)
            reason += u", capped at %1"_s.arg(durationText(config.maxDelayMs));
        reason += u" (attempt %1 since the last clean run)"_s.arg(event.attempt);
    }
    if (config.jitter != Jitter::None) {
        // The policy's previous delay starts over with the backoff.
        const qint64 previous = event.attempt > 1 ? m_previousDelayMs.value(event.worker, 0) : 0;
        const RestartDelay::Range range = RestartDelay::rangeMs(config, event.attempt, previous);
        reason += u", then %1 jitter drew it from %2–%3"_s.arg(
            nameOf(config.jitter), durationText(range.lowMs), durationText(range.highMs));
    }
    if (config.breakerThreshold > 0 && event.delayMs == config.breakerCooldownMs && event.delayMs > base)
        reason += u", held back to the circuit breaker's cooldown"_s;
    return reason;
}

} // namespace SupervisorLab
