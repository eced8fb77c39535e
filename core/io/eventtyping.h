#pragma once

#include "events/lifecycleevent.h"
#include "policy/supervisorconfig.h"

#include <deque>
#include <vector>

namespace SupervisorLab {

// Gives the events of a log read from its words (a file, a script) what the engine knew as it recorded them: a
// failure's kind and the exit each restart decision answers. The formats carry neither, so this is where they are
// derived, in log order, by the rules the policy decides with:
// - a worker_failed's kind is what its reason says;
// - one decision schedules its group in ascending worker order with one delay and one attempt, and nothing the
//   supervisor records comes between (worker threads may record their own ends): a restart_scheduled that does not
//   continue the open group begins a new decision; a completion, and any exit under one-for-one, restarts its own
//   worker alone;
// - one-for-one and rest-for-one answer the exit of the first worker they schedule (rest-for-one restarts the
//   failed worker and those after it); one-for-all answers the oldest exit not yet answered that its restart type
//   restarts, and the sibling_failed stops it asks for carry the same cause.
// For a run of the virtual runtime this gives exactly what the engine recorded. For a threaded run where two
// workers of a one-for-all group fail at nearly the same moment, the log cannot say which failure the supervisor
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
    struct Worker
    {
        quint32 incarnation = 0; // the latest started or ended
        bool stopping = false;
        bool failed = false; // how the latest incarnation ended
    };
    struct OpenGroup
    {
        RestartCause cause;
        bool single = false; // one-for-one, or a completion: a group of one
        int lastMember = -1;
        qint64 delayMs = 0;
        quint32 attempt = 0;
    };

    Worker &worker(int index);
    RestartCause oldestUnanswered(int below) const;
    void answered(int worker);
    RestartCause causeOfNewGroup(int firstMember);

    SupervisorConfig m_config;
    std::vector<Worker> m_workers;
    std::deque<RestartCause> m_unanswered; // exits the policy will answer with a restart, oldest first; a worker once
    bool m_groupOpen = false;
    OpenGroup m_group;
};

} // namespace SupervisorLab
