#include "headlessrunner.h"

#include "analysis/explorationexport.h"
#include "analysis/explorer.h"
#include "analysis/loginvariants.h"
#include "events/eventlog.h"
#include "explorationreport.h"
#include "io/logexporter.h"
#include "io/logimporter.h"
#include "pitfallreport.h"
#include "runtime/memorylimit.h"
#include "runtime/supervisor.h"
#include "runtime/virtualruntime.h"
#include "teaching/durationtext.h"
#include "teaching/explainer.h"
#include "teaching/narrator.h"
#include "teaching/pitfallcomparison.h"
#include "teaching/pitfalltally.h"
#include "timeline/timelinepicture.h"

#include <QCoreApplication>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

// Whether the run's root supervisor gave up: that ends the run (exit 3); a nested one's give-up is its parent's to
// answer. The root's give-up comes near the end of the log, after it only the stops it asks for.
bool rootGaveUp(const EventLog &log)
{
    if (log.count(EventKind::SupervisorGaveUp) == 0)
        return false;
    for (qsizetype i = log.size() - 1; i >= log.firstIndex(); --i) {
        if (log.kindAt(i) == EventKind::SupervisorGaveUp && log.withoutReasonAt(i).supervisorIndex == 0)
            return true;
    }
    return false;
}

std::atomic<int> g_interrupts { 0 };
// Enough runs for the odds of each pitfall to show; they take a few milliseconds in virtual time.
constexpr int kComparedSeeds = 200;
// Events a threaded run that exports nothing keeps in memory: two megabytes.
constexpr qsizetype kRetainedEventsWithoutExport = 1 << 16;

void onInterrupt(int)
{
    g_interrupts.fetch_add(1);
}

// While it lives, Ctrl+C and TERM are counted instead of ending the process, so that a run can stop as it should
// and still write its export; the count starts at 0.
class Interrupts
{
public:
    Interrupts()
    {
        g_interrupts.store(0);
        std::signal(SIGINT, onInterrupt);
        std::signal(SIGTERM, onInterrupt);
    }
    ~Interrupts()
    {
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
    }
    Interrupts(const Interrupts &) = delete;
    Interrupts &operator=(const Interrupts &) = delete;

    int count() const { return g_interrupts.load(); }
};

// The first Ctrl+C stops a run gracefully; the second abandons the workers that have not stopped yet. Each is
// acted on once, and said on standard error (standard output tells the run).
void answerInterrupts(const Interrupts &interrupts, int &answered, const std::function<void()> &stop,
    const std::function<void()> &stopNow)
{
    const int seen = std::min(interrupts.count(), 2);
    if (seen > answered && answered == 0) {
        QTextStream(stderr) << "supervisor-lab: "
                            << QCoreApplication::translate("HeadlessRunner",
                                   "stopping: the workers are asked to stop; press Ctrl+C again to abandon those that "
                                   "have not stopped")
                            << Qt::endl;
        stop();
    }
    if (seen == 2 && answered < 2) {
        QTextStream(stderr) << "supervisor-lab: "
                            << QCoreApplication::translate(
                                   "HeadlessRunner", "abandoning the workers that have not stopped")
                            << Qt::endl;
        stopNow();
    }
    answered = std::max(answered, seen);
}

} // namespace

HeadlessRunner::HeadlessRunner(const SupervisorConfig &config, const QString &exportPath, Telling telling)
    : m_config(config)
    , m_exportPath(exportPath)
    , m_telling(telling)
    , m_out(stdout)
{
}

int HeadlessRunner::run()
{
    if (!m_replayPath.isEmpty())
        return runReplay();
    if (!m_explorePath.isEmpty())
        return runExploration();
    if (m_compareWithArticle)
        return runComparison();
    return m_config.virtualTime ? runVirtual() : runThreaded();
}

int HeadlessRunner::runComparison()
{
    const PitfallComparison comparison = PitfallComparison::run(m_config);
    if (m_telling != Telling::Quiet) {
        PitfallReport::write(m_out, comparison, PitfallTally::over(m_config, kComparedSeeds));
        m_out.flush();
    }
    return finish(comparison.lab().log);
}

std::function<QString(const LifecycleEvent &)> HeadlessRunner::makeTeller() const
{
    if (m_telling == Telling::Explain) {
        return [explainer = std::make_shared<Explainer>()](
                   const LifecycleEvent &event) { return explainer->explain(event); };
    }
    return [narrator = std::make_shared<Narrator>()](const LifecycleEvent &event) { return narrator->narrate(event); };
}

