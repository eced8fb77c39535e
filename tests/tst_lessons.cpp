#include "analysis/dependencytracker.h"
#include "analysis/loginvariants.h"
#include "events/eventlog.h"
#include "io/scenariocatalog.h"
#include "runtime/supervisor.h"
#include "runtime/virtualruntime.h"
#include "teaching/pitfallcomparison.h"
#include "testruns.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTest>

#include <cstring>
#include <functional>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMs = 1000;

// What a lesson promises, checked on one run: an empty string, or what went wrong.
using Promise = std::function<QString(const QList<LifecycleEvent> &events, const SupervisorConfig &config)>;

QList<LifecycleEvent> ofKind(const QList<LifecycleEvent> &events, EventKind kind)
{
    QList<LifecycleEvent> matching;
    for (const LifecycleEvent &event : events) {
        if (event.kind == kind)
            matching << event;
    }
    return matching;
}

QList<qint64> delaysOf(const QList<LifecycleEvent> &events, int worker = -1)
{
    QList<qint64> delays;
    for (const LifecycleEvent &event : ofKind(events, EventKind::RestartScheduled)) {
        if (worker < 0 || event.worker == worker)
            delays << event.delayMs;
    }
    return delays;
}

QString expect(bool condition, const QString &complaint)
{
    return condition ? QString() : complaint;
}

// Workers that sibling_failed stops for each failure, keyed by the failed worker: the stops carry the exit they answer.
QList<QPair<int, QSet<int>>> groupStops(const QList<LifecycleEvent> &events)
{
    QList<QPair<int, QSet<int>>> groups;
    QHash<QPair<int, quint32>, qsizetype> groupOf; // a failure's (worker, incarnation) -> its entry
    for (const LifecycleEvent &event : events) {
        if (event.kind == EventKind::WorkerFailed) {
            groupOf.insert({ event.worker, event.incarnation }, groups.size());
            groups.append(qMakePair(event.worker, QSet<int>()));
        } else if (event.kind == EventKind::WorkerStopping && event.reason == u"sibling_failed") {
            const qsizetype group = groupOf.value({ event.cause.worker, event.cause.incarnation }, -1);
            if (group >= 0)
                groups[group].second.insert(event.worker);
        }
    }
    return groups;
}

// What the world's dependency went through in a run: the lessons about the world are about these figures.
DependencyTracker::Figures worldOf(const QList<LifecycleEvent> &events, int dependency = 0)
{
    DependencyTracker tracker;
    for (const LifecycleEvent &event : events)
        tracker.observe(event);
    return tracker.figures(dependency);
}

qint64 firstReturnUs(const QList<LifecycleEvent> &events)
{
    for (const LifecycleEvent &event : events) {
        if (event.kind == EventKind::DependencyUp)
            return event.tUs;
    }
    return -1;
}

// Attempts a dependency turned away for capacity from `fromUs` on, for `forUs`; and at how many distinct moments.
std::pair<qsizetype, qsizetype> refusalsWithin(const QList<LifecycleEvent> &events, qint64 fromUs, qint64 forUs)
{
    qsizetype refused = 0;
    QSet<qint64> moments;
    for (const LifecycleEvent &event : ofKind(events, EventKind::WorkerFailed)) {
        if (event.failure == FailureKind::Overloaded && event.tUs >= fromUs && event.tUs < fromUs + forUs) {
            ++refused;
            moments.insert(event.tUs / (100 * kMs)); // a wave: refusals within the same 100 ms
        }
    }
    return { refused, moments.size() };
}

// The stops of a run's end as its supervisors asked them and as each child ended, from the root's
// supervisor_stopping on: "ask web", "end web", "ask pool", ... (a nested supervisor is asked with supervisor_stopping
// and ends with supervisor_stopped). One at a time means every "ask" but a nested supervisor's children's first comes
// after the "end" of the one asked before it.
QStringList shutdownTrace(const QList<LifecycleEvent> &events, const SupervisorConfig &config)
{
    QStringList trace;
    bool stopping = false;
    for (const LifecycleEvent &event : events) {
        if (event.kind == EventKind::SupervisorStopping && event.supervisorIndex == 0) {
            stopping = true;
            continue;
        }
        if (!stopping)
            continue;
        if (event.kind == EventKind::WorkerStopping)
            trace << u"ask "_s + config.workerName(event.worker);
        else if (event.isTerminal())
            trace << u"end "_s + config.workerName(event.worker);
        else if (event.kind == EventKind::SupervisorStopping)
            trace << u"ask "_s + config.supervisorName(event.supervisorIndex);
        else if (event.kind == EventKind::SupervisorStopped && event.supervisorIndex > 0)
            trace << u"end "_s + config.supervisorName(event.supervisorIndex);
    }
    return trace;
}

