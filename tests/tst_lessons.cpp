#include "analysis/loginvariants.h"
#include "events/eventlog.h"
#include "io/scenariocatalog.h"
#include "runtime/virtualruntime.h"
#include "teaching/pitfallcomparison.h"

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

// Workers that sibling_failed stops right after each failure, keyed by the failed worker.
QList<QPair<int, QSet<int>>> groupStops(const QList<LifecycleEvent> &events)
{
    QList<QPair<int, QSet<int>>> groups;
    for (const LifecycleEvent &event : events) {
        if (event.kind == EventKind::WorkerFailed)
            groups.append(qMakePair(event.worker, QSet<int>()));
        else if (event.kind == EventKind::WorkerStopping && event.reason == u"sibling_failed" && !groups.isEmpty())
            groups.last().second.insert(event.worker);
    }
    return groups;
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
    all.insert(u"backoff"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &) {
        const QList<qint64> delays = delaysOf(events);
        const QList<qint64> doubling { 100, 200, 400, 800, 1600, 3200, 3200 };
        return expect(delays.mid(0, doubling.size()) == doubling && delays.count(3200) == delays.size() - 5,
            u"delays double from 100 ms and stay at the 3200 ms cap"_s);
    });
    all.insert(u"jitter"_s, [](const QList<LifecycleEvent> &events, const SupervisorConfig &config) {
        // The first round of failures comes all at once; its restart delays must scatter.
        const QList<qint64> delays = delaysOf(events).mid(0, config.workers);
        const QSet<qint64> distinct(delays.cbegin(), delays.cend());
        const auto starts = ofKind(events, EventKind::WorkerStarted);
        const QSet<qint64> secondStarts = [&] {
            QSet<qint64> times;
            for (const LifecycleEvent &event : starts) {
                if (event.incarnation == 2)
                    times.insert(event.tUs);
            }
            return times;
        }();
        return expect(distinct.size() >= config.workers - 2 && secondStarts.size() >= config.workers - 2,
            u"twelve simultaneous failures restart at scattered times (%1 distinct delays)"_s.arg(distinct.size()));
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
        qint64 openedUs = -1;
        int cooldowns = 0;
        for (const LifecycleEvent &event : events) {
            if (event.kind == EventKind::CircuitOpened)
                openedUs = event.tUs;
            if (event.kind == EventKind::WorkerStarted && openedUs >= 0) {
                if (event.tUs - openedUs < config.breakerCooldownMs * kMs)
                    return u"a restart %1 ms into the cooldown"_s.arg((event.tUs - openedUs) / kMs);
                ++cooldowns;
                openedUs = -1;
            }
        }
        return expect(cooldowns >= 2 && !ofKind(events, EventKind::CircuitHalfOpen).isEmpty(),
            u"the circuit opens, waits out its cooldown and tries again"_s);
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
    SupervisorConfig config;
    config.applyJson(ScenarioCatalog::find(u"jitter"_s)->config);
    config.virtualTime = true;
    config.jitter = Jitter::None;
    VirtualRuntime runtime(config);
    runtime.run();
    const QList<qint64> delays = delaysOf(runtime.log()->events()).mid(0, config.workers);
    QCOMPARE(delays, QList<qint64>(config.workers, config.delayMs)); // without jitter: lockstep
    QVERIFY(!promises().value(u"jitter"_s)(runtime.log()->events(), config).isEmpty());
}

QTEST_GUILESS_MAIN(TestLessons)
#include "tst_lessons.moc"
