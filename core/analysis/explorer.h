#pragma once

#include "analysis/explorationresult.h"
#include "analysis/explorationspec.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <limits>
#include <memory>

namespace SupervisorLab {

// Runs every (policy, seed) pair of an exploration in virtual time, in parallel on a thread pool of its own,
// and reports from the thread it lives in. Each run is a pure function of its configuration and the results
// are gathered by run index, so they are the same whatever the number of threads. A run keeps only its
// outcome, never its log: it is measured as it goes. The outcomes keep every recovery time; an exploration whose
// outcomes would take more than the memory limit (MemoryLimit) stops with failed().
class Explorer : public QObject
{
    Q_OBJECT

public:
    explicit Explorer(QObject *parent = nullptr);
    // Cancels an exploration under way and waits for its runs, which stop at their next step.
    ~Explorer() override;

    // Threads for the runs; 0 (the default) uses every core.
    void setThreadCount(int threads);
    int threadCount() const;

    // Starts exploring a spec as ExplorationSpec::fromJson returns it; false if an exploration is under way.
    bool start(const ExplorationSpec &spec);
    // Stops promptly: runs under way end at their next step, the others never start; then cancelled().
    void cancel();
    bool isRunning() const { return m_running; }

signals:
    // Runs finished out of all runs: from start(), then at most ten times a second, and done == total just
    // before finished().
    void progress(int done, int total);
    void finished(const SupervisorLab::ExplorationResult &result);
    void cancelled();
    // What the runs keep (every recovery time) would grow past the memory limit (MemoryLimit): the exploration
    // stopped, with nothing to show; `why` says so in a sentence.
    void failed(const QString &why);

private:
    void reportProgress();
    void onRunsEnded();

    QThreadPool m_pool;
    QFutureWatcher<SeedOutcome> m_watcher;
    QTimer m_progressTimer;
    QElapsedTimer m_clock;
    ExplorationSpec m_spec;
    // Shared with the runs, which may outlive a cancel by a step.
    std::shared_ptr<std::atomic<bool>> m_stop;
    std::shared_ptr<std::atomic<int>> m_done;
    std::shared_ptr<std::atomic<qint64>> m_budget; // bytes the outcomes may still keep
    std::shared_ptr<std::atomic<bool>> m_overdrawn;
    qint64 m_memoryLimit = 0; // MemoryLimit's when this exploration started; 0: none
    static constexpr qint64 kUnlimitedBudget = std::numeric_limits<qint64>::max() / 2;
    int m_lastReportedDone = -1;
    bool m_running = false;
};

} // namespace SupervisorLab