// The group stops that answer the exit of (worker, incarnation), in the order asked; empty if one was asked before
// the one asked before it had ended.
QList<int> stopsAnswering(const QList<LifecycleEvent> &events, qsizetype exitAt)
{
    const RestartCause cause { events.at(exitAt).worker, events.at(exitAt).incarnation };
    QList<int> asked;
    QSet<int> ended;
    for (qsizetype i = exitAt + 1; i < events.size() && events.at(i).kind != EventKind::WorkerStarted; ++i) {
        const LifecycleEvent &event = events.at(i);
        if (event.kind == EventKind::WorkerStopping && event.cause == cause) {
            if (!asked.isEmpty() && !ended.contains(asked.last()))
                return {};
            asked << event.worker;
        }
        if (event.isTerminal())
            ended.insert(event.worker);
    }
    return asked;
}

// The lesson's own run, with some parameters changed: what the lesson is compared with.
QList<LifecycleEvent> lessonRun(const QString &name, quint64 seed, const QJsonObject &changes = {})
{
    SupervisorConfig config;
    config.applyJson(ScenarioCatalog::find(name)->config);
    config.applyJson(changes);
    config.seed = seed;
    config.virtualTime = true;
    VirtualRuntime runtime(config);
    runtime.run();
    return runtime.log()->events();
}

// The pitfalls lesson: the article's supervisor shows each pitfall exactly when the run gives it the chance, and
// the lab's shows none, on the same worker fates.
QString pitfallsShow(const QList<LifecycleEvent> &labEvents, const SupervisorConfig &config)
{
    const PitfallComparison comparison = PitfallComparison::run(config);
    const PitfallMeasures &article = comparison.article().measures;
    const PitfallMeasures &lab = comparison.lab().measures;
    if (lab
        != PitfallMeasures { 0, 0, article.actualRestarts - article.startsAfterStop,
            article.actualRestarts - article.startsAfterStop, 0 })
        return u"the lab's supervisor shows a pitfall"_s;
    if (!comparison.lab().brokenRules.isEmpty() || comparison.article().brokenRules.isEmpty())
        return u"the log checker must pass the lab's log and fail the article's"_s;
    const qint64 stopUs = config.durationMs * kMs;
    qsizetype completionsBeforeStop = 0;
    for (const LifecycleEvent &event : ofKind(labEvents, EventKind::WorkerCompleted))
        completionsBeforeStop += event.tUs < stopUs;
    const bool restartCancelled = ofKind(labEvents, EventKind::RestartScheduled).size()
        > ofKind(labEvents, EventKind::WorkerStarted).size() - 1;
    return expect(article.completionsCalledFailures == completionsBeforeStop && article.leakedWorkers == 1
            && article.reportedRestarts == article.actualRestarts - 1
            && article.startsAfterStop == (restartCancelled ? 1 : 0),
        u"the article's supervisor shows each pitfall when the run allows it"_s);
}

