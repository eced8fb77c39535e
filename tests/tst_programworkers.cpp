// Real programs as workers, with real processes: how each ends, how a stop reaches the whole process group, the
// notify socket's watchdog and readiness, and the bounded capture of output. Every wait is on a condition.

#include "events/eventlog.h"
#include "runtime/outputtail.h"
#include "runtime/programrun.h"
#include "runtime/supervisor.h"
#include "testruns.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace SupervisorLab;

namespace {

// One worker running `command` once (temporary: never restarted), for as long as the test lets it.
SupervisorConfig programConfig(const QStringList &command)
{
    SupervisorConfig config;
    config.workers = 1;
    config.restart = { RestartType::Temporary };
    config.durationMs = 600'000;
    config.heartbeatTimeoutMs = 0;
    config.shutdownTimeoutMs = 1'000;
    config.program.command = command;
    return config;
}

// A shell command that sends its argument to NOTIFY_SOCKET, as sd_notify(3) does, without systemd-notify.
QString notifyCommand()
{
    return u"perl -MIO::Socket::UNIX -e 'IO::Socket::UNIX->new(Type => SOCK_DGRAM(), Peer => $ENV{NOTIFY_SOCKET})"
           "->send($ARGV[0]) or die' "_s;
}

QStringList shell(const QString &script)
{
    return { u"sh"_s, u"-c"_s, script };
}

std::optional<LifecycleEvent> firstOf(const EventLog &log, EventKind kind, int worker = 0)
{
    for (const LifecycleEvent &event : log.events()) {
        if (event.kind == kind && event.worker == worker)
            return event;
    }
    return std::nullopt;
}

std::optional<LifecycleEvent> endOf(const EventLog &log, quint32 incarnation = 1)
{
    for (const LifecycleEvent &event : log.events()) {
        if (event.isTerminal() && event.worker == 0 && event.incarnation == incarnation)
            return event;
    }
    return std::nullopt;
}

// The processes of a group that can still run (zombies are dead, waiting to be reaped by whoever adopted them).
int livingProcessesInGroup(qint64 group)
{
    int living = 0;
    QDirIterator processes(u"/proc"_s, QDir::Dirs | QDir::NoDotAndDotDot);
    while (processes.hasNext()) {
        QFile stat(processes.next() + u"/stat"_s);
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const qsizetype afterName = line.lastIndexOf(')');
        if (afterName < 0)
            continue;
        const QList<QByteArray> fields = line.mid(afterName + 2).split(' ');
        if (fields.size() > 2 && fields.at(2).toLongLong() == group && fields.at(0) != "Z")
            ++living;
    }
    return living;
}

qint64 numberIn(const QString &path)
{
    return fileContents(path).trimmed().toLongLong();
}

} // namespace

class TestProgramWorkers : public QObject
{
    Q_OBJECT

private slots:
    void eachEndingIsNamed_data();
    void eachEndingIsNamed();
    void aStopReachesTheWholeGroup();
    void whatIgnoresSigtermIsKilledAtTheShutdownTimeout();
    void whatTheLeaderLeavesBehindEndsBeforeItsEndIsRecorded();
    void aProgramIsWatchedFromItsFirstHeartbeat();
    void aWatchdogTriggerFailsTheProgramAtOnce();
    void openFilesAreLimitedAsSystemdLimitsThem();
    void aProgramThatNeverBeatsIsNotWatched();
    void systemdNotifyWorksUnchanged();
    void outputIsCapturedBoundedHoweverMuchIsWritten();
    void environmentAndDirectoryAreTheNodes();
    void failNowKillsTheGroup();
    void restartsRunANewProcessEachTime();
    void theOutputTailKeepsTheLastLines();
    void aRunWithProgramsGoesInRealTime();
};

