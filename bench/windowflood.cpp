// How the window copes with a flood of events: 64 workers failing at once with no restart delay, against a
// baseline of the same window showing a quiet run. Prints the event loop's lateness (how long a 5 ms timer
// waits beyond its time), the frames painted per second, the backlog (events the engine has recorded that the
// views have not taken in yet, sampled every second, so that growth shows), the memory per event, the process's
// resident memory at the end and after Reset, where the events are (in memory, spilled to disk) and the bound the
// budgets set. `--budget-mb N` shrinks the log's and the timeline's budgets so that a short run shows them at work
// (the defaults hold about 11 s of this flood in memory); `--unbounded` turns them off, to compare, and
// `--keep-recovery-times` keeps the statistics' recovery times. Measures; never
// gates.
#include "analysis/runstatistics.h"
#include "analysis/timelineindex.h"
#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "events/eventlog.h"
#include "mainwindow.h"
#include "policy/supervisorconfig.h"
#include "processstatus.h"
#include "runcontroller.h"
#include "statisticspanel.h"
#include "timeline/timelinemodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

using namespace Qt::StringLiterals;
using namespace SupervisorLab;

namespace {

struct Figures
{
    double p50LateMs = 0;
    double p99LateMs = 0;
    double maxLateMs = 0;
    double framesPerSecond = 0;
    double eventsPerSecond = 0;
    double bytesPerEvent = 0;
    double rssPerEvent = 0; // growth of the whole process's resident memory, per event
    std::vector<qsizetype> backlog; // sampled once a second: events not yet in the timeline and statistics
    std::vector<qsizetype> tableBacklog; // and not yet in the event table
    double residentMb = 0; // at the end of the run
    double residentAfterResetMb = 0;
    double residentPerEventLateHalf = 0; // growth per event over the second half of the run: 0 once bounded
    EventLog::Storage storage;
    size_t timelineDetailBytes = 0;
    bool logFreedAtReset = false;
};

// Events in the log that the views have not taken in yet: the timeline and the statistics (the narration and the
// warnings go with the timeline), and separately the event table, whose rows are read, not watched, and come ten
// times a second.
struct Backlog
{
    qsizetype views = 0;
    qsizetype table = 0;
};

Backlog backlogOf(const MainWindow &window)
{
    const auto log = window.controller()->log();
    if (!log)
        return {};
    const qsizetype taken
        = std::min(window.timelineModel()->eventCount(), window.statistics()->statistics().eventsTakenIn());
    const EventLogModel *table = window.eventLog()->logModel();
    const qsizetype rows = table->rowCount() > 0 ? table->eventIndex(table->rowCount() - 1) + 1 : 0;
    return { log->size() - taken, log->size() - rows };
}

void printBacklog(const char *name, const char *what, const std::vector<qsizetype> &samples)
{
    std::printf("%-9s backlog %s, each second:", name, what);
    for (const qsizetype events : samples)
        std::printf(" %lld", qint64(events));
    std::printf("\n%-9s backlog %s first %lld, last %lld, max %lld\n", name, what, qint64(samples.front()),
        qint64(samples.back()), qint64(*std::max_element(samples.begin(), samples.end())));
}

bool keepRecoveryTimes = false;

Figures measure(const SupervisorConfig &config, int seconds)
{
    const double residentBefore = processStatusMegabytes("VmRSS") * 1024 * 1024;
    MainWindow window;
    window.setConfig(config, u"bench"_s);
    window.resize(1400, 900);
    window.show();
    window.controller()->start();
    // The window keeps no recovery times (8 bytes a restart); --keep-recovery-times measures what they would cost.
    if (keepRecoveryTimes)
        const_cast<RunStatistics &>(window.statistics()->statistics()).setKeepsRecoveryTimes(true);

    constexpr int kProbeMs = 5;
    std::vector<double> lateness;
    QElapsedTimer clock;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(kProbeMs);
    qint64 last = 0;
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (last > 0)
            lateness.push_back(std::max(0.0, (now - last) / 1e6 - kProbeMs));
        last = now;
    });
    Figures figures;
    QTimer sampler;
    sampler.setInterval(1000);
    double residentHalfwayMb = 0;
    qsizetype eventsHalfway = 0;
    QObject::connect(&sampler, &QTimer::timeout, [&] {
        const Backlog backlog = backlogOf(window);
        figures.backlog.push_back(backlog.views);
        figures.tableBacklog.push_back(backlog.table);
        if (int(figures.backlog.size()) == seconds / 2 && window.controller()->log()) {
            residentHalfwayMb = processStatusMegabytes("VmRSS");
            eventsHalfway = window.controller()->log()->size();
        }
    });
    const int framesBefore = window.frameCount();
    clock.start();
    probe.start();
    sampler.start();
    QTimer::singleShot(seconds * 1000, qApp, &QCoreApplication::quit);
    QApplication::exec();
    const double elapsed = clock.nsecsElapsed() / 1e9;
    auto log = window.controller()->log();

    std::sort(lateness.begin(), lateness.end());
    if (!lateness.empty()) {
        figures.p50LateMs = lateness[lateness.size() / 2];
        figures.p99LateMs = lateness[lateness.size() * 99 / 100];
        figures.maxLateMs = lateness.back();
    }
    figures.framesPerSecond = (window.frameCount() - framesBefore) / elapsed;
    figures.eventsPerSecond = log->size() / elapsed;
    figures.bytesPerEvent = log->size() ? double(log->memoryBytes()) / log->size() : 0;
    figures.residentMb = processStatusMegabytes("VmRSS");
    figures.rssPerEvent = log->size() ? (figures.residentMb * 1024 * 1024 - residentBefore) / log->size() : 0;
    if (log->size() > eventsHalfway && eventsHalfway > 0)
        figures.residentPerEventLateHalf
            = (figures.residentMb - residentHalfwayMb) * 1024 * 1024 / double(log->size() - eventsHalfway);
    figures.storage = log->storage();
    figures.timelineDetailBytes = window.timelineModel()->timelineIndex().detailBytes();
    const std::weak_ptr<const EventLog> recorded = log;
    log.reset(); // so that Reset frees it
    window.controller()->shutDown();
    window.controller()->reset();
    QCoreApplication::processEvents();
    figures.residentAfterResetMb = processStatusMegabytes("VmRSS");
    figures.logFreedAtReset = recorded.expired();
    return figures;
}

