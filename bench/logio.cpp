// How fast a log goes to a file and back: exports JSON Lines and CSV of a large virtual-time run (the baseline),
// imports them, replays them the way users do (`supervisor-lab --headless --replay FILE --quiet`, the whole
// process), and seeks a replay back to the start. Prints events per second and each figure's ratio to a baseline
// of the same run: the export of the same format, and a plain QFile::readLine loop over the same file for the
// importer's cost per line. Measures; never gates.
#include "analysis/replaycursor.h"
#include "events/eventlog.h"
#include "io/logexporter.h"
#include "io/logimporter.h"
#include "runtime/virtualruntime.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
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

// Reads every line of `path` with QFile::readLine and nothing else: the least any line reader can cost.
qint64 readEveryLine(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(path));
    qint64 lines = 0;
    while (!file.atEnd()) {
        if (file.readLine().isNull())
            break;
        ++lines;
    }
    return lines;
}

// The command line's replay of `path`, start to exit, as a user runs it.
void replayOnTheCommandLine(const QString &path)
{
    QProcess replay;
    replay.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    replay.start(QStringLiteral(SUPERVISOR_LAB_BINARY), { u"--headless"_s, u"--replay"_s, path, u"--quiet"_s });
    if (!replay.waitForFinished(-1) || replay.exitStatus() != QProcess::NormalExit || replay.exitCode() != 0)
        qFatal("the replay of %s failed", qPrintable(path));
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
        qint64 lines = 0;
        const double readLineSeconds = bestOf(rounds, [&] { lines = readEveryLine(path); });
        const double replaySeconds = bestOf(rounds, [&] { replayOnTheCommandLine(path); });
        const double megabytes = double(QFileInfo(path).size()) / 1e6;
        std::printf("%-9s %7.1f MB  export %9.0f events/s  import %9.0f events/s (%.2f× the export's time)\n",
            qPrintable(name), megabytes, events / exportSeconds, events / importSeconds, importSeconds / exportSeconds);
        std::printf("          per line: import %.2f µs, a plain QFile::readLine loop %.3f µs (%.1f×)\n",
            importSeconds * 1e6 / double(lines), readLineSeconds * 1e6 / double(lines),
            importSeconds / readLineSeconds);
        std::printf("          --headless --replay %s --quiet: %.2f s, %9.0f events/s (%.2f× the import's time)\n",
            qPrintable(name), replaySeconds, events / replaySeconds, replaySeconds / importSeconds);
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
