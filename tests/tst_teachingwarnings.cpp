#include "io/scenariocatalog.h"
#include "logscript.h"
#include "policyrun.h"
#include "runtime/virtualruntime.h"
#include "teaching/teachingwarnings.h"
#include "testsettings.h"

#include <QJsonDocument>
#include <QTest>

#include <map>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

using Kind = TeachingWarning::Kind;

namespace {

constexpr qint64 kMs = 1000;
constexpr qint64 kSecond = 1000 * kMs;

// A hand-made run fed to TeachingWarnings event by event, so that a test can look at the warnings in between.
class Run
{
public:
    explicit Run(const QStringList &settings = {})
        : m_script(settings)
    {
        feed();
    }

    // A worker fails (its start unknown, so it never looks short-lived) and the supervisor decides to restart it,
    // or workers 0 to members - 1 together.
    void decide(qint64 tUs, int worker = 0, int members = 1)
    {
        m_script.end(tUs, EventKind::WorkerFailed, worker, ++m_incarnation[worker], u"error"_s);
        for (int member = 0; member < members; ++member)
            m_script.schedule(tUs, members == 1 ? worker : member, 0, 1);
        // A group starts again before any member can fail again: until then its failures answer nothing new.
        for (int member = 0; members > 1 && member < members; ++member)
            m_script.start(tUs, member, m_incarnation[member] + 1);
        feed();
    }
    // One incarnation of `worker` that runs from startUs and fails at failUs.
    void runAndFail(int worker, qint64 startUs, qint64 failUs)
    {
        const quint32 incarnation = ++m_incarnation[worker];
        m_script.start(startUs, worker, incarnation);
        m_script.end(failUs, EventKind::WorkerFailed, worker, incarnation, u"error"_s);
        feed();
    }
    void add(qint64 tUs, const LifecycleEvent &event)
    {
        m_script.add(tUs, event);
        feed();
    }
    void advanceTo(qint64 tUs) { warnings.advanceTo(tUs); }

    const TeachingWarning *find(Kind kind, int worker = -1) const
    {
        m_active = warnings.active();
        for (const TeachingWarning &warning : m_active) {
            if (warning.kind == kind && warning.worker == worker)
                return &warning;
        }
        return nullptr;
    }
    bool shows(Kind kind, int worker = -1) const { return find(kind, worker) != nullptr; }

    TeachingWarnings warnings;

private:
    void feed()
    {
        for (; m_fed < m_script.log.size(); ++m_fed)
            warnings.observe(m_script.log.at(m_fed));
    }

    LogScript m_script;
    qsizetype m_fed = 0;
    std::map<int, quint32> m_incarnation;
    mutable QList<TeachingWarning> m_active;
};

QList<Kind> kindsOf(const QList<TeachingWarning> &warnings)
{
    QList<Kind> kinds;
    for (const TeachingWarning &warning : warnings)
        kinds << warning.kind;
    return kinds;
}

bool showsStorm(const TeachingWarnings &warnings)
{
    return kindsOf(warnings.active()).contains(Kind::RestartStorm);
}

SupervisorConfig scenarioConfig(const QString &name, quint64 seed)
{
    SupervisorConfig config;
    config.applyJson(ScenarioCatalog::find(name)->config);
    config.seed = seed;
    config.virtualTime = true;
    return config;
}

// Runs `runtime` step by step as the window would see it: the new events, then the engine's time.
template<typename OnStep> void runWatched(VirtualRuntime &runtime, TeachingWarnings &warnings, OnStep onStep)
{
    qsizetype fed = 0;
    for (bool more = true; more;) {
        more = runtime.step(); // false after the step that ends the run: its events still count
        const EventLog &log = *runtime.log();
        for (; fed < log.size(); ++fed) {
            warnings.observe(log.at(fed));
            onStep(log.at(fed));
        }
        warnings.advanceTo(runtime.nowUs());
    }
}

} // namespace

