#include "events/eventlog.h"
#include "filesizelimit.h"
#include "io/atomicfile.h"
#include "io/chrometracewriter.h"
#include "io/csvreader.h"
#include "io/csvwriter.h"
#include "io/jsonlineswriter.h"
#include "io/logexporter.h"
#include "logscript.h"
#include "runtime/virtualruntime.h"
#include "specialfiles.h"
#include "testruns.h"
#include "testsettings.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

std::shared_ptr<EventLog> seededRun(const QStringList &settings)
{
    VirtualRuntime runtime(withSettings(SupervisorConfig(), QStringList { u"seed=2024"_s } + settings));
    runtime.run();
    return runtime.log();
}

LifecycleEvent withOutput(LifecycleEvent event, const QString &output)
{
    event.output = output;
    return event;
}

RunHeader headerOf(const char *config)
{
    return RunHeader { u"0.3.0"_s, 1, QJsonDocument::fromJson(config).object() };
}

} // namespace

class TestLogFormats : public QObject
{
    Q_OBJECT

private slots:
    void jsonLinesBytes_data();
    void jsonLinesBytes();
    void jsonLinesParseBackField_data();
    void jsonLinesParseBackField();
    void configChangedKeepsTheParameterJsonType();
    void csvQuotesPerRfc4180();
    void csvCellsNeverStartLikeAFormula_data();
    void csvCellsNeverStartLikeAFormula();
    void csvCarriesTheConfigInAComment();
    void csvHasAnOutputColumnOnlyWhenTheRunRunsPrograms_data();
    void csvHasAnOutputColumnOnlyWhenTheRunRunsPrograms();
    void csvOutputIsQuotedAndReadBack();
    void logsWithoutProgramsAreAsTheyWere();
    void chromeTraceIsWellFormed();
    void exportPicksTheFormatFromTheName_data();
    void exportPicksTheFormatFromTheName();
    void failedExportKeepsThePreviousFile();
    void aFlushTheDiskRefusesKeepsThePreviousFile();
    void aLogMissingItsOldestEventsIsNotExported();
    void exportsReplaceOnlyRegularFiles_data();
    void exportsReplaceOnlyRegularFiles();
};

void TestLogFormats::jsonLinesBytes_data()
{
    QTest::addColumn<LifecycleEvent>("event");
    QTest::addColumn<QByteArray>("line");
    auto at = [](LifecycleEvent event, qint64 tUs) {
        event.tUs = tUs;
        return event;
    };
    QTest::newRow("worker_started") << at(LifecycleEvent::forWorker(EventKind::WorkerStarted, 2, 5), 1500)
                                    << QByteArray(R"({"t_us":1500,"event":"worker_started","worker":2,"incarnation":5})"
                                                  "\n");
    QTest::newRow("worker_failed") << at(LifecycleEvent::forWorker(EventKind::WorkerFailed, 0, 1, u"error"_s), 7)
                                   << QByteArray(R"({"t_us":7,"event":"worker_failed","worker":0,"incarnation":1,)"
                                                 R"("reason":"error"})"
                                                 "\n");
    QTest::newRow("restart_scheduled") << at(LifecycleEvent::restartScheduled(3, 800, 4), 9)
                                       << QByteArray(R"({"t_us":9,"event":"restart_scheduled","worker":3,)"
                                                     R"("delay_ms":800,"attempt":4})"
                                                     "\n");
    QTest::newRow("supervisor_stopped") << at(LifecycleEvent::supervisor(EventKind::SupervisorStopped), 10)
                                        << QByteArray(R"({"t_us":10,"event":"supervisor_stopped"})"
                                                      "\n");
    QTest::newRow("run_finished") << at(LifecycleEvent::runFinished({ 3, 4, 1 }), 11)
                                  << QByteArray(R"({"t_us":11,"event":"run_finished","restarts":3,"failures":4,)"
                                                R"("completions":1})"
                                                "\n");
    QTest::newRow("worker_ready") << at(LifecycleEvent::forWorker(EventKind::WorkerReady, 1, 3), 12)
                                  << QByteArray(R"({"t_us":12,"event":"worker_ready","worker":1,"incarnation":3})"
                                                "\n");
    QTest::newRow("a program's failure and its output")
        << at(withOutput(LifecycleEvent::workerFailed(0, 2, FailureKind::Signal, u"11 (SIGSEGV)"_s),
                  u"=cmd|' /C calc'!A0\n\"x\", y\n"_s),
               13)
        << QByteArray(R"({"t_us":13,"event":"worker_failed","worker":0,"incarnation":2,)"
                      R"x("reason":"signal 11 (SIGSEGV)","output":"=cmd|' /C calc'!A0\n\"x\", y\n"})x"
                      "\n");
    QTest::newRow("a program's completion and its output")
        << at(withOutput(
                  LifecycleEvent::forWorker(EventKind::WorkerCompleted, 0, 1), u"[3 earlier lines not kept]\nok\n"_s),
               14)
        << QByteArray(R"({"t_us":14,"event":"worker_completed","worker":0,"incarnation":1,)"
                      R"("output":"[3 earlier lines not kept]\nok\n"})"
                      "\n");
    QTest::newRow("an end without output has no output")
        << at(LifecycleEvent::forWorker(EventKind::WorkerStopped, 0, 1), 15)
        << QByteArray(R"({"t_us":15,"event":"worker_stopped","worker":0,"incarnation":1})"
                      "\n");
    QTest::newRow("escaping") << at(LifecycleEvent::supervisor(EventKind::SupervisorGaveUp, u"a\"b\\c\nd\x01é"_s), 0)
                              << QByteArray("{\"t_us\":0,\"event\":\"supervisor_gave_up\",\"reason\":"
                                            "\"a\\\"b\\\\c\\nd\\u0001\xc3\xa9\"}\n");
}

