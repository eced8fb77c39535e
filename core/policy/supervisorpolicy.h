#pragma once

#include "policy/circuitbreaker.h"
#include "policy/decision.h"
#include "policy/manualaction.h"
#include "policy/restartintensity.h"
#include "policy/supervisorconfig.h"

#include <QVarLengthArray>

#include <functional>
#include <utility>

#include <vector>

namespace SupervisorLab {

enum class ExitKind
{
    Completed,
    Failed,
    Stopped,
    GaveUp, // a nested supervisor exceeded its restart intensity: OTP's exit with reason `shutdown`
};

// A worker incarnation ended on its own and has already recorded how.
struct ChildExit
{
    int worker = 0;
    quint32 incarnation = 0;
    ExitKind kind = ExitKind::Completed;
    qint64 nowUs = 0;
};

// The decisions of a tree of supervisors as a deterministic state machine, deciding as OTP's supervisor decides: it
// is fed what happened and answers with what to do. It never touches a thread, a clock or a file, so both runtimes
// run this one copy of every rule. The rules, each OTP's:
// - a supervisor starts its children in order, a nested supervisor its whole subtree before the next sibling;
// - a child's exit restarts something only if its restart type says so (permanent: any exit; transient: a failure,
//   a nested supervisor giving up being a normal exit; temporary: never), and then its strategy's group: itself, all
//   children, or itself and those after it; members stopped for it are asked in reverse start order, one at a time,
//   the group starts in start order once all are down (and, unlike OTP, once its restart delay has passed);
// - a temporary child is never restarted, a transient one that ended normally is restarted with its group;
// - more restarts than its intensity allows make a supervisor give up: it stops its children (reverse order, one at
//   a time) and exits; its parent takes that as the exit of a child; the root's ends the run;
// - shutdown stops children in reverse start order, one at a time, a nested supervisor its subtree first;
// - nothing starts inside a subtree whose supervisor is stopping.
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
    // a worker's `incarnation` (the world's seeded draws, so that a run repeats exactly). A nested supervisor draws as
    // worker number workerCount() + its index.
    using JitterDraw = std::function<double(int worker, quint32 incarnation)>;

    SupervisorPolicy(const SupervisorConfig &config, JitterDraw jitterDraw);

    // OTP's restart types: whether an exit of `kind` is answered with a restart.
    static bool restartsAfter(RestartType type, ExitKind kind);
    // OTP's group of a restart among a supervisor's `children`: the positions [first, end) it spans (the child that
    // exited alone under one-for-one, all of them under one-for-all, it and those after it under rest-for-one).
    static std::pair<qsizetype, qsizetype> groupSpan(Strategy strategy, qsizetype exited, qsizetype children);
    // Whether a child in that span goes with the group: one that runs, and any other but a temporary one that has
    // ended (OTP forgets it; a transient child that completed is restarted with its group).
    static bool joinsGroup(bool alive, RestartType type) { return alive || type != RestartType::Temporary; }

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
    // By hand, as OTP's supervisor API does it; each sets `error` (and decides nothing) when it cannot be done.
    // terminate_child: stops a running worker (reason shutdown) and keeps it down until restartChild.
    const Decisions &terminateChild(int worker, qint64 nowUs, QString *error);
    // restart_child: starts again a worker that is down and not waiting to restart (at once, counted as no restart
    // toward the intensity).
    const Decisions &restartChild(int worker, qint64 nowUs, QString *error);
    // Makes a supervisor give up now (reason "manual"), as if its intensity were exceeded: the root ends the run.
    const Decisions &giveUpNow(int supervisor, qint64 nowUs, QString *error);
    // One of the three above: `index` is the worker's, or for GiveUpSupervisor the supervisor's.
    const Decisions &act(ManualAction action, int index, qint64 nowUs, QString *error);
    // Applies a live parameter change; on bad input sets `error` and decides nothing.
    // With a worker (>= 0), sets that worker's own value of a worker key.
    const Decisions &changeConfig(
        const QString &key, const QString &value, qint64 nowUs, QString *error, int worker = -1);

