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
            //: A broken rule of the log: %1 is the event's index, %2 what is wrong
            problems << tr("event %1: %2").arg(QString::number(index), what);
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
    //: The root supervisor, and a nested one by its index: what the rules below call %1 or %2
    const auto supervisorName
        = [&](int supervisor) { return supervisor == 0 ? tr("the supervisor") : tr("supervisor %1").arg(supervisor); };
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
            const QString sibling = siblings.at(other).supervisor ? tr("supervisor %1").arg(siblings.at(other).index)
                                                                  : tr("worker %1").arg(siblings.at(other).index);
            //: %1 is a worker ("worker 2 incarnation 3") or a supervisor, %2 a sibling of it ("worker 1")
            if (isAsked(siblings.at(other)))
                fail(index, tr("%1 asked to stop while %2 is still stopping").arg(who, sibling));
            else if (other > position && isRunning(siblings.at(other)))
                fail(index, tr("%1 asked to stop while %2, started after it, still runs").arg(who, sibling));
        }
    };
    qint64 previousUs = 0;
    RunCounts counted;

    for (qsizetype i = 0; i < log.size(); ++i) {
        const LifecycleEvent event = log.at(i);
        if (i == 0 && event.kind != EventKind::RunStarted)
            fail(i, tr("the first event is not run_started"));
        if (event.tUs < previousUs)
            //: t_us is the events' time field; %1 and %2 are times in microseconds
            fail(i, tr("t_us goes back from %1 to %2").arg(QString::number(previousUs), QString::number(event.tUs)));
        previousUs = event.tUs;
        WorkerState &worker = workers[event.worker];
        // Said only when a rule breaks: most events break none.
        const auto who = [&] {
            //: The worker an event is about: %1 is its index, %2 the incarnation's number
            return tr("worker %1 incarnation %2")
                .arg(QString::number(event.worker), QString::number(event.incarnation));
        };

        switch (event.kind) {
        case EventKind::RunStarted:
            if (QString problem = config.applyJson(event.run.config); !problem.isEmpty())
                //: %1 says what is wrong with the config
                fail(i, tr("run_started's config: %1").arg(problem));
            down = QList<bool>(config.dependencies.size(), false);
            places = TreePlaces(config);
            supervisors = QList<SupervisorState>(config.supervisorCount());
            break;
        case EventKind::DependencyDown:
        case EventKind::DependencyUp: {
            if (event.dependency < 0 || event.dependency >= down.size()) {
                //: %1 is the event's name (dependency_down), %2 the dependency's index
                fail(i,
                    tr("%1 names dependency %2, which the run does not have")
                        .arg(eventName(event.kind), QString::number(event.dependency)));
                break;
            }
            const bool goesDown = event.kind == EventKind::DependencyDown;
            //: %1 is the dependency's name ("db")
            if (down.at(event.dependency) == goesDown)
                fail(i,
                    goesDown ? tr("dependency %1 is already down").arg(dependencyName(event.dependency))
                             : tr("dependency %1 is already up").arg(dependencyName(event.dependency)));
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
                fail(i, tr("supervisor_started names supervisor %1, which the run does not have").arg(s));
                break;
            }
            SupervisorState &started = supervisors[s];
            if (started.running)
                //: %1 is a supervisor ("the supervisor", "supervisor 2")
                fail(i, tr("%1 started while it runs").arg(supervisorName(s)));
            if (s > 0) {
                if (event.incarnation != started.incarnation + 1)
                    //: %1 is a worker ("worker 2 incarnation 3") or a supervisor, %2 the incarnation's number
                    fail(i,
                        tr("%1 started, expected incarnation %2")
                            .arg(supervisorName(s), QString::number(started.incarnation + 1)));
                if (const int closed = closedAbove(places.supervisorParent.value(s)); closed >= 0)
                    //: %1 is a worker ("worker 2 incarnation 3") or a supervisor, %2 a supervisor above it
                    fail(i,
                        tr("%1 started while %2 does not run or stops").arg(supervisorName(s), supervisorName(closed)));
                const quint32 parentIncarnation = supervisors.value(places.supervisorParent.value(s)).incarnation;
                const bool restartedByParent
                    = started.incarnation > 0 && started.parentIncarnation == parentIncarnation;
                if (restartedByParent && !started.scheduled)
                    //: %1 is a worker ("worker 2 incarnation 3") or a supervisor
                    fail(i, tr("%1 restarted without restart_scheduled").arg(supervisorName(s)));
                else if (restartedByParent && event.tUs < started.scheduledAtUs + started.delayMs * 1000)
                    //: %1 is a supervisor ("supervisor 2")
                    fail(i, tr("%1 restarted sooner than its delay").arg(supervisorName(s)));
            }
            started = SupervisorState { s > 0 ? event.incarnation : 1, true, false, false, 0, 0,
                supervisors.value(places.supervisorParent.value(s)).incarnation };
            break;
        }
        case EventKind::SupervisorStopping:
        case EventKind::SupervisorGaveUp: {
            const int s = event.supervisorIndex;
            if (s < 0 || s >= supervisors.size() || !supervisors.at(s).running || supervisors.at(s).closed) {
                //: %1 is the event's name (supervisor_stopping), %2 the supervisor's index
                fail(
                    i, tr("%1 for supervisor %2, which is not running").arg(eventName(event.kind), QString::number(s)));
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
                fail(i, tr("supervisor_stopped for supervisor %1, which is not running").arg(s));
                break;
            }
            for (const TreeChild &child : places.children.value(s)) {
                //: %1 is a supervisor ("the supervisor", "supervisor 2"), %2 its child's index
                if (isRunning(child))
                    fail(i,
                        child.supervisor ? tr("%1 stopped while its child supervisor %2 runs")
                                               .arg(supervisorName(s), QString::number(child.index))
                                         : tr("%1 stopped while its child worker %2 runs")
                                               .arg(supervisorName(s), QString::number(child.index)));
            }
            supervisors[s].running = false;
            supervisors[s].closed = false;
            break;
        }
        case EventKind::WorkerStarted:
            if (const int closed = closedAbove(places.workerParent.value(event.worker)); closed >= 0)
                fail(i, tr("%1 started while %2 does not run or stops").arg(who(), supervisorName(closed)));
            //: %1 is a worker ("worker 2 incarnation 3"), %2 an incarnation's number
            if (worker.running)
                fail(i,
                    tr("%1 started while incarnation %2 still runs").arg(who(), QString::number(worker.incarnation)));
            if (event.incarnation != worker.incarnation + 1)
                fail(i, tr("%1 started, expected incarnation %2").arg(who(), QString::number(worker.incarnation + 1)));
            if (event.incarnation > 1)
                ++counted.restarts;
            // A start by a supervisor that was itself started again since is a new supervisor's first start.
            if (event.incarnation > 1
                && worker.parentIncarnation == supervisors.value(places.workerParent.value(event.worker)).incarnation) {
                if (!worker.scheduled)
                    fail(i, tr("%1 restarted without restart_scheduled").arg(who()));
                else if (event.tUs < worker.scheduledAtUs + worker.delayMs * 1000)
                    //: %1 is a worker ("worker 2 incarnation 3"), %2 microseconds, %3 milliseconds
                    fail(i,
                        tr("%1 restarted %2 us after restart_scheduled, sooner than its delay of %3 ms")
                            .arg(who(), QString::number(event.tUs - worker.scheduledAtUs),
                                QString::number(worker.delayMs)));
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
                //: %1 is a worker ("worker 2 incarnation 3"); worker_ready is the event's name
                fail(i, tr("%1 ready (worker_ready) while not running: only between its start and its end").arg(who()));
            else if (worker.ready)
                fail(i, tr("%1 ready (worker_ready) twice: a program is ready once per incarnation").arg(who()));
            worker.ready = true;
            break;
        case EventKind::WorkerStopping:
            if (worker.mustFailFor >= 0)
                //: %1 is a worker ("worker 2 incarnation 3"), %2 a dependency's name ("db")
                fail(i, tr("%1 runs on after dependency %2 went down").arg(who(), dependencyName(worker.mustFailFor)));
            //: %1 is a worker ("worker 2 incarnation 3")
            if (!worker.running || event.incarnation != worker.incarnation)
                fail(i, tr("%1 asked to stop while not running").arg(who()));
            else if (worker.stopping)
                fail(i, tr("%1 asked to stop twice").arg(who()));
            checkStopOrder(
                i, places.workerParent.value(event.worker), places.workerPosition.value(event.worker), who());
            worker.stopping = true;
            break;
        case EventKind::WorkerCompleted:
        case EventKind::WorkerFailed:
        case EventKind::WorkerStopped:
        case EventKind::WorkerAbandoned:
            if (!worker.running || event.incarnation != worker.incarnation)
                //: %1 is a worker ("worker 2 incarnation 3"), %2 the event's name (worker_failed)
                fail(i, tr("%1 ended (%2) without a matching start").arg(who(), eventName(event.kind)));
            if (event.kind == EventKind::WorkerFailed && isDependencyFailure(event.failure)) {
                int named = -1;
                for (int d = 0; d < config.dependencies.size() && named < 0; ++d) {
                    if (dependencyName(d) == dependencyOfReason(event.reason))
                        named = d;
                }
                if (named < 0 || !config.dependsOn(event.worker, named))
                    //: %1 is a worker ("worker 2 incarnation 3"), %2 the failure's reason as the log has it
                    fail(i, tr("%1 failed for '%2', which is not one of its dependencies").arg(who(), event.reason));
                else if (event.failure == FailureKind::DependencyDown && !down.at(named))
                    //: %1 is a worker ("worker 2 incarnation 3"), %2 a dependency's name ("db")
                    fail(i, tr("%1 failed for dependency %2, which is up").arg(who(), dependencyName(named)));
            }
            if (worker.mustFailFor >= 0
                && (event.kind != EventKind::WorkerFailed || event.failure != FailureKind::DependencyDown))
                //: %1 is a worker ("worker 2 incarnation 3"), %2 a dependency's name ("db"), %3 an event's name
                fail(i,
                    tr("%1 runs on after dependency %2 went down and ends %3")
                        .arg(who(), dependencyName(worker.mustFailFor), eventName(event.kind)));
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
                        tr("restart_scheduled for supervisor %1, which is not a nested one")
                            .arg(event.supervisorIndex));
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
                //: The counts run_finished carries (%1 to %3), then those of the log's events (%4 to %6)
                fail(i,
                    tr("run_finished says %1 restarts, %2 failures, %3 completions; the log has %4, %5, %6")
                        .arg(QString::number(event.counts.restarts), QString::number(event.counts.failures),
                            QString::number(event.counts.completions), QString::number(counted.restarts),
                            QString::number(counted.failures), QString::number(counted.completions)));
            }
            if (i != log.size() - 1)
                fail(i, tr("run_finished is not the last event"));
            for (auto it = workers.cbegin(); it != workers.cend(); ++it) {
                if (it->running)
                    //: %1 is a worker's index, %2 the incarnation's number
                    fail(i,
                        tr("worker %1 incarnation %2 never ended")
                            .arg(QString::number(it.key()), QString::number(it->incarnation)));
            }
            for (int s = 0; s < supervisors.size(); ++s) {
                if (supervisors.at(s).running)
                    //: %1 is a supervisor ("the supervisor", "supervisor 2")
                    fail(i, tr("%1 never stopped").arg(supervisorName(s)));
            }
            break;
        default:
            break;
        }
    }
    return problems;
}

} // namespace SupervisorLab