void TestLogFormats::jsonLinesBytes()
{
    QFETCH(LifecycleEvent, event);
    QFETCH(QByteArray, line);
    QCOMPARE(JsonLinesWriter::line(event), line);
}

void TestLogFormats::jsonLinesParseBackField_data()
{
    QTest::addColumn<QString>("reason");
    QTest::newRow("plain") << u"error"_s;
    QTest::newRow("quotes and commas") << u"exception: \"x\", y"_s;
    QTest::newRow("control characters") << u"tab\there\r\nnew\x1fline"_s;
    QTest::newRow("non-ASCII") << u"exception: Datenträger voll — 磁盘已满 🙂"_s;
}

void TestLogFormats::jsonLinesParseBackField()
{
    QFETCH(QString, reason);
    const QByteArray line = JsonLinesWriter::line(LifecycleEvent::forWorker(EventKind::WorkerFailed, 0, 1, reason));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(document.object().value(u"reason"_s).toString(), reason);
}

void TestLogFormats::configChangedKeepsTheParameterJsonType()
{
    const auto value = [](const QString &key, const QString &text) {
        const QByteArray line = JsonLinesWriter::line(LifecycleEvent::configChanged(key, text));
        return QJsonDocument::fromJson(line).object().value(u"value"_s);
    };
    QCOMPARE(value(u"failure_rate"_s, u"0.25"_s), QJsonValue(0.25));
    QCOMPARE(value(u"delay"_s, u"700"_s), QJsonValue(700));
    QCOMPARE(value(u"strategy"_s, u"one-for-all"_s), QJsonValue(u"one-for-all"_s));
    QCOMPARE(value(u"max_restarts"_s, u"unlimited"_s), QJsonValue(u"unlimited"_s));
    QCOMPARE(value(u"max_restarts"_s, u"3"_s), QJsonValue(3));
}

void TestLogFormats::csvQuotesPerRfc4180()
{
    LifecycleEvent event = LifecycleEvent::forWorker(EventKind::WorkerFailed, 4, 2, u"exception: \"bad\", worse"_s);
    event.tUs = 42;
    QCOMPARE(CsvWriter::line(event), QByteArray("42,worker_failed,4,2,\"exception: \"\"bad\"\", worse\",,\n"));
    event = LifecycleEvent::restartScheduled(1, 250, 2);
    QCOMPARE(CsvWriter::line(event), QByteArray("0,restart_scheduled,1,,,250,2\n"));
    QCOMPARE(CsvWriter::line(LifecycleEvent::configChanged(u"jitter"_s, u"full"_s)),
        QByteArray("0,config_changed,,,jitter=full,,\n"));
    QCOMPARE(CsvWriter::line(LifecycleEvent::runFinished({ 1, 2, 3 })),
        QByteArray("0,run_finished,,,restarts=1 failures=2 completions=3,,\n"));
}

