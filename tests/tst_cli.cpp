#include "analysis/explorationfigures.h"
#include "analysis/loginvariants.h"
#include "events/eventlog.h"
#include "io/logimporter.h"
#include "specialfiles.h"
#include "testruns.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <csignal>

#include <sys/resource.h>

using namespace Qt::StringLiterals;
using SupervisorLab::kPatienceMs;

namespace {

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
    QStringList lines() const { return out.split(u'\n', Qt::SkipEmptyParts); }
};

Result run(const QStringList &arguments, const QString &workingDirectory = {},
    const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(QStringLiteral(SUPERVISOR_LAB_BINARY), arguments);
    if (!process.waitForFinished(kPatienceMs))
        qFatal("supervisor-lab did not finish: %s", qPrintable(arguments.join(u' ')));
    return Result { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
        QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError()) };
}

// The narration without its time column.
QStringList sentences(const Result &result)
{
    QStringList words;
    for (const QString &line : result.lines())
        words << line.section(u"s  "_s, 1);
    return words;
}

void checkSeedStory(const Result &result)
{
    QCOMPARE(result.exitCode, 0);
    const QStringList said = sentences(result);
    QVERIFY(said.first().startsWith(u"Run: 1 worker, one-for-one, seed 42."_s));
    QCOMPARE(said.at(1), u"Supervisor: Started."_s);
    QCOMPARE(said.at(2), u"Worker: Started"_s);
    const qsizetype stopping = said.indexOf(u"Supervisor: Stopping worker supervision."_s);
    QVERIFY(stopping > 2);
    QVERIFY(!said.mid(stopping).contains(u"Worker: Started"_s)); // a pending restart is cancelled, not run
    for (qsizetype i = 0; i + 1 < said.size(); ++i) {
        if (said.at(i) == u"Worker: Simulated failure!" && i + 1 < stopping)
            QCOMPARE(said.at(i + 1), u"Supervisor: Worker failed, restarting..."_s);
        if (said.at(i) == u"Worker: Completed work successfully." && i + 1 < stopping)
            QCOMPARE(said.at(i + 1), u"Supervisor: Worker completed, restarting..."_s);
    }
    const qsizetype starts = said.count(u"Worker: Started"_s);
    const QString restarts = starts - 1 == 1 ? u"1 time"_s : u"%1 times"_s.arg(starts - 1);
    QVERIFY2(said.last().startsWith(u"Done: the worker was restarted "_s + restarts), qPrintable(said.last()));
    // Time stamps in the first column never go back.
    double previous = 0;
    for (const QString &line : result.lines()) {
        const double seconds = line.section(u's', 0, 0).trimmed().toDouble();
        QVERIFY(seconds >= previous);
        previous = seconds;
    }
}

// A small exploration: two policies that differ in every way that matters, a third of whose seeds give up.
const QByteArray kSmallExploration = R"({ "horizon": 120000, "seeds": 12, "first_seed": 11,
    "workload": { "workers": 3, "failure_rate": 0.4, "failure_mode": "mixed", "work_min": 100, "work_max": 3000 },
    "policies": [
        { "name": "fixed 400 ms", "config": { "delay": 400, "heartbeat_timeout": 500, "max_restarts": 36, "within": 20000 } },
        { "name": "backoff", "config": { "backoff": "exponential", "jitter": "full", "delay": 50, "max_delay": 5000 } } ] })";

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(file.fileName()));
    return file.fileName();
}

// Eight workers failing the moment they start, with no delay: about 24 events per simulated microsecond.
QStringList floodFor(const QString &durationMs)
{
    return { u"--headless"_s, u"--virtual-time"_s, u"--workers"_s, u"8"_s, u"--failure-rate"_s, u"1"_s, u"--work-min"_s,
        u"0"_s, u"--work-max"_s, u"0"_s, u"--delay"_s, u"0"_s, u"--duration"_s, durationMs, u"--seed"_s, u"1"_s,
        u"--quiet"_s };
}

// A sanitizer reserves terabytes of address space up front: a process of this build cannot start under ulimit -v.
constexpr bool kAddressSanitizer =
#if defined(__SANITIZE_ADDRESS__)
    true;
#else
    false;
#endif

// Whether process `pid` has a handler of its own for `signal` (Linux: the SigCgt mask in /proc).
bool catchesSignal(qint64 pid, int signal)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return false;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("SigCgt:"))
            return (line.mid(7).trimmed().toULongLong(nullptr, 16) >> (signal - 1)) & 1;
    }
    return false;
}

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void seedScenarioInVirtualTime();
    void seedScenarioOnRealThreads();
    void badInput_data();
    void badInput();
    void exports_data();
    void exports();
    void virtualRunsRepeatByteForByte();
    void givingUpExitsWithThree();
    void onlyTheRootGivingUpExitsWithThree();
    void replayTellsTheRunAgainAndConverts();
    void replayOfABadFileNamesTheLine();
    void exportsAPictureWithoutADisplay_data();
    void exportsAPictureWithoutADisplay();
    void listsTheScenarios();
    void readsAScenarioFile();
    void quietPrintsNothing();
    void runsARealCommand();
    void aScenarioRunsProgramsOnlyWhenAllowed();
    void programsAreRefusedWithOneLine_data();
    void programsAreRefusedWithOneLine();
    void helpAndVersion();
    void interruptStopsGracefully();
    void aSecondInterruptAbandonsHungWorkers();
    void whatWouldOutgrowTheMemoryLimitEndsWithOneLine();
    void theDefaultLimitFollowsTheProcessLimits_data();
    void theDefaultLimitFollowsTheProcessLimits();
    void explainSaysWhy();
    void pitfallsShowsBothSupervisorsSideBySide();
    void windowRunsAScenarioAndClosesCleanly();
    void windowReportsItsFirstFrameWhenAsked();
    void windowWithoutADisplaySaysWhatToDo();
    void explorePrintsPoliciesSideBySide();
    void exploreExports_data();
    void exploreExports();
    void exploreIsTheSameOnAnyNumberOfThreads();
    void exploreInterruptCancels();
};

void TestCommandLine::seedScenarioInVirtualTime()
{
    checkSeedStory(run({ u"--headless"_s, u"--scenario"_s, u"seed"_s, u"--seed"_s, u"42"_s, u"--virtual-time"_s }));
}

void TestCommandLine::seedScenarioOnRealThreads()
{
    checkSeedStory(
        run({ u"--headless"_s, u"--scenario"_s, u"seed"_s, u"--seed"_s, u"42"_s, u"--duration"_s, u"1500"_s }));
}

