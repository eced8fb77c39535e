#include "analysis/loginvariants.h"
#include "events/eventlog.h"
#include "io/csvwriter.h"
#include "io/eventtyping.h"
#include "io/jsonlineswriter.h"
#include "io/logexporter.h"
#include "io/logimporter.h"
#include "io/scenariocatalog.h"
#include "policy/echoedtext.h"
#include "runtime/supervisor.h"
#include "runtime/virtualruntime.h"
#include "supervisorlabversion.h"
#include "testruns.h"
#include "testsettings.h"

#include <QBuffer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

QByteArray exported(const EventLog &log, LogFormat format, qsizetype count = -1)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const qsizetype events = count < 0 ? log.size() : count;
    const bool written = format == LogFormat::JsonLines ? JsonLinesWriter::write(log, events, buffer)
                                                        : CsvWriter::write(log, events, buffer);
    return written ? buffer.data() : QByteArray();
}

std::shared_ptr<EventLog> imported(const QByteArray &bytes, LogFormat format, QString *error)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    return LogImporter::read(buffer, format, u"run.log"_s, error);
}

// A run in which sliders moved: failure rate, delay, strategy and the intensity limit change while it goes on.
std::shared_ptr<EventLog> runWithLiveChanges(quint64 seed)
{
    SupervisorConfig config;
    config.workers = 3;
    config.seed = seed;
    config.durationMs = 6000;
    VirtualRuntime runtime(config);
    runtime.runUntil(1'000'000);
    runtime.changeParameter(u"failure_rate"_s, u"0.35"_s);
    runtime.changeParameter(u"delay"_s, u"120"_s);
    runtime.runUntil(2'500'000);
    runtime.changeParameter(u"strategy"_s, u"rest-for-one"_s);
    runtime.changeParameter(u"max_restarts"_s, u"40"_s);
    runtime.changeParameter(u"backoff_factor"_s, u"1.5"_s);
    runtime.run();
    return runtime.log();
}

const QByteArray kHeaderLine = CsvWriter::header();

// A program's last lines as a CSV cell or a spreadsheet could trip over them: a formula first, quotes, commas, a
// line break inside a quoted field, tabs, text beyond ASCII; and the count of lines not kept, first as it always is.
const QString kFormulaOutput
    = u"=cmd|' /C calc'!A0\nsaid \"no\", then, quit\n\tDatenträger voll — 磁盘已满 🙂\n"_s;
const QString kCountedOutput = u"[3 earlier lines not kept]\n\"done\",\n@last\n"_s;

