// What a recorded event costs in memory: a virtual-time run records ten million events, and the bench prints the
// log's bytes per event and the whole process's peak resident memory. The baseline, measured in the same run, is
// the plain way of keeping the same events: a QList<LifecycleEvent> of the first million of them. Then how fast
// threads append, against a plain vector under a mutex.
// Measures; never gates.
#include "events/eventlog.h"
#include "processstatus.h"
#include "runtime/virtualruntime.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using namespace SupervisorLab;

namespace {

// Appends `perThread` worker events from each of `threads` threads at once; returns events per second.
double appendRate(int threads, int perThread)
{
    EventLog log;
    std::vector<std::thread> writers;
    QElapsedTimer timer;
    timer.start();
    for (int worker = 0; worker < threads; ++worker) {
        writers.emplace_back([&log, worker, perThread] {
            for (int i = 1; i <= perThread; ++i)
                log.record(LifecycleEvent::forWorker(EventKind::WorkerFailed, worker, quint32(i), u"error"_s), i);
        });
    }
    for (std::thread &writer : writers)
        writer.join();
    return double(threads) * perThread / (double(timer.nsecsElapsed()) / 1e9);
}

// The same events pushed onto a plain vector under a mutex: the least an appender from many threads can cost.
double plainAppendRate(int threads, int perThread)
{
    std::mutex mutex;
    std::vector<StoredEvent> events;
    std::vector<std::thread> writers;
    QElapsedTimer timer;
    timer.start();
    for (int worker = 0; worker < threads; ++worker) {
        writers.emplace_back([&, worker] {
            for (int i = 1; i <= perThread; ++i) {
                StoredEvent event;
                event.tUs = i;
                event.worker = uint32_t(worker);
                event.incarnation = uint32_t(i);
                std::lock_guard lock(mutex);
                events.push_back(event);
            }
        });
    }
    for (std::thread &writer : writers)
        writer.join();
    return double(threads) * perThread / (double(timer.nsecsElapsed()) / 1e9);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const qint64 wanted = argc > 1 ? std::max(1'000'000LL, atoll(argv[1])) : 10'000'000LL;

    SupervisorConfig config;
    config.workers = 1;
    config.failureRate = 1;
    config.workMinMs = config.workMaxMs = 0;
    config.delayMs = 0;
    config.failureMode = FailureMode::Exception; // every failure carries a reason
    config.virtualTime = true;
    config.durationMs = wanted / 3 / 1000 + 1; // three events per restart, a restart per virtual microsecond

    const double residentBefore = processStatusMegabytes("VmRSS");
    VirtualRuntime runtime(config);
    runtime.run();
    const EventLog &log = *runtime.log();
    const double events = double(log.size());
    const double peak = processStatusMegabytes("VmHWM");
    const double perEvent = double(log.memoryBytes()) / events;
    std::printf("event log: %.0f events, %.1f bytes each (%zu-byte records, strings interned)\n", events, perEvent,
        sizeof(StoredEvent));
    std::printf("process:   %.1f MB resident before the run, %.1f MB at its peak (%.1f bytes per event)\n",
        residentBefore, peak, (peak - residentBefore) * 1024 * 1024 / events);

    const qsizetype sample = 1'000'000;
    const double residentBeforeList = processStatusMegabytes("VmRSS");
    const QList<LifecycleEvent> plain = log.events(0, sample);
    const double plainPerEvent
        = (processStatusMegabytes("VmRSS") - residentBeforeList) * 1024 * 1024 / double(plain.size());
    std::printf("baseline:  QList<LifecycleEvent> of the first %lld events: %.1f bytes each; the log takes %.2fx "
                "that\n",
        qint64(plain.size()), plainPerEvent, perEvent / plainPerEvent);

    for (const int threads : { 1, 4 }) {
        const int perThread = 4'000'000 / threads;
        const double plain = plainAppendRate(threads, perThread);
        const double ours = appendRate(threads, perThread);
        std::printf("append from %d thread(s): %5.1f M events/s; a vector under a mutex %5.1f M/s (%.2fx its time)\n",
            threads, ours / 1e6, plain / 1e6, plain / ours);
    }
    return 0;
}
