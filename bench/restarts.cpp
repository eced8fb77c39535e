// How fast the supervisor restarts a worker that fails at once: the threaded runtime against a bare Qt queued
// hand-off to a reused QThread (the baseline, measured in the same run), and the same policy in virtual time.
// One worker, failure rate 1, work 0, delay 0, every lifecycle event logged and emitted as a signal.
// Measures; never gates. Pin it to one CPU (taskset -c 0) for figures that compare across runs.
#include "events/eventlog.h"
#include "runtime/supervisor.h"
#include "runtime/virtualruntime.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;
using namespace SupervisorLab;

namespace {

struct Throughput
{
    double restartsPerSecond = 0;
    double usPerRestart() const { return restartsPerSecond > 0 ? 1e6 / restartsPerSecond : 0; }
};

// The supervisor's side stays in this thread, the worker's side in a reused QThread; each round trip is one
// "restart": the worker is handed its work, fails at once, and its supervisor hears of it.
Throughput measureQueuedHandOff(int milliseconds)
{
    QThread workerThread;
    QObject workerSide;
    workerSide.moveToThread(&workerThread);
    workerThread.start();
    QObject supervisorSide;

    qint64 roundTrips = 0;
    QElapsedTimer clock;
    std::function<void()> handOff;
    handOff = [&] {
        QMetaObject::invokeMethod(&workerSide, [&] {
            QMetaObject::invokeMethod(&supervisorSide, [&] {
                ++roundTrips;
                if (clock.elapsed() < milliseconds)
                    handOff();
                else
                    QCoreApplication::quit();
            });
        });
    };
    clock.start();
    handOff();
    QCoreApplication::exec();
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    workerThread.quit();
    workerThread.wait();
    return { double(roundTrips) / seconds };
}

SupervisorConfig failingAtOnce(qint64 durationMs)
{
    SupervisorConfig config;
    config.workers = 1;
    config.failureRate = 1;
    config.workMinMs = config.workMaxMs = 0;
    config.delayMs = 0;
    config.maxRestarts = SupervisorConfig::kUnlimited;
    config.durationMs = durationMs;
    return config;
}

double percentile(std::vector<qint64> values, double fraction)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return double(values[std::min(values.size() - 1, size_t(fraction * double(values.size())))]);
}

struct ThreadedFigures
{
    Throughput throughput;
    qint64 restarts = 0;
    qint64 events = 0;
    double p50LatencyUs = 0;
    double p99LatencyUs = 0;
};

ThreadedFigures measureThreaded(qint64 durationMs)
{
    Supervisor supervisor(failingAtOnce(durationMs));
    // When each incarnation began to run on its thread, by incarnation number, in the supervisor's clock.
    std::vector<qint64> enteredUs(size_t(durationMs) * 1000 + 2, -1);
    supervisor.setWorkerEntryHook([&](int, quint32 incarnation) {
        if (incarnation < enteredUs.size())
            enteredUs[incarnation] = supervisor.nowUs();
    });
    qint64 signalled = 0;
    QObject::connect(&supervisor, &Supervisor::eventRecorded, &supervisor, [&] { ++signalled; });
    QObject::connect(&supervisor, &Supervisor::finished, QCoreApplication::instance(), &QCoreApplication::quit);
    supervisor.start();
    QCoreApplication::exec();

    const EventLog &log = *supervisor.log();
    ThreadedFigures figures;
    figures.events = log.size();
    figures.restarts = log.counts().restarts;
    if (signalled != figures.events)
        qFatal("%lld events recorded, but %lld signalled", figures.events, signalled);

    qint64 firstStartUs = -1;
    qint64 lastStartUs = 0;
    std::vector<qint64> latencies;
    latencies.reserve(size_t(figures.restarts));
    for (qsizetype i = 0; i < log.size(); ++i) {
        const LifecycleEvent event = log.withoutReasonAt(i);
        if (event.kind == EventKind::WorkerStarted) {
            if (firstStartUs < 0)
                firstStartUs = event.tUs;
            lastStartUs = event.tUs;
        } else if (event.kind == EventKind::WorkerFailed && event.incarnation + 1 < enteredUs.size()) {
            const qint64 entered = enteredUs[event.incarnation + 1];
            if (entered >= 0)
                latencies.push_back(entered - event.tUs);
        }
    }
    figures.throughput.restartsPerSecond
        = lastStartUs > firstStartUs ? double(figures.restarts) / (double(lastStartUs - firstStartUs) / 1e6) : 0;
    figures.p50LatencyUs = percentile(latencies, 0.50);
    figures.p99LatencyUs = percentile(latencies, 0.99);
    return figures;
}