QHash<QString, Promise> promises()
{
    QHash<QString, Promise> all;
    all.insert(u"pitfalls"_s, pitfallsShow);
    // Run on real processes (theRealProgramLessonAnswersEachEnding): every ending is a program's, with its output.
    all.insert(u"real-program"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &) {
        const QList<LifecycleEvent> ends
            = ofKind(events, EventKind::WorkerFailed) + ofKind(events, EventKind::WorkerCompleted);
        const bool told = std::all_of(ends.cbegin(), ends.cend(), [](const LifecycleEvent &end) {
            return !lastOutputLine(end.output).isEmpty()
                && (end.kind == EventKind::WorkerCompleted || isProgramFailure(end.failure)
                    || end.failure == FailureKind::Hang);
        });
        return expect(!ends.isEmpty() && told, u"the script's own endings, each with its last output"_s);
    });
    all.insert(u"seed"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &) {
        const QList<qint64> delays = delaysOf(events);
        return expect(!delays.isEmpty() && delays == QList<qint64>(delays.size(), 500),
            u"every restart waits the fixed 500 ms"_s);
    });
    all.insert(u"restart-storm"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &config) {
        const auto restarts = ofKind(events, EventKind::RestartScheduled).size();
        return expect(restarts >= 100 * config.durationMs / 1000 && delaysOf(events).count(0) == restarts,
            u"hundreds of immediate restarts a second, got %1"_s.arg(restarts));
    });
    all.insert(u"immediate-restart"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &) {
        // Rare failures, each answered at once: the failed worker is back in the same millisecond.
        QHash<int, qint64> failedUs;
        qsizetype answered = 0;
        for (const LifecycleEvent &event : events) {
            if (event.kind == EventKind::WorkerFailed)
                failedUs.insert(event.worker, event.tUs);
            if (event.kind == EventKind::WorkerStarted && failedUs.contains(event.worker)) {
                if (event.tUs - failedUs.take(event.worker) > kMs)
                    return u"worker %1 waited before its restart"_s.arg(event.worker);
                ++answered;
            }
        }
        const auto completions = ofKind(events, EventKind::WorkerCompleted).size();
        return expect(
            answered >= 3 && completions > 5 * answered && delaysOf(events).count(0) == delaysOf(events).size(),
            u"a few failures among many completions, each restarted with no delay (%1 of %2)"_s.arg(answered).arg(
                completions));
    });
    all.insert(u"backoff"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &config) {
        // A handful of attempts per worker against the 20 s outage, then every worker runs again once it is back.
        const DependencyTracker::Figures db = worldOf(events);
        const qint64 perWorker = db.attemptsWhileDown / config.workers;
        return expect(db.outages == 1 && perWorker >= 3 && perWorker <= 8 && db.recoveryLagsUs.size() == 1,
            u"a handful of attempts per worker while db is down (%1), and a recovery"_s.arg(perWorker));
    });
    all.insert(u"jitter"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &) {
        // Full jitter: everyone is in within a few seconds of db's return, with few attempts turned away.
        const DependencyTracker::Figures db = worldOf(events);
        const auto [refused, waves] = refusalsWithin(events, firstReturnUs(events), 10'000 * kMs);
        return expect(db.recoveryLagsUs.size() == 1 && db.recoveryLagsUs.front() <= 6'000 * kMs && refused <= 6,
            u"all twelve run again within 6 s of db's return (%1 ms) with at most 6 refused (%2)"_s
                .arg(db.recoveryLagsUs.empty() ? -1 : db.recoveryLagsUs.front() / kMs)
                .arg(refused));
    });
    all.insert(u"give-up"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &config) {
        const auto gaveUp = ofKind(events, EventKind::SupervisorGaveUp);
        return expect(gaveUp.size() == 1 && ofKind(events, EventKind::RestartScheduled).size() >= config.maxRestarts,
            u"the supervisor gives up after %1 restarts"_s.arg(config.maxRestarts));
    });
    all.insert(u"one-for-one"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &) {
        for (const auto &group : groupStops(events)) {
            if (!group.second.isEmpty())
                return u"worker %1's failure stopped siblings"_s.arg(group.first);
        }
        return expect(!ofKind(events, EventKind::WorkerFailed).isEmpty(), u"some worker fails"_s);
    });
    all.insert(u"one-for-all"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &) {
        int groups = 0;
        for (const auto &group : groupStops(events)) {
            if (group.second.contains(group.first))
                return u"a failed worker is stopped as its own sibling"_s;
            groups += !group.second.isEmpty();
        }
        return expect(groups > 0, u"a failure stops the siblings"_s);
    });
    all.insert(u"rest-for-one"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &) {
        int groups = 0;
        for (const auto &group : groupStops(events)) {
            for (const int stopped : group.second) {
                if (stopped <= group.first)
                    return u"worker %1's failure stopped worker %2, started before it"_s.arg(group.first).arg(stopped);
            }
            groups += !group.second.isEmpty();
        }
        return expect(groups > 0, u"a failure stops the workers started after it"_s);
    });
    all.insert(u"restart-types"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &) {
        QHash<int, int> starts;
        bool transientBackAfterCompletion = false;
        bool transientCompleted = false;
        for (const LifecycleEvent &event : events) {
            if (event.kind == EventKind::WorkerStarted) {
                ++starts[event.worker];
                transientBackAfterCompletion
                    = transientBackAfterCompletion || (event.worker == 1 && transientCompleted);
            }
            if (event.kind == EventKind::WorkerCompleted && event.worker == 1)
                transientCompleted = true;
        }
        if (starts.value(2) != 1)
            return u"the temporary worker ran %1 times"_s.arg(starts.value(2));
        if (transientBackAfterCompletion)
            return u"the transient worker came back after a clean finish"_s;
        return expect(starts.value(0) > 1, u"the permanent worker is restarted"_s);
    });
    all.insert(u"failure-kinds"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &config) {
        // Each kind shows, an exception with its message, and a hang only once its silence has lasted the timeout.
        QHash<int, qint64> startedUs;
        QSet<FailureKind> kinds;
        for (const LifecycleEvent &event : events) {
            if (event.kind == EventKind::WorkerStarted)
                startedUs.insert(event.worker, event.tUs);
            if (event.kind != EventKind::WorkerFailed)
                continue;
            const FailureKind kind = failureKindFromReason(event.reason);
            kinds.insert(kind);
            if (kind == FailureKind::Exception && event.reason.size() <= qsizetype(std::strlen("exception: ")))
                return u"an exception without its message: '%1'"_s.arg(event.reason);
            if (kind == FailureKind::Hang
                && event.tUs - startedUs.value(event.worker) < config.heartbeatTimeoutMs * kMs)
                return u"a hang declared %1 ms after its start, before a heartbeat could be missed"_s.arg(
                    (event.tUs - startedUs.value(event.worker)) / kMs);
        }
        return expect(kinds == QSet<FailureKind> { FailureKind::Error, FailureKind::Exception, FailureKind::Hang },
            u"an error, an exception and a hang each show"_s);
    });
    all.insert(u"hung-worker"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &) {
        const auto failures = ofKind(events, EventKind::WorkerFailed);
        const bool allHangs = std::all_of(failures.cbegin(), failures.cend(),
            [](const LifecycleEvent &event) { return event.reason == u"heartbeat_timeout"; });
        return expect(!failures.isEmpty() && allHangs, u"failures are heartbeat timeouts"_s);
    });
    all.insert(u"shutdown-timeout"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &config) {
        const auto stopping = ofKind(events, EventKind::SupervisorStopping);
        const auto abandoned = ofKind(events, EventKind::WorkerAbandoned);
        if (stopping.size() != 1 || abandoned.isEmpty())
            return u"a stuck worker is abandoned at the end"_s;
        for (const LifecycleEvent &event : abandoned) {
            if (event.tUs - stopping.first().tUs < config.shutdownTimeoutMs * kMs)
                return u"worker %1 abandoned before the shutdown timeout"_s.arg(event.worker);
        }
        return expect(!ofKind(events, EventKind::WorkerFailed).size(), u"nothing fails: stuck workers just hang"_s);
    });
    all.insert(u"circuit-breaker"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &config) {
        QHash<int, qint64> openedUs;
        int cooldowns = 0;
        for (const LifecycleEvent &event : events) {
            if (event.kind == EventKind::CircuitOpened)
                openedUs.insert(event.worker, event.tUs);
            if (event.kind == EventKind::WorkerStarted && openedUs.contains(event.worker)) {
                const qint64 intoCooldownUs = event.tUs - openedUs.take(event.worker);
                if (intoCooldownUs < config.breakerCooldownMs * kMs)
                    return u"a restart %1 ms into the cooldown"_s.arg(intoCooldownUs / kMs);
                ++cooldowns;
            }
        }
        // The breaker keeps the attempts against the 30 s outage few, and a half-open trial notices the return.
        const DependencyTracker::Figures payments = worldOf(events);
        const qint64 perWorker = payments.attemptsWhileDown / config.workers;
        const qint64 returnUs = firstReturnUs(events);
        qsizetype closedAfterReturn = 0;
        for (const LifecycleEvent &event : ofKind(events, EventKind::CircuitClosed))
            closedAfterReturn += event.tUs > returnUs;
        const bool noticed = payments.recoveryLagsUs.size() == 1
            && payments.recoveryLagsUs.front() <= (config.breakerCooldownMs + config.delayMs) * kMs;
        return expect(cooldowns >= 4 && perWorker <= 12 && noticed && closedAfterReturn == config.workers,
            u"the circuit opens, waits out its cooldowns (%1), calls payments at most 12 times per worker while it is "
            "down (%2), and a trial notices its return"_s.arg(cooldowns)
                .arg(perWorker));
    });
    all.insert(u"one-for-all-completion"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &config) {
        // Nothing fails, yet each completion of the permanent job (worker 2) restarts the group: cache, then conn, are
        // stopped for it, each once the one before has ended.
        if (!ofKind(events, EventKind::WorkerFailed).isEmpty())
            return u"a worker failed"_s;
        int groupRestarts = 0;
        for (qsizetype i = 0; i < events.size(); ++i) {
            const LifecycleEvent &event = events.at(i);
            if (event.kind != EventKind::WorkerCompleted || event.tUs >= config.durationMs * kMs)
                continue;
            if (event.worker != 2)
                return u"%1 completed"_s.arg(config.workerName(event.worker));
            if (stopsAnswering(events, i) != QList<int> { 1, 0 })
                return u"job's completion at %1 ms did not stop cache, then conn, one at a time"_s.arg(event.tUs / kMs);
            ++groupRestarts;
        }
        qsizetype connStarts = 0;
        for (const LifecycleEvent &event : ofKind(events, EventKind::WorkerStarted))
            connStarts += event.worker == 0;
        return expect(groupRestarts >= 3 && connStarts >= groupRestarts,
            u"job completes and restarts the group several times (%1), conn with it (%2 starts)"_s.arg(groupRestarts)
                .arg(connStarts));
    });
    all.insert(u"shutdown-order"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &config) {
        // Reverse start order, one at a time, pool's subtree before cache; web, stuck, is waited for its timeout.
        const QStringList expected { u"ask web"_s, u"end web"_s, u"ask pool"_s, u"ask conn-3"_s, u"end conn-3"_s,
            u"ask conn-2"_s, u"end conn-2"_s, u"ask conn-1"_s, u"end conn-1"_s, u"end pool"_s, u"ask cache"_s,
            u"end cache"_s };
        const QStringList trace = shutdownTrace(events, config);
        if (trace != expected)
            return QString(u"the shutdown went: "_s + trace.join(u", "_s));
        const auto stopping = ofKind(events, EventKind::WorkerStopping);
        const auto abandoned = ofKind(events, EventKind::WorkerAbandoned);
        const qint64 webTimeoutUs = config.forWorker(4).shutdownTimeoutMs * kMs;
        return expect(abandoned.size() == 1 && abandoned.first().worker == 4 && stopping.first().worker == 4
                && abandoned.first().tUs - stopping.first().tUs >= webTimeoutUs,
            u"web is abandoned after its shutdown timeout, before pool is asked"_s);
    });
    all.insert(u"escalation"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &config) {
        // Each supervisor counts its own restarts: job starts (R_app+1) × (R_pool+1) times; pool gives up R_app+1
        // times, app restarts it after each exit but the last, then gives up itself.
        const qint64 appLimit = config.forSupervisor(0).maxRestarts;
        const qint64 poolLimit = config.forSupervisor(1).maxRestarts;
        qsizetype jobStarts = 0;
        qsizetype poolGiveUps = 0;
        qsizetype poolRestarts = 0;
        qsizetype appGiveUps = 0;
        bool poolDown = false;
        for (const LifecycleEvent &event : events) {
            if (event.kind == EventKind::WorkerStarted && appGiveUps == 0)
                ++jobStarts;
            if (event.kind == EventKind::SupervisorGaveUp)
                ++(event.supervisorIndex == 1 ? poolGiveUps : appGiveUps);
            if (event.kind == EventKind::SupervisorStopped && event.supervisorIndex == 1)
                poolDown = true;
            if (event.kind == EventKind::SupervisorStarted && event.supervisorIndex == 1)
                poolDown = false;
            if (event.kind == EventKind::RestartScheduled && event.worker < 0 && event.supervisorIndex == 1) {
                if (!poolDown)
                    return u"app restarted pool before pool had exited"_s;
                ++poolRestarts;
            }
        }
        return expect(jobStarts == (appLimit + 1) * (poolLimit + 1) && poolGiveUps == appLimit + 1
                && poolRestarts == appLimit && appGiveUps == 1,
            u"job starts %1 times (got %2), pool gives up %3 times (got %4) and is restarted %5 times (got %6), then "
            "app gives up (%7)"_s.arg((appLimit + 1) * (poolLimit + 1))
                .arg(jobStarts)
                .arg(appLimit + 1)
                .arg(poolGiveUps)
                .arg(appLimit)
                .arg(poolRestarts)
                .arg(appGiveUps));
    });
    all.insert(u"error-kernel"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &) {
        // state (worker 0) starts once and is asked to stop only by the run's end; the handlers crash again and again,
        // their supervisor gives up and app restarts it, and app itself never gives up.
        qsizetype stateStarts = 0;
        qsizetype handlersGiveUps = 0;
        qsizetype handlersRestarts = 0;
        qsizetype appGiveUps = 0;
        bool ending = false;
        for (const LifecycleEvent &event : events) {
            ending = ending || (event.kind == EventKind::SupervisorStopping && event.supervisorIndex == 0);
            if (event.worker == 0 && event.kind == EventKind::WorkerStarted)
                ++stateStarts;
            if (event.worker == 0 && event.kind == EventKind::WorkerStopping && !ending)
                return u"state was stopped at %1 ms, before the run's end"_s.arg(event.tUs / kMs);
            if (event.kind == EventKind::SupervisorGaveUp)
                ++(event.supervisorIndex == 1 ? handlersGiveUps : appGiveUps);
            if (event.kind == EventKind::RestartScheduled && event.worker < 0 && event.supervisorIndex == 1)
                ++handlersRestarts;
        }
        const auto failures = ofKind(events, EventKind::WorkerFailed).size();
        return expect(
            stateStarts == 1 && handlersGiveUps >= 1 && handlersRestarts >= 1 && appGiveUps == 0 && failures >= 10,
            u"state starts once (%1) while the handlers fail (%2), handlers gives up (%3) and is restarted (%4), and "
            "app holds (%5 give-ups)"_s.arg(stateStarts)
                .arg(failures)
                .arg(handlersGiveUps)
                .arg(handlersRestarts)
                .arg(appGiveUps));
    });
    return all;
}

} // namespace