class TestTeachingWarnings : public QObject
{
    Q_OBJECT

private slots:
    void aStormStartsAtTheTenthRestartWithinASecond();
    void aStormRestartTooLateDoesNotCount();
    void aStormDoesNotFlickerAroundItsThreshold();
    void aStormEndsWithTimeAlone();
    void aGroupRestartCountsOnce();
    void intensityWarnsWhenTheLimitIsReached_data();
    void intensityWarnsWhenTheLimitIsReached();
    void intensityWaitsHalfASecondBelowTheLimit();
    void everyWarningStaysAtLeastASecond();
    void intensityEndsWhenTheSupervisorIsDone_data();
    void intensityEndsWhenTheSupervisorIsDone();
    void intensityFollowsConfigChanges();
    void inATreeEachSupervisorCountsItsOwnRestarts();
    void intensityCountsAsTheEngineDoes_data();
    void intensityCountsAsTheEngineDoes();
    void flappingNeedsQuickFailuresOfOneWorker_data();
    void flappingNeedsQuickFailuresOfOneWorker();
    void flappingLastsAtLeastTwoSeconds();
    void warningsComeInAStableOrder();
    void theRevisionChangesExactlyWithWhatIsShown();
    void aNewRunStartsOver();
    void theRestartStormScenarioStorms();
    void theSeedScenarioNeverStorms_data();
    void theSeedScenarioNeverStorms();
};

void TestTeachingWarnings::aStormStartsAtTheTenthRestartWithinASecond()
{
    Run run;
    for (int i = 0; i < 9; ++i)
        run.decide(i * 100 * kMs);
    QVERIFY(!run.shows(Kind::RestartStorm));
    run.decide(900 * kMs);
    const TeachingWarning *storm = run.find(Kind::RestartStorm);
    QVERIFY(storm);
    QCOMPARE(storm->sinceUs, 900 * kMs);
    QCOMPARE(storm->text,
        u"Restart storm: 10 restarts decided in the last second. A restart delay or backoff would slow it down."_s);
    run.decide(950 * kMs);
    QCOMPARE(run.find(Kind::RestartStorm)->text,
        u"Restart storm: 11 restarts decided in the last second. A restart delay or backoff would slow it down."_s);
}

void TestTeachingWarnings::aStormRestartTooLateDoesNotCount()
{
    // Ten decisions, the tenth exactly 1 s after the first: as in the engine's window, the first is out. Also
    // when a longer intensity window keeps the first decision in memory.
    for (const QStringList &settings : { QStringList {}, QStringList { u"max_restarts=100"_s, u"within=5000"_s } }) {
        Run run(settings);
        for (int i = 0; i < 10; ++i)
            run.decide(i * kSecond / 9);
        QVERIFY2(!run.shows(Kind::RestartStorm), qPrintable(settings.join(u' ')));
    }
}

void TestTeachingWarnings::aStormDoesNotFlickerAroundItsThreshold()
{
    // Restarts per second, second by second: alternating 12 and 7 (below the enter level, never calm), then 3.
    const QList<int> rates { 12, 7, 12, 7, 12, 7, 3, 3, 3, 3, 3 };
    const qint64 calmFromUs = 6 * kSecond;
    QList<qint64> decisionsUs;
    for (int second = 0; second < rates.size(); ++second) {
        for (int i = 0; i < rates[second]; ++i)
            decisionsUs << second * kSecond + i * kSecond / rates[second];
    }
    Run run;
    qsizetype next = 0;
    for (qint64 t = 0; t < rates.size() * kSecond; t += 10 * kMs) {
        while (next < decisionsUs.size() && decisionsUs[next] < t + 10 * kMs)
            run.decide(decisionsUs[next++]);
        run.advanceTo(t + 10 * kMs - 1);
        const bool storm = run.shows(Kind::RestartStorm);
        if (t >= decisionsUs[9] && t < calmFromUs + kSecond)
            QVERIFY2(storm, qPrintable(u"off at %1 ms"_s.arg(t / kMs)));
        if (t >= calmFromUs + 2 * kSecond)
            QVERIFY2(!storm, qPrintable(u"on at %1 ms"_s.arg(t / kMs)));
    }
}

void TestTeachingWarnings::aStormEndsWithTimeAlone()
{
    Run run;
    for (int i = 0; i < 10; ++i)
        run.decide(i * 100 * kMs);
    QVERIFY(run.shows(Kind::RestartStorm));
    // Five decisions within 1 s last until 500 ms + 1 s; then the rate must stay below 5 for a full second.
    run.advanceTo(2500 * kMs - 1);
    QVERIFY(run.shows(Kind::RestartStorm));
    const quint64 revision = run.warnings.revision();
    run.advanceTo(2500 * kMs);
    QVERIFY(!run.shows(Kind::RestartStorm));
    QVERIFY(run.warnings.revision() != revision);
}