void TestProgramWorkers::eachEndingIsNamed_data()
{
    QTest::addColumn<QStringList>("command");
    QTest::addColumn<QString>("directory");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("reason");

    QTest::newRow("exit 0 is a completion")
        << shell(u"exit 0"_s) << QString() << int(EventKind::WorkerCompleted) << QString();
    QTest::newRow("its input is empty") << shell(u"cat; exit 0"_s) << QString() << int(EventKind::WorkerCompleted)
                                        << QString();
    QTest::newRow("exit 3") << shell(u"exit 3"_s) << QString() << int(EventKind::WorkerFailed) << u"exit 3"_s;
    QTest::newRow("exit 255") << shell(u"exit 255"_s) << QString() << int(EventKind::WorkerFailed) << u"exit 255"_s;
    QTest::newRow("a crash by SIGSEGV") << shell(u"kill -SEGV $$"_s) << QString() << int(EventKind::WorkerFailed)
                                        << u"signal 11 (SIGSEGV)"_s;
    QTest::newRow("an abort") << shell(u"kill -ABRT $$"_s) << QString() << int(EventKind::WorkerFailed)
                              << u"signal 6 (SIGABRT)"_s;
    QTest::newRow("no such program") << QStringList { u"/nonexistent/lab-program"_s } << QString()
                                     << int(EventKind::WorkerFailed)
                                     << u"cannot start: /nonexistent/lab-program: No such file or directory"_s;
    QTest::newRow("no such directory") << shell(u"exit 0"_s) << u"/nonexistent/lab-directory"_s
                                       << int(EventKind::WorkerFailed)
                                       << u"cannot start: cwd /nonexistent/lab-directory: No such file or directory"_s;
}

void TestProgramWorkers::eachEndingIsNamed()
{
    QFETCH(QStringList, command);
    QFETCH(QString, directory);
    QFETCH(int, kind);
    QFETCH(QString, reason);
    SupervisorConfig config = programConfig(command);
    config.program.workingDirectory = directory;
    Supervisor supervisor(config);
    supervisor.start();
    QVERIFY(waitFor([&] { return endOf(*supervisor.log()).has_value(); }));
    const LifecycleEvent end = *endOf(*supervisor.log());
    QCOMPARE(int(end.kind), kind);
    QCOMPARE(end.reason, reason);
    if (end.kind == EventKind::WorkerFailed)
        QVERIFY2(reasonProblem(EventKind::WorkerFailed, end.reason).isEmpty(), qPrintable(end.reason));
    supervisor.stop();
    QVERIFY(waitFor([&] { return supervisor.isFinished(); }));
}

void TestProgramWorkers::aStopReachesTheWholeGroup()
{
    QTemporaryDir scratch;
    QVERIFY(scratch.isValid());
    const QString pidFile = scratch.filePath(u"leader"_s);
    // The leader and two grandchildren, all of which go on their own on SIGTERM.
    Supervisor supervisor(programConfig(shell(u"sleep 1000 & sleep 1000 & echo $$ > '%1'; wait"_s.arg(pidFile))));
    supervisor.start();
    QVERIFY(waitFor([&] { return numberIn(pidFile) > 0; }));
    const qint64 group = numberIn(pidFile);
    QVERIFY(waitFor([&] { return livingProcessesInGroup(group) == 3; }));
    supervisor.stop();
    QVERIFY(waitFor([&] { return supervisor.isFinished(); }));
    const LifecycleEvent end = *endOf(*supervisor.log());
    QCOMPARE(end.kind, EventKind::WorkerStopped);
    QCOMPARE(livingProcessesInGroup(group), 0); // gone by the time the stop is recorded: nothing is waited for here
}

