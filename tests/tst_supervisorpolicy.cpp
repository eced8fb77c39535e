#include "policy/supervisorpolicy.h"
#include "testsettings.h"
#include "world/seededdraws.h"

#include <QHash>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

QString describe(const Decision &decision)
{
    if (const auto *event = std::get_if<LifecycleEvent>(&decision)) {
        QString text = eventName(event->kind);
        if (event->has(FieldWorker))
            text += u' ' + QString::number(event->worker);
        if (event->has(FieldIncarnation))
            text += u'#' + QString::number(event->incarnation);
        if (event->kind == EventKind::RestartScheduled)
            text += u" delay=%1 attempt=%2"_s.arg(event->delayMs).arg(event->attempt);
        if (event->kind == EventKind::ConfigChanged)
            text += u' ' + event->key + u'=' + event->value;
        if (event->has(FieldReason) && event->kind != EventKind::SupervisorGaveUp)
            text += u' ' + event->reason;
        return text;
    }
    if (const auto *start = std::get_if<StartChild>(&decision))
        return u"start %1#%2"_s.arg(start->worker).arg(start->incarnation);
    if (const auto *stop = std::get_if<StopChild>(&decision))
        return u"stop %1#%2 %3"_s.arg(stop->worker).arg(stop->incarnation).arg(stop->event().reason);
    if (const auto *kill = std::get_if<KillChild>(&decision))
        return u"kill %1#%2"_s.arg(kill->worker).arg(kill->incarnation);
    if (const auto *arm = std::get_if<ArmTimer>(&decision)) {
        return u"arm %1 %2 +%3ms"_s.arg(arm->timer.kind == TimerKind::Restart ? u"restart"_s : u"clean-run"_s)
            .arg(arm->timer.worker)
            .arg(arm->delayUs / 1000);
    }
    return u"over"_s;
}

// Feeds a policy a script of inputs, one per line: "<what> [worker#incarnation | worker | key=value] @<ms>",
// with what one of start, complete, fail, stopped, hang, abandon, timer, clean, stop, set. Timers fire with
// the latest token the policy armed for that worker. Returns one line per step: its decisions, described and
// joined by "; " (empty when the step decided nothing), so a test also sees *when* each decision was taken.
class PolicyScript
{
public:
    explicit PolicyScript(const SupervisorConfig &config)
        : m_policy(config, SeededDraws(config.seed).jitter())
    {
    }

    QStringList run(const QStringList &script)
    {
        QStringList steps;
        for (const QString &line : script) {
            QStringList described;
            const QStringList words = line.split(u' ', Qt::SkipEmptyParts);
            const qint64 nowUs = words.last().mid(1).toLongLong() * 1000;
            const QString what = words.first();
            const QStringList target = words.size() > 2 ? words.at(1).split(u'#') : QStringList();
            const int worker = target.value(0).toInt();
            const quint32 incarnation = target.value(1).toUInt();
            Decisions decisions;
            if (what == u"start")
                decisions = m_policy.start(nowUs);
            else if (what == u"complete")
                decisions = m_policy.childExited({ worker, incarnation, ExitKind::Completed, nowUs });
            else if (what == u"fail")
                decisions = m_policy.childExited({ worker, incarnation, ExitKind::Failed, nowUs });
            else if (what == u"stopped")
                decisions = m_policy.childExited({ worker, incarnation, ExitKind::Stopped, nowUs });
            else if (what == u"hang")
                decisions = m_policy.heartbeatMissed(worker, incarnation, nowUs);
            else if (what == u"abandon")
                decisions = m_policy.shutdownDeadlinePassed(worker, incarnation, nowUs);
            else if (what == u"timer")
                decisions = m_policy.timerFired({ TimerKind::Restart, worker, m_restartTokens.value(worker) }, nowUs);
            else if (what == u"clean")
                decisions = m_policy.timerFired({ TimerKind::CleanRun, worker, m_cleanTokens.value(worker) }, nowUs);
            else if (what == u"stop")
                decisions = m_policy.stopRequested(nowUs);
            else if (what == u"set") {
                const auto setting = words.at(1).split(u'=');
                QString error;
                decisions = m_policy.changeConfig(setting.at(0), setting.at(1), nowUs, &error);
                if (!error.isEmpty())
                    described << u"error: "_s + error;
            } else {
                qFatal("unknown script step %s", qPrintable(line));
            }
            for (const Decision &decision : decisions) {
                if (const auto *arm = std::get_if<ArmTimer>(&decision))
                    (arm->timer.kind == TimerKind::Restart ? m_restartTokens : m_cleanTokens)[arm->timer.worker]
                        = arm->timer.token;
                described << describe(decision);
            }
            steps << described.join(u"; "_s);
        }
        return steps;
    }