Throughput measureVirtual(qint64 durationMs, qint64 *restarts, qint64 *events)
{
    SupervisorConfig config = failingAtOnce(durationMs);
    config.virtualTime = true;
    double best = 0;
    for (int round = 0; round < 3; ++round) {
        VirtualRuntime runtime(config);
        QElapsedTimer timer;
        timer.start();
        runtime.run();
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        *restarts = runtime.log()->counts().restarts;
        *events = runtime.log()->size();
        best = std::max(best, double(*restarts) / seconds);
    }
    return { best };
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const qint64 durationMs = argc > 1 ? std::max(100, atoi(argv[1])) : 3000;
    // A second argument runs one part alone (for a profiler): baseline, threaded or virtual.
    const QByteArray only = argc > 2 ? QByteArray(argv[2]) : QByteArray();
    if (only == "threaded") {
        const ThreadedFigures threaded = measureThreaded(durationMs);
        std::printf(
            "threaded  %lld restarts  %.0f restarts/s\n", threaded.restarts, threaded.throughput.restartsPerSecond);
        return 0;
    }
    if (only == "virtual") {
        qint64 restarts = 0;
        qint64 events = 0;
        std::printf("virtual   %.0f restarts/s\n", measureVirtual(durationMs, &restarts, &events).restartsPerSecond);
        return 0;
    }

    std::printf("one worker failing at once: failure rate 1, work 0, delay 0, every event logged; on %d CPU(s)\n",
        QThread::idealThreadCount());
    const Throughput baseline = measureQueuedHandOff(int(durationMs));
    std::printf("baseline  Qt queued hand-off to a reused QThread  %9.0f round trips/s  %6.2f us each\n",
        baseline.restartsPerSecond, baseline.usPerRestart());

    const ThreadedFigures threaded = measureThreaded(durationMs);
    std::printf(
        "threaded  %lld restarts, %lld events in %.1f s   %9.0f restarts/s   %6.2f us each  (%.2fx the baseline's "
        "cost)\n",
        threaded.restarts, threaded.events, double(threaded.restarts) / threaded.throughput.restartsPerSecond,
        threaded.throughput.restartsPerSecond, threaded.throughput.usPerRestart(),
        threaded.throughput.usPerRestart() / baseline.usPerRestart());
    std::printf("          failure to the replacement's first instruction: p50 %.0f us  p99 %.0f us  (%.2fx / %.2fx "
                "the baseline's round trip)\n",
        threaded.p50LatencyUs, threaded.p99LatencyUs, threaded.p50LatencyUs / baseline.usPerRestart(),
        threaded.p99LatencyUs / baseline.usPerRestart());

    qint64 virtualRestarts = 0;
    qint64 virtualEvents = 0;
    const Throughput simulated = measureVirtual(durationMs, &virtualRestarts, &virtualEvents);
    std::printf("virtual   %lld restarts, %lld events (best of 3)        %9.0f restarts/s   %6.3f us each  (%.1fx the "
                "baseline's rate)\n",
        virtualRestarts, virtualEvents, simulated.restartsPerSecond, simulated.usPerRestart(),
        simulated.restartsPerSecond / baseline.restartsPerSecond);
    return 0;
}