void TestLogFormats::csvCellsNeverStartLikeAFormula_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("cell");
    QTest::newRow("equals") << u"=cmd|' /C calc'!A0"_s << QByteArray("'=cmd|' /C calc'!A0");
    QTest::newRow("plus") << u"+1"_s << QByteArray("'+1");
    QTest::newRow("minus") << u"-2+3"_s << QByteArray("'-2+3");
    QTest::newRow("at") << u"@SUM(A1)"_s << QByteArray("'@SUM(A1)");
    QTest::newRow("tab") << u"\t=1"_s << QByteArray("'\t=1");
    QTest::newRow("carriage return") << u"\r=1"_s << QByteArray("\"'\r=1\"");
    QTest::newRow("apostrophe") << u"'quoted'"_s << QByteArray("''quoted'");
    QTest::newRow("formula with a comma") << u"=A1,B1"_s << QByteArray("\"'=A1,B1\"");
    QTest::newRow("plain words") << u"exception: =not at the start"_s << QByteArray("exception: =not at the start");
}

void TestLogFormats::csvCellsNeverStartLikeAFormula()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, cell);
    QCOMPARE(CsvWriter::quoted(text), cell);
    // And back, losslessly: a whole record through the reader gives the text as it was.
    LifecycleEvent event = LifecycleEvent::forWorker(EventKind::WorkerFailed, 0, 1, text);
    QByteArray record = CsvWriter::line(event);
    record.chop(1);
    QString problem;
    const std::optional<LifecycleEvent> back = CsvReader::parse(record, &problem);
    QVERIFY2(back, qPrintable(problem));
    QCOMPARE(back->reason, text);

    // A program's output is free text too, and its first line is what a spreadsheet sees first: it is written the
    // same way, in the output column, and read back as it was.
    const QString output = text + u"\n"_s;
    record = CsvWriter::line(
        withOutput(LifecycleEvent::forWorker(EventKind::WorkerCompleted, 0, 1), output), CsvWriter::kColumnsWithOutput);
    record.chop(1);
    const std::optional<QByteArrayList> cells = CsvReader::fields(record, &problem, CsvWriter::kColumnsWithOutput);
    QVERIFY2(cells, qPrintable(problem));
    QCOMPARE(cells->constLast().startsWith('\''), CsvWriter::startsLikeAFormula(text));
    QCOMPARE(cells->constLast(), cell.startsWith('"') ? cell.sliced(1).chopped(1) + '\n' : cell + '\n');
    const std::optional<LifecycleEvent> outputBack = CsvReader::parse(record, &problem, CsvWriter::kColumnsWithOutput);
    QVERIFY2(outputBack, qPrintable(problem));
    QCOMPARE(outputBack->output, output);
}

void TestLogFormats::csvCarriesTheConfigInAComment()
{
    const auto log = seededRun({ u"workers=2"_s, u"virtual_time=true"_s });
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(CsvWriter::write(*log, log->size(), buffer));
    const QList<QByteArray> lines = buffer.data().split('\n');
    QCOMPARE(lines.at(0), QByteArray("t_us,event,worker,incarnation,reason,delay_ms,attempt"));
    QVERIFY(lines.at(1).startsWith("# run_started {"));
    const QJsonObject run = QJsonDocument::fromJson(lines.at(1).mid(int(strlen("# run_started ")))).object();
    QCOMPARE(run.value(u"seed"_s).toInteger(), 2024);
    QCOMPARE(run.value(u"config"_s).toObject().value(u"workers"_s).toInteger(), 2);
    QCOMPARE(lines.at(2), QByteArray("0,run_started,,,,,"));
    QCOMPARE(lines.size(), log->size() + 3); // header, comment, one row per event, final newline
}

