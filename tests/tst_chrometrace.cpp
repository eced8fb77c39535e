#include "analysis/runstatistics.h"
#include "events/eventlog.h"
#include "events/restartrate.h"
#include "io/chrometracewriter.h"
#include "io/logimporter.h"
#include "io/scenariocatalog.h"
#include "logscript.h"
#include "runtime/virtualruntime.h"
#include "testsettings.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

constexpr int kSupervisorTid = 0;
constexpr int kMaxProblems = 12;

int tidOf(int worker)
{
    return worker + 1;
}

// A dependency's track comes after every worker's there can be.
int dependencyTidOf(int dependency)
{
    return int(SupervisorConfig::kMaxWorkers) + 1 + dependency;
}

// A nested supervisor's track comes after every dependency's there can be.
int supervisorTidOf(int supervisor)
{
    return supervisor == 0 ? kSupervisorTid
                           : int(SupervisorConfig::kMaxWorkers + SupervisorConfig::kMaxDependencies) + 1 + supervisor;
}

// Whether a node (a worker, or a supervisor) is `supervisor` or lies below it.
bool isBelow(const SupervisorConfig &config, int supervisor, bool isSupervisor, int index)
{
    for (int at = isSupervisor ? index : config.supervisorOf(index); at >= 0;
         at = at == 0 ? -1 : config.supervisorSpecs.value(at).parent) {
        if (at == supervisor)
            return true;
    }
    return false;
}

// A run to export: a built-in scenario, optionally with settings on top, and optionally a parameter moved
// half-way through, as a slider would.
struct RunCase
{
    QString label;
    QString scenario;
    QStringList settings;
    bool liveChange = false;
    quint64 seeds = 10; // runs with seeds 1..seeds
    const char *tree = nullptr; // a tree and its dependencies, over the scenario's config
};

// A pool that gives up and is restarted by its parent, while its database goes down and back.
constexpr const char *kEscalatingTree = R"({
    "dependencies": [ { "name": "db", "outages": [ { "at": 3000, "for": 4000 } ] } ],
    "tree": { "name": "app", "max_restarts": 6, "within": 5000, "children": [
        { "name": "pool", "strategy": "one-for-all", "max_restarts": 2, "within": 3000,
          "children": [ { "name": "conn", "count": 3, "depends_on": ["db"] } ] },
        { "name": "web", "failure_rate": 0.1, "restart": "transient" } ] } })";

// Three levels under a one-for-all root, hangs that outlast a supervisor's shutdown timeout.
constexpr const char *kDeepTree = R"({
    "tree": { "name": "app", "strategy": "one-for-all", "max_restarts": 20, "within": 10000, "children": [
        { "name": "front", "failure_rate": 0.2 },
        { "name": "back", "strategy": "rest-for-one", "max_restarts": 3, "within": 4000, "shutdown_timeout": 300,
          "children": [
            { "name": "cache", "failure_mode": "mixed", "heartbeat_timeout": 800 },
            { "name": "jobs", "strategy": "one-for-one", "max_restarts": 1, "within": 2000, "restart": "transient",
              "children": [ { "name": "job", "count": 2, "failure_rate": 0.7 } ] } ] },
        { "name": "log", "restart": "temporary" } ] } })";

QList<RunCase> runCases()
{
    QList<RunCase> cases;
    for (const Scenario &scenario : ScenarioCatalog::builtIn()) {
        if (scenario.programs.isEmpty()) // virtual time runs no real program
            cases.append({ scenario.name, scenario.name, {}, false });
    }
    cases.append({ u"one-for-all, hung siblings abandoned"_s, u"one-for-all"_s,
        { u"failure_mode=mixed"_s, u"failure_rate=0.4"_s, u"heartbeat_timeout=3000"_s, u"shutdown_timeout=250"_s },
        false });
    cases.append({ u"rest-for-one, hangs and a circuit breaker"_s, u"rest-for-one"_s,
        { u"failure_mode=mixed"_s, u"failure_rate=0.5"_s, u"heartbeat_timeout=1500"_s, u"shutdown_timeout=200"_s,
            u"breaker_threshold=2"_s, u"breaker_window=4000"_s, u"breaker_cooldown=1000"_s },
        false });
    cases.append({ u"one-for-all gives up"_s, u"one-for-all"_s,
        { u"failure_rate=0.6"_s, u"max_restarts=3"_s, u"within=4000"_s }, false });
    cases.append({ u"one-for-all, restart types, live change"_s, u"one-for-all"_s,
        { u"restart=permanent,transient,temporary"_s, u"failure_rate=0.5"_s, u"work_min=0"_s, u"work_max=400"_s,
            u"delay=0"_s },
        true });
    cases.append({ u"nested: a pool gives up and is restarted"_s, u"one-for-one"_s,
        { u"failure_rate=0.5"_s, u"work_min=300"_s, u"work_max=1500"_s, u"delay=200"_s, u"duration=20000"_s }, false, 6,
        kEscalatingTree });
    cases.append({ u"nested: three levels, hangs, a supervisor's shutdown timeout"_s, u"one-for-one"_s,
        { u"failure_rate=0.4"_s, u"work_min=200"_s, u"work_max=2000"_s, u"delay=100"_s, u"duration=15000"_s,
            u"shutdown_timeout=600"_s },
        false, 6, kDeepTree });
    // Every incarnation fails the moment it starts, whatever the seed.
    cases.append({ u"instant failures"_s, u"restart-storm"_s, { u"work_max=0"_s, u"duration=1"_s }, false, 1 });
    return cases;
}

std::shared_ptr<EventLog> runOf(const RunCase &run, quint64 seed)
{
    SupervisorConfig scenario;
    scenario.applyJson(ScenarioCatalog::find(run.scenario)->config);
    if (run.tree) {
        if (const QString problem = scenario.applyJson(QJsonDocument::fromJson(run.tree).object()); !problem.isEmpty())
            qFatal("bad tree in the test: %s", qPrintable(problem));
    }
    scenario.seed = seed;
    scenario.virtualTime = true;
    const SupervisorConfig config = withSettings(scenario, run.settings);
    VirtualRuntime runtime(config);
    if (run.liveChange) {
        runtime.runUntil(config.durationMs * 500);
        runtime.changeParameter(u"delay"_s, u"150"_s);
    }
    runtime.run();
    return runtime.log();
}

QByteArray traceBytes(const EventLog &log, qsizetype count)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (!ChromeTraceWriter::write(log, count, buffer))
        return {};
    return buffer.data();
}

QJsonObject parsedTrace(const QByteArray &bytes, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        *error = u"not JSON: %1 at offset %2"_s.arg(parseError.errorString()).arg(parseError.offset);
    else if (!document.isObject())
        *error = u"not in object form"_s;
    return document.object();
}

