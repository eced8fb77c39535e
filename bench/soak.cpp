// A long run under load: 16 workers failing at a high rate with no restart delay, on real threads, every event
// delivered as a signal, the log keeping only its latest events. Samples the process each interval and prints its
// resident memory, threads and open files, then whether any of them grew. Measures; never gates.
//   bench_soak [MINUTES=30] [RETAINED_EVENTS=1000000]
#include "events/eventlog.h"
#include "processstatus.h"
#include "runtime/supervisor.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;
using namespace SupervisorLab;

namespace {

struct Sample
{
    double minutes = 0;
    qint64 eventsRecorded = 0;
    qint64 eventsHeld = 0;
    double logMegabytes = 0;
    double residentMegabytes = 0;
    int threads = 0;
    int openFiles = 0;
};

int entriesIn(const QString &directory)
{
    return int(QDir(directory).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System).size());
}

void print(const Sample &sample)
{
    std::printf("%6.1f min  %12lld events  %9lld held  log %6.1f MB  resident %7.1f MB  %3d threads  %3d files\n",
        sample.minutes, sample.eventsRecorded, sample.eventsHeld, sample.logMegabytes, sample.residentMegabytes,
        sample.threads, sample.openFiles);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const double minutes = argc > 1 ? std::max(0.1, atof(argv[1])) : 30.0;
    const qsizetype retained = argc > 2 ? std::max<qsizetype>(1, atoll(argv[2])) : 1'000'000;

    SupervisorConfig config;
    config.workers = 16;
    config.failureRate = 0.9;
    config.failureMode = FailureMode::Mixed; // errors, exceptions and hangs caught by the heartbeat
    config.workMinMs = 0;
    config.workMaxMs = 0;
    config.delayMs = 0;
    config.heartbeatTimeoutMs = 5;
    config.shutdownTimeoutMs = 200;
    config.durationMs = qint64(minutes * 60'000);
    std::printf("soak: %d workers, failure rate %.1f (%s), work %lld-%lld ms, delay %lld ms, heartbeat %lld ms, for "
                "%.1f min; the log keeps the latest %lld events\n",
        config.workers, config.failureRate, qPrintable(nameOf(config.failureMode)), config.workMinMs, config.workMaxMs,
        config.delayMs, config.heartbeatTimeoutMs, minutes, qint64(retained));

    Supervisor supervisor(config);
    supervisor.setRetainedEvents(retained);
    qint64 signalled = 0;
    QObject::connect(&supervisor, &Supervisor::eventRecorded, &supervisor, [&] { ++signalled; });
    QObject::connect(&supervisor, &Supervisor::finished, &app, &QCoreApplication::quit);

    std::vector<Sample> samples;
    QElapsedTimer clock;
    const auto sample = [&] {
        const EventLog &log = *supervisor.log();
        Sample taken { double(clock.elapsed()) / 60'000.0, log.size(), log.size() - log.firstIndex(),
            double(log.memoryBytes()) / 1e6, processStatusMegabytes("VmRSS"), entriesIn(u"/proc/self/task"_s),
            entriesIn(u"/proc/self/fd"_s) };
        samples.push_back(taken);
        print(taken);
    };
    QTimer sampler;
    sampler.setInterval(minutes >= 5 ? 60'000 : 6'000);
    QObject::connect(&sampler, &QTimer::timeout, sample);
    clock.start();
    supervisor.start();
    sampler.start();
    QCoreApplication::exec();
    sample();

    const EventLog &log = *supervisor.log();
    if (signalled != log.size())
        std::printf("MISMATCH: %lld events recorded, %lld signalled\n", qint64(log.size()), signalled);
    const RunCounts counts = log.counts();
    std::printf("run: %lld restarts, %lld failures, %lld events, %.0f events/s; all signalled: %s\n", counts.restarts,
        counts.failures, qint64(log.size()), double(log.size()) / (double(clock.elapsed()) / 1000.0),
        signalled == log.size() ? "yes" : "no");
    if (samples.size() < 3)
        return 0;
    // From the first sample on (the pools and the log's blocks are full by then) to the end of the run.
    const Sample &first = samples.front();
    double mostResident = 0;
    int mostThreads = 0;
    int mostFiles = 0;
    for (const Sample &taken : samples) {
        mostResident = std::max(mostResident, taken.residentMegabytes);
        mostThreads = std::max(mostThreads, taken.threads);
        mostFiles = std::max(mostFiles, taken.openFiles);
    }
    const Sample &before = samples[samples.size() - 2]; // the last sample while the run was going
    std::printf("resident memory: %.1f MB at %.1f min, %.1f MB at %.1f min, at most %.1f MB (%.2fx the first)\n",
        first.residentMegabytes, first.minutes, before.residentMegabytes, before.minutes, mostResident,
        mostResident / first.residentMegabytes);
    std::printf("threads: %d at %.1f min, %d at %.1f min, at most %d; open files: %d, %d, at most %d\n", first.threads,
        first.minutes, before.threads, before.minutes, mostThreads, first.openFiles, before.openFiles, mostFiles);
    return 0;
}