void TestLogFormats::csvHasAnOutputColumnOnlyWhenTheRunRunsPrograms_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<int>("columns");
    QTest::newRow("flat") << QByteArray(R"({"workers":2})") << CsvWriter::kColumns;
    QTest::newRow("flat, a program for every worker")
        << QByteArray(R"({"workers":2,"command":["./server","--port","8080"],"env":{"MODE":"test"}})")
        << CsvWriter::kColumnsWithOutput;
    QTest::newRow("a tree with dependencies") << QByteArray(
        R"({"dependencies":[{"name":"db"}],"tree":{"name":"app","children":[{"name":"conn",)"
        R"("depends_on":["db"]}]}})") << CsvWriter::kColumnsWithDependency;
    QTest::newRow("a nested tree") << QByteArray(R"({"tree":{"name":"app","children":[{"name":"pool","children":[)"
                                                 R"({"name":"w"}]}]}})")
                                   << CsvWriter::kColumnsWithSupervisor;
    QTest::newRow("a tree with one program among its workers") << QByteArray(
        R"({"tree":{"name":"app","children":[{"name":"sim"},{"name":"srv","command":["./srv"],)"
        R"("cwd":"/tmp"}]}})") << CsvWriter::kColumnsWithOutput;
    QTest::newRow("a nested tree with a program below") << QByteArray(
        R"({"tree":{"name":"app","children":[{"name":"pool","children":[{"name":"w",)"
        R"("command":["./w"]}]}]}})") << CsvWriter::kColumnsWithOutput;
    QTest::newRow("a config that does not read runs no program")
        << QByteArray(R"({"workers":2,"command":"./server"})") << CsvWriter::kColumns;
}

void TestLogFormats::csvHasAnOutputColumnOnlyWhenTheRunRunsPrograms()
{
    QFETCH(QByteArray, config);
    QFETCH(int, columns);
    QCOMPARE(CsvWriter::columnsFor(headerOf(config)), columns);
    EventLog log;
    QVERIFY(log.append(LifecycleEvent::runStarted(headerOf(config))));
    QVERIFY(log.append(withOutput(LifecycleEvent::forWorker(EventKind::WorkerCompleted, 0, 1), u"done\n"_s)));
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(CsvWriter::write(log, log.size(), buffer));
    const QList<QByteArray> lines = buffer.data().split('\n');
    QCOMPARE(lines.at(0) + '\n', CsvWriter::header(columns));
    QCOMPARE(lines.at(0).endsWith(",output"), columns == CsvWriter::kColumnsWithOutput);
    QCOMPARE(lines.at(2).count(',') + 1, columns);
    QCOMPARE(lines.at(3),
        columns == CsvWriter::kColumnsWithOutput ? QByteArray("0,worker_completed,0,1,,,,,,\"done")
                                                 : "0,worker_completed,0,1,,," + QByteArray(columns - 7, ','));
}

void TestLogFormats::csvOutputIsQuotedAndReadBack()
{
    const QString output = u"[212 earlier lines not kept]\n=cmd|' /C calc'!A0\nsaid \"no\", then, quit\r\n"
                           "Datenträger voll — 磁盘已满 🙂\n\tindented\n"_s;
    LifecycleEvent failed = withOutput(LifecycleEvent::workerFailed(3, 7, FailureKind::ExitStatus, u"3"_s), output);
    failed.tUs = 99;
    const QByteArray line = CsvWriter::line(failed, CsvWriter::kColumnsWithOutput);
    QCOMPARE(line,
        QByteArray("99,worker_failed,3,7,exit 3,,,,,\"[212 earlier lines not kept]\n=cmd|' /C calc'!A0\nsaid "
                   "\"\"no\"\", then, quit\r\nDatentr\xc3\xa4ger voll \xe2\x80\x94 \xe7\xa3\x81\xe7\x9b\x98\xe5\xb7\xb2"
                   "\xe6\xbb\xa1 \xf0\x9f\x99\x82\n\tindented\n\"\n"));
    QString problem;
    const std::optional<LifecycleEvent> back
        = CsvReader::parse(line.chopped(1), &problem, CsvWriter::kColumnsWithOutput);
    QVERIFY2(back, qPrintable(problem));
    QCOMPARE(back->output, output);
    QCOMPARE(back->reason, u"exit 3"_s);
    // Events that carry no output leave the column blank, and a reader refuses anything there.
    QCOMPARE(CsvWriter::line(LifecycleEvent::forWorker(EventKind::WorkerReady, 3, 7), CsvWriter::kColumnsWithOutput),
        QByteArray("0,worker_ready,3,7,,,,,,\n"));
    QVERIFY(!CsvReader::parse("0,worker_ready,3,7,,,,,,x\n", &problem, CsvWriter::kColumnsWithOutput));
    QCOMPARE(problem, u"worker_ready has no 'output', but the column is not blank"_s);
}