bool isWholeNumber(const QJsonValue &value)
{
    return value.isDouble() && value.toDouble() == double(value.toInteger());
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// What the trace format asks of any trace, whatever log it came from: the object form; every event a known
// phase with integer times; metadata naming and ordering every track used; per track, times that never go
// back and slices that nest, read the way the viewers read them (in file order, a slice that begins where
// the previous one ends follows it, anything else that begins inside it must end inside it). On a worker's
// track the incarnations and the restart delays take turns, so nothing nests there at all.
QStringList structuralProblems(const QJsonObject &trace)
{
    QStringList problems;
    const auto problem = [&](const QString &text) {
        if (problems.size() < kMaxProblems)
            problems << text;
    };
    if (!trace.value(u"traceEvents"_s).isArray())
        problem(u"no traceEvents array"_s);
    const QString unit = trace.value(u"displayTimeUnit"_s).toString();
    if (unit != u"ms" && unit != u"ns")
        problem(u"displayTimeUnit is '%1', not ms or ns"_s.arg(unit));
    if (!trace.value(u"otherData"_s).isObject())
        problem(u"no otherData object"_s);

    struct Open
    {
        qint64 ts;
        qint64 end;
    };
    QSet<int> usedTids;
    QSet<int> namedTids;
    QMap<int, qint64> sortIndexes;
    bool processNamed = false;
    QHash<int, qint64> lastTs;
    QHash<int, std::vector<Open>> open; // per track: the slices that enclose the next one, outermost first
    const QJsonArray events = trace.value(u"traceEvents"_s).toArray();
    for (qsizetype i = 0; i < events.size(); ++i) {
        const QJsonObject event = events.at(i).toObject();
        const auto where = [&] { return u"event %1 %2"_s.arg(i).arg(compact(event)); };
        const QString phase = event.value(u"ph"_s).toString();
        const QString name = event.value(u"name"_s).toString();
        const QJsonObject args = event.value(u"args"_s).toObject();
        if (name.isEmpty())
            problem(where() + u": no name"_s);
        if (!isWholeNumber(event.value(u"pid"_s)))
            problem(where() + u": no integer pid"_s);
        const QJsonValue tidValue = event.value(u"tid"_s);
        if (!isWholeNumber(tidValue) || tidValue.toInteger() < 0) {
            problem(where() + u": no tid"_s);
            continue;
        }
        const int tid = int(tidValue.toInteger());

        if (phase == u"M") {
            if (name == u"process_name") {
                processNamed = !args.value(u"name"_s).toString().isEmpty();
            } else if (name == u"thread_name") {
                if (args.value(u"name"_s).toString().isEmpty())
                    problem(where() + u": thread_name without a name"_s);
                namedTids.insert(tid);
            } else if (name == u"process_sort_index") {
                if (!isWholeNumber(args.value(u"sort_index"_s)))
                    problem(where() + u": process_sort_index without an integer sort_index"_s);
            } else if (name == u"thread_sort_index") {
                if (!isWholeNumber(args.value(u"sort_index"_s)))
                    problem(where() + u": thread_sort_index without an integer sort_index"_s);
                sortIndexes.insert(tid, args.value(u"sort_index"_s).toInteger());
            } else {
                problem(where() + u": unknown metadata"_s);
            }
            continue;
        }
        if (phase == u"s" || phase == u"f" || phase == u"C") { // checked against the log by flowAndRateProblems()
            if (!isWholeNumber(event.value(u"ts"_s)) || event.value(u"ts"_s).toInteger() < 0)
                problem(where() + u": ts is not an integer >= 0"_s);
            if (phase != u"C" && !isWholeNumber(event.value(u"id"_s)))
                problem(where() + u": a flow event without an integer id"_s);
            continue;
        }
        if (phase != u"X" && phase != u"i") {
            problem(where() + u": unexpected phase"_s);
            continue;
        }
        const QJsonValue tsValue = event.value(u"ts"_s);
        if (!isWholeNumber(tsValue) || tsValue.toInteger() < 0) {
            problem(where() + u": ts is not an integer >= 0"_s);
            continue;
        }
        const qint64 ts = tsValue.toInteger();
        usedTids.insert(tid);
        if (lastTs.contains(tid) && ts < lastTs.value(tid))
            problem(where() + u": earlier than the event before it on its track (%1)"_s.arg(lastTs.value(tid)));
        lastTs[tid] = ts;
        if (phase == u"i") {
            if (event.value(u"s"_s).toString() != u"t")
                problem(where() + u": an instant that is not thread-scoped"_s);
            continue;
        }
        const QJsonValue durValue = event.value(u"dur"_s);
        if (!isWholeNumber(durValue) || durValue.toInteger() < 0) {
            problem(where() + u": dur is not an integer >= 0"_s);
            continue;
        }
        const qint64 end = ts + durValue.toInteger();
        auto &stack = open[tid];
        while (!stack.empty() && stack.back().end <= ts)
            stack.pop_back();
        if (!stack.empty() && end > stack.back().end) {
            if (stack.back().ts == ts)
                problem(where() + u": longer than a slice before it with the same ts; the enclosing one comes first"_s);
            else
                problem(where()
                    + u": overlaps the slice %1..%2 on its track without nesting in it"_s.arg(stack.back().ts)
                          .arg(stack.back().end));
        }
        if (event.value(u"cat"_s).toString() != u"supervisor" && !stack.empty())
            problem(where()
                + u": inside another slice on a worker's track (%1..%2)"_s.arg(stack.back().ts).arg(stack.back().end));
        stack.push_back({ ts, end });
    }

    if (!processNamed)
        problem(u"no process_name"_s);
    for (const int tid : std::as_const(usedTids)) {
        if (!namedTids.contains(tid))
            problem(u"track %1 has no thread_name"_s.arg(tid));
        if (!sortIndexes.contains(tid))
            problem(u"track %1 has no thread_sort_index"_s.arg(tid));
    }
    // No two tracks in one place: where each goes is checked against the tree with the content.
    QSet<qint64> placed;
    for (auto it = sortIndexes.cbegin(); it != sortIndexes.cend(); ++it) {
        if (placed.contains(it.value()))
            problem(u"track %1 sorts at the place of another track"_s.arg(it.key()));
        placed.insert(it.value());
    }
    return problems;
}

// --- What a log's trace must show, worked out from the log itself ----------------------------------------------

QString sliceText(const QString &name, qint64 fromUs, qint64 untilUs, const QString &detail = {})
{
    return u"%1 %2+%3"_s.arg(name).arg(fromUs).arg(untilUs - fromUs) + (detail.isEmpty() ? QString() : u" "_s + detail);
}

QString delayDetail(qint64 delayMs, qint64 attempt, const QString &end)
{
    return u"%1ms #%2 %3"_s.arg(delayMs).arg(attempt).arg(end);
}

// A program's last lines, as an end's slice and instant carry them, after what else they say.
QString withOutput(const QString &detail, const QString &output)
{
    if (output.isEmpty())
        return detail;
    return (detail.isEmpty() ? QString() : detail + u" "_s) + u"output="_s + output;
}

QString instantText(int tid, qint64 ts, const QString &name, const QString &detail = {})
{
    return u"%1 %2 %3"_s.arg(tid).arg(ts).arg(name) + (detail.isEmpty() ? QString() : u" "_s + detail);
}

struct ExpectedTrace
{
    QHash<int, QStringList> slices; // per track, in the order they happened
    QStringList instants; // sorted
    QHash<int, qint64> starts; // worker -> worker_started events
    qint64 failures = 0;
    bool gaveUp = false;
    bool hasHeader = false;
    RunHeader header;
    QSet<QString> cases; // the situations the log shows, to know the runs cover them
    QHash<int, QString> trackNames; // every track the trace must name
    QHash<int, int> processes; // the process each track must be in
    QList<int> trackOrder; // the tree's tracks in the order they must sort: depth-first, each supervisor's first
};

// Each incarnation runs from its worker_started to its terminal event. A restart delay runs from the decision
// (restart_scheduled), or from the end of the worker's own incarnation that the decision answers, to the
// worker_started it leads to; if the worker was still stopping when the restart was
// decided, it waits only once it is down, so the delay begins at the end of that incarnation; if a second decision
// replaces a pending one (a group restart over a restart of its own), the worker has been waiting since the first.
// A delay under way when the supervisor stops or gives up is cancelled there. What a snapshot leaves open, an
// incarnation running or a worker waiting, ends at the last event.
ExpectedTrace expectedTrace(const EventLog &log, qsizetype count)
{
    struct Worker
    {
        quint32 incarnation = 0;
        qint64 startedUs = -1; // -1: down
        qint64 downSinceUs = 0;
        qint64 decidedUs = -1; // -1: no restart pending
        qint64 delayMs = 0;
        quint32 attempt = 0;
    };
    ExpectedTrace expected;
    std::map<int, Worker> workers;
    SupervisorConfig config;
    std::map<int, std::pair<qint64, QString>> downSince; // dependency -> since, reason
    qint64 lastUs = 0;
    qint64 supervisingUs = -1;
    qint64 stoppingUs = -1;
    struct Nested
    {
        quint32 incarnation = 0;
        qint64 startedUs = -1;
        qint64 stoppingUs = -1;
        qint64 downSinceUs = 0;
        qint64 decidedUs = -1;
        qint64 delayMs = 0;
        quint32 attempt = 0;
    };
    std::map<int, Nested> nested;
    const auto closeDelay = [&](int index, Worker &worker, qint64 untilUs, const QString &end) {
        const qint64 fromUs = std::max(worker.decidedUs, worker.downSinceUs);
        expected.slices[tidOf(index)] << sliceText(
            u"restart delay"_s, fromUs, untilUs, delayDetail(worker.delayMs, worker.attempt, end));
        if (fromUs == untilUs)
            expected.cases.insert(u"zero-length delay"_s);
        worker.decidedUs = -1;
    };
    const auto supervisorSlices = [&](qint64 untilUs) {
        if (supervisingUs >= 0)
            expected.slices[kSupervisorTid] << sliceText(u"supervising"_s, supervisingUs, untilUs);
        if (stoppingUs >= 0)
            expected.slices[kSupervisorTid] << sliceText(u"stopping"_s, stoppingUs, untilUs);
        supervisingUs = stoppingUs = -1;
    };

    for (qsizetype i = 0; i < count; ++i) {
        const LifecycleEvent event = log.at(i);
        lastUs = event.tUs;
        const int tid = tidOf(event.worker);
        if (event.isNestedSupervisors()) {
            // A nested supervisor's track: its incarnations, the time it stops, its give-ups, its restart delays.
            Nested &own = nested[event.supervisorIndex];
            const int track = supervisorTidOf(event.supervisorIndex);
            const auto closeOwnDelay = [&](qint64 untilUs, const QString &end) {
                const qint64 fromUs = std::max(own.decidedUs, own.downSinceUs);
                expected.slices[track] << sliceText(
                    u"restart delay"_s, fromUs, untilUs, delayDetail(own.delayMs, own.attempt, end));
                own.decidedUs = -1;
            };
            switch (event.kind) {
            case EventKind::SupervisorStarted:
                if (own.decidedUs >= 0)
                    closeOwnDelay(event.tUs, u"restarted"_s);
                own.incarnation = event.incarnation;
                own.startedUs = event.tUs;
                if (event.incarnation > 1)
                    expected.cases.insert(u"nested supervisor restarted"_s);
                break;
            case EventKind::SupervisorStopping:
            case EventKind::SupervisorGaveUp:
                if (own.stoppingUs < 0)
                    own.stoppingUs = event.tUs;
                if (event.kind == EventKind::SupervisorGaveUp) {
                    expected.cases.insert(u"nested supervisor gave up"_s);
                    expected.instants << instantText(track, event.tUs, u"supervisor_gave_up"_s, event.reason);
                }
                for (auto &[index, other] : workers) {
                    if (!isBelow(config, event.supervisorIndex, false, index))
                        continue;
                    if (other.decidedUs >= 0 && other.startedUs < 0)
                        closeDelay(index, other, event.tUs, u"cancelled"_s);
                    other.decidedUs = -1;
                }
                for (auto &[index, other] : nested) {
                    if (index == event.supervisorIndex || !isBelow(config, event.supervisorIndex, true, index))
                        continue;
                    if (other.decidedUs >= 0 && other.startedUs < 0) {
                        expected.cases.insert(u"nested supervisor's delay cancelled"_s);
                        expected.slices[supervisorTidOf(index)]
                            << sliceText(u"restart delay"_s, std::max(other.decidedUs, other.downSinceUs), event.tUs,
                                   delayDetail(other.delayMs, other.attempt, u"cancelled"_s));
                    }
                    other.decidedUs = -1;
                }
                break;
            case EventKind::SupervisorStopped:
                if (own.startedUs >= 0) {
                    expected.slices[track] << sliceText(
                        u"incarnation %1"_s.arg(own.incarnation), own.startedUs, event.tUs, u"supervisor_stopped"_s);
                }
                if (own.stoppingUs >= 0)
                    expected.slices[track] << sliceText(u"stopping"_s, own.stoppingUs, event.tUs);
                own.startedUs = own.stoppingUs = -1;
                own.downSinceUs = event.tUs;
                break;
            case EventKind::RestartScheduled:
                if (own.decidedUs < 0)
                    own.decidedUs = event.tUs;
                own.delayMs = event.delayMs;
                own.attempt = event.attempt;
                break;
            default:
                break;
            }
            continue;
        }
        Worker &worker = workers[std::max(event.worker, 0)];
        switch (event.kind) {
        case EventKind::RunStarted:
            expected.hasHeader = true;
            expected.header = event.run;
            config.applyJson(event.run.config);
            for (int d = 0; d < config.dependencies.size(); ++d)
                expected.trackNames.insert(dependencyTidOf(d), u"dependency "_s + config.dependencies.at(d).name);
            break;
        case EventKind::DependencyDown:
            expected.cases.insert(u"dependency down"_s);
            if (!downSince.contains(event.dependency))
                downSince[event.dependency] = { event.tUs, event.reason };
            break;
        case EventKind::DependencyUp:
            if (downSince.contains(event.dependency)) {
                const auto [fromUs, reason] = downSince[event.dependency];
                expected.slices[dependencyTidOf(event.dependency)]
                    << sliceText(u"down (%1)"_s.arg(reason), fromUs, event.tUs, u"back"_s);
                downSince.erase(event.dependency);
            }
            break;
        case EventKind::SupervisorStarted:
            supervisingUs = event.tUs;
            break;
        case EventKind::SupervisorGaveUp:
        case EventKind::SupervisorStopping:
            if (stoppingUs < 0)
                stoppingUs = event.tUs;
            if (event.kind == EventKind::SupervisorGaveUp) {
                expected.gaveUp = true;
                expected.cases.insert(u"gave up"_s);
                expected.instants << instantText(kSupervisorTid, event.tUs, u"supervisor_gave_up"_s, event.reason);
            }
            for (auto &[index, other] : workers) {
                if (other.decidedUs >= 0 && other.startedUs < 0) {
                    expected.cases.insert(u"delay cancelled"_s);
                    closeDelay(index, other, event.tUs, u"cancelled"_s);
                }
                other.decidedUs = -1;
            }
            for (auto &[index, other] : nested) {
                if (other.decidedUs >= 0 && other.startedUs < 0) {
                    const qint64 fromUs = std::max(other.decidedUs, other.downSinceUs);
                    expected.slices[supervisorTidOf(index)] << sliceText(u"restart delay"_s, fromUs, event.tUs,
                        delayDetail(other.delayMs, other.attempt, u"cancelled"_s));
                }
                other.decidedUs = -1;
            }
            break;
        case EventKind::SupervisorStopped:
            supervisorSlices(event.tUs);
            break;
        case EventKind::ConfigChanged:
            expected.cases.insert(u"config changed"_s);
            expected.instants << instantText(
                kSupervisorTid, event.tUs, u"config_changed"_s, u"%1=%2"_s.arg(event.key, event.value));
            break;
        case EventKind::WorkerStarted:
            ++expected.starts[event.worker];
            if (worker.decidedUs >= 0)
                closeDelay(event.worker, worker, event.tUs, u"restarted"_s);
            worker.incarnation = event.incarnation;
            worker.startedUs = event.tUs;
            break;
        case EventKind::WorkerReady: // a program's READY=1: an instant on its track, inside its incarnation
            expected.instants << instantText(tid, event.tUs, u"ready"_s, u"#%1"_s.arg(event.incarnation));
            break;
        case EventKind::WorkerCompleted:
        case EventKind::WorkerFailed:
        case EventKind::WorkerStopped:
        case EventKind::WorkerAbandoned:
            expected.slices[tid] << sliceText(u"incarnation %1"_s.arg(event.incarnation), worker.startedUs, event.tUs,
                withOutput(eventName(event.kind), event.output));
            if (worker.startedUs == event.tUs)
                expected.cases.insert(u"zero-length incarnation"_s);
            if (event.kind == EventKind::WorkerFailed || event.kind == EventKind::WorkerAbandoned)
                expected.instants << instantText(
                    tid, event.tUs, eventName(event.kind), withOutput(event.reason, event.output));
            if (event.kind == EventKind::WorkerFailed)
                ++expected.failures;
            if (event.kind == EventKind::WorkerFailed && isDependencyFailure(event.failure)
                && worker.startedUs == event.tUs) {
                const QString turnedAway
                    = event.failure == FailureKind::Overloaded ? u"refused (overloaded)"_s : u"attempt while down"_s;
                expected.cases.insert(turnedAway);
                for (int d = 0; d < config.dependencies.size(); ++d) {
                    if (config.dependencies.at(d).name == dependencyOfReason(event.reason))
                        expected.instants << instantText(dependencyTidOf(d), event.tUs, turnedAway);
                }
            }
            if (event.kind == EventKind::WorkerFailed && event.reason == u"heartbeat_timeout")
                expected.cases.insert(u"hang"_s);
            if (event.kind == EventKind::WorkerAbandoned && stoppingUs < 0)
                expected.cases.insert(u"sibling abandoned"_s);
            if (worker.decidedUs >= 0)
                expected.cases.insert(u"decided while stopping"_s);
            worker.startedUs = -1;
            worker.downSinceUs = event.tUs;
            break;
        case EventKind::RestartScheduled:
            if (worker.decidedUs >= 0 && worker.startedUs < 0)
                expected.cases.insert(u"rescheduled while waiting"_s);
            // A restart of a worker for its own end waits from that end (the decision may come a moment later).
            if (worker.decidedUs < 0) {
                const bool ownEnd = event.cause.supervisor < 0 && event.cause.worker == event.worker
                    && event.cause.incarnation == worker.incarnation && worker.startedUs < 0;
                worker.decidedUs = ownEnd ? worker.downSinceUs : event.tUs;
            }
            worker.delayMs = event.delayMs;
            worker.attempt = event.attempt;
            break;
        case EventKind::WorkerStopping:
            if (event.reason == u"sibling_failed")
                expected.cases.insert(u"sibling stopped"_s);
            break;
        case EventKind::CircuitOpened:
        case EventKind::CircuitHalfOpen:
        case EventKind::CircuitClosed:
            expected.cases.insert(eventName(event.kind));
            expected.instants << instantText(tid, event.tUs, eventName(event.kind));
            break;
        default:
            break;
        }
    }
    for (auto &[index, worker] : workers) {
        if (worker.startedUs >= 0) {
            expected.cases.insert(u"snapshot: running"_s);
            expected.slices[tidOf(index)]
                << sliceText(u"incarnation %1"_s.arg(worker.incarnation), worker.startedUs, lastUs, u"running"_s);
        } else if (worker.decidedUs >= 0) {
            expected.cases.insert(u"snapshot: waiting"_s);
            closeDelay(index, worker, lastUs, u"waiting"_s);
        }
    }
    for (const auto &[dependency, down] : downSince) {
        expected.slices[dependencyTidOf(dependency)]
            << sliceText(u"down (%1)"_s.arg(down.second), down.first, lastUs, u"still down"_s);
    }
    for (auto &[index, own] : nested) {
        const int track = supervisorTidOf(index);
        if (own.startedUs >= 0) {
            expected.slices[track] << sliceText(
                u"incarnation %1"_s.arg(own.incarnation), own.startedUs, lastUs, u"running"_s);
            if (own.stoppingUs >= 0)
                expected.slices[track] << sliceText(u"stopping"_s, own.stoppingUs, lastUs);
        } else if (own.decidedUs >= 0) {
            expected.slices[track] << sliceText(u"restart delay"_s, std::max(own.decidedUs, own.downSinceUs), lastUs,
                delayDetail(own.delayMs, own.attempt, u"waiting"_s));
        }
    }
    for (int worker = 0; worker < config.workers; ++worker) {
        expected.trackNames.insert(tidOf(worker),
            config.isTree() ? u"worker %1: %2"_s.arg(worker).arg(config.workerName(worker))
                            : u"worker %1"_s.arg(worker));
    }
    // Each supervisor's track, then its children's, depth-first; a nested run puts each supervisor in its process.
    const std::function<void(int)> place = [&](int supervisor) {
        const int process = config.isNested() ? 1 + supervisor : 1;
        expected.trackOrder << supervisorTidOf(supervisor);
        expected.processes.insert(supervisorTidOf(supervisor), process);
        if (supervisor > 0)
            expected.trackNames.insert(
                supervisorTidOf(supervisor), u"supervisor "_s + config.supervisorName(supervisor));
        for (const TreeChild &child : config.childrenOf(supervisor)) {
            if (child.supervisor) {
                place(child.index);
            } else {
                expected.trackOrder << tidOf(child.index);
                expected.processes.insert(tidOf(child.index), process);
            }
        }
    };
    place(0);
    supervisorSlices(lastUs);
    expected.instants.sort();
    return expected;
}

struct WrittenTrace
{
    QHash<int, QStringList> slices; // per track, in file order
    QStringList instants; // sorted
    QHash<int, QString> threadNames;
    QHash<int, qint64> sortIndexes;
    QHash<int, int> processes; // of every track used or named
};

WrittenTrace writtenTrace(const QJsonObject &trace)
{
    WrittenTrace written;
    for (const QJsonValue &value : trace.value(u"traceEvents"_s).toArray()) {
        const QJsonObject event = value.toObject();
        const QString phase = event.value(u"ph"_s).toString();
        const QString name = event.value(u"name"_s).toString();
        const int tid = event.value(u"tid"_s).toInt();
        const qint64 ts = event.value(u"ts"_s).toInteger();
        const QJsonObject args = event.value(u"args"_s).toObject();
        if (phase == u"M" && name == u"process_name")
            continue; // a process, not a track
        if (written.processes.contains(tid) && written.processes.value(tid) != event.value(u"pid"_s).toInt())
            written.processes.insert(tid, -1); // one track, two processes
        else
            written.processes.insert(tid, event.value(u"pid"_s).toInt());
        if (phase == u"M" && name == u"thread_sort_index")
            written.sortIndexes.insert(tid, args.value(u"sort_index"_s).toInteger());
        if (phase == u"M" && name == u"thread_name") {
            written.threadNames.insert(tid, args.value(u"name"_s).toString());
        } else if (phase == u"X") {
            const qint64 untilUs = ts + event.value(u"dur"_s).toInteger();
            const QString category = event.value(u"cat"_s).toString();
            QString detail;
            if (name == u"restart delay")
                detail = delayDetail(args.value(u"delay_ms"_s).toInteger(), args.value(u"attempt"_s).toInteger(),
                    args.value(u"end"_s).toString());
            else if (category == u"worker")
                detail = withOutput(args.value(u"end"_s).toString(), args.value(u"output"_s).toString());
            else if (category == u"dependency" || category == u"supervisor")
                detail = args.value(u"end"_s).toString();
            written.slices[tid] << sliceText(name, ts, untilUs, detail);
        } else if (phase == u"i") {
            QString detail = withOutput(args.value(u"reason"_s).toString(), args.value(u"output"_s).toString());
            if (name == u"ready")
                detail = u"#%1"_s.arg(args.value(u"incarnation"_s).toInteger());
            if (args.contains(u"key"_s))
                detail = u"%1=%2"_s.arg(args.value(u"key"_s).toString(), args.value(u"value"_s).toString());
            written.instants << instantText(tid, ts, name, detail);
        }
    }
    written.instants.sort();
    return written;
}

// The trace shows the log: every incarnation, restart delay, failure, give-up, circuit transition and live change,
// at the log's times, in the order they happened on each track, and the run's config.
QStringList contentProblems(const QJsonObject &trace, const EventLog &log, qsizetype count)
{
    QStringList problems;
    const auto problem = [&](const QString &text) {
        if (problems.size() < kMaxProblems)
            problems << text;
    };
    const ExpectedTrace expected = expectedTrace(log, count);
    const WrittenTrace written = writtenTrace(trace);

    QSet<int> tids;
    for (auto it = expected.slices.cbegin(); it != expected.slices.cend(); ++it)
        tids.insert(it.key());
    for (auto it = written.slices.cbegin(); it != written.slices.cend(); ++it)
        tids.insert(it.key());
    QList<int> sortedTids = tids.values();
    std::sort(sortedTids.begin(), sortedTids.end());
    for (const int tid : std::as_const(sortedTids)) {
        const QStringList want = expected.slices.value(tid);
        const QStringList got = written.slices.value(tid);
        for (qsizetype i = 0; i < std::max(want.size(), got.size()); ++i) {
            if (want.value(i) != got.value(i)) {
                problem(u"track %1, slice %2 of %3: expected '%4', written '%5'"_s.arg(tid)
                            .arg(i)
                            .arg(want.size())
                            .arg(want.value(i), got.value(i)));
                break;
            }
        }
    }
    for (auto it = expected.starts.cbegin(); it != expected.starts.cend(); ++it) {
        const QStringList slices = written.slices.value(tidOf(it.key()));
        const auto incarnations = std::count_if(
            slices.begin(), slices.end(), [](const QString &text) { return text.startsWith(u"incarnation "); });
        if (incarnations != it.value())
            problem(u"worker %1: %2 incarnation slices for %3 worker_started"_s.arg(it.key())
                        .arg(incarnations)
                        .arg(it.value()));
    }
    const auto instantsNamed = [&](const QString &name) {
        return std::count_if(written.instants.begin(), written.instants.end(),
            [&](const QString &text) { return text.section(u' ', 2, 2) == name; });
    };
    if (instantsNamed(u"worker_failed"_s) != expected.failures)
        problem(u"%1 worker_failed instants for %2 failures"_s.arg(instantsNamed(u"worker_failed"_s))
                    .arg(expected.failures));
    for (auto it = expected.processes.cbegin(); it != expected.processes.cend(); ++it) {
        if (written.processes.contains(it.key()) && written.processes.value(it.key()) != it.value())
            problem(u"track %1 is in process %2, not %3"_s.arg(it.key())
                        .arg(written.processes.value(it.key()))
                        .arg(it.value()));
    }
    for (qsizetype i = 1; i < expected.trackOrder.size(); ++i) {
        const int above = expected.trackOrder.at(i - 1);
        const int below = expected.trackOrder.at(i);
        if (written.sortIndexes.contains(above) && written.sortIndexes.contains(below)
            && written.sortIndexes.value(above) >= written.sortIndexes.value(below))
            problem(u"track %1 does not sort below track %2, as the tree has it"_s.arg(below).arg(above));
    }
    const bool gaveUpShown = std::any_of(written.instants.begin(), written.instants.end(), [](const QString &text) {
        return text.startsWith(u"%1 "_s.arg(kSupervisorTid)) && text.section(u' ', 2, 2) == u"supervisor_gave_up";
    });
    if (gaveUpShown != expected.gaveUp)
        problem(
            expected.gaveUp ? u"the give-up is not on the supervisor's track"_s : u"a give-up that did not happen"_s);
    if (written.instants != expected.instants) {
        for (qsizetype i = 0; i < std::max(expected.instants.size(), written.instants.size()); ++i) {
            if (expected.instants.value(i) != written.instants.value(i)) {
                problem(u"instants differ: expected '%1', written '%2'"_s.arg(
                    expected.instants.value(i), written.instants.value(i)));
                break;
            }
        }
    }

    const QJsonObject otherData = trace.value(u"otherData"_s).toObject();
    const RunHeader header = expected.hasHeader ? expected.header : RunHeader();
    if (otherData.value(u"config"_s).toObject() != header.config)
        problem(u"otherData.config %1 is not the run's config %2"_s.arg(
            compact(otherData.value(u"config"_s).toObject()), compact(header.config)));
    if (quint64(otherData.value(u"seed"_s).toInteger()) != header.seed)
        problem(u"otherData.seed is not the run's seed"_s);
    if (otherData.value(u"version"_s).toString() != header.version)
        problem(u"otherData.version is not the run's version"_s);

    for (auto it = written.threadNames.cbegin(); it != written.threadNames.cend(); ++it) {
        const QString name = it.key() == kSupervisorTid
            ? u"supervisor"_s
            : expected.trackNames.value(it.key(), u"worker %1"_s.arg(it.key() - 1));
        if (it.value() != name)
            problem(u"track %1 is named '%2', not '%3'"_s.arg(it.key()).arg(it.value(), name));
    }
    return problems;
}

// One arrow from a failure to a restart it caused, as the log tells it: (failing worker's track, failure time,
// restarted worker's track, restart time).
using Flow = std::tuple<int, qint64, int, qint64>;

// Every restart (a worker_started with incarnation > 1) whose decision answered a worker's failure, worked out from
// the log: the restart_scheduled that led to it (the last one for that worker since its previous start, unless a
// supervisor above it stopped or gave up since) names the failure as its cause.
QList<Flow> expectedFlows(const EventLog &log, qsizetype count)
{
    SupervisorConfig config;
    std::map<std::pair<int, quint32>, qint64> failures; // worker, incarnation -> time
    std::map<int, std::optional<std::pair<int, quint32>>> pending; // worker -> the failure its restart answers
    QList<Flow> flows;
    for (qsizetype i = 0; i < count; ++i) {
        const LifecycleEvent event = log.at(i);
        switch (event.kind) {
        case EventKind::RunStarted:
            config.applyJson(event.run.config);
            break;
        case EventKind::WorkerFailed:
            failures[{ event.worker, event.incarnation }] = event.tUs;
            break;
        case EventKind::RestartScheduled:
            if (!event.has(FieldWorker))
                break;
            pending[event.worker] = std::nullopt;
            if (event.cause.supervisor < 0 && failures.contains({ event.cause.worker, event.cause.incarnation }))
                pending[event.worker] = std::make_pair(event.cause.worker, event.cause.incarnation);
            break;
        case EventKind::SupervisorStopping:
        case EventKind::SupervisorGaveUp:
            for (auto &[worker, cause] : pending) {
                if (isBelow(config, std::max(event.supervisorIndex, 0), false, worker))
                    cause = std::nullopt;
            }
            break;
        case EventKind::WorkerStarted:
            if (event.incarnation > 1 && pending[event.worker]) {
                const auto failure = *pending[event.worker];
                flows << Flow { tidOf(failure.first), failures[failure], tidOf(event.worker), event.tUs };
            }
            pending[event.worker] = std::nullopt;
            break;
        default:
            break;
        }
    }
    std::sort(flows.begin(), flows.end());
    return flows;
}

// Flows: each restart caused by a failure has exactly one "s"/"f" pair, with one id of its own, the same cat and name,
// "bp":"e" on the end, at the failure's and the restart's times on the failing and the restarted worker's tracks;
// each is bound, as Perfetto binds it (to the slice last begun on its thread), to a slice that begins at its time
// there: the restart delay that begins at the failure, the incarnation that the restart begins; and to the same slice
// as Chrome's DevTools binds it (the first other event of the flow event's ts, pid, tid and cat). The counter: the
// restart rate of RunStatistics (A's rule) wherever it changes, and nothing else.
QStringList flowAndRateProblems(const QJsonObject &trace, const EventLog &log, qsizetype count)
{
    QStringList problems;
    const auto problem = [&](const QString &text) {
        if (problems.size() < kMaxProblems)
            problems << text;
    };
    struct Point
    {
        int pid = -1;
        int tid = -1;
        qint64 ts = -1;
        QString cat;
        QString name;
        QString boundTo; // the name of the slice last begun on its thread
        qint64 boundTs = -1;
        qint64 boundDur = -1;
        int count = 0;
    };
    std::map<qint64, std::pair<Point, Point>> flows; // id -> start, end
    QHash<int, QJsonObject> lastSlice; // per tid
    QList<std::pair<qint64, double>> counters;
    const auto bindingKey = [](qint64 ts, int pid, int tid, const QString &cat) {
        return u"%1 %2 %3 %4"_s.arg(ts).arg(pid).arg(tid).arg(cat);
    };
    QHash<QString, QJsonObject> firstEventAt; // DevTools' binding key -> the first other event there
    const QJsonArray events = trace.value(u"traceEvents"_s).toArray();
    for (const QJsonValue &value : events) {
        const QJsonObject event = value.toObject();
        const QString phase = event.value(u"ph"_s).toString();
        const int tid = event.value(u"tid"_s).toInt();
        if (phase != u"s" && phase != u"f" && phase != u"M") {
            const QString key = bindingKey(
                event.value(u"ts"_s).toInteger(), event.value(u"pid"_s).toInt(), tid, event.value(u"cat"_s).toString());
            if (!firstEventAt.contains(key))
                firstEventAt.insert(key, event);
        }
        if (phase == u"X") {
            lastSlice[tid] = event;
        } else if (phase == u"s" || phase == u"f") {
            Point &point = phase == u"s" ? flows[event.value(u"id"_s).toInteger()].first
                                         : flows[event.value(u"id"_s).toInteger()].second;
            ++point.count;
            point.pid = event.value(u"pid"_s).toInt();
            point.tid = tid;
            point.ts = event.value(u"ts"_s).toInteger();
            point.cat = event.value(u"cat"_s).toString();
            point.name = event.value(u"name"_s).toString();
            point.boundTo = lastSlice.value(tid).value(u"name"_s).toString();
            point.boundTs = lastSlice.value(tid).value(u"ts"_s).toInteger(-1);
            point.boundDur = lastSlice.value(tid).value(u"dur"_s).toInteger(-1);
            const qint64 end = point.boundTs + point.boundDur;
            if (point.ts < point.boundTs || point.ts > end)
                problem(u"flow %1 %2 at %3 is outside the slice before it on track %4"_s.arg(phase)
                            .arg(event.value(u"id"_s).toInteger())
                            .arg(point.ts)
                            .arg(tid));
            if (phase == u"f" && event.value(u"bp"_s).toString() != u"e")
                problem(
                    u"flow end %1 does not bind to its enclosing slice (bp)"_s.arg(event.value(u"id"_s).toInteger()));
        } else if (phase == u"C") {
            if (event.value(u"name"_s).toString() != u"restart rate"
                || !event.value(u"args"_s).toObject().contains(u"restarts/s"_s))
                problem(u"a counter that is not the restart rate: "_s + compact(event));
            counters.append({ event.value(u"ts"_s).toInteger(),
                event.value(u"args"_s).toObject().value(u"restarts/s"_s).toDouble() });
        }
    }
    QList<Flow> written;
    for (const auto &[id, ends] : flows) {
        const auto &[start, end] = ends;
        if (start.count != 1 || end.count != 1) {
            problem(u"flow %1 has %2 starts and %3 ends"_s.arg(id).arg(start.count).arg(end.count));
            continue;
        }
        if (start.cat != end.cat || start.name != end.name || start.cat.isEmpty())
            problem(u"flow %1's ends differ in cat or name"_s.arg(id));
        // In the restart delay that begins at the failure, or in the failed incarnation if it lasted no time.
        const bool startsInDelay = start.boundTo.startsWith(u"restart delay"_s);
        const bool startsInFailedAtOnce = start.boundTo.startsWith(u"incarnation "_s) && start.boundDur == 0;
        if (!(startsInDelay || startsInFailedAtOnce) || start.boundTs != start.ts)
            problem(u"flow %1 starts in '%2' at %3, not in the restart delay that begins at the failure (%4)"_s.arg(id)
                        .arg(start.boundTo)
                        .arg(start.boundTs)
                        .arg(start.ts));
        if (!end.boundTo.startsWith(u"incarnation "_s) || end.boundTs != end.ts)
            problem(u"flow %1 ends in '%2' at %3, not in the incarnation the restart began (%4)"_s.arg(id)
                        .arg(end.boundTo)
                        .arg(end.boundTs)
                        .arg(end.ts));
        // DevTools may bind to a slice that lasted no time where another begins at once (a restart delay cut short
        // by a slow stop, an incarnation that failed at once): the arrow ends at the same point of the same track.
        for (const Point *point : { &start, &end }) {
            const QJsonObject devToolsSlice
                = firstEventAt.value(bindingKey(point->ts, point->pid, point->tid, point->cat));
            const QString devToolsBound = devToolsSlice.value(u"name"_s).toString();
            const bool samePoint
                = devToolsSlice.value(u"ph"_s) == u"X"_s && devToolsSlice.value(u"dur"_s).toInteger() == 0;
            if (devToolsBound != point->boundTo && !samePoint)
                problem(u"flow %1 %2 is bound to '%3' by DevTools (ts, pid, tid, cat %4), not to '%5'"_s.arg(id).arg(
                    point == &start ? u"start"_s : u"end"_s, devToolsBound, point->cat, point->boundTo));
        }
        written << Flow { start.tid, start.ts, end.tid, end.ts };
    }
    std::sort(written.begin(), written.end());
    const QList<Flow> expected = expectedFlows(log, count);
    if (written != expected) {
        for (qsizetype i = 0; i < std::max(written.size(), expected.size()); ++i) {
            const auto text = [](const QList<Flow> &list, qsizetype at) {
                if (at >= list.size())
                    return u"none"_s;
                const auto &[fromTid, fromUs, toTid, toUs] = list.at(at);
                return u"%1@%2 -> %3@%4"_s.arg(fromTid).arg(fromUs).arg(toTid).arg(toUs);
            };
            if (i >= written.size() || i >= expected.size() || written.at(i) != expected.at(i)) {
                problem(u"flow %1 of %2: expected %3, written %4"_s.arg(i)
                            .arg(expected.size())
                            .arg(text(expected, i), text(written, i)));
                break;
            }
        }
    }

    // The counter steps where A's rule changes, to its value there, and holds it in between.
    RunStatistics statistics;
    statistics.update(log, count);
    const qint64 lastUs = count > 0 ? log.timeAt(count - 1) : 0;
    for (qsizetype i = 1; i < counters.size(); ++i) {
        if (counters.at(i).first <= counters.at(i - 1).first)
            problem(u"counter values out of time order at %1"_s.arg(counters.at(i).first));
    }
    if (count > 0 && (counters.isEmpty() || counters.first().first != 0))
        problem(u"the restart rate counter does not begin at 0"_s);
    qsizetype next = 0;
    double shown = 0;
    for (qint64 tUs = 0; tUs <= lastUs && !counters.isEmpty(); tUs += RestartRate::kStepUs) {
        while (next < counters.size() && counters.at(next).first <= tUs)
            shown = counters.at(next++).second;
        if (shown != statistics.restartRate().at(tUs)) {
            problem(u"at %1 the counter shows %2 restarts/s, the rule %3"_s.arg(tUs).arg(shown).arg(
                statistics.restartRate().at(tUs)));
            break;
        }
    }
    if (next < counters.size())
        problem(u"a counter value after the last event, at %1"_s.arg(counters.at(next).first));
    return problems;
}

QStringList problemsOf(const EventLog &log, qsizetype count)
{
    QString error;
    const QJsonObject trace = parsedTrace(traceBytes(log, count), &error);
    if (!error.isEmpty())
        return { error };
    return structuralProblems(trace) + contentProblems(trace, log, count) + flowAndRateProblems(trace, log, count);
}

// Where to cut a log for snapshots: the very start, even fractions, and just after each kind of event that leaves
// something open (a restart decided while a sibling stops, a stop under way, an abandonment, an open circuit).
QList<qsizetype> snapshotCounts(const EventLog &log)
{
    QSet<qsizetype> counts { 0, 1, 2, 3, log.size() - 1 };
    for (int part = 1; part < 8; ++part)
        counts.insert(log.size() * part / 8);
    QSet<EventKind> seen;
    QSet<int> running;
    bool decidedWhileRunningSeen = false;
    for (qsizetype i = 0; i < log.size(); ++i) {
        const LifecycleEvent event = log.at(i);
        if (event.kind == EventKind::WorkerStarted)
            running.insert(event.worker);
        else if (event.isTerminal())
            running.remove(event.worker);
        if (!seen.contains(event.kind)) {
            seen.insert(event.kind);
            counts.insert(i + 1);
        }
        if (!decidedWhileRunningSeen && event.kind == EventKind::RestartScheduled && running.contains(event.worker)) {
            decidedWhileRunningSeen = true;
            counts.insert(i + 1);
        }
    }
    QList<qsizetype> sorted;
    for (const qsizetype count : std::as_const(counts)) {
        if (count >= 0 && count <= log.size())
            sorted << count;
    }
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

QJsonObject traceOf(const EventLog &log)
{
    QString error;
    const QJsonObject trace = parsedTrace(traceBytes(log, log.size()), &error);
    if (!error.isEmpty())
        qWarning("%s", qPrintable(error));
    return trace;
}

// A device that keeps what it is given and how it was given: the writer's chunks.
class ChunkRecorder : public QBuffer
{
public:
    QList<qint64> chunks;

protected:
    qint64 writeData(const char *data, qint64 length) override
    {
        chunks << length;
        return QBuffer::writeData(data, length);
    }
};

} // namespace

class TestChromeTrace : public QObject
{
    Q_OBJECT

private slots:
    void realRunsExportWhatHappened_data();
    void realRunsExportWhatHappened();
    void snapshotsCloseWhatIsStillOpen_data();
    void snapshotsCloseWhatIsStillOpen();
    void theRunsCoverEveryCase();
    void delayDecidedWhileStoppingBeginsWhenTheWorkerIsDown();
    void zeroLengthSlicesStayInTheOrderTheyHappened();
    void rescheduledRestartWaitsFromTheFirstDecision();
    void pendingRestartIsCancelledAtTheStop_data();
    void pendingRestartIsCancelledAtTheStop();
    void runningIncarnationEndsAtTheLastEvent();
    void configChangesAreSupervisorInstants();
    void programsShowReadinessAndOutput();
    void emptyAndTinyLogs_data();
    void emptyAndTinyLogs();
    void workersBeyondTheConfigGetTracks();
    void outputIsDeterministicAndStreamed();
    void aFailureFlowsToEveryRestartItCaused();
    void theImporterRefusesATrace();
};

void TestChromeTrace::realRunsExportWhatHappened_data()
{
    QTest::addColumn<int>("runCase");
    QTest::addColumn<quint64>("seed");
    const QList<RunCase> cases = runCases();
    for (int i = 0; i < cases.size(); ++i) {
        for (quint64 seed = 1; seed <= cases.at(i).seeds; ++seed)
            QTest::addRow("%s, seed %llu", qPrintable(cases.at(i).label), seed) << i << seed;
    }
}

void TestChromeTrace::realRunsExportWhatHappened()
{
    QFETCH(int, runCase);
    QFETCH(quint64, seed);
    const auto log = runOf(runCases().at(runCase), seed);
    QVERIFY(log->size() > 3);
    const QStringList problems = problemsOf(*log, log->size());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"\n"_s)));
}

