#pragma once

#include "policy/circuitbreaker.h"
#include "policy/decision.h"
#include "policy/restartintensity.h"
#include "policy/supervisorconfig.h"

#include <QVarLengthArray>

#include <functional>

#include <vector>

namespace SupervisorLab {

enum class ExitKind
{
    Completed,
    Failed,
    Stopped
};

// A worker incarnation ended on its own and has already recorded how.
struct ChildExit
{
    int worker = 0;
    quint32 incarnation = 0;
    ExitKind kind = ExitKind::Completed;
    qint64 nowUs = 0;
};

// The supervisor's decisions as a deterministic state machine, in the spirit of OTP's supervisor: it is
// fed what happened and answers with what to do. It never touches a thread, a clock or a file, so both
// runtimes run this one copy of every rule.
class SupervisorPolicy
{
public:
    enum class Phase
    {
        Idle,
        Running,
        Stopping,
        Stopped
    };

    // The policy's one source of randomness, passed in: a draw in [0, 1) for the jitter of the restart that follows
    // a worker's `incarnation` (the world's seeded draws, so that a run repeats exactly).
    using JitterDraw = std::function<double(int worker, quint32 incarnation)>;

    SupervisorPolicy(const SupervisorConfig &config, JitterDraw jitterDraw);

    // OTP's restart types: whether an exit of `kind` is answered with a restart.
    static bool restartsAfter(RestartType type, ExitKind kind);

    // Each returns what its runtime must do, in order, in a list the policy reuses: valid until the next call.
    const Decisions &start(qint64 nowUs);
    const Decisions &childExited(const ChildExit &exit);
    const Decisions &heartbeatMissed(int worker, quint32 incarnation, qint64 nowUs);
    // A dependency the running incarnation needs went down: it fails (`failure` names the dependency).
    const Decisions &dependencyLost(int worker, quint32 incarnation, const LifecycleEvent &failure, qint64 nowUs);
    // The world turned the incarnation away as it started; its runtime recorded the failure with the start.
    const Decisions &startRefused(int worker, quint32 incarnation, qint64 nowUs);
    const Decisions &shutdownDeadlinePassed(int worker, quint32 incarnation, qint64 nowUs);
    const Decisions &timerFired(const PolicyTimer &timer, qint64 nowUs);
    const Decisions &stopRequested(qint64 nowUs);
    // Applies a live parameter change; on bad input sets `error` and decides nothing.
    // With a worker (>= 0), sets that worker's own value of a worker key.
    const Decisions &changeConfig(
        const QString &key, const QString &value, qint64 nowUs, QString *error, int worker = -1);

    const SupervisorConfig &config() const { return m_config; }
    // The config with the worker's own settings applied (its restart type, delays, breaker, workload).
    const SupervisorConfig &workerConfig(int worker) const { return m_workerConfigs.at(size_t(worker)); }
    Phase phase() const { return m_phase; }
    bool gaveUp() const { return m_gaveUp; }
    int workerCount() const { return int(m_children.size()); }
    bool isAlive(int worker) const { return m_children.at(size_t(worker)).alive; }
    bool isStopping(int worker) const { return m_children.at(size_t(worker)).stopping; }
    quint32 incarnation(int worker) const { return m_children.at(size_t(worker)).incarnation; }
    CircuitBreaker::State circuitState(int worker) const { return m_children.at(size_t(worker)).breaker.state(); }
    int restartsWithin(qint64 nowUs) const;

private:
    struct Child
    {
        quint32 incarnation = 0;
        bool alive = false; // an incarnation is running (or hung): started, not yet ended
        bool stopping = false; // ... and it has been asked to stop
        qint64 startedUs = 0;
        bool pending = false; // a restart is scheduled
        bool due = false; // ... and its delay has passed
        quint64 token = 0; // the restart timer that counts
        quint64 group = 0; // restarts decided together start together
        quint32 attempt = 0; // consecutive restarts since the backoff last reset
        qint64 previousDelayMs = 0;
        CircuitBreaker breaker;
    };

    using Group = QVarLengthArray<int, 16>;

    Decisions &freshDecisions();
    bool isValid(int worker, quint32 incarnation) const;
    void startChild(int worker, qint64 nowUs, Decisions &out);
    void childDown(int worker, ExitKind kind, qint64 nowUs, Decisions &out);
    void restartAfterExit(int worker, ExitKind kind, qint64 nowUs, Decisions &out);
    Group restartGroup(int worker, bool failed) const;
    void scheduleRestart(
        int worker, qint64 delayMs, quint32 attempt, quint64 group, RestartCause cause, Decisions &out);
    void startDueChildren(qint64 nowUs, Decisions &out);
    void stopAllChildren(Decisions &out);
    void giveUp(qint64 nowUs, Decisions &out);
    void finishIfAllDown(Decisions &out);

    void updateWorkerConfigs();

    SupervisorConfig m_config;
    std::vector<SupervisorConfig> m_workerConfigs;
    JitterDraw m_jitterDraw;
    Phase m_phase = Phase::Idle;
    bool m_gaveUp = false;
    std::vector<Child> m_children;
    RestartIntensity m_intensity;
    quint64 m_lastToken = 0;
    quint64 m_lastGroup = 0;
    Decisions m_decisions;
};

} // namespace SupervisorLab