void HeadlessRunner::tell(const std::function<QString(const LifecycleEvent &)> &teller, const LifecycleEvent &event)
{
    //: When an event happened, in seconds since the run started: %1 is the number ("12.345").
    m_out << tr("%1s").arg(readingLocale().toString(double(event.tUs) / 1e6, 'f', 3)).rightJustified(10) << "  "
          << teller(event) << '\n';
}

int HeadlessRunner::runVirtual()
{
    const Interrupts interrupts;
    VirtualRuntime runtime(m_config);
    EventLog &log = *runtime.log();
    // Told as the run goes; unless something reads the whole log at the end, only the latest events are kept.
    if (keepsEveryEvent())
        runtime.setEventLimit(eventLimit());
    const auto teller = makeTeller();
    qsizetype told = 0;
    int answered = 0;
    while (runtime.step()) {
        for (; told < log.size() && m_telling != Telling::Quiet; ++told)
            tell(teller, log.at(told));
        told = log.size();
        if (!keepsEveryEvent() && told - log.firstIndex() > 2 * kRetainedEventsWithoutExport)
            log.discardBefore(told - kRetainedEventsWithoutExport);
        answerInterrupts(
            interrupts, answered, [&] { runtime.requestStop(); }, [&] { runtime.stopNow(); });
    }
    for (; told < log.size() && m_telling != Telling::Quiet; ++told)
        tell(teller, log.at(told));
    m_out.flush();
    return finish(runtime.log(), runtime.reachedEventLimit());
}

int HeadlessRunner::runReplay()
{
    QString error;
    const std::shared_ptr<const EventLog> log = LogImporter::load(m_replayPath, &error, eventLimit());
    if (!log) {
        QTextStream(stderr) << "supervisor-lab: " << error << Qt::endl;
        return BadInput;
    }
    if (m_telling != Telling::Quiet) {
        const auto teller = makeTeller();
        for (qsizetype i = 0; i < log->size(); ++i)
            tell(teller, log->at(i));
        if (log->count(EventKind::RunFinished) == 0)
            m_out << tr("The log ends before run_finished: it was exported while the run went on.") << '\n';
        // A recording may come from elsewhere: say which of the rules every run keeps it breaks.
        const QStringList broken = LogInvariants::check(*log);
        if (!broken.isEmpty())
            //: Followed by the rules broken, one a line.
            m_out << tr("This log breaks %n rule(s) that every run keeps:", nullptr, int(broken.size())) << "\n  "
                  << broken.join(u"\n  "_s) << '\n';
        m_out.flush();
    }
    return finish(log);
}

int HeadlessRunner::runExploration()
{
    QString error;
    const std::optional<ExplorationSpec> spec = ExplorationSpec::load(m_explorePath, &error);
    if (!spec) {
        QTextStream(stderr) << "supervisor-lab: " << error << Qt::endl;
        return BadInput;
    }
    // Ctrl+C (or a TERM) cancels: the runs under way stop at their next step; nothing is printed or written.
    const Interrupts interrupts;

    Explorer explorer;
    explorer.setThreadCount(m_exploreThreads);
    std::optional<ExplorationResult> result;
    int done = 0;
    QTextStream err(stderr);
    // Progress only where someone watches it: on a terminal, rewritten in place.
    const bool showProgress = m_telling != Telling::Quiet && ::isatty(STDERR_FILENO);
    QObject::connect(&explorer, &Explorer::progress, &explorer, [&](int runsDone, int total) {
        done = runsDone;
        if (showProgress)
            err << u'\r' << tr("%1 of %n runs", nullptr, total).arg(runsDone) << Qt::flush;
    });
    QObject::connect(&explorer, &Explorer::finished, &explorer, [&](const ExplorationResult &finished) {
        result = finished;
        QCoreApplication::quit();
    });
    QObject::connect(&explorer, &Explorer::cancelled, QCoreApplication::instance(), &QCoreApplication::quit);
    QString outgrown;
    QObject::connect(&explorer, &Explorer::failed, &explorer, [&](const QString &why) {
        outgrown = why;
        QCoreApplication::quit();
    });
    QTimer interruptWatch;
    QObject::connect(&interruptWatch, &QTimer::timeout, &explorer, [&] {
        if (interrupts.count() > 0)
            explorer.cancel();
    });
    interruptWatch.start(50);
    explorer.start(*spec);
    QCoreApplication::exec();
    if (showProgress)
        err << "\r\x1b[K" << Qt::flush;

    if (!outgrown.isEmpty()) {
        //: %1 is what outgrew the memory limit ("the exploration outgrew the memory limit (...)").
        err << "supervisor-lab: "
            << tr("%1; nothing written. Fewer seeds or a shorter horizon need less, or give --memory-limit more")
                   .arg(outgrown)
            << Qt::endl;
        return OutOfMemory;
    }
    if (!result) {
        err << "supervisor-lab: "
            << tr("exploration cancelled after %1 of %n runs; nothing written", nullptr, int(spec->runCount()))
                   .arg(done)
            << Qt::endl;
        return Interrupted;
    }
    if (m_telling != Telling::Quiet) {
        ExplorationReport::write(m_out, *result);
        m_out.flush();
    }
    if (!m_exportPath.isEmpty() && !ExplorationExport::save(*result, m_exportPath, &error)) {
        err << "supervisor-lab: " << error << Qt::endl;
        return RunFailed;
    }
    return Success;
}