void TestChromeTrace::snapshotsCloseWhatIsStillOpen_data()
{
    realRunsExportWhatHappened_data();
}

void TestChromeTrace::snapshotsCloseWhatIsStillOpen()
{
    QFETCH(int, runCase);
    QFETCH(quint64, seed);
    const auto log = runOf(runCases().at(runCase), seed);
    for (const qsizetype count : snapshotCounts(*log)) {
        const QStringList problems = problemsOf(*log, count);
        QVERIFY2(problems.isEmpty(),
            qPrintable(u"snapshot of %1 of %2 events:\n"_s.arg(count).arg(log->size()) + problems.join(u"\n"_s)));
    }
}

void TestChromeTrace::theRunsCoverEveryCase()
{
    QSet<QString> seen;
    for (const RunCase &run : runCases()) {
        for (quint64 seed = 1; seed <= run.seeds; ++seed) {
            const auto log = runOf(run, seed);
            seen += expectedTrace(*log, log->size()).cases;
            for (const qsizetype count : snapshotCounts(*log))
                seen += expectedTrace(*log, count).cases;
        }
    }
    const QSet<QString> wanted { u"sibling stopped"_s, u"decided while stopping"_s, u"rescheduled while waiting"_s,
        u"delay cancelled"_s, u"hang"_s, u"sibling abandoned"_s, u"circuit_opened"_s, u"circuit_half_open"_s,
        u"circuit_closed"_s, u"gave up"_s, u"config changed"_s, u"zero-length incarnation"_s, u"snapshot: running"_s,
        u"snapshot: waiting"_s, u"nested supervisor gave up"_s, u"nested supervisor restarted"_s,
        u"nested supervisor's delay cancelled"_s };
    const QSet<QString> missing = wanted - seen;
    QVERIFY2(missing.isEmpty(), qPrintable(missing.values().join(u", "_s)));
}