void print(const char *name, const Figures &f)
{
    std::printf("%-9s lateness p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms | %5.1f frames/s | %9.0f events/s | "
                "log %5.1f B/event, process %7.1f B/event\n",
        name, f.p50LateMs, f.p99LateMs, f.maxLateMs, f.framesPerSecond, f.eventsPerSecond, f.bytesPerEvent,
        f.rssPerEvent);
    std::printf("%-9s resident %.0f MB at the end, %.0f MB after Reset (log %s); growth over the second half %.1f "
                "B/event | %s | timeline detail %.1f MB\n",
        name, f.residentMb, f.residentAfterResetMb, f.logFreedAtReset ? "freed" : "NOT freed",
        f.residentPerEventLateHalf, qPrintable(EventLog::storageText(f.storage)), f.timelineDetailBytes / 1048576.0);
    if (f.backlog.empty())
        return;
    printBacklog(name, "(events not yet in the views)", f.backlog);
    printBacklog(name, "(not yet in the event table)", f.tableBacklog);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"Supervisor Lab bench"_s);
    int seconds = 10;
    size_t budgetBytes = 0; // 0: the defaults
    bool unbounded = false; // no budgets: everything in memory, as before they existed
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--budget-mb") == 0 && i + 1 < argc)
            budgetBytes = size_t(std::max(1, atoi(argv[++i]))) << 20;
        else if (std::strcmp(argv[i], "--unbounded") == 0)
            unbounded = keepRecoveryTimes = true;
        else if (std::strcmp(argv[i], "--keep-recovery-times") == 0)
            keepRecoveryTimes = true;
        else
            seconds = std::max(1, atoi(argv[i]));
    }
    if (budgetBytes > 0) {
        EventLog::setDefaultMemoryBudgetBytes(budgetBytes);
        TimelineIndex::setDefaultDetailBudgetBytes(budgetBytes);
    }
    if (unbounded) {
        EventLog::setDefaultMemoryBudgetBytes(0);
        TimelineIndex::setDefaultDetailBudgetBytes(0);
    }
    const size_t logBudget = budgetBytes > 0
        ? budgetBytes
        : EventStore::kDefaultMemoryBudgetBlocks * EventStore::kBlockSize * sizeof(StoredEvent);
    const size_t timelineBudget = TimelineIndex::defaultDetailBudgetBytes();

    SupervisorConfig quiet;
    quiet.workers = 64;
    quiet.failureRate = 0;
    quiet.workMinMs = quiet.workMaxMs = 3'600'000;
    quiet.durationMs = 0;
    SupervisorConfig flood = quiet;
    flood.failureRate = 1;
    flood.workMinMs = flood.workMaxMs = 0;
    flood.delayMs = 0;

    std::printf("window under a flood: 64 workers, failure rate 1, work 0, delay 0, %d s each\n", seconds);
    const Figures baseline = measure(quiet, seconds);
    print("baseline", baseline);
    const Figures flooded = measure(flood, seconds);
    print("flood", flooded);
    // The bound: what grows with the events is held to the budgets; the rest is the quiet window's.
    if (unbounded)
        std::printf("bound: none (--unbounded)\n");
    else
        std::printf(
            "bound: log in memory <= %.0f MB + 2 MB of spilled blocks read back, timeline detail <= %.0f MB "
            "(+ its summaries, <= 32 KB a lane): resident <= baseline %.0f MB + %.0f MB, however long the run\n",
            logBudget / 1048576.0, timelineBudget / 1048576.0, baseline.residentMb,
            (logBudget + timelineBudget) / 1048576.0 + 2);
    std::printf("ratio flood/baseline: resident %.2fx, after Reset %.2fx\n",
        baseline.residentMb > 0 ? flooded.residentMb / baseline.residentMb : 0.0,
        baseline.residentMb > 0 ? flooded.residentAfterResetMb / baseline.residentMb : 0.0);
    std::printf("ratio flood/baseline: lateness p50 %.2fx, p99 %.2fx, frames/s %.2fx\n",
        baseline.p50LateMs > 0 ? flooded.p50LateMs / baseline.p50LateMs : 0.0,
        baseline.p99LateMs > 0 ? flooded.p99LateMs / baseline.p99LateMs : 0.0,
        baseline.framesPerSecond > 0 ? flooded.framesPerSecond / baseline.framesPerSecond : 0.0);
    return 0;
}