void TestTeachingWarnings::aGroupRestartCountsOnce()
{
    Run run({ u"workers=4"_s, u"strategy=one-for-all"_s, u"max_restarts=3"_s, u"within=5000"_s });
    for (int i = 0; i < 2; ++i)
        run.decide(i * 100 * kMs, i % 4, 4);
    QVERIFY(!run.shows(Kind::IntensityNearLimit)); // 8 restart_scheduled events, but 2 decisions
    run.decide(200 * kMs, 2, 4);
    QCOMPARE(run.find(Kind::IntensityNearLimit)->text,
        u"Restart intensity: 3 of 3 restart(s) used in the last 5 s; one more and the supervisor gives up."_s);

    Run storm({ u"workers=4"_s, u"strategy=one-for-all"_s });
    for (int i = 0; i < 9; ++i)
        storm.decide(i * 100 * kMs, i % 4, 4);
    QVERIFY(!storm.shows(Kind::RestartStorm));
    storm.decide(900 * kMs, 1, 4);
    QVERIFY(storm.shows(Kind::RestartStorm));
}

void TestTeachingWarnings::intensityWarnsWhenTheLimitIsReached_data()
{
    QTest::addColumn<QString>("maxRestarts");
    QTest::addColumn<qint64>("withinMs");
    QTest::addColumn<qint64>("spacingMs");
    QTest::addColumn<int>("warnsAt"); // the decision (0-based) that reaches the limit, -1: none does

    QTest::newRow("R=1") << u"1"_s << qint64(1000) << qint64(300) << 0;
    QTest::newRow("R=3 within 5 s") << u"3"_s << qint64(5000) << qint64(1000) << 2;
    QTest::newRow("R=5 within 2 s") << u"5"_s << qint64(2000) << qint64(300) << 4;
    QTest::newRow("R=3 within 1 s, every 400 ms") << u"3"_s << qint64(1000) << qint64(400) << 2;
    QTest::newRow("R=3 within 1 s, every 499 ms") << u"3"_s << qint64(1000) << qint64(499) << 2;
    QTest::newRow("R=3 within 1 s, every 500 ms") << u"3"_s << qint64(1000) << qint64(500) << -1;
    QTest::newRow("R=3 within 500 ms, every 250 ms") << u"3"_s << qint64(500) << qint64(250) << -1;
    QTest::newRow("R=0") << u"0"_s << qint64(5000) << qint64(10) << -1;
    QTest::newRow("unlimited") << u"unlimited"_s << qint64(5000) << qint64(10) << -1;
}

void TestTeachingWarnings::intensityWarnsWhenTheLimitIsReached()
{
    QFETCH(QString, maxRestarts);
    QFETCH(qint64, withinMs);
    QFETCH(qint64, spacingMs);
    QFETCH(int, warnsAt);
    Run run({ u"max_restarts="_s + maxRestarts, u"within=%1"_s.arg(withinMs) });
    for (int i = 0; i < 8; ++i) {
        run.decide(i * spacingMs * kMs);
        const TeachingWarning *warning = run.find(Kind::IntensityNearLimit);
        if (warnsAt < 0 || i < warnsAt) {
            QVERIFY2(!warning, qPrintable(u"warns at decision %1"_s.arg(i)));
        } else if (i == warnsAt) {
            QVERIFY2(warning, qPrintable(u"no warning at decision %1"_s.arg(i)));
            QCOMPARE(warning->sinceUs, i * spacingMs * kMs);
            QVERIFY2(warning->text.startsWith(u"Restart intensity: %1 of %1 restart"_s.arg(maxRestarts)),
                qPrintable(warning->text));
        }
    }
}