void TestProgramWorkers::whatIgnoresSigtermIsKilledAtTheShutdownTimeout()
{
    QTemporaryDir scratch;
    const QString pidFile = scratch.filePath(u"leader"_s);
    // Ignoring SIGTERM is inherited: the grandchild ignores it too.
    SupervisorConfig config
        = programConfig(shell(u"trap '' TERM; sleep 1000 & echo $$ > '%1'; while :; do wait; done"_s.arg(pidFile)));
    config.shutdownTimeoutMs = 300;
    Supervisor supervisor(config);
    supervisor.start();
    QVERIFY(waitFor([&] { return numberIn(pidFile) > 0; }));
    const qint64 group = numberIn(pidFile);
    QVERIFY(waitFor([&] { return livingProcessesInGroup(group) == 2; }));
    supervisor.stop();
    QVERIFY(waitFor([&] { return supervisor.isFinished(); }));
    const auto stopping = firstOf(*supervisor.log(), EventKind::WorkerStopping);
    const LifecycleEvent end = *endOf(*supervisor.log());
    QVERIFY(stopping);
    QCOMPARE(end.kind, EventKind::WorkerAbandoned);
    QVERIFY(end.tUs - stopping->tUs >= config.shutdownTimeoutMs * 1000);
    // SIGKILL cannot be ignored; its delivery takes the kernel a moment.
    QVERIFY(waitFor([&] { return livingProcessesInGroup(group) == 0; }));
}

void TestProgramWorkers::whatTheLeaderLeavesBehindEndsBeforeItsEndIsRecorded()
{
    QTemporaryDir scratch;
    const QString pidFile = scratch.filePath(u"leader"_s);
    // The leader exits at once, leaving a child that ignores SIGTERM: as systemd's control group, it is sent
    // SIGTERM, then SIGKILL at the shutdown timeout, and only then is the incarnation over.
    SupervisorConfig config
        = programConfig(shell(u"(trap '' TERM; sleep 1000) & echo $$ > '%1'; exit 0"_s.arg(pidFile)));
    config.shutdownTimeoutMs = 300;
    Supervisor supervisor(config);
    supervisor.start();
    QVERIFY(waitFor([&] { return endOf(*supervisor.log()).has_value(); }));
    const qint64 group = numberIn(pidFile);
    QVERIFY(group > 0);
    QCOMPARE(endOf(*supervisor.log())->kind, EventKind::WorkerCompleted);
    QCOMPARE(livingProcessesInGroup(group), 0);
    supervisor.stop();
    QVERIFY(waitFor([&] { return supervisor.isFinished(); }));
}

void TestProgramWorkers::aProgramIsWatchedFromItsFirstHeartbeat()
{
    // Three heartbeats and READY=1 through the notify socket, then silence past the heartbeat timeout.
    const QString send = notifyCommand();
    SupervisorConfig config = programConfig(
        shell(send + u"READY=1; for i in 1 2 3; do "_s + send + u"WATCHDOG=1; done; echo stuck; exec sleep 1000"_s));
    config.heartbeatTimeoutMs = 400;
    Supervisor supervisor(config);
    supervisor.start();
    QVERIFY(waitFor([&] { return endOf(*supervisor.log()).has_value(); }));
    const LifecycleEvent end = *endOf(*supervisor.log());
    QCOMPARE(end.kind, EventKind::WorkerFailed);
    QCOMPARE(end.reason, u"heartbeat_timeout"_s);
    QCOMPARE(end.output, u"stuck\n"_s);
    const auto ready = firstOf(*supervisor.log(), EventKind::WorkerReady);
    QVERIFY(ready);
    QCOMPARE(ready->incarnation, 1u);
    QVERIFY(ready->tUs < end.tUs);
    supervisor.stop();
    QVERIFY(waitFor([&] { return supervisor.isFinished(); }));
}

