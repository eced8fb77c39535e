#include "runtime/programrun.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <limits>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {
// How often a group whose leader has exited is checked for what it left behind: those are not the lab's children,
// so nothing tells it when they die.
constexpr int kGroupPollMs = 10;
constexpr rlim_t kOpenFilesSoftLimit = 1024;
} // namespace

ProgramRun::ProgramRun(
    const ProgramSpec &spec, const QProcessEnvironment &environment, qint64 shutdownTimeoutMs, QObject *parent)
    : QObject(parent)
    , m_spec(spec)
    , m_environment(environment)
    , m_shutdownTimeoutMs(shutdownTimeoutMs)
    , m_process(new QProcess(this))
    , m_groupPoll(new QTimer(this))
    , m_groupDeadline(new QTimer(this))
{
    m_groupPoll->setInterval(kGroupPollMs);
    connect(m_groupPoll, &QTimer::timeout, this, &ProgramRun::checkGroup);
    m_groupDeadline->setSingleShot(true);
    connect(m_groupDeadline, &QTimer::timeout, this, [this] { signalGroup(SIGKILL); });
}

ProgramRun::~ProgramRun()
{
    if (m_pid > 0 && !m_groupEmpty)
        signalGroup(SIGKILL);
    // QProcess's destructor kills the leader too, and reaps it.
}

void ProgramRun::start()
{
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardInputFile(QProcess::nullDevice()); // as systemd's StandardInput=null: nothing to wait for
    m_process->setProcessEnvironment(m_environment);
    if (!m_spec.workingDirectory.isEmpty())
        m_process->setWorkingDirectory(m_spec.workingDirectory);
    m_process->setProgram(m_spec.command.first());
    m_process->setArguments(m_spec.command.mid(1));
    // As systemd's default LimitNOFILE=1024:524288: a soft limit of 1024 open files, which select() needs, whatever
    // the lab's own (Qt raises it to the hard limit); the hard limit stays, for a program that asks for more.
    rlimit openFiles {};
    const bool lowerOpenFiles = ::getrlimit(RLIMIT_NOFILE, &openFiles) == 0 && openFiles.rlim_cur > kOpenFilesSoftLimit;
    if (lowerOpenFiles)
        openFiles.rlim_cur = std::min<rlim_t>(kOpenFilesSoftLimit, openFiles.rlim_max);
    // In the child, between fork and exec: only async-signal-safe calls.
    m_process->setChildProcessModifier([lowerOpenFiles, openFiles] {
        ::setpgid(0, 0); // a group of its own, so that a stop reaches whatever it starts
        ::prctl(PR_SET_PDEATHSIG, SIGKILL); // and it does not outlive the lab's supervisor thread
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        for (const int signal : { SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD })
            ::signal(signal, SIG_DFL);
        if (lowerOpenFiles)
            ::setrlimit(RLIMIT_NOFILE, &openFiles);
    });
    connect(m_process, &QProcess::readyReadStandardOutput, this,
        [this] { m_output.append(m_process->readAllStandardOutput()); });
    connect(m_process, &QProcess::finished, this,
        [this](int exitCode, QProcess::ExitStatus status) { leaderFinished(exitCode, status == QProcess::CrashExit); });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            failedToStart(m_process->errorString());
    });
    m_process->start(QIODevice::ReadOnly);
    m_pid = m_process->processId();
    if (m_pid > 0)
        ::setpgid(pid_t(m_pid), pid_t(m_pid)); // as the child does: whichever runs first, the group exists
}

bool ProgramRun::requestStop()
{
    if (m_reported || m_claimed || m_stopRequested)
        return !(m_reported || m_claimed);
    m_stopRequested = true;
    signalGroup(SIGTERM);
    return true;
}

bool ProgramRun::claimEnd()
{
    if (m_reported)
        return false;
    m_claimed = true;
    return true;
}

void ProgramRun::kill()
{
    m_claimed = true;
    signalGroup(SIGKILL);
    if (m_leaderDone)
        checkGroup();
}

void ProgramRun::failNow()
{
    if (!m_reported && !m_claimed)
        signalGroup(SIGKILL);
}