class TestLessons : public QObject
{
    Q_OBJECT

private slots:
    void everyLessonIsThere();
    void everyLessonExplainsItself();
    void lessonsKeepTheirPromise_data();
    void lessonsKeepTheirPromise();
    void jitterIsWhatScattersTheRestarts();
    void backoffSparesTheDatabaseAndCostsRecovery_data();
    void backoffSparesTheDatabaseAndCostsRecovery();
    void lockstepBackoffOverloadsInWaves_data();
    void lockstepBackoffOverloadsInWaves();
    void theBreakerIsWhatSparesTheService_data();
    void theBreakerIsWhatSparesTheService();
    void oneForAllIsWhatTakesTheGroupDown_data();
    void oneForAllIsWhatTakesTheGroupDown();
    void escalationMultipliesTheIntensities_data();
    void escalationMultipliesTheIntensities();
    void aOneForOneRootIsWhatKeepsTheState_data();
    void aOneForOneRootIsWhatKeepsTheState();
    void theRealProgramLessonAnswersEachEnding_data();
    void theRealProgramLessonAnswersEachEnding();
};

void TestLessons::everyLessonIsThere()
{
    QStringList names;
    for (const Scenario &scenario : ScenarioCatalog::builtIn())
        names << scenario.name;
    QStringList promised = promises().keys();
    promised.sort();
    QStringList sorted = names;
    sorted.sort();
    QCOMPARE(sorted, promised); // every lesson has its promise checked, and nothing else is built in
    QCOMPARE(names.first(), u"seed"_s);
}

