#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace SupervisorLab {

// The fixed vocabulary of the event log (see the README, "The event log").
enum class EventKind : quint8
{
    RunStarted,
    SupervisorStarted,
    SupervisorStopping,
    SupervisorStopped,
    SupervisorGaveUp,
    WorkerStarted,
    WorkerReady,
    WorkerCompleted,
    WorkerFailed,
    RestartScheduled,
    WorkerStopping,
    WorkerStopped,
    WorkerAbandoned,
    CircuitOpened,
    CircuitHalfOpen,
    CircuitClosed,
    DependencyDown,
    DependencyUp,
    ConfigChanged,
    RunFinished,
};
constexpr int kEventKindCount = int(EventKind::RunFinished) + 1;

// Which optional fields an event kind carries; writers and readers of every format consult this one table.
enum EventField : quint16
{
    FieldWorker = 1 << 0,
    FieldIncarnation = 1 << 1,
    FieldReason = 1 << 2,
    FieldDelay = 1 << 3,
    FieldAttempt = 1 << 4,
    FieldKeyValue = 1 << 5,
    FieldCounts = 1 << 6,
    FieldRunHeader = 1 << 7,
    FieldDependency = 1 << 8,
    FieldSupervisor = 1 << 9, // a nested supervisor's event carries `supervisor` and `incarnation`; the root's neither
    FieldOutput = 1 << 10, // a program's end may carry `output`: the last lines it wrote
};

// How a worker failed. The engine knows it as it records the failure and every reader takes it from the event;
// the reason text says it in the log's words ("error", "exception: <message>", "heartbeat_timeout", "dependency: NAME",
// "overloaded: NAME", "exit N", "signal N (SIGNAME)", "cannot start: <why>"). Dependency and overloaded are the
// world's: a dependency was down, or turned the start away for capacity. The last three are a real program's.
enum class FailureKind : quint8
{
    Error,
    Exception,
    Hang,
    DependencyDown,
    Overloaded,
    ExitStatus,
    Signal,
    CannotStart,
};
constexpr int kFailureKindCount = int(FailureKind::CannotStart) + 1;
// "error", "exception", "hang", "dependency", "overloaded", "exit", "signal", "cannot_start"
QString failureKindName(FailureKind kind);
// Whether the failure is a real program's ending (a non-zero exit status, a signal, or a start that failed).
inline bool isProgramFailure(FailureKind kind)
{
    return kind == FailureKind::ExitStatus || kind == FailureKind::Signal || kind == FailureKind::CannotStart;
}
// Whether the failure came from the world (a dependency down or overloaded) rather than from the worker itself.
inline bool isDependencyFailure(FailureKind kind)
{
    return kind == FailureKind::DependencyDown || kind == FailureKind::Overloaded;
}
// The dependency a "dependency: NAME" or "overloaded: NAME" reason names; empty for any other reason.
QStringView dependencyOfReason(QStringView reason);
// The last line of a program's `output` that says something (not blank, not the count of lines not kept), trimmed;
// empty if there is none. For one-line accounts of an ending ("exit 3 after 212 ms; last output: ...").
QString lastOutputLine(QStringView output);
// The kind a worker_failed's reason says: only for events read from a file, which carry the text alone.
FailureKind failureKindFromReason(QStringView reason);

// The child exit a restart decision answers: a worker's, or a nested supervisor's (`supervisor` >= 0, `worker` -1).
// Every restart_scheduled of one decision, and every stop it asks for (sibling_failed), carry the same cause, and no
// two decisions answer the same exit: the cause is the identity of a group restart.
struct RestartCause
{
    int worker = -1;
    quint32 incarnation = 0;
    int supervisor = -1;

    bool isValid() const { return worker >= 0 || supervisor >= 0; }
    friend bool operator==(const RestartCause &, const RestartCause &) = default;
};