void TestTeachingWarnings::intensityWaitsHalfASecondBelowTheLimit()
{
    Run run({ u"max_restarts=3"_s, u"within=1000"_s });
    run.decide(0);
    run.decide(100 * kMs);
    run.decide(200 * kMs);
    QVERIFY(run.shows(Kind::IntensityNearLimit));
    // The decision at 0 leaves the window at 1 s; the warning goes 500 ms later.
    run.advanceTo(1500 * kMs - 1);
    QVERIFY(run.shows(Kind::IntensityNearLimit));
    run.advanceTo(1500 * kMs);
    QVERIFY(!run.shows(Kind::IntensityNearLimit));
}

void TestTeachingWarnings::everyWarningStaysAtLeastASecond()
{
    // The limit is reached at 999 ms and the count falls below it at 1 s: without the hold, gone at 1.5 s.
    Run run({ u"max_restarts=3"_s, u"within=1000"_s });
    run.decide(0);
    run.decide(998 * kMs);
    run.decide(999 * kMs);
    QCOMPARE(run.find(Kind::IntensityNearLimit)->sinceUs, 999 * kMs);
    run.advanceTo(1999 * kMs - 1);
    QVERIFY(run.shows(Kind::IntensityNearLimit));
    QCOMPARE(run.find(Kind::IntensityNearLimit)->text,
        u"Restart intensity: 3 of 3 restart(s) used in the last 1 s; one more and the supervisor gives up."_s);
    run.advanceTo(1999 * kMs);
    QVERIFY(!run.shows(Kind::IntensityNearLimit));
}

void TestTeachingWarnings::intensityEndsWhenTheSupervisorIsDone_data()
{
    QTest::addColumn<EventKind>("kind");
    QTest::newRow("gave up") << EventKind::SupervisorGaveUp;
    QTest::newRow("stopping") << EventKind::SupervisorStopping;
}

void TestTeachingWarnings::intensityEndsWhenTheSupervisorIsDone()
{
    QFETCH(EventKind, kind);
    Run run({ u"max_restarts=3"_s, u"within=5000"_s });
    for (int i = 0; i < 3; ++i)
        run.decide(i * kMs);
    QVERIFY(run.shows(Kind::IntensityNearLimit));
    run.add(3 * kMs, LifecycleEvent::supervisor(kind, u"restart intensity exceeded"_s));
    QVERIFY(!run.shows(Kind::IntensityNearLimit)); // at once, despite the minimum hold
}

void TestTeachingWarnings::inATreeEachSupervisorCountsItsOwnRestarts()
{
    // app (at most 1 restart) > pool (at most 2) > conn-1, conn-2; pool's restarts are its own, not app's.
    PolicyRun run(QJsonDocument::fromJson(R"({"delay": 100, "tree": {"name": "app", "max_restarts": 1,
        "within": 60000, "children": [{"name": "pool", "max_restarts": 2, "within": 60000,
        "children": [{"name": "conn", "count": 2}]}]}})")
                      .object());
    TeachingWarnings warnings;
    qsizetype fed = 0;
    const auto feed = [&] {
        for (; fed < run.events().size(); ++fed)
            warnings.observe(run.events().at(fed));
    };
    run.start(0);
    run.fail(0, 100);
    run.fireRestarts(200);
    feed();
    QVERIFY(warnings.active().isEmpty()); // app's limit is 1, but pool decided that restart
    run.fail(1, 300);
    feed();
    QCOMPARE(warnings.active().size(), 1);
    QCOMPARE(warnings.active().first().text,
        u"Restart intensity of pool: 2 of 2 restart(s) used in the last 60 s; one more and pool gives up."_s);
    run.fireRestarts(400);
    run.fail(0, 500); // pool gives up; app restarts it: its first restart, at its limit of 1
    feed();
    warnings.advanceTo(2000 * kMs);
    QCOMPARE(warnings.active().size(), 1);
    QCOMPARE(warnings.active().first().text,
        u"Restart intensity of app: 1 of 1 restart(s) used in the last 60 s; one more and app gives up."_s);
}