QString ProgramRun::signalText(int signal)
{
    const char *abbreviation = ::sigabbrev_np(signal);
    if (abbreviation)
        return u"%1 (SIG%2)"_s.arg(signal).arg(QLatin1StringView(abbreviation));
    if (signal >= SIGRTMIN && signal <= SIGRTMAX)
        return u"%1 (SIGRTMIN+%2)"_s.arg(signal).arg(signal - SIGRTMIN);
    return u"%1 (SIGUNKNOWN)"_s.arg(signal);
}

bool ProgramRun::groupIsAlive(qint64 processGroup)
{
    if (processGroup <= 0 || (::kill(-pid_t(processGroup), 0) != 0 && errno == ESRCH))
        return false;
    // The kernel still counts zombies, and an init that does not reap orphans (as in some containers) leaves them
    // for good: only a process that can still run counts. /proc/PID/stat: "pid (comm) state ppid pgrp ...".
    QDirIterator processes(u"/proc"_s, QDir::Dirs | QDir::NoDotAndDotDot);
    while (processes.hasNext()) {
        const QString path = processes.next();
        bool isNumber = false;
        path.mid(6).toLongLong(&isNumber);
        if (!isNumber)
            continue;
        QFile stat(path + u"/stat"_s);
        if (!stat.open(QIODevice::ReadOnly))
            continue; // gone meanwhile
        const QByteArray line = stat.readAll();
        const qsizetype afterName = line.lastIndexOf(')');
        if (afterName < 0)
            continue;
        const QList<QByteArray> fields = line.mid(afterName + 2).split(' ');
        if (fields.size() > 2 && fields.at(2).toLongLong() == processGroup && fields.at(0) != "Z"
            && fields.at(0) != "X")
            return true;
    }
    return false;
}

void ProgramRun::leaderFinished(int exitCode, bool crashed)
{
    m_output.append(m_process->readAllStandardOutput());
    if (m_stopRequested)
        m_end = WorkerEnd::stopped();
    else if (crashed)
        m_end = WorkerEnd::failed(FailureKind::Signal, signalText(exitCode));
    else if (exitCode != 0)
        m_end = WorkerEnd::failed(FailureKind::ExitStatus, QString::number(exitCode));
    else
        m_end = WorkerEnd::completed();
    m_leaderDone = true;
    if (!groupIsAlive(m_pid)) {
        finish();
        return;
    }
    // What it left behind goes the way a stop goes: SIGTERM, and SIGKILL when the shutdown timeout is up.
    signalGroup(m_claimed ? SIGKILL : SIGTERM);
    m_groupDeadline->start(int(std::min<qint64>(m_shutdownTimeoutMs, std::numeric_limits<int>::max())));
    m_groupPoll->start();
}

void ProgramRun::failedToStart(const QString &why)
{
    // QProcess says which call failed ("execve: No such file or directory"); the reader wants to know on what.
    QString reason = why;
    if (reason.startsWith(u"execve: "_s))
        reason = m_spec.command.first() + reason.mid(6);
    else if (reason.startsWith(u"chdir: "_s))
        reason = u"cwd "_s + m_spec.workingDirectory + reason.mid(5);
    m_end = WorkerEnd::failed(FailureKind::CannotStart, reason);
    m_leaderDone = true;
    m_pid = 0;
    // Reported from the event loop: errorOccurred may come from inside start(), while the supervisor is deciding.
    QMetaObject::invokeMethod(this, &ProgramRun::finish, Qt::QueuedConnection);
}

void ProgramRun::signalGroup(int signal)
{
    if (m_pid <= 0)
        return;
    ::kill(-pid_t(m_pid), signal);
    if (!m_leaderDone)
        ::kill(pid_t(m_pid), signal); // in case the group did not exist yet when it was asked
}

void ProgramRun::checkGroup()
{
    if (!groupIsAlive(m_pid))
        finish();
}

void ProgramRun::finish()
{
    if (m_groupEmpty)
        return;
    m_groupEmpty = true;
    m_groupPoll->stop();
    m_groupDeadline->stop();
    if (!m_claimed) {
        m_reported = true;
        m_end.output = m_output.text();
        emit ended(m_end);
    }
    emit over();
}

} // namespace SupervisorLab
