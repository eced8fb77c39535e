#include "runtime/programworkers.h"

#include "runtime/notifysocket.h"
#include "runtime/programrun.h"

#include <QDir>
#include <QProcessEnvironment>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

// Where the run's sockets go: the user's runtime directory if there is one (as systemd's are under /run), else
// the temporary directory; either must leave room for a socket's name in sockaddr_un's 108 bytes.
std::unique_ptr<QTemporaryDir> makeNotifyDirectory()
{
    QStringList bases;
    if (const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR"); !runtime.isEmpty())
        bases << runtime;
    bases << QDir::tempPath() << u"/tmp"_s;
    for (const QString &base : std::as_const(bases)) {
        if (QFile::encodeName(base).size() > NotifySocket::kLongestPath - 40)
            continue;
        auto directory = std::make_unique<QTemporaryDir>(base + u"/supervisor-lab-XXXXXX"_s);
        if (directory->isValid())
            return directory; // made with mode 0700: no one else can send to the sockets in it
    }
    return nullptr;
}

} // namespace

ProgramWorkers::ProgramWorkers(const SupervisorConfig &config, const Clock &clock, EndReport reportEnd,
    IncarnationReport reportReady, IncarnationReport reportWatchdogTrigger)
    : m_clock(clock)
    , m_reportEnd(std::move(reportEnd))
    , m_reportReady(std::move(reportReady))
    , m_reportWatchdogTrigger(std::move(reportWatchdogTrigger))
    , m_workers(size_t(std::max(config.workers, 0)))
{
    for (int worker = 0; worker < int(m_workers.size()); ++worker)
        m_workers[size_t(worker)].program = config.programOf(worker);
    if (!config.hasPrograms())
        return;
    m_notifyDirectory = makeNotifyDirectory();
    if (!m_notifyDirectory) {
        m_notifyProblem = u"no directory for its notify socket in $XDG_RUNTIME_DIR, %1 or /tmp"_s.arg(QDir::tempPath());
        return;
    }
    for (int worker = 0; worker < int(m_workers.size()); ++worker) {
        Worker &state = m_workers[size_t(worker)];
        if (!state.program.isProgram())
            continue;
        auto *socket = new NotifySocket(this);
        if (QString problem = socket->bind(m_notifyDirectory->filePath(u"w%1.sock"_s.arg(worker)));
            !problem.isEmpty()) {
            m_notifyProblem = problem;
            delete socket;
            continue;
        }
        state.notify = socket;
        connect(socket, &NotifySocket::heartbeat, this, [this, worker] {
            if (m_workers[size_t(worker)].run)
                m_workers[size_t(worker)].lastBeatUs = m_clock.nowUs();
        });
        connect(socket, &NotifySocket::ready, this, [this, worker] {
            Worker &state = m_workers[size_t(worker)];
            if (state.run && !state.run->hasEnded() && !state.ready) {
                state.ready = true;
                m_reportReady(worker, state.incarnation);
            }
        });
        connect(socket, &NotifySocket::watchdogTriggered, this, [this, worker] {
            const Worker &state = m_workers[size_t(worker)];
            if (state.run && !state.run->hasEnded())
                m_reportWatchdogTrigger(worker, state.incarnation);
        });
    }
}

ProgramWorkers::~ProgramWorkers()
{
    // Each run's destructor kills its group; the sockets and their directory go after them.
    const QList<ProgramRun *> runs = findChildren<ProgramRun *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(runs);
}

bool ProgramWorkers::runsProgram(int worker) const
{
    return worker >= 0 && worker < int(m_workers.size()) && m_workers[size_t(worker)].program.isProgram();
}

void ProgramWorkers::start(int worker, quint32 incarnation, const SupervisorConfig &workerConfig)
{
    Worker &state = m_workers[size_t(worker)];
    state.incarnation = incarnation;
    state.lastBeatUs = -1;
    state.ready = false;
    if (!state.notify) {
        state.run = nullptr;
        const WorkerEnd end
            = WorkerEnd::failed(FailureKind::CannotStart, u"the lab has no notify socket: "_s + m_notifyProblem);
        QMetaObject::invokeMethod(
            this, [this, worker, incarnation, end] { m_reportEnd(worker, incarnation, end); }, Qt::QueuedConnection);
        return;
    }
    state.notify->discardPending();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const auto &[name, value] : state.program.environment)
        environment.insert(name, value);
    environment.insert(u"NOTIFY_SOCKET"_s, state.notify->path());
    if (workerConfig.heartbeatTimeoutMs > 0) // as systemd's WatchdogSec=, for sd_watchdog_enabled(3)
        environment.insert(u"WATCHDOG_USEC"_s, QString::number(workerConfig.heartbeatTimeoutMs * 1000));
    auto *run = new ProgramRun(state.program, environment, workerConfig.shutdownTimeoutMs, this);
    state.run = run;
    connect(run, &ProgramRun::ended, this,
        [this, worker, incarnation](const WorkerEnd &end) { m_reportEnd(worker, incarnation, end); });
    connect(run, &ProgramRun::over, this, [this, run, worker] {
        if (m_workers[size_t(worker)].run == run)
            m_workers[size_t(worker)].run = nullptr;
        run->deleteLater();
    });
    run->start();
}

ProgramRun *ProgramWorkers::current(int worker, quint32 incarnation) const
{
    if (worker < 0 || worker >= int(m_workers.size()))
        return nullptr;
    const Worker &state = m_workers[size_t(worker)];
    return state.incarnation == incarnation ? state.run : nullptr;
}

bool ProgramWorkers::requestStop(int worker, quint32 incarnation, const std::function<void()> &recordRequest)
{
    ProgramRun *run = current(worker, incarnation);
    if (!run || run->hasEnded())
        return false;
    recordRequest(); // one thread: nothing can end between the check and the record
    return run->requestStop();
}

void ProgramWorkers::kill(int worker, quint32 incarnation)
{
    if (ProgramRun *run = current(worker, incarnation))
        run->kill();
}

bool ProgramWorkers::claimEnd(int worker, quint32 incarnation)
{
    ProgramRun *run = current(worker, incarnation);
    return run && run->claimEnd();
}

void ProgramWorkers::failNow(int worker)
{
    if (worker >= 0 && worker < int(m_workers.size()) && m_workers[size_t(worker)].run)
        m_workers[size_t(worker)].run->failNow();
}

qint64 ProgramWorkers::lastHeartbeatUs(int worker, quint32 incarnation) const
{
    const Worker &state = m_workers[size_t(worker)];
    if (state.incarnation != incarnation || state.lastBeatUs < 0)
        return m_clock.nowUs();
    return state.lastBeatUs;
}

QString ProgramWorkers::outputOf(int worker, quint32 incarnation) const
{
    const ProgramRun *run = current(worker, incarnation);
    return run ? run->output() : QString();
}

QString ProgramWorkers::notifySocketPath(int worker) const
{
    const Worker &state = m_workers[size_t(worker)];
    return state.notify ? state.notify->path() : QString();
}

} // namespace SupervisorLab
