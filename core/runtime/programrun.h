#pragma once

#include "policy/programspec.h"
#include "runtime/outputtail.h"
#include "runtime/workerend.h"

#include <QObject>
#include <QProcessEnvironment>

class QProcess;
class QTimer;

namespace SupervisorLab {

// One incarnation of a program worker: a real process, the leader of its own process group, and whatever it
// starts. It ends when its group is empty: after the leader exits, what it left behind is sent SIGTERM, then
// SIGKILL after the shutdown timeout (as systemd's KillMode=control-group), and only then is the end reported.
// A stop sends SIGTERM to the group; writing it off sends SIGKILL. Lives in one thread, with its event loop.
class ProgramRun final : public QObject
{
    Q_OBJECT

public:
    ProgramRun(const ProgramSpec &spec, const QProcessEnvironment &environment, qint64 shutdownTimeoutMs,
        QObject *parent = nullptr);
    // Kills what is left of the group.
    ~ProgramRun() override;

    // Starts the process; a start that fails is reported as an end, never from inside this call.
    void start();
    // Unless the incarnation has ended, marks it stopping and sends the group SIGTERM; false if it had ended.
    bool requestStop();
    // The supervisor writes the incarnation off: false if its end was already reported. After this no end is.
    bool claimEnd();
    // Sends the group SIGKILL (the end is then not reported: the incarnation has been written off).
    void kill();
    // Sends the group SIGKILL as "fail this worker now": it ends as killed by a signal, reported as usual.
    void failNow();
    // Whether the group is gone and the end reported or written off: the object may go.
    // Whether its end has been reported or written off (its group may still be going away).
    bool hasEnded() const { return m_reported || m_claimed; }
    bool isOver() const { return m_groupEmpty && (m_reported || m_claimed); }
    QString output() const { return m_output.text(); }
    qint64 processId() const { return m_pid; }

    // The name the contract gives a death by `signal`: "11 (SIGSEGV)".
    static QString signalText(int signal);
    // Whether any process of the group `processGroup` is still alive (a zombie counts until it is reaped).
    static bool groupIsAlive(qint64 processGroup);

signals:
    // How the incarnation ended on its own, once its group is empty; never after claimEnd() or kill().
    void ended(const SupervisorLab::WorkerEnd &end);
    // The group is empty and the end is reported or written off.
    void over();

private:
    void leaderFinished(int exitCode, bool crashed);
    void failedToStart(const QString &why);
    void signalGroup(int signal);
    void checkGroup();
    void finish();

    const ProgramSpec m_spec;
    const QProcessEnvironment m_environment;
    const qint64 m_shutdownTimeoutMs;
    QProcess *m_process;
    QTimer *m_groupPoll;
    QTimer *m_groupDeadline;
    OutputTail m_output;
    WorkerEnd m_end;
    qint64 m_pid = 0;
    bool m_leaderDone = false;
    bool m_groupEmpty = false;
    bool m_stopRequested = false;
    bool m_claimed = false;
    bool m_reported = false;
};

} // namespace SupervisorLab