// What the lab wrote before it ran programs it writes still, byte for byte: no output anywhere, seven columns.
void TestLogFormats::logsWithoutProgramsAreAsTheyWere()
{
    EventLog log;
    QVERIFY(log.append(LifecycleEvent::runStarted(headerOf(R"({"workers":1})"))));
    QVERIFY(log.append(at(1, LifecycleEvent::forWorker(EventKind::WorkerStarted, 0, 1))));
    QVERIFY(log.append(at(2, LifecycleEvent::forWorker(EventKind::WorkerFailed, 0, 1, u"error"_s))));
    QVERIFY(log.append(at(3, LifecycleEvent::forWorker(EventKind::WorkerStarted, 0, 2))));
    QVERIFY(log.append(at(4, LifecycleEvent::forWorker(EventKind::WorkerCompleted, 0, 2))));
    QVERIFY(log.append(at(5, LifecycleEvent::forWorker(EventKind::WorkerStarted, 0, 3))));
    QVERIFY(log.append(at(6, LifecycleEvent::forWorker(EventKind::WorkerAbandoned, 0, 3))));
    QVERIFY(log.append(at(7, LifecycleEvent::forWorker(EventKind::WorkerStarted, 0, 4))));
    QVERIFY(log.append(at(8, LifecycleEvent::forWorker(EventKind::WorkerStopped, 0, 4))));
    QBuffer jsonl;
    jsonl.open(QIODevice::WriteOnly);
    QVERIFY(JsonLinesWriter::write(log, log.size(), jsonl));
    QCOMPARE(jsonl.data(),
        QByteArray(R"({"t_us":0,"event":"run_started","version":"0.3.0","seed":1,"config":{"workers":1}})"
                   "\n"
                   R"({"t_us":1,"event":"worker_started","worker":0,"incarnation":1})"
                   "\n"
                   R"({"t_us":2,"event":"worker_failed","worker":0,"incarnation":1,"reason":"error"})"
                   "\n"
                   R"({"t_us":3,"event":"worker_started","worker":0,"incarnation":2})"
                   "\n"
                   R"({"t_us":4,"event":"worker_completed","worker":0,"incarnation":2})"
                   "\n"
                   R"({"t_us":5,"event":"worker_started","worker":0,"incarnation":3})"
                   "\n"
                   R"({"t_us":6,"event":"worker_abandoned","worker":0,"incarnation":3})"
                   "\n"
                   R"({"t_us":7,"event":"worker_started","worker":0,"incarnation":4})"
                   "\n"
                   R"({"t_us":8,"event":"worker_stopped","worker":0,"incarnation":4})"
                   "\n"));
    QBuffer csv;
    csv.open(QIODevice::WriteOnly);
    QVERIFY(CsvWriter::write(log, log.size(), csv));
    QCOMPARE(csv.data(),
        QByteArray("t_us,event,worker,incarnation,reason,delay_ms,attempt\n"
                   R"(# run_started {"config":{"workers":1},"seed":1,"version":"0.3.0"})"
                   "\n"
                   "0,run_started,,,,,\n"
                   "1,worker_started,0,1,,,\n"
                   "2,worker_failed,0,1,error,,\n"
                   "3,worker_started,0,2,,,\n"
                   "4,worker_completed,0,2,,,\n"
                   "5,worker_started,0,3,,,\n"
                   "6,worker_abandoned,0,3,,,\n"
                   "7,worker_started,0,4,,,\n"
                   "8,worker_stopped,0,4,,,\n"));
}

