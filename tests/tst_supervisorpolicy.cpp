#include "policy/supervisorpolicy.h"
#include "testsettings.h"
#include "world/seededdraws.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

// A node of the policy's timers: a worker by its number, a supervisor as "S1".
QString nodeText(int node, int workers)
{
    return node >= workers ? u"S%1"_s.arg(node - workers) : QString::number(node);
}

QString describe(const Decision &decision, int workers)
{
    if (const auto *event = std::get_if<LifecycleEvent>(&decision)) {
        QString text = eventName(event->kind);
        if (event->isNestedSupervisors() && event->has(FieldSupervisor))
            text += u" S%1#%2"_s.arg(event->supervisorIndex).arg(event->incarnation);
        else if (event->isNestedSupervisors())
            text += u" S%1"_s.arg(event->supervisorIndex);
        else if (event->has(FieldWorker))
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
    if (const auto *abandon = std::get_if<AbandonChild>(&decision))
        return u"abandon %1#%2"_s.arg(abandon->worker).arg(abandon->incarnation);
    if (const auto *arm = std::get_if<ArmTimer>(&decision)) {
        const QString kind = arm->timer.kind == TimerKind::Restart ? u"restart"_s
            : arm->timer.kind == TimerKind::CleanRun               ? u"clean-run"_s
                                                                   : u"shutdown"_s;
        return u"arm %1 %2 +%3ms"_s.arg(kind, nodeText(arm->timer.node, workers)).arg(arm->delayUs / 1000);
    }
    return u"over"_s;
}

// Feeds a policy a script of inputs, one per line: "<what> [worker#incarnation | node | key=value] @<ms>",
// with what one of start, complete, fail, stopped, hang, abandon, timer, clean, shutdown, stop, set, and by hand
// terminate (a worker), restart (a worker that is down), giveup (a supervisor); a node is a
// worker's number or a supervisor's, "S1". Timers fire with the latest token the policy armed for that node. Returns
// one line per step: its decisions, described and joined by "; " (empty when the step decided nothing), so a test also
// sees *when* each decision was taken.
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
            const int worker = target.value(0).startsWith(u'S')
                ? m_policy.workerCount() + target.value(0).mid(1).toInt()
                : target.value(0).toInt();
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
            else if (what == u"shutdown")
                decisions = m_policy.timerFired(
                    { TimerKind::SupervisorShutdown, worker, m_shutdownTokens.value(worker) }, nowUs);
            else if (what == u"stop")
                decisions = m_policy.stopRequested(nowUs);
            else if (what == u"terminate" || what == u"restart" || what == u"giveup") {
                const ManualAction action = what == u"terminate" ? ManualAction::StopWorker
                    : what == u"restart"                         ? ManualAction::RestartWorker
                                                                 : ManualAction::GiveUpSupervisor;
                const int index = action == ManualAction::GiveUpSupervisor ? worker - m_policy.workerCount() : worker;
                QString error;
                decisions = m_policy.act(action, index, nowUs, &error);
                if (!error.isEmpty())
                    described << u"error: "_s + error;
            } else if (what == u"set") {
                const auto setting = words.at(1).split(u'=');
                QString error;
                decisions = m_policy.changeConfig(setting.at(0), setting.at(1), nowUs, &error);
                if (!error.isEmpty())
                    described << u"error: "_s + error;
            } else {
                qFatal("unknown script step %s", qPrintable(line));
            }
            for (const Decision &decision : decisions) {
                if (const auto *arm = std::get_if<ArmTimer>(&decision)) {
                    QHash<int, quint64> &tokens = arm->timer.kind == TimerKind::Restart ? m_restartTokens
                        : arm->timer.kind == TimerKind::CleanRun                        ? m_cleanTokens
                                                                                        : m_shutdownTokens;
                    tokens[arm->timer.node] = arm->timer.token;
                }
                described << describe(decision, m_policy.workerCount());
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
    QHash<int, quint64> m_shutdownTokens;
};

SupervisorConfig configWith(const QStringList &settings)
{
    return withSettings(SupervisorConfig(), QStringList { u"delay=100"_s } + settings);
}

// A config in the tree form: `tree` is the scenario file's tree, `run` more keys of its config.
SupervisorConfig treeConfig(const char *tree, const char *run = "{}")
{
    QJsonObject object = QJsonDocument::fromJson(run).object();
    if (!object.contains(u"delay"_s))
        object.insert(u"delay"_s, 100);
    object.insert(u"tree"_s, QJsonDocument::fromJson(tree).object());
    SupervisorConfig config;
    if (const QString problem = config.applyJson(object); !problem.isEmpty())
        qFatal("bad tree in the test: %s", qPrintable(problem));
    return config;
}

// app (one-for-one) { a, pool (one-for-all) { b, c }, d }: workers a=0 b=1 c=2 d=3, supervisors app=S0 pool=S1.
constexpr const char *kPoolTree = R"({"name": "app", "children": [
    {"name": "a"},
    {"name": "pool", "strategy": "one-for-all", "max_restarts": 0, "children": [{"name": "b"}, {"name": "c"}]},
    {"name": "d"}]})";