void TestCommandLine::badInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("complaint");
    const QStringList headless { u"--headless"_s };
    QTest::newRow("rate above 1") << headless + QStringList { u"--failure-rate"_s, u"1.5"_s }
                                  << u"--failure-rate: must be between 0 and 1, got 1.5"_s;
    QTest::newRow("rate missing") << headless + QStringList { u"--failure-rate"_s }
                                  << u"Missing value after '--failure-rate'"_s;
    QTest::newRow("unknown option") << headless + QStringList { u"--colour"_s, u"red"_s }
                                    << u"Unknown option 'colour'"_s;
    QTest::newRow("negative time") << headless + QStringList { u"--delay"_s, u"-5"_s }
                                   << u"--delay: must not be negative, got -5"_s;
    QTest::newRow("no workers") << headless + QStringList { u"--workers"_s, u"0"_s }
                                << u"--workers: must be at least 1, got 0"_s;
    QTest::newRow("unknown strategy") << headless + QStringList { u"--strategy"_s, u"all-for-one"_s }
                                      << u"--strategy: expects one of one-for-one, one-for-all, rest-for-one"_s;
    QTest::newRow("unknown scenario") << headless + QStringList { u"--scenario"_s, u"nosuch"_s }
                                      << u"--scenario: no scenario named 'nosuch'"_s;
    QTest::newRow("unreadable scenario") << headless + QStringList { u"--scenario"_s, u"missing.json"_s }
                                         << u"--scenario: missing.json: cannot read"_s;
    QTest::newRow("corrupt scenario") << headless + QStringList { u"--scenario"_s, u"corrupt.json"_s }
                                      << u"--scenario: corrupt.json: not valid JSON"_s;
    QTest::newRow("scenario compared with nothing known")
        << headless + QStringList { u"--scenario"_s, u"badcompare.json"_s }
        << u"--scenario: badcompare.json: compare_with must be \"article\", not \"blog\""_s;
    QTest::newRow("scenario with a bad key") << headless + QStringList { u"--scenario"_s, u"badkey.json"_s }
                                             << u"--scenario: badkey.json: unknown parameter 'wokers'"_s;
    QTest::newRow("export format") << headless + QStringList { u"--export"_s, u"run.txt"_s }
                                   << u"--export: run.txt: the name must end in .jsonl, .csv or .trace.json"_s;
    QTest::newRow("export directory") << headless + QStringList { u"--export"_s, u"no/such/dir/run.jsonl"_s }
                                      << u"--export: directory"_s;
    QTest::newRow("work range") << headless + QStringList { u"--work-min"_s, u"900"_s, u"--work-max"_s, u"100"_s }
                                << u"work_min (900 ms) is above work_max (100 ms)"_s;
    QTest::newRow("endless virtual run") << headless + QStringList { u"--virtual-time"_s, u"--duration"_s, u"0"_s }
                                         << u"a virtual-time run needs a duration above 0"_s;
    QTest::newRow("negative seed") << headless + QStringList { u"--seed"_s, u"-3"_s } << u"--seed: expects a whole"_s;
    QTest::newRow("stray argument") << headless + QStringList { u"now"_s } << u"unexpected argument 'now'"_s;
    QTest::newRow("window option when headless")
        << headless + QStringList { u"--start"_s } << u"--start applies to the window only"_s;
    QTest::newRow("quit-after not a time")
        << QStringList { u"--quit-after"_s, u"soon"_s } << u"--quit-after: 'soon' is not a time"_s;
    QTest::newRow("replay with a run option")
        << headless + QStringList { u"--replay"_s, u"corrupt.jsonl"_s, u"--failure-rate"_s, u"0.5"_s }
        << u"--failure-rate shapes a new run; a replay shows the recorded one as it was"_s;
    QTest::newRow("replay of a trace") << headless + QStringList { u"--replay"_s, u"run.trace.json"_s }
                                       << u"--replay: run.trace.json: a log to replay ends in .jsonl or .csv"_s;
    QTest::newRow("replay of a missing file") << headless + QStringList { u"--replay"_s, u"missing.csv"_s }
                                              << u"missing.csv: cannot open: No such file or directory"_s;
    QTest::newRow("replay of a corrupt file") << headless + QStringList { u"--replay"_s, u"corrupt.jsonl"_s }
                                              << u"corrupt.jsonl:2: t_us 5 is earlier than the event before it (9)"_s;
    // The window opens and says it there too; the program ends as bad input does once the window closes.
    QTest::newRow("window replay of a corrupt file")
        << QStringList { u"--replay"_s, u"corrupt.jsonl"_s, u"--quit-after"_s, u"100"_s }
        << u"corrupt.jsonl:2: t_us 5 is earlier than the event before it (9)"_s;
    QTest::newRow("picture format") << headless + QStringList { u"--export-image"_s, u"run.gif"_s }
                                    << u"--export-image: run.gif: the name must end in .png or .svg"_s;
    QTest::newRow("picture in the window")
        << QStringList { u"--export-image"_s, u"run.png"_s } << u"--export-image applies to --headless runs"_s;
    QTest::newRow("picture too narrow") << headless
            + QStringList { u"--export-image"_s, u"run.png"_s, u"--image-width"_s, u"20"_s }
                                        << u"--image-width: '20' is not a width in pixels"_s;
    QTest::newRow("picture width alone") << headless + QStringList { u"--image-width"_s, u"800"_s }
                                         << u"--image-width needs --export-image"_s;
    const QStringList explore = headless + QStringList { u"--explore"_s, u"spec.json"_s };
    const QStringList csv { u"--export"_s, u"results.csv"_s };
    QTest::newRow("explore with a run option")
        << explore + QStringList { u"--workers"_s, u"3"_s }
        << u"--workers shapes a single run; an exploration takes its runs from its spec file"_s;
    QTest::newRow("explore with a scenario")
        << QStringList { u"--scenario"_s, u"seed"_s } + explore << u"--scenario shapes a single run"_s;
    QTest::newRow("explore in the window")
        << QStringList { u"--explore"_s, u"spec.json"_s } << u"--explore applies to --headless runs"_s;
    QTest::newRow("explore a log") << headless + QStringList { u"--explore"_s, u"run.jsonl"_s }
                                   << u"--explore: run.jsonl: an exploration spec ends in .json"_s;
    QTest::newRow("explore with explain")
        << explore + QStringList { u"--explain"_s } << u"--explain applies to a single run, not to --explore"_s;
    QTest::newRow("explore exported as a log") << explore + QStringList { u"--export"_s, u"results.jsonl"_s }
                                               << u"--export: results.jsonl: the name must end in .csv or .json"_s;
    QTest::newRow("threads without explore")
        << headless + QStringList { u"--threads"_s, u"2"_s } << u"--threads needs --explore"_s;
    QTest::newRow("threads not a number") << explore + csv + QStringList { u"--threads"_s, u"many"_s }
                                          << u"--threads: 'many' is not a number of threads (1..256)"_s;
    QTest::newRow("no threads") << explore + csv + QStringList { u"--threads"_s, u"0"_s }
                                << u"--threads: '0' is not a number of threads"_s;
    QTest::newRow("bad spec") << headless + QStringList { u"--explore"_s, u"badspec.json"_s } + csv
                              << u"supervisor-lab: badspec.json: policy \"a\": config: failure_rate is part of the "
                                 "workload, which every policy shares"_s;
    QTest::newRow("missing spec") << headless + QStringList { u"--explore"_s, u"missing.json"_s } + csv
                                  << u"supervisor-lab: missing.json: cannot read"_s;
    // One rule for every file and option: each value once, of its own type, and every key known.
    QTest::newRow("shutdown timeout beyond an hour")
        << headless + QStringList { u"--shutdown-timeout"_s, u"10000000000"_s }
        << u"--shutdown-timeout: must be at most 3600000, got 10000000000"_s;
    QTest::newRow("heartbeat timeout beyond an hour")
        << headless + QStringList { u"--heartbeat-timeout"_s, u"3600001"_s }
        << u"--heartbeat-timeout: must be at most 3600000, got 3600001"_s;
    QTest::newRow("memory limit of nothing") << headless + QStringList { u"--memory-limit"_s, u"0"_s }
                                             << u"--memory-limit: '0' is not a number of megabytes (1..16777216)"_s;
    QTest::newRow("memory limit not a number") << headless + QStringList { u"--memory-limit"_s, u"lots"_s }
                                               << u"--memory-limit: 'lots' is not a number of megabytes"_s;
    QTest::newRow("repeated option") << headless + QStringList { u"--delay"_s, u"100"_s, u"--delay"_s, u"200"_s }
                                     << u"--delay is given 2 times (100, 200); give it once"_s;
    QTest::newRow("huge value echoed in part")
        << headless + QStringList { u"--failure-rate"_s, QString(100'000, u'x') }
        << u"--failure-rate: expects a number, got '"_s + QString(60, u'x') + u"… (100000 characters)'"_s;
    QTest::newRow("huge option echoed in part")
        << headless + QStringList { u"--"_s + QString(100'000, u'y') } << u"Unknown option 'yyyy"_s;
    QTest::newRow("scenario repeating a key")
        << headless + QStringList { u"--scenario"_s, u"twice.json"_s }
        << u"--scenario: twice.json: the key 'delay' appears twice in one object"_s;
    QTest::newRow("scenario with a number as text") << headless + QStringList { u"--scenario"_s, u"text.json"_s }
                                                    << u"--scenario: text.json: workers: expects a number, got the "
                                                       "text \"3\""_s;
    QTest::newRow("scenario with an unknown key")
        << headless + QStringList { u"--scenario"_s, u"misspelt.json"_s }
        << u"--scenario: misspelt.json: unknown key 'descripton' (expected name, title, goal, description, watch, "
           "compare_with, config, dependencies, tree)"_s;
    QTest::newRow("scenario seed beyond 2^53") << headless + QStringList { u"--scenario"_s, u"bigseed.json"_s }
                                               << u"--scenario: bigseed.json: seed: must be at most 9007199254740991, "
                                                  "got 9007199254740993"_s;
    QTest::newRow("spec repeating a key") << headless + QStringList { u"--explore"_s, u"twice-spec.json"_s } + csv
                                          << u"supervisor-lab: twice-spec.json: the key 'name' appears twice in one "
                                             "object"_s;
    // What is not a regular file is neither read (a named pipe would wait for a writer forever) nor replaced.
    const QString pipe = u" is a named pipe (FIFO), not a regular file"_s;
    const QString notReplaced = u"; an export replaces only a regular file"_s;
    QTest::newRow("export into a named pipe")
        << headless + QStringList { u"--export"_s, u"pipe.jsonl"_s } << u"--export: pipe.jsonl"_s + pipe + notReplaced;
    QTest::newRow("export through a link to a device") << headless + QStringList { u"--export"_s, u"null.csv"_s }
                                                       << u", a character device, not a regular file"_s + notReplaced;
    QTest::newRow("picture into a named pipe") << headless + QStringList { u"--export-image"_s, u"pipe.png"_s }
                                               << u"--export-image: pipe.png"_s + pipe + notReplaced;
    QTest::newRow("exploration into a named pipe")
        << explore + QStringList { u"--export"_s, u"pipe.csv"_s } << u"--export: pipe.csv"_s + pipe + notReplaced;
    QTest::newRow("scenario from a named pipe")
        << headless + QStringList { u"--scenario"_s, u"pipe.json"_s } << u"--scenario: pipe.json"_s + pipe;
    QTest::newRow("replay from a named pipe")
        << headless + QStringList { u"--replay"_s, u"pipe.jsonl"_s } << u"supervisor-lab: pipe.jsonl"_s + pipe;
    QTest::newRow("spec from a named pipe")
        << headless + QStringList { u"--explore"_s, u"pipe.json"_s } + csv << u"supervisor-lab: pipe.json"_s + pipe;
}

void TestCommandLine::badInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, complaint);
    QTemporaryDir dir;
    QFile corrupt(dir.filePath(u"corrupt.json"_s));
    QVERIFY(corrupt.open(QIODevice::WriteOnly));
    corrupt.write("{ \"config\": { \"workers\": 2, }");
    corrupt.close();
    QFile badKey(dir.filePath(u"badkey.json"_s));
    QVERIFY(badKey.open(QIODevice::WriteOnly));
    badKey.write(R"({ "config": { "wokers": 2 } })");
    badKey.close();
    QFile badCompare(dir.filePath(u"badcompare.json"_s));
    QVERIFY(badCompare.open(QIODevice::WriteOnly));
    badCompare.write(R"({ "compare_with": "blog", "config": { "workers": 1 } })");
    badCompare.close();
    writeFile(dir, u"badspec.json"_s, R"({ "policies": [ { "name": "a", "config": { "failure_rate": 0.5 } } ] })");
    writeFile(dir, u"twice.json"_s, R"({ "config": { "delay": 100, "workers": 2, "delay": 200 } })");
    writeFile(dir, u"text.json"_s, R"({ "config": { "workers": "3" } })");
    writeFile(dir, u"misspelt.json"_s, R"({ "descripton": "typo", "config": { "workers": 3 } })");
    writeFile(dir, u"bigseed.json"_s, R"({ "config": { "seed": 9007199254740993 } })");
    writeFile(dir, u"twice-spec.json"_s, R"({ "policies": [ { "name": "a", "name": "b", "config": {} } ] })");
    QFile corruptLog(dir.filePath(u"corrupt.jsonl"_s));
    QVERIFY(corruptLog.open(QIODevice::WriteOnly));
    corruptLog.write(R"({"t_us":9,"event":"run_started","version":"0.1.0","seed":1,"config":{"seed":1}})"
                     "\n"
                     R"({"t_us":5,"event":"supervisor_started"})"
                     "\n");
    corruptLog.close();
    // Special files, all in the test's own folder: a defect must never reach /dev.
    for (const QString &name : { u"pipe.json"_s, u"pipe.jsonl"_s, u"pipe.csv"_s, u"pipe.png"_s })
        QVERIFY(makeSpecialFile(dir.filePath(name), S_IFIFO));
    if (arguments.contains(u"null.csv"_s)) {
        if (!makeSpecialFile(dir.filePath(u"null"_s), S_IFCHR))
            QSKIP("making a device node needs root");
        QVERIFY(QFile::link(u"null"_s, dir.filePath(u"null.csv"_s)));
    }
    const QDir::Filters everything = QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System;
    const QStringList before = QDir(dir.path()).entryList(everything);

    // Where the run would have written an export, nothing may appear.
    const bool exports = arguments.contains(u"--headless"_s) && !arguments.contains(u"--export"_s);
    const QStringList exportOption = exports ? QStringList { u"--export"_s, u"run.jsonl"_s } : QStringList();
    // A window run reads and writes the user's settings: this one gets a folder of its own.
    const QTemporaryDir settings;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"XDG_CONFIG_HOME"_s, settings.path());
    Result result = run(exportOption + arguments, dir.path(), environment);
    // A window under Qt's offscreen platform has its docks' size hints refused by the platform, which says so; that
    // is the test's display, not the program's message.
    result.err.remove(u"This plugin does not support propagateSizeHints()\n"_s);
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.out, QString());
    QVERIFY2(result.err.startsWith(u"supervisor-lab: "_s) && result.err.contains(complaint), qPrintable(result.err));
    QCOMPARE(result.err.count(u'\n'), 1); // one clear line
    QCOMPARE(QDir(dir.path()).entryList(everything), before); // nothing written
    for (const QString &name : { u"pipe.json"_s, u"pipe.jsonl"_s, u"pipe.csv"_s, u"pipe.png"_s })
        QCOMPARE(kindOf(dir.filePath(name)), mode_t(S_IFIFO)); // still pipes
}

