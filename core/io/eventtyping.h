#pragma once

#include "events/lifecycleevent.h"
#include "policy/supervisorpolicy.h"

#include <deque>
#include <vector>

namespace SupervisorLab {

// Gives the events of a log read from its words (a file, a script) what the engine knew as it recorded them: a
// failure's kind and the exit each restart decision answers. The formats carry neither, so this is where they are
// derived, in log order, by the rules the policy decides with:
// - a worker_failed's kind is what its reason says;
// - one decision schedules its group, children of one supervisor, in start order with one delay and one attempt, and
//   nothing the supervisor records comes between (worker threads may record their own ends): a restart_scheduled
//   that does not continue the open group begins a new decision; under one-for-one every exit restarts its own child
//   alone;
// - one-for-one and rest-for-one answer the exit of the first child they schedule (rest-for-one restarts the child
//   that exited and those after it); one-for-all answers the oldest exit among its children not yet answered that
//   its restart type restarts;
// - an exit answers nothing when its child was asked to stop, or already scheduled with a group (it was about to be
//   asked), or lies in a subtree whose supervisor is stopping; a nested supervisor's supervisor_stopped that it was
//   not asked for is its exit after giving up;
// - a sibling_failed stop carries the cause of the group that scheduled its child (a temporary child, stopped but not
//   restarted, the latest decision of its supervisor).
// For a run of the virtual runtime this gives exactly what the engine recorded. For a threaded run where two
// children of a one-for-all supervisor exit at nearly the same moment, the log cannot say which exit the supervisor
// heard first, and the earlier in the log is taken.
class EventTyping
{
public:
    explicit EventTyping(const SupervisorConfig &config = {});

    // The config in force: set at run_started and at each config_changed.
    void setConfig(const SupervisorConfig &config);
    // Fills in `event`'s failure kind and cause; every event of the log must pass through here, in order.
    void type(LifecycleEvent &event);

private:
    // A worker (its index) or a supervisor (the worker count plus its index), as the policy numbers its nodes.
    struct Node
    {
        int parent = -1;
        int position = 0; // among its parent's children
        quint32 incarnation = 0; // the latest started or ended
        bool stopping = false; // asked to stop
        bool pending = false; // scheduled with a group since it last started
        bool exiting = false; // a supervisor that is stopping or gave up
        RestartType restart = RestartType::Permanent;
        Strategy strategy = Strategy::OneForOne; // a supervisor's
        RestartCause pendingCause;
    };
    struct OpenGroup
    {
        RestartCause cause;
        bool single = false; // one-for-one: a group of one
        int supervisor = 0;
        int lastPosition = -1;
        qint64 delayMs = 0;
        quint32 attempt = 0;
    };

    int workerNode(int worker);
    int supervisorNode(int supervisor);
    Node &node(int id);
    RestartCause causeOf(int id);
    bool inStoppingSubtree(int supervisor);
    void exited(int id, ExitKind kind);
    void answered(int id);
    // A supervisor that stops or gives up answers no more exits below it.
    void forgetExitsBelow(int supervisor);
    RestartCause causeOfNewGroup(int firstMember);

    int m_workerCount = 0;
    std::vector<Node> m_nodes;
    std::vector<RestartCause> m_lastCauses; // by supervisor: its latest decision
    // Exits the policy will answer with a restart, oldest first, with their node; a node once.
    std::deque<std::pair<int, RestartCause>> m_unanswered;
    bool m_groupOpen = false;
    OpenGroup m_group;
};

} // namespace SupervisorLab