void TestChromeTrace::delayDecidedWhileStoppingBeginsWhenTheWorkerIsDown()
{
    // One-for-all: worker 0 fails, worker 1 is asked to stop, both restarts are decided at once. Worker 1 takes
    // longer to stop than the 300 ms delay, so the group starts the moment it is down.
    LogScript script({ u"workers=2"_s, u"strategy=one-for-all"_s });
    script.start(0, 0, 1);
    script.start(0, 1, 1);
    script.end(1'000'000, EventKind::WorkerFailed, 0, 1, u"error"_s);
    script.add(1'000'000, LifecycleEvent::forWorker(EventKind::WorkerStopping, 1, 1, u"sibling_failed"_s));
    script.schedule(1'000'000, 0, 300, 1);
    script.schedule(1'000'000, 1, 300, 1);
    script.end(1'500'000, EventKind::WorkerStopped, 1, 1);
    script.start(1'500'000, 0, 2);
    script.start(1'500'000, 1, 2);
    script.add(2'000'000, LifecycleEvent::supervisor(EventKind::SupervisorStopping));
    script.add(2'000'000, LifecycleEvent::forWorker(EventKind::WorkerStopping, 0, 2, u"shutdown"_s));
    script.add(2'000'000, LifecycleEvent::forWorker(EventKind::WorkerStopping, 1, 2, u"shutdown"_s));
    script.end(2'100'000, EventKind::WorkerStopped, 0, 2);
    script.end(2'200'000, EventKind::WorkerStopped, 1, 2);
    script.add(2'200'000, LifecycleEvent::supervisor(EventKind::SupervisorStopped));

    const QStringList problems = problemsOf(script.log, script.log.size());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"\n"_s)));
    const WrittenTrace written = writtenTrace(traceOf(script.log));
    QCOMPARE(written.slices.value(tidOf(0)),
        (QStringList { u"incarnation 1 0+1000000 worker_failed"_s, u"restart delay 1000000+500000 300ms #1 restarted"_s,
            u"incarnation 2 1500000+600000 worker_stopped"_s }));
    QCOMPARE(written.slices.value(tidOf(1)),
        (QStringList { u"incarnation 1 0+1500000 worker_stopped"_s, u"restart delay 1500000+0 300ms #1 restarted"_s,
            u"incarnation 2 1500000+700000 worker_stopped"_s }));
    QCOMPARE(written.slices.value(kSupervisorTid),
        (QStringList { u"supervising 0+2200000"_s, u"stopping 2000000+200000"_s }));
}