void TestTeachingWarnings::intensityFollowsConfigChanges()
{
    Run run({ u"max_restarts=unlimited"_s, u"within=5000"_s });
    for (int i = 0; i < 3; ++i)
        run.decide(i * 100 * kMs);
    QVERIFY(!run.shows(Kind::IntensityNearLimit));
    run.add(300 * kMs, LifecycleEvent::configChanged(u"max_restarts"_s, u"3"_s));
    QCOMPARE(run.find(Kind::IntensityNearLimit)->sinceUs, 300 * kMs);

    // A higher limit ends the condition now: the warning goes after the hold and half a second below the limit.
    run.add(1400 * kMs, LifecycleEvent::configChanged(u"max_restarts"_s, u"4"_s));
    run.advanceTo(1900 * kMs - 1);
    QVERIFY(run.shows(Kind::IntensityNearLimit));
    run.advanceTo(1900 * kMs);
    QVERIFY(!run.shows(Kind::IntensityNearLimit));

    run.add(2000 * kMs, LifecycleEvent::configChanged(u"max_restarts"_s, u"2"_s));
    QCOMPARE(run.find(Kind::IntensityNearLimit)->text,
        u"Restart intensity: 3 of 2 restart(s) used in the last 5 s; one more and the supervisor gives up."_s);
    // A shorter window: the three decisions fall out of it.
    run.add(2100 * kMs, LifecycleEvent::configChanged(u"within"_s, u"200"_s));
    run.advanceTo(3000 * kMs - 1);
    QVERIFY(run.shows(Kind::IntensityNearLimit)); // the hold
    run.advanceTo(3000 * kMs);
    QVERIFY(!run.shows(Kind::IntensityNearLimit));

    run.add(3000 * kMs, LifecycleEvent::configChanged(u"within"_s, u"5000"_s));
    run.decide(3100 * kMs);
    run.decide(3200 * kMs);
    QVERIFY(run.shows(Kind::IntensityNearLimit));
    run.add(3300 * kMs, LifecycleEvent::configChanged(u"max_restarts"_s, u"unlimited"_s));
    QVERIFY(!run.shows(Kind::IntensityNearLimit)); // moot: at once
}

void TestTeachingWarnings::intensityCountsAsTheEngineDoes_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::newRow("one-for-one") << u"one-for-one"_s;
    QTest::newRow("one-for-all") << u"one-for-all"_s;
    QTest::newRow("rest-for-one") << u"rest-for-one"_s;
}

void TestTeachingWarnings::intensityCountsAsTheEngineDoes()
{
    // Workers that fail at once: the warning is on exactly while the engine counts R restarts in its window, so
    // it is on when the next decision makes the engine give up.
    QFETCH(QString, strategy);
    VirtualRuntime runtime(withSettings(SupervisorConfig(),
        { u"virtual_time=true"_s, u"workers=3"_s, u"strategy="_s + strategy, u"failure_rate=1"_s, u"work_min=0"_s,
            u"work_max=2"_s, u"delay=100"_s, u"max_restarts=3"_s, u"within=60000"_s, u"duration=60000"_s,
            u"seed=4"_s }));
    TeachingWarnings warnings;
    bool warned = false;
    bool onAtGiveUp = false;
    qsizetype fed = 0;
    for (bool more = true; more;) {
        more = runtime.step();
        const EventLog &log = *runtime.log();
        for (; fed < log.size(); ++fed) {
            if (log.kindAt(fed) == EventKind::SupervisorGaveUp)
                onAtGiveUp = kindsOf(warnings.active()).contains(Kind::IntensityNearLimit);
            warnings.observe(log.at(fed));
        }
        warnings.advanceTo(runtime.nowUs());
        if (runtime.policy().gaveUp())
            continue;
        const bool on = kindsOf(warnings.active()).contains(Kind::IntensityNearLimit);
        QCOMPARE(on, runtime.policy().restartsWithin(runtime.nowUs()) >= 3);
        warned = warned || on;
    }
    QVERIFY(runtime.policy().gaveUp());
    QVERIFY(warned);
    QVERIFY(onAtGiveUp);
    QVERIFY(warnings.active().isEmpty());
}