const QString kStartPoolTree = u"supervisor_started; worker_started 0#1; start 0#1; supervisor_started S1#1; "
                               "worker_started 1#1; start 1#1; worker_started 2#1; start 2#1; worker_started 3#1; "
                               "start 3#1"_s;

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
    void treeDecisions_data();
    void treeDecisions();
    void otpTable_data();
    void otpTable();
    void escalationStartsAreTheProductOfIntensities_data();
    void escalationStartsAreTheProductOfIntensities();
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

    QTest::newRow("one-for-all: siblings stop in reverse start order, one at a time; the group starts together")
        << QStringList { u"workers=3"_s, u"strategy=one-for-all"_s }
        << QStringList { u"start @0"_s, u"fail 1#1 @100"_s, u"stopped 2#1 @110"_s, u"timer 0 @200"_s, u"timer 1 @200"_s,
               u"timer 2 @200"_s, u"stopped 0#1 @250"_s }
        << QStringList { kStartThree,
               u"restart_scheduled 0 delay=100 attempt=1; arm restart 0 +100ms; "
               "restart_scheduled 1 delay=100 attempt=1; arm restart 1 +100ms; "
               "restart_scheduled 2 delay=100 attempt=1; arm restart 2 +100ms; stop 2#1 sibling_failed"_s,
               u"stop 0#1 sibling_failed"_s, QString(), QString(), QString(),
               u"worker_started 0#2; start 0#2; worker_started 1#2; start 1#2; worker_started 2#2; start 2#2"_s };

    QTest::newRow("one-for-all: a permanent worker's completion restarts its group too, as in OTP")
        << QStringList { u"workers=2"_s, u"strategy=one-for-all"_s }
        << QStringList { u"start @0"_s, u"complete 1#1 @100"_s }
        << QStringList { u"supervisor_started; worker_started 0#1; start 0#1; worker_started 1#1; start 1#1"_s,
               u"restart_scheduled 0 delay=100 attempt=1; arm restart 0 +100ms; "
               "restart_scheduled 1 delay=100 attempt=1; arm restart 1 +100ms; stop 0#1 sibling_failed"_s };

    QTest::newRow("one-for-all: a transient worker that completed is restarted with the group, as in OTP")
        << QStringList { u"workers=2"_s, u"strategy=one-for-all"_s, u"restart=transient,permanent"_s }
        << QStringList { u"start @0"_s, u"complete 0#1 @100"_s, u"fail 1#1 @200"_s, u"timer 0 @300"_s,
               u"timer 1 @300"_s }
        << QStringList { u"supervisor_started; worker_started 0#1; start 0#1; worker_started 1#1; start 1#1"_s,
               QString(),
               u"restart_scheduled 0 delay=100 attempt=1; arm restart 0 +100ms; "
               "restart_scheduled 1 delay=100 attempt=1; arm restart 1 +100ms"_s,
               QString(), u"worker_started 0#2; start 0#2; worker_started 1#2; start 1#2"_s };

    QTest::newRow("rest-for-one: only the later siblings stop")
        << QStringList { u"workers=3"_s, u"strategy=rest-for-one"_s }
        << QStringList { u"start @0"_s, u"fail 1#1 @100"_s }
        << QStringList { kStartThree,
               u"restart_scheduled 1 delay=100 attempt=1; arm restart 1 +100ms; "
               "restart_scheduled 2 delay=100 attempt=1; arm restart 2 +100ms; stop 2#1 sibling_failed"_s };

    QTest::newRow("rest-for-one: a sibling about to be stopped that fails on its own answers nothing new")
        << QStringList { u"workers=3"_s, u"strategy=rest-for-one"_s }
        << QStringList { u"start @0"_s, u"fail 0#1 @100"_s, u"fail 1#1 @105"_s, u"stopped 2#1 @110"_s }
        << QStringList { kStartThree,
               u"restart_scheduled 0 delay=100 attempt=1; arm restart 0 +100ms; "
               "restart_scheduled 1 delay=100 attempt=1; arm restart 1 +100ms; "
               "restart_scheduled 2 delay=100 attempt=1; arm restart 2 +100ms; stop 2#1 sibling_failed"_s,
               QString(), QString() };

    QTest::newRow("one-for-all: a temporary sibling is stopped, not restarted")
        << QStringList { u"workers=2"_s, u"strategy=one-for-all"_s, u"restart=permanent,temporary"_s }
        << QStringList { u"start @0"_s, u"fail 0#1 @100"_s, u"stopped 1#1 @120"_s, u"timer 0 @200"_s }
        << QStringList { u"supervisor_started; worker_started 0#1; start 0#1; worker_started 1#1; start 1#1"_s,
               kRestartOne + u"; stop 1#1 sibling_failed"_s, QString(), u"worker_started 0#2; start 0#2"_s };

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
               u"restart_scheduled 0 delay=100 attempt=1; arm restart 0 +100ms; "
               "restart_scheduled 1 delay=100 attempt=1; arm restart 1 +100ms; stop 1#1 sibling_failed"_s,
               QString(), QString(),
               u"worker_abandoned 1#1; kill 1#1; worker_started 0#2; start 0#2; worker_started 1#2; start 1#2"_s };

    QTest::newRow("a group restart counts once toward the intensity")
        << QStringList { u"workers=3"_s, u"strategy=one-for-all"_s, u"max_restarts=1"_s }
        << QStringList { u"start @0"_s, u"fail 0#1 @10"_s, u"stopped 2#1 @11"_s, u"stopped 1#1 @11"_s,
               u"timer 0 @110"_s, u"timer 1 @110"_s, u"timer 2 @110"_s, u"fail 2#2 @120"_s, u"stopped 1#2 @121"_s,
               u"stopped 0#2 @122"_s }
        << QStringList { kStartThree,
               u"restart_scheduled 0 delay=100 attempt=1; arm restart 0 +100ms; "
               "restart_scheduled 1 delay=100 attempt=1; arm restart 1 +100ms; "
               "restart_scheduled 2 delay=100 attempt=1; arm restart 2 +100ms; stop 2#1 sibling_failed"_s,
               u"stop 1#1 sibling_failed"_s, QString(), QString(), QString(),
               u"worker_started 0#2; start 0#2; worker_started 1#2; start 1#2; worker_started 2#2; start 2#2"_s,
               u"supervisor_gave_up; stop 1#2 shutdown"_s, u"stop 0#2 shutdown"_s, u"supervisor_stopped; over"_s };

    QTest::newRow("shutdown stops the workers in reverse start order, one at a time")
        << QStringList { u"workers=3"_s }
        << QStringList { u"start @0"_s, u"stop @10"_s, u"stopped 2#1 @11"_s, u"abandon 1#1 @1011"_s,
               u"complete 0#1 @1012"_s }
        << QStringList { kStartThree, u"supervisor_stopping; stop 2#1 shutdown"_s, u"stop 1#1 shutdown"_s,
               u"worker_abandoned 1#1; kill 1#1; stop 0#1 shutdown"_s, u"supervisor_stopped; over"_s };

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