    SupervisorPolicy &policy() { return m_policy; }

private:
    SupervisorPolicy m_policy;
    QHash<int, quint64> m_restartTokens;
    QHash<int, quint64> m_cleanTokens;
};

SupervisorConfig configWith(const QStringList &settings)
{
    return withSettings(SupervisorConfig(), QStringList { u"delay=100"_s } + settings);
}

const QString kStartOne = u"supervisor_started; worker_started 0#1; start 0#1"_s;
const QString kStartThree = u"supervisor_started; worker_started 0#1; start 0#1; worker_started 1#1; start 1#1; "
                            "worker_started 2#1; start 2#1"_s;
const QString kRestartOne = u"restart_scheduled 0 delay=100 attempt=1; arm restart 0 +100ms"_s;

} // namespace

class TestSupervisorPolicy : public QObject
{
    Q_OBJECT

private slots:
    void decisions_data();
    void decisions();
    void intensityGivesUpAfterExactlyRPlusOneStarts_data();
    void intensityGivesUpAfterExactlyRPlusOneStarts();
    void giveUpSaysWhy();
    void aDecisionCarriesTheExitItAnswers();
    void failuresCarryTheirKind();
    void jitteredDelaysRepeatForTheSameSeed();
    void liveChangesAreCheckedAndLogged();
    void queriesFollowTheState();
};