int HeadlessRunner::runThreaded()
{
    // Ctrl+C (or a TERM) stops the run gracefully: workers are asked to stop and the export is still written. A
    // second one abandons the workers still running, so a hung worker with a long shutdown timeout cannot hold the
    // run; further ones wait for the export.
    const Interrupts interrupts;
    Supervisor supervisor(m_config);
    // Nothing reads the log after the run unless it is exported: then a run of hours needs no more memory than
    // a run of seconds. Else it keeps every event, as many as the memory limit allows.
    if (keepsEveryEvent())
        supervisor.setEventLimit(eventLimit());
    else
        supervisor.setRetainedEvents(kRetainedEventsWithoutExport);
    const auto teller = makeTeller();
    if (m_telling != Telling::Quiet) { // unconnected, the supervisor skips turning stored events into signal values
        QObject::connect(&supervisor, &Supervisor::eventRecorded, &supervisor, [&](const LifecycleEvent &event) {
            tell(teller, event);
            m_out.flush();
        });
    }
    QObject::connect(&supervisor, &Supervisor::finished, QCoreApplication::instance(), &QCoreApplication::quit);
    QTimer interruptWatch;
    int answered = 0;
    QObject::connect(&interruptWatch, &QTimer::timeout, &supervisor, [&] {
        answerInterrupts(
            interrupts, answered, [&] { supervisor.stop(); }, [&] { supervisor.stopNow(); });
    });
    interruptWatch.start(50);
    supervisor.start();
    QCoreApplication::exec();
    return finish(supervisor.log(), supervisor.reachedEventLimit());
}

qint64 HeadlessRunner::eventLimit() const
{
    const qint64 bytesPerEvent
        = qint64(sizeof(StoredEvent)) + (m_imagePath.isEmpty() ? 0 : TimelinePicture::kIndexBytesPerEvent);
    return MemoryLimit::bytes() / bytesPerEvent;
}

int HeadlessRunner::finish(const std::shared_ptr<const EventLog> &log, bool reachedEventLimit)
{
    QTextStream err(stderr);
    QString error;
    if (!m_exportPath.isEmpty() && !LogExporter::save(*log, m_exportPath, &error)) {
        err << "supervisor-lab: " << error << Qt::endl;
        return RunFailed;
    }
    // The log was held to what the memory limit leaves a picture's index, whether run or read from a file.
    if (!m_imagePath.isEmpty() && !TimelinePicture::saveWholeRun(log, m_imagePath, m_imageWidth, &error)) {
        err << "supervisor-lab: " << error << Qt::endl;
        return RunFailed;
    }
    if (reachedEventLimit) {
        //: %1 is the file the log is exported to.
        const QString kept = m_exportPath.isEmpty() ? QString() : tr("; %1 holds it up to there").arg(m_exportPath);
        //: %1 is the memory limit ("512 MB"), %2 how many events it holds, %3 when the run stopped in seconds, %4
        //: where the log is kept or nothing.
        err << "supervisor-lab: "
            << tr("the run's events reached the memory limit (%1: %2 events) at %3 s, and the run was stopped there%4. "
                  "Give --memory-limit more, or a shorter --duration")
                   .arg(MemoryLimit::text(MemoryLimit::bytes()), QString::number(eventLimit()),
                       readingLocale().toString(double(log->lastTimeUs()) / 1e6, 'f', 3), kept)
            << Qt::endl;
        return OutOfMemory;
    }
    return rootGaveUp(*log) ? GaveUp : Success;
}

} // namespace SupervisorLab