void TestCommandLine::exports_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("JSON Lines") << u"run.jsonl"_s;
    QTest::newRow("CSV") << u"run.csv"_s;
    QTest::newRow("Chrome trace") << u"run.trace.json"_s;
}

void TestCommandLine::exports()
{
    QFETCH(QString, name);
    QTemporaryDir dir;
    const Result result = run({ u"--headless"_s, u"--scenario"_s, u"one-for-all"_s, u"--seed"_s, u"5"_s,
                                  u"--virtual-time"_s, u"--quiet"_s, u"--export"_s, name },
        dir.path());
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList { name }); // and no temporary file
    QFile file(dir.filePath(name));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    if (name.endsWith(u".jsonl")) {
        const QList<QByteArray> lines = content.trimmed().split('\n');
        for (const QByteArray &line : lines)
            QVERIFY2(QJsonDocument::fromJson(line).isObject(), line.constData());
        QCOMPARE(QJsonDocument::fromJson(lines.first()).object().value(u"event"_s).toString(), u"run_started"_s);
        const QJsonObject last = QJsonDocument::fromJson(lines.last()).object();
        QCOMPARE(last.value(u"event"_s).toString(), u"run_finished"_s);
        QCOMPARE(QJsonDocument::fromJson(lines.first()).object().value(u"config"_s).toObject().value(u"workers"_s),
            QJsonValue(4));
    } else if (name.endsWith(u".csv")) {
        QVERIFY(content.startsWith("t_us,event,worker,incarnation,reason,delay_ms,attempt\n# run_started {"));
        QVERIFY(content.trimmed().endsWith(",,"));
        QVERIFY(content.contains(",sibling_failed,,\n"));
    } else {
        const QJsonObject trace = QJsonDocument::fromJson(content).object();
        QVERIFY(trace.value(u"traceEvents"_s).isArray());
        QCOMPARE(trace.value(u"otherData"_s).toObject().value(u"seed"_s), QJsonValue(5));
    }
}

