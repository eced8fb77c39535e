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
    bool scheduled = false;
    qint64 scheduledAtUs = 0;
    qint64 delayMs = 0;
    int mustFailFor = -1; // a dependency it needs is down: its incarnation may not go on running
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
    bool startsClosed = false;
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
        case EventKind::SupervisorStopping:
        case EventKind::SupervisorGaveUp:
            startsClosed = true;
            break;
        case EventKind::WorkerStarted:
            if (startsClosed)
                fail(i, who + u" started after the supervisor began to stop"_s);
            if (worker.running)
                fail(i, who + u" started while incarnation %1 still runs"_s.arg(worker.incarnation));
            if (event.incarnation != worker.incarnation + 1)
                fail(i, who + u" started, expected incarnation %1"_s.arg(worker.incarnation + 1));
            if (event.incarnation > 1) {
                ++counted.restarts;
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
            worker.running = true;
            worker.stopping = false;
            worker.scheduled = false;
            worker.mustFailFor = downDependencyOf(event.worker);
            break;
        case EventKind::WorkerStopping:
            if (worker.mustFailFor >= 0)
                fail(i, who + u" runs on after dependency %1 went down"_s.arg(dependencyName(worker.mustFailFor)));
            if (!worker.running || event.incarnation != worker.incarnation)
                fail(i, who + u" asked to stop while not running"_s);
            else if (worker.stopping)
                fail(i, who + u" asked to stop twice"_s);
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
            break;
        default:
            break;
        }
    }
    return problems;
}

} // namespace SupervisorLab