void TestLessons::everyLessonExplainsItself()
{
    for (const Scenario &scenario : ScenarioCatalog::builtIn()) {
        QVERIFY2(!scenario.title.isEmpty() && !scenario.goal.isEmpty() && !scenario.description.isEmpty()
                && !scenario.watch.isEmpty(),
            qPrintable(scenario.name));
        SupervisorConfig config;
        QCOMPARE(config.applyJson(scenario.config), QString());
        QCOMPARE(config.validate(), QString());
        QVERIFY2(config.durationMs > 0, qPrintable(scenario.name)); // a lesson ends by itself
    }
}

void TestLessons::lessonsKeepTheirPromise_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<quint64>("seed");
    for (const Scenario &scenario : ScenarioCatalog::builtIn()) {
        if (!scenario.programs.isEmpty())
            continue; // a real program's lesson runs in real time: theRealProgramLessonAnswersEachEnding
        for (const quint64 seed : { 1, 2, 3, 4, 5 })
            QTest::addRow("%s, seed %llu", qPrintable(scenario.name), seed) << scenario.name << seed;
    }
}

void TestLessons::lessonsKeepTheirPromise()
{
    QFETCH(QString, name);
    QFETCH(quint64, seed);
    SupervisorConfig config;
    config.applyJson(ScenarioCatalog::find(name)->config);
    config.seed = seed;
    config.virtualTime = true;
    VirtualRuntime runtime(config);
    runtime.run();
    QVERIFY(LogInvariants::check(*runtime.log()).isEmpty());
    const QString broken = promises().value(name)(runtime.log()->events(), config);
    QVERIFY2(broken.isEmpty(), qPrintable(broken));
}