// A run of real programs as the lab would log it: a program that says it is ready, then exits 3; one killed by
// SIGSEGV; one that cannot start; one that completes; one stopped and one abandoned at the shutdown, with their
// output. `config` says which workers run a program (0 and 2 always do; 1 in the flat form, not in the tree).
std::shared_ptr<EventLog> programRun(const QByteArray &config)
{
    SupervisorConfig parsed;
    if (const QString problem = parsed.applyJson(QJsonDocument::fromJson(config).object()); !problem.isEmpty())
        qFatal("bad program config in the test: %s", qPrintable(problem));
    const bool oneIsAProgram = parsed.programOf(1).isProgram();
    auto log = std::make_shared<EventLog>();
    EventTyping typing(parsed);
    const auto add = [&](qint64 tUs, LifecycleEvent event, const QString &output = {}) {
        event.tUs = tUs;
        event.output = output;
        typing.type(event);
        if (!log->append(event))
            qFatal("events out of order in the test's program run");
    };
    const auto worker = [](EventKind kind, int index, quint32 incarnation, const QString &reason = {}) {
        return LifecycleEvent::forWorker(kind, index, incarnation, reason);
    };
    add(0, LifecycleEvent::runStarted({ versionString(), parsed.seed, parsed.toJson() }));
    add(0, LifecycleEvent::supervisor(EventKind::SupervisorStarted));
    for (int index = 0; index < 3; ++index)
        add(1'000, worker(EventKind::WorkerStarted, index, 1));
    add(2'000, worker(EventKind::WorkerReady, 0, 1));
    add(3'000, worker(EventKind::WorkerReady, 2, 1));
    add(30'000, LifecycleEvent::workerFailed(0, 1, FailureKind::ExitStatus, u"3"_s), kFormulaOutput);
    add(30'000, LifecycleEvent::restartScheduled(0, 100, 1));
    add(130'000, worker(EventKind::WorkerStarted, 0, 2));
    add(140'000, LifecycleEvent::workerFailed(0, 2, FailureKind::Signal, u"11 (SIGSEGV)"_s),
        u"Segmentation fault (core dumped)\n"_s);
    add(140'000, LifecycleEvent::restartScheduled(0, 200, 2));
    add(340'000, worker(EventKind::WorkerStarted, 0, 3));
    add(340'000,
        LifecycleEvent::workerFailed(0, 3, FailureKind::CannotStart, u"./server: No such file or directory"_s));
    add(340'000, LifecycleEvent::restartScheduled(0, 400, 3));
    add(400'000, worker(EventKind::WorkerCompleted, 2, 1), kCountedOutput);
    add(740'000, worker(EventKind::WorkerStarted, 0, 4));
    add(750'000, worker(EventKind::WorkerReady, 0, 4));
    add(800'000, LifecycleEvent::supervisor(EventKind::SupervisorStopping)); // the last child first, as OTP does
    add(800'000, worker(EventKind::WorkerStopping, 1, 1, u"shutdown"_s));
    add(1'800'000, worker(EventKind::WorkerAbandoned, 1, 1), oneIsAProgram ? u"still busy\r\n\n"_s : QString());
    add(1'800'000, worker(EventKind::WorkerStopping, 0, 4, u"shutdown"_s));
    add(1'810'000, worker(EventKind::WorkerStopped, 0, 4), u"caught SIGTERM, bye\n"_s);
    add(1'810'000, LifecycleEvent::supervisor(EventKind::SupervisorStopped));
    add(1'810'000, LifecycleEvent::runFinished({ 3, 3, 1 }));
    return log;
}

const QByteArray kFlatProgramConfig = R"({"workers":3,"restart":"permanent,permanent,transient",)"
                                      R"("command":["./server","--port","8080"],"env":{"MODE":"test"},"cwd":"/tmp"})";
const QByteArray kTreeProgramConfig = R"({"tree":{"name":"app","children":[{"name":"srv","command":["./server"]},)"
                                      R"({"name":"sim"},{"name":"job","restart":"transient","command":["./job"],)"
                                      R"("env":{"MODE":"batch"}}]}})";

QByteArray runStartedLine(const QString &version = versionString(), const QByteArray &config = "{\"workers\":2}")
{
    return "{\"t_us\":0,\"event\":\"run_started\",\"version\":\"" + version.toUtf8()
        + "\",\"seed\":1,\"config\":" + config + "}\n";
}

// A device that yields one line of `length` bytes without ever holding it, and counts what was read.
class LongLineDevice : public QIODevice
{
public:
    explicit LongLineDevice(QByteArray prefix, qint64 length)
        : m_prefix(std::move(prefix))
        , m_length(length)
    {
        open(QIODevice::ReadOnly);
    }
    qint64 bytesServed() const { return m_served; }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return total() - m_served + QIODevice::bytesAvailable(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = std::min(maxSize, total() - m_served);
        for (qint64 i = 0; i < n; ++i) {
            const qint64 at = m_served + i;
            data[i] = at < m_prefix.size() ? m_prefix.at(at) : (at == total() - 1 ? '\n' : 'x');
        }
        m_served += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    qint64 total() const { return m_prefix.size() + m_length + 1; }
    QByteArray m_prefix;
    qint64 m_length;
    qint64 m_served = 0;
};

} // namespace

class TestLogImport : public QObject
{
    Q_OBJECT

private slots:
    void roundTripIsByteIdentical_data();
    void roundTripIsByteIdentical();
    void importedEventsEqualTheRun();
    void liveChangesRoundTrip();
    void aChangeOfOneWorkerActsOnItAloneAndRoundTrips();
    void importDerivesWhatTheEngineKnew_data();
    void importDerivesWhatTheEngineKnew();
    void treesRoundTripAndImportWhatTheEngineKnew_data();
    void treesRoundTripAndImportWhatTheEngineKnew();
    void formatsConvertIntoEachOther();
    void programRunsRoundTripLosslessly_data();
    void programRunsRoundTripLosslessly();
    void snapshotOfARunUnderWayImports();
    void exportDuringALiveRunIsAConsistentSnapshot();
    void quotedReasonsSpanLines();
    void lineBreaksInReasonsSurviveEitherFormat_data();
    void lineBreaksInReasonsSurviveEitherFormat();
    void windowsLineEndingsImport();
    void badFilesNameTheLineAndTheProblem_data();
    void badFilesNameTheLineAndTheProblem();
    void aGigabyteLineIsRefusedInBoundedMemory_data();
    void aGigabyteLineIsRefusedInBoundedMemory();
    void loadNamesTheFile();
};

void TestLogImport::roundTripIsByteIdentical_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<LogFormat>("format");
    for (const Scenario &scenario : ScenarioCatalog::builtIn()) {
        if (!scenario.programs.isEmpty())
            continue; // virtual time runs no real program
        for (quint64 seed = 1; seed <= 8; ++seed) {
            QTest::addRow("%s seed %llu jsonl", qPrintable(scenario.name), seed)
                << scenario.name << seed << LogFormat::JsonLines;
            QTest::addRow("%s seed %llu csv", qPrintable(scenario.name), seed)
                << scenario.name << seed << LogFormat::Csv;
        }
    }
}

void TestLogImport::roundTripIsByteIdentical()
{
    QFETCH(QString, scenario);
    QFETCH(quint64, seed);
    QFETCH(LogFormat, format);
    const auto log = scenarioRun(scenario, seed);
    const QByteArray first = exported(*log, format);
    QString error;
    const auto back = imported(first, format, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->size(), log->size());
    QCOMPARE(exported(*back, format), first);
}

void TestLogImport::importedEventsEqualTheRun()
{
    for (const QString &scenario : { u"hung-worker"_s, u"jitter"_s, u"backoff"_s })
        for (const LogFormat format : { LogFormat::JsonLines, LogFormat::Csv }) {
            const auto log = scenarioRun(scenario, 7);
            QString error;
            const auto back = imported(exported(*log, format), format, &error);
            QVERIFY2(back, qPrintable(error));
            QCOMPARE(back->events(), log->events());
            QCOMPARE(back->header(), log->header());
            QCOMPARE(back->counts(), log->counts());
        }
}

void TestLogImport::liveChangesRoundTrip()
{
    for (quint64 seed = 1; seed <= 20; ++seed) {
        const auto log = runWithLiveChanges(seed);
        QVERIFY(log->count(EventKind::ConfigChanged) == 5);
        for (const LogFormat format : { LogFormat::JsonLines, LogFormat::Csv }) {
            const QByteArray first = exported(*log, format);
            QString error;
            const auto back = imported(first, format, &error);
            QVERIFY2(back, qPrintable(error));
            QCOMPARE(back->events(), log->events());
            QCOMPARE(exported(*back, format), first);
        }
    }
}

void TestLogImport::aChangeOfOneWorkerActsOnItAloneAndRoundTrips()
{
    SupervisorConfig config;
    config.workers = 2;
    config.failureRate = 1;
    config.workMinMs = config.workMaxMs = 100;
    config.delayMs = 500;
    config.durationMs = 10'000;
    config.virtualTime = true;
    VirtualRuntime runtime(config);
    runtime.runUntil(2'000'000);
    QCOMPARE(runtime.changeParameter(u"delay"_s, u"2000"_s, 1), QString());
    QVERIFY(!runtime.changeParameter(u"strategy"_s, u"one-for-all"_s, 1).isEmpty()); // not a worker key
    runtime.run();
    const EventLog &log = *runtime.log();
    qsizetype changes = 0;
    for (const LifecycleEvent &event : log.events()) {
        if (event.kind == EventKind::ConfigChanged) {
            ++changes;
            QCOMPARE(event.worker, 1);
            QCOMPARE(event.value, u"2000"_s);
        }
        if (event.kind == EventKind::RestartScheduled && event.tUs > 2'000'000)
            QCOMPARE(event.delayMs, event.worker == 1 ? 2000 : 500); // the other keeps its own
    }
    QCOMPARE(changes, 1);
    for (const LogFormat format : { LogFormat::JsonLines, LogFormat::Csv }) {
        const QByteArray first = exported(log, format);
        QVERIFY(first.contains(format == LogFormat::JsonLines ? "\"event\":\"config_changed\",\"worker\":1,"
                                                              : ",config_changed,1,,delay=2000,"));
        QString error;
        const auto back = imported(first, format, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->events(), log.events());
        QCOMPARE(exported(*back, format), first);
    }
    QString error;
    QVERIFY(!imported(exported(log, LogFormat::JsonLines).replace("\"worker\":1,\"key\"", "\"worker\":5,\"key\""),
        LogFormat::JsonLines, &error));
    QVERIFY2(error.contains(u"config_changed: worker 5 is not in this run of 2 workers"_s), qPrintable(error));
}

void TestLogImport::importDerivesWhatTheEngineKnew_data()
{
    QTest::addColumn<QStringList>("settings");
    const QStringList world { u"workers=4"_s, u"failure_rate=0.45"_s, u"work_min=100"_s, u"work_max=900"_s,
        u"failure_mode=mixed"_s, u"heartbeat_timeout=300"_s, u"delay=150"_s, u"max_restarts=unlimited"_s,
        u"duration=8000"_s };
    for (const QString &strategy : { u"one-for-one"_s, u"one-for-all"_s, u"rest-for-one"_s }) {
        QTest::newRow(qPrintable(strategy)) << world + QStringList { u"strategy="_s + strategy };
        QTest::newRow(qPrintable(strategy + u", mixed restart types"_s))
            << world + QStringList { u"strategy="_s + strategy, u"restart=transient,permanent,temporary,permanent"_s };
    }
}

// The formats carry neither a failure's kind nor a restart's cause; the importer derives both, and must arrive at
// what the engine recorded, for every strategy and restart type, over many seeds.
void TestLogImport::importDerivesWhatTheEngineKnew()
{
    QFETCH(QStringList, settings);
    qsizetype groupRestarts = 0;
    for (quint64 seed = 1; seed <= 25; ++seed) {
        VirtualRuntime runtime(withSettings(SupervisorConfig(), settings + QStringList { u"seed=%1"_s.arg(seed) }));
        runtime.run();
        const auto log = runtime.log();
        const QList<LifecycleEvent> events = log->events();
        for (const LifecycleEvent &event : events) {
            if (event.kind == EventKind::RestartScheduled) {
                QVERIFY(event.cause.isValid());
                groupRestarts += event.cause.worker != event.worker;
            }
        }
        for (const LogFormat format : { LogFormat::JsonLines, LogFormat::Csv }) {
            QString error;
            const auto back = imported(exported(*log, format), format, &error);
            QVERIFY2(back, qPrintable(error));
            QCOMPARE(back->events(), events);
        }
    }
    const bool groups = !settings.contains(u"strategy=one-for-one"_s);
    QCOMPARE(groupRestarts > 0, groups); // the runs did restart groups where the strategy has them
}

void TestLogImport::treesRoundTripAndImportWhatTheEngineKnew_data()
{
    QTest::addColumn<QByteArray>("tree");
    // A pool under the root, each strategy at each level, so that group restarts cross levels: a nested supervisor
    // is stopped and restarted with its group, gives up and is restarted by its parent, or is left down.
    const QStringList strategies { u"one-for-one"_s, u"one-for-all"_s, u"rest-for-one"_s };
    for (const QString &root : strategies) {
        for (const QString &pool : strategies) {
            const QString tree = uR"({"tree": {"name": "app", "strategy": "%1", "max_restarts": 12, "within": 3000,
                "children": [ {"name": "a", "restart": "transient"},
                    {"name": "pool", "strategy": "%2", "max_restarts": 2, "within": 2000, "restart": "%3",
                     "children": [ {"name": "b", "count": 2}, {"name": "c", "restart": "temporary"},
                        {"name": "inner", "strategy": "one-for-all", "max_restarts": 1, "within": 1000,
                         "children": [ {"name": "d", "count": 2} ]} ]},
                    {"name": "e"} ]}})"_s.arg(
                root, pool, root != u"one-for-one" && pool == u"one-for-one" ? u"transient"_s : u"permanent"_s);
            QTest::addRow("app %s, pool %s", qPrintable(root), qPrintable(pool)) << tree.toUtf8();
        }
    }
}

// Nested supervisors' events go out in both formats and come back as they were, and the importer derives each
// decision's cause as the engine knew it, across levels.
void TestLogImport::treesRoundTripAndImportWhatTheEngineKnew()
{
    QFETCH(QByteArray, tree);
    qsizetype nestedEvents = 0;
    qsizetype nestedRestarts = 0;
    for (quint64 seed = 1; seed <= 12; ++seed) {
        SupervisorConfig config = withSettings(SupervisorConfig(),
            { u"failure_rate=0.5"_s, u"work_min=50"_s, u"work_max=700"_s, u"failure_mode=mixed"_s,
                u"heartbeat_timeout=200"_s, u"delay=80"_s, u"duration=6000"_s, u"seed=%1"_s.arg(seed) });
        QCOMPARE(config.applyJson(QJsonDocument::fromJson(tree).object()), QString());
        VirtualRuntime runtime(config);
        runtime.run();
        const auto log = runtime.log();
        const QList<LifecycleEvent> events = log->events();
        for (const LifecycleEvent &event : events) {
            nestedEvents += event.isNestedSupervisors();
            nestedRestarts += event.kind == EventKind::RestartScheduled && event.worker < 0;
        }
        for (const LogFormat format : { LogFormat::JsonLines, LogFormat::Csv }) {
            const QByteArray bytes = exported(*log, format);
            QString error;
            const auto back = imported(bytes, format, &error);
            QVERIFY2(back, qPrintable(error));
            for (qsizetype i = 0; i < events.size(); ++i) {
                if (back->at(i) != events.at(i))
                    QFAIL(qPrintable(u"seed %1, event %2: imported %3 (cause %4#%5 S%6), the engine had %7 (cause "
                                     "%8#%9 S%10)"_s.arg(seed)
                                         .arg(i)
                                         .arg(QString::fromUtf8(JsonLinesWriter::line(back->at(i))).trimmed())
                                         .arg(back->at(i).cause.worker)
                                         .arg(back->at(i).cause.incarnation)
                                         .arg(back->at(i).cause.supervisor)
                                         .arg(QString::fromUtf8(JsonLinesWriter::line(events.at(i))).trimmed())
                                         .arg(events.at(i).cause.worker)
                                         .arg(events.at(i).cause.incarnation)
                                         .arg(events.at(i).cause.supervisor)));
            }
            QCOMPARE(back->size(), log->size());
            QCOMPARE(exported(*back, format), bytes);
        }
    }
    QVERIFY(nestedEvents > 0);
    QVERIFY(nestedRestarts > 0); // a nested supervisor was restarted: its restart went out and came back
}

void TestLogImport::formatsConvertIntoEachOther()
{
    const auto log = scenarioRun(u"one-for-all"_s, 3);
    QString error;
    const auto fromCsv = imported(exported(*log, LogFormat::Csv), LogFormat::Csv, &error);
    QVERIFY2(fromCsv, qPrintable(error));
    QCOMPARE(exported(*fromCsv, LogFormat::JsonLines), exported(*log, LogFormat::JsonLines));
    const auto fromJson = imported(exported(*log, LogFormat::JsonLines), LogFormat::JsonLines, &error);
    QVERIFY2(fromJson, qPrintable(error));
    QCOMPARE(exported(*fromJson, LogFormat::Csv), exported(*log, LogFormat::Csv));
}

void TestLogImport::programRunsRoundTripLosslessly_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::newRow("flat, --command") << kFlatProgramConfig;
    QTest::newRow("a tree with programs beside a simulated worker") << kTreeProgramConfig;
}

// A run of real programs goes out in either format and comes back as it was: READY=1, how each program ended, and
// its last lines of output, whatever they hold; and from one format to the other.
void TestLogImport::programRunsRoundTripLosslessly()
{
    QFETCH(QByteArray, config);
    const auto log = programRun(config);
    QCOMPARE(LogInvariants::check(*log), QStringList());
    const QByteArray jsonl = exported(*log, LogFormat::JsonLines);
    const QByteArray csv = exported(*log, LogFormat::Csv);
    QVERIFY(jsonl.contains(R"("event":"worker_ready","worker":0,"incarnation":1})"));
    QVERIFY(jsonl.contains(R"("reason":"exit 3","output":"=cmd|' /C calc'!A0\nsaid \"no\", then, quit\n\t)"));
    QVERIFY(csv.startsWith("t_us,event,worker,incarnation,reason,delay_ms,attempt,dependency,supervisor,output\n"));
    QVERIFY(csv.contains(",worker_ready,0,1,,,,,,\n"));
    // The formula is kept from a spreadsheet by an apostrophe, which the reader takes off again.
    QVERIFY(csv.contains(",worker_failed,0,1,exit 3,,,,,\"'=cmd|' /C calc'!A0\nsaid \"\"no\"\", then, quit\n\t"));
    QVERIFY(csv.contains(",worker_completed,2,1,,,,,,\"[3 earlier lines not kept]\n\"\"done\"\",\n@last\n\"\n"));
    QVERIFY(csv.contains(",worker_failed,0,3,cannot start: ./server: No such file or directory,,,,,\n"));

    for (const auto &[format, bytes] :
        { std::pair { LogFormat::JsonLines, jsonl }, std::pair { LogFormat::Csv, csv } }) {
        QString error;
        const auto back = imported(bytes, format, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->events(), log->events());
        QCOMPARE(exported(*back, format), bytes);
        // Typed as the engine knew it: each program ending's kind, and each restart answering the exit before it.
        QList<FailureKind> failures;
        QList<RestartCause> causes;
        for (const LifecycleEvent &event : back->events()) {
            if (event.kind == EventKind::WorkerFailed)
                failures << event.failure;
            if (event.kind == EventKind::RestartScheduled)
                causes << event.cause;
        }
        QCOMPARE(
            failures, (QList<FailureKind> { FailureKind::ExitStatus, FailureKind::Signal, FailureKind::CannotStart }));
        QCOMPARE(causes, (QList<RestartCause> { { 0, 1 }, { 0, 2 }, { 0, 3 } }));
        QCOMPARE(back->at(7).output, kFormulaOutput);
    }
    QString error;
    const auto fromCsv = imported(csv, LogFormat::Csv, &error);
    QVERIFY2(fromCsv, qPrintable(error));
    QCOMPARE(exported(*fromCsv, LogFormat::JsonLines), jsonl);
    const auto fromJson = imported(jsonl, LogFormat::JsonLines, &error);
    QVERIFY2(fromJson, qPrintable(error));
    QCOMPARE(exported(*fromJson, LogFormat::Csv), csv);
}

void TestLogImport::snapshotOfARunUnderWayImports()
{
    const auto log = scenarioRun(u"restart-storm"_s, 2);
    for (const qsizetype count : { qsizetype(1), log->size() / 3, log->size() - 1 }) {
        for (const LogFormat format : { LogFormat::JsonLines, LogFormat::Csv }) {
            QString error;
            const auto back = imported(exported(*log, format, count), format, &error);
            QVERIFY2(back, qPrintable(error));
            QCOMPARE(back->size(), count);
            QCOMPARE(back->count(EventKind::RunFinished), 0);
        }
    }
}

void TestLogImport::exportDuringALiveRunIsAConsistentSnapshot()
{
    // Four workers failing at once, restarted after 2 ms: the threads append thousands of events a second while
    // each export reads, and the log stays small enough to export and read back many times.
    SupervisorConfig config;
    config.workers = 4;
    config.failureRate = 1.0;
    config.workMinMs = 0;
    config.workMaxMs = 1;
    config.delayMs = 2;
    config.durationMs = 0;
    config.seed = 5;
    Supervisor supervisor(config);
    QTemporaryDir dir;
    supervisor.start();
    QList<std::shared_ptr<EventLog>> snapshots;
    qsizetype previous = 0;
    for (int i = 0; i < 6; ++i) {
        QTRY_VERIFY_WITH_TIMEOUT(
            supervisor.log()->size() > previous + 200, kPatienceMs); // the run goes on between snapshots
        for (const QString &name : { u"live.jsonl"_s, u"live.csv"_s }) {
            QString error;
            QVERIFY2(LogExporter::save(*supervisor.log(), dir.filePath(name), &error), qPrintable(error));
            const auto snapshot = LogImporter::load(dir.filePath(name), &error);
            QVERIFY2(snapshot, qPrintable(error));
            snapshots.append(snapshot);
            previous = snapshot->size();
        }
    }
    QSignalSpy finished(&supervisor, &Supervisor::finished);
    supervisor.stop();
    QVERIFY(finished.wait(kPatienceMs));
    const EventLog &whole = *supervisor.log();
    for (const auto &snapshot : std::as_const(snapshots)) {
        QVERIFY(snapshot->size() < whole.size());
        QCOMPARE(snapshot->count(EventKind::RunFinished), 0);
        QCOMPARE(snapshot->events(), whole.events(0, snapshot->size())); // a prefix of the run, nothing torn
    }
}

void TestLogImport::quotedReasonsSpanLines()
{
    const QByteArray csv = kHeaderLine
        + "# run_started {\"version\":\"0.1.0\",\"seed\":1,\"config\":{\"workers\":1}}\n"
          "0,run_started,,,,,\n"
          "5,worker_started,0,1,,,\n"
          "9,worker_failed,0,1,\"exception: two\nlines, \"\"quoted\"\"\",,\n";
    QString error;
    const auto log = imported(csv, LogFormat::Csv, &error);
    QVERIFY2(log, qPrintable(error));
    QCOMPARE(log->size(), 3);
    QCOMPARE(log->at(2).reason, u"exception: two\nlines, \"quoted\""_s);
    const QByteArray written = exported(*log, LogFormat::Csv);
    QVERIFY(written.endsWith("9,worker_failed,0,1,\"exception: two\nlines, \"\"quoted\"\"\",,\n"));
    const auto again = imported(written, LogFormat::Csv, &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(exported(*again, LogFormat::Csv), written);
}

void TestLogImport::lineBreaksInReasonsSurviveEitherFormat_data()
{
    QTest::addColumn<QString>("reason");
    QTest::newRow("crlf") << u"exception: one\r\ntwo"_s;
    QTest::newRow("cr alone") << u"exception: one\rtwo"_s;
    QTest::newRow("cr at the end") << u"exception: one\r"_s;
    QTest::newRow("blank crlf line") << u"exception: one\r\n\r\ntwo\n"_s;
}

// The CSV writer keeps a reason's line breaks raw inside quotes; reading them back keeps \r\n as it was.
void TestLogImport::lineBreaksInReasonsSurviveEitherFormat()
{
    QFETCH(QString, reason);
    EventLog log;
    log.append(LifecycleEvent::runStarted(scenarioRun(u"seed"_s, 1)->header()));
    log.append(LifecycleEvent::forWorker(EventKind::WorkerStarted, 0, 1));
    log.append(LifecycleEvent::forWorker(EventKind::WorkerFailed, 0, 1, reason));
    for (const LogFormat format : { LogFormat::JsonLines, LogFormat::Csv }) {
        const QByteArray written = exported(log, format);
        QString error;
        const auto back = imported(written, format, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->events(), log.events());
        QCOMPARE(exported(*back, format), written);
    }
}

void TestLogImport::windowsLineEndingsImport()
{
    const auto log = scenarioRun(u"one-for-all"_s, 3);
    for (const LogFormat format : { LogFormat::JsonLines, LogFormat::Csv }) {
        QByteArray crlf = exported(*log, format);
        crlf.replace("\n", "\r\n");
        QString error;
        const auto back = imported(crlf, format, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->events(), log->events());
        // As a spreadsheet saves UTF-8: a byte order mark first, in either format alike.
        const auto marked = imported("\xEF\xBB\xBF" + crlf, format, &error);
        QVERIFY2(marked, qPrintable(error));
        QCOMPARE(marked->events(), log->events());
    }
}

void TestLogImport::badFilesNameTheLineAndTheProblem_data()
{
    QTest::addColumn<LogFormat>("format");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected"); // the error after "run.log:"

    const QByteArray start = runStartedLine();
    const QByteArray workerStarted = "{\"t_us\":10,\"event\":\"worker_started\",\"worker\":0,\"incarnation\":1}\n";
    const auto jsonl = [](const char *name, const QByteArray &content, const QString &expected) {
        QTest::newRow(name) << LogFormat::JsonLines << content << expected;
    };
    jsonl("empty", "", u" no events: not an event log"_s);
    jsonl("cut short", start + workerStarted.left(30),
        u"2: the file ends in the middle of this line: not JSON: unterminated string at column 32"_s);
    jsonl("not json", start + "hello\n", u"2: not JSON: illegal value at column 2"_s);
    jsonl("not an object", start + "[1,2]\n", u"2: not a JSON object"_s);
    // This build's major.minor, which the importer names as what it reads.
    const QString series = versionString().section(u'.', 0, 1);
    jsonl("newer major version", runStartedLine(u"1.0.0"_s),
        u"1: written by Supervisor Lab 1.0.0; this is %1, which reads logs of %2.x and older"_s.arg(versionString(),
            series));
    jsonl("newer minor version", runStartedLine(u"0.9.0"_s),
        u"1: written by Supervisor Lab 0.9.0; this is %1, which reads logs of %2.x and older"_s.arg(versionString(),
            series));
    jsonl("not a version", runStartedLine(u"banana"_s), u"1: version 'banana' is not a Supervisor Lab version"_s);
    jsonl("huge time", start + "{\"t_us\":1e300,\"event\":\"supervisor_started\"}\n",
        u"2: t_us '1e+300' is not a whole number in 0..10000000000000"_s);
    jsonl("time beyond int64", start + "{\"t_us\":99999999999999999999,\"event\":\"supervisor_started\"}\n",
        u"2: t_us '1e+20' is not a whole number in 0..10000000000000"_s);
    jsonl("fractional time", start + "{\"t_us\":1.5,\"event\":\"supervisor_started\"}\n",
        u"2: t_us '1.5' is not a whole number in 0..10000000000000"_s);
    jsonl("negative time", start + "{\"t_us\":-1,\"event\":\"supervisor_started\"}\n",
        u"2: t_us -1 is out of range (0..10000000000000)"_s);
    jsonl("huge worker", start + "{\"t_us\":1,\"event\":\"worker_started\",\"worker\":4294967296,\"incarnation\":1}\n",
        u"2: worker 4294967296 is out of range (0..1023)"_s);
    jsonl("worker outside the run",
        start + "{\"t_us\":1,\"event\":\"worker_started\",\"worker\":2,\"incarnation\":1}\n",
        u"2: worker 2 is not in this run of 2 workers"_s);
    jsonl("incarnation zero", start + "{\"t_us\":1,\"event\":\"worker_started\",\"worker\":0,\"incarnation\":0}\n",
        u"2: incarnation 0 is out of range (1..4294967295)"_s);
    jsonl("string for a number",
        start + "{\"t_us\":1,\"event\":\"worker_started\",\"worker\":\"0\",\"incarnation\":1}\n",
        u"2: worker '\"0\"' is not a whole number in 0..1023"_s);
    jsonl("unknown event", start + "{\"t_us\":1,\"event\":\"worker_exploded\"}\n",
        u"2: unknown event 'worker_exploded'"_s);
    jsonl("line break in a quoted name", start + "{\"t_us\":1,\"event\":\"worker\\nexploded\\u2028\\u0001\"}\n",
        u"2: unknown event 'worker\\nexploded\\u2028\\u0001'"_s);
    jsonl("repeated field", start + "{\"t_us\":1,\"event\":\"supervisor_started\",\"t_us\":2}\n",
        u"2: the key 't_us' appears twice in one object"_s);
    jsonl("repeated config key", runStartedLine(versionString(), "{\"workers\":2,\"workers\":3}"),
        u"1: the key 'workers' appears twice in one object"_s);
    jsonl("unknown field", start + "{\"t_us\":1,\"event\":\"supervisor_started\",\"colour\":\"red\"}\n",
        u"2: supervisor_started has no field 'colour'"_s);
    jsonl("missing field", start + "{\"t_us\":1,\"event\":\"worker_started\",\"worker\":0}\n",
        u"2: 'incarnation' is missing"_s);
    jsonl("invalid utf-8",
        start + "{\"t_us\":1,\"event\":\"worker_failed\",\"worker\":0,\"incarnation\":1,\"reason\":\"\xff\xfe\"}\n",
        u"2: line not valid UTF-8"_s);
    jsonl("unpaired surrogate",
        start + workerStarted
            + "{\"t_us\":11,\"event\":\"worker_failed\",\"worker\":0,\"incarnation\":1,\"reason\":\"\\ud800\"}\n",
        u"3: 'reason' holds an unpaired surrogate (a \\u escape of half a character)"_s);
    jsonl("time goes back",
        start + workerStarted + "{\"t_us\":5,\"event\":\"worker_completed\",\"worker\":0,\"incarnation\":1}\n",
        u"3: t_us 5 is earlier than the event before it (10)"_s);
    jsonl("no run_started", workerStarted, u"1: the log must begin with run_started, not worker_started"_s);
    jsonl("two runs", start + start, u"2: a second run_started: a log holds one run"_s);
    jsonl("after run_finished",
        start + "{\"t_us\":1,\"event\":\"run_finished\",\"restarts\":0,\"failures\":0,\"completions\":0}\n"
            + workerStarted,
        u"3: worker_started after run_finished: a log holds one run"_s);
    jsonl("unknown parameter", runStartedLine(versionString(), "{\"workers\":2,\"turbo\":true}"),
        u"1: config: unknown parameter 'turbo'"_s);
    jsonl("rate outside 0..1", runStartedLine(versionString(), "{\"failure_rate\":2}"),
        u"1: config: failure_rate: must be between 0 and 1"_s);
    jsonl("seed differs from config", runStartedLine(versionString(), "{\"seed\":7}"),
        u"1: seed 1 differs from the config's seed 7"_s);
    jsonl("config not an object", runStartedLine(versionString(), "[]"),
        u"1: 'config' must be an object, not an array"_s);
    jsonl("change of a fixed parameter",
        start + "{\"t_us\":1,\"event\":\"config_changed\",\"key\":\"workers\",\"value\":3}\n",
        u"2: config_changed: 'workers' cannot change during a run"_s);
    jsonl("change to a bad value",
        start + "{\"t_us\":1,\"event\":\"config_changed\",\"key\":\"failure_rate\",\"value\":-0.5}\n",
        u"2: config_changed failure_rate: must be between 0 and 1"_s);
    jsonl("change of no parameter", start + "{\"t_us\":1,\"event\":\"config_changed\",\"key\":\"speed\",\"value\":3}\n",
        u"2: config_changed names no parameter 'speed'"_s);
    // Reasons are words of the vocabulary, not any text: a formula in a reason never reaches a spreadsheet.
    jsonl("failure reason outside the vocabulary",
        start + workerStarted
            + "{\"t_us\":11,\"event\":\"worker_failed\",\"worker\":0,\"incarnation\":1,"
              "\"reason\":\"=cmd|' /C calc'!A0\"}\n",
        u"3: worker_failed: reason '=cmd|' /C calc'!A0' is not one of the vocabulary: a worker fails with error, "
        "heartbeat_timeout, exception: <message>, dependency: <name>, overloaded: <name>, exit <1..255>, "
        "signal <N> (SIG<NAME>) or cannot start: <why>"_s);
    jsonl("stop reason outside the vocabulary",
        start + workerStarted
            + "{\"t_us\":11,\"event\":\"worker_stopping\",\"worker\":0,\"incarnation\":1,\"reason\":\"bored\"}\n",
        u"3: worker_stopping: reason 'bored' is not one of the vocabulary: a worker is asked to stop for shutdown or "
        "sibling_failed"_s);
    jsonl("give-up reason outside the vocabulary",
        start + "{\"t_us\":11,\"event\":\"supervisor_gave_up\",\"reason\":\"tired\"}\n",
        u"2: supervisor_gave_up: reason 'tired' is not one of the vocabulary"_s);
    jsonl("a reason echoed at most in part",
        start + workerStarted + "{\"t_us\":11,\"event\":\"worker_failed\",\"worker\":0,\"incarnation\":1,\"reason\":\""
            + QByteArray(60'000, 'x') + "\"}\n",
        u"3: worker_failed: reason '"_s + QString(kEchoedCharacters, u'x') + u"… (60000 characters)' is not one"_s);

    const QByteArray comment
        = "# run_started {\"version\":\"" + versionString().toUtf8() + "\",\"seed\":1,\"config\":{\"workers\":2}}\n";
    const QByteArray csvStart = kHeaderLine + comment + "0,run_started,,,,,\n";
    const QByteArray treeComment = "# run_started {\"version\":\"" + versionString().toUtf8()
        + "\",\"seed\":1,\"config\":{\"tree\":{\"name\":\"app\",\"children\":[{\"name\":\"pool\",\"children\":"
          "[{\"name\":\"w\"}]}]}}}\n";
    const QByteArray treeCsvStart
        = CsvWriter::header(CsvWriter::kColumnsWithSupervisor) + treeComment + "0,run_started,,,,,,,\n";
    const auto csv = [](const char *name, const QByteArray &content, const QString &expected) {
        QTest::newRow(name) << LogFormat::Csv << content << expected;
    };
    const QByteArray worldStart = runStartedLine(versionString(),
        "{\"dependencies\":[{\"name\":\"db\"}],\"tree\":{\"name\":\"app\",\"children\":[{\"name\":\"conn\","
        "\"depends_on\":[\"db\"]}]}}");
    jsonl("a dependency the run does not have",
        worldStart + "{\"t_us\":5,\"event\":\"dependency_down\",\"dependency\":1,\"reason\":\"outage\"}\n",
        u"2: dependency_down names dependency 1, but this run has 1 (0 to 0)"_s);
    const QByteArray treeStart = runStartedLine(versionString(),
        "{\"tree\":{\"name\":\"app\",\"children\":[{\"name\":\"pool\",\"children\":[{\"name\":\"w\"}]}]}}");
    jsonl("a supervisor the run does not have",
        treeStart + "{\"t_us\":5,\"event\":\"supervisor_started\",\"supervisor\":2,\"incarnation\":1}\n",
        u"2: supervisor_started names supervisor 2, but this run has 2 (0 to 1)"_s);
    jsonl("the root named as a nested supervisor",
        treeStart + "{\"t_us\":5,\"event\":\"supervisor_started\",\"supervisor\":0,\"incarnation\":1}\n",
        u"2: supervisor 0 is out of range (1..255)"_s);
    jsonl("a nested supervisor's event without its incarnation",
        treeStart + "{\"t_us\":5,\"event\":\"supervisor_stopped\",\"supervisor\":1}\n",
        u"2: supervisor_stopped of a nested supervisor has 'supervisor' and 'incarnation'; the root's has neither"_s);
    jsonl("a restart of a worker and a supervisor at once",
        treeStart
            + "{\"t_us\":5,\"event\":\"restart_scheduled\",\"worker\":0,\"supervisor\":1,\"delay_ms\":1,"
              "\"attempt\":1}\n",
        u"2: restart_scheduled is a worker's or a nested supervisor's, not both: it has 'worker' and 'supervisor'"_s);
    jsonl("a worker's event naming a supervisor",
        treeStart + "{\"t_us\":5,\"event\":\"worker_started\",\"worker\":0,\"incarnation\":1,\"supervisor\":1}\n",
        u"2: worker_started has no field 'supervisor'"_s);
    jsonl("a dependency in a run without any", start + "{\"t_us\":5,\"event\":\"dependency_up\",\"dependency\":0}\n",
        u"2: dependency_up names dependency 0, but this run has no dependencies"_s);
    jsonl("a dependency down for no known reason",
        worldStart + "{\"t_us\":5,\"event\":\"dependency_down\",\"dependency\":0,\"reason\":\"tired\"}\n",
        u"2: dependency_down: reason 'tired' is not one of the vocabulary"_s);
    jsonl("a dependency event without its dependency", worldStart + "{\"t_us\":5,\"event\":\"dependency_up\"}\n",
        u"2: "_s);
    // Real programs: READY=1 only within an incarnation of a worker that runs one, once; output only on a program's
    // end, a string of bounded size whose lines all end.
    const QByteArray programStart = runStartedLine(versionString(), R"({"workers":2,"command":["./server"]})");
    const QByteArray failedWith = R"({"t_us":11,"event":"worker_failed","worker":0,"incarnation":1,"reason":"exit 3",)";
    const QByteArray ready = R"({"t_us":12,"event":"worker_ready","worker":0,"incarnation":1})"
                             "\n";
    const QByteArray completed = R"({"t_us":11,"event":"worker_completed","worker":0,"incarnation":1})"
                                 "\n";
    jsonl("output not a string", programStart + workerStarted + failedWith + "\"output\":[\"a\"]}\n",
        u"3: 'output' must be a string, not an array"_s);
    jsonl("output of a number", programStart + workerStarted + failedWith + "\"output\":42}\n",
        u"3: 'output' must be a string, not 42"_s);
    jsonl("output too long",
        programStart + workerStarted + failedWith + "\"output\":\"" + QByteArray(20'000, 'x') + "\\n\"}\n",
        u"3: 'output' is longer than 16384 bytes (20001)"_s);
    // Counted in bytes as the file holds it, however it is escaped: 8 202 characters, 16 403 bytes of UTF-8.
    jsonl("output too long in UTF-8",
        programStart + workerStarted + failedWith + "\"output\":\"" + QString(8'200, u'é').toUtf8() + "\\u00e9\\n\"}\n",
        u"3: 'output' is longer than 16384 bytes (16403)"_s);
    jsonl("output empty", programStart + workerStarted + failedWith + "\"output\":\"\"}\n",
        u"3: 'output' is empty: an end without output carries none"_s);
    jsonl("output without its last line break", programStart + workerStarted + failedWith + "\"output\":\"half\"}\n",
        u"3: 'output' must end with a line break, as each of its lines does"_s);
    jsonl("output on a start",
        programStart + R"({"t_us":10,"event":"worker_started","worker":0,"incarnation":1,"output":"x\n"})" + "\n",
        u"2: worker_started has no field 'output'"_s);
    jsonl("output of a worker that runs no program",
        start + workerStarted + completed.chopped(2) + R"(,"output":"hi\n"})" + "\n",
        u"3: worker_completed has output, but worker 0 runs no program"_s);
    jsonl("a worker_ready before its incarnation", programStart + ready,
        u"2: worker_ready for worker 0 incarnation 1, which is not running: a program is ready only between its "
        "worker_started and its end"_s);
    jsonl("a worker_ready after its end", programStart + workerStarted + completed + ready,
        u"4: worker_ready for worker 0 incarnation 1, which is not running"_s);
    jsonl("a worker_ready of another incarnation",
        programStart + workerStarted + QByteArray(ready).replace("\"incarnation\":1", "\"incarnation\":2"),
        u"3: worker_ready for worker 0 incarnation 2, which is not running"_s);
    jsonl("a worker_ready twice", programStart + workerStarted + ready + ready,
        u"4: worker_ready for worker 0 incarnation 1 a second time: a program is ready once per incarnation"_s);
    jsonl("a worker_ready of a worker that runs no program", start + workerStarted + ready,
        u"3: worker_ready for worker 0, which runs no program: only a program says it is ready"_s);
    jsonl("a worker_ready with a reason", programStart + workerStarted + ready.chopped(2) + R"(,"reason":"up"})" + "\n",
        u"3: worker_ready has no field 'reason'"_s);
    jsonl("exit status 0 is no failure",
        programStart + workerStarted + QByteArray(failedWith).replace("exit 3", "exit 0").chopped(1) + "}\n",
        u"3: worker_failed: reason 'exit 0' is not one of the vocabulary"_s);
    jsonl("a signal that is none",
        programStart + workerStarted + QByteArray(failedWith).replace("exit 3", "signal 99 (SIGFOO)").chopped(1)
            + "}\n",
        u"3: worker_failed: reason 'signal 99 (SIGFOO)' is not one of the vocabulary"_s);

    const QByteArray programCsvStart = CsvWriter::header(CsvWriter::kColumnsWithOutput)
        + "# run_started {\"version\":\"" + versionString().toUtf8()
        + "\",\"seed\":1,\"config\":{\"workers\":2,\"command\":[\"./server\"]}}\n"
        + "0,run_started,,,,,,,,\n5,worker_started,0,1,,,,,,\n";
    csv("csv output too long",
        programCsvStart + "6,worker_failed,0,1,exit 3,,,,,\"" + QByteArray(20'000, 'x') + "\n\"\n",
        u"5: 'output' is longer than 16384 bytes (20001)"_s);
    csv("csv output without its last line break", programCsvStart + "6,worker_completed,0,1,,,,,,done\n",
        u"5: 'output' must end with a line break, as each of its lines does"_s);
    csv("csv output that is only the apostrophe", programCsvStart + "6,worker_completed,0,1,,,,,,'\n",
        u"5: 'output' is empty"_s);
    csv("csv output on a start", programCsvStart + "6,worker_started,1,1,,,,,,hello\n",
        u"5: worker_started has no 'output', but the column is not blank"_s);
    csv("csv output under a header without the column", csvStart + "5,worker_completed,0,1,,,,\"hi\n\"\n",
        u"4: more than 7 columns"_s);
    csv("csv a program run's row without the output column", programCsvStart + "6,worker_ready,0,1,,,,,\n",
        u"5: 9 columns where 10 are expected"_s);
    csv("csv a worker_ready outside an incarnation", programCsvStart + "6,worker_ready,0,2,,,,,,\n",
        u"5: worker_ready for worker 0 incarnation 2, which is not running"_s);
    csv("csv output of a worker that runs no program",
        CsvWriter::header(CsvWriter::kColumnsWithOutput) + comment
            + "0,run_started,,,,,,,,\n5,worker_started,0,1,,,,,,\n6,worker_stopped,0,1,,,,,,\"bye\n\"\n",
        u"5: worker_stopped has output, but worker 0 runs no program"_s);
    csv("csv dependency event under a header without the column", csvStart + "5,dependency_up,,,,,\n",
        u"4: dependency_up needs the dependency column, which this file's header does not have"_s);
    csv("csv without header", "0,run_started,,,,,\n",
        u"1: not a Supervisor Lab CSV log: the first line must be t_us,event,worker,incarnation,reason,delay_ms,attempt"_s);
    csv("csv header only", kHeaderLine, u" no events: not an event log"_s);
    csv("csv run_started without comment", kHeaderLine + "0,run_started,,,,,\n",
        u"2: run_started has no '# run_started {…}' comment before it"_s);
    csv("csv other comment", kHeaderLine + "# hello\n", u"2: the only comment a log has is '# run_started {…}'"_s);
    csv("csv broken comment", kHeaderLine + "# run_started {\"version\":\n",
        u"2: the run_started comment: not JSON: unterminated object at column 12"_s);
    csv("csv unclosed quote", csvStart + "5,worker_failed,0,1,\"error,,\n", u"4: a quoted field is never closed"_s);
    csv("csv quote inside a field", csvStart + "5,worker_failed,0,1,err\"o\"r,,\n",
        u"4: a quote inside an unquoted field (column 5)"_s);
    csv("csv text after a quote", csvStart + "5,worker_failed,0,1,\"error\"x,,\n",
        u"4: a quoted field goes on after its closing quote (column 5)"_s);
    csv("csv too few columns", csvStart + "5,worker_started,0,1\n", u"4: 4 columns where 7 are expected"_s);
    csv("csv too many columns", csvStart + "5,worker_started,0,1,,,,,\n", u"4: more than 7 columns"_s);
    csv("csv field a kind lacks", csvStart + "5,supervisor_started,3,,,,\n",
        u"4: supervisor_started has no 'worker', but the column is not blank"_s);
    csv("csv missing field", csvStart + "5,worker_started,0,,,,\n", u"4: worker_started needs 'incarnation'"_s);
    csv("csv huge number", csvStart + "5,restart_scheduled,0,,,99999999999999999999999,1\n",
        u"4: delay_ms '99999999999999999999999' is not a whole number in 0..10000000000"_s);
    csv("csv not a number", csvStart + "five,supervisor_started,,,,,\n",
        u"4: t_us 'five' is not a whole number in 0..10000000000000"_s);
    csv("csv unknown event", csvStart + "5,worker_exploded,,,,,\n", u"4: unknown event 'worker_exploded'"_s);
    csv("csv line break in a number", csvStart + "\"5\r\n6\",supervisor_started,,,,,\n",
        u"4: t_us '5\\r\\n6' is not a whole number in 0..10000000000000"_s);
    csv("csv bad counts", csvStart + "5,run_finished,,,restarts=1 failures=x completions=0,,\n",
        u"4: failures 'x' is not a whole number in 0..9223372036854775807"_s);
    csv("csv counts misshapen", csvStart + "5,run_finished,,,all good,,\n",
        u"4: run_finished's reason must read 'restarts=N failures=N completions=N'"_s);
    csv("csv change without value", csvStart + "5,config_changed,,,failure_rate,,\n",
        u"4: config_changed's reason must read 'key=value'"_s);
    csv("csv invalid utf-8", csvStart + "5,worker_failed,0,1,\xc3\x28,,\n", u"4: line not valid UTF-8"_s);
    csv("csv formula as a reason", csvStart + "5,worker_started,0,1,,,\n6,worker_failed,0,1,@SUM(1+1),,\n",
        u"5: worker_failed: reason '@SUM(1+1)' is not one of the vocabulary"_s);
    csv("csv cut short", csvStart + "5,worker_sta",
        u"4: the file ends in the middle of this line: 2 columns where 7 are expected"_s);
    csv("a nested supervisor's event without its incarnation", treeCsvStart + "5,supervisor_started,,,,,,,1\n",
        u"4: supervisor_started needs 'incarnation'"_s);
    csv("a worker's event in the supervisor column", treeCsvStart + "5,worker_started,0,1,,,,,1\n",
        u"4: worker_started has no 'supervisor', but the column is not blank"_s);
    csv("a supervisor's restart that names a worker too", treeCsvStart + "5,restart_scheduled,0,,,10,1,,1\n",
        u"4: restart_scheduled has no 'worker', but the column is not blank"_s);
    csv("a supervisor the run does not have", treeCsvStart + "5,supervisor_started,,1,,,,,7\n",
        u"4: supervisor_started names supervisor 7, but this run has 2 (0 to 1)"_s);
    csv("the root in the supervisor column", treeCsvStart + "5,supervisor_started,,1,,,,,0\n",
        u"4: supervisor 0 is out of range (1..255)"_s);
}

void TestLogImport::badFilesNameTheLineAndTheProblem()
{
    QFETCH(LogFormat, format);
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QString error;
    const auto log = imported(content, format, &error);
    QVERIFY(!log);
    QVERIFY2(error.startsWith(u"run.log:"_s + expected), qPrintable(error));
    QVERIFY2(!error.contains(u'\n'), qPrintable(error));
}

void TestLogImport::aGigabyteLineIsRefusedInBoundedMemory_data()
{
    QTest::addColumn<LogFormat>("format");
    QTest::addColumn<QByteArray>("prefix");
    QTest::newRow("jsonl") << LogFormat::JsonLines << runStartedLine();
    QTest::newRow("csv") << LogFormat::Csv << kHeaderLine;
    QTest::newRow("csv quoted over many lines") << LogFormat::Csv << kHeaderLine + "5,worker_failed,0,1,\"";
}

void TestLogImport::aGigabyteLineIsRefusedInBoundedMemory()
{
    QFETCH(LogFormat, format);
    QFETCH(QByteArray, prefix);
    constexpr qint64 kGigabyte = qint64(1) << 30;
    LongLineDevice device(prefix, kGigabyte);
    QString error;
    QVERIFY(!LogImporter::read(device, format, u"huge.log"_s, &error));
    QVERIFY2(error.startsWith(u"huge.log:2: line longer than 65536 bytes"_s), qPrintable(error));
    QVERIFY2(device.bytesServed() < 4 * LogImporter::kMaxLineBytes, qPrintable(QString::number(device.bytesServed())));
}

void TestLogImport::loadNamesTheFile()
{
    QTemporaryDir dir;
    QString error;
    const QString missing = dir.filePath(u"missing.jsonl"_s);
    QVERIFY(!LogImporter::load(missing, &error));
    QVERIFY2(error.startsWith(missing + u": cannot open: "_s), qPrintable(error));

    const QString trace = dir.filePath(u"run.trace.json"_s);
    QVERIFY(!LogImporter::load(trace, &error));
    QCOMPARE(error, trace + u": cannot read this format; a log to open ends in .jsonl or .csv"_s);

    const auto log = scenarioRun(u"seed"_s, 1);
    const QString path = dir.filePath(u"run.csv"_s);
    QVERIFY(LogExporter::save(*log, path, &error));
    const auto loaded = LogImporter::load(path, &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->events(), log->events());
}

QTEST_GUILESS_MAIN(TestLogImport)
#include "tst_logimport.moc"