void TestProgramWorkers::aWatchdogTriggerFailsTheProgramAtOnce()
{
    // As systemd does with WATCHDOG=trigger: the watchdog's action now, though the program has no heartbeat timeout.
    QTemporaryDir scratch;
    const QString pidFile = scratch.filePath(u"leader"_s);
    const QString send = notifyCommand();
    SupervisorConfig config
        = programConfig(shell(u"echo $$ > '%1'; "_s.arg(pidFile) + send + u"WATCHDOG=trigger; exec sleep 1000"_s));
    config.heartbeatTimeoutMs = 0;
    Supervisor supervisor(config);
    supervisor.start();
    QVERIFY(waitFor([&] { return endOf(*supervisor.log()).has_value(); }));
    const LifecycleEvent end = *endOf(*supervisor.log());
    QCOMPARE(end.kind, EventKind::WorkerFailed);
    QCOMPARE(end.reason, u"heartbeat_timeout"_s);
    QCOMPARE(end.incarnation, 1u);
    const qint64 group = numberIn(pidFile);
    QVERIFY(group > 0);
    QVERIFY(waitFor([&] { return livingProcessesInGroup(group) == 0; }));
    supervisor.stop();
    QVERIFY(waitFor([&] { return supervisor.isFinished(); }));
}

void TestProgramWorkers::openFilesAreLimitedAsSystemdLimitsThem()
{
    // systemd's default LimitNOFILE=1024:524288: the soft limit 1024, whatever the supervisor's own; the hard one
    // here is the lab's, which the program may raise its soft limit to.
    rlimit lab {};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &lab), 0);
    const auto text = [](rlim_t limit) { return limit == RLIM_INFINITY ? u"unlimited"_s : QString::number(limit); };
    const QString expected = text(std::min<rlim_t>(lab.rlim_cur, 1024)) + u"\n"_s + text(lab.rlim_max) + u"\n"_s
        + text(lab.rlim_max) + u"\n"_s;
    Supervisor supervisor(
        programConfig(shell(u"ulimit -Sn; ulimit -Hn; ulimit -Sn \"$(ulimit -Hn)\" && ulimit -Sn"_s)));
    supervisor.start();
    QVERIFY(waitFor([&] { return endOf(*supervisor.log()).has_value(); }));
    const LifecycleEvent end = *endOf(*supervisor.log());
    QCOMPARE(end.kind, EventKind::WorkerCompleted);
    QCOMPARE(end.output, expected);
    supervisor.stop();
    QVERIFY(waitFor([&] { return supervisor.isFinished(); }));
}

void TestProgramWorkers::aProgramThatNeverBeatsIsNotWatched()
{
    QTemporaryDir scratch;
    const QString doneFile = scratch.filePath(u"done"_s);
    // It runs far past the heartbeat timeout without a WATCHDOG=1, and is left alone until it says it is done.
    SupervisorConfig config = programConfig(shell(u"while [ ! -e '%1' ]; do sleep 0.05; done; exit 0"_s.arg(doneFile)));
    config.heartbeatTimeoutMs = 50;
    Supervisor supervisor(config);
    supervisor.start();
    QVERIFY(waitFor([&] { return firstOf(*supervisor.log(), EventKind::WorkerStarted).has_value(); }));
    // Many heartbeat timeouts long, measured on the run's own clock.
    const qint64 startedUs = firstOf(*supervisor.log(), EventKind::WorkerStarted)->tUs;
    QVERIFY(waitFor([&] { return supervisor.nowUs() - startedUs > 20 * config.heartbeatTimeoutMs * 1000; }));
    QVERIFY(!endOf(*supervisor.log()));
    QFile done(doneFile);
    QVERIFY(done.open(QIODevice::WriteOnly));
    done.close();
    QVERIFY(waitFor([&] { return endOf(*supervisor.log()).has_value(); }));
    QCOMPARE(endOf(*supervisor.log())->kind, EventKind::WorkerCompleted);
    supervisor.stop();
    QVERIFY(waitFor([&] { return supervisor.isFinished(); }));
}

