#include "headlessrunner.h"

#include "eventlog.h"
#include "explainer.h"
#include "logexporter.h"
#include "narrator.h"
#include "pitfallcomparison.h"
#include "pitfallreport.h"
#include "pitfalltally.h"
#include "supervisor.h"
#include "virtualruntime.h"

#include <QCoreApplication>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

std::atomic<bool> g_interrupted { false };
// Enough runs for the odds of each pitfall to show; they take a few milliseconds in virtual time.
constexpr int kComparedSeeds = 200;

void onInterrupt(int)
{
    g_interrupted.store(true);
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
    return finish(*comparison.lab().log);
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
    m_out << QString::asprintf("%9.3fs  ", double(event.tUs) / 1e6) << teller(event) << '\n';
}

int HeadlessRunner::runVirtual()
{
    VirtualRuntime runtime(m_config);
    runtime.run();
    const auto teller = makeTeller();
    const EventLog &log = *runtime.log();
    for (qsizetype i = 0; i < log.size() && m_telling != Telling::Quiet; ++i)
        tell(teller, log.at(i));
    m_out.flush();
    return finish(log);
}

int HeadlessRunner::runThreaded()
{
    // Ctrl+C (or a TERM) stops the run gracefully: workers are asked to stop and the export is still written.
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);

    Supervisor supervisor(m_config);
    const auto teller = makeTeller();
    if (m_telling != Telling::Quiet) { // unconnected, the supervisor skips turning stored events into signal values
        QObject::connect(&supervisor, &Supervisor::eventRecorded, &supervisor, [&](const LifecycleEvent &event) {
            tell(teller, event);
            m_out.flush();
        });
    }
    QObject::connect(&supervisor, &Supervisor::finished, QCoreApplication::instance(), &QCoreApplication::quit);
    QTimer interruptWatch;
    QObject::connect(&interruptWatch, &QTimer::timeout, &supervisor, [&] {
        if (g_interrupted.exchange(false))
            supervisor.stop();
    });
    interruptWatch.start(50);
    supervisor.start();
    QCoreApplication::exec();

    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    return finish(*supervisor.log());
}

int HeadlessRunner::finish(const EventLog &log)
{
    if (!m_exportPath.isEmpty()) {
        QString error;
        if (!LogExporter::save(log, m_exportPath, &error)) {
            QTextStream(stderr) << "supervisor-lab: " << error << Qt::endl;
            return RunFailed;
        }
    }
    return log.count(EventKind::SupervisorGaveUp) > 0 ? GaveUp : Success;
}

} // namespace SupervisorLab
