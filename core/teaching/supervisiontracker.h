#pragma once

#include "events/lifecycleevent.h"
#include "policy/restartintensity.h"
#include "policy/supervisorconfig.h"
#include "policy/supervisorpolicy.h"
#include "teaching/exitverdict.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <memory>
#include <vector>

namespace SupervisorLab {

// Follows a run's supervision tree through its log, event by event, as its supervisors see it: which children run,
// which were asked to stop and why, which are due to restart, which supervisors shut down or give up, and the
// restarts each supervisor decided within its intensity window. From that it tells what a child's exit makes its
// supervisor do, by the policy's rules, before the decision shows in the log (a decision may come after other exits
// that happened at the same moment), and why each stop was asked. The narration and the explanations read the run
// through it, so both say the same: with the deciding supervisor's own strategy and intensity.
class SupervisionTracker
{
    Q_DECLARE_TR_FUNCTIONS(SupervisionTracker)

public:
    // Why a child is asked to stop (worker_stopping, or a nested supervisor's supervisor_stopping).
    struct Stop
    {
        enum class Why
        {
            Group, // its supervisor restarts the group of `cause`
            Shutdown, // `by` (its supervisor or one above) shuts down
            GiveUp, // `by` gave up
            WithItsGroup, // `by`, a supervisor above it, is stopped for its parent's group restart
            ByHand, // terminate_child: it stays down until restarted by hand
        };
        Why why = Why::ByHand;
        TreeChild child;
        int supervisor = 0; // the one that asks
        int by = 0;
        RestartCause cause;
        bool first = false; // the first of a sequence in which more are to be asked after it
        bool afterAnother = false; // ... or not the first: `previous` was asked before it, and is down
        TreeChild previous;
    };

    // Takes the next event of the log in; every event must pass through here, in order.
    void observe(const LifecycleEvent &event);
    // Brings the state up to what the supervisors know as `event` comes: call before asking about the event. Starts
    // turned away by the world are heard by the policy only once every start decided with them is recorded.
    void settle(const LifecycleEvent &event);

    // What the exit `event` (worker_completed, worker_failed, or a supervisor_stopped) makes its supervisor do. Ask
    // before observing the event. An exit of a child that was asked to stop (AskedToStop) carries why it was asked:
    // `halt` ShuttingDown, GivingUp or WithItsGroup; `cause` for a group restart's stop; neither when it was stopped
    // by hand. Such an exit is the one its supervisor waited for: it restarts nothing, whatever the strategy says.
    ExitVerdict verdictOn(const LifecycleEvent &event) const;
    // What the child's exit of `kind` at `tUs` would make its supervisor do, were it to happen now.
    ExitVerdict verdictIf(TreeChild child, ExitKind kind, qint64 tUs) const;
    // Why the stop `event` (worker_stopping, or a nested supervisor's supervisor_stopping) was asked. Ask before
    // observing the event.
    Stop stopOf(const LifecycleEvent &event) const;
    // What follows an exit whose verdict decides nothing (AskedToStop, SubtreeStopping), as the end of a sentence:
    // "the supervisor is shutting down, so it is not restarted", "it restarts with worker 1's group: no new
    // decision". Empty for the verdicts that decide. The narration and the explanations both say it so.
    QString undecidedText(const ExitVerdict &verdict) const;
    // The children below the supervisor of a supervisor_stopping or supervisor_gave_up `event` whose exit was told
    // as one its supervisor restarts, with no restart_scheduled for it yet: a worker's thread records its exit when it
    // happens, its supervisor decides when it hears of it, and a stop it began in between comes first. So they are
    // not restarted. Ask before observing the event.
    QList<TreeChild> overtakenBy(const LifecycleEvent &event) const;
    // "the failure of worker 5 came in as it stops, so it is not restarted"; empty for none.
    QString overtakenText(const QList<TreeChild> &children) const;
    // Whether the restart_scheduled `event` is a restart by hand (restart_child): at once, of a child kept down, not
    // counted toward any intensity. Ask before observing the event.
    bool isRestartByHand(const LifecycleEvent &event) const;
    // When the child's current (or last) incarnation started; -1 if it never has.
    qint64 startedUs(TreeChild child) const;