// OTP's rules for trees, each row one rule, checked against an OTP 25 supervisor (README, "Supervision trees").
void TestSupervisorPolicy::treeDecisions_data()
{
    QTest::addColumn<QString>("tree");
    QTest::addColumn<QStringList>("script");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("start order: a nested supervisor starts its subtree before the next sibling")
        << QString::fromLatin1(kPoolTree) << QStringList { u"start @0"_s } << QStringList { kStartPoolTree };

    QTest::newRow("escalation: a nested supervisor gives up, stops its children, its parent restarts it")
        << QString::fromLatin1(kPoolTree)
        << QStringList { u"start @0"_s, u"fail 1#1 @10"_s, u"stopped 2#1 @11"_s, u"timer S1 @111"_s }
        << QStringList { kStartPoolTree, u"supervisor_gave_up S1#1; stop 2#1 shutdown"_s,
               u"supervisor_stopped S1#1; restart_scheduled S1 delay=100 attempt=1; arm restart S1 +100ms"_s,
               u"supervisor_started S1#2; worker_started 1#2; start 1#2; worker_started 2#2; start 2#2"_s };

    QTest::newRow("shutdown: reverse start order, one at a time, a nested supervisor's subtree first")
        << QString::fromLatin1(kPoolTree)
        << QStringList { u"start @0"_s, u"stop @10"_s, u"stopped 3#1 @11"_s, u"stopped 2#1 @12"_s, u"stopped 1#1 @13"_s,
               u"stopped 0#1 @14"_s }
        << QStringList { kStartPoolTree, u"supervisor_stopping; stop 3#1 shutdown"_s,
               u"supervisor_stopping S1#1; arm shutdown S1 +1000ms; stop 2#1 shutdown"_s, u"stop 1#1 shutdown"_s,
               u"supervisor_stopped S1#1; stop 0#1 shutdown"_s, u"supervisor_stopped; over"_s };

    QTest::newRow("a transient supervisor that gives up is not restarted: it exits as OTP's does, with shutdown")
        << uR"({"name": "app", "children": [{"name": "pool", "restart": "transient", "max_restarts": 0,
               "children": [{"name": "b"}]}, {"name": "d"}]})"_s
        << QStringList { u"start @0"_s, u"fail 0#1 @10"_s }
        << QStringList { u"supervisor_started; supervisor_started S1#1; worker_started 0#1; start 0#1; "
                         "worker_started 1#1; start 1#1"_s,
               u"supervisor_gave_up S1#1; supervisor_stopped S1#1"_s };

    QTest::newRow("one-for-all over a nested supervisor: it stops with its subtree and starts again with the group")
        << uR"({"name": "app", "strategy": "one-for-all", "children": [{"name": "a"},
               {"name": "pool", "children": [{"name": "b"}]}, {"name": "d"}]})"_s
        << QStringList { u"start @0"_s, u"fail 0#1 @10"_s, u"stopped 2#1 @11"_s, u"stopped 1#1 @12"_s,
               u"timer 0 @110"_s, u"timer S1 @110"_s, u"timer 2 @110"_s }
        << QStringList { u"supervisor_started; worker_started 0#1; start 0#1; supervisor_started S1#1; "
                         "worker_started 1#1; start 1#1; worker_started 2#1; start 2#1"_s,
               u"restart_scheduled 0 delay=100 attempt=1; arm restart 0 +100ms; "
               "restart_scheduled S1 delay=100 attempt=1; arm restart S1 +100ms; "
               "restart_scheduled 2 delay=100 attempt=1; arm restart 2 +100ms; stop 2#1 sibling_failed"_s,
               u"supervisor_stopping S1#1; arm shutdown S1 +1000ms; stop 1#1 shutdown"_s, u"supervisor_stopped S1#1"_s,
               QString(), QString(),
               u"worker_started 0#2; start 0#2; supervisor_started S1#2; worker_started 1#2; start 1#2; "
               "worker_started 2#2; start 2#2"_s };

    QTest::newRow("a nested supervisor past its shutdown timeout is killed with its subtree")
        << uR"({"name": "app", "children": [{"name": "pool", "shutdown_timeout": 500,
               "children": [{"name": "b"}, {"name": "c"}]}]})"_s
        << QStringList { u"start @0"_s, u"stop @10"_s, u"shutdown S1 @510"_s }
        << QStringList { u"supervisor_started; supervisor_started S1#1; worker_started 0#1; start 0#1; "
                         "worker_started 1#1; start 1#1"_s,
               u"supervisor_stopping; supervisor_stopping S1#1; arm shutdown S1 +500ms; stop 1#1 shutdown"_s,
               u"abandon 1#1; abandon 0#1; supervisor_stopped S1#1; supervisor_stopped; over"_s };

    QTest::newRow("nothing starts inside a subtree whose supervisor is stopping")
        << uR"({"name": "app", "children": [{"name": "a"}, {"name": "pool", "children": [{"name": "b"}]}]})"_s
        << QStringList { u"start @0"_s, u"fail 1#1 @10"_s, u"stop @20"_s, u"timer 1 @110"_s }
        << QStringList { u"supervisor_started; worker_started 0#1; start 0#1; supervisor_started S1#1; "
                         "worker_started 1#1; start 1#1"_s,
               u"restart_scheduled 1 delay=100 attempt=1; arm restart 1 +100ms"_s,
               u"supervisor_stopping; supervisor_stopping S1#1; arm shutdown S1 +1000ms; supervisor_stopped S1#1; "
               "stop 0#1 shutdown"_s,
               QString() };

    QTest::newRow("by hand, as OTP's API: terminate_child keeps a worker down, restart_child starts it again")
        << QString::fromLatin1(kPoolTree)
        << QStringList { u"start @0"_s, u"terminate 0 @10"_s, u"stopped 0#1 @11"_s, u"restart 3 @12"_s,
               u"restart 0 @13"_s, u"timer 0 @13"_s, u"terminate 9 @14"_s }
        << QStringList { kStartPoolTree, u"stop 0#1 shutdown"_s, QString(), u"error: worker 3 is running"_s,
               u"restart_scheduled 0 delay=0 attempt=1; arm restart 0 +0ms"_s, u"worker_started 0#2; start 0#2"_s,
               u"error: there is no worker 9"_s };

    QTest::newRow("by hand: a supervisor made to give up escalates like one that exceeded its intensity")
        << QString::fromLatin1(kPoolTree)
        << QStringList { u"start @0"_s, u"giveup S1 @10"_s, u"stopped 2#1 @11"_s, u"stopped 1#1 @12"_s,
               u"giveup S1 @13"_s }
        << QStringList { kStartPoolTree, u"supervisor_gave_up S1#1; stop 2#1 shutdown"_s, u"stop 1#1 shutdown"_s,
               u"supervisor_stopped S1#1; restart_scheduled S1 delay=100 attempt=1; arm restart S1 +100ms"_s,
               u"error: supervisor 1 is not running"_s };

    QTest::newRow("each supervisor counts its own restarts: the root's intensity is untouched by the pool's")
        << uR"({"name": "app", "max_restarts": 0, "children": [{"name": "pool", "max_restarts": 1,
               "children": [{"name": "b"}]}]})"_s
        << QStringList { u"start @0"_s, u"fail 0#1 @10"_s, u"timer 0 @110"_s, u"fail 0#2 @120"_s }
        << QStringList { u"supervisor_started; supervisor_started S1#1; worker_started 0#1; start 0#1"_s,
               u"restart_scheduled 0 delay=100 attempt=1; arm restart 0 +100ms"_s, u"worker_started 0#2; start 0#2"_s,
               u"supervisor_gave_up S1#1; supervisor_stopped S1#1; supervisor_gave_up; supervisor_stopped; over"_s };
}

