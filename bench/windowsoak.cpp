// A long soak of the window under a flood: 64 workers failing at once with no restart delay, for 30 minutes (or
// --minutes N), printing every minute (or every --interval-seconds S) the process's resident memory, its ratio to a
// quiet window measured first in the same run, the events recorded and where they are (in memory, spilled to disk),
// and the timeline's detail. At the end, the resident memory after Reset. `--budget-mb N` sets the log's and the
// timeline's budgets; `--unbounded 1` turns them off, to compare. Not run by CI: it measures and prints, and never
// gates.
//
//   xvfb-run -a build/release/bench/bench_windowsoak --minutes 30
#include "analysis/runstatistics.h"
#include "analysis/timelineindex.h"
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

#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace Qt::StringLiterals;
using namespace SupervisorLab;

namespace {

bool g_keepRecoveryTimes = false;

SupervisorConfig quietConfig()
{
    SupervisorConfig quiet;
    quiet.workers = 64;
    quiet.failureRate = 0;
    quiet.workMinMs = quiet.workMaxMs = 3'600'000;
    quiet.durationMs = 0;
    return quiet;
}

SupervisorConfig floodConfig()
{
    SupervisorConfig flood = quietConfig();
    flood.failureRate = 1;
    flood.workMinMs = flood.workMaxMs = 0;
    flood.delayMs = 0;
    return flood;
}

// Runs `config` in a window for `seconds`, calling `sample` every `intervalSeconds`; returns the resident memory at
// the end, and (in `afterResetMb`) after Reset.
template<typename Sample>
double soak(const SupervisorConfig &config, int seconds, int intervalSeconds, double &afterResetMb, Sample sample)
{
    MainWindow window;
    window.setConfig(config, u"bench"_s);
    window.resize(1400, 900);
    window.show();
    window.controller()->start();
    // The window keeps no recovery times (8 bytes a restart); --keep-recovery-times measures what they would cost.
    if (g_keepRecoveryTimes)
        const_cast<RunStatistics &>(window.statistics()->statistics()).setKeepsRecoveryTimes(true);
    QElapsedTimer clock;
    clock.start();
    QTimer sampler;
    sampler.setInterval(intervalSeconds * 1000);
    QObject::connect(&sampler, &QTimer::timeout, [&] { sample(window, clock.elapsed() / 1000.0); });
    sampler.start();
    QTimer::singleShot(seconds * 1000, qApp, &QCoreApplication::quit);
    QApplication::exec();
    const double residentMb = processStatusMegabytes("VmRSS");
    window.controller()->shutDown();
    window.controller()->reset();
    QCoreApplication::processEvents();
    afterResetMb = processStatusMegabytes("VmRSS");
    return residentMb;
}

// The heap's live bytes and the free bytes it holds on to (fragmentation), in MB: which of the two grows.
void printHeap()
{
#ifdef __GLIBC__
    const struct mallinfo2 info = mallinfo2();
    std::printf("         heap: %.0f MB in use, %.0f MB free but held, %.0f MB in mmapped chunks\n",
        double(info.uordblks) / 1048576.0, double(info.fordblks) / 1048576.0, double(info.hblkhd) / 1048576.0);
#endif
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"Supervisor Lab bench"_s);
    int minutes = 30;
    int intervalSeconds = 60;
    int quietSeconds = 10;
    size_t budgetBytes = 0;
    bool unbounded = false; // `--unbounded 1`: no budgets, everything in memory, to compare
    for (int i = 1; i + 1 < argc; i += 2) {
        const int value = std::max(1, atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--minutes") == 0)
            minutes = value;
        else if (std::strcmp(argv[i], "--interval-seconds") == 0)
            intervalSeconds = value;
        else if (std::strcmp(argv[i], "--quiet-seconds") == 0)
            quietSeconds = value;
        else if (std::strcmp(argv[i], "--budget-mb") == 0)
            budgetBytes = size_t(value) << 20;
        else if (std::strcmp(argv[i], "--unbounded") == 0 && std::strcmp(argv[i + 1], "1") == 0)
            unbounded = g_keepRecoveryTimes = true;
        else if (std::strcmp(argv[i], "--keep-recovery-times") == 0 && std::strcmp(argv[i + 1], "1") == 0)
            g_keepRecoveryTimes = true;
        else {
            std::fprintf(stderr,
                "usage: %s [--minutes N] [--interval-seconds S] [--quiet-seconds S] [--budget-mb N] [--unbounded 1] "
                "[--keep-recovery-times 1]\n",
                argv[0]);
            return 2;
        }
    }
    if (budgetBytes > 0 || unbounded) {
        EventLog::setDefaultMemoryBudgetBytes(budgetBytes);
        TimelineIndex::setDefaultDetailBudgetBytes(budgetBytes);
    }

    double quietAfterReset = 0;
    const double baselineMb = soak(quietConfig(), quietSeconds, quietSeconds, quietAfterReset, [](auto &, double) {});
    std::printf("baseline: a quiet window of 64 workers, %d s: resident %.0f MB (%.0f MB after Reset)\n", quietSeconds,
        baselineMb, quietAfterReset);
    std::printf(
        "soak: 64 workers, failure rate 1, work 0, delay 0, %d min, a line every %d s\n", minutes, intervalSeconds);
    std::fflush(stdout);

    qsizetype eventsBefore = 0;
    double secondsBefore = 0;
    double peakMb = 0;
    double afterResetMb = 0;
    const double endMb
        = soak(floodConfig(), minutes * 60, intervalSeconds, afterResetMb, [&](MainWindow &window, double seconds) {
              const auto log = window.controller()->log();
              if (!log)
                  return;
              const double residentMb = processStatusMegabytes("VmRSS");
              peakMb = std::max(peakMb, residentMb);
              const qsizetype events = log->size();
              std::printf("%6.0f s  resident %6.0f MB (%.2fx baseline)  %8.0f events/s  %.1f B/event of the process  "
                          "| %s | timeline detail %.1f MB, summarised before %.0f s\n",
                  seconds, residentMb, baselineMb > 0 ? residentMb / baselineMb : 0.0,
                  (events - eventsBefore) / std::max(1e-9, seconds - secondsBefore),
                  events > 0 ? (residentMb - baselineMb) * 1048576.0 / double(events) : 0.0,
                  qPrintable(EventLog::storageText(log->storage())),
                  window.timelineModel()->timelineIndex().detailBytes() / 1048576.0,
                  window.timelineModel()->timelineIndex().detailFromUs() / 1e6);
              printHeap();
              std::fflush(stdout);
              eventsBefore = events;
              secondsBefore = seconds;
          });
    std::printf("end: resident %.0f MB (%.2fx baseline), peak %.0f MB sampled, %.0f MB process peak (VmHWM); after "
                "Reset %.0f MB (%.2fx baseline)\n",
        endMb, baselineMb > 0 ? endMb / baselineMb : 0.0, peakMb, processStatusMegabytes("VmHWM"), afterResetMb,
        baselineMb > 0 ? afterResetMb / baselineMb : 0.0);
    return 0;
}
