#include "events/lifecycleevent.h"

#include <QRegularExpression>

#include <array>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

struct KindInfo
{
    QStringView name;
    quint16 fields;
};

constexpr quint16 kWorkerRun = FieldWorker | FieldIncarnation;

constexpr std::array<KindInfo, kEventKindCount> kKinds { {
    { u"run_started", FieldRunHeader },
    { u"supervisor_started", FieldSupervisor },
    { u"supervisor_stopping", FieldSupervisor },
    { u"supervisor_stopped", FieldSupervisor },
    { u"supervisor_gave_up", FieldSupervisor | FieldReason },
    { u"worker_started", kWorkerRun },
    { u"worker_ready", kWorkerRun },
    { u"worker_completed", kWorkerRun | FieldOutput },
    { u"worker_failed", kWorkerRun | FieldReason | FieldOutput },
    { u"restart_scheduled", FieldWorker | FieldDelay | FieldAttempt },
    { u"worker_stopping", kWorkerRun | FieldReason },
    { u"worker_stopped", kWorkerRun | FieldOutput },
    { u"worker_abandoned", kWorkerRun | FieldOutput },
    { u"circuit_opened", FieldWorker },
    { u"circuit_half_open", FieldWorker },
    { u"circuit_closed", FieldWorker },
    { u"dependency_down", FieldDependency | FieldReason },
    { u"dependency_up", FieldDependency },
    { u"config_changed", FieldKeyValue },
    { u"run_finished", FieldCounts },
} };

} // namespace

QString eventName(EventKind kind)
{
    return kKinds.at(size_t(kind)).name.toString();
}

std::optional<EventKind> eventKindFromName(QStringView name)
{
    for (size_t i = 0; i < kKinds.size(); ++i) {
        if (kKinds[i].name == name)
            return EventKind(i);
    }
    return std::nullopt;
}

quint16 eventFields(EventKind kind)
{
    return kKinds.at(size_t(kind)).fields;
}

FailureKind failureKindFromReason(QStringView reason)
{
    if (reason == u"heartbeat_timeout")
        return FailureKind::Hang;
    if (reason.startsWith(u"exception"))
        return FailureKind::Exception;
    if (reason.startsWith(u"dependency: "))
        return FailureKind::DependencyDown;
    if (reason.startsWith(u"overloaded: "))
        return FailureKind::Overloaded;
    if (reason.startsWith(u"exit "))
        return FailureKind::ExitStatus;
    if (reason.startsWith(u"signal "))
        return FailureKind::Signal;
    if (reason.startsWith(u"cannot start: "))
        return FailureKind::CannotStart;
    return FailureKind::Error;
}

QStringView dependencyOfReason(QStringView reason)
{
    for (const QStringView prefix : { QStringView(u"dependency: "), QStringView(u"overloaded: ") }) {
        if (reason.startsWith(prefix))
            return reason.mid(prefix.size());
    }
    return {};
}

QString lastOutputLine(QStringView output)
{
    const QList<QStringView> lines = output.split(u'\n');
    for (auto line = lines.crbegin(); line != lines.crend(); ++line) {
        const QStringView trimmed = line->trimmed();
        if (!trimmed.isEmpty() && !(trimmed.startsWith(u'[') && trimmed.endsWith(u"not kept]")))
            return trimmed.toString();
    }
    return {};
}

QString reasonProblem(EventKind kind, QStringView reason)
{
    switch (kind) {
    case EventKind::WorkerFailed: {
        // A program's exit status is 1..255 (0 is a completion); a signal is named as strsignal's abbreviation.
        static const QRegularExpression program(
            u"^(exit (25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d?)|signal ([1-9]|[1-5]\\d|6[0-4]) \\(SIG[A-Z0-9+-]{1,12}\\))$"_s);
        if (reason == u"error" || reason == u"heartbeat_timeout" || reason.startsWith(u"exception: ")
            || !dependencyOfReason(reason).trimmed().isEmpty() || program.match(reason).hasMatch()
            || (reason.startsWith(u"cannot start: ") && reason.size() > 14))
            return {};
        return u"a worker fails with error, heartbeat_timeout, exception: <message>, dependency: <name>, "
               "overloaded: <name>, exit <1..255>, signal <N> (SIG<NAME>) or cannot start: <why>"_s;
    }
    case EventKind::DependencyDown:
        if (reason == u"outage" || reason == u"manual")
            return {};
        return u"a dependency goes down for an outage or by hand (manual)"_s;
    case EventKind::WorkerStopping:
        if (reason == u"shutdown" || reason == u"sibling_failed")
            return {};
        return u"a worker is asked to stop for shutdown or sibling_failed"_s;
    case EventKind::SupervisorGaveUp: {
        static const QRegularExpression intensity(
            u"^restart intensity exceeded: more than \\d{1,10} restarts within \\d{1,11} ms$"_s);
        if (intensity.match(reason).hasMatch() || reason == u"manual")
            return {};
        return u"a supervisor gives up when its restart intensity is exceeded: 'restart intensity exceeded: more "
               "than R restarts within T ms', or by hand: 'manual'"_s;
    }
    default:
        return {};
    }
}

