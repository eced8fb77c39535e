#include "analysis/loginvariants.h"

#include "events/eventlog.h"
#include "policy/supervisorconfig.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

struct WorkerState
{
    quint32 incarnation = 0; // latest started
    bool running = false;
    bool stopping = false;
    bool ready = false; // its program said READY=1 in this incarnation
    bool scheduled = false;
    qint64 scheduledAtUs = 0;
    qint64 delayMs = 0;
    int mustFailFor = -1; // a dependency it needs is down: its incarnation may not go on running
    quint32 parentIncarnation = 0; // its supervisor's, when it last started: a new supervisor starts it afresh
};

struct SupervisorState
{
    quint32 incarnation = 0;
    bool running = false;
    bool closed = false; // stopping, or gave up: nothing starts below it
    bool scheduled = false;
    qint64 scheduledAtUs = 0;
    qint64 delayMs = 0;
    quint32 parentIncarnation = 0;
};

// Where each node sits in the run's tree: its supervisor and its place among that supervisor's children.
struct TreePlaces
{
    QList<int> workerParent, workerPosition, supervisorParent, supervisorPosition;
    QList<QList<TreeChild>> children;

    explicit TreePlaces(const SupervisorConfig &config = {})
        : workerParent(config.workers, 0)
        , workerPosition(config.workers, 0)
        , supervisorParent(config.supervisorCount(), -1)
        , supervisorPosition(config.supervisorCount(), 0)
    {
        for (int supervisor = 0; supervisor < config.supervisorCount(); ++supervisor) {
            children.append(config.childrenOf(supervisor));
            for (int position = 0; position < children.constLast().size(); ++position) {
                const TreeChild &child = children.constLast().at(position);
                (child.supervisor ? supervisorParent : workerParent)[child.index] = supervisor;
                (child.supervisor ? supervisorPosition : workerPosition)[child.index] = position;
            }
        }
    }
};

} // namespace

