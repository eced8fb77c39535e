// How fast a log goes to a file and back: exports JSON Lines and CSV of a large virtual-time run (the baseline),
// imports them, and seeks a replay of it back to the start. Prints events per second and each figure's ratio to
// the export of the same format, measured in the same run. Measures; never gates.
#include "eventlog.h"
#include "logexporter.h"
#include "logimporter.h"
#include "replaycursor.h"
#include "virtualruntime.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace Qt::StringLiterals;
using namespace SupervisorLab;

namespace {

// The best of `rounds` timings, in seconds: the least disturbed by the other tenants of a shared machine.
double bestOf(int rounds, const std::function<void()> &work)
{
    double best = 1e9;
    for (int i = 0; i < rounds; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        best = std::min(best, double(timer.nsecsElapsed()) / 1e9);
    }
    return best;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, atoi(argv[1])) : 3;

    SupervisorConfig config;
    config.workers = 32;
    config.failureRate = 0.7;
    config.workMinMs = 1;
    config.workMaxMs = 20;
    config.delayMs = 5;
    config.durationMs = 100'000;
    config.failureMode = FailureMode::Exception;
    config.virtualTime = true;
    config.seed = 7;
    VirtualRuntime runtime(config);
    runtime.run();
    const EventLog &log = *runtime.log();
    const double events = double(log.size());
    std::printf("log: %lld events from a 32-worker virtual-time run; best of %d rounds\n", qint64(log.size()), rounds);

    QTemporaryDir dir;
    for (const QString &name : { u"run.jsonl"_s, u"run.csv"_s }) {
        const QString path = dir.filePath(name);
        QString error;
        const double exportSeconds = bestOf(rounds, [&] {
            if (!LogExporter::save(log, path, &error))
                qFatal("export failed: %s", qPrintable(error));
        });
        std::shared_ptr<EventLog> back;
        const double importSeconds = bestOf(rounds, [&] {
            back = LogImporter::load(path, &error);
            if (!back)
                qFatal("import failed: %s", qPrintable(error));
        });
        const double megabytes = double(QFileInfo(path).size()) / 1e6;
        std::printf("%-9s %7.1f MB  export %9.0f events/s  import %9.0f events/s (%.2f× the export's time)\n",
            qPrintable(name), megabytes, events / exportSeconds, events / importSeconds, importSeconds / exportSeconds);
    }

    // A replay seeking from the end back to the start and to the end again copies every event into a fresh log.
    const auto recording = runtime.log();
    const double exportSeconds = bestOf(rounds, [&] {
        QString error;
        LogExporter::save(log, dir.filePath(u"baseline.jsonl"_s), &error);
    });
    const double seekSeconds = bestOf(rounds, [&] {
        ReplayCursor cursor(recording);
        cursor.moveTo(recording->lastTimeUs());
        cursor.moveTo(recording->lastTimeUs() / 2);
    });
    std::printf("replay    seek to the end, then back to the middle: %.0f ms (%.2f× the JSON Lines export's time)\n",
        seekSeconds * 1e3, seekSeconds / exportSeconds);
    return 0;
}