void TestSupervisorPolicy::decisions_data()
{
    QTest::addColumn<QStringList>("settings");
    QTest::addColumn<QStringList>("script");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("permanent: restart after a failure, after the delay")
        << QStringList {} << QStringList { u"start @0"_s, u"fail 0#1 @100"_s, u"timer 0 @200"_s }
        << QStringList { kStartOne, kRestartOne, u"worker_started 0#2; start 0#2"_s };

    QTest::newRow("permanent: restart after a completion too")
        << QStringList {} << QStringList { u"start @0"_s, u"complete 0#1 @100"_s }
        << QStringList { kStartOne, kRestartOne };

    QTest::newRow("transient: a completion ends it for good")
        << QStringList { u"restart=transient"_s } << QStringList { u"start @0"_s, u"complete 0#1 @100"_s }
        << QStringList { kStartOne, QString() };

    QTest::newRow("transient: a failure restarts it")
        << QStringList { u"restart=transient"_s } << QStringList { u"start @0"_s, u"fail 0#1 @100"_s }
        << QStringList { kStartOne, kRestartOne };

    QTest::newRow("temporary: never restarted")
        << QStringList { u"restart=temporary"_s } << QStringList { u"start @0"_s, u"fail 0#1 @100"_s }
        << QStringList { kStartOne, QString() };

    QTest::newRow("stale inputs are ignored")
        << QStringList {}
        << QStringList { u"start @0"_s, u"fail 0#7 @10"_s, u"abandon 0#1 @20"_s, u"timer 0 @30"_s, u"clean 0 @40"_s,
               u"fail 0#1 @50"_s, u"fail 0#1 @60"_s, u"start @70"_s }
        << QStringList { kStartOne, QString(), QString(), QString(), QString(), kRestartOne, QString(), QString() };

    QTest::newRow("one-for-all: siblings stop, the group starts together once all are down")
        << QStringList { u"workers=3"_s, u"strategy=one-for-all"_s }
        << QStringList { u"start @0"_s, u"fail 1#1 @100"_s, u"stopped 0#1 @110"_s, u"timer 0 @200"_s, u"timer 1 @200"_s,
               u"timer 2 @200"_s, u"stopped 2#1 @250"_s }
        << QStringList { kStartThree,
               u"stop 0#1 sibling_failed; stop 2#1 sibling_failed; "
               "restart_scheduled 0 delay=100 attempt=1; arm restart 0 +100ms; "
               "restart_scheduled 1 delay=100 attempt=1; arm restart 1 +100ms; "
               "restart_scheduled 2 delay=100 attempt=1; arm restart 2 +100ms"_s,
               QString(), QString(), QString(), QString(),
               u"worker_started 0#2; start 0#2; worker_started 1#2; start 1#2; worker_started 2#2; start 2#2"_s };

    QTest::newRow("one-for-all: a completion restarts only that worker")
        << QStringList { u"workers=2"_s, u"strategy=one-for-all"_s }
        << QStringList { u"start @0"_s, u"complete 1#1 @100"_s }
        << QStringList { u"supervisor_started; worker_started 0#1; start 0#1; worker_started 1#1; start 1#1"_s,
               u"restart_scheduled 1 delay=100 attempt=1; arm restart 1 +100ms"_s };

    QTest::newRow("rest-for-one: only the later siblings stop")
        << QStringList { u"workers=3"_s, u"strategy=rest-for-one"_s }
        << QStringList { u"start @0"_s, u"fail 1#1 @100"_s }
        << QStringList { kStartThree,
               u"stop 2#1 sibling_failed; restart_scheduled 1 delay=100 attempt=1; "
               "arm restart 1 +100ms; restart_scheduled 2 delay=100 attempt=1; arm restart 2 +100ms"_s };

    QTest::newRow("one-for-all: a temporary sibling is stopped, not restarted")
        << QStringList { u"workers=2"_s, u"strategy=one-for-all"_s, u"restart=permanent,temporary"_s }
        << QStringList { u"start @0"_s, u"fail 0#1 @100"_s, u"stopped 1#1 @120"_s, u"timer 0 @200"_s }
        << QStringList { u"supervisor_started; worker_started 0#1; start 0#1; worker_started 1#1; start 1#1"_s,
               u"stop 1#1 sibling_failed; " + kRestartOne, QString(), u"worker_started 0#2; start 0#2"_s };

    QTest::newRow("one-for-all: a failing temporary worker takes nobody with it")
        << QStringList { u"workers=2"_s, u"strategy=one-for-all"_s, u"restart=temporary,permanent"_s }
        << QStringList { u"start @0"_s, u"fail 0#1 @100"_s }
        << QStringList { u"supervisor_started; worker_started 0#1; start 0#1; worker_started 1#1; start 1#1"_s,
               QString() };

    QTest::newRow("exponential backoff grows per consecutive failure, resets after a clean run")
        << QStringList { u"backoff=exponential"_s, u"max_delay=350"_s, u"reset_after=1000"_s }
        << QStringList { u"start @0"_s, u"fail 0#1 @10"_s, u"timer 0 @110"_s, u"fail 0#2 @120"_s, u"timer 0 @320"_s,
               u"fail 0#3 @330"_s, u"timer 0 @680"_s, u"fail 0#4 @690"_s, u"timer 0 @1040"_s, u"fail 0#5 @2040"_s }
        << QStringList { kStartOne, kRestartOne, u"worker_started 0#2; start 0#2"_s,
               u"restart_scheduled 0 delay=200 attempt=2; arm restart 0 +200ms"_s, u"worker_started 0#3; start 0#3"_s,
               u"restart_scheduled 0 delay=350 attempt=3; arm restart 0 +350ms"_s, u"worker_started 0#4; start 0#4"_s,
               u"restart_scheduled 0 delay=350 attempt=4; arm restart 0 +350ms"_s, u"worker_started 0#5; start 0#5"_s,
               kRestartOne };

    QTest::newRow("a completion resets the backoff")
        << QStringList { u"backoff=exponential"_s, u"max_delay=1000"_s, u"reset_after=100000"_s }
        << QStringList { u"start @0"_s, u"fail 0#1 @10"_s, u"timer 0 @110"_s, u"complete 0#2 @120"_s }
        << QStringList { kStartOne, kRestartOne, u"worker_started 0#2; start 0#2"_s, kRestartOne };

    QTest::newRow("circuit breaker: opens, waits the cooldown, half-opens, closes after a clean run")
        << QStringList { u"breaker_threshold=2"_s, u"breaker_window=10000"_s, u"breaker_cooldown=3000"_s,
               u"reset_after=500"_s }
        << QStringList { u"start @0"_s, u"fail 0#1 @10"_s, u"timer 0 @110"_s, u"fail 0#2 @120"_s, u"timer 0 @3120"_s,
               u"clean 0 @3620"_s }
        << QStringList { kStartOne, kRestartOne, u"worker_started 0#2; start 0#2"_s,
               u"circuit_opened 0; restart_scheduled 0 delay=3000 attempt=2; arm restart 0 +3000ms"_s,
               u"circuit_half_open 0; worker_started 0#3; start 0#3; arm clean-run 0 +500ms"_s, u"circuit_closed 0"_s };

    QTest::newRow("circuit breaker: a failed trial opens it again")
        << QStringList { u"breaker_threshold=1"_s, u"breaker_cooldown=2000"_s }
        << QStringList { u"start @0"_s, u"fail 0#1 @10"_s, u"timer 0 @2010"_s, u"fail 0#2 @2020"_s }
        << QStringList { kStartOne,
               u"circuit_opened 0; restart_scheduled 0 delay=2000 attempt=1; arm restart 0 +2000ms"_s,
               u"circuit_half_open 0; worker_started 0#2; start 0#2; arm clean-run 0 +10000ms"_s,
               u"circuit_opened 0; restart_scheduled 0 delay=2000 attempt=2; arm restart 0 +2000ms"_s };

    QTest::newRow("circuit breaker: a completed trial closes it")
        << QStringList { u"breaker_threshold=1"_s, u"breaker_cooldown=2000"_s }
        << QStringList { u"start @0"_s, u"fail 0#1 @10"_s, u"timer 0 @2010"_s, u"complete 0#2 @2020"_s }
        << QStringList { kStartOne,
               u"circuit_opened 0; restart_scheduled 0 delay=2000 attempt=1; arm restart 0 +2000ms"_s,
               u"circuit_half_open 0; worker_started 0#2; start 0#2; arm clean-run 0 +10000ms"_s,
               u"circuit_closed 0; "_s + kRestartOne };

    QTest::newRow("a missed heartbeat is a failure: written off, then restarted")
        << QStringList {} << QStringList { u"start @0"_s, u"hang 0#1 @1500"_s }
        << QStringList { kStartOne, u"worker_failed 0#1 heartbeat_timeout; kill 0#1; "_s + kRestartOne };

    QTest::newRow("stop cancels a pending restart")
        << QStringList {} << QStringList { u"start @0"_s, u"fail 0#1 @10"_s, u"stop @50"_s, u"timer 0 @110"_s }
        << QStringList { kStartOne, kRestartOne, u"supervisor_stopping; supervisor_stopped; over"_s, QString() };

    QTest::newRow("stop: a worker that acknowledges")
        << QStringList {} << QStringList { u"start @0"_s, u"stop @50"_s, u"stopped 0#1 @51"_s, u"stop @60"_s }
        << QStringList { kStartOne, u"supervisor_stopping; stop 0#1 shutdown"_s, u"supervisor_stopped; over"_s,
               QString() };

    QTest::newRow("stop: a worker that ignores it is abandoned")
        << QStringList {} << QStringList { u"start @0"_s, u"stop @50"_s, u"abandon 0#1 @1050"_s }
        << QStringList { kStartOne, u"supervisor_stopping; stop 0#1 shutdown"_s,
               u"worker_abandoned 0#1; kill 0#1; supervisor_stopped; over"_s };

    QTest::newRow("a worker that completes while stopping counts as down")
        << QStringList {} << QStringList { u"start @0"_s, u"stop @50"_s, u"complete 0#1 @51"_s }
        << QStringList { kStartOne, u"supervisor_stopping; stop 0#1 shutdown"_s, u"supervisor_stopped; over"_s };

    QTest::newRow("a sibling stopped for a group restart that then gets stuck is abandoned, the group waits")
        << QStringList { u"workers=2"_s, u"strategy=one-for-all"_s }
        << QStringList { u"start @0"_s, u"fail 0#1 @10"_s, u"timer 0 @110"_s, u"timer 1 @110"_s,
               u"abandon 1#1 @1010"_s }
        << QStringList { u"supervisor_started; worker_started 0#1; start 0#1; worker_started 1#1; start 1#1"_s,
               u"stop 1#1 sibling_failed; restart_scheduled 0 delay=100 attempt=1; "
               "arm restart 0 +100ms; restart_scheduled 1 delay=100 attempt=1; arm restart 1 +100ms"_s,
               QString(), QString(),
               u"worker_abandoned 1#1; kill 1#1; worker_started 0#2; start 0#2; worker_started 1#2; start 1#2"_s };

    QTest::newRow("a group restart counts once toward the intensity")
        << QStringList { u"workers=3"_s, u"strategy=one-for-all"_s, u"max_restarts=1"_s }
        << QStringList { u"start @0"_s, u"fail 0#1 @10"_s, u"stopped 1#1 @11"_s, u"stopped 2#1 @11"_s,
               u"timer 0 @110"_s, u"timer 1 @110"_s, u"timer 2 @110"_s, u"fail 2#2 @120"_s }
        << QStringList { kStartThree,
               u"stop 1#1 sibling_failed; stop 2#1 sibling_failed; "
               "restart_scheduled 0 delay=100 attempt=1; arm restart 0 +100ms; "
               "restart_scheduled 1 delay=100 attempt=1; arm restart 1 +100ms; "
               "restart_scheduled 2 delay=100 attempt=1; arm restart 2 +100ms"_s,
               QString(), QString(), QString(), QString(),
               u"worker_started 0#2; start 0#2; worker_started 1#2; start 1#2; worker_started 2#2; start 2#2"_s,
               u"supervisor_gave_up; stop 0#2 shutdown; stop 1#2 shutdown"_s };

    QTest::newRow("live change: logged once, in canonical spelling, used by the next decision")
        << QStringList {}
        << QStringList { u"start @0"_s, u"set failure_rate=0.250 @5"_s, u"set failure_rate=0.25 @6"_s,
               u"set delay=700 @7"_s, u"fail 0#1 @8"_s }
        << QStringList { kStartOne, u"config_changed failure_rate=0.25"_s, QString(), u"config_changed delay=700"_s,
               u"restart_scheduled 0 delay=700 attempt=1; arm restart 0 +700ms"_s };
}