QStringList LogInvariants::check(const EventLog &log)
{
    QStringList problems;
    const auto fail = [&](qsizetype index, const QString &what) {
        if (problems.size() < 50)
            problems << u"event %1: %2"_s.arg(index).arg(what);
    };

    QHash<int, WorkerState> workers;
    SupervisorConfig config;
    QList<bool> down;
    const auto dependencyName = [&](int dependency) { return config.dependencies.value(dependency).name; };
    // The first dependency of the worker that is down now, or -1.
    const auto downDependencyOf = [&](int worker) {
        for (int d = 0; d < down.size(); ++d) {
            if (down.at(d) && config.dependsOn(worker, d))
                return d;
        }
        return -1;
    };
    TreePlaces places;
    QList<SupervisorState> supervisors { SupervisorState {} };
    const auto supervisorName
        = [&](int supervisor) { return supervisor == 0 ? u"the supervisor"_s : u"supervisor %1"_s.arg(supervisor); };
    // The nearest supervisor above `supervisor` (itself included) that is not running, or closed; -1 if none.
    const auto closedAbove = [&](int supervisor) {
        for (int at = supervisor; at >= 0 && at < supervisors.size(); at = places.supervisorParent.value(at, -1)) {
            if (!supervisors.at(at).running || supervisors.at(at).closed)
                return at;
        }
        return -1;
    };
    const auto isAsked = [&](const TreeChild &child) {
        return child.supervisor
            ? supervisors.value(child.index).running && supervisors.value(child.index).closed && child.index > 0
            : workers.value(child.index).running && workers.value(child.index).stopping;
    };
    const auto isRunning = [&](const TreeChild &child) {
        return child.supervisor ? supervisors.value(child.index).running : workers.value(child.index).running;
    };
    // OTP stops a supervisor's children one at a time, in reverse start order.
    const auto checkStopOrder = [&](qsizetype index, int parent, int position, const QString &who) {
        const QList<TreeChild> siblings = places.children.value(parent);
        for (int other = 0; other < siblings.size(); ++other) {
            if (other == position)
                continue;
            const QString sibling = siblings.at(other).supervisor ? u"supervisor %1"_s.arg(siblings.at(other).index)
                                                                  : u"worker %1"_s.arg(siblings.at(other).index);
            if (isAsked(siblings.at(other)))
                fail(index, who + u" asked to stop while %1 is still stopping"_s.arg(sibling));
            else if (other > position && isRunning(siblings.at(other)))
                fail(index, who + u" asked to stop while %1, started after it, still runs"_s.arg(sibling));
        }
    };
    qint64 previousUs = 0;
    RunCounts counted;

    for (qsizetype i = 0; i < log.size(); ++i) {
        const LifecycleEvent event = log.at(i);
        if (i == 0 && event.kind != EventKind::RunStarted)
            fail(i, u"the first event is not run_started"_s);
        if (event.tUs < previousUs)
            fail(i, u"t_us goes back from %1 to %2"_s.arg(previousUs).arg(event.tUs));
        previousUs = event.tUs;
        WorkerState &worker = workers[event.worker];
        const QString who = u"worker %1 incarnation %2"_s.arg(event.worker).arg(event.incarnation);

        switch (event.kind) {
        case EventKind::RunStarted:
            if (QString problem = config.applyJson(event.run.config); !problem.isEmpty())
                fail(i, u"run_started's config: "_s + problem);
            down = QList<bool>(config.dependencies.size(), false);
            places = TreePlaces(config);
            supervisors = QList<SupervisorState>(config.supervisorCount());
            break;
        case EventKind::DependencyDown:
        case EventKind::DependencyUp: {
            if (event.dependency < 0 || event.dependency >= down.size()) {
                fail(i,
                    u"%1 names dependency %2, which the run does not have"_s.arg(eventName(event.kind))
                        .arg(event.dependency));
                break;
            }
            const bool goesDown = event.kind == EventKind::DependencyDown;
            if (down.at(event.dependency) == goesDown)
                fail(i,
                    u"dependency %1 is already %2"_s.arg(
                        dependencyName(event.dependency), goesDown ? u"down"_s : u"up"_s));
            down[event.dependency] = goesDown;
            if (!goesDown)
                break;
            for (auto it = workers.begin(); it != workers.end(); ++it) {
                if (it->running && it->mustFailFor < 0 && config.dependsOn(it.key(), event.dependency))
                    it->mustFailFor = event.dependency;
            }
            break;
        }
        case EventKind::SupervisorStarted: {
            const int s = event.supervisorIndex;
            if (s < 0 || s >= supervisors.size()) {
                fail(i, u"supervisor_started names supervisor %1, which the run does not have"_s.arg(s));
                break;
            }
            SupervisorState &started = supervisors[s];
            if (started.running)
                fail(i, supervisorName(s) + u" started while it runs"_s);
            if (s > 0) {
                if (event.incarnation != started.incarnation + 1)
                    fail(i, supervisorName(s) + u" started, expected incarnation %1"_s.arg(started.incarnation + 1));
                if (const int closed = closedAbove(places.supervisorParent.value(s)); closed >= 0)
                    fail(i,
                        supervisorName(s) + u" started while %1 does not run or stops"_s.arg(supervisorName(closed)));
                const quint32 parentIncarnation = supervisors.value(places.supervisorParent.value(s)).incarnation;
                const bool restartedByParent
                    = started.incarnation > 0 && started.parentIncarnation == parentIncarnation;
                if (restartedByParent && !started.scheduled)
                    fail(i, supervisorName(s) + u" restarted without restart_scheduled"_s);
                else if (restartedByParent && event.tUs < started.scheduledAtUs + started.delayMs * 1000)
                    fail(i, supervisorName(s) + u" restarted sooner than its delay"_s);
            }
            started = SupervisorState { s > 0 ? event.incarnation : 1, true, false, false, 0, 0,
                supervisors.value(places.supervisorParent.value(s)).incarnation };
            break;
        }
        case EventKind::SupervisorStopping:
        case EventKind::SupervisorGaveUp: {
            const int s = event.supervisorIndex;
            if (s < 0 || s >= supervisors.size() || !supervisors.at(s).running || supervisors.at(s).closed) {
                fail(i, u"%1 for supervisor %2, which is not running"_s.arg(eventName(event.kind)).arg(s));
                break;
            }
            if (event.kind == EventKind::SupervisorStopping && s > 0)
                checkStopOrder(
                    i, places.supervisorParent.value(s), places.supervisorPosition.value(s), supervisorName(s));
            supervisors[s].closed = true;
            break;
        }
        case EventKind::SupervisorStopped: {
            const int s = event.supervisorIndex;
            if (s < 0 || s >= supervisors.size() || !supervisors.at(s).running) {
                fail(i, u"supervisor_stopped for supervisor %1, which is not running"_s.arg(s));
                break;
            }
            for (const TreeChild &child : places.children.value(s)) {
                if (isRunning(child))
                    fail(i,
                        supervisorName(s)
                            + u" stopped while its child %1 %2 runs"_s
                                  .arg(child.supervisor ? u"supervisor"_s : u"worker"_s)
                                  .arg(child.index));
            }
            supervisors[s].running = false;
            supervisors[s].closed = false;
            break;
        }
        case EventKind::WorkerStarted:
            if (const int closed = closedAbove(places.workerParent.value(event.worker)); closed >= 0)
                fail(i, who + u" started while %1 does not run or stops"_s.arg(supervisorName(closed)));
            if (worker.running)
                fail(i, who + u" started while incarnation %1 still runs"_s.arg(worker.incarnation));
            if (event.incarnation != worker.incarnation + 1)
                fail(i, who + u" started, expected incarnation %1"_s.arg(worker.incarnation + 1));
            if (event.incarnation > 1)
                ++counted.restarts;
            // A start by a supervisor that was itself started again since is a new supervisor's first start.
            if (event.incarnation > 1
                && worker.parentIncarnation == supervisors.value(places.workerParent.value(event.worker)).incarnation) {
                if (!worker.scheduled)
                    fail(i, who + u" restarted without restart_scheduled"_s);
                else if (event.tUs < worker.scheduledAtUs + worker.delayMs * 1000)
                    fail(i,
                        who
                            + u" restarted %1 us after restart_scheduled, sooner than its delay of %2 ms"_s
                                  .arg(event.tUs - worker.scheduledAtUs)
                                  .arg(worker.delayMs));
            }
            worker.incarnation = event.incarnation;
            worker.parentIncarnation = supervisors.value(places.workerParent.value(event.worker)).incarnation;
            worker.running = true;
            worker.stopping = false;
            worker.ready = false;
            worker.scheduled = false;
            worker.mustFailFor = downDependencyOf(event.worker);
            break;
        case EventKind::WorkerReady:
            // A program says it is ready (READY=1) while its incarnation runs, once.
            if (!worker.running || event.incarnation != worker.incarnation)
                fail(i, who + u" ready (worker_ready) while not running: only between its start and its end"_s);
            else if (worker.ready)
                fail(i, who + u" ready (worker_ready) twice: a program is ready once per incarnation"_s);
            worker.ready = true;
            break;
        case EventKind::WorkerStopping:
            if (worker.mustFailFor >= 0)
                fail(i, who + u" runs on after dependency %1 went down"_s.arg(dependencyName(worker.mustFailFor)));
            if (!worker.running || event.incarnation != worker.incarnation)
                fail(i, who + u" asked to stop while not running"_s);
            else if (worker.stopping)
                fail(i, who + u" asked to stop twice"_s);
            checkStopOrder(i, places.workerParent.value(event.worker), places.workerPosition.value(event.worker), who);
            worker.stopping = true;
            break;
        case EventKind::WorkerCompleted:
        case EventKind::WorkerFailed:
        case EventKind::WorkerStopped:
        case EventKind::WorkerAbandoned:
            if (!worker.running || event.incarnation != worker.incarnation)
                fail(i, who + u" ended (%1) without a matching start"_s.arg(eventName(event.kind)));
            if (event.kind == EventKind::WorkerFailed && isDependencyFailure(event.failure)) {
                int named = -1;
                for (int d = 0; d < config.dependencies.size() && named < 0; ++d) {
                    if (dependencyName(d) == dependencyOfReason(event.reason))
                        named = d;
                }
                if (named < 0 || !config.dependsOn(event.worker, named))
                    fail(i, who + u" failed for '%1', which is not one of its dependencies"_s.arg(event.reason));
                else if (event.failure == FailureKind::DependencyDown && !down.at(named))
                    fail(i, who + u" failed for dependency %1, which is up"_s.arg(dependencyName(named)));
            }
            if (worker.mustFailFor >= 0
                && (event.kind != EventKind::WorkerFailed || event.failure != FailureKind::DependencyDown))
                fail(i,
                    who
                        + u" runs on after dependency %1 went down and ends %2"_s.arg(
                            dependencyName(worker.mustFailFor), eventName(event.kind)));
            worker.mustFailFor = -1;
            worker.running = false;
            worker.stopping = false;
            counted.failures += event.kind == EventKind::WorkerFailed;
            counted.completions += event.kind == EventKind::WorkerCompleted;
            break;
        case EventKind::RestartScheduled:
            if (event.worker < 0) {
                if (event.supervisorIndex <= 0 || event.supervisorIndex >= supervisors.size()) {
                    fail(i,
                        u"restart_scheduled for supervisor %1, which is not a nested one"_s.arg(event.supervisorIndex));
                    break;
                }
                SupervisorState &scheduled = supervisors[event.supervisorIndex];
                scheduled.scheduled = true;
                scheduled.scheduledAtUs = event.tUs;
                scheduled.delayMs = event.delayMs;
                break;
            }
            worker.scheduled = true;
            worker.scheduledAtUs = event.tUs;
            worker.delayMs = event.delayMs;
            break;
        case EventKind::RunFinished:
            if (event.counts != counted) {
                fail(i,
                    u"run_finished says %1 restarts, %2 failures, %3 completions; the log has %4, %5, %6"_s
                        .arg(event.counts.restarts)
                        .arg(event.counts.failures)
                        .arg(event.counts.completions)
                        .arg(counted.restarts)
                        .arg(counted.failures)
                        .arg(counted.completions));
            }
            if (i != log.size() - 1)
                fail(i, u"run_finished is not the last event"_s);
            for (auto it = workers.cbegin(); it != workers.cend(); ++it) {
                if (it->running)
                    fail(i, u"worker %1 incarnation %2 never ended"_s.arg(it.key()).arg(it->incarnation));
            }
            for (int s = 0; s < supervisors.size(); ++s) {
                if (supervisors.at(s).running)
                    fail(i, supervisorName(s) + u" never stopped"_s);
            }
            break;
        default:
            break;
        }
    }
    return problems;
}

} // namespace SupervisorLab