void TestTeachingWarnings::flappingNeedsQuickFailuresOfOneWorker_data()
{
    // Each run: worker, start and failure in ms.
    QTest::addColumn<QList<QList<qint64>>>("runs");
    QTest::addColumn<QList<int>>("flapping");

    QTest::newRow("one worker, quick failures")
        << QList<QList<qint64>> { { 1, 0, 900 }, { 1, 1000, 1100 }, { 1, 1200, 2199 } } << QList<int> { 1 };
    QTest::newRow("spread over workers") << QList<QList<qint64>> { { 0, 0, 100 }, { 1, 200, 300 }, { 2, 400, 500 },
        { 0, 600, 700 }, { 1, 800, 900 } }
                                         << QList<int> {};
    QTest::newRow("after long runs") << QList<QList<qint64>> { { 1, 0, 1000 }, { 1, 1000, 2000 }, { 1, 2000, 3500 },
        { 1, 3500, 4500 } } << QList<int> {};
    QTest::newRow("one long among them") << QList<QList<qint64>> { { 1, 0, 100 }, { 1, 200, 1200 }, { 1, 1300, 1400 } }
                                         << QList<int> {};
    QTest::newRow("more than 10 s apart")
        << QList<QList<qint64>> { { 1, 0, 100 }, { 1, 5000, 5100 }, { 1, 10000, 10100 } } << QList<int> {};
    QTest::newRow("just within 10 s") << QList<QList<qint64>> { { 1, 0, 100 }, { 1, 5000, 5100 }, { 1, 10000, 10099 } }
                                      << QList<int> { 1 };
    QTest::newRow("two workers") << QList<QList<qint64>> { { 3, 0, 10 }, { 0, 10, 20 }, { 3, 20, 30 }, { 0, 30, 40 },
        { 3, 40, 50 }, { 0, 50, 60 } }
                                 << QList<int> { 0, 3 };
}

void TestTeachingWarnings::flappingNeedsQuickFailuresOfOneWorker()
{
    QFETCH(QList<QList<qint64>>, runs);
    QFETCH(QList<int>, flapping);
    Run run({ u"workers=4"_s });
    for (const QList<qint64> &incarnation : runs)
        run.runAndFail(int(incarnation[0]), incarnation[1] * kMs, incarnation[2] * kMs);
    QList<int> workers;
    for (const TeachingWarning &warning : run.warnings.active()) {
        QCOMPARE(warning.kind, Kind::Flapping);
        workers << warning.worker;
    }
    QCOMPARE(workers, flapping);
}

void TestTeachingWarnings::flappingLastsAtLeastTwoSeconds()
{
    Run run({ u"workers=4"_s });
    run.runAndFail(2, 0, 500 * kMs);
    run.runAndFail(2, 8900 * kMs, 9000 * kMs);
    run.runAndFail(2, 9500 * kMs, 10000 * kMs);
    const TeachingWarning *warning = run.find(Kind::Flapping, 2);
    QVERIFY(warning);
    QCOMPARE(warning->sinceUs, 10000 * kMs);
    const QString text = warning->text; // find() replaces what `warning` points into
    QCOMPARE(text, u"Worker 2 is flapping: 3 failures in 10 s, each within 1 s of starting."_s);
    // The failure at 0.5 s leaves the window at 10.5 s; the warning stays until 2 s after it came.
    run.advanceTo(12000 * kMs - 1);
    QVERIFY(run.shows(Kind::Flapping, 2));
    QCOMPARE(run.find(Kind::Flapping, 2)->text, text);
    run.advanceTo(12000 * kMs);
    QVERIFY(!run.shows(Kind::Flapping, 2));

    Run single;
    for (int i = 0; i < 4; ++i)
        single.runAndFail(0, i * kSecond, i * kSecond + 10 * kMs);
    QCOMPARE(single.find(Kind::Flapping, 0)->text,
        u"The worker is flapping: 4 failures in 10 s, each within 1 s of starting."_s);
    // Leaves once the window no longer holds three: the second failure of four leaves it at 11.01 s.
    single.advanceTo(11010 * kMs - 1);
    QVERIFY(single.shows(Kind::Flapping, 0));
    single.advanceTo(11010 * kMs);
    QVERIFY(!single.shows(Kind::Flapping, 0));
}