void TestSupervisorPolicy::decisions()
{
    QFETCH(QStringList, settings);
    QFETCH(QStringList, script);
    QFETCH(QStringList, expected);
    PolicyScript run(configWith(settings));
    QCOMPARE(run.run(script), expected);
}

void TestSupervisorPolicy::intensityGivesUpAfterExactlyRPlusOneStarts_data()
{
    QTest::addColumn<int>("maxRestarts");
    QTest::newRow("R=0") << 0;
    QTest::newRow("R=1") << 1;
    QTest::newRow("R=3") << 3;
    QTest::newRow("R=10") << 10;
}

void TestSupervisorPolicy::intensityGivesUpAfterExactlyRPlusOneStarts()
{
    QFETCH(int, maxRestarts);
    PolicyScript run(configWith({ u"delay=0"_s, u"max_restarts=%1"_s.arg(maxRestarts), u"within=5000"_s }));
    // A worker that fails the moment it starts.
    QStringList trace = run.run({ u"start @0"_s }).join(u"; "_s).split(u"; "_s);
    for (int incarnation = 1; run.policy().phase() == SupervisorPolicy::Phase::Running; ++incarnation) {
        QVERIFY(incarnation <= maxRestarts + 1);
        const QStringList steps
            = run.run({ u"fail 0#%1 @%2"_s.arg(incarnation).arg(incarnation), u"timer 0 @%1"_s.arg(incarnation) });
        trace += steps.join(u"; "_s).split(u"; "_s, Qt::SkipEmptyParts);
    }
    QCOMPARE(trace.filter(u"worker_started"_s).size(), maxRestarts + 1);
    QCOMPARE(trace.filter(u"restart_scheduled"_s).size(), maxRestarts);
    QCOMPARE(
        trace.mid(trace.size() - 3), (QStringList { u"supervisor_gave_up"_s, u"supervisor_stopped"_s, u"over"_s }));
    QVERIFY(run.policy().gaveUp());
}