void TestLogFormats::chromeTraceIsWellFormed()
{
    const auto log = seededRun({ u"workers=3"_s, u"strategy=one-for-all"_s, u"failure_rate=0.4"_s,
        u"failure_mode=mixed"_s, u"duration=20000"_s, u"virtual_time=true"_s });
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(ChromeTraceWriter::write(*log, log->size(), buffer));
    QJsonParseError error;
    const QJsonObject trace = QJsonDocument::fromJson(buffer.data(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(trace.value(u"otherData"_s).toObject().value(u"seed"_s).toInteger(), 2024);

    int incarnationSlices = 0;
    QSet<int> namedTracks;
    qint64 previousTs = -1;
    for (const QJsonValue &value : trace.value(u"traceEvents"_s).toArray()) {
        const QJsonObject event = value.toObject();
        const QString phase = event.value(u"ph"_s).toString();
        if (phase == u"M") {
            if (event.value(u"name"_s) == u"thread_name"_s)
                namedTracks.insert(event.value(u"tid"_s).toInt());
            continue;
        }
        const qint64 ts = event.value(u"ts"_s).toInteger();
        QVERIFY(ts >= previousTs);
        previousTs = ts;
        if (phase == u"X" && event.value(u"name"_s).toString().startsWith(u"incarnation "_s)
            && event.value(u"cat"_s) == u"worker"_s)
            ++incarnationSlices;
    }
    QCOMPARE(incarnationSlices, log->count(EventKind::WorkerStarted));
    QCOMPARE(namedTracks, (QSet<int> { 0, 1, 2, 3 }));
}

void TestLogFormats::exportPicksTheFormatFromTheName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("starts");
    QTest::newRow("jsonl") << u"run.jsonl"_s << QByteArray("{\"t_us\":0,\"event\":\"run_started\"");
    QTest::newRow("csv") << u"run.csv"_s << QByteArray("t_us,event,worker,incarnation,reason,delay_ms,attempt\n");
    QTest::newRow("trace") << u"run.trace.json"_s << QByteArray("{\"traceEvents\":[");
    QTest::newRow("upper case") << u"RUN.JSONL"_s << QByteArray("{\"t_us\":0");
    QTest::newRow("unknown") << u"run.txt"_s << QByteArray();
}

void TestLogFormats::exportPicksTheFormatFromTheName()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, starts);
    const auto log = seededRun({ u"virtual_time=true"_s });
    QTemporaryDir dir;
    QString error;
    const bool saved = LogExporter::save(*log, dir.filePath(name), &error);
    QCOMPARE(saved, !starts.isEmpty());
    if (saved) {
        QVERIFY(fileContents(dir.filePath(name)).startsWith(starts));
    } else {
        QVERIFY2(error.contains(u".jsonl, .csv or .trace.json"_s), qPrintable(error));
        QVERIFY(!QFile::exists(dir.filePath(name)));
    }
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), saved ? 1 : 0); // no temporary file left over
}

void TestLogFormats::failedExportKeepsThePreviousFile()
{
    const auto log = seededRun({ u"workers=8"_s, u"duration=60000"_s, u"virtual_time=true"_s });
    QTemporaryDir dir;
    const QString path = dir.filePath(u"run.jsonl"_s);
    {
        QFile previous(path);
        QVERIFY(previous.open(QIODevice::WriteOnly));
        previous.write("the previous export\n");
    }
    QString error;
    bool written = false;
    {
        const FileSizeLimit fullDisk(4096);
        QVERIFY(fullDisk.isInForce());
        written = LogExporter::save(*log, path, &error);
    }

    QVERIFY(!written);
    QCOMPARE(error, path + u": write failed: File too large"_s); // what the system said, as it said it
    QCOMPARE(fileContents(path), QByteArray("the previous export\n"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList { u"run.jsonl"_s });
}

void TestLogFormats::aFlushTheDiskRefusesKeepsThePreviousFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"small.jsonl"_s);
    {
        QFile previous(path);
        QVERIFY(previous.open(QIODevice::WriteOnly));
        previous.write("the previous export\n");
    }
    // 3000 bytes fit the file's buffer, so every write() succeeds; only the flush meets the 1 KiB limit.
    QString error;
    bool written = false;
    {
        const FileSizeLimit fullDisk(1024);
        QVERIFY(fullDisk.isInForce());
        written = AtomicFile::write(
            path, [](QIODevice &file) { return file.write(QByteArray(3000, 'x')) == 3000; }, &error);
    }

    QVERIFY(!written);
    QCOMPARE(error, path + u": write failed: File too large"_s);
    QCOMPARE(fileContents(path), QByteArray("the previous export\n"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList { u"small.jsonl"_s });
}