    const SupervisorConfig &config() const { return m_configs->config; }
    // The worker's own config (its restart type, delays, breaker, timeouts), or the run's for an unknown worker.
    const SupervisorConfig &workerConfig(int worker) const;
    // The supervisor's own config (strategy, intensity; as a child its restart type and delays).
    const SupervisorConfig &supervisorConfig(int supervisor) const;
    bool isNested() const { return config().isNested(); }
    int supervisorCount() const { return int(m_supervisions.size()); }
    // The supervisor a child (a worker, or a supervisor) is a child of; -1 for the root.
    int parentOf(TreeChild child) const;
    RestartType restartTypeOf(TreeChild child) const;
    // How the child last ended (Completed, Failed, GaveUp, Stopped).
    ExitKind lastExitOf(TreeChild child) const;
    // The child a restart cause names.
    static TreeChild childOf(const RestartCause &cause);
    // The child a worker or nested supervisor event is about (a supervisor's for worker -1).
    static TreeChild childOf(const LifecycleEvent &event);
    // Its supervisor gave up (whether asked to stop before it could exit or not).
    bool gaveUp(int supervisor) const;
    // The restarts the supervisor decided within its intensity window ending at `tUs`.
    int restartsWithin(int supervisor, qint64 tUs) const;
    // A supervisor's children running now.
    int runningChildren(int supervisor) const;
    // The whole tree's running workers.
    int runningWorkers() const;

    // Names as the texts say them: a tree's node names; in the flat form "worker 2", or "the worker" when it is alone,
    // and "the supervisor".
    QString nameOf(TreeChild child) const;
    QString supervisorName(int supervisor) const;
    // "conn-1, conn-2 and web"; flat: "workers 0, 1 and 3" (sorted).
    QString listOf(const QList<TreeChild> &children) const;

private:
    struct Node
    {
        int parent = -1; // the supervisor it is a child of
        int position = 0; // among its parent's children
        bool alive = false;
        quint32 incarnation = 0;
        bool stopping = false; // asked to stop
        bool toStop = false; // to be asked, once those after it are down
        bool pending = false; // due to restart with a group
        bool keptDown = false; // down until restarted by hand (stopped by hand, or not restarted by its type)
        qint64 startedUs = -1;
        RestartCause cause; // pending or toStop: the exit whose group it goes with
        // stopping: why it was asked, and for a group restart whose exit's group it stops with
        Stop::Why stopWhy = Stop::Why::ByHand;
        RestartCause stopCause;
        bool undecided = false; // its exit was told as restarting it, and no restart_scheduled for it is in yet
        ExitKind lastExit = ExitKind::Stopped;
    };
    enum class Exiting
    {
        None,
        Shutdown,
        GiveUp,
    };
    struct Supervision
    {
        Exiting exiting = Exiting::None;
        bool gaveUp = false;
        quint64 epoch = 0; // counts its shutdowns and give-ups: each is a sequence of stops
        RestartIntensity intensity;
        QList<RestartCause> counted; // the latest decisions counted toward the intensity
        // The current sequence of stops: the exit it answers, or the epoch of the shutdown.
        RestartCause sequenceCause;
        quint64 sequenceEpoch = 0;
        int lastAsked = -1;
    };
    struct HaltAbove
    {
        Halt halt = Halt::None;
        int supervisor = 0;
    };

    // The run's parameters, shared by copies: a copy looks ahead without copying them.
    struct Configs
    {
        SupervisorConfig config;
        std::vector<SupervisorConfig> workers;
        std::vector<SupervisorConfig> supervisors;
        std::vector<QList<TreeChild>> children; // by supervisor, in start order
    };
    // A start the world turned away, waiting for the batch of starts it came with to end.
    struct Refusal
    {
        TreeChild child;
        qint64 tUs = 0;
    };

    void rebuild(const SupervisorConfig &config);
    void refreshConfigs(const SupervisorConfig &config);
    bool isRefusal(const LifecycleEvent &event) const;
    bool continuesBatch(const LifecycleEvent &event) const;
    void hearRefusals();
    int nodeId(TreeChild child) const;
    TreeChild childAt(int id) const;
    const Node *node(TreeChild child) const;
    Node *node(TreeChild child);
    HaltAbove haltAbove(int supervisor) const;
    void apply(const ExitVerdict &verdict, qint64 tUs);
    static void started(Node *own, quint32 incarnation, qint64 tUs);
    void childEnded(TreeChild child, ExitKind kind);
    void countDecision(int supervisor, const RestartCause &cause, qint64 tUs);
    void beginExit(int supervisor, Exiting how);
    void markChildrenToStop(int supervisor);
    void cancelRestarts(int supervisor);
    void asked(const Stop &stop);

    std::shared_ptr<const Configs> m_configs = std::make_shared<const Configs>();
    int m_workerCount = 0;
    QList<Refusal> m_refusals;
    int m_lastStarted = -1; // the worker whose start the latest event was
    std::vector<Node> m_nodes; // the workers, then the supervisors
    std::vector<Supervision> m_supervisions;
};

} // namespace SupervisorLab