// Every stop and restart of one decision names the exit it answers, so that a reader can tell one group restart
// from the next without guessing.
void TestSupervisorPolicy::aDecisionCarriesTheExitItAnswers()
{
    SupervisorPolicy policy(
        configWith({ u"workers=3"_s, u"strategy=one-for-all"_s }), [](int, quint32) { return 0.0; });
    policy.start(0);
    const auto causesIn = [](const Decisions &decisions) {
        QList<std::pair<int, RestartCause>> causes; // (worker, cause) of each stop and restart
        for (const Decision &decision : decisions) {
            if (const auto *stop = std::get_if<StopChild>(&decision))
                causes.append({ stop->worker, stop->event().cause });
            const auto *event = std::get_if<LifecycleEvent>(&decision);
            if (event && event->kind == EventKind::RestartScheduled)
                causes.append({ event->worker, event->cause });
        }
        return causes;
    };
    const RestartCause second { 1, 1 };
    QCOMPARE(causesIn(policy.childExited({ 1, 1, ExitKind::Failed, 100'000 })),
        (QList<std::pair<int, RestartCause>> {
            { 0, second }, { 2, second }, { 0, second }, { 1, second }, { 2, second } }));
    QCOMPARE(causesIn(policy.childExited({ 0, 1, ExitKind::Stopped, 110'000 })).size(), 0);

    // A completion restarts its worker alone, answering that worker's own exit.
    SupervisorPolicy completing(
        configWith({ u"workers=2"_s, u"strategy=one-for-all"_s }), [](int, quint32) { return 0.0; });
    completing.start(0);
    QCOMPARE(causesIn(completing.childExited({ 1, 1, ExitKind::Completed, 100'000 })),
        (QList<std::pair<int, RestartCause>> { { 1, RestartCause { 1, 1 } } }));
}

void TestSupervisorPolicy::failuresCarryTheirKind()
{
    SupervisorPolicy policy(configWith({ u"heartbeat_timeout=100"_s }), [](int, quint32) { return 0.0; });
    policy.start(0);
    const Decisions decisions = policy.heartbeatMissed(0, 1, 100'000);
    const auto *failed = std::get_if<LifecycleEvent>(&decisions.front());
    QVERIFY(failed);
    QCOMPARE(failed->kind, EventKind::WorkerFailed);
    QCOMPARE(failed->failure, FailureKind::Hang);
    QCOMPARE(failed->reason, u"heartbeat_timeout"_s);
}

void TestSupervisorPolicy::giveUpSaysWhy()
{
    const SupervisorConfig config = configWith({ u"max_restarts=0"_s, u"within=2500"_s });
    SupervisorPolicy policy(config, SeededDraws(config.seed).jitter());
    policy.start(0);
    const Decisions decisions = policy.childExited({ 0, 1, ExitKind::Failed, 10 });
    const auto &gaveUp = std::get<LifecycleEvent>(decisions.front());
    QCOMPARE(gaveUp.kind, EventKind::SupervisorGaveUp);
    QCOMPARE(gaveUp.reason, u"restart intensity exceeded: more than 0 restarts within 2500 ms"_s);
}

void TestSupervisorPolicy::jitteredDelaysRepeatForTheSameSeed()
{
    const auto delays = [](quint64 seed) {
        SupervisorConfig config = configWith({ u"backoff=exponential"_s, u"jitter=full"_s, u"max_delay=100000"_s });
        config.seed = seed;
        PolicyScript run(config);
        run.run({ u"start @0"_s });
        QStringList scheduled;
        for (int incarnation = 1; incarnation <= 8; ++incarnation) {
            scheduled += run.run({ u"fail 0#%1 @%2"_s.arg(incarnation).arg(incarnation * 1000),
                                     u"timer 0 @%1"_s.arg(incarnation * 1000 + 999) })
                             .constFirst();
        }
        return scheduled;
    };
    QCOMPARE(delays(11), delays(11));
    QVERIFY(delays(11) != delays(12));
}

void TestSupervisorPolicy::liveChangesAreCheckedAndLogged()
{
    PolicyScript run(configWith({}));
    const QStringList trace = run.run({ u"start @0"_s, u"set failure_rate=1.5 @1"_s, u"set workers=4 @2"_s,
        u"set work_min=5000 @3"_s, u"set seed=3 @4"_s });
    const QStringList expected { kStartOne, u"error: failure_rate: must be between 0 and 1, got 1.5"_s,
        u"error: workers cannot change during a run"_s,
        u"error: work_min: work_min (5000 ms) is above work_max (1600 ms)"_s,
        u"error: seed cannot change during a run"_s };
    QCOMPARE(trace, expected);
    QCOMPARE(run.policy().config().failureRate, 0.6);
}

void TestSupervisorPolicy::queriesFollowTheState()
{
    const SupervisorConfig config = configWith({ u"workers=2"_s, u"breaker_threshold=1"_s });
    SupervisorPolicy policy(config, SeededDraws(config.seed).jitter());
    QCOMPARE(policy.phase(), SupervisorPolicy::Phase::Idle);
    policy.start(0);
    QCOMPARE(policy.phase(), SupervisorPolicy::Phase::Running);
    QVERIFY(policy.isAlive(0) && policy.isAlive(1));
    policy.childExited({ 1, 1, ExitKind::Failed, 10 });
    QVERIFY(!policy.isAlive(1));
    QCOMPARE(policy.circuitState(1), CircuitBreaker::State::Open);
    QCOMPARE(policy.restartsWithin(10), 0); // unlimited: not tracked
    policy.stopRequested(20);
    QCOMPARE(policy.phase(), SupervisorPolicy::Phase::Stopping);
    QVERIFY(policy.isStopping(0));
    QCOMPARE(policy.incarnation(0), 1u);
}

QTEST_GUILESS_MAIN(TestSupervisorPolicy)
#include "tst_supervisorpolicy.moc"
