#include "analysis/explorationexport.h"
#include "analysis/explorationfigures.h"
#include "analysis/explorationresult.h"
#include "analysis/explorationspec.h"
#include "analysis/explorer.h"
#include "events/eventlog.h"
#include "logscript.h"
#include "runtime/memorylimit.h"
#include "runtime/virtualruntime.h"
#include "testruns.h"
#include "testsettings.h"

#include <QBuffer>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kSecond = 1'000'000;

ExplorationSpec specOf(const QByteArray &json)
{
    QString error;
    const std::optional<ExplorationSpec> spec = ExplorationSpec::fromJson(json, u"test.json"_s, &error);
    if (!spec)
        qFatal("test spec refused: %s", qPrintable(error));
    return *spec;
}

// Two policies that differ in every way that matters, on a workload with every kind of failure, over a short
// horizon: quick, and rich enough that a difference in any run shows.
ExplorationSpec mixedSpec(int seeds)
{
    return specOf(QByteArray(R"({ "horizon": 120000, "seeds": )") + QByteArray::number(seeds) + R"(, "first_seed": 11,
        "workload": { "workers": 3, "failure_rate": 0.4, "failure_mode": "mixed", "work_min": 100, "work_max": 3000 },
        "policies": [
            { "name": "fixed", "config": { "delay": 400, "heartbeat_timeout": 500, "max_restarts": 36, "within": 20000 } },
            { "name": "backoff", "config": { "backoff": "exponential", "jitter": "full", "delay": 50, "max_delay": 5000,
                                             "strategy": "one-for-all", "heartbeat_timeout": 500 } } ] })");
}

ExplorationResult explore(const ExplorationSpec &spec, int threads)
{
    Explorer explorer;
    explorer.setThreadCount(threads);
    QSignalSpy finished(&explorer, &Explorer::finished);
    if (!explorer.start(spec) || !finished.wait(kPatienceMs))
        qFatal("the exploration did not finish");
    return finished.first().first().value<ExplorationResult>();
}

SeedOutcome outcome(double availability, double restartsPerHour, std::optional<qint64> gaveUpAtUs,
    qint64 longestOutageUs, const QList<qint64> &recoveries)
{
    SeedOutcome made;
    made.availability = availability;
    made.restartsPerHour = restartsPerHour;
    made.gaveUpAtUs = gaveUpAtUs;
    made.longestOutageUs = longestOutageUs;
    made.recoveryTimesUs = recoveries;
    return made;
}

// Sets the default locale for as long as it lives.
struct DefaultLocale
{
    QLocale before;
    explicit DefaultLocale(const QLocale &locale) { QLocale::setDefault(locale); }
    ~DefaultLocale() { QLocale::setDefault(before); }
};

QByteArray exported(const ExplorationResult &result, ExplorationFormat format)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (!(format == ExplorationFormat::Csv ? ExplorationExport::writeCsv(result, buffer)
                                           : ExplorationExport::writeJson(result, buffer)))
        qFatal("the export failed");
    return buffer.data();
}

} // namespace

class TestExploration : public QObject
{
    Q_OBJECT

private slots:
    void percentileIsNearestRank_data();
    void percentileIsNearestRank();
    void summaryOfHandMadeOutcomes();
    void summaryOfNoOutcomes();
    void outcomeOfAHandBuiltRun();
    void outcomeOfARunThatGaveUp();
    void outcomeOfATreeCountsEscalationsAndSubtrees();
    void readsTheExampleSpec();
    void specErrorsNameTheKey_data();
    void specErrorsNameTheKey();
    void unreadableSpecFile();
    void resultsDoNotDependOnThreads();
    void configForGivesBackTheExactRun();
    void noRestartsAllowedGivesUpInEverySeed();
    void noFailuresMeansFullAvailability();
    void cancelStopsRunsUnderWay();
    void anExplorationOutgrowingTheMemoryLimitStops();
    void exportsCsvAndJson();
    void figuresFollowTheLocaleAndExportsDoNot();
};

void TestExploration::percentileIsNearestRank_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("percent");
    QTest::addColumn<int>("expected"); // the values are 1..count, so the value is its rank
    QTest::newRow("one value, p5") << 1 << 5 << 1;
    QTest::newRow("one value, p99") << 1 << 99 << 1;
    QTest::newRow("3 values, p50 is the middle") << 3 << 50 << 2;
    QTest::newRow("10 values, p5 rounds up to the first") << 10 << 5 << 1;
    QTest::newRow("10 values, p50 is the 5th") << 10 << 50 << 5;
    QTest::newRow("10 values, p95 rounds up to the last") << 10 << 95 << 10;
    QTest::newRow("20 values, p95 is the 19th") << 20 << 95 << 19;
    QTest::newRow("20 values, p99 is the last") << 20 << 99 << 20;
    QTest::newRow("100 values, p5") << 100 << 5 << 5;
    QTest::newRow("100 values, p99") << 100 << 99 << 99;
    QTest::newRow("101 values, p99 rounds up") << 101 << 99 << 100;
    QTest::newRow("p100 is the maximum") << 7 << 100 << 7;
}

void TestExploration::percentileIsNearestRank()
{
    QFETCH(int, count);
    QFETCH(int, percent);
    QFETCH(int, expected);
    QList<qint64> values;
    for (int i = 1; i <= count; ++i)
        values << i;
    QCOMPARE(PolicySummary::percentile(values, percent), expected);
}

