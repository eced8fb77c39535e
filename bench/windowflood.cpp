// How the window copes with a flood of events: 64 workers failing at once with no restart delay, against a
// baseline of the same window showing a quiet run. Prints the event loop's lateness (how long a 5 ms timer
// waits beyond its time), the frames painted per second, the backlog (events the engine has recorded that the
// views have not taken in yet, sampled every second, so that growth shows) and the memory per event. Measures;
// never gates.
#include "analysis/runstatistics.h"
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

Figures measure(const SupervisorConfig &config, int seconds)
{
    const double residentBefore = processStatusMegabytes("VmRSS") * 1024 * 1024;
    MainWindow window;
    window.setConfig(config, u"bench"_s);
    window.resize(1400, 900);
    window.show();
    window.controller()->start();

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
    QObject::connect(&sampler, &QTimer::timeout, [&] {
        const Backlog backlog = backlogOf(window);
        figures.backlog.push_back(backlog.views);
        figures.tableBacklog.push_back(backlog.table);
    });
    const int framesBefore = window.frameCount();
    clock.start();
    probe.start();
    sampler.start();
    QTimer::singleShot(seconds * 1000, qApp, &QCoreApplication::quit);
    QApplication::exec();
    const double elapsed = clock.nsecsElapsed() / 1e9;
    const auto log = window.controller()->log();

    std::sort(lateness.begin(), lateness.end());
    if (!lateness.empty()) {
        figures.p50LateMs = lateness[lateness.size() / 2];
        figures.p99LateMs = lateness[lateness.size() * 99 / 100];
        figures.maxLateMs = lateness.back();
    }
    figures.framesPerSecond = (window.frameCount() - framesBefore) / elapsed;
    figures.eventsPerSecond = log->size() / elapsed;
    figures.bytesPerEvent = log->size() ? double(log->memoryBytes()) / log->size() : 0;
    figures.rssPerEvent
        = log->size() ? (processStatusMegabytes("VmRSS") * 1024 * 1024 - residentBefore) / log->size() : 0;
    window.controller()->shutDown();
    return figures;
}

void print(const char *name, const Figures &f)
{
    std::printf("%-9s lateness p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms | %5.1f frames/s | %9.0f events/s | "
                "log %5.1f B/event, process %7.1f B/event\n",
        name, f.p50LateMs, f.p99LateMs, f.maxLateMs, f.framesPerSecond, f.eventsPerSecond, f.bytesPerEvent,
        f.rssPerEvent);
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
    const int seconds = argc > 1 ? std::max(1, atoi(argv[1])) : 10;

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
    std::printf("ratio flood/baseline: lateness p50 %.2fx, p99 %.2fx, frames/s %.2fx\n",
        baseline.p50LateMs > 0 ? flooded.p50LateMs / baseline.p50LateMs : 0.0,
        baseline.p99LateMs > 0 ? flooded.p99LateMs / baseline.p99LateMs : 0.0,
        baseline.framesPerSecond > 0 ? flooded.framesPerSecond / baseline.framesPerSecond : 0.0);
    return 0;
}