void TestLogFormats::aLogMissingItsOldestEventsIsNotExported()
{
    // A file that begins in the middle of a run would not read back: an export of a log that has discarded
    // its oldest events is refused, in every format, and leaves what was there before.
    EventLog log;
    log.record(LifecycleEvent::runStarted(RunHeader { u"1.0.0"_s, 1, SupervisorConfig().toJson() }), 0);
    for (qsizetype i = 1; i < 2 * qsizetype(EventStore::kBlockSize); ++i)
        log.record(LifecycleEvent::forWorker(EventKind::WorkerStarted, 0, quint32(i)), i);
    log.discardBefore(log.size());
    QTemporaryDir dir;
    for (const QString &name : { u"run.jsonl"_s, u"run.csv"_s, u"run.trace.json"_s }) {
        const QString path = dir.filePath(name);
        {
            QFile earlier(path);
            QVERIFY(earlier.open(QIODevice::WriteOnly));
            earlier.write("earlier\n");
        }
        QString error;
        QVERIFY(!LogExporter::save(log, path, &error));
        QCOMPARE(error,
            u"%1: not written; the run kept only its latest %2 of %3 events in memory"_s.arg(path)
                .arg(EventStore::kBlockSize)
                .arg(log.size()));
        QCOMPARE(fileContents(path), QByteArray("earlier\n"));
    }
}

void TestLogFormats::exportsReplaceOnlyRegularFiles_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("throughALink");
    QTest::addColumn<QString>("complaint");
    const QString suffix = u", not a regular file; an export replaces only a regular file"_s;
    QTest::newRow("named pipe") << int(S_IFIFO) << false << u"a named pipe (FIFO)"_s + suffix;
    QTest::newRow("socket") << int(S_IFSOCK) << false << u"a socket"_s + suffix;
    QTest::newRow("directory") << int(S_IFDIR) << false << u"a directory"_s + suffix;
    QTest::newRow("device") << int(S_IFCHR) << false << u"a character device"_s + suffix;
    QTest::newRow("link to a named pipe") << int(S_IFIFO) << true << u"a named pipe (FIFO)"_s + suffix;
    QTest::newRow("link to a device") << int(S_IFCHR) << true << u"a character device"_s + suffix;
}

void TestLogFormats::exportsReplaceOnlyRegularFiles()
{
    QFETCH(int, kind);
    QFETCH(bool, throughALink);
    QFETCH(QString, complaint);
    // Every special file is made here, in the test's own folder: a defect here must never reach /dev.
    QTemporaryDir dir;
    const QString special = dir.filePath(u"special"_s);
    if (!makeSpecialFile(special, mode_t(kind))) {
        if (kind == S_IFCHR)
            QSKIP("making a device node needs root");
        QFAIL("cannot make the special file");
    }
    const QString path = dir.filePath(u"run.jsonl"_s);
    if (throughALink)
        QVERIFY(QFile::link(special, path));
    else
        QVERIFY(QFile::rename(special, path));
    const QStringList before = QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System);

    QString error;
    QVERIFY(!LogExporter::save(*seededRun({ u"virtual_time=true"_s }), path, &error));
    const QString named
        = throughALink ? QString(path + u" links to "_s + special + u", "_s) : QString(path + u" is "_s);
    QCOMPARE(error, named + complaint);
    QCOMPARE(kindOf(path), mode_t(kind)); // still what it was, never replaced by a file
    QCOMPARE(QFileInfo(path).isSymLink(), throughALink);
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System), before);
}

QTEST_GUILESS_MAIN(TestLogFormats)
#include "tst_logformats.moc"