void TestSupervisorPolicy::treeDecisions()
{
    QFETCH(QString, tree);
    QFETCH(QStringList, script);
    QFETCH(QStringList, expected);
    PolicyScript run(treeConfig(tree.toUtf8().constData()));
    QCOMPARE(run.run(script), expected);
}

// OTP's table, every cell: three workers, the middle one of restart type T exits in way K under strategy S. What is
// restarted, and which siblings are asked to stop, in which order: OTP restarts the group whenever T restarts after
// K (a permanent worker's completion too), stopping the others in reverse start order.
void TestSupervisorPolicy::otpTable_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("restart");
    QTest::addColumn<bool>("failed");
    QTest::addColumn<QString>("restarted"); // workers scheduled, in order
    QTest::addColumn<QString>("stopped"); // the first sibling asked to stop (the last started of the group)
    const auto row
        = [](const char *strategy, const char *restart, bool failed, const char *restarted, const char *stopped) {
              QTest::addRow("%s, %s, %s", strategy, restart, failed ? "fails" : "completes")
                  << QString::fromLatin1(strategy) << QString::fromLatin1(restart) << failed
                  << QString::fromLatin1(restarted) << QString::fromLatin1(stopped);
          };
    row("one-for-one", "permanent", true, "1", "");
    row("one-for-one", "permanent", false, "1", "");
    row("one-for-one", "transient", true, "1", "");
    row("one-for-one", "transient", false, "", "");
    row("one-for-one", "temporary", true, "", "");
    row("one-for-one", "temporary", false, "", "");
    row("one-for-all", "permanent", true, "0 1 2", "2");
    row("one-for-all", "permanent", false, "0 1 2", "2");
    row("one-for-all", "transient", true, "0 1 2", "2");
    row("one-for-all", "transient", false, "", "");
    row("one-for-all", "temporary", true, "", "");
    row("one-for-all", "temporary", false, "", "");
    row("rest-for-one", "permanent", true, "1 2", "2");
    row("rest-for-one", "permanent", false, "1 2", "2");
    row("rest-for-one", "transient", true, "1 2", "2");
    row("rest-for-one", "transient", false, "", "");
    row("rest-for-one", "temporary", true, "", "");
    row("rest-for-one", "temporary", false, "", "");
}

