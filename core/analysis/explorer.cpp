#include "analysis/explorer.h"

#include "analysis/runstatistics.h"
#include "runtime/memorylimit.h"
#include "runtime/virtualruntime.h"

#include <QtConcurrentMap>

#include <numeric>

namespace SupervisorLab {
namespace {

constexpr int kProgressIntervalMs = 100;
// A run is measured as it goes, in steps of this many events, which are then dropped: its log never holds more.
constexpr qsizetype kMeasuredAtOnce = 4 * qsizetype(EventStore::kBlockSize);
// Each recovery time kept: once in its outcome, once more when a policy's percentiles pool them.
constexpr qint64 kBytesPerRecovery = 2 * qint64(sizeof(qint64));

// One run in virtual time, measured as it goes; an empty outcome if `stop` is set before it ends. The flag is read
// between steps, so even a run of days of virtual time stops within microseconds. What the outcomes keep (every
// recovery time) is charged to `budget`; the run that overdraws it sets `overdrawn` and `stop`.
SeedOutcome measureRun(const SupervisorConfig &config, qint64 horizonUs, std::atomic<bool> &stop,
    std::atomic<qint64> &budget, std::atomic<bool> &overdrawn)
{
    if (stop.load(std::memory_order_relaxed))
        return {};
    VirtualRuntime runtime(config);
    EventLog &log = *runtime.log();
    RunStatistics statistics;
    qsizetype charged = 0;
    const auto measure = [&] {
        statistics.update(log);
        log.discardBefore(log.size());
        const qsizetype kept = statistics.recoveryTimesUs().size();
        const qint64 cost = qint64(kept - charged) * kBytesPerRecovery;
        if (budget.fetch_sub(cost, std::memory_order_relaxed) < cost) {
            overdrawn.store(true);
            stop.store(true);
        }
        charged = kept;
    };
    while (runtime.step()) {
        if (log.size() - statistics.eventsTakenIn() >= kMeasuredAtOnce)
            measure();
        if (stop.load(std::memory_order_relaxed))
            return {};
    }
    measure();
    if (stop.load(std::memory_order_relaxed))
        return {};
    return SeedOutcome::measure(statistics, horizonUs, config.seed);
}

} // namespace

Explorer::Explorer(QObject *parent)
    : QObject(parent)
{
    m_progressTimer.setInterval(kProgressIntervalMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &Explorer::reportProgress);
    connect(&m_watcher, &QFutureWatcher<SeedOutcome>::finished, this, &Explorer::onRunsEnded);
    setThreadCount(0);
}

Explorer::~Explorer()
{
    if (m_stop)
        m_stop->store(true);
    m_watcher.disconnect(this);
    m_watcher.cancel();
    m_pool.waitForDone();
}

void Explorer::setThreadCount(int threads)
{
    m_pool.setMaxThreadCount(threads > 0 ? threads : QThread::idealThreadCount());
}

int Explorer::threadCount() const
{
    return m_pool.maxThreadCount();
}

bool Explorer::start(const ExplorationSpec &spec)
{
    if (m_running)
        return false;
    m_running = true;
    m_spec = spec;
    m_stop = std::make_shared<std::atomic<bool>>(false);
    m_done = std::make_shared<std::atomic<int>>(0);
    m_memoryLimit = MemoryLimit::bytes();
    m_budget = std::make_shared<std::atomic<qint64>>(m_memoryLimit > 0 ? m_memoryLimit : kUnlimitedBudget);
    m_overdrawn = std::make_shared<std::atomic<bool>>(false);
    m_lastReportedDone = -1;
    m_clock.start();

    // One configuration per policy, made once here rather than in every run; a run only sets its seed.
    QList<SupervisorConfig> configs;
    for (int policy = 0; policy < spec.policies.size(); ++policy)
        configs << spec.configFor(policy, spec.firstSeed);
    QList<int> runs(spec.runCount());
    std::iota(runs.begin(), runs.end(), 0);
    const qint64 horizonUs = spec.horizonUs();
    const int seeds = spec.seeds;
    const auto runAt = [configs, seeds, horizonUs, stop = m_stop, done = m_done, budget = m_budget,
                           overdrawn = m_overdrawn](int index) {
        SupervisorConfig config = configs.at(index / seeds);
        config.seed += quint64(index % seeds);
        SeedOutcome outcome = measureRun(config, horizonUs, *stop, *budget, *overdrawn);
        if (!stop->load(std::memory_order_relaxed))
            done->fetch_add(1, std::memory_order_relaxed);
        return outcome;
    };
    m_watcher.setFuture(QtConcurrent::mapped(&m_pool, std::move(runs), runAt));
    reportProgress();
    m_progressTimer.start();
    return true;
}

void Explorer::cancel()
{
    if (!m_running)
        return;
    m_stop->store(true);
    m_watcher.cancel();
}

void Explorer::reportProgress()
{
    const int done = m_done->load(std::memory_order_relaxed);
    if (done == m_lastReportedDone)
        return;
    m_lastReportedDone = done;
    emit progress(done, m_spec.runCount());
}

void Explorer::onRunsEnded()
{
    m_progressTimer.stop();
    m_running = false;
    if (m_overdrawn->load()) {
        const qint64 kept = (m_memoryLimit - m_budget->load()) / kBytesPerRecovery;
        //: %1 is the memory limit ("256 MB"), %2 how many runs had finished, %3 how many there are, %4 how many
        //: recovery times the runs had kept
        emit failed(tr("the exploration outgrew the memory limit (%1) after %2 of %3 runs: it keeps the time of every "
                       "recovery, %4 of them so far")
                        .arg(MemoryLimit::text(m_memoryLimit), QString::number(m_done->load()),
                            QString::number(m_spec.runCount()), QString::number(kept)));
        return;
    }
    if (m_stop->load()) {
        emit cancelled();
        return;
    }
    reportProgress();
    ExplorationResult result = ExplorationResult::of(m_spec, m_watcher.future().results());
    result.threads = threadCount();
    result.elapsedMs = m_clock.elapsed();
    emit finished(result);
}

} // namespace SupervisorLab
