// What one paint of the timeline costs when the run holds a million events: the real TimelineView, shown at
// 1600×900 (offscreen), repainted zoomed fully out and zoomed into one second. Each figure is set against the
// same view painting a tiny run of the same workers, measured in the same process. Measures; never gates.
#include "events/eventlog.h"
#include "processstatus.h"
#include "runtime/virtualruntime.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelineview.h"

#include <QApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;
using namespace SupervisorLab;

namespace {

constexpr qint64 kSecondUs = 1'000'000;

struct Paints
{
    double p50Ms = 0;
    double minMs = 0;
    int items = 0;
};

std::shared_ptr<const EventLog> runFor(qint64 durationMs)
{
    SupervisorConfig config;
    config.workers = 32;
    config.failureRate = 0.9;
    config.workMinMs = 0;
    config.workMaxMs = 20;
    config.delayMs = 1;
    config.durationMs = durationMs;
    config.failureMode = FailureMode::Exception;
    config.virtualTime = true;
    config.seed = 11;
    VirtualRuntime runtime(config);
    runtime.run();
    return runtime.log();
}

// Repaints the shown view `rounds` times, each paint synchronous: what a frame of the window spends on it.
Paints measure(TimelineView &view, int rounds)
{
    std::vector<double> ms;
    for (int i = 0; i < rounds; ++i) {
        QElapsedTimer timer;
        timer.start();
        view.viewport()->repaint();
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return { ms[ms.size() / 2], ms.front(), view.itemsPainted() };
}

struct Zooms
{
    Paints out;
    Paints oneSecond;
};

Zooms paintRun(const std::shared_ptr<const EventLog> &log, int rounds)
{
    TimelineModel model;
    model.setLog(log);
    TimelineView view;
    view.setModel(&model);
    view.resize(1600, 900);
    view.show();
    view.setNow(log->lastTimeUs());
    QApplication::processEvents();

    Zooms zooms;
    view.zoomToFit();
    zooms.out = measure(view, rounds);
    const qint64 middle = log->lastTimeUs() / 2;
    view.setAxis(view.axis().showing(middle, middle + kSecondUs));
    zooms.oneSecond = measure(view, rounds);
    return zooms;
}

void print(const char *name, const Paints &paints, const Paints &baseline)
{
    std::printf("%-22s p50 %7.2f ms  min %7.2f ms  (%6d items) | ratio to baseline: p50 %5.2fx  min %5.2fx\n", name,
        paints.p50Ms, paints.minMs, paints.items, baseline.p50Ms > 0 ? paints.p50Ms / baseline.p50Ms : 0.0,
        baseline.minMs > 0 ? paints.minMs / baseline.minMs : 0.0);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(30, atoi(argv[1])) : 30;

    QElapsedTimer timer;
    timer.start();
    const auto big = runFor(120'000);
    const double runSeconds = double(timer.nsecsElapsed()) / 1e9;
    const auto tiny = runFor(50);
    {
        const double residentBefore = processStatusMegabytes("VmRSS");
        timer.restart();
        TimelineModel model;
        model.setLog(big);
        const double indexMegabytes = processStatusMegabytes("VmRSS") - residentBefore;
        std::printf("run: %lld events, 32 workers, %.1f s of run time (simulated in %.1f s, indexed in %.0f ms)\n",
            qint64(big->size()), double(big->lastTimeUs()) / kSecondUs, runSeconds, double(timer.nsecsElapsed()) / 1e6);
        // What a picture of a whole run costs beside its log (TimelinePicture::kIndexBytesPerEvent allows for it).
        const double indexBytesPerEvent = indexMegabytes * 1024 * 1024 / double(big->size());
        std::printf("index: %.0f bytes per event, resident (the log's own: %zu; ratio %.2fx)\n", indexBytesPerEvent,
            sizeof(StoredEvent), indexBytesPerEvent / double(sizeof(StoredEvent)));
    }
    std::printf("baseline: the same view painting a run of %lld events; view 1600x900, %d paints each\n",
        qint64(tiny->size()), rounds);

    const Zooms baseline = paintRun(tiny, rounds);
    const Zooms flood = paintRun(big, rounds);
    print("baseline, fitted", baseline.out, baseline.out);
    print("baseline, 1 s", baseline.oneSecond, baseline.oneSecond);
    print("1M events, fitted", flood.out, baseline.out);
    print("1M events, 1 s", flood.oneSecond, baseline.oneSecond);
    return 0;
}