void TestSupervisorPolicy::otpTable()
{
    QFETCH(QString, strategy);
    QFETCH(QString, restart);
    QFETCH(bool, failed);
    QFETCH(QString, restarted);
    QFETCH(QString, stopped);
    SupervisorPolicy policy(
        configWith({ u"workers=3"_s, u"strategy="_s + strategy, u"restart=permanent,%1,permanent"_s.arg(restart) }),
        [](int, quint32) { return 0.0; });
    policy.start(0);
    QStringList scheduled;
    QStringList asked;
    for (const Decision &decision : policy.childExited({ 1, 1, failed ? ExitKind::Failed : ExitKind::Completed, 10 })) {
        if (const auto *event = std::get_if<LifecycleEvent>(&decision);
            event && event->kind == EventKind::RestartScheduled)
            scheduled << QString::number(event->worker);
        if (const auto *stop = std::get_if<StopChild>(&decision))
            asked << QString::number(stop->worker);
    }
    QCOMPARE(scheduled.join(u' '), restarted);
    QCOMPARE(asked.join(u' '), stopped); // one at a time: only the first is asked now
    if (asked.isEmpty())
        return;
    // Once it is down, the next one back is asked, never two at once.
    const Decisions &next = policy.childExited({ asked.first().toInt(), 1, ExitKind::Stopped, 20 });
    const auto nextStop = std::find_if(
        next.begin(), next.end(), [](const Decision &d) { return std::holds_alternative<StopChild>(d); });
    if (strategy == u"one-for-all") {
        QVERIFY(nextStop != next.end());
        QCOMPARE(std::get<StopChild>(*nextStop).worker, 0);
    } else {
        QVERIFY(nextStop == next.end()); // rest-for-one: worker 0 started before the one that exited, and runs on
    }
}