// Why `reason` is not a reason `kind` gives, or an empty string if it is: worker_failed says "error",
// "exception: <message>" or "heartbeat_timeout"; worker_stopping "shutdown" or "sibling_failed"; supervisor_gave_up
// which intensity limit was exceeded. What a log from elsewhere may say is checked against this.
QString reasonProblem(EventKind kind, QStringView reason);

QString eventName(EventKind kind);
std::optional<EventKind> eventKindFromName(QStringView name);
quint16 eventFields(EventKind kind);

struct RunCounts
{
    qint64 restarts = 0; // worker_started with incarnation > 1
    qint64 failures = 0;
    qint64 completions = 0;
    friend bool operator==(const RunCounts &, const RunCounts &) = default;
};

struct RunHeader
{
    QString version;
    quint64 seed = 0;
    QJsonObject config;
    friend bool operator==(const RunHeader &, const RunHeader &) = default;
};

// One line of the event log. Fields that a kind does not carry keep their defaults.
struct LifecycleEvent
{
    qint64 tUs = 0;
    EventKind kind = EventKind::RunStarted;
    int worker = -1;
    quint32 incarnation = 0;
    QString reason;
    qint64 delayMs = 0;
    quint32 attempt = 0;
    QString key;
    QString value;
    RunCounts counts;
    RunHeader run;
    FailureKind failure = FailureKind::Error; // worker_failed
    RestartCause cause; // restart_scheduled; worker_stopping for sibling_failed
    int dependency = -1; // dependency_down, dependency_up: the dependency's index in the run's config
    // Supervisor events: which supervisor (0: the root, whose events carry neither `supervisor` nor `incarnation`).
    // restart_scheduled: a nested supervisor's restart has supervisorIndex > 0 and no worker (-1).
    int supervisorIndex = 0;
    // A program's end (worker_completed, worker_failed, worker_stopped, worker_abandoned): the last lines it wrote,
    // each ending in a newline, after a line "[N earlier lines not kept]" when it wrote more (see OutputTail).
    QString output;

    bool isTerminal() const; // ends a worker incarnation
    bool has(EventField field) const { return eventFields(kind) & field; }

    // A supervisor's event; a nested supervisor's (supervisor > 0) carries its incarnation.
    static LifecycleEvent supervisor(
        EventKind kind, const QString &reason = {}, int supervisor = 0, quint32 incarnation = 0);
    // A worker's event in the log's words; a worker_failed takes its failure kind from the reason.
    static LifecycleEvent forWorker(EventKind kind, int worker, quint32 incarnation, const QString &reason = {});
    static LifecycleEvent circuit(EventKind kind, int worker);
    // worker_failed, with the reason its kind is logged with; `message` is an exception's message, the name of the
    // dependency that was down or overloaded, a program's exit status ("3"), its signal ("11 (SIGSEGV)"), or why it
    // could not start.
    static LifecycleEvent workerFailed(
        int worker, quint32 incarnation, FailureKind failure, const QString &message = {});
    static LifecycleEvent restartScheduled(int worker, qint64 delayMs, quint32 attempt, RestartCause cause = {});
    static LifecycleEvent supervisorRestartScheduled(
        int supervisor, qint64 delayMs, quint32 attempt, RestartCause cause = {});
    // Whether this is a nested supervisor's event (a supervisor_* event, or a restart_scheduled, of supervisor > 0).
    bool isNestedSupervisors() const;
    static LifecycleEvent siblingStopping(int worker, quint32 incarnation, RestartCause cause);
    // config_changed; with a worker (>= 0), the change of that worker's own value alone.
    static LifecycleEvent configChanged(const QString &key, const QString &value, int worker = -1);
    // dependency_down (reason "outage" or "manual") or dependency_up.
    static LifecycleEvent dependencyChanged(EventKind kind, int dependency, const QString &reason = {});
    static LifecycleEvent runStarted(const RunHeader &header);
    static LifecycleEvent runFinished(const RunCounts &counts);

    friend bool operator==(const LifecycleEvent &, const LifecycleEvent &) = default;
};

} // namespace SupervisorLab

Q_DECLARE_METATYPE(SupervisorLab::LifecycleEvent)