void TestCommandLine::virtualRunsRepeatByteForByte()
{
    QTemporaryDir dir;
    const QStringList arguments { u"--headless"_s, u"--workers"_s, u"6"_s, u"--failure-mode"_s, u"mixed"_s,
        u"--jitter"_s, u"full"_s, u"--backoff"_s, u"exponential"_s, u"--duration"_s, u"30000"_s, u"--seed"_s, u"99"_s,
        u"--virtual-time"_s, u"--quiet"_s, u"--export"_s };
    QCOMPARE(run(arguments + QStringList { u"a.jsonl"_s }, dir.path()).exitCode, 0);
    QCOMPARE(run(arguments + QStringList { u"b.jsonl"_s }, dir.path()).exitCode, 0);
    QFile a(dir.filePath(u"a.jsonl"_s));
    QFile b(dir.filePath(u"b.jsonl"_s));
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    const QByteArray first = a.readAll();
    QVERIFY(first.size() > 5'000);
    QCOMPARE(b.readAll(), first);
}

void TestCommandLine::givingUpExitsWithThree()
{
    const Result result
        = run({ u"--headless"_s, u"--scenario"_s, u"give-up"_s, u"--seed"_s, u"1"_s, u"--virtual-time"_s });
    QCOMPARE(result.exitCode, 3);
    QVERIFY(result.out.contains(u"Supervisor: Giving up: restart intensity exceeded: more than 3 restarts within "
                                "5000 ms."_s));
    QCOMPARE(sentences(result).count(u"Worker: Started"_s), 4);
}

// Only the root's give-up ends the run with 3: a nested supervisor that gives up is its parent's to answer.
void TestCommandLine::onlyTheRootGivingUpExitsWithThree()
{
    QTemporaryDir dir;
    const Result kernel = run({ u"--headless"_s, u"--scenario"_s, u"error-kernel"_s, u"--seed"_s, u"1"_s,
                                  u"--virtual-time"_s, u"--quiet"_s, u"--export"_s, u"run.jsonl"_s },
        dir.path());
    QCOMPARE(kernel.exitCode, 0);
    QFile log(dir.filePath(u"run.jsonl"_s));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray lines = log.readAll();
    QVERIFY(lines.contains("\"event\":\"supervisor_gave_up\",\"supervisor\":")); // a nested one gave up
    QVERIFY(!lines.contains("\"event\":\"supervisor_gave_up\",\"reason\"")); // the root did not

    const Result escalation = run(
        { u"--headless"_s, u"--scenario"_s, u"escalation"_s, u"--seed"_s, u"1"_s, u"--virtual-time"_s, u"--quiet"_s });
    QCOMPARE(escalation.exitCode, 3); // the root gives up in the end
}

void TestCommandLine::replayTellsTheRunAgainAndConverts()
{
    QTemporaryDir dir;
    const QStringList scenario { u"--headless"_s, u"--scenario"_s, u"give-up"_s, u"--seed"_s, u"3"_s,
        u"--virtual-time"_s };
    const Result original = run(scenario + QStringList { u"--export"_s, u"run.jsonl"_s }, dir.path());
    QCOMPARE(original.exitCode, 3);

    const Result replayed
        = run({ u"--headless"_s, u"--replay"_s, u"run.jsonl"_s, u"--export"_s, u"run.csv"_s }, dir.path());
    QCOMPARE(replayed.exitCode, 3); // like the run: its supervisor gave up
    QCOMPARE(replayed.out, original.out); // told again word for word
    QCOMPARE(replayed.err, QString());

    const Result back = run(
        { u"--headless"_s, u"--replay"_s, u"run.csv"_s, u"--quiet"_s, u"--export"_s, u"again.jsonl"_s }, dir.path());
    QCOMPARE(back.exitCode, 3);
    QCOMPARE(back.out, QString());
    QFile first(dir.filePath(u"run.jsonl"_s));
    QFile again(dir.filePath(u"again.jsonl"_s));
    QVERIFY(first.open(QIODevice::ReadOnly) && again.open(QIODevice::ReadOnly));
    const QByteArray bytes = first.readAll();
    QVERIFY(bytes.size() > 500);
    QCOMPARE(again.readAll(), bytes); // JSON Lines → CSV → JSON Lines, byte for byte

    const Result explained = run({ u"--headless"_s, u"--replay"_s, u"run.jsonl"_s, u"--explain"_s }, dir.path());
    QVERIFY2(explained.out.contains(u"restart intensity"_s), qPrintable(explained.out));
}

void TestCommandLine::replayOfABadFileNamesTheLine()
{
    QTemporaryDir dir;
    QCOMPARE(run({ u"--headless"_s, u"--scenario"_s, u"seed"_s, u"--seed"_s, u"1"_s, u"--virtual-time"_s, u"--quiet"_s,
                     u"--export"_s, u"run.csv"_s },
                 dir.path())
                 .exitCode,
        0);
    QFile file(dir.filePath(u"run.csv"_s));
    QVERIFY(file.open(QIODevice::ReadWrite));
    QByteArray content = file.readAll();
    QVERIFY(content.contains(",error,"));
    content.insert(content.indexOf(",error,") + 1, '"');
    file.resize(0);
    file.write(content);
    file.close();
    const Result result
        = run({ u"--headless"_s, u"--replay"_s, u"run.csv"_s, u"--export"_s, u"out.jsonl"_s }, dir.path());
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.out, QString()); // nothing told from a file that is not read whole
    QVERIFY2(result.err.startsWith(u"supervisor-lab: run.csv:"_s) && result.err.contains(u"quoted field"_s),
        qPrintable(result.err));
    QCOMPARE(result.err.count(u'\n'), 1);
    QVERIFY(!QFile::exists(dir.filePath(u"out.jsonl"_s)));
}

void TestCommandLine::exportsAPictureWithoutADisplay_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("PNG") << u"run.png"_s;
    QTest::newRow("SVG") << u"run.svg"_s;
}