void TestSupervisorPolicy::escalationStartsAreTheProductOfIntensities_data()
{
    QTest::addColumn<QList<int>>("intensities"); // max_restarts from the root down; a worker under the last
    QTest::newRow("root 0 > pool 0") << QList<int> { 0, 0 };
    QTest::newRow("root 1 > pool 2") << QList<int> { 1, 2 };
    QTest::newRow("root 2 > pool 3") << QList<int> { 2, 3 };
    QTest::newRow("root 1 > mid 2 > leaf 3") << QList<int> { 1, 2, 3 };
    QTest::newRow("root 3 > mid 0 > leaf 1 > deep 2") << QList<int> { 3, 0, 1, 2 };
}

// OTP: worker starts before the root gives up are the product of (R+1) along the path. The worker fails the
// moment it starts; every restart timer fires at once.
void TestSupervisorPolicy::escalationStartsAreTheProductOfIntensities()
{
    QFETCH(QList<int>, intensities);
    QJsonObject node { { u"name"_s, u"w"_s } };
    for (qsizetype level = intensities.size() - 1; level >= 0; --level)
        node = QJsonObject { { u"name"_s, u"s%1"_s.arg(level) }, { u"max_restarts"_s, intensities.at(level) },
            { u"within"_s, 60'000 }, { u"children"_s, QJsonArray { node } } };
    PolicyScript run(treeConfig(QJsonDocument(node).toJson().constData(), R"({"delay": 0})"));
    run.run({ u"start @0"_s });
    const int supervisors = int(intensities.size());
    int starts = 1;
    for (int step = 1; run.policy().phase() == SupervisorPolicy::Phase::Running; ++step) {
        QVERIFY2(step < 10'000, "the root never gave up");
        QStringList script { u"fail 0#%1 @%2"_s.arg(run.policy().incarnation(0)).arg(step) };
        for (int supervisor = supervisors - 1; supervisor >= 1; --supervisor)
            script << u"timer S%1 @%2"_s.arg(supervisor).arg(step);
        script << u"timer 0 @%1"_s.arg(step);
        starts += int(run.run(script).join(u"; "_s).count(u"worker_started"_s));
    }
    int product = 1;
    for (const int intensity : intensities)
        product *= intensity + 1;
    QCOMPARE(starts, product);
    QVERIFY(run.policy().gaveUp());
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
        (QList<std::pair<int, RestartCause>> { { 0, second }, { 1, second }, { 2, second }, { 2, second } }));
    QCOMPARE(causesIn(policy.childExited({ 0, 1, ExitKind::Stopped, 110'000 })).size(), 0); // it was to be asked
    QCOMPARE(causesIn(policy.childExited({ 2, 1, ExitKind::Stopped, 120'000 })).size(), 0); // nobody left to ask

    // A permanent worker's completion restarts the group too, answering that worker's own exit.
    SupervisorPolicy completing(
        configWith({ u"workers=2"_s, u"strategy=one-for-all"_s }), [](int, quint32) { return 0.0; });
    completing.start(0);
    const RestartCause completed { 1, 1 };
    QCOMPARE(causesIn(completing.childExited({ 1, 1, ExitKind::Completed, 100'000 })),
        (QList<std::pair<int, RestartCause>> { { 0, completed }, { 1, completed }, { 0, completed } }));
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
