#pragma once

#include "policy/dependencyspec.h"
#include "policy/parameterspec.h"
#include "policy/programspec.h"
#include "policy/supervisorspec.h"
#include "policy/workerspec.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace SupervisorLab {

// Enumerators are in the order of the spellings in parameterSpecs().
enum class Strategy
{
    OneForOne,
    OneForAll,
    RestForOne
};
enum class RestartType
{
    Permanent,
    Transient,
    Temporary
};
enum class BackoffKind
{
    Fixed,
    Exponential
};
enum class Jitter
{
    None,
    Full,
    Equal,
    Decorrelated
};
enum class FailureMode
{
    Error,
    Exception,
    Hang,
    Mixed
};

// Every parameter of a run. Times are in milliseconds, as on the command line.
struct SupervisorConfig
{
    static constexpr qint64 kUnlimited = -1;
    static constexpr qint64 kMaxMilliseconds = ParameterSpec::kMaxMilliseconds;
    static constexpr qint64 kMaxWorkers = 1024;
    static constexpr qint64 kMaxDependencies = 64;
    static constexpr qint64 kMaxSupervisors = 256;
    static constexpr int kMaxTreeDepth = 16; // levels of supervisors, the root's included
    static constexpr quint64 kMaxSeed = (quint64(1) << 53) - 1; // exact in every JSON reader

    int workers = 1;
    double failureRate = 0.6;
    qint64 workMinMs = 400;
    qint64 workMaxMs = 1600;
    qint64 delayMs = 500;
    Strategy strategy = Strategy::OneForOne;
    QList<RestartType> restart { RestartType::Permanent }; // per worker; the last one repeats
    BackoffKind backoff = BackoffKind::Fixed;
    double backoffFactor = 2.0;
    qint64 maxDelayMs = 30'000;
    Jitter jitter = Jitter::None;
    qint64 resetAfterMs = 10'000;
    qint64 maxRestarts = kUnlimited;
    qint64 withinMs = 5'000;
    qint64 heartbeatTimeoutMs = 1'000;
    FailureMode failureMode = FailureMode::Error;
    qint64 shutdownTimeoutMs = 1'000;
    int breakerThreshold = 0;
    qint64 breakerWindowMs = 10'000;
    qint64 breakerCooldownMs = 5'000;
    qint64 durationMs = 4'000;
    quint64 seed = 1;
    bool virtualTime = false;

    // The tree form (a scenario's `tree`: supervisors whose children are workers and supervisors). Empty
    // `workerSpecs`: the flat form, `workers` identical workers under one supervisor. In the tree form `workers` is
    // the number of worker specs, and `supervisorSpecs` holds the root first.
    QList<SupervisorSpec> supervisorSpecs = {};
    QList<WorkerSpec> workerSpecs = {};
    QList<DependencySpec> dependencies = {};
    // The real program every worker runs (the config object's `command`, `env`, `cwd`); a node's own replaces it.
    ProgramSpec program = {};

    bool isTree() const { return !workerSpecs.isEmpty(); }
    // Whether the tree has supervisors below the root.
    bool isNested() const { return supervisorSpecs.size() > 1; }
    int supervisorCount() const { return isTree() ? int(supervisorSpecs.size()) : 1; }
    // The worker's own name in the tree form; "worker N" in the flat form.
    QString workerName(int worker) const;
    // The supervisor's name in the tree form; "supervisor" for the flat form's one supervisor.
    QString supervisorName(int supervisor) const;
    // The supervisor a worker is a child of (0, the root, in the flat form).
    int supervisorOf(int worker) const;
    // A supervisor's children in start order.
    QList<TreeChild> childrenOf(int supervisor) const;
    // This config with the worker's own settings applied: what the policy and the world use for that worker.
    SupervisorConfig forWorker(int worker) const;
    // This config with a supervisor's own settings applied: its strategy and intensity, and as a child of its
    // parent its restart type (restartTypeOf(0)), shutdown timeout and restart delay. The root's is this config.
    SupervisorConfig forSupervisor(int supervisor) const;
    // Whether the worker needs the dependency.
    bool dependsOn(int worker, int dependency) const;
    RestartType restartTypeOf(int worker) const;
    // The real program the worker runs; empty (isProgram() false) for a simulated worker.
    ProgramSpec programOf(int worker) const;
    // Whether any worker runs a real program.
    bool hasPrograms() const;

    // The canonical spelling of a parameter's value, as written to logs and config_changed.
    QString valueText(const QString &key) const;
    // Parses and checks one value; on failure returns what is wrong with it and changes nothing. In the tree form a
    // worker key set this way is set for every worker (a worker's own value for it is dropped).
    QString setValue(const QString &key, const QString &text);
    // Sets a worker key for one worker alone (it becomes that worker's own value; the flat form turns into a tree).
    QString setWorkerValue(int worker, const QString &key, const QString &text);
    // Checks the rules that tie parameters together; returns the first broken one, or an empty string.
    QString validate() const;

    QJsonObject toJson() const;
    // Applies every key of `object` over this config (`tree` and `dependencies` too, after the others); returns an
    // error naming the key (and the node), or an empty string.
    QString applyJson(const QJsonObject &object);
    static QString jsonValueText(const QJsonValue &value);

    friend bool operator==(const SupervisorConfig &, const SupervisorConfig &) = default;

private:
    void becomeTree();
    QString setFlatValue(const ParameterSpec &spec, const QString &key, const QString &text);
};

QString nameOf(Strategy strategy);
QString nameOf(RestartType type);
QString nameOf(BackoffKind kind);
QString nameOf(Jitter jitter);
QString nameOf(FailureMode mode);

} // namespace SupervisorLab