void TestCommandLine::exportsAPictureWithoutADisplay()
{
    QFETCH(QString, name);
    QTemporaryDir dir;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &variable : { u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s, u"XDG_RUNTIME_DIR"_s })
        environment.remove(variable);
    const Result result
        = run({ u"--headless"_s, u"--scenario"_s, u"one-for-all"_s, u"--seed"_s, u"5"_s, u"--virtual-time"_s,
                  u"--quiet"_s, u"--export-image"_s, name, u"--image-width"_s, u"1200"_s },
            dir.path(), environment);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.err, QString()); // not even a platform warning
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList { name });
    QFile file(dir.filePath(name));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    if (name.endsWith(u".png")) {
        QVERIFY(content.startsWith("\x89PNG\r\n\x1a\n"));
        const auto bigEndian = [&](int at) {
            return int(quint8(content[at]) << 24) | (quint8(content[at + 1]) << 16) | (quint8(content[at + 2]) << 8)
                | quint8(content[at + 3]);
        };
        QCOMPARE(bigEndian(16), 1200); // IHDR width
        QVERIFY(bigEndian(20) > 100); // and height: the lanes of four workers at least
    } else {
        QVERIFY(content.contains("<svg"));
        QVERIFY(content.contains("viewBox=\"0 0 1200 "));
        QVERIFY(content.contains("<title>Supervisor Lab — seed 5, one-for-all, 4 workers</title>"));
        QVERIFY(content.contains(">Worker 3<"));
    }
}

void TestCommandLine::listsTheScenarios()
{
    const Result result = run({ u"--list-scenarios"_s });
    QCOMPARE(result.exitCode, 0);
    const QStringList lines = result.lines();
    QVERIFY(lines.size() >= 6);
    QVERIFY(lines.first().startsWith(u"seed "_s));
    for (const QString &line : lines)
        QVERIFY2(line.section(u' ', 1).trimmed().size() > 20, qPrintable(line)); // name, then its goal
}

void TestCommandLine::readsAScenarioFile()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(u"mine.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    // Saved by an editor that begins its UTF-8 with a byte order mark.
    file.write(
        "\xEF\xBB\xBF"
        R"({ "goal": "two workers", "config": { "workers": 2, "strategy": "rest-for-one", "duration": 3000 } })");
    file.close();
    const Result result = run({ u"--headless"_s, u"--scenario"_s, file.fileName(), u"--seed"_s, u"3"_s,
        u"--failure-rate"_s, u"0.9"_s, u"--virtual-time"_s });
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.contains(u"Run: 2 workers, rest-for-one, seed 3."_s));
    QVERIFY(result.out.contains(u"Worker 1: Started"_s));
}

void TestCommandLine::runsARealCommand()
{
    QTemporaryDir dir;
    const QString log = dir.filePath(u"run.jsonl"_s);
    // Quotes as a shell takes them; two starts, then the supervisor gives up (exit 3).
    const Result result = run({ u"--headless"_s, u"--command"_s,
        u"sh -c 'echo \"it said: $0\"; exit 3' \"two words\""_s, u"--max-restarts"_s, u"1"_s, u"--within"_s,
        u"600000"_s, u"--delay"_s, u"10"_s, u"--duration"_s, u"600000"_s, u"--export"_s, log });
    QCOMPARE(result.exitCode, 3);
    QCOMPARE(result.out.count(u"Worker: Exit 3 after"_s), 2);
    QVERIFY2(result.out.contains(u"; last output: it said: two words."_s), qPrintable(result.out));
    const QByteArray written = SupervisorLab::fileContents(log);
    QVERIFY(written.contains(R"("command":["sh","-c","echo \"it said: $0\"; exit 3","two words"])"));
    QCOMPARE(written.count(R"("reason":"exit 3")"), 2);
}

void TestCommandLine::aScenarioRunsProgramsOnlyWhenAllowed()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(u"work"_s));
    QFile file(dir.filePath(u"mine.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    // A relative cwd is the scenario file's directory's.
    file.write(R"({ "config": { "duration": 600000, "max_restarts": 0, "within": 600000 },
        "tree": { "name": "app", "children": [ { "name": "svc", "cwd": "work",
            "env": { "GREETING": "hello" }, "command": ["sh", "-c", "echo \"$GREETING from $(pwd)\"; exit 7"] } ] } })");
    file.close();
    const QString log = dir.filePath(u"run.jsonl"_s);
    const QStringList arguments { u"--headless"_s, u"--scenario"_s, file.fileName(), u"--export"_s, log };
    const Result refused = run(arguments);
    QCOMPARE(refused.exitCode, 2);
    QCOMPARE(refused.err.count(u'\n'), 1);
    QVERIFY2(refused.err.contains(u"--allow-commands"_s), qPrintable(refused.err));
    QVERIFY2(refused.err.contains(u"svc: sh -c"_s), qPrintable(refused.err));
    QVERIFY(!QFile::exists(log));

    const Result allowed = run(arguments + QStringList { u"--allow-commands"_s });
    QCOMPARE(allowed.exitCode, 3);
    const QString workDirectory = QDir(dir.filePath(u"work"_s)).canonicalPath();
    QVERIFY2(allowed.out.contains(u"svc: Exit 7 after"_s), qPrintable(allowed.out));
    QVERIFY2(allowed.out.contains(u"last output: hello from "_s + workDirectory), qPrintable(allowed.out));
    QVERIFY(SupervisorLab::fileContents(log).contains(R"("reason":"exit 7")"));
}

void TestCommandLine::programsAreRefusedWithOneLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("virtual time") << QStringList { u"--command"_s, u"true"_s, u"--virtual-time"_s }
                                  << u"virtual time cannot run real programs"_s;
    QTest::newRow("an open quote") << QStringList { u"--command"_s, u"sh -c 'exit 3"_s }
                                   << u"--command: the command line leaves a ' quote open"_s;
    QTest::newRow("nothing to run") << QStringList { u"--command"_s, u"   "_s } << u"--command: the command line is empty"_s;
    QTest::newRow("a replay") << QStringList { u"--command"_s, u"true"_s, u"--replay"_s, u"run.jsonl"_s }
                              << u"--command shapes a new run"_s;
    QTest::newRow("an exploration") << QStringList { u"--explore"_s, u"spec.json"_s, u"--allow-commands"_s }
                                    << u"--allow-commands applies to a single run"_s;
}

void TestCommandLine::programsAreRefusedWithOneLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Result result = run(QStringList { u"--headless"_s } + arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
    QCOMPARE(result.err.count(u'\n'), 1);
    QVERIFY(result.out.isEmpty());
}

void TestCommandLine::quietPrintsNothing()
{
    QTemporaryDir dir;
    const Result result
        = run({ u"--headless"_s, u"--virtual-time"_s, u"--quiet"_s, u"--export"_s, u"run.csv"_s }, dir.path());
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QString());
    QCOMPARE(result.err, QString());
    QVERIFY(QFile::exists(dir.filePath(u"run.csv"_s)));
}

void TestCommandLine::helpAndVersion()
{
    const Result help = run({ u"--help"_s });
    QCOMPARE(help.exitCode, 0);
    for (const QString &option : { u"--failure-rate <P>"_s, u"--strategy <NAME>"_s, u"--virtual-time"_s,
             u"--max-restarts <R>"_s, u"--export <FILE>"_s, u"--list-scenarios"_s })
        QVERIFY2(help.out.contains(option), qPrintable(option));
    const Result version = run({ u"--version"_s });
    QCOMPARE(version.exitCode, 0);
    QVERIFY(QRegularExpression(u"^supervisor-lab \\d+\\.\\d+\\.\\d+\n$"_s).match(version.out).hasMatch());
}