void TestChromeTrace::zeroLengthSlicesStayInTheOrderTheyHappened()
{
    // A worker that fails the moment it starts, restarted without delay: everything happens at one time.
    LogScript script;
    script.start(0, 0, 1);
    script.end(0, EventKind::WorkerFailed, 0, 1, u"error"_s);
    script.schedule(0, 0, 0, 1);
    script.start(0, 0, 2);
    script.end(0, EventKind::WorkerFailed, 0, 2, u"error"_s);
    script.schedule(0, 0, 0, 2);
    script.start(1, 0, 3);
    script.end(5'000, EventKind::WorkerCompleted, 0, 3);
    script.add(5'000, LifecycleEvent::supervisor(EventKind::SupervisorStopping));
    script.add(5'000, LifecycleEvent::supervisor(EventKind::SupervisorStopped));

    const QStringList problems = problemsOf(script.log, script.log.size());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"\n"_s)));
    const WrittenTrace written = writtenTrace(traceOf(script.log));
    QCOMPARE(written.slices.value(tidOf(0)),
        (QStringList { u"incarnation 1 0+0 worker_failed"_s, u"restart delay 0+0 0ms #1 restarted"_s,
            u"incarnation 2 0+0 worker_failed"_s, u"restart delay 0+1 0ms #2 restarted"_s,
            u"incarnation 3 1+4999 worker_completed"_s }));
    QCOMPARE(written.instants, (QStringList { u"1 0 worker_failed error"_s, u"1 0 worker_failed error"_s }));
}

