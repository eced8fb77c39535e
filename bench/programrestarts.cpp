// How fast the supervisor restarts a real program that ends at once: /bin/true run as a worker (permanent, delay
// 0, one process group per incarnation, its notify socket and output capture) against a bare loop that starts
// /bin/true with QProcess and waits for it (the baseline, measured in the same run). Also the failure's way back:
// from a program's failure to its replacement saying READY=1.
// Measures; never gates. Pin it to one CPU (taskset -c 0) for figures that compare across runs.
#include "events/eventlog.h"
#include "runtime/supervisor.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;
using namespace SupervisorLab;

namespace {

constexpr int kSeconds = 3;

double bareStartsPerSecond()
{
    QElapsedTimer clock;
    clock.start();
    qint64 starts = 0;
    while (clock.elapsed() < kSeconds * 1000) {
        QProcess process;
        process.start(u"/bin/true"_s, {});
        process.waitForFinished(-1);
        ++starts;
    }
    return double(starts) / (double(clock.nsecsElapsed()) / 1e9);
}

// Runs `command` as a permanent worker with no restart delay for kSeconds; returns the finished log.
std::shared_ptr<const EventLog> supervise(const QStringList &command)
{
    SupervisorConfig config;
    config.workers = 1;
    config.delayMs = 0;
    config.durationMs = kSeconds * 1000;
    config.heartbeatTimeoutMs = 0;
    config.program.command = command;
    Supervisor supervisor(config);
    QObject::connect(&supervisor, &Supervisor::finished, qApp, &QCoreApplication::quit);
    supervisor.start();
    QCoreApplication::exec();
    return supervisor.log();
}

qint64 percentile(std::vector<qint64> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(p * double(values.size())))];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const double bare = bareStartsPerSecond();
    std::printf("baseline: QProcess start and wait of /bin/true: %.0f starts/s, %.2f ms each\n", bare, 1000.0 / bare);

    const auto completions = supervise({ u"/bin/true"_s });
    const double restarts = double(completions->counts().restarts) / kSeconds;
    std::printf("supervised /bin/true, permanent, delay 0: %.0f restarts/s, %.2f ms each (%.2fx the baseline's time)\n",
        restarts, 1000.0 / restarts, bare / restarts);

    // A program that fails at once after READY=1: failure to the replacement's readiness.
    const auto failures = supervise({ u"sh"_s, u"-c"_s,
        u"perl -MIO::Socket::UNIX -e 'IO::Socket::UNIX->new(Type => SOCK_DGRAM(), Peer => $ENV{NOTIFY_SOCKET})"
        "->send(\"READY=1\")'; exit 1"_s });
    std::vector<qint64> toStart;
    std::vector<qint64> toReady;
    qint64 failedUs = -1;
    for (const LifecycleEvent &event : failures->events()) {
        if (event.kind == EventKind::WorkerFailed)
            failedUs = event.tUs;
        else if (event.kind == EventKind::WorkerStarted && failedUs >= 0)
            toStart.push_back(event.tUs - failedUs);
        else if (event.kind == EventKind::WorkerReady && failedUs >= 0)
            toReady.push_back(event.tUs - failedUs);
    }
    std::printf("failure -> replacement started: p50 %lld us, p99 %lld us; -> its READY=1: p50 %.1f ms, p99 %.1f ms "
                "(%zu restarts; a READY=1 from perl takes a perl start)\n",
        qlonglong(percentile(toStart, 0.5)), qlonglong(percentile(toStart, 0.99)),
        double(percentile(toReady, 0.5)) / 1000.0, double(percentile(toReady, 0.99)) / 1000.0, toStart.size());
    return 0;
}