void TestCommandLine::interruptStopsGracefully()
{
    QTemporaryDir dir;
    QProcess process;
    process.setWorkingDirectory(dir.path());
    process.start(QStringLiteral(SUPERVISOR_LAB_BINARY),
        { u"--headless"_s, u"--duration"_s, u"0"_s, u"--workers"_s, u"2"_s, u"--export"_s, u"run.jsonl"_s });
    QVERIFY(process.waitForReadyRead(kPatienceMs));
    ::kill(pid_t(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(kPatienceMs));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY(out.contains(u"Supervisor: Stopping worker supervision."_s));
    QVERIFY(out.contains(u"Done: workers were restarted"_s));
    QVERIFY(QFile::exists(dir.filePath(u"run.jsonl"_s)));
}

void TestCommandLine::aSecondInterruptAbandonsHungWorkers()
{
    // Two workers that hang at once, with no heartbeat check and the longest shutdown timeout: a graceful stop
    // would wait an hour for them.
    QTemporaryDir dir;
    QProcess process;
    process.setWorkingDirectory(dir.path());
    process.start(QStringLiteral(SUPERVISOR_LAB_BINARY),
        { u"--headless"_s, u"--workers"_s, u"2"_s, u"--failure-rate"_s, u"1"_s, u"--failure-mode"_s, u"hang"_s,
            u"--work-min"_s, u"0"_s, u"--work-max"_s, u"0"_s, u"--heartbeat-timeout"_s, u"0"_s, u"--shutdown-timeout"_s,
            u"3600000"_s, u"--duration"_s, u"0"_s, u"--export"_s, u"run.jsonl"_s });
    QVERIFY(process.waitForStarted(kPatienceMs));
    QVERIFY(SupervisorLab::waitFor(
        [&] { return catchesSignal(process.processId(), SIGINT) && process.peek(1 << 20).count("Started") >= 3; }));
    ::kill(pid_t(process.processId()), SIGINT);
    QByteArray err;
    QVERIFY(SupervisorLab::waitFor([&] { return (err += process.readAllStandardError()).contains("Ctrl+C again"); }));
    QVERIFY(err.startsWith("supervisor-lab: stopping: the workers are asked to stop;"));
    ::kill(pid_t(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(kPatienceMs)); // an hour sooner than the shutdown timeout
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    err += process.readAllStandardError();
    QVERIFY2(err.endsWith("supervisor-lab: abandoning the workers that have not stopped\n"), err.constData());
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    QCOMPARE(out.count(u"ignored the stop signal; abandoned it."_s), 2);

    // The export holds the whole run: both workers asked to stop, then abandoned, and the run's end.
    using namespace SupervisorLab;
    QString error;
    const auto log = LogImporter::load(dir.filePath(u"run.jsonl"_s), &error);
    QVERIFY2(log, qPrintable(error));
    QCOMPARE(log->count(EventKind::WorkerStopping), 2);
    QCOMPARE(log->count(EventKind::WorkerAbandoned), 2);
    QCOMPARE(log->kindAt(log->size() - 1), EventKind::RunFinished);
    QVERIFY(LogInvariants::check(*log).isEmpty());
}

void TestCommandLine::whatWouldOutgrowTheMemoryLimitEndsWithOneLine()
{
    using namespace SupervisorLab;
    QTemporaryDir dir;
    const QString limit = u"--memory-limit"_s;
    // A day of the flood, exported: more events than 4 MB hold (131 072). The run is stopped there, as Ctrl+C
    // would stop it, and its export holds it up to then.
    const Result stopped
        = run(floodFor(u"86400000"_s) + QStringList { limit, u"4"_s, u"--export"_s, u"day.jsonl"_s }, dir.path());
    QCOMPARE(stopped.exitCode, 4);
    QVERIFY2(stopped.err.startsWith(u"supervisor-lab: the run's events reached the memory limit (4 MB: 131072 "
                                    "events) at 0.005 s, and the run was stopped there; day.jsonl holds it up to "
                                    "there. Give --memory-limit more, or a shorter --duration\n"_s),
        qPrintable(stopped.err));
    QCOMPARE(stopped.err.count(u'\n'), 1);
    QString error;
    const auto day = LogImporter::load(dir.filePath(u"day.jsonl"_s), &error);
    QVERIFY2(day, qPrintable(error));
    QVERIFY(day->size() >= 131'072 && day->size() < 131'072 + 100);
    QCOMPARE(day->kindAt(day->size() - 1), EventKind::RunFinished);
    QVERIFY(LogInvariants::check(*day).isEmpty());

    // Unexported, a run keeps only its latest events: three times as many as the limit would hold, and no stop.
    const Result told = run(floodFor(u"20"_s) + QStringList { limit, u"4"_s }, dir.path());
    QCOMPARE(told.exitCode, 0);
    QCOMPARE(told.err, QString());

    // A recording longer than the limit holds is refused as it is read, nothing written.
    QCOMPARE(run(floodFor(u"20"_s) + QStringList { u"--export"_s, u"long.csv"_s }, dir.path()).exitCode, 0);
    const Result replay = run(
        { u"--headless"_s, u"--replay"_s, u"long.csv"_s, limit, u"1"_s, u"--quiet"_s, u"--export"_s, u"again.jsonl"_s },
        dir.path());
    QCOMPARE(replay.exitCode, 2);
    QVERIFY2(replay.err.startsWith(u"supervisor-lab: long.csv:"_s)
            && replay.err.endsWith(u": the log goes on past 32768 events, more than the memory limit holds (see "
                                   "--memory-limit)\n"_s),
        qPrintable(replay.err));
    QVERIFY(!QFile::exists(dir.filePath(u"again.jsonl"_s)));

    // An exploration keeps every recovery time: a day of failing workers outgrows a megabyte.
    writeFile(dir, u"day.json"_s, R"({ "horizon": 86400000, "seeds": 10,
        "workload": { "workers": 8, "failure_rate": 1, "work_min": 1, "work_max": 3 },
        "policies": [ { "name": "fast", "config": { "delay": 1 } } ] })");
    const Result explored = run({ u"--headless"_s, u"--explore"_s, u"day.json"_s, u"--export"_s, u"day.csv"_s,
                                    u"--threads"_s, u"2"_s, limit, u"1"_s },
        dir.path());
    QCOMPARE(explored.exitCode, 4);
    QCOMPARE(explored.out, QString());
    QVERIFY2(explored.err.startsWith(u"supervisor-lab: the exploration outgrew the memory limit (1 MB) after "_s)
            && explored.err.endsWith(u"; nothing written. Fewer seeds or a shorter horizon need less, or give "
                                     "--memory-limit more\n"_s),
        qPrintable(explored.err));
    QCOMPARE(explored.err.count(u'\n'), 1);
    QVERIFY(!QFile::exists(dir.filePath(u"day.csv"_s)));
}

void TestCommandLine::theDefaultLimitFollowsTheProcessLimits_data()
{
    QTest::addColumn<QStringList>("limitOption");
    QTest::addColumn<QString>("complaint");
    // Without --memory-limit, half of what ulimit -v leaves: the run is stopped at that share.
    QTest::newRow("the default") << QStringList() << u"supervisor-lab: the run's events reached the memory limit ("_s;
    // With a limit beyond what the system gives, the system refuses memory in the end: one line all the same.
    QTest::newRow("a limit the system cannot give") << QStringList { u"--memory-limit"_s, u"16777216"_s }
                                                    << u"supervisor-lab: out of memory: the system refused more, so "
                                                       "the program ends here; see --memory-limit\n"_s;
}

void TestCommandLine::theDefaultLimitFollowsTheProcessLimits()
{
    QFETCH(QStringList, limitOption);
    QFETCH(QString, complaint);
    if (kAddressSanitizer)
        QSKIP("AddressSanitizer reserves terabytes of address space: nothing of this build starts under ulimit -v");
    QTemporaryDir dir;
    QProcess process;
    process.setWorkingDirectory(dir.path());
    // Room for the program and 512 MB more: the default limit is half of that.
    process.setChildProcessModifier([] {
        constexpr rlim_t kRoom = rlim_t(768) << 20;
        const rlimit limit { kRoom, kRoom };
        setrlimit(RLIMIT_AS, &limit);
    });
    process.start(QStringLiteral(SUPERVISOR_LAB_BINARY),
        floodFor(u"86400000"_s) + limitOption + QStringList { u"--export"_s, u"day.jsonl"_s });
    QVERIFY(process.waitForFinished(kPatienceMs));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 4);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.startsWith(complaint), qPrintable(err));
    QCOMPARE(err.count(u'\n'), 1);
}