void TestProgramWorkers::systemdNotifyWorksUnchanged()
{
    if (QStandardPaths::findExecutable(u"systemd-notify"_s).isEmpty())
        QSKIP("systemd-notify is not installed here");
    SupervisorConfig config
        = programConfig(shell(u"systemd-notify READY=1; systemd-notify WATCHDOG=1 && echo beat; exec sleep 1000"_s));
    config.heartbeatTimeoutMs = 400;
    Supervisor supervisor(config);
    supervisor.start();
    QVERIFY(waitFor([&] { return endOf(*supervisor.log()).has_value(); }));
    QCOMPARE(endOf(*supervisor.log())->reason, u"heartbeat_timeout"_s);
    QVERIFY(firstOf(*supervisor.log(), EventKind::WorkerReady));
    supervisor.stop();
    QVERIFY(waitFor([&] { return supervisor.isFinished(); }));
}

void TestProgramWorkers::outputIsCapturedBoundedHoweverMuchIsWritten()
{
    // 200 000 lines, 1.3 MB, on stdout and stderr alike; the program is never held up by a full pipe.
    Supervisor supervisor(programConfig(shell(u"seq 1 100000; seq 100001 200000 >&2; exit 5"_s)));
    supervisor.start();
    QVERIFY(waitFor([&] { return endOf(*supervisor.log()).has_value(); }));
    const LifecycleEvent end = *endOf(*supervisor.log());
    QCOMPARE(end.reason, u"exit 5"_s);
    QString expected = u"[199990 earlier lines not kept]\n"_s;
    for (int line = 199991; line <= 200000; ++line)
        expected += QString::number(line) + u'\n';
    QCOMPARE(end.output, expected);
    QCOMPARE(lastOutputLine(end.output), u"200000"_s);
    supervisor.stop();
    QVERIFY(waitFor([&] { return supervisor.isFinished(); }));
}

void TestProgramWorkers::environmentAndDirectoryAreTheNodes()
{
    QTemporaryDir scratch;
    const QString directory = QDir(scratch.path()).canonicalPath();
    SupervisorConfig config = programConfig(
        shell(u"echo \"$GREETING from $(pwd)\"; test -S \"$NOTIFY_SOCKET\" && echo \"$NOTIFY_SOCKET\"; exit 4"_s));
    config.program.workingDirectory = directory;
    config.program.environment = { { u"GREETING"_s, u"hello"_s } };
    QString socketPath;
    {
        Supervisor supervisor(config);
        supervisor.start();
        QVERIFY(waitFor([&] { return endOf(*supervisor.log()).has_value(); }));
        const QStringList lines = endOf(*supervisor.log())->output.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(0), u"hello from "_s + directory);
        socketPath = lines.at(1);
        QVERIFY(QFile::exists(socketPath));
        supervisor.stop();
        QVERIFY(waitFor([&] { return supervisor.isFinished(); }));
    }
    // The run's notify sockets and their directory are gone with it.
    QVERIFY(!QFile::exists(socketPath));
    QVERIFY(!QFileInfo::exists(QFileInfo(socketPath).absolutePath()));
}

void TestProgramWorkers::failNowKillsTheGroup()
{
    QTemporaryDir scratch;
    const QString pidFile = scratch.filePath(u"leader"_s);
    Supervisor supervisor(programConfig(shell(u"sleep 1000 & echo $$ > '%1'; wait"_s.arg(pidFile))));
    supervisor.start();
    QVERIFY(waitFor([&] { return numberIn(pidFile) > 0; }));
    const qint64 group = numberIn(pidFile);
    supervisor.failWorker(0);
    QVERIFY(waitFor([&] { return endOf(*supervisor.log()).has_value(); }));
    QCOMPARE(endOf(*supervisor.log())->reason, u"signal 9 (SIGKILL)"_s);
    QCOMPARE(livingProcessesInGroup(group), 0);
    supervisor.stop();
    QVERIFY(waitFor([&] { return supervisor.isFinished(); }));
}