void TestExploration::summaryOfHandMadeOutcomes()
{
    // Seed B has one slow recovery, seed C nine quick ones: pooled, the quick ones dominate the median.
    const QList<SeedOutcome> outcomes {
        outcome(0.9, 10, std::nullopt, 1 * kSecond, { 5'000, 1'000 }),
        outcome(0.5, 30, 30 * kSecond, 50 * kSecond, { 100 * kSecond }),
        outcome(1.0, 0, std::nullopt, 0, { 2'000, 2'000, 2'000, 2'000, 2'000, 2'000, 2'000, 2'000, 3'000 }),
        outcome(0.8, 20, 10 * kSecond, 20 * kSecond, {}),
    };
    const PolicySummary summary = PolicySummary::of(outcomes);
    QCOMPARE(summary.seeds, 4);
    QCOMPARE(summary.availabilityMean, (0.9 + 0.5 + 1.0 + 0.8) / 4);
    QCOMPARE(summary.availabilityP5, 0.5); // rank ceil(0.2) = 1 of 0.5, 0.8, 0.9, 1.0
    QCOMPARE(summary.availabilityP50, 0.8); // rank 2
    QCOMPARE(summary.availabilityP95, 1.0); // rank ceil(3.8) = 4
    QCOMPARE(summary.restartsPerHourMean, 15.0);
    QCOMPARE(summary.gaveUpSeeds, 2);
    QCOMPARE(summary.giveUpProbability, 0.5);
    QCOMPARE(summary.giveUpP50Us, std::optional<qint64>(10 * kSecond)); // over the two that gave up
    QCOMPARE(summary.giveUpP95Us, std::optional<qint64>(30 * kSecond));
    // Pooled: 1 000, eight of 2 000, 3 000, 5 000, 100 s: twelve values.
    QCOMPARE(summary.recoveries, 12);
    QCOMPARE(summary.recoveryP50Us, std::optional<qint64>(2'000)); // rank 6
    QCOMPARE(summary.recoveryP95Us, std::optional<qint64>(100 * kSecond)); // rank ceil(11.4) = 12
    QCOMPARE(summary.recoveryP99Us, std::optional<qint64>(100 * kSecond));
    QCOMPARE(summary.longestOutageMaxUs, 50 * kSecond);
    QCOMPARE(summary.longestOutageP95Us, 50 * kSecond);

    // Twenty seeds with outages of 1..20 s: p95 is the 19th, below the maximum.
    QList<SeedOutcome> twenty;
    for (int i = 20; i >= 1; --i)
        twenty << outcome(1.0, 0, std::nullopt, i * kSecond, { i * 1'000 });
    const PolicySummary spread = PolicySummary::of(twenty);
    QCOMPARE(spread.longestOutageMaxUs, 20 * kSecond);
    QCOMPARE(spread.longestOutageP95Us, 19 * kSecond);
    QCOMPARE(spread.recoveryP50Us, std::optional<qint64>(10'000));
    QCOMPARE(spread.recoveryP95Us, std::optional<qint64>(19'000));
    QCOMPARE(spread.recoveryP99Us, std::optional<qint64>(20'000));
    QCOMPARE(spread.gaveUpSeeds, 0);
    QCOMPARE(spread.giveUpProbability, 0.0);
    QCOMPARE(spread.giveUpP50Us, std::nullopt);
}

void TestExploration::summaryOfNoOutcomes()
{
    QCOMPARE(PolicySummary::of({}), PolicySummary());
    const PolicySummary noRecoveries = PolicySummary::of({ outcome(0.25, 3, std::nullopt, 7, {}) });
    QCOMPARE(noRecoveries.recoveries, 0);
    QCOMPARE(noRecoveries.recoveryP50Us, std::nullopt);
    QCOMPARE(noRecoveries.availabilityP5, 0.25);
    QCOMPARE(noRecoveries.longestOutageP95Us, 7);
}

void TestExploration::outcomeOfAHandBuiltRun()
{
    // Horizon 10 s, two workers.
    //   worker 0: runs 0–1 s (fails), 1.5–4 s (fails), 6–10 s (stopped)       running 7.5 s, waits 0.5 s and 2 s
    //   worker 1: runs 0–2 s (completes, restarted at once), 2–3 s (fails), 3.3–10 s   running 9.7 s
    LogScript script({ u"workers=2"_s });
    script.start(0, 0, 1);
    script.start(0, 1, 1);
    script.end(1 * kSecond, EventKind::WorkerFailed, 0, 1, u"error"_s);
    script.schedule(1 * kSecond, 0, 500, 1);
    script.start(1'500'000, 0, 2);
    script.end(2 * kSecond, EventKind::WorkerCompleted, 1, 1);
    script.schedule(2 * kSecond, 1, 0, 1);
    script.start(2 * kSecond, 1, 2);
    script.end(3 * kSecond, EventKind::WorkerFailed, 1, 2, u"exception: boom"_s);
    script.schedule(3 * kSecond, 1, 300, 1);
    script.start(3'300'000, 1, 3);
    script.end(4 * kSecond, EventKind::WorkerFailed, 0, 2, u"error"_s);
    script.schedule(4 * kSecond, 0, 2000, 2);
    script.start(6 * kSecond, 0, 3);
    script.add(10 * kSecond, LifecycleEvent::supervisor(EventKind::SupervisorStopping));
    script.end(10 * kSecond, EventKind::WorkerStopping, 0, 3, u"shutdown"_s);
    script.end(10 * kSecond, EventKind::WorkerStopping, 1, 3, u"shutdown"_s);
    script.end(10 * kSecond, EventKind::WorkerStopped, 0, 3);
    script.end(10 * kSecond, EventKind::WorkerStopped, 1, 3);
    script.add(10 * kSecond, LifecycleEvent::supervisor(EventKind::SupervisorStopped));
    script.add(10 * kSecond, LifecycleEvent::runFinished({ 4, 3, 1 }));

    const SeedOutcome measured = SeedOutcome::measure(script.log, 10 * kSecond);
    QCOMPARE(measured.seed, 1u); // the seed of the log's run_started
    QCOMPARE(measured.availability, (7.5 / 10 + 9.7 / 10) / 2);
    QCOMPARE(measured.restarts, 4);
    QCOMPARE(measured.restartsPerHour, 4 * 360.0);
    QCOMPARE(measured.failures, 3);
    QVERIFY(!measured.gaveUp());
    QCOMPARE(measured.gaveUpAtUs, std::nullopt);
    QCOMPARE(measured.recoveryTimesUs, (QList<qint64> { 500'000, 300'000, 2'000'000 })); // in log order
    QCOMPARE(measured.longestOutageUs, 2 * kSecond);
}

void TestExploration::outcomeOfARunThatGaveUp()
{
    // Horizon 10 s, one worker: runs 0–1 s and 1.5–2 s, then the supervisor gives up at 2 s. From then to the
    // horizon the worker is down: 8 s more of outage and of observed time.
    LogScript script({ u"workers=1"_s });
    script.start(0, 0, 1);
    script.end(1 * kSecond, EventKind::WorkerFailed, 0, 1, u"error"_s);
    script.schedule(1 * kSecond, 0, 500, 1);
    script.start(1'500'000, 0, 2);
    script.end(2 * kSecond, EventKind::WorkerFailed, 0, 2, u"error"_s);
    script.add(2 * kSecond, LifecycleEvent::supervisor(EventKind::SupervisorGaveUp, u"restart intensity"_s));
    script.add(2 * kSecond, LifecycleEvent::supervisor(EventKind::SupervisorStopped));
    script.add(2 * kSecond, LifecycleEvent::runFinished({ 1, 2, 0 }));

    const SeedOutcome measured = SeedOutcome::measure(script.log, 10 * kSecond);
    QCOMPARE(measured.availability, 1.5 / 10);
    QVERIFY(measured.gaveUp());
    QCOMPARE(measured.gaveUpAtUs, std::optional<qint64>(2 * kSecond));
    QCOMPARE(measured.longestOutageUs, 8 * kSecond);
    QCOMPARE(measured.recoveryTimesUs, QList<qint64> { 500'000 }); // the last failure was never recovered
    QCOMPARE(measured.restarts, 1);
    QCOMPARE(measured.restartsPerHour, 360.0);
    QCOMPARE(measured.failures, 2);
}

// A pool that gives up again and again under a root that restarts it: each give-up is an escalation, and the pool's
// workers are less available than the steady worker beside them.
void TestExploration::outcomeOfATreeCountsEscalationsAndSubtrees()
{
    SupervisorConfig config = withSettings(SupervisorConfig(),
        { u"failure_rate=0.7"_s, u"work_min=50"_s, u"work_max=400"_s, u"delay=100"_s, u"duration=10000"_s, u"seed=3"_s,
            u"virtual_time=true"_s });
    QCOMPARE(config.applyJson(QJsonDocument::fromJson(R"({"tree": {"name": "app", "children": [
        {"name": "pool", "max_restarts": 1, "within": 1000, "children": [ {"name": "conn", "count": 2} ]},
        {"name": "steady", "failure_rate": 0, "work_min": 60000, "work_max": 60000} ]}})")
                                  .object()),
        QString());
    VirtualRuntime runtime(config);
    runtime.run();
    qint64 nestedGiveUps = 0;
    for (const LifecycleEvent &event : runtime.log()->events())
        nestedGiveUps += event.kind == EventKind::SupervisorGaveUp && event.supervisorIndex > 0;
    QVERIFY(nestedGiveUps > 0);
    const SeedOutcome measured = SeedOutcome::measure(*runtime.log(), 10 * kSecond);
    QCOMPARE(measured.escalations, nestedGiveUps);
    QVERIFY(!measured.gaveUp()); // the root never did
    QCOMPARE(measured.subtreeAvailability.size(), 2);
    QCOMPARE(measured.subtreeAvailability.at(0), measured.availability);
    QVERIFY(measured.subtreeAvailability.at(1) < measured.availability);
    const PolicySummary summary = PolicySummary::of({ measured, measured });
    QCOMPARE(summary.escalationsMean, double(nestedGiveUps));
    QCOMPARE(summary.subtreeAvailabilityMean, measured.subtreeAvailability);
}

void TestExploration::readsTheExampleSpec()
{
    QString error;
    const auto spec = ExplorationSpec::load(
        QStringLiteral(SUPERVISOR_LAB_SOURCE_DIR) + u"/resources/explorations/outages.json"_s, &error);
    QVERIFY2(spec, qPrintable(error));
    QCOMPARE(spec->horizonMs, 1'800'000);
    QCOMPARE(spec->seeds, 200);
    QCOMPARE(spec->firstSeed, 1u);
    QCOMPARE(spec->runCount(), 600);
    QCOMPARE(spec->policies.size(), 3);
    QCOMPARE(spec->policies.at(2).name, u"backoff + breaker"_s);

    // The workload is a world: six workers of a tree sharing db, whatever the policy.
    const SupervisorConfig config = spec->configFor(1, 7);
    QCOMPARE(config.workers, 6);
    QVERIFY(config.isTree());
    QCOMPARE(config.dependencies.size(), 1);
    QCOMPARE(config.dependencies.at(0).capacity, 3);
    QVERIFY(config.dependsOn(5, 0));
    QCOMPARE(config.forWorker(3).failureRate, 0.05);
    QCOMPARE(config.backoff, BackoffKind::Exponential);
    QCOMPARE(config.forWorker(3).jitter, Jitter::Full);
    QCOMPARE(config.forWorker(3).delayMs, 250);
    QCOMPARE(config.durationMs, 1'800'000);
    QCOMPARE(config.seed, 7u);
    QVERIFY(config.virtualTime);
    QCOMPARE(spec->configFor(0, 7).forWorker(0).delayMs, 1000);
    QCOMPARE(spec->configFor(2, 7).forWorker(0).breakerThreshold, 3);

    // What toJson writes reads back as the same spec.
    const auto again = ExplorationSpec::fromJson(QJsonDocument(spec->toJson()).toJson(), u"again"_s, &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(*again, *spec);

    // A byte order mark before the JSON, as some editors write it, is no part of it.
    const auto marked
        = ExplorationSpec::fromJson("\xEF\xBB\xBF" + QJsonDocument(spec->toJson()).toJson(), u"marked"_s, &error);
    QVERIFY2(marked, qPrintable(error));
    QCOMPARE(*marked, *spec);

    // A workload key left out takes the program's default, and the spec says which value the runs use.
    const ExplorationSpec partial = specOf(R"({ "workload": { "workers": 2 }, "policies": [ { "name": "p" } ] })");
    QCOMPARE(partial.workload.value(u"workers"_s).toInteger(), 2);
    QCOMPARE(partial.workload.value(u"failure_rate"_s).toDouble(), SupervisorConfig().failureRate);
    QCOMPARE(partial.workload.size(), ExplorationSpec::workloadKeys().size());
}

void TestExploration::specErrorsNameTheKey_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    const QByteArray policy = R"("policies": [ { "name": "a", "config": {} } ])";
    const auto with = [&](const QByteArray &keys) -> QByteArray { return "{ " + keys + ", " + policy + " }"; };
    const auto policyWith = [](const QByteArray &config) -> QByteArray {
        return R"({ "policies": [ { "name": "a", "config": )" + config + " } ] }";
    };
    QTest::newRow("not JSON") << QByteArray("{ \"policies\": ") << u"not valid JSON at byte"_s;
    QTest::newRow("not an object") << QByteArray("[1]") << u"expected an object with a \"policies\" array"_s;
    QTest::newRow("unknown key") << with(R"("horizn": 5)") << u"unknown key 'horizn' (expected description, "_s;
    QTest::newRow("horizon 0") << with(R"("horizon": 0)")
                               << u"horizon (milliseconds, at most 30 days): must be a whole number from 1 to "
                                  "2592000000, got 0"_s;
    QTest::newRow("horizon 31 days") << with(R"("horizon": 2678400000)") << u"horizon (milliseconds"_s;
    QTest::newRow("horizon not whole") << with(R"("horizon": 1.5)") << u"horizon (milliseconds"_s;
    QTest::newRow("horizon text") << with(R"("horizon": "1h")")
                                  << u"horizon (milliseconds, at most 30 days): must "
                                     "be a whole number from 1 to 2592000000, got \"1h\""_s;
    QTest::newRow("no seeds") << with(R"("seeds": 0)") << u"seeds: must be a whole number from 1 to 1000000, got 0"_s;
    QTest::newRow("too many seeds") << with(R"("seeds": 1000001)") << u"seeds: must be a whole number"_s;
    QTest::newRow("negative first seed") << with(R"("first_seed": -1)") << u"first_seed: must be a whole number"_s;
    QTest::newRow("last seed too big") << with(R"("first_seed": 9007199254740990, "seeds": 5)")
                                       << u"first_seed: the last seed"_s;
    QTest::newRow("description not text") << with(R"("description": 5)") << u"description: expected a text"_s;
    QTest::newRow("workload not an object") << with(R"("workload": 4)") << u"workload: expected an object with"_s;
    QTest::newRow("policy key in the workload")
        << with(R"("workload": { "delay": 5 })") << u"workload: delay is not part of the workload"_s;
    QTest::newRow("unknown workload key")
        << with(R"("workload": { "wrkers": 5 })") << u"workload: unknown parameter 'wrkers'"_s;
    QTest::newRow("workload number as text")
        << with(R"("workload": { "workers": "3" })") << u"workload: workers: expects a number, got the text \"3\""_s;
    QTest::newRow("repeated key") << with(R"("seeds": 5, "seeds": 6)")
                                  << u"the key 'seeds' appears twice in one object"_s;
    QTest::newRow("repeated key, escaped")
        << with(R"("seeds": 5, "se\u0065ds": 6)") << u"the key 'seeds' appears twice in one object"_s;
    QTest::newRow("a real program") << with(R"("workload": { "command": ["./server"] })")
                                    << u"workload: virtual time cannot run real programs (command)"_s;
    QTest::newRow("a real program in the tree")
        << with(R"("workload": { "tree": { "name": "app", "children": [ { "name": "w", "command": ["x"] } ] } })")
        << u"workload: node \"w\": virtual time cannot run real programs (command)"_s;
    QTest::newRow("bad workload value") << with(R"("workload": { "failure_rate": 1.5 })")
                                        << u"workload: failure_rate: must be between 0 and 1, got 1.5"_s;
    QTest::newRow("work range") << with(R"("workload": { "work_min": 900, "work_max": 100 })")
                                << u"workload: work_min (900 ms) is above work_max (100 ms)"_s;
    QTest::newRow("no policies") << QByteArray("{}") << u"policies: expected an array of 1 to 4 policies"_s;
    QTest::newRow("zero policies") << QByteArray(R"({ "policies": [] })")
                                   << u"policies: an exploration compares 1 to 4 policies, got 0"_s;
    QTest::newRow("five policies") << QByteArray(R"({ "policies": [ { "name": "a" }, { "name": "b" }, { "name": "c" },
                                          { "name": "d" }, { "name": "e" } ] })")
                                   << u"policies: an exploration compares 1 to 4 policies, got 5"_s;
    QTest::newRow("policy not an object") << QByteArray(
        R"({ "policies": [ "fast" ] })") << u"policies[0]: expected an object with a name and a config, got \"fast\""_s;
    QTest::newRow("unknown policy key") << QByteArray(R"({ "policies": [ { "name": "a", "colour": "red" } ] })")
                                        << u"policies[0]: unknown key 'colour' (expected name, config)"_s;
    QTest::newRow("policy without a name") << QByteArray(R"({ "policies": [ { "name": "a" }, { "config": {} } ] })")
                                           << u"policies[1]: name: expected a non-empty text, got nothing"_s;
    QTest::newRow("blank name") << QByteArray(R"({ "policies": [ { "name": "  " } ] })")
                                << u"policies[0]: name: expected a non-empty text"_s;
    QTest::newRow("duplicate names") << QByteArray(R"({ "policies": [ { "name": "a" }, { "name": "a" } ] })")
                                     << u"policies[1]: name: \"a\" is already the name of policies[0]"_s;
    QTest::newRow("config not an object") << policyWith("[]") << u"policy \"a\": config: expected an object"_s;
    QTest::newRow("workload key in a policy")
        << policyWith(R"({ "failure_rate": 0.5 })")
        << u"policy \"a\": config: failure_rate is part of the workload, which every policy shares"_s;
    QTest::newRow("duration in a policy")
        << policyWith(R"({ "duration": 5 })") << u"policy \"a\": config: duration is the exploration's horizon"_s;
    QTest::newRow("seed in a policy") << policyWith(R"({ "seed": 5 })")
                                      << u"policy \"a\": config: seed is set by the exploration's seeds"_s;
    QTest::newRow("virtual time in a policy") << policyWith(R"({ "virtual_time": false })")
                                              << u"policy \"a\": config: an exploration always runs in virtual time"_s;
    QTest::newRow("bad policy value") << policyWith(R"({ "delay": -5 })")
                                      << u"policy \"a\": config: delay: must not be negative, got -5"_s;
    QTest::newRow("unknown policy parameter")
        << policyWith(R"({ "dellay": 5 })") << u"policy \"a\": config: unknown parameter 'dellay'"_s;
    QTest::newRow("rules between parameters")
        << policyWith(R"({ "backoff": "exponential", "delay": 500, "max_delay": 100 })")
        << u"policy \"a\": config: max_delay (100 ms) is below delay (500 ms)"_s;
}

void TestExploration::specErrorsNameTheKey()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString problem;
    QVERIFY(!ExplorationSpec::fromJson(json, u"spec.json"_s, &problem));
    QVERIFY2(problem.startsWith(u"spec.json: "_s + error), qPrintable(problem));
}

void TestExploration::unreadableSpecFile()
{
    QTemporaryDir dir;
    QString error;
    QVERIFY(!ExplorationSpec::load(dir.filePath(u"missing.json"_s), &error));
    QVERIFY2(error.startsWith(dir.filePath(u"missing.json"_s) + u": cannot read: "_s), qPrintable(error));
}

void TestExploration::resultsDoNotDependOnThreads()
{
    const ExplorationSpec spec = mixedSpec(24);
    Explorer explorer;
    explorer.setThreadCount(1);
    QCOMPARE(explorer.threadCount(), 1);
    QSignalSpy progress(&explorer, &Explorer::progress);
    QSignalSpy finished(&explorer, &Explorer::finished);
    QVERIFY(explorer.start(spec));
    QVERIFY(explorer.isRunning());
    QVERIFY(!explorer.start(spec)); // one at a time
    QVERIFY(finished.wait(kPatienceMs));
    QVERIFY(!explorer.isRunning());
    const auto one = finished.first().first().value<ExplorationResult>();
    QCOMPARE(one.threads, 1);

    // Progress counts up and ends with every run done.
    QVERIFY(!progress.isEmpty());
    int previous = -1;
    for (const QList<QVariant> &report : std::as_const(progress)) {
        QVERIFY(report.at(0).toInt() > previous);
        QCOMPARE(report.at(1).toInt(), 48);
        previous = report.at(0).toInt();
    }
    QCOMPARE(previous, 48);

    // The runs are rich enough for a difference to show.
    QCOMPARE(one.policies.size(), 2);
    for (const ExplorationResult::Policy &policy : one.policies) {
        QCOMPARE(policy.outcomes.size(), 24);
        QVERIFY(policy.summary.recoveries > 100);
        for (int i = 0; i < 24; ++i)
            QCOMPARE(policy.outcomes.at(i).seed, spec.seedAt(i));
    }
    QVERIFY(one.policies.at(0).summary.gaveUpSeeds > 0 && one.policies.at(0).summary.gaveUpSeeds < 24);
    QVERIFY(one.policies.at(0).summary != one.policies.at(1).summary);

    for (const int threads : { 2, 4 }) {
        const ExplorationResult many = explore(spec, threads);
        QCOMPARE(many.threads, threads);
        QVERIFY2(many == one, qPrintable(u"%1 threads"_s.arg(threads)));
    }
}

void TestExploration::configForGivesBackTheExactRun()
{
    const ExplorationSpec spec = mixedSpec(6);
    const ExplorationResult result = explore(spec, 2);
    for (int policy = 0; policy < 2; ++policy) {
        for (const int index : { 0, 5 }) {
            VirtualRuntime runtime(spec.configFor(policy, spec.seedAt(index)));
            runtime.run();
            QCOMPARE(
                SeedOutcome::measure(*runtime.log(), spec.horizonUs()), result.policies.at(policy).outcomes.at(index));
        }
    }
}

void TestExploration::noRestartsAllowedGivesUpInEverySeed()
{
    const ExplorationSpec spec = specOf(R"({ "horizon": 60000, "seeds": 50,
        "workload": { "workers": 2, "failure_rate": 1, "work_min": 100, "work_max": 900 },
        "policies": [ { "name": "none allowed", "config": { "max_restarts": 0 } } ] })");
    const ExplorationResult result = explore(spec, 0);
    const PolicySummary &summary = result.policies.at(0).summary;
    QCOMPARE(summary.gaveUpSeeds, 50);
    QCOMPARE(summary.giveUpProbability, 1.0);
    for (const SeedOutcome &outcome : result.policies.at(0).outcomes) {
        // The first failure is the end: its restart would exceed the limit.
        QVERIFY(outcome.gaveUp());
        QVERIFY(*outcome.gaveUpAtUs >= 100'000 && *outcome.gaveUpAtUs <= 900'000);
        QCOMPARE(outcome.restarts, 0);
        QVERIFY(outcome.recoveryTimesUs.isEmpty());
        QVERIFY(outcome.availability < 0.02);
        QCOMPARE(outcome.longestOutageUs, 60'000'000 - *outcome.gaveUpAtUs);
    }
}

void TestExploration::noFailuresMeansFullAvailability()
{
    // Work longer than the horizon: every worker runs from its start to the end, and nothing restarts.
    const ExplorationSpec spec = specOf(R"({ "horizon": 60000, "seeds": 20,
        "workload": { "workers": 3, "failure_rate": 0, "work_min": 120000, "work_max": 180000 },
        "policies": [ { "name": "fixed", "config": {} }, { "name": "backoff", "config": { "backoff": "exponential" } } ] })");
    for (const ExplorationResult::Policy &policy : explore(spec, 2).policies) {
        QCOMPARE(policy.summary.availabilityMean, 1.0);
        QCOMPARE(policy.summary.availabilityP5, 1.0);
        QCOMPARE(policy.summary.restartsPerHourMean, 0.0);
        QCOMPARE(policy.summary.gaveUpSeeds, 0);
        QCOMPARE(policy.summary.recoveries, 0);
        QCOMPARE(policy.summary.longestOutageMaxUs, 0);
        for (const SeedOutcome &outcome : policy.outcomes) {
            QCOMPARE(outcome.availability, 1.0);
            QCOMPARE(outcome.restarts, 0);
            QCOMPARE(outcome.failures, 0);
        }
    }

    // Short work restarted without delay after each completion: every completion is a restart, no recovery, and
    // (the engine starts a new incarnation a microsecond after the last one ended) next to no time lost.
    const ExplorationSpec instant = specOf(R"({ "horizon": 60000, "seeds": 5,
        "workload": { "workers": 2, "failure_rate": 0, "work_min": 100, "work_max": 500 },
        "policies": [ { "name": "no delay", "config": { "delay": 0 } } ] })");
    const ExplorationResult::Policy policy = explore(instant, 1).policies.at(0);
    QVERIFY(policy.summary.availabilityMean > 0.9999);
    QVERIFY(policy.summary.restartsPerHourMean > 1000);
    QCOMPARE(policy.summary.recoveries, 0);
    QVERIFY(policy.summary.longestOutageMaxUs < 1000);
}

void TestExploration::cancelStopsRunsUnderWay()
{
    // The first policy's runs give up at their first failure, in no time; the second's would go on for 30 days
    // of virtual time each, which no test could wait for. Once the first policy is done, every thread is inside
    // a run of the second.
    const ExplorationSpec spec = specOf(R"({ "horizon": 2592000000, "seeds": 50,
        "workload": { "workers": 8, "failure_rate": 1, "work_min": 1, "work_max": 20 },
        "policies": [ { "name": "gives up", "config": { "max_restarts": 0 } },
                      { "name": "endless", "config": { "delay": 10 } } ] })");
    Explorer explorer;
    explorer.setThreadCount(2);
    QSignalSpy progress(&explorer, &Explorer::progress);
    QSignalSpy finished(&explorer, &Explorer::finished);
    QSignalSpy cancelled(&explorer, &Explorer::cancelled);
    QVERIFY(explorer.start(spec));
    while (progress.isEmpty() || progress.last().at(0).toInt() < 50)
        QVERIFY(progress.wait(kPatienceMs));
    QCOMPARE(progress.last().at(0).toInt(), 50);

    explorer.cancel();
    QVERIFY(cancelled.wait(kPatienceMs)); // the runs under way would take hours: only the cancel ends them
    QCOMPARE(cancelled.size(), 1);
    QCOMPARE(finished.size(), 0);
    QVERIFY(!explorer.isRunning());

    // The explorer can go again, and the cancelled runs leave nothing behind in its results.
    const ExplorationSpec small = mixedSpec(3);
    QVERIFY(explorer.start(small));
    QVERIFY(finished.wait(kPatienceMs));
    QCOMPARE(finished.first().first().value<ExplorationResult>(), explore(small, 1));
    QCOMPARE(cancelled.size(), 1);
}

void TestExploration::anExplorationOutgrowingTheMemoryLimitStops()
{
    // Every recovery is kept: eight workers failing every few milliseconds for a simulated day need gigabytes.
    const ExplorationSpec spec = specOf(R"({ "horizon": 86400000, "seeds": 20,
        "workload": { "workers": 8, "failure_rate": 1, "work_min": 1, "work_max": 3 },
        "policies": [ { "name": "fast", "config": { "delay": 1 } } ] })");
    struct Restore
    {
        ~Restore() { MemoryLimit::setBytes(0); }
    } restore;
    MemoryLimit::setBytes(256 * 1024);
    Explorer explorer;
    explorer.setThreadCount(2);
    QSignalSpy failed(&explorer, &Explorer::failed);
    QSignalSpy finished(&explorer, &Explorer::finished);
    QVERIFY(explorer.start(spec));
    QVERIFY(failed.wait(kPatienceMs));
    const QString why = failed.first().first().toString();
    QVERIFY2(why.startsWith(u"the exploration outgrew the memory limit (256 KB) after "_s), qPrintable(why));
    QVERIFY2(why.contains(u" of 20 runs: it keeps the time of every recovery, "_s), qPrintable(why));
    QCOMPARE(finished.size(), 0);
    QVERIFY(!explorer.isRunning());

    // Within a limit it does not reach, an exploration gives what it gives without one.
    MemoryLimit::setBytes(qint64(1) << 30);
    const ExplorationSpec small = mixedSpec(4);
    const ExplorationResult limited = explore(small, 2);
    MemoryLimit::setBytes(0);
    QCOMPARE(limited, explore(small, 2));
}

void TestExploration::exportsCsvAndJson()
{
    ExplorationSpec spec = mixedSpec(4);
    spec.policies[0].name = u"=HYPERLINK(\"http://x\")"_s; // a spreadsheet would take it for a formula
    spec.policies[1].name = u"backoff, \"jittered\""_s; // a name that needs quoting in CSV
    const ExplorationResult result = explore(spec, 2);

    QBuffer csv;
    QVERIFY(csv.open(QIODevice::WriteOnly));
    QVERIFY(ExplorationExport::writeCsv(result, csv));
    const QList<QByteArray> lines = csv.data().split('\n');
    QCOMPARE(lines.size(), 1 + 8 + 1); // header, a row per run, and the last line's end
    QCOMPARE(lines.first() + '\n', ExplorationExport::csvHeader());
    QVERIFY(lines.last().isEmpty());
    const SeedOutcome &first = result.policies.at(0).outcomes.at(0);
    QCOMPARE(lines.at(1),
        QByteArray("\"'=HYPERLINK(\"\"http://x\"\")\",11,"
            + QByteArray::number(first.availability, 'g', QLocale::FloatingPointShortest) + ','
            + QByteArray::number(first.restarts) + ','
            + QByteArray::number(first.restartsPerHour, 'g', QLocale::FloatingPointShortest) + ','
            + QByteArray::number(first.failures) + ',' + (first.gaveUp() ? "true," : "false,")
            + (first.gaveUp() ? QByteArray::number(*first.gaveUpAtUs) : QByteArray()) + ','
            + QByteArray::number(first.longestOutageUs) + ',' + QByteArray::number(first.recoveryTimesUs.size())
            + ",0,0,0,0")); // no dependencies, no nested supervisors in this workload
    QVERIFY(lines.at(5).startsWith("\"backoff, \"\"jittered\"\"\",11,"));
    QCOMPARE(lines.at(1).count(','), lines.first().count(','));

    QBuffer json;
    QVERIFY(json.open(QIODevice::WriteOnly));
    QVERIFY(ExplorationExport::writeJson(result, json));
    QJsonParseError parseError;
    const QJsonObject object = QJsonDocument::fromJson(json.data(), &parseError).object();
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    QCOMPARE(object.value(u"spec"_s).toObject(), spec.toJson());
    const QJsonArray policies = object.value(u"policies"_s).toArray();
    QCOMPARE(policies.size(), 2);
    for (qsizetype p = 0; p < 2; ++p) {
        const QJsonObject policy = policies.at(p).toObject();
        const ExplorationResult::Policy &expected = result.policies.at(p);
        QCOMPARE(policy.value(u"name"_s).toString(), expected.name);
        QCOMPARE(policy.value(u"config"_s).toObject().value(u"jitter"_s).toString(), p == 0 ? u"none"_s : u"full"_s);
        QCOMPARE(policy.value(u"config"_s).toObject().value(u"duration"_s).toInteger(), 120'000);
        QVERIFY(!policy.value(u"config"_s).toObject().contains(u"seed"_s));
        const QJsonObject summary = policy.value(u"summary"_s).toObject();
        QCOMPARE(summary.value(u"seeds"_s).toInt(), 4);
        QCOMPARE(summary.value(u"availability_mean"_s).toDouble(), expected.summary.availabilityMean);
        QCOMPARE(summary.value(u"recoveries"_s).toInteger(), expected.summary.recoveries);
        QCOMPARE(summary.value(u"recovery_p99_us"_s).toInteger(), *expected.summary.recoveryP99Us);
        const QJsonArray seeds = policy.value(u"seeds"_s).toArray();
        QCOMPARE(seeds.size(), 4);
        for (qsizetype s = 0; s < 4; ++s) {
            const QJsonObject seed = seeds.at(s).toObject();
            const SeedOutcome &outcome = expected.outcomes.at(s);
            QCOMPARE(seed.value(u"seed"_s).toInteger(), qint64(outcome.seed));
            QCOMPARE(seed.value(u"availability"_s).toDouble(), outcome.availability);
            QCOMPARE(seed.value(u"gave_up"_s).toBool(), outcome.gaveUp());
            QCOMPARE(seed.value(u"gave_up_at_us"_s).isNull(), !outcome.gaveUp());
            const QJsonArray recoveries = seed.value(u"recovery_times_us"_s).toArray();
            QCOMPARE(recoveries.size(), outcome.recoveryTimesUs.size());
            for (qsizetype r = 0; r < recoveries.size(); ++r)
                QCOMPARE(recoveries.at(r).toInteger(), outcome.recoveryTimesUs.at(r));
        }
    }

    // Saved atomically: a directory that is not there gets nothing, and the error names the file.
    QTemporaryDir dir;
    QString error;
    const QString path = dir.filePath(u"results.json"_s);
    QVERIFY(ExplorationExport::save(result, path, &error));
    QCOMPARE(fileContents(path), json.data());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList { u"results.json"_s });
    const QString missing = dir.filePath(u"none/results.csv"_s);
    QVERIFY(!ExplorationExport::save(result, missing, &error));
    QVERIFY2(error.startsWith(missing + u": "_s), qPrintable(error));
    QVERIFY(!ExplorationExport::save(result, dir.filePath(u"results.txt"_s), &error));
    QVERIFY(error.contains(u".csv or .json"_s));
}

// The figures a person reads in the explorer and the headless report follow the locale; the exported files, which
// are read back by programs, are the same bytes in any locale.
void TestExploration::figuresFollowTheLocaleAndExportsDoNot()
{
    const ExplorationResult result = explore(mixedSpec(2), 2);
    const QByteArray csv = exported(result, ExplorationFormat::Csv);
    const QByteArray json = exported(result, ExplorationFormat::Json);
    QVERIFY(csv.contains('.')); // decimal points, which a localized export would write as commas
    const DefaultLocale german(QLocale(QLocale::German));
    QCOMPARE(exported(result, ExplorationFormat::Csv), csv);
    QCOMPARE(exported(result, ExplorationFormat::Json), json);
    QCOMPARE(result.spec.toJson(), mixedSpec(2).toJson());

    QCOMPARE(ExplorationFigures::duration(1'900'000), u"1,9 s"_s);
    QCOMPARE(ExplorationFigures::duration(2'500), u"2,5 ms"_s);
    QCOMPARE(ExplorationFigures::duration(520'000), u"520 ms"_s);
    QCOMPARE(ExplorationFigures::duration(150LL * 60 * kSecond), u"2,5 h"_s);
    QCOMPARE(ExplorationFigures::percent(0.973), u"97,3 %"_s);
    QCOMPARE(ExplorationFigures::percent(0.99981), u"99,98 %"_s);
    QCOMPARE(ExplorationFigures::percent(1.0), u"100 %"_s);
    QCOMPARE(ExplorationFigures::perHour(12.46), u"12,5 per hour"_s);
    QCOMPARE(ExplorationFigures::perHour(8998.3), u"8998 per hour"_s); // no group separator
    QCOMPARE(ExplorationFigures::duration(1'900'000, QLocale::c()), u"1.9 s"_s);
    QCOMPARE(ExplorationFigures::percent(0.973, QLocale::c()), u"97.3 %"_s);
}

QTEST_GUILESS_MAIN(TestExploration)
#include "tst_exploration.moc"