    const SupervisorConfig &config() const { return m_config; }
    // The config with the worker's own settings applied (its restart type, delays, breaker, workload).
    const SupervisorConfig &workerConfig(int worker) const { return m_workerConfigs.at(size_t(worker)); }
    // The config with a supervisor's own settings applied (strategy, intensity; as a child: restart type, delays).
    const SupervisorConfig &supervisorConfig(int supervisor) const
    {
        return m_supervisorConfigs.at(size_t(supervisor));
    }
    // The root's phase.
    Phase phase() const { return m_phase; }
    // Whether the root gave up.
    bool gaveUp() const { return m_gaveUp; }
    int workerCount() const { return m_workerCount; }
    int supervisorCount() const { return int(m_supervisions.size()); }
    // Workers and supervisors: the nodes timers belong to.
    int nodeCount() const { return int(m_nodes.size()); }
    bool isAlive(int worker) const { return m_nodes.at(size_t(worker)).alive; }
    bool isStopping(int worker) const { return m_nodes.at(size_t(worker)).stopping; }
    quint32 incarnation(int worker) const { return m_nodes.at(size_t(worker)).incarnation; }
    bool isSupervisorAlive(int supervisor) const { return supervisorNode(supervisor).alive; }
    quint32 supervisorIncarnation(int supervisor) const { return supervisorNode(supervisor).incarnation; }
    CircuitBreaker::State circuitState(int worker) const { return m_nodes.at(size_t(worker)).breaker.state(); }
    // Restarts the supervisor (the root by default) decided in its intensity window ending at `nowUs`.
    int restartsWithin(qint64 nowUs, int supervisor = 0) const;

private:
    // A worker or a supervisor as the child of its supervisor.
    struct Node
    {
        bool isSupervisor = false;
        int index = 0; // among workers, or among supervisors
        int parent = -1; // the supervisor it is a child of; -1 for the root
        quint32 incarnation = 0;
        bool alive = false; // started and not yet ended (a supervisor: until its children are down and it exits)
        bool stopping = false; // ... and its supervisor has asked it to stop
        bool toStop = false; // ... its supervisor will ask once the children after it are down
        RestartCause stopCause; // why: the exit whose group restart stops it; none: shutdown
        qint64 startedUs = 0;
        bool pending = false; // a restart is scheduled
        bool due = false; // ... and its delay has passed
        quint64 token = 0; // the restart timer that counts
        quint64 group = 0; // restarts decided together start together
        quint32 attempt = 0; // consecutive restarts since the backoff last reset
        qint64 previousDelayMs = 0;
        quint64 shutdownToken = 0; // a supervisor's shutdown timer that counts
        CircuitBreaker breaker;
    };
    enum class Exit
    {
        None,
        Shutdown, // asked by its parent, or the run's stop
        GiveUp,
    };
    struct Supervision
    {
        QList<int> children; // node ids, in start order
        RestartIntensity intensity;
        Exit exiting = Exit::None;
    };

    using Group = QVarLengthArray<int, 16>;

    Decisions &freshDecisions();
    int supervisorNodeId(int supervisor) const { return m_workerCount + supervisor; }
    const Node &supervisorNode(int supervisor) const { return m_nodes.at(size_t(supervisorNodeId(supervisor))); }
    const SupervisorConfig &nodeConfig(const Node &node) const;
    bool isValid(int worker, quint32 incarnation) const;
    bool inStoppingSubtree(int supervisor) const;
    void startNode(int node, qint64 nowUs, Decisions &out);
    void startChild(int worker, qint64 nowUs, Decisions &out);
    void startSupervisor(int supervisor, qint64 nowUs, Decisions &out);
    void childDown(int node, ExitKind kind, qint64 nowUs, Decisions &out);
    void restartAfterExit(int node, ExitKind kind, qint64 nowUs, Decisions &out);
    Group restartGroup(int node) const;
    void scheduleRestart(int node, qint64 delayMs, quint32 attempt, quint64 group, RestartCause cause, Decisions &out);
    void startDueChildren(int supervisor, qint64 nowUs, Decisions &out);
    void markChildrenToStop(int supervisor, RestartCause cause);
    void cancelRestarts(int supervisor);
    void continueStops(int supervisor, qint64 nowUs, Decisions &out);
    void askToStop(int node, qint64 nowUs, Decisions &out);
    void exitSupervisor(int supervisor, qint64 nowUs, Decisions &out);
    void abandonSubtree(int supervisor, Decisions &out);
    void giveUp(int supervisor, const QString &reason, qint64 nowUs, Decisions &out);

    void updateConfigs();

    SupervisorConfig m_config;
    std::vector<SupervisorConfig> m_workerConfigs;
    std::vector<SupervisorConfig> m_supervisorConfigs;
    JitterDraw m_jitterDraw;
    Phase m_phase = Phase::Idle;
    bool m_gaveUp = false;
    int m_workerCount = 0;
    std::vector<Node> m_nodes; // the workers, then the supervisors
    std::vector<Supervision> m_supervisions;
    quint64 m_lastToken = 0;
    quint64 m_lastGroup = 0;
    Decisions m_decisions;
};

} // namespace SupervisorLab