void TestCommandLine::explainSaysWhy()
{
    const Result result = run(
        { u"--headless"_s, u"--scenario"_s, u"backoff"_s, u"--virtual-time"_s, u"--seed"_s, u"1"_s, u"--explain"_s });
    QCOMPARE(result.exitCode, 0);
    const QStringList said = sentences(result);
    QVERIFY2(said.contains(u"Restart #4 of worker 0 (conn-1) in 4 s: exponential backoff, 500 ms × 2³ (attempt 4 since "
                           "the last clean run)."_s),
        qPrintable(result.out.left(3000)));
    QVERIFY(said.contains(u"Worker 0 (conn-1) failed: db is down (outage since 2.0 s); one-for-one, so only it is "
                          "restarted."_s));
    QVERIFY(said.contains(u"The dependency db is back after 20.0 s; 4 workers depend on it: the next restart of each "
                          "gets through, as its restart delay allows."_s));
    QVERIFY(std::any_of(said.begin(), said.end(), [](const QString &sentence) {
        return sentence.endsWith(u"All 4 workers that depend on db run again from 33.5 s, 11.5 s after it came back "
                                 "(exponential backoff)."_s);
    }));
    QCOMPARE(said.size(), result.lines().size()); // one sentence per event, each with its time
}

void TestCommandLine::pitfallsShowsBothSupervisorsSideBySide()
{
    QTemporaryDir dir;
    const Result result
        = run({ u"--headless"_s, u"--scenario"_s, u"pitfalls"_s, u"--seed"_s, u"2"_s, u"--export"_s, u"lab.jsonl"_s },
            dir.path());
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.err, QString());
    const QStringList lines = result.lines();
    const auto rowOf = [&](const QString &start) {
        const auto found = std::find_if(
            lines.begin(), lines.end(), [&](const QString &line) { return line.trimmed().startsWith(start); });
        return found == lines.end() ? QString() : *found;
    };
    // Seed 2: a completion at 0.911 s, and stop during the last restart delay.
    QVERIFY2(rowOf(u"0.911s  ≠ Supervisor: Worker failed, restarting..."_s)
                 .endsWith(u"Supervisor: Worker completed, restarting..."_s),
        qPrintable(result.out));
    QCOMPARE(rowOf(u"4.048s  ≠ Worker: Started"_s).trimmed(), u"4.048s  ≠ Worker: Started"_s); // only the article's
    QVERIFY(rowOf(u"3. restarts reported / made"_s).simplified().endsWith(u"2/3 2/2"_s));
    QVERIFY(rowOf(u"4. workers started after stop"_s).simplified().endsWith(u"1 0"_s));
    QVERIFY(result.out.contains(u"worker 0 incarnation 4 started while the supervisor does not run or stops"_s));
    QVERIFY(result.out.contains(u"The lab's log checker on the lab's log: every rule holds."_s));
    QVERIFY(rowOf(u"runs"_s).simplified() == u"runs 200 200"_s);
    QVERIFY(QFile::exists(dir.filePath(u"lab.jsonl"_s)));
}

void TestCommandLine::windowRunsAScenarioAndClosesCleanly()
{
    QTemporaryDir dir;
    const QString settingsHome = dir.filePath(u"config"_s);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"XDG_CONFIG_HOME"_s, settingsHome); // the window's remembered state stays in here
    const Result result = run({ u"--scenario"_s, u"seed"_s, u"--seed"_s, u"42"_s, u"--duration"_s, u"300"_s,
                                  u"--start"_s, u"--quit-after"_s, u"1500"_s, u"--export"_s, u"run.jsonl"_s },
        dir.path(), environment);
    QCOMPARE(result.exitCode, 0);
    // The offscreen platform of the tests cannot pass on size hints and says so; anything else is a finding.
    const QStringList complaints
        = result.err.split(u'\n', Qt::SkipEmptyParts)
              .filter(QRegularExpression(u"^(?!This plugin does not support propagateSizeHints)"_s));
    QVERIFY2(complaints.isEmpty(), qPrintable(complaints.join(u'\n')));
    QFile exported(dir.filePath(u"run.jsonl"_s));
    QVERIFY(exported.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = exported.readAll().trimmed().split('\n');
    const QJsonObject first = QJsonDocument::fromJson(lines.first()).object();
    QCOMPARE(first.value(u"seed"_s), QJsonValue(42));
    QCOMPARE(QJsonDocument::fromJson(lines.last()).object().value(u"event"_s).toString(), u"run_finished"_s);
    QVERIFY(QFile::exists(settingsHome + u"/Supervisor Lab/supervisor-lab.conf"_s)); // it remembered its state
}

void TestCommandLine::windowReportsItsFirstFrameWhenAsked()
{
    // For bench/startup: the time of the first painted frame on the monotonic clock, then the window closes.
    QTemporaryDir dir;
    const QTemporaryDir settings;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"XDG_CONFIG_HOME"_s, settings.path());
    const auto before = std::chrono::steady_clock::now().time_since_epoch();
    const Result result = run({ u"--report-first-frame"_s }, dir.path(), environment);
    const auto after = std::chrono::steady_clock::now().time_since_epoch();
    QCOMPARE(result.exitCode, 0);
    const QStringList lines = result.lines();
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.first().startsWith(u"first-frame "_s), qPrintable(result.out));
    bool ok = false;
    const qint64 paintedNs = lines.first().section(u' ', 1).toLongLong(&ok);
    QVERIFY(ok);
    QVERIFY(paintedNs > std::chrono::nanoseconds(before).count());
    QVERIFY(paintedNs < std::chrono::nanoseconds(after).count());

    // Not for users: --help does not list it, and a headless run refuses it.
    const Result help = run({ u"--help"_s });
    QCOMPARE(help.exitCode, 0);
    QVERIFY(!help.out.contains(u"first-frame"_s));
    const Result headless = run({ u"--headless"_s, u"--report-first-frame"_s });
    QCOMPARE(headless.exitCode, 2);
    QVERIFY2(headless.err.contains(u"--report-first-frame applies to the window only"_s), qPrintable(headless.err));
}

void TestCommandLine::windowWithoutADisplaySaysWhatToDo()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : { u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s })
        environment.remove(name);
    QTemporaryDir dir;
    const Result result = run({ u"--scenario"_s, u"seed"_s }, dir.path(), environment);
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.out, QString());
    QCOMPARE(result.err.count(u'\n'), 1);
    QVERIFY2(result.err.contains(u"no display"_s) && result.err.contains(u"--headless"_s)
            && result.err.contains(u"xvfb-run"_s),
        qPrintable(result.err));
    // Bad options are still named as such.
    const Result bad = run({ u"--failure-rate"_s, u"7"_s }, dir.path(), environment);
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(u"--failure-rate"_s), qPrintable(bad.err));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
}

