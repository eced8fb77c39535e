#pragma once

#include "policy/supervisorconfig.h"
#include "runtime/clock.h"
#include "runtime/workerend.h"

#include <QObject>
#include <QTemporaryDir>

#include <functional>
#include <memory>
#include <vector>

namespace SupervisorLab {

class NotifySocket;
class ProgramRun;

// The program workers of one threaded run: a process group per incarnation (ProgramRun), and the run's own
// directory of notify sockets, one per program worker (removed with this object). A program is watched from its
// first WATCHDOG=1: until then it counts as beating. Lives in the supervisor's thread.
class ProgramWorkers final : public QObject
{
    Q_OBJECT

public:
    using EndReport = std::function<void(int worker, quint32 incarnation, const WorkerEnd &end)>;
    using IncarnationReport = std::function<void(int worker, quint32 incarnation)>;

    // `reportReady`: the incarnation sent READY=1; `reportWatchdogTrigger`: it sent WATCHDOG=trigger.
    ProgramWorkers(const SupervisorConfig &config, const Clock &clock, EndReport reportEnd,
        IncarnationReport reportReady, IncarnationReport reportWatchdogTrigger);
    // Kills every group still alive.
    ~ProgramWorkers() override;

    bool runsProgram(int worker) const;
    void start(int worker, quint32 incarnation, const SupervisorConfig &workerConfig);
    // Unless the incarnation has ended, runs `recordRequest` and sends its group SIGTERM; false if it had ended.
    bool requestStop(int worker, quint32 incarnation, const std::function<void()> &recordRequest);
    void kill(int worker, quint32 incarnation);
    bool claimEnd(int worker, quint32 incarnation);
    void failNow(int worker);
    qint64 lastHeartbeatUs(int worker, quint32 incarnation) const;
    QString outputOf(int worker, quint32 incarnation) const;
    // The NOTIFY_SOCKET a worker's incarnations are given; empty if the socket could not be made.
    QString notifySocketPath(int worker) const;

private:
    struct Worker
    {
        ProgramSpec program;
        NotifySocket *notify = nullptr;
        ProgramRun *run = nullptr; // the current incarnation's, until it is over
        quint32 incarnation = 0;
        qint64 lastBeatUs = -1; // -1: not watched yet
        bool ready = false;
    };

    ProgramRun *current(int worker, quint32 incarnation) const;

    const Clock &m_clock;
    const EndReport m_reportEnd;
    const IncarnationReport m_reportReady;
    const IncarnationReport m_reportWatchdogTrigger;
    std::unique_ptr<QTemporaryDir> m_notifyDirectory;
    QString m_notifyProblem;
    std::vector<Worker> m_workers;
};

} // namespace SupervisorLab
