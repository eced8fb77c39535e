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
    WorkerCompleted,
    WorkerFailed,
    RestartScheduled,
    WorkerStopping,
    WorkerStopped,
    WorkerAbandoned,
    CircuitOpened,
    CircuitHalfOpen,
    CircuitClosed,
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
};

// How a worker_failed came about, read from its reason: "error", "exception: <message>", "heartbeat_timeout".
enum class FailureKind : quint8
{
    Error,
    Exception,
    Hang,
};
constexpr int kFailureKindCount = int(FailureKind::Hang) + 1;
FailureKind failureKindOf(QStringView reason);
QString failureKindName(FailureKind kind); // "error", "exception", "hang"

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

    bool isTerminal() const; // ends a worker incarnation
    bool has(EventField field) const { return eventFields(kind) & field; }

    static LifecycleEvent supervisor(EventKind kind, const QString &reason = {});
    static LifecycleEvent forWorker(EventKind kind, int worker, quint32 incarnation, const QString &reason = {});
    static LifecycleEvent circuit(EventKind kind, int worker);
    static LifecycleEvent restartScheduled(int worker, qint64 delayMs, quint32 attempt);
    static LifecycleEvent configChanged(const QString &key, const QString &value);
    static LifecycleEvent runStarted(const RunHeader &header);
    static LifecycleEvent runFinished(const RunCounts &counts);

    friend bool operator==(const LifecycleEvent &, const LifecycleEvent &) = default;
};

} // namespace SupervisorLab

Q_DECLARE_METATYPE(SupervisorLab::LifecycleEvent)