void TestCommandLine::explorePrintsPoliciesSideBySide()
{
    QTemporaryDir dir;
    writeFile(dir, u"spec.json"_s, kSmallExploration);
    const Result result
        = run({ u"--headless"_s, u"--explore"_s, u"spec.json"_s, u"--export"_s, u"results.json"_s }, dir.path());
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.err, QString());
    const QStringList lines = result.out.split(u'\n');
    QVERIFY2(lines.size() == 9 && lines.last().isEmpty(), qPrintable(result.out));
    QVERIFY2(
        QRegularExpression(u"^Exploration: 3 workers, failure rate 0.4 \\(mixed\\), work 100–3000 ms; horizon 2 min; "
                           "12 seeds \\(11–22\\); 24 runs in [0-9.]+ m?s on \\d+ threads?\\.$"_s)
            .match(lines.at(0))
            .hasMatch(),
        qPrintable(lines.at(0)));
    QCOMPARE(lines.at(1), QString());

    // A column per policy under its name, a row per measure; the figures are the exported summaries'.
    const qsizetype first = lines.at(2).indexOf(u"fixed 400 ms"_s);
    const qsizetype second = lines.at(2).indexOf(u"backoff"_s);
    QVERIFY(first > 0 && second > first && lines.at(2).left(first).trimmed().isEmpty());
    const QJsonArray policies = QJsonDocument::fromJson(SupervisorLab::fileContents(dir.filePath(u"results.json"_s)))
                                    .object()
                                    .value(u"policies"_s)
                                    .toArray();
    QCOMPARE(policies.size(), 2);
    using SupervisorLab::ExplorationFigures;
    for (qsizetype column = 0; column < 2; ++column) {
        const QJsonObject summary = policies.at(column).toObject().value(u"summary"_s).toObject();
        const auto share
            = [&](const QString &key) { return ExplorationFigures::percent(summary.value(key).toDouble()); };
        const auto time
            = [&](const QString &key) { return ExplorationFigures::duration(summary.value(key).toInteger()); };
        const QStringList expected {
            u"availability %1 (p5 %2)"_s.arg(share(u"availability_mean"_s), share(u"availability_p5"_s)),
            u"restarts "_s + ExplorationFigures::perHour(summary.value(u"restarts_per_hour_mean"_s).toDouble()),
            u"gives up "_s
                + (column == 0 ? u"%1 of seeds, after %2 (p50)"_s.arg(
                       share(u"give_up_probability"_s), time(u"give_up_p50_us"_s))
                               : u"never"_s),
            u"recovery p50/p95/p99 %1 / %2 / %3"_s.arg(
                time(u"recovery_p50_us"_s), time(u"recovery_p95_us"_s), time(u"recovery_p99_us"_s)),
            u"longest outage %1 (p95), %2 at most"_s.arg(
                time(u"longest_outage_p95_us"_s), time(u"longest_outage_max_us"_s)),
        };
        for (qsizetype row = 0; row < expected.size(); ++row) {
            const QString &line = lines.at(3 + row);
            const QString cell = column == 0 ? line.mid(first, second - first).trimmed() : line.mid(second);
            QCOMPARE(line.left(first).trimmed() + u' ' + cell, expected.at(row));
        }
    }
    QVERIFY(policies.at(0).toObject().value(u"summary"_s).toObject().value(u"gave_up_seeds"_s).toInt() > 0);

    const Result quiet = run({ u"--headless"_s, u"--explore"_s, u"spec.json"_s, u"--quiet"_s }, dir.path());
    QCOMPARE(quiet.exitCode, 0);
    QCOMPARE(quiet.out, QString());
    QCOMPARE(quiet.err, QString());
}

void TestCommandLine::exploreExports_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("CSV") << u"results.csv"_s;
    QTest::newRow("JSON") << u"results.json"_s;
}

void TestCommandLine::exploreExports()
{
    QFETCH(QString, name);
    QTemporaryDir dir;
    writeFile(dir, u"spec.json"_s, kSmallExploration);
    const Result result
        = run({ u"--headless"_s, u"--explore"_s, u"spec.json"_s, u"--quiet"_s, u"--export"_s, name }, dir.path());
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QString());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), (QStringList { name, u"spec.json"_s })); // no temporary file
    const QByteArray content = SupervisorLab::fileContents(dir.filePath(name));
    if (name.endsWith(u".csv")) {
        const QList<QByteArray> lines = content.trimmed().split('\n');
        QCOMPARE(lines.size(), 1 + 2 * 12);
        QVERIFY(lines.at(0).startsWith("policy,seed,availability,"));
        QVERIFY(lines.at(1).startsWith("fixed 400 ms,11,"));
        QVERIFY(lines.at(24).startsWith("backoff,22,"));
    } else {
        const QJsonObject object = QJsonDocument::fromJson(content).object();
        QCOMPARE(object.value(u"spec"_s).toObject().value(u"seeds"_s).toInt(), 12);
        const QJsonArray policies = object.value(u"policies"_s).toArray();
        QCOMPARE(policies.size(), 2);
        QCOMPARE(policies.at(1).toObject().value(u"name"_s).toString(), u"backoff"_s);
        QCOMPARE(policies.at(1).toObject().value(u"seeds"_s).toArray().size(), 12);
        QVERIFY(policies.at(0).toObject().value(u"summary"_s).toObject().value(u"gave_up_seeds"_s).toInt() > 0);
    }
}

void TestCommandLine::exploreIsTheSameOnAnyNumberOfThreads()
{
    QTemporaryDir dir;
    writeFile(dir, u"spec.json"_s, kSmallExploration);
    const QStringList explore { u"--headless"_s, u"--explore"_s, u"spec.json"_s, u"--export"_s };
    const Result one = run(explore + QStringList { u"one.json"_s, u"--threads"_s, u"1"_s }, dir.path());
    const Result two = run(explore + QStringList { u"two.json"_s, u"--threads"_s, u"2"_s }, dir.path());
    QCOMPARE(one.exitCode, 0);
    QCOMPARE(two.exitCode, 0);
    QVERIFY2(one.lines().first().endsWith(u" on 1 thread."_s), qPrintable(one.lines().first()));
    QVERIFY2(two.lines().first().endsWith(u" on 2 threads."_s), qPrintable(two.lines().first()));
    QCOMPARE(one.lines().mid(1), two.lines().mid(1)); // all but the line with the time and the threads
    QCOMPARE(one.lines().size(), 7);
    const QByteArray exported = SupervisorLab::fileContents(dir.filePath(u"one.json"_s));
    QVERIFY(exported.size() > 1000);
    QCOMPARE(SupervisorLab::fileContents(dir.filePath(u"two.json"_s)), exported);
}

void TestCommandLine::exploreInterruptCancels()
{
    // Every run of this would take hours: only a cancel ends it.
    QTemporaryDir dir;
    writeFile(dir, u"endless.json"_s, R"({ "horizon": 2592000000, "seeds": 1000,
        "workload": { "workers": 8, "failure_rate": 1, "work_min": 1, "work_max": 20 },
        "policies": [ { "name": "endless", "config": { "delay": 10 } } ] })");
    QProcess process;
    process.setWorkingDirectory(dir.path());
    process.start(QStringLiteral(SUPERVISOR_LAB_BINARY),
        { u"--headless"_s, u"--explore"_s, u"endless.json"_s, u"--export"_s, u"results.csv"_s });
    QVERIFY(process.waitForStarted(kPatienceMs));
    QVERIFY(SupervisorLab::waitFor([&] { return catchesSignal(process.processId(), SIGINT); }));
    ::kill(pid_t(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(kPatienceMs)); // the runs would take hours: only the cancel ends them
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 130);
    QCOMPARE(process.readAllStandardOutput(), QByteArray());
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.startsWith(u"supervisor-lab: exploration cancelled after 0 of 1000 runs; nothing written"_s),
        qPrintable(err));
    QCOMPARE(err.count(u'\n'), 1);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList { u"endless.json"_s });
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_cli.moc"
