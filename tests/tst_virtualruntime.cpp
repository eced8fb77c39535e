#include "analysis/loginvariants.h"
#include "io/jsonlineswriter.h"
#include "runtime/virtualruntime.h"
#include "testsettings.h"

#include <QBuffer>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <functional>

#include <array>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

SupervisorConfig configWith(const QStringList &settings)
{
    return withSettings(SupervisorConfig(), QStringList { u"virtual_time=true"_s } + settings);
}

QByteArray jsonLines(const EventLog &log)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    JsonLinesWriter::write(log, log.size(), buffer);
    return buffer.data();
}

QList<LifecycleEvent> eventsOf(const EventLog &log, EventKind kind)
{
    QList<LifecycleEvent> matching;
    for (const LifecycleEvent &event : log.events()) {
        if (event.kind == kind)
            matching << event;
    }
    return matching;
}

// A random but reproducible configuration across every strategy, restart type, backoff, jitter and failure mode.
SupervisorConfig generatedConfig(QRandomGenerator &random, quint64 seed)
{
    const auto pick = [&](const QStringList &choices) { return choices.at(random.bounded(int(choices.size()))); };
    SupervisorConfig config = configWith({});
    config.seed = seed;
    config.workers = random.bounded(1, 7);
    config.strategy = Strategy(random.bounded(3));
    config.restart.clear();
    for (int i = random.bounded(1, 4); i > 0; --i)
        config.restart << RestartType(random.bounded(3));
    config.backoff = BackoffKind(random.bounded(2));
    config.jitter = Jitter(random.bounded(4));
    config.failureMode = FailureMode(random.bounded(4));
    config.failureRate = pick({ u"0"_s, u"0.1"_s, u"0.3"_s, u"0.5"_s, u"0.8"_s, u"1"_s }).toDouble();
    config.workMinMs = random.bounded(0, 400);
    config.workMaxMs = config.workMinMs + random.bounded(0, 1200);
    config.delayMs = pick({ u"0"_s, u"10"_s, u"100"_s, u"500"_s }).toLongLong();
    config.backoffFactor = 1.0 + random.bounded(3.0);
    config.maxDelayMs = config.delayMs + random.bounded(0, 5000);
    config.resetAfterMs = pick({ u"0"_s, u"200"_s, u"2000"_s, u"10000"_s }).toLongLong();
    config.maxRestarts = random.bounded(4) == 0 ? random.bounded(0, 25) : SupervisorConfig::kUnlimited;
    config.withinMs = random.bounded(100, 10'000);
    config.heartbeatTimeoutMs = pick({ u"0"_s, u"200"_s, u"1000"_s }).toLongLong();
    config.shutdownTimeoutMs = pick({ u"0"_s, u"100"_s, u"1000"_s }).toLongLong();
    config.breakerThreshold = pick({ u"0"_s, u"1"_s, u"3"_s }).toInt();
    config.breakerWindowMs = random.bounded(100, 5000);
    config.breakerCooldownMs = random.bounded(0, 3000);
    config.durationMs = random.bounded(1'000, 30'000);
    if (random.bounded(2) == 0)
        return config;
    // Half the runs live in a world: shared dependencies with fixed and random outages and a capacity, each worker
    // needing some of them. A restart loop with no delay against a dependency that is down for seconds is a flood of
    // a million events: real, and shown elsewhere, but not what this test is for.
    config.delayMs = std::max<qint64>(config.delayMs, 100);
    config.maxDelayMs = std::max(config.maxDelayMs, config.delayMs);
    QJsonArray dependencies;
    const int dependencyCount = random.bounded(1, 4);
    for (int d = 0; d < dependencyCount; ++d) {
        QJsonObject dependency { { u"name"_s, u"dep%1"_s.arg(d) } };
        if (random.bounded(2) == 0) {
            const qint64 at = random.bounded(0, int(config.durationMs));
            dependency.insert(
                u"outages"_s, QJsonArray { QJsonObject { { u"at"_s, at }, { u"for"_s, random.bounded(1, 8000) } } });
        }
        if (random.bounded(2) == 0) {
            dependency.insert(u"mean_up"_s, random.bounded(500, 10'000));
            dependency.insert(u"mean_down"_s, random.bounded(100, 5'000));
        }
        if (random.bounded(2) == 0) {
            dependency.insert(u"capacity"_s, random.bounded(1, 5));
            dependency.insert(u"capacity_window"_s, random.bounded(100, 2000));
        }
        dependencies.append(dependency);
    }
    QJsonArray children;
    for (int w = 0; w < config.workers; ++w) {
        QJsonArray dependsOn;
        for (int d = 0; d < dependencyCount; ++d) {
            if (random.bounded(3) != 0)
                dependsOn.append(u"dep%1"_s.arg(d));
        }
        children.append(QJsonObject { { u"name"_s, u"w%1"_s.arg(w) }, { u"depends_on"_s, dependsOn } });
    }
    // Half of those in a tree of supervisors, up to three levels, each with its own strategy and intensity.
    int supervisors = 0;
    const std::function<QJsonArray(QJsonArray, int)> nest = [&](QJsonArray nodes, int depth) {
        if (depth >= 3 || nodes.size() < 2 || random.bounded(2) == 0)
            return nodes;
        const int first = random.bounded(int(nodes.size()) - 1);
        const int last = random.bounded(first + 1, int(nodes.size()));
        QJsonArray grouped;
        for (int i = first; i <= last; ++i)
            grouped.append(nodes.at(i));
        QJsonObject supervisor { { u"name"_s, u"sup%1"_s.arg(++supervisors) },
            { u"strategy"_s, pick({ u"one-for-one"_s, u"one-for-all"_s, u"rest-for-one"_s }) },
            { u"restart"_s, pick({ u"permanent"_s, u"permanent"_s, u"transient"_s, u"temporary"_s }) },
            { u"children"_s, nest(grouped, depth + 1) } };
        if (random.bounded(2) == 0)
            supervisor.insert(u"max_restarts"_s, random.bounded(0, 6));
        QJsonArray result;
        for (int i = 0; i < int(nodes.size()); ++i) {
            if (i == first)
                result.append(supervisor);
            else if (i < first || i > last)
                result.append(nodes.at(i));
        }
        return nest(result, depth);
    };
    const QString problem = config.applyJson(QJsonObject { { u"dependencies"_s, dependencies },
        { u"tree"_s, QJsonObject { { u"name"_s, u"root"_s }, { u"children"_s, nest(children, 1) } } } });
    if (!problem.isEmpty())
        qFatal("generated world refused: %s", qPrintable(problem));
    return config;
}

} // namespace

class TestVirtualRuntime : public QObject
{
    Q_OBJECT

private slots:
    void seedScenarioRunsTheArticlesLoopCorrectly();
    void sameSeedGivesTheSameBytes();
    void propertiesHoldAcrossManyConfigurations();
    void hungWorkerIsCaughtByTheHeartbeat();
    void workerIgnoringStopIsAbandonedAtTheShutdownTimeout();
    void stoppingNowAbandonsWhatIgnoresTheStop();
    void aRunStopsWhereItsLogReachesTheEventLimit();
    void restartPendingAtStopIsCancelled();
    void intensityGivesUpAfterFourStarts();
    void liveChangesActAtOnce();
    void oneForAllRestartsTheGroupTogether();
    void idleRunEndsAtItsDuration();
    void zeroDelayLoopStillReachesTheEnd();
    void runUntilBeginsAFreshRun();
};

void TestVirtualRuntime::seedScenarioRunsTheArticlesLoopCorrectly()
{
    VirtualRuntime runtime(configWith({ u"seed=42"_s }));
    runtime.run();
    const EventLog &log = *runtime.log();
    QVERIFY2(LogInvariants::check(log).isEmpty(), qPrintable(LogInvariants::check(log).join(u"; "_s)));
    QCOMPARE(log.at(0).kind, EventKind::RunStarted);
    QCOMPARE(log.at(log.size() - 1).kind, EventKind::RunFinished);

    // Every exit, failure or completion, is followed by a restart exactly 500 ms later.
    const auto starts = eventsOf(log, EventKind::WorkerStarted);
    QVERIFY(starts.size() >= 3);
    qint64 lastEndUs = -1;
    for (const LifecycleEvent &event : log.events()) {
        if (event.kind == EventKind::WorkerCompleted || event.kind == EventKind::WorkerFailed)
            lastEndUs = event.tUs;
        if (event.kind == EventKind::WorkerStarted && event.incarnation > 1)
            QCOMPARE(event.tUs, lastEndUs + 500'000);
    }
    // Stopped at 4 s; the count of restarts is the count of starts after the first, not one less.
    QCOMPARE(eventsOf(log, EventKind::SupervisorStopping).value(0).tUs, 4'000'000);
    QCOMPARE(log.at(log.size() - 1).counts.restarts, starts.size() - 1);
}

void TestVirtualRuntime::sameSeedGivesTheSameBytes()
{
    const QStringList settings { u"workers=4"_s, u"failure_mode=mixed"_s, u"jitter=decorrelated"_s,
        u"backoff=exponential"_s, u"strategy=rest-for-one"_s, u"duration=60000"_s, u"heartbeat_timeout=300"_s };
    const auto run = [&](quint64 seed) {
        SupervisorConfig config = configWith(settings);
        config.seed = seed;
        VirtualRuntime runtime(config);
        runtime.run();
        return jsonLines(*runtime.log());
    };
    const QByteArray first = run(77);
    QVERIFY(first.size() > 10'000);
    QCOMPARE(run(77), first);
    QVERIFY(run(78) != first);
}

void TestVirtualRuntime::propertiesHoldAcrossManyConfigurations()
{
    QRandomGenerator random(20261125);
    QHash<double, std::pair<qint64, qint64>> outcomesByRate; // rate -> (failures, runs that reached their end)
    std::array<qint64, kEventKindCount> seen {};
    const int runs = 400;
    for (int run = 0; run < runs; ++run) {
        const SupervisorConfig config = generatedConfig(random, quint64(run) * 7919);
        VirtualRuntime runtime(config);
        runtime.run();
        const EventLog &log = *runtime.log();
        const QString label = u"run %1 (seed %2): "_s.arg(run).arg(config.seed);

        const QStringList problems = LogInvariants::check(log);
        if (!problems.isEmpty())
            QFAIL(qPrintable(label + problems.join(u"; "_s)));
        QVERIFY2(runtime.isOver() && log.at(log.size() - 1).kind == EventKind::RunFinished, qPrintable(label));

        QHash<int, qint64> startedUs;
        qint64 worldFailures = 0;
        for (const LifecycleEvent &event : log.events()) {
            ++seen[size_t(event.kind)];
            worldFailures += event.kind == EventKind::WorkerFailed && isDependencyFailure(event.failure);
            if (event.kind == EventKind::WorkerStarted)
                startedUs[event.worker] = event.tUs;
            const qint64 ranUs = event.tUs - startedUs.value(event.worker);
            const bool workEnded = event.kind == EventKind::WorkerCompleted
                || (event.kind == EventKind::WorkerFailed && event.reason != u"heartbeat_timeout"
                    && !isDependencyFailure(event.failure));
            if (workEnded && (ranUs < config.workMinMs * 1000 || ranUs > config.workMaxMs * 1000))
                QFAIL(qPrintable(label + u"a run of %1 us is outside the work time range"_s.arg(ranUs)));
            if (event.reason == u"heartbeat_timeout" && ranUs < (config.workMinMs + config.heartbeatTimeoutMs) * 1000)
                QFAIL(qPrintable(label + u"declared hung after only %1 us"_s.arg(ranUs)));
            if (event.kind == EventKind::RestartScheduled
                && event.delayMs > std::max({ config.delayMs, config.maxDelayMs, config.breakerCooldownMs }))
                QFAIL(qPrintable(label + u"a delay of %1 ms is above every bound"_s.arg(event.delayMs)));
        }
        if (config.failureMode == FailureMode::Error || config.failureMode == FailureMode::Exception) {
            // The worker's own failures: those the world caused are not drawn from the failure rate.
            auto &[failures, ended] = outcomesByRate[config.failureRate];
            failures += log.count(EventKind::WorkerFailed) - worldFailures;
            ended += log.count(EventKind::WorkerFailed) - worldFailures + log.count(EventKind::WorkerCompleted);
        }
        if (run % 20 == 0) { // a sample, run again: the whole log repeats byte for byte
            VirtualRuntime again(config);
            again.run();
            QCOMPARE(jsonLines(*again.log()), jsonLines(log));
        }
    }
    // The configurations reach every corner of the vocabulary, so the checks above meant something.
    for (int kind = 0; kind < kEventKindCount; ++kind) {
        // Nothing changes a parameter here, and virtual time runs no real program to say it is ready.
        if (EventKind(kind) != EventKind::ConfigChanged && EventKind(kind) != EventKind::WorkerReady)
            QVERIFY2(seen[size_t(kind)] >= 10, qPrintable(eventName(EventKind(kind))));
    }
    // The share of runs that fail matches the configured rate (within 4 standard deviations).
    for (auto it = outcomesByRate.cbegin(); it != outcomesByRate.cend(); ++it) {
        const auto [failures, ended] = it.value();
        QVERIFY2(ended > 150, qPrintable(u"rate %1: only %2 runs ended"_s.arg(it.key()).arg(ended)));
        const double share = double(failures) / double(ended);
        const double tolerance = 4 * std::sqrt(it.key() * (1 - it.key()) / double(ended)) + 1e-9;
        QVERIFY2(std::abs(share - it.key()) <= tolerance,
            qPrintable(u"rate %1: %2 of %3 runs failed (%4)"_s.arg(it.key()).arg(failures).arg(ended).arg(share)));
    }
}

void TestVirtualRuntime::hungWorkerIsCaughtByTheHeartbeat()
{
    VirtualRuntime runtime(configWith({ u"failure_rate=1"_s, u"failure_mode=hang"_s, u"work_min=300"_s,
        u"work_max=300"_s, u"heartbeat_timeout=500"_s, u"delay=100"_s, u"duration=2000"_s, u"seed=1"_s }));
    runtime.run();
    const auto failures = eventsOf(*runtime.log(), EventKind::WorkerFailed);
    QVERIFY(!failures.isEmpty());
    // Started at 0, hung after its 300 ms of work, declared hung 500 ms after its last heartbeat.
    QCOMPARE(failures.first().reason, u"heartbeat_timeout"_s);
    QCOMPARE(failures.first().tUs, 800'000);
    QCOMPARE(eventsOf(*runtime.log(), EventKind::WorkerStarted).value(1).tUs, 900'000);
}

void TestVirtualRuntime::workerIgnoringStopIsAbandonedAtTheShutdownTimeout()
{
    VirtualRuntime runtime(configWith({ u"workers=2"_s, u"failure_rate=1"_s, u"failure_mode=hang"_s, u"work_min=100"_s,
        u"work_max=100"_s, u"heartbeat_timeout=0"_s, u"shutdown_timeout=750"_s, u"duration=1000"_s }));
    runtime.run();
    const EventLog &log = *runtime.log();
    QVERIFY2(LogInvariants::check(log).isEmpty(), qPrintable(LogInvariants::check(log).join(u"; "_s)));
    // One at a time, in reverse start order: worker 1 is asked at the end of the run and abandoned 750 ms on, then
    // worker 0 is asked and abandoned 750 ms after that.
    const auto abandoned = eventsOf(log, EventKind::WorkerAbandoned);
    QCOMPARE(abandoned.size(), 2);
    QCOMPARE(abandoned.at(0).worker, 1);
    QCOMPARE(abandoned.at(0).tUs, 1'750'000);
    QCOMPARE(abandoned.at(1).worker, 0);
    QCOMPARE(abandoned.at(1).tUs, 2'500'000);
    QCOMPARE(eventsOf(log, EventKind::SupervisorStopped).value(0).tUs, 2'500'000);
}

void TestVirtualRuntime::stoppingNowAbandonsWhatIgnoresTheStop()
{
    // Hung at 100 ms, asked to stop at 2 s with an hour to comply; stopping now abandons them at 2 s, not an hour on.
    VirtualRuntime runtime(configWith({ u"workers=2"_s, u"failure_rate=1"_s, u"failure_mode=hang"_s, u"work_min=100"_s,
        u"work_max=100"_s, u"heartbeat_timeout=0"_s, u"shutdown_timeout=3600000"_s, u"duration=0"_s }));
    runtime.runUntil(2'000'000);
    runtime.requestStop();
    QCOMPARE(eventsOf(*runtime.log(), EventKind::WorkerStopping).size(), 1); // one at a time
    QCOMPARE(eventsOf(*runtime.log(), EventKind::WorkerAbandoned).size(), 0);
    runtime.stopNow();
    QVERIFY(runtime.isOver());
    const EventLog &log = *runtime.log();
    QVERIFY2(LogInvariants::check(log).isEmpty(), qPrintable(LogInvariants::check(log).join(u"; "_s)));
    const auto abandoned = eventsOf(log, EventKind::WorkerAbandoned);
    QCOMPARE(abandoned.size(), 2);
    for (const LifecycleEvent &event : abandoned)
        QCOMPARE(event.tUs, runtime.nowUs());
    QVERIFY(runtime.nowUs() < 3'000'000);
    QCOMPARE(log.kindAt(log.size() - 1), EventKind::RunFinished);

    // Stopping now without a stop asked first asks for it as well.
    VirtualRuntime direct(configWith({ u"failure_rate=1"_s, u"failure_mode=hang"_s, u"work_min=100"_s,
        u"work_max=100"_s, u"heartbeat_timeout=0"_s, u"shutdown_timeout=3600000"_s, u"duration=0"_s }));
    direct.runUntil(500'000);
    direct.stopNow();
    QVERIFY(direct.isOver());
    QCOMPARE(eventsOf(*direct.log(), EventKind::WorkerAbandoned).size(), 1);
}

void TestVirtualRuntime::aRunStopsWhereItsLogReachesTheEventLimit()
{
    // Eight workers failing the moment they start, for a simulated day: billions of events, were it not stopped.
    const SupervisorConfig flood = configWith({ u"workers=8"_s, u"failure_rate=1"_s, u"work_min=0"_s, u"work_max=0"_s,
        u"delay=0"_s, u"duration=86400000"_s });
    VirtualRuntime runtime(flood);
    runtime.setEventLimit(20'000);
    runtime.run();
    QVERIFY(runtime.isOver());
    QVERIFY(runtime.reachedEventLimit());
    const EventLog &log = *runtime.log();
    // Stopped as a user stops it: every worker asked to stop and accounted for, the log whole and sound.
    QVERIFY(log.size() >= 20'000);
    QVERIFY2(log.size() < 20'000 + 8 * 4 + 4, qPrintable(QString::number(log.size())));
    QCOMPARE(log.count(EventKind::SupervisorStopping), 1);
    QCOMPARE(log.kindAt(log.size() - 1), EventKind::RunFinished);
    QVERIFY2(LogInvariants::check(log).isEmpty(), qPrintable(LogInvariants::check(log).join(u"; "_s)));
    QVERIFY(runtime.nowUs() < 86'400'000'000);

    // A run that stays under its limit ends as it would have.
    VirtualRuntime small(configWith({ u"seed=3"_s }));
    small.setEventLimit(1'000);
    small.run();
    QVERIFY(!small.reachedEventLimit());
    VirtualRuntime unlimited(configWith({ u"seed=3"_s }));
    unlimited.run();
    QCOMPARE(small.log()->events(), unlimited.log()->events());
}

void TestVirtualRuntime::restartPendingAtStopIsCancelled()
{
    // Fails at 1.5 s, restart due at 3.5 s, but the run stops at 2 s: the restart never happens.
    VirtualRuntime runtime(configWith(
        { u"failure_rate=1"_s, u"work_min=1500"_s, u"work_max=1500"_s, u"delay=2000"_s, u"duration=2000"_s }));
    runtime.run();
    const EventLog &log = *runtime.log();
    QCOMPARE(eventsOf(log, EventKind::RestartScheduled).size(), 1);
    QCOMPARE(eventsOf(log, EventKind::WorkerStarted).size(), 1);
    QCOMPARE(log.counts().restarts, 0);
    QCOMPARE(log.at(log.size() - 1).tUs, 2'000'000);
}

void TestVirtualRuntime::intensityGivesUpAfterFourStarts()
{
    VirtualRuntime runtime(configWith({ u"failure_rate=1"_s, u"work_min=0"_s, u"work_max=0"_s, u"delay=0"_s,
        u"max_restarts=3"_s, u"within=5000"_s, u"duration=10000"_s }));
    runtime.run();
    const EventLog &log = *runtime.log();
    QCOMPARE(log.count(EventKind::WorkerStarted), 4);
    QCOMPARE(log.count(EventKind::SupervisorGaveUp), 1);
    QCOMPARE(log.at(log.size() - 3).kind, EventKind::SupervisorGaveUp);
    QCOMPARE(runtime.nowUs(), 3); // the worker fails the moment it starts; each restart takes a microsecond
}

void TestVirtualRuntime::liveChangesActAtOnce()
{
    VirtualRuntime runtime(configWith({ u"workers=3"_s, u"failure_rate=0"_s, u"work_min=100"_s, u"work_max=200"_s,
        u"delay=50"_s, u"duration=10000"_s }));
    runtime.runUntil(3'000'000);
    QCOMPARE(runtime.log()->count(EventKind::WorkerFailed), 0);
    QCOMPARE(runtime.changeParameter(u"failure_rate"_s, u"1"_s), QString());
    QCOMPARE(runtime.changeParameter(u"delay"_s, u"0"_s), QString());
    QVERIFY(!runtime.changeParameter(u"delay"_s, u"-1"_s).isEmpty());
    const qsizetype changedAt = runtime.log()->size();
    runtime.run();

    const EventLog &log = *runtime.log();
    const LifecycleEvent changed = log.at(changedAt - 2);
    QCOMPARE(changed.kind, EventKind::ConfigChanged);
    QCOMPARE(changed.key, u"failure_rate"_s);
    QCOMPARE(changed.value, u"1"_s);
    QVERIFY(changed.tUs > 2'500'000 && changed.tUs <= 3'000'000); // where the run stood, well into it
    QCOMPARE(changed.tUs, runtime.log()->at(changedAt - 1).tUs);
    for (qsizetype i = changedAt; i < log.size(); ++i) {
        const LifecycleEvent event = log.at(i);
        QVERIFY(event.kind != EventKind::WorkerCompleted); // runs under way fail too: the rate is read at their end
        if (event.kind == EventKind::RestartScheduled)
            QCOMPARE(event.delayMs, 0);
    }
    QVERIFY(log.count(EventKind::WorkerFailed) > 100);
}

void TestVirtualRuntime::oneForAllRestartsTheGroupTogether()
{
    VirtualRuntime runtime(configWith(
        { u"workers=4"_s, u"strategy=one-for-all"_s, u"failure_rate=0.5"_s, u"duration=20000"_s, u"seed=9"_s }));
    runtime.run();
    const EventLog &log = *runtime.log();
    QVERIFY2(LogInvariants::check(log).isEmpty(), qPrintable(LogInvariants::check(log).join(u"; "_s)));
    const auto stopping = eventsOf(log, EventKind::WorkerStopping);
    QVERIFY(std::any_of(
        stopping.begin(), stopping.end(), [](const LifecycleEvent &e) { return e.reason == u"sibling_failed"; }));
    // After each failure, every worker starts again at one and the same instant.
    int groupRestarts = 0;
    QHash<int, qint64> restartUs;
    bool afterFailure = false;
    for (const LifecycleEvent &event : log.events()) {
        if (event.kind == EventKind::SupervisorStopping)
            break;
        if (event.kind == EventKind::WorkerFailed) {
            afterFailure = true;
            restartUs.clear();
        } else if (event.kind == EventKind::WorkerStarted && afterFailure) {
            restartUs.insert(event.worker, event.tUs);
            if (restartUs.size() == 4) {
                const QList<qint64> times = restartUs.values();
                QVERIFY(std::all_of(times.begin(), times.end(), [&](qint64 t) { return t == times.first(); }));
                ++groupRestarts;
                afterFailure = false;
            }
        }
    }
    QVERIFY(groupRestarts >= 3);
}

void TestVirtualRuntime::idleRunEndsAtItsDuration()
{
    VirtualRuntime runtime(configWith(
        { u"restart=temporary"_s, u"failure_rate=1"_s, u"work_min=10"_s, u"work_max=10"_s, u"duration=5000"_s }));
    runtime.run();
    QCOMPARE(runtime.log()->count(EventKind::WorkerStarted), 1);
    QCOMPARE(runtime.nowUs(), 5'000'000);
}

void TestVirtualRuntime::zeroDelayLoopStillReachesTheEnd()
{
    VirtualRuntime runtime(
        configWith({ u"failure_rate=1"_s, u"work_min=0"_s, u"work_max=0"_s, u"delay=0"_s, u"duration=20"_s }));
    runtime.run();
    QVERIFY(runtime.isOver());
    QCOMPARE(runtime.log()->count(EventKind::WorkerStarted), 20'000); // one restart per microsecond for 20 ms
}

void TestVirtualRuntime::runUntilBeginsAFreshRun()
{
    const SupervisorConfig config = configWith({ u"seed=2"_s });
    VirtualRuntime stepped(config);
    stepped.runUntil(1'500'000);
    QVERIFY(stepped.log()->size() > 3);
    QCOMPARE(stepped.log()->kindAt(0), EventKind::RunStarted);
    QVERIFY(stepped.nowUs() <= 1'500'000);
    QCOMPARE(stepped.changeParameter(u"delay"_s, u"100"_s), QString());
    stepped.run();
    QVERIFY(LogInvariants::check(*stepped.log()).isEmpty());

    VirtualRuntime whole(config); // up to the change, the same run
    whole.run();
    const QList<LifecycleEvent> events = stepped.log()->events();
    const auto change = std::find_if(events.begin(), events.end(),
        [](const LifecycleEvent &event) { return event.kind == EventKind::ConfigChanged; });
    QVERIFY(change != events.end());
    const qsizetype changedAt = change - events.begin();
    QCOMPARE(events.mid(0, changedAt), whole.log()->events(0, changedAt));
}

QTEST_GUILESS_MAIN(TestVirtualRuntime)
#include "tst_virtualruntime.moc"