QString failureKindName(FailureKind kind)
{
    switch (kind) {
    case FailureKind::Error:
        return u"error"_s;
    case FailureKind::Exception:
        return u"exception"_s;
    case FailureKind::Hang:
        return u"hang"_s;
    case FailureKind::DependencyDown:
        return u"dependency"_s;
    case FailureKind::Overloaded:
        return u"overloaded"_s;
    case FailureKind::ExitStatus:
        return u"exit"_s;
    case FailureKind::Signal:
        return u"signal"_s;
    case FailureKind::CannotStart:
        return u"cannot_start"_s;
    }
    Q_UNREACHABLE();
    return {};
}

bool LifecycleEvent::isTerminal() const
{
    return kind == EventKind::WorkerCompleted || kind == EventKind::WorkerFailed || kind == EventKind::WorkerStopped
        || kind == EventKind::WorkerAbandoned;
}

LifecycleEvent LifecycleEvent::supervisor(EventKind kind, const QString &reason, int supervisor, quint32 incarnation)
{
    LifecycleEvent event;
    event.kind = kind;
    event.reason = reason;
    event.supervisorIndex = supervisor;
    event.incarnation = supervisor > 0 ? incarnation : 0;
    return event;
}

LifecycleEvent LifecycleEvent::supervisorRestartScheduled(
    int supervisor, qint64 delayMs, quint32 attempt, RestartCause cause)
{
    LifecycleEvent event = restartScheduled(-1, delayMs, attempt, cause);
    event.supervisorIndex = supervisor;
    return event;
}

bool LifecycleEvent::isNestedSupervisors() const
{
    return supervisorIndex > 0 && (has(FieldSupervisor) || kind == EventKind::RestartScheduled);
}

LifecycleEvent LifecycleEvent::forWorker(EventKind kind, int worker, quint32 incarnation, const QString &reason)
{
    LifecycleEvent event;
    event.kind = kind;
    event.worker = worker;
    event.incarnation = incarnation;
    event.reason = reason;
    if (kind == EventKind::WorkerFailed)
        event.failure = failureKindFromReason(reason);
    return event;
}

LifecycleEvent LifecycleEvent::circuit(EventKind kind, int worker)
{
    LifecycleEvent event;
    event.kind = kind;
    event.worker = worker;
    return event;
}

LifecycleEvent LifecycleEvent::workerFailed(
    int worker, quint32 incarnation, FailureKind failure, const QString &message)
{
    LifecycleEvent event = forWorker(EventKind::WorkerFailed, worker, incarnation);
    event.failure = failure;
    switch (failure) {
    case FailureKind::Error:
        event.reason = u"error"_s;
        break;
    case FailureKind::Exception:
        event.reason = u"exception: "_s + message;
        break;
    case FailureKind::Hang:
        event.reason = u"heartbeat_timeout"_s;
        break;
    case FailureKind::DependencyDown:
        event.reason = u"dependency: "_s + message;
        break;
    case FailureKind::Overloaded:
        event.reason = u"overloaded: "_s + message;
        break;
    case FailureKind::ExitStatus:
        event.reason = u"exit "_s + message;
        break;
    case FailureKind::Signal:
        event.reason = u"signal "_s + message;
        break;
    case FailureKind::CannotStart:
        event.reason = u"cannot start: "_s + message;
        break;
    }
    return event;
}

LifecycleEvent LifecycleEvent::restartScheduled(int worker, qint64 delayMs, quint32 attempt, RestartCause cause)
{
    LifecycleEvent event;
    event.kind = EventKind::RestartScheduled;
    event.worker = worker;
    event.delayMs = delayMs;
    event.attempt = attempt;
    event.cause = cause;
    return event;
}

LifecycleEvent LifecycleEvent::siblingStopping(int worker, quint32 incarnation, RestartCause cause)
{
    LifecycleEvent event = forWorker(EventKind::WorkerStopping, worker, incarnation, u"sibling_failed"_s);
    event.cause = cause;
    return event;
}

LifecycleEvent LifecycleEvent::configChanged(const QString &key, const QString &value, int worker)
{
    LifecycleEvent event;
    event.kind = EventKind::ConfigChanged;
    event.worker = worker;
    event.key = key;
    event.value = value;
    return event;
}

LifecycleEvent LifecycleEvent::dependencyChanged(EventKind kind, int dependency, const QString &reason)
{
    LifecycleEvent event;
    event.kind = kind;
    event.dependency = dependency;
    event.reason = reason;
    return event;
}

LifecycleEvent LifecycleEvent::runStarted(const RunHeader &header)
{
    LifecycleEvent event;
    event.kind = EventKind::RunStarted;
    event.run = header;
    return event;
}

LifecycleEvent LifecycleEvent::runFinished(const RunCounts &counts)
{
    LifecycleEvent event;
    event.kind = EventKind::RunFinished;
    event.counts = counts;
    return event;
}

} // namespace SupervisorLab
