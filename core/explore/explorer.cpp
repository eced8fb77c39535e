#include "explorer.h"

#include "virtualruntime.h"

#include <QtConcurrentMap>

#include <numeric>

namespace SupervisorLab {
namespace {

constexpr int kProgressIntervalMs = 100;

// One run in virtual time, measured; an empty outcome if `stop` is set before it ends. The flag is read between
// steps, so even a run of days of virtual time stops within microseconds.
SeedOutcome measureRun(const SupervisorConfig &config, qint64 horizonUs, const std::atomic<bool> &stop)
{
    if (stop.load(std::memory_order_relaxed))
        return {};
    VirtualRuntime runtime(config);
    while (runtime.step()) {
        if (stop.load(std::memory_order_relaxed))
            return {};
    }
    return SeedOutcome::measure(*runtime.log(), horizonUs);
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
    const auto runAt = [configs, seeds, horizonUs, stop = m_stop, done = m_done](int index) {
        SupervisorConfig config = configs.at(index / seeds);
        config.seed += quint64(index % seeds);
        SeedOutcome outcome = measureRun(config, horizonUs, *stop);
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