void TestTeachingWarnings::warningsComeInAStableOrder()
{
    Run run({ u"workers=4"_s, u"max_restarts=30"_s, u"within=5000"_s });
    qint64 t = 0;
    for (const int worker : { 3, 1 }) {
        for (int i = 0; i < 3; ++i, t += 10 * kMs)
            run.runAndFail(worker, t, t + 5 * kMs);
    }
    for (int i = 0; i < 30; ++i)
        run.decide(100 * kMs + i * 10 * kMs);
    const QList<TeachingWarning> warnings = run.warnings.active();
    QCOMPARE(kindsOf(warnings),
        (QList<Kind> { Kind::RestartStorm, Kind::IntensityNearLimit, Kind::Flapping, Kind::Flapping }));
    QCOMPARE(warnings[0].worker, -1);
    QCOMPARE(warnings[1].worker, -1);
    QCOMPARE(warnings[2].worker, 1);
    QCOMPARE(warnings[3].worker, 3);
}

void TestTeachingWarnings::theRevisionChangesExactlyWithWhatIsShown()
{
    Run run;
    quint64 revision = run.warnings.revision();
    for (int i = 0; i < 9; ++i)
        run.decide(i * 10 * kMs);
    run.advanceTo(95 * kMs);
    QCOMPARE(run.warnings.revision(), revision);
    run.decide(100 * kMs); // the storm begins
    QVERIFY(run.warnings.revision() != revision);
    revision = run.warnings.revision();
    run.add(100 * kMs, workerEvent(100 * kMs, EventKind::WorkerStarted, 0, 11));
    run.advanceTo(150 * kMs);
    QCOMPARE(run.warnings.revision(), revision);
    run.decide(200 * kMs); // 11 restarts now
    QVERIFY(run.warnings.revision() != revision);
    revision = run.warnings.revision();
    run.advanceTo(5 * kSecond); // over
    QVERIFY(run.warnings.revision() != revision);
    revision = run.warnings.revision();
    run.advanceTo(6 * kSecond);
    QCOMPARE(run.warnings.revision(), revision);
}

void TestTeachingWarnings::aNewRunStartsOver()
{
    const QStringList settings { u"max_restarts=3"_s };
    Run run(settings);
    for (int i = 0; i < 10; ++i)
        run.decide(i * 10 * kMs);
    QCOMPARE(run.warnings.active().size(), 2);
    const quint64 revision = run.warnings.revision();
    run.add(
        200 * kMs, LifecycleEvent::runStarted({ u"test"_s, 2, withSettings(SupervisorConfig(), settings).toJson() }));
    QVERIFY(run.warnings.active().isEmpty());
    QVERIFY(run.warnings.revision() != revision);
    run.decide(300 * kMs); // with the old run's decisions, 11 of 3
    QVERIFY(run.warnings.active().isEmpty());
}

void TestTeachingWarnings::theRestartStormScenarioStorms()
{
    VirtualRuntime runtime(scenarioConfig(u"restart-storm"_s, 1));
    TeachingWarnings warnings;
    qint64 stormFromUs = -1;
    bool stayedOn = true;
    bool stopped = false;
    runWatched(runtime, warnings, [&](const LifecycleEvent &event) {
        stopped = stopped || event.kind == EventKind::SupervisorStopping;
        const bool storm = showsStorm(warnings);
        if (storm && stormFromUs < 0)
            stormFromUs = event.tUs;
        if (stormFromUs >= 0 && !stopped && !storm)
            stayedOn = false;
    });
    QVERIFY(stormFromUs >= 0);
    QVERIFY2(stormFromUs < 100 * kMs, qPrintable(QString::number(stormFromUs)));
    QVERIFY(stayedOn);
    QVERIFY(warnings.active().isEmpty()); // the supervisor has stopped
}

void TestTeachingWarnings::theSeedScenarioNeverStorms_data()
{
    QTest::addColumn<quint64>("seed");
    for (const quint64 seed : { 1, 2, 3, 4, 5 })
        QTest::addRow("seed %llu", seed) << seed;
}

void TestTeachingWarnings::theSeedScenarioNeverStorms()
{
    QFETCH(quint64, seed);
    VirtualRuntime runtime(scenarioConfig(u"seed"_s, seed));
    TeachingWarnings warnings;
    bool stormed = false;
    runWatched(runtime, warnings, [&](const LifecycleEvent &) { stormed = stormed || showsStorm(warnings); });
    QVERIFY(runtime.log()->count(EventKind::RestartScheduled) > 0);
    QVERIFY(!stormed);
}

QTEST_GUILESS_MAIN(TestTeachingWarnings)
#include "tst_teachingwarnings.moc"