void TestChromeTrace::rescheduledRestartWaitsFromTheFirstDecision()
{
    // One-for-all: worker 0 completes and waits for its restart; worker 1 fails before that restart is due, and
    // the group restart replaces worker 0's own. Worker 0 waits from its first decision to its start.
    LogScript script({ u"workers=2"_s, u"strategy=one-for-all"_s });
    script.start(0, 0, 1);
    script.start(0, 1, 1);
    script.end(1'000'000, EventKind::WorkerCompleted, 0, 1);
    script.schedule(1'000'000, 0, 300, 1);
    script.end(1'100'000, EventKind::WorkerFailed, 1, 1, u"error"_s);
    script.schedule(1'100'000, 0, 300, 1);
    script.schedule(1'100'000, 1, 300, 1);
    script.start(1'400'000, 0, 2);
    script.start(1'400'000, 1, 2);

    const QStringList problems = problemsOf(script.log, script.log.size());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"\n"_s)));
    const WrittenTrace written = writtenTrace(traceOf(script.log));
    QCOMPARE(written.slices.value(tidOf(0)),
        (QStringList { u"incarnation 1 0+1000000 worker_completed"_s,
            u"restart delay 1000000+400000 300ms #1 restarted"_s, u"incarnation 2 1400000+0 running"_s }));
    QCOMPARE(written.slices.value(tidOf(1)),
        (QStringList { u"incarnation 1 0+1100000 worker_failed"_s, u"restart delay 1100000+300000 300ms #1 restarted"_s,
            u"incarnation 2 1400000+0 running"_s }));
}