void TestProgramWorkers::restartsRunANewProcessEachTime()
{
    SupervisorConfig config = programConfig(shell(u"echo $$; exit 1"_s));
    config.restart = { RestartType::Permanent };
    config.delayMs = 10;
    config.maxRestarts = 2;
    config.withinMs = 600'000;
    Supervisor supervisor(config);
    supervisor.start();
    QVERIFY(waitFor([&] { return supervisor.isFinished(); }));
    const EventLog &log = *supervisor.log();
    QSet<QString> processes;
    for (const LifecycleEvent &event : log.events()) {
        if (event.kind == EventKind::WorkerFailed) {
            QCOMPARE(event.reason, u"exit 1"_s);
            processes.insert(event.output);
        }
    }
    QCOMPARE(log.count(EventKind::WorkerStarted), 3); // R + 1 starts, then the supervisor gives up
    QCOMPARE(log.count(EventKind::SupervisorGaveUp), 1);
    QCOMPARE(processes.size(), 3);
}

void TestProgramWorkers::theOutputTailKeepsTheLastLines()
{
    OutputTail tail;
    QCOMPARE(tail.text(), QString());
    tail.append("one\r\ntw");
    tail.append("o\nthree");
    QCOMPARE(tail.text(), u"one\ntwo\nthree\n"_s);
    tail.append(QByteArray(QByteArray(10'000, 'x') + "\n"));
    const QStringList lines = tail.text().split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(2).size(), OutputTail::kLineCharacters); // "three" and the x's, cut to 199 characters and …
    QVERIFY(lines.at(2).endsWith(u"…"_s));
    for (int i = 0; i < 20; ++i)
        tail.append(QByteArray("line " + QByteArray::number(i) + "\n"));
    QCOMPARE(tail.droppedLines(), 13);
    QVERIFY(tail.text().startsWith(u"[13 earlier lines not kept]\nline 10\n"_s));
    tail.append("\xc3\xa9t\xc3\xa9\n"); // UTF-8
    QVERIFY(tail.text().endsWith(u"été\n"_s));
    // An unfinished last line is one of the ten.
    tail.append("no newline yet");
    QCOMPARE(tail.text().count(u'\n'), OutputTail::kKeptLines + 1);
    QVERIFY(tail.text().startsWith(u"[15 earlier lines not kept]\nline 12\n"_s));
    QVERIFY(tail.text().endsWith(u"été\nno newline yet\n"_s));
    // A cut never splits a character in two: 198 x's, then emoji (two UTF-16 units each).
    OutputTail emoji;
    emoji.append(QByteArray(QByteArray(198, 'x') + QByteArray(20, '\0').replace('\0', "\xf0\x9f\x98\x80") + "\n"));
    const QString cut = emoji.text().chopped(1);
    QVERIFY(!cut.at(cut.size() - 2).isHighSurrogate());
    QVERIFY(cut.endsWith(u"…"_s));
    QCOMPARE(cut.size(), OutputTail::kLineCharacters - 1);
    QCOMPARE(ProgramRun::signalText(15), u"15 (SIGTERM)"_s);
    QCOMPARE(ProgramRun::signalText(SIGRTMIN + 2), u"%1 (SIGRTMIN+2)"_s.arg(SIGRTMIN + 2));
}

void TestProgramWorkers::aRunWithProgramsGoesInRealTime()
{
    Supervisor supervisor(programConfig(shell(u"exec sleep 1000"_s)));
    QSignalSpy rejected(&supervisor, &Supervisor::parameterRejected);
    supervisor.start();
    supervisor.setSpeed(10.0);
    supervisor.setPaused(true);
    supervisor.step();
    QCOMPARE(rejected.count(), 3);
    QCOMPARE(rejected.at(0).at(0).toString(), u"speed"_s);
    QVERIFY(rejected.at(0).at(1).toString().contains(u"real time"_s));
    QVERIFY(!supervisor.isPaused());
    supervisor.setSpeed(1.0); // the speed it goes at anyway
    QCOMPARE(rejected.count(), 3);
    supervisor.stop();
    QVERIFY(waitFor([&] { return supervisor.isFinished(); }));
}

QTEST_GUILESS_MAIN(TestProgramWorkers)
#include "tst_programworkers.moc"
