// How long the window takes from process start to its first painted frame: starts the real supervisor-lab
// (offscreen, with a fresh home, so no saved window state) and a bare Qt Widgets program as the baseline, each
// several times, taking the monotonic clock before QProcess starts the child; the child prints the monotonic
// time of its first frame (--report-first-frame). Measures; never gates.
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// Milliseconds from just before the start of `program` to its first painted frame; negative if it failed.
double startupMs(const QString &program, const QStringList &arguments)
{
    QTemporaryDir home;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    environment.insert(u"HOME"_s, home.path());
    environment.remove(u"XDG_CONFIG_HOME"_s);
    environment.remove(u"XDG_CACHE_HOME"_s);
    environment.remove(u"XDG_DATA_HOME"_s);
    QDir(home.path()).mkdir(u"runtime"_s);
    QFile::setPermissions(
        home.filePath(u"runtime"_s), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    environment.insert(u"XDG_RUNTIME_DIR"_s, home.filePath(u"runtime"_s));
    environment.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent"_s);

    QProcess process;
    process.setProcessEnvironment(environment);
    const auto started = std::chrono::steady_clock::now();
    process.start(program, arguments);
    if (!process.waitForFinished(60'000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        std::fprintf(stderr, "%s\n", process.readAllStandardError().constData());
        return -1;
    }
    for (const QByteArray &line : process.readAllStandardOutput().split('\n')) {
        if (line.startsWith("first-frame ")) {
            const std::chrono::nanoseconds painted(line.mid(12).toLongLong());
            return std::chrono::duration<double, std::milli>(painted - started.time_since_epoch()).count();
        }
    }
    return -1;
}

struct Figures
{
    double medianMs = 0;
    double minMs = 0;
};

Figures figuresOf(std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    return { ms[ms.size() / 2], ms.front() };
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(10, atoi(argv[1])) : 10;
    const QString appBinary = QStringLiteral(SUPERVISOR_LAB_BINARY);
    const QString baselineBinary = QStringLiteral(STARTUP_BASELINE_BINARY);

    std::vector<double> appMs;
    std::vector<double> baselineMs;
    // Alternating, so that whatever else the machine does falls on both alike.
    for (int round = 0; round < rounds; ++round) {
        const double baseline = startupMs(baselineBinary, {});
        const double window = startupMs(appBinary, { u"--report-first-frame"_s });
        if (baseline < 0 || window < 0) {
            std::fprintf(stderr, "bench_startup: a child did not report its first frame\n");
            return 1;
        }
        baselineMs.push_back(baseline);
        appMs.push_back(window);
    }
    const Figures baseline = figuresOf(baselineMs);
    const Figures window = figuresOf(appMs);
    std::printf("process start to first painted frame, offscreen, fresh home, %d runs each\n", rounds);
    std::printf("baseline (bare QWidget)  median %7.1f ms  min %7.1f ms\n", baseline.medianMs, baseline.minMs);
    std::printf("supervisor-lab window    median %7.1f ms  min %7.1f ms | ratio to baseline: median %.2fx  min %.2fx\n",
        window.medianMs, window.minMs, window.medianMs / baseline.medianMs, window.minMs / baseline.minMs);
    return 0;
}