void TestChromeTrace::pendingRestartIsCancelledAtTheStop_data()
{
    QTest::addColumn<bool>("gaveUp");
    QTest::addRow("stop requested") << false;
    QTest::addRow("gave up") << true;
}

void TestChromeTrace::pendingRestartIsCancelledAtTheStop()
{
    QFETCH(bool, gaveUp);
    // Worker 0 waits for its restart when the supervisor stops; worker 1 is still stopping for the group restart,
    // so it never began to wait, and nothing of its cancelled restart shows.
    LogScript script({ u"workers=2"_s, u"strategy=one-for-all"_s });
    script.start(0, 0, 1);
    script.start(0, 1, 1);
    script.end(1'000'000, EventKind::WorkerFailed, 0, 1, u"error"_s);
    script.add(1'000'000, LifecycleEvent::forWorker(EventKind::WorkerStopping, 1, 1, u"sibling_failed"_s));
    script.schedule(1'000'000, 0, 300, 1);
    script.schedule(1'000'000, 1, 300, 1);
    if (gaveUp)
        script.add(1'200'000, LifecycleEvent::supervisor(EventKind::SupervisorGaveUp, u"restart intensity"_s));
    else
        script.add(1'200'000, LifecycleEvent::supervisor(EventKind::SupervisorStopping));
    script.end(1'250'000, EventKind::WorkerStopped, 1, 1);
    script.add(1'250'000, LifecycleEvent::supervisor(EventKind::SupervisorStopped));
    script.add(1'250'000, LifecycleEvent::runFinished({ 0, 1, 0 }));

    const QStringList problems = problemsOf(script.log, script.log.size());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"\n"_s)));
    const WrittenTrace written = writtenTrace(traceOf(script.log));
    QCOMPARE(written.slices.value(tidOf(0)),
        (QStringList {
            u"incarnation 1 0+1000000 worker_failed"_s, u"restart delay 1000000+200000 300ms #1 cancelled"_s }));
    QCOMPARE(written.slices.value(tidOf(1)), (QStringList { u"incarnation 1 0+1250000 worker_stopped"_s }));
    QCOMPARE(written.instants.contains(u"0 1200000 supervisor_gave_up restart intensity"_s), gaveUp);
}

void TestChromeTrace::runningIncarnationEndsAtTheLastEvent()
{
    // A log that ends mid-run: worker 0 still running, worker 1 waiting for its restart, worker 2 still stopping
    // with a restart decided for when it is down.
    LogScript script({ u"workers=3"_s });
    script.start(100, 0, 1);
    script.start(100, 1, 1);
    script.start(100, 2, 1);
    script.end(500, EventKind::WorkerFailed, 1, 1, u"error"_s);
    script.schedule(500, 1, 1000, 1);
    script.add(600, LifecycleEvent::forWorker(EventKind::WorkerStopping, 2, 1, u"sibling_failed"_s));
    script.schedule(600, 2, 1000, 1);
    script.add(900, LifecycleEvent::configChanged(u"delay"_s, u"1000"_s));

    for (const qsizetype count : { script.log.size(), script.log.size() - 1 }) {
        const QStringList problems = problemsOf(script.log, count);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"\n"_s)));
    }
    const WrittenTrace written = writtenTrace(traceOf(script.log));
    QCOMPARE(written.slices.value(tidOf(0)), QStringList { u"incarnation 1 100+800 running"_s });
    QCOMPARE(written.slices.value(tidOf(1)),
        (QStringList { u"incarnation 1 100+400 worker_failed"_s, u"restart delay 500+400 1000ms #1 waiting"_s }));
    QCOMPARE(written.slices.value(tidOf(2)), QStringList { u"incarnation 1 100+800 running"_s });
    QCOMPARE(written.slices.value(kSupervisorTid), QStringList { u"supervising 0+900"_s });
}

void TestChromeTrace::configChangesAreSupervisorInstants()
{
    LogScript script;
    script.start(0, 0, 1);
    script.add(250, LifecycleEvent::configChanged(u"failure_rate"_s, u"0.25"_s));
    script.add(250, LifecycleEvent::configChanged(u"strategy"_s, u"one-for-all"_s));
    script.end(400, EventKind::WorkerCompleted, 0, 1);

    const QJsonObject trace = traceOf(script.log);
    QStringList configEvents;
    for (const QJsonValue &value : trace.value(u"traceEvents"_s).toArray()) {
        QJsonObject event = value.toObject();
        if (event.value(u"name"_s) == u"config_changed"_s)
            configEvents << compact(event);
    }
    QCOMPARE(configEvents,
        (QStringList {
            uR"({"args":{"key":"failure_rate","value":"0.25"},"cat":"lifecycle","name":"config_changed","ph":"i","pid":1,"s":"t","tid":0,"ts":250})"_s,
            uR"({"args":{"key":"strategy","value":"one-for-all"},"cat":"lifecycle","name":"config_changed","ph":"i","pid":1,"s":"t","tid":0,"ts":250})"_s }));
    const QStringList problems = problemsOf(script.log, script.log.size());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"\n"_s)));
}