void TestLessons::jitterIsWhatScattersTheRestarts()
{
    // The same twelve workers without jitter fail the lesson's promise: they come back together.
    const QList<LifecycleEvent> lockstep = lessonRun(u"jitter"_s, 1, { { u"jitter"_s, u"none"_s } });
    QVERIFY(!promises().value(u"jitter"_s)(lockstep, {}).isEmpty());
}

namespace {
void addSeeds()
{
    QTest::addColumn<quint64>("seed");
    for (const quint64 seed : { 1, 2, 3, 4, 5 })
        QTest::addRow("seed %llu", seed) << seed;
}
} // namespace

void TestLessons::backoffSparesTheDatabaseAndCostsRecovery_data()
{
    addSeeds();
}

void TestLessons::backoffSparesTheDatabaseAndCostsRecovery()
{
    // Against the same outage, a fixed 500 ms delay calls db about forty times per worker and is back at once;
    // exponential backoff calls it a handful of times and pays with a longer recovery lag.
    QFETCH(quint64, seed);
    const DependencyTracker::Figures backoff = worldOf(lessonRun(u"backoff"_s, seed));
    const DependencyTracker::Figures fixed = worldOf(lessonRun(u"backoff"_s, seed, { { u"backoff"_s, u"fixed"_s } }));
    const int workers = 4;
    QVERIFY2(fixed.attemptsWhileDown / workers >= 35 && fixed.attemptsWhileDown / workers <= 41,
        qPrintable(QString::number(fixed.attemptsWhileDown)));
    QVERIFY(backoff.attemptsWhileDown * 5 < fixed.attemptsWhileDown);
    QCOMPARE(fixed.recoveryLagsUs.size(), size_t(1));
    QCOMPARE(backoff.recoveryLagsUs.size(), size_t(1));
    QVERIFY(fixed.recoveryLagsUs.front() <= 500 * kMs);
    QVERIFY2(
        backoff.recoveryLagsUs.front() >= 4'000 * kMs, qPrintable(QString::number(backoff.recoveryLagsUs.front())));
}

void TestLessons::lockstepBackoffOverloadsInWaves_data()
{
    addSeeds();
}

void TestLessons::lockstepBackoffOverloadsInWaves()
{
    // Without jitter the twelve come back together, db takes four at a time, and the rest return in waves; full
    // jitter lets them all in sooner, with fewer turned away.
    QFETCH(quint64, seed);
    const QList<LifecycleEvent> jittered = lessonRun(u"jitter"_s, seed);
    const QList<LifecycleEvent> lockstep = lessonRun(u"jitter"_s, seed, { { u"jitter"_s, u"none"_s } });
    const qint64 returnUs = firstReturnUs(lockstep);
    QCOMPARE(returnUs, 10'000 * kMs);
    const auto [lockstepRefused, lockstepWaves] = refusalsWithin(lockstep, returnUs, 10'000 * kMs);
    const auto [jitteredRefused, jitteredWaves] = refusalsWithin(jittered, returnUs, 10'000 * kMs);
    QVERIFY2(
        lockstepRefused >= 8 && lockstepWaves >= 2, qPrintable(u"%1 in %2"_s.arg(lockstepRefused).arg(lockstepWaves)));
    QVERIFY(jitteredRefused * 2 <= lockstepRefused);
    const qint64 lockstepLag = worldOf(lockstep).recoveryLagsUs.front();
    const qint64 jitteredLag = worldOf(jittered).recoveryLagsUs.front();
    QVERIFY2(jitteredLag * 3 / 2 < lockstepLag, qPrintable(u"%1 vs %2"_s.arg(jitteredLag).arg(lockstepLag)));
}

void TestLessons::theBreakerIsWhatSparesTheService_data()
{
    addSeeds();
}

void TestLessons::theBreakerIsWhatSparesTheService()
{
    QFETCH(quint64, seed);
    const DependencyTracker::Figures breaker = worldOf(lessonRun(u"circuit-breaker"_s, seed));
    const DependencyTracker::Figures none
        = worldOf(lessonRun(u"circuit-breaker"_s, seed, { { u"breaker_threshold"_s, 0 } }));
    QVERIFY2(none.attemptsWhileDown / 2 >= 50, qPrintable(QString::number(none.attemptsWhileDown)));
    QVERIFY(breaker.attemptsWhileDown * 4 < none.attemptsWhileDown);
}

void TestLessons::oneForAllIsWhatTakesTheGroupDown_data()
{
    addSeeds();
}

void TestLessons::oneForAllIsWhatTakesTheGroupDown()
{
    // Under one-for-one the same completions restart job alone: conn and cache run from start to end.
    QFETCH(quint64, seed);
    const QList<LifecycleEvent> alone
        = lessonRun(u"one-for-all-completion"_s, seed, { { u"strategy"_s, u"one-for-one"_s } });
    QHash<int, int> starts;
    for (const LifecycleEvent &event : ofKind(alone, EventKind::WorkerStarted))
        ++starts[event.worker];
    QCOMPARE(starts.value(0), 1);
    QCOMPARE(starts.value(1), 1);
    QVERIFY(starts.value(2) >= 4);
    QVERIFY(!promises().value(u"one-for-all-completion"_s)(alone, {}).isEmpty());
}

void TestLessons::escalationMultipliesTheIntensities_data()
{
    QTest::addColumn<int>("appLimit");
    QTest::addColumn<int>("poolLimit");
    QTest::newRow("app 0, pool 3") << 0 << 3;
    QTest::newRow("app 1, pool 1") << 1 << 1;
    QTest::newRow("app 3, pool 2") << 3 << 2;
    QTest::newRow("app 4, pool 0") << 4 << 0;
}

void TestLessons::escalationMultipliesTheIntensities()
{
    // The product rule holds for other limits than the lesson's: the root's limit is the run's max_restarts, the
    // pool's its own.
    QFETCH(int, appLimit);
    QFETCH(int, poolLimit);
    QJsonObject scenario = ScenarioCatalog::find(u"escalation"_s)->config;
    QJsonObject app = scenario.value(u"tree"_s).toObject();
    QJsonArray children = app.value(u"children"_s).toArray();
    QJsonObject pool = children.at(0).toObject();
    pool.insert(u"max_restarts"_s, poolLimit);
    children[0] = pool;
    app.insert(u"children"_s, children);
    app.insert(u"max_restarts"_s, appLimit);
    scenario.insert(u"tree"_s, app);
    SupervisorConfig config;
    QCOMPARE(config.applyJson(scenario), QString());
    config.seed = 7;
    config.virtualTime = true;
    VirtualRuntime runtime(config);
    runtime.run();
    const QString broken = promises().value(u"escalation"_s)(runtime.log()->events(), config);
    QVERIFY2(broken.isEmpty(), qPrintable(broken));
    QCOMPARE(ofKind(runtime.log()->events(), EventKind::WorkerStarted).size(), (appLimit + 1) * (poolLimit + 1));
}

void TestLessons::aOneForOneRootIsWhatKeepsTheState_data()
{
    addSeeds();
}

void TestLessons::aOneForOneRootIsWhatKeepsTheState()
{
    // Were app one-for-all, each give-up of handlers would restart state with it.
    QFETCH(quint64, seed);
    const QList<LifecycleEvent> events = lessonRun(u"error-kernel"_s, seed, { { u"strategy"_s, u"one-for-all"_s } });
    qsizetype stateStarts = 0;
    for (const LifecycleEvent &event : ofKind(events, EventKind::WorkerStarted))
        stateStarts += event.worker == 0;
    QVERIFY2(stateStarts >= 2, qPrintable(QString::number(stateStarts)));
    QVERIFY(!promises().value(u"error-kernel"_s)(events, {}).isEmpty());
}

QTEST_GUILESS_MAIN(TestLessons)
void TestLessons::theRealProgramLessonAnswersEachEnding_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("lastLine");
    QTest::newRow("connection refused") << u"refused"_s << u"exit 3"_s
                                        << u"error: upstream 127.0.0.1:5432: connection refused"_s;
    QTest::newRow("configuration error") << u"config"_s << u"exit 78"_s
                                         << u"error: /etc/flaky/flaky.conf: line 3: unknown key 'lissen'"_s;
    QTest::newRow("crash") << u"crash"_s << u"signal 11 (SIGSEGV)"_s << u"fatal: null pointer in request handler"_s;
    QTest::newRow("hang") << u"hang"_s << u"heartbeat_timeout"_s << u"waiting on a lock that never comes..."_s;
    QTest::newRow("completion") << u"complete"_s << QString() << u"all work done, exiting"_s;
}

void TestLessons::theRealProgramLessonAnswersEachEnding()
{
    QFETCH(QString, mode);
    QFETCH(QString, reason);
    QFETCH(QString, lastLine);
    const auto lesson = ScenarioCatalog::find(u"real-program"_s);
    QVERIFY(lesson);
    QVERIFY(!lesson->programs.isEmpty());
    SupervisorConfig config;
    QCOMPARE(config.applyJson(lesson->config), QString());
    // Each beat of the script starts a program (systemd-notify or perl): on a loaded machine that alone can take
    // longer than the lesson's 1 s, so the test allows 10 s; a hang still stops the beats for good.
    config.heartbeatTimeoutMs = 10'000;
    // The script takes its ending from its environment, which it inherits from the lab's.
    qputenv("FLAKY_MODE", mode.toUtf8());
    qputenv("FLAKY_WORK_MS", "400");
    Supervisor supervisor(config);
    supervisor.start();
    const auto ended = [&] {
        for (const LifecycleEvent &event : supervisor.log()->events()) {
            if (event.kind == EventKind::WorkerFailed || event.kind == EventKind::WorkerCompleted)
                return std::optional(event);
        }
        return std::optional<LifecycleEvent>();
    };
    QVERIFY(waitFor([&] { return ended().has_value(); }));
    supervisor.stop();
    QVERIFY(waitFor([&] { return supervisor.isFinished(); }));
    qunsetenv("FLAKY_MODE");
    qunsetenv("FLAKY_WORK_MS");
    const LifecycleEvent end = *ended();
    QCOMPARE(end.reason, reason);
    QCOMPARE(lastOutputLine(end.output), lastLine);
    // READY=1 comes once it has started; a configuration error ends it before.
    QCOMPARE(ofKind(supervisor.log()->events(), EventKind::WorkerReady).isEmpty(), mode == u"config");
    QVERIFY(LogInvariants::check(*supervisor.log()).isEmpty());
    const QString broken = promises().value(u"real-program"_s)(supervisor.log()->events(), config);
    QVERIFY2(broken.isEmpty(), qPrintable(broken));
}

#include "tst_lessons.moc"