void TestChromeTrace::programsShowReadinessAndOutput()
{
    // Worker 0 says it is ready, dies of SIGSEGV with its last lines, is restarted, is ready again and is abandoned at
    // the stop; worker 1 completes with a line a spreadsheet would take for a formula; worker 2 stops and says nothing.
    LogScript script({ u"workers=3"_s });
    for (int worker = 0; worker < 3; ++worker)
        script.start(1'000, worker, 1);
    script.add(5'000, LifecycleEvent::forWorker(EventKind::WorkerReady, 0, 1));
    LifecycleEvent failed = LifecycleEvent::workerFailed(0, 1, FailureKind::Signal, u"11 (SIGSEGV)"_s);
    failed.output = u"[2 earlier lines not kept]\nsegfault \"here\", at 0x0 — ✗\n"_s;
    script.add(9'000, failed);
    script.schedule(9'000, 0, 1, 1);
    script.start(10'000, 0, 2);
    script.add(12'000, LifecycleEvent::forWorker(EventKind::WorkerReady, 0, 2));
    LifecycleEvent completed = LifecycleEvent::forWorker(EventKind::WorkerCompleted, 1, 1);
    completed.output = u"=cmd|' /C calc'!A0\n"_s;
    script.add(13'000, completed);
    script.add(20'000, LifecycleEvent::supervisor(EventKind::SupervisorStopping));
    script.add(20'000, LifecycleEvent::forWorker(EventKind::WorkerStopping, 2, 1, u"shutdown"_s));
    script.end(21'000, EventKind::WorkerStopped, 2, 1);
    script.add(21'000, LifecycleEvent::forWorker(EventKind::WorkerStopping, 0, 2, u"shutdown"_s));
    LifecycleEvent abandoned = LifecycleEvent::forWorker(EventKind::WorkerAbandoned, 0, 2);
    abandoned.output = u"still here\n"_s;
    script.add(26'000, abandoned);
    script.add(26'000, LifecycleEvent::supervisor(EventKind::SupervisorStopped));

    const QStringList problems = problemsOf(script.log, script.log.size());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"\n"_s)));
    QHash<QString, QList<QJsonObject>> named; // by name
    for (const QJsonValue &value : traceOf(script.log).value(u"traceEvents"_s).toArray())
        named[value.toObject().value(u"name"_s).toString()] << value.toObject();
    QStringList ready;
    for (const QJsonObject &event : named.value(u"ready"_s))
        ready << compact(event);
    QCOMPARE(ready,
        (QStringList {
            uR"({"args":{"incarnation":1},"cat":"lifecycle","name":"ready","ph":"i","pid":1,"s":"t","tid":1,"ts":5000})"_s,
            uR"({"args":{"incarnation":2},"cat":"lifecycle","name":"ready","ph":"i","pid":1,"s":"t","tid":1,"ts":12000})"_s }));
    // The output rides on the failure's instant and on the incarnation's slice, and only where there was some.
    const QList<QJsonObject> failures = named.value(u"worker_failed"_s);
    QCOMPARE(failures.size(), 1);
    QCOMPARE(failures.first().value(u"args"_s).toObject(),
        (QJsonObject { { u"end"_s, u"worker_failed"_s }, { u"reason"_s, u"signal 11 (SIGSEGV)"_s },
            { u"output"_s, failed.output } }));
    QStringList ends;
    for (const QString &name : { u"incarnation 1"_s, u"incarnation 2"_s, u"worker_abandoned"_s }) {
        for (const QJsonObject &event : named.value(name)) {
            const QJsonObject args = event.value(u"args"_s).toObject();
            ends << u"%1 %2 %3: %4"_s.arg(event.value(u"tid"_s).toInt())
                        .arg(event.value(u"ph"_s).toString(), name,
                            args.contains(u"output"_s) ? args.value(u"output"_s).toString() : u"(none)"_s);
        }
    }
    ends.sort();
    QCOMPARE(ends,
        (QStringList { u"1 X incarnation 1: "_s + failed.output, u"1 X incarnation 2: still here\n"_s,
            u"1 i worker_abandoned: still here\n"_s, u"2 X incarnation 1: =cmd|' /C calc'!A0\n"_s,
            u"3 X incarnation 1: (none)"_s }));
}

void TestChromeTrace::emptyAndTinyLogs_data()
{
    QTest::addColumn<int>("count");
    QTest::addRow("nothing") << 0;
    QTest::addRow("run_started") << 1;
    QTest::addRow("supervisor_started") << 2;
    QTest::addRow("one worker started") << 3;
}

void TestChromeTrace::emptyAndTinyLogs()
{
    QFETCH(int, count);
    LogScript script({ u"workers=2"_s });
    script.start(0, 0, 1);
    const QStringList problems = problemsOf(script.log, count);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"\n"_s)));

    QString error;
    const QJsonObject trace = parsedTrace(traceBytes(script.log, count), &error);
    QSet<int> named;
    for (const QJsonValue &value : trace.value(u"traceEvents"_s).toArray()) {
        if (value.toObject().value(u"name"_s) == u"thread_name"_s)
            named.insert(value.toObject().value(u"tid"_s).toInt());
    }
    // Once the config is known, every worker has its track, even before it has done anything.
    QCOMPARE(named, (count == 0 ? QSet<int> { 0 } : QSet<int> { 0, 1, 2 }));
}

void TestChromeTrace::workersBeyondTheConfigGetTracks()
{
    // A log read from a file may name more workers than its config, or come without run_started at all.
    for (const bool withHeader : { true, false }) {
        EventLog log;
        if (withHeader)
            QVERIFY(log.append(runStartedEvent(1)));
        QVERIFY(log.append(workerEvent(10, EventKind::WorkerStarted, 0, 1)));
        QVERIFY(log.append(workerEvent(20, EventKind::WorkerStarted, 2, 1)));
        QVERIFY(log.append(workerEvent(30, EventKind::WorkerFailed, 2, 1, u"error"_s)));
        const QStringList problems = problemsOf(log, log.size());
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"\n"_s)));
        const WrittenTrace written = writtenTrace(traceOf(log));
        QCOMPARE(written.threadNames.keys().size(), 4);
        QCOMPARE(written.threadNames.value(3), u"worker 2"_s);
    }
}

void TestChromeTrace::outputIsDeterministicAndStreamed()
{
    const auto log = runOf({ u"restart-storm"_s, u"restart-storm"_s, {}, false }, 3); // about 800 KB of trace
    ChunkRecorder first;
    first.open(QIODevice::WriteOnly);
    QVERIFY(ChromeTraceWriter::write(*log, log->size(), first));
    QCOMPARE(traceBytes(*log, log->size()), first.data());
    QVERIFY2(first.chunks.size() > 2, qPrintable(QString::number(first.chunks.size())));
    for (const qint64 chunk : std::as_const(first.chunks))
        QVERIFY2(chunk <= (64 + 4) * 1024, qPrintable(QString::number(chunk))); // 64 KiB and the entry that filled it
    QString error;
    parsedTrace(first.data(), &error);
    QCOMPARE(error, QString());
}

void TestChromeTrace::aFailureFlowsToEveryRestartItCaused()
{
    // One-for-all over three workers, timed as on threads: worker 1 fails at 1 s and the supervisor hears of it 40 us
    // later; it stops worker 2, then worker 0, and restarts the three of them 300 ms after that.
    LogScript script({ u"workers=3"_s, u"strategy=one-for-all"_s, u"delay=300"_s });
    for (int worker = 0; worker < 3; ++worker)
        script.start(0, worker, 1);
    const qint64 failedUs = 1'000'000;
    script.end(failedUs, EventKind::WorkerFailed, 1, 1, u"error"_s);
    script.add(failedUs + 40, LifecycleEvent::forWorker(EventKind::WorkerStopping, 2, 1, u"sibling_failed"_s));
    script.end(failedUs + 90, EventKind::WorkerStopped, 2, 1);
    script.add(failedUs + 90, LifecycleEvent::forWorker(EventKind::WorkerStopping, 0, 1, u"sibling_failed"_s));
    script.end(failedUs + 150, EventKind::WorkerStopped, 0, 1);
    for (int worker = 0; worker < 3; ++worker)
        script.schedule(failedUs + 150, worker, 300, 1);
    const qint64 restartedUs = failedUs + 150 + 300'000;
    for (int worker = 0; worker < 3; ++worker)
        script.start(restartedUs + worker * 10, worker, 2);
    script.add(3'000'000, LifecycleEvent::supervisor(EventKind::SupervisorStopping));
    for (int worker = 2; worker >= 0; --worker) {
        script.add(3'000'000, LifecycleEvent::forWorker(EventKind::WorkerStopping, worker, 2, u"shutdown"_s));
        script.end(3'000'000, EventKind::WorkerStopped, worker, 2);
    }
    script.add(3'000'000, LifecycleEvent::supervisor(EventKind::SupervisorStopped));
    for (qsizetype i = 0; i < script.log.size(); ++i) { // the typing gave the decisions their cause
        const LifecycleEvent event = script.log.at(i);
        if (event.kind == EventKind::RestartScheduled)
            QCOMPARE(event.cause, (RestartCause { 1, 1 }));
    }

    const QStringList problems = problemsOf(script.log, script.log.size());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"\n"_s)));

    const QJsonObject trace = traceOf(script.log);
    QList<QJsonObject> starts;
    QList<QJsonObject> ends;
    QList<QJsonObject> counters;
    for (const QJsonValue &value : trace.value(u"traceEvents"_s).toArray()) {
        const QJsonObject event = value.toObject();
        const QString phase = event.value(u"ph"_s).toString();
        if (phase == u"s")
            starts << event;
        else if (phase == u"f")
            ends << event;
        else if (phase == u"C")
            counters << event;
    }
    // Three restarts, one failure: three flows from the failure, one to each restart, each with an id of its own.
    QCOMPARE(starts.size(), 3);
    QCOMPARE(ends.size(), 3);
    QSet<qint64> ids;
    QSet<int> restartedTids;
    for (const QJsonObject &start : std::as_const(starts)) {
        QCOMPARE(start.value(u"tid"_s).toInt(), tidOf(1));
        QCOMPARE(start.value(u"ts"_s).toInteger(), failedUs); // at the failure, not at the decision 40 us later
        ids.insert(start.value(u"id"_s).toInteger());
        const auto end = std::find_if(
            ends.cbegin(), ends.cend(), [&](const QJsonObject &e) { return e.value(u"id"_s) == start.value(u"id"_s); });
        QVERIFY(end != ends.cend());
        QCOMPARE(end->value(u"bp"_s).toString(), u"e"_s);
        QCOMPARE(end->value(u"cat"_s), start.value(u"cat"_s));
        QCOMPARE(end->value(u"name"_s), start.value(u"name"_s));
        const int tid = end->value(u"tid"_s).toInt();
        restartedTids.insert(tid);
        QCOMPARE(end->value(u"ts"_s).toInteger(), restartedUs + (tid - 1) * 10);
    }
    QCOMPARE(ids.size(), 3);
    QCOMPARE(restartedTids, (QSet<int> { tidOf(0), tidOf(1), tidOf(2) }));
    // The failing worker's restart delay begins at its failure, so that the flow's start is inside it.
    const WrittenTrace written = writtenTrace(trace);
    QCOMPARE(written.slices.value(tidOf(1)).value(1), u"restart delay 1000000+300160 300ms #1 restarted"_s);

    // The restart rate: 0, then 3/s from the tenth of a second holding the restarts for one second, then 0 again.
    QList<std::pair<qint64, double>> rate;
    for (const QJsonObject &counter : std::as_const(counters)) {
        QCOMPARE(counter.value(u"name"_s).toString(), u"restart rate"_s);
        rate.append({ counter.value(u"ts"_s).toInteger(),
            counter.value(u"args"_s).toObject().value(u"restarts/s"_s).toDouble() });
    }
    const qint64 stepUs = restartedUs / RestartRate::kStepUs * RestartRate::kStepUs;
    QCOMPARE(rate, (QList<std::pair<qint64, double>> { { 0, 0.0 }, { stepUs, 3.0 }, { stepUs + 1'000'000, 0.0 } }));
}

void TestChromeTrace::theImporterRefusesATrace()
{
    // The importer reads JSON Lines and CSV; a Chrome trace (flows, counters and all) is refused by its name.
    LogScript script({ u"workers=1"_s });
    script.start(0, 0, 1);
    script.end(100'000, EventKind::WorkerFailed, 0, 1, u"error"_s);
    script.schedule(100'000, 0, 100, 1);
    script.start(200'000, 0, 2);
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"run.trace.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(ChromeTraceWriter::write(script.log, script.log.size(), file));
    file.close();
    QVERIFY(!LogImporter::formatFor(path));
    QString error;
    QVERIFY(!LogImporter::load(path, &error));
    QVERIFY2(error.contains(u".jsonl or .csv"_s), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestChromeTrace)
#include "tst_chrometrace.moc"
